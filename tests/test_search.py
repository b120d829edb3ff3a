"""Search across everything: each kind of record is found, with or without accents, by prefix; hostile
queries are text; the index follows every write; the command line and the Ctrl+K dialog."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from sqlalchemy import delete, func, insert, select, text, update

from segib_desktop import cli, paths
from segib_desktop.core import search
from segib_desktop.core.db import Database
from segib_desktop.core.models import (
    ActionItem,
    Activity,
    ActivityKind,
    Body,
    BodyKind,
    Contact,
    Country,
    Document,
    DocumentKind,
    Mandate,
    MandateProgress,
    MandateStatus,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneCategory,
    Programme,
    Summit,
    new_uid,
)
from segib_desktop.core.services.summits import SummitService
from segib_desktop.gui.search import OPENS
from segib_desktop.i18n import to_roman

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines


def load_migration():
    path = paths.migrations_dir() / "versions" / "0007_search.py"
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_records(db) -> dict[str, int]:
    """One record of each kind, written through the ORM, with accents and capitals."""
    with db.session() as s:
        cadiz = s.scalar(select(Summit).where(Summit.number == 22))  # reference data: Cádiz 2012
        brazil = s.scalar(select(Country).where(Country.iso2 == "BR"))
        iberblh = s.scalar(select(Programme).where(Programme.code == "IberBLH"))
        meeting = Meeting(kind=MeetingKind.NATIONAL_COORDINATORS, number=3, city="São Paulo", country=brazil,
                          summit=cadiz, start_date=dt.date(2012, 6, 20), notes="Revisión del borrador.")
        document = Document(kind=DocumentKind.DECLARATION, number="1", title="Declaración de Cádiz",
                            summit=cadiz, adopted_on=dt.date(2012, 11, 17))
        mandate = Mandate(document=document, point="7", code="XXII-DEC-7", title="Movilidad académica",
                          text="Encomendar a la SEGIB una acción conjunta\nen educación superior.")
        progress = MandateProgress(mandate=mandate, entry_date=dt.date(2013, 2, 1), author="Lucía Pérez",
                                   text="Se firmó el convenio con la Universidad de Valladolid.")
        body = Body(acronym="FIIAPP", name_es="Fundación Internacional y para Iberoamérica de Administración "
                    "y Políticas Públicas", kind=BodyKind.NATIONAL, seat="Madrid")
        contact = Contact(name="Joaquín Muñoz", role="Director de Cooperación", body=body,
                          email="jmunoz@example.org")
        activity = Activity(kind=ActivityKind.LETTER, date=dt.date(2025, 3, 8),
                            subject="Carta sobre la Conferencia de Ministras de la Mujer",
                            summary="Invitación a la reunión de Ginebra.")
        milestone = Milestone(programme=iberblh, country=brazil, category=MilestoneCategory.BANK_OPENED,
                              title="Banco de leche de Florianópolis", planned_end=dt.date(2024, 6, 30))
        s.add_all([meeting, document, mandate, progress, body, contact, activity, milestone])
        s.flush()
        return {"summit": cadiz.id, "meeting": meeting.id, "document": document.id, "mandate": mandate.id,
                "progress": progress.id, "body": body.id, "contact": contact.id, "activity": activity.id,
                "milestone": milestone.id}


@pytest.fixture
def records(db) -> dict[str, int]:
    return add_records(db)


def found(db, query: str, **kw) -> list[tuple[str, int]]:
    return [(h.kind, h.record_id) for h in search.search(db, query, **kw)]


# --- finding each kind of record

@pytest.mark.parametrize(("kind", "queries"), [
    ("summit", ["cadiz", "CÁDIZ", "Cád", "XXII", "constitucion"]),
    ("meeting", ["sao paulo", "São Pau", "coordinadores nacionales sao", "borrador"]),
    ("document", ["declaracion de cadiz", "DECLARACIÓN", "decla"]),
    ("mandate", ["XXII-DEC-7", "xxii-dec", "movilidad academica", "accion conjunta", "educación superi"]),
    ("progress", ["valladolid", "universidad vallad", "lucia perez"]),
    ("body", ["fiiapp", "FIIA", "politicas publicas"]),
    ("contact", ["joaquin munoz", "Muñ", "jmunoz"]),
    ("activity", ["ministras mujer", "ginebra", "conferen"]),
    ("milestone", ["florianopolis", "leche florian"]),
])
def test_each_kind_is_found_with_and_without_accents_and_by_prefix(db, records, kind, queries):
    for query in queries:
        assert (kind, records[kind]) in found(db, query), query


def test_each_hit_names_its_record_and_says_how_to_open_it(db, records):
    expected = {
        "summit": ("cadiz", "summits", {"open_id": records["summit"]}, "XXII", "Cádiz 2012"),
        "meeting": ("sao paulo", "meetings", {"open_id": records["meeting"]}, "",
                    "III Reunión de Coordinadores Nacionales – São Paulo, 20/06/2012"),
        "document": ("declaracion", "meetings", {"open_document": records["document"]}, "1",
                     "Declaración de Cádiz"),
        "mandate": ("movilidad", "mandates", {"open_id": records["mandate"]}, "XXII-DEC-7", "Movilidad académica"),
        "progress": ("valladolid", "mandates", {"open_progress": records["mandate"]}, "XXII-DEC-7",
                     "Movilidad académica (01/02/2013)"),
        "body": ("fiiapp", "coordination", {"body_id": records["body"]}, "FIIAPP",
                 "Fundación Internacional y para Iberoamérica de Administración y Políticas Públicas"),
        "contact": ("joaquin", "coordination", {"open_contact": records["contact"]}, "",
                    "Joaquín Muñoz (Director de Cooperación, FIIAPP)"),
        "activity": ("ministras", "coordination", {"open_id": records["activity"]}, "",
                     "Carta sobre la Conferencia de Ministras de la Mujer (08/03/2025)"),
        "milestone": ("florianopolis", "iberblh", {"open_id": records["milestone"]}, "",
                      "Banco de leche de Florianópolis (Brasil)"),
    }
    kinds = {"summit": "Cumbre", "meeting": "Reunión", "document": "Documento", "mandate": "Mandato",
             "progress": "Nota de seguimiento", "body": "Organismo", "contact": "Contacto",
             "activity": "Actividad", "milestone": "Hito"}
    for kind, (query, page, options, code, label) in expected.items():
        hit = next(h for h in search.search(db, query) if h.kind == kind)
        opens_on, option = OPENS[kind]  # the window opens the kind's record on its page
        assert (hit.record_id, opens_on, {option: hit.ref}) == (records[kind], page, options), kind
        assert (hit.code, hit.label, hit.kind_label) == (code, label, kinds[kind]), kind
        assert hit.name == (code or label)


def test_names_follow_the_language(db, records):
    hit = next(h for h in search.search(db, "florianopolis", lang="pt"))
    assert (hit.kind_label, hit.label) == ("Marco", "Banco de leche de Florianópolis (Brasil)")
    hit = next(h for h in search.search(db, "sao paulo", lang="pt") if h.kind == "meeting")
    assert hit.label == "III Reunião de Coordenadores Nacionais – São Paulo, 20/06/2012"


def test_the_snippet_shows_the_match_on_one_line(db, records):
    hit = next(h for h in search.search(db, "accion conjunta") if h.kind == "mandate")
    assert hit.snippet == (f"Encomendar a la SEGIB una {search.MATCH_START}acción{search.MATCH_END} "
                           f"{search.MATCH_START}conjunta{search.MATCH_END} en educación superior.")
    assert hit.plain_snippet == "Encomendar a la SEGIB una acción conjunta en educación superior."
    hit = next(h for h in search.search(db, "valladolid"))
    assert "Universidad de \x02Valladolid\x03" in hit.snippet


def test_a_code_ranks_above_a_mention_in_a_text(db, records):
    with db.session() as s:
        document_id = s.scalar(select(Document.id).where(Document.title == "Declaración de Cádiz"))
        s.add(Mandate(document_id=document_id, code="XXII-DEC-8", title="Seguimiento",
                      text="Informar sobre el mandato fiiapp y otros asuntos, con más texto alrededor."))
    kinds = [kind for kind, _id in found(db, "fiiapp")]
    assert kinds[0] == "body" and "mandate" in kinds


def test_every_term_must_match_and_only_the_last_is_a_prefix(db, records):
    assert found(db, "movilidad academica") == [("mandate", records["mandate"])]
    assert found(db, "movilidad quimica") == []
    assert ("mandate", records["mandate"]) in found(db, "movil")
    assert found(db, "movil ") == []  # a space after the word: the word is complete
    assert found(db, "movil academica") == []


@pytest.mark.parametrize("query", [
    '"', '""', '"cadiz', 'cadiz"', "-", "-cadiz", "cadiz -", "a:b", "code:XXII", "title:cadiz", "*", "**", "cad*",
    "AND", "OR", "NOT", "cadiz AND", "AND cadiz", "cadiz OR valladolid", "NEAR(", "NEAR(cadiz valladolid)", "(", ")",
    "^cadiz", "+", "{code title}: cadiz", "'; DROP TABLE mandates; --", "\\", "🙂", "x" * 300, "a " * 150,
    "Mercosur-UE", "\t\n", "", "   ",
])
def test_hostile_queries_are_searched_as_text_and_never_raise(db, records, query):
    hits = search.search(db, query)
    assert isinstance(hits, list)
    assert len(hits) <= 50


def test_operators_and_punctuation_mean_nothing(db, records):
    cadiz = found(db, "Cádiz")
    assert cadiz and found(db, "cadiz -") == cadiz
    assert found(db, '"cadiz"') == cadiz
    assert found(db, "cadiz OR valladolid") == []  # OR is a word here, and no record has it
    assert found(db, "NEAR(cadiz") == []
    assert found(db, "XXII-DEC-7")[0] == ("mandate", records["mandate"])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Mandate)) == 1


def test_match_expression_quotes_every_term():
    assert search.match_expression("São  Paulo") == '"São" "Paulo"*'
    assert search.match_expression("cadiz ") == '"cadiz"'
    assert search.match_expression('a"b NEAR( - *') == '"a""b" "NEAR("*'
    assert search.match_expression(" - * ") is None
    assert search.match_expression("x " * 40).count('"x"') == search.MAX_TERMS


def test_limit(db, records):
    assert len(search.search(db, "cadiz", limit=1)) == 1
    assert search.search(db, "cadiz", limit=0) == []


# --- the index follows every write

def index_rows(db) -> list[tuple]:
    with db.session() as s:
        key = "rowid" if db.url is None else "id"  # FTS5's row id; the server's table (0013) names it id
        return s.execute(text(f"SELECT {key}, kind, ref, code, title, body, extra FROM search_index "
                              f"ORDER BY {key}")).all()


def test_the_index_holds_one_row_per_record(db, records):
    with db.session() as s:
        expected = sum(s.scalar(text(f"SELECT count(*) FROM {table}")) for table in search.INDEXED_TABLES)
    assert len(index_rows(db)) == expected


def test_the_index_follows_orm_inserts_edits_and_deletes(db, records):
    with db.session() as s:
        s.add(Contact(name="Íñigo Ibáñez", role="Consejero"))
    assert [h.label for h in search.search(db, "inigo ibanez")] == ["Íñigo Ibáñez (Consejero)"]
    with db.session() as s:
        contact = s.scalar(select(Contact).where(Contact.name == "Íñigo Ibáñez"))
        contact.name = "Íñigo Ortúzar"
    assert found(db, "ibanez") == []
    assert found(db, "ortuzar") == [("contact", contact.id)]
    with db.session() as s:
        mandate = s.get(Mandate, records["mandate"])
        mandate.status = MandateStatus.FULFILLED  # a column that is not indexed: the row stays
        mandate.text = "Texto nuevo: cooperación universitaria."
    assert found(db, "cooperacion universitaria") == [("mandate", records["mandate"])]
    assert ("mandate", records["mandate"]) not in found(db, "educacion superior")
    with db.session() as s:
        s.delete(s.get(Contact, contact.id))
    assert found(db, "ortuzar") == []


def test_deleting_a_mandate_takes_its_progress_notes_out_of_the_index(db, records):
    with db.session() as s:
        s.delete(s.get(Mandate, records["mandate"]))  # the notes go by ON DELETE CASCADE
    assert found(db, "valladolid") == []
    assert found(db, "movilidad") == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(MandateProgress)) == 0


def test_the_index_follows_bulk_core_writes(db, records):
    with db.session() as s:
        s.execute(insert(Mandate), [
            {"uid": new_uid(), "document_id": s.scalar(select(Document.id)), "code": f"BULK-{i}",
             "title": f"Mandato masivo número {i}", "text": "Gestión de la información"} for i in range(200)])
        s.execute(update(Mandate).where(Mandate.code == "BULK-7").values(title="Título cambiado"))
        s.execute(delete(Mandate).where(Mandate.code == "BULK-9"))
    assert len(search.search(db, "gestion informacion", limit=500)) == 199
    assert [h.code for h in search.search(db, "titulo cambiado")] == ["BULK-7"]
    assert search.search(db, "BULK-9 ") == []


def test_the_index_follows_a_service_save_and_delete(db):
    service = SummitService(db)
    summit_id = service.save(None, {"number": 31, "city": "Lisboa", "theme_es": "Cooperación atlántica"})
    assert found(db, "XXXI lisboa") == [("summit", summit_id)]
    values = service.get(summit_id)
    service.save(summit_id, values | {"city": "Braga"})
    assert found(db, "lisboa") == []
    assert found(db, "braga") == [("summit", summit_id)]
    service.delete(summit_id)
    assert found(db, "braga") == []


def test_rebuild_gives_back_the_same_index(db, records):
    before = index_rows(db)
    with db.session() as s:
        s.execute(text("DELETE FROM search_index"))
    assert found(db, "cadiz") == []
    assert search.rebuild(db) == len(before)
    assert index_rows(db) == before
    search.check(db)


def test_a_bulk_load_with_the_index_paused_is_indexed_at_the_end(db, records):
    before = index_rows(db)
    with db.session() as s:
        with search.paused(s):
            s.execute(insert(Contact), [{"uid": new_uid(), "name": f"Contacto masivo {i}"} for i in range(300)])
            assert s.scalar(text("SELECT count(*) FROM search_index")) == len(before)  # not indexed row by row
            s.execute(delete(Contact).where(Contact.name == "Joaquín Muñoz"))
    assert len(search.search(db, "contacto masivo", limit=1000)) == 300
    assert found(db, "joaquin") == []
    assert len(index_rows(db)) == len(before) + 299
    with db.session() as s:  # the triggers are back, as they were
        s.add(Contact(name="Después del volcado"))
    assert [h.kind for h in search.search(db, "despues volcado")] == ["contact"]


@pytest.mark.parametrize("from_trigger", [True, False])
def test_a_bulk_load_can_have_only_what_it_wrote_indexed_at_the_end(db, records, monkeypatch, from_trigger):
    if not from_trigger:  # a trigger of another shape: the new rows are touched instead
        monkeypatch.setattr(search, "_insert_select", lambda table, match, suffix="": None)
    with db.session() as s:
        with search.paused(s, whole=False) as written:
            last = s.scalar(select(func.max(Contact.id)))
            s.execute(insert(Contact), [{"uid": new_uid(), "name": f"Contacto masivo {i}"} for i in range(300)])
            written.created("contacts", last)
            renamed = s.scalar(select(Contact.id).where(Contact.name == "Joaquín Muñoz"))
            s.execute(update(Contact).where(Contact.id == renamed).values(name="Joaquín Renombrado"))
            written.updated("contacts", [renamed])
    assert len(search.search(db, "contacto masivo", limit=1000)) == 300
    assert found(db, "renombrado") == [("contact", renamed)] and found(db, "muñoz") == []
    indexed = index_rows(db)
    search.rebuild(db)
    assert index_rows(db) == indexed
    search.check(db)


def test_every_indexed_table_is_taken_in_by_one_statement_made_from_its_trigger(db):
    """The fallback (touching each written row, its trigger indexing it: much slower) stays for triggers of
    another shape; the database's own triggers, on either engine, give each table its one statement."""
    with db.session() as s:
        statements = search._bulk_statements(s)
    assert set(statements) == set(search.INDEXED_TABLES)
    for table, statement in statements.items():
        assert statement is not None and statement.startswith("INSERT INTO search_index ")
        assert f'FROM "{table}" AS "new" WHERE "new".id > :after' in statement


def test_a_bulk_load_that_fails_leaves_the_triggers_in_place(db, records):
    with pytest.raises(RuntimeError), db.session() as s, search.paused(s):
        s.execute(insert(Contact), [{"uid": new_uid(), "name": "Perdido"}])
        raise RuntimeError("the file was bad")
    assert found(db, "perdido") == []
    with db.session() as s:  # the pause went with the transaction: a write is indexed again
        s.add(Contact(name="Después del fallo"))
    assert [h.kind for h in search.search(db, "despues fallo")] == ["contact"]
    if db.url is None:
        test_every_indexed_table_keeps_its_three_triggers(db)


def test_a_server_bulk_load_pauses_only_its_own_transaction(pg_database, dirs):
    """A server's pause (migration 0014) is the importing transaction's setting: another officer's edit
    made while an import is writing is indexed at once, and the import's records at its end."""
    other = Database(pg_database)
    db = Database(pg_database)
    try:
        with db.session() as s, search.paused(s, whole=False) as written:
            last = s.scalar(select(func.max(Contact.id))) or 0
            s.execute(insert(Contact), [{"uid": new_uid(), "name": f"Contacto importado {i}"} for i in range(20)])
            written.created("contacts", last)
            with other.session() as s2:
                s2.add(Contact(name="Editado por otra persona"))
            assert [h.kind for h in search.search(other, "editado otra persona")] == ["contact"]
            assert search.search(other, "contacto importado") == []  # not committed yet
        assert len(search.search(db, "contacto importado", limit=100)) == 20
        indexed = index_rows(db)
        search.rebuild(db)
        assert index_rows(db) == indexed
    finally:
        db.close()
        other.close()


def test_a_server_whose_triggers_are_from_before_the_pause_indexes_as_it_writes(pg_database, dirs):
    """Migration 0014 down and up again on a real server: before it (0013's triggers) a bulk load is indexed
    as it writes and nothing twice; after it, at the end, the same rows."""
    from alembic import command

    from segib_desktop.core import migrate
    from segib_desktop.core.db import make_server_engine

    def migrate_to(step, revision):
        engine = make_server_engine(pg_database)
        try:
            with engine.begin() as conn:
                config = migrate._alembic_config()
                config.attributes["connection"] = conn
                step(config, revision)
                return conn.execute(text("SELECT count(*) FROM pg_proc WHERE prosrc LIKE '%segib.search_paused%'")
                                    ).scalar()
        finally:
            engine.dispose()

    assert migrate_to(command.downgrade, "0013") == 0
    db = Database(pg_database)
    try:
        for name, paused_functions in (("antes", 0), ("despues", len(search.INDEXED_TABLES))):
            if paused_functions:
                assert migrate_to(command.upgrade, "head") == paused_functions
            with db.session() as s, search.paused(s, whole=False) as written:
                last = s.scalar(select(func.max(Contact.id))) or 0
                s.execute(insert(Contact), [{"uid": new_uid(), "name": f"Volcado {name} {i}"} for i in range(30)])
                written.created("contacts", last)
            assert len(search.search(db, f"volcado {name}", limit=100)) == 30
        indexed = index_rows(db)
        search.rebuild(db)
        assert index_rows(db) == indexed
    finally:
        db.close()


@pytest.mark.sqlite_only("migration 0007's three SQLite triggers a table; the server's one trigger a table is tested in test_the_index_follows_*")
def test_every_indexed_table_keeps_its_three_triggers(db):
    """A later batch migration of an indexed table drops its triggers with it: this test says so."""
    migration = load_migration()
    assert set(search.INDEXED_TABLES) == set(migration.SOURCES)
    for table, column in search.INDEXED_TABLES.items():
        assert column in migration.SOURCES[table].watched  # rebuild() touches a column the trigger watches
    with db.session() as s:
        triggers = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert {f"search_{t}_{suffix}" for t in search.INDEXED_TABLES for suffix in ("ai", "au", "ad")} <= triggers


def test_roman_numerals_in_sql_agree_with_python(db):
    expression = load_migration()._roman("n")
    with db.session() as s:
        rows = s.execute(text(f"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3999) "
                              f"SELECT n, {expression} FROM c")).all()
    assert [r[1] for r in rows] == [to_roman(r[0]) for r in rows]


def test_upgrading_a_database_indexes_what_it_holds_and_downgrading_removes_the_index(tmp_path):
    from alembic import command

    from segib_desktop.core import migrate
    from segib_desktop.core.db import Database, make_engine

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path, foreign_keys=False, create=True)
    config = migrate._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        conn.execute(text("INSERT INTO bodies (uid, version, acronym, name_es, name_pt, kind, seat, website, notes) "
                          "VALUES ('u1', 1, 'SEGIB', 'Secretaría General Iberoamericana', '', 'ibero_american', "
                          "'Madrid', '', '')"))
    engine.dispose()
    assert migrate.upgrade(path) is True
    db = Database(path)
    try:
        assert [h.code for h in search.search(db, "secretaria general")] == ["SEGIB"]
    finally:
        db.close()
    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
        names = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE name LIKE 'search%'")))
    engine.dispose()
    assert names == set()


def test_an_extraordinary_meeting_is_found_by_that_word_and_an_upgrade_indexes_those_it_holds(db, records):
    """Every screen calls it "III Reunión Extraordinaria de …"; the index held only its kind's words, so the
    word found nothing (explore17). Migration 0017 indexes it, for the meetings a database already holds too."""
    from alembic import command

    from segib_desktop.core import migrate

    label = "III Reunión Extraordinaria de Coordinadores Nacionales – São Paulo, 20/06/2012"
    config = migrate._alembic_config()

    def migrate_to(revision: str, how) -> None:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            how(config, revision)

    migrate_to("0016", command.downgrade)  # the index as it was
    with db.session() as s:
        s.get(Meeting, records["meeting"]).extraordinary = True
    assert search.search(db, "extraordinaria") == []
    migrate_to("head", command.upgrade)
    for words in ("extraordinaria", "Extraordinária", "extraordinary coordinadores"):
        assert [(h.kind, h.label) for h in search.search(db, words)] == [("meeting", label)], words
    with db.session() as s:  # an edit of the column alone indexes it again
        s.get(Meeting, records["meeting"]).extraordinary = False
    assert search.search(db, "extraordinaria") == []
    assert [h.kind for h in search.search(db, "coordinadores sao paulo")] == ["meeting"]


# --- the command line

@pytest.mark.sqlite_only("the command in a child process on the file; the server's command line is tested in test_server.py")
def test_search_cadiz_and_search_cadiz_with_accent_print_the_same_lines(dirs, records, workspace):
    workspace.close()  # the command locks the database itself
    env = dict(os.environ)  # SEGIB_DESKTOP_HOME points into the test's folder (the dirs fixture)
    runs = [subprocess.run([sys.executable, "-m", "segib_desktop", "search", query, "--db", str(workspace.path)],
                           capture_output=True, text=True, env=env, timeout=120) for query in ("Cadiz", "Cádiz")]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    lines = runs[0].stdout.splitlines()
    assert "Cumbre\tXXII\t…relación renovada en el Bicentenario de la Constitución de Cádiz" in lines
    assert "Documento\t1\tDeclaración de Cádiz" in lines
    assert all(line.count("\t") == 2 for line in lines)


@pytest.mark.sqlite_only("the command on the file (--db of the default file); the server's command line is tested in test_server.py")
def test_search_command_options_and_mistakes(records, workspace, capsys):
    workspace.close()
    db_path = str(workspace.path)
    assert cli.main(["search", "sao", "paulo", "--db", db_path, "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Reunión\tIII Reunión de Coordinadores Nacionales – São Paulo, 20/06/2012\tSão Paulo 2012 Revisión del "
                   "borrador."]
    assert cli.main(["search", "--db", db_path, "--", "-", "NEAR("]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "Nada coincide con «- NEAR(»." in captured.err
    assert cli.main(["search", "--db", db_path]) == 2
    assert "segib-desktop search Cádiz" in capsys.readouterr().err
    assert cli.main(["search", "--rebuild", "--db", db_path, "--lang", "pt", "valladolid"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("O índice de pesquisa foi reconstruído:")
    assert out[1] == ("Nota de acompanhamento\tXXII-DEC-7\tSe firmó el convenio con la Universidad de "
                      "Valladolid.")


# --- the dialog (Ctrl+K)

def open_dialog(gui, qtbot):
    from PySide6.QtWidgets import QApplication

    window = gui.window
    window.activateWindow()  # a shortcut goes to the active window (an earlier test's may still be)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    action = window.findChild(QAction, "search_action")
    assert action.shortcut().toString() == "Ctrl+K"
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window._search_dialog
    assert dialog.isVisible()
    return dialog


def type_and_wait(qtbot, dialog, text_: str) -> None:
    """Types (each key restarts the pause, so one search runs, after the last) and waits for its results."""
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClicks(dialog.edit, text_)


def test_ctrl_k_typing_and_enter_open_the_record_in_its_module(gui, qtbot, qtmodeltester, monkeypatch):
    from segib_desktop.gui.pages.summits import SummitForm

    dialog = open_dialog(gui, qtbot)
    assert dialog.status.text() == "Escriba unas letras; mayúsculas y tildes dan igual."
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClicks(dialog.edit, "cartagena ind")
    qtmodeltester.check(dialog.model)
    rows = [(dialog.model.data(dialog.model.index(r, 0)), dialog.model.data(dialog.model.index(r, 1)))
            for r in range(dialog.model.rowCount())]
    assert sorted(rows) == [("Cumbre", "IV — Cartagena de Indias 1994"), ("Cumbre", "XXV — Cartagena de Indias 2016")]
    assert dialog.status.text() == "2 resultados: ↑ ↓ para elegir, Intro para abrir."
    assert dialog.current_row() == 0
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.current_row() == 1
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)  # stays on the first
    assert dialog.current_row() == 0
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    chosen = dialog.hits[1]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert gui.window.current_key() == "summits"
    forms = [f for f in gui.window.findChildren(SummitForm) if f.isVisible()]
    assert len(forms) == 1
    assert forms[0].windowTitle() == f"Cumbre {chosen.code}"
    forms[0].reject()


def test_enter_right_after_typing_opens_the_best_match(gui, qtbot):
    from segib_desktop.gui.pages.summits import SummitForm

    dialog = open_dialog(gui, qtbot)
    dialog.edit.setText("cadi")  # no pause: the search has not run yet
    assert dialog._debounce.isActive()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    forms = [f for f in gui.window.findChildren(SummitForm) if f.isVisible()]
    assert [f.windowTitle() for f in forms] == ["Cumbre XXII"]
    forms[0].reject()


def test_a_progress_note_found_opens_its_mandate_on_its_progress_log(gui, qtbot):
    from segib_desktop.gui.pages.mandates import MandateForm

    add_records(gui.workspace.db)
    dialog = open_dialog(gui, qtbot)
    type_and_wait(qtbot, dialog, "valladolid")
    assert [h.kind for h in dialog.hits] == ["progress"]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    forms = [f for f in gui.window.findChildren(MandateForm) if f.isVisible()]
    assert len(forms) == 1 and forms[0].tabs.currentWidget() is forms[0].progress
    forms[0].reject()


def test_the_dialog_says_when_nothing_matches_and_keeps_the_last_query(gui, qtbot):
    add_records(gui.workspace.db)
    dialog = open_dialog(gui, qtbot)
    type_and_wait(qtbot, dialog, "zzzz")
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "Nada coincide con «zzzz»."
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.edit.setText("--")
    assert dialog.status.text() == "Escriba unas letras; mayúsculas y tildes dan igual."
    type_and_wait(qtbot, dialog, " valladolid")
    assert [h.kind for h in dialog.hits] == ["progress"]
    assert dialog.status.text() == "Un resultado: Intro lo abre."
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    gui.window.open_search()
    assert dialog.isVisible() and dialog.edit.text() == "-- valladolid"
    assert dialog.edit.selectedText() == "-- valladolid"  # typing replaces it


def test_a_slow_search_says_it_is_searching_and_greys_the_results_before_it(gui, qtbot, monkeypatch):
    """explore22, 6: a common word among 800,000 records took 5 s; meanwhile the dialog still said "Type a few
    letters" (or showed the results of the query before as if they were this one's)."""
    import threading

    add_records(gui.workspace.db)
    dialog = open_dialog(gui, qtbot)
    type_and_wait(qtbot, dialog, "valladolid")
    assert dialog.model.rowCount() == 1 and dialog.view.isEnabled()
    release, real = threading.Event(), search.search
    monkeypatch.setattr(search, "search", lambda *a, **k: (release.wait(10), real(*a, **k))[1])  # as a huge database
    try:
        dialog.edit.setText("cádiz")
        qtbot.waitUntil(lambda: dialog.status.text() == "Buscando…", timeout=5000)
        assert not dialog.view.isEnabled()  # the results of "valladolid" are not this search's
    finally:
        release.set()
    qtbot.waitUntil(lambda: dialog.view.isEnabled() and dialog.status.text() != "Buscando…", timeout=5000)
    assert "summit" in {h.kind for h in dialog.hits}


def test_a_match_at_the_end_of_a_long_snippet_is_drawn_within_its_column(qapp):
    """explore19: "…Banco de Leite Humano do Hos…" for "tabatinga": the column showed the words before the
    match and cut the match off. The snippet is drawn from further on, so that the match shows."""
    from PySide6.QtGui import QTextDocument

    from segib_desktop.gui.search import SnippetDelegate, match_span, snippet_html

    raw = ("Inauguração do Banco de Leite Humano do Hospital Regional de "
           f"{search.MATCH_START}Tabatinga{search.MATCH_END}, Amazonas")
    start, end = match_span(raw)
    plain = raw.replace(search.MATCH_START, "").replace(search.MATCH_END, "")
    assert plain[start:end + 1] == "Tabatinga"
    doc = QTextDocument()
    doc.setHtml(snippet_html(raw))
    doc.size()
    line = doc.firstBlock().layout().lineAt(0)
    width = line.cursorToX(start)[0] * 0.6  # the column holds little more than half the words before it
    shift = SnippetDelegate.shift(doc, (start, end), width)
    assert shift > 0 and line.cursorToX(end + 1)[0] - shift <= width  # the whole match within the column
    assert line.cursorToX(start)[0] - shift >= 0
    assert SnippetDelegate.shift(doc, (start, end), doc.idealWidth() + 10) == 0  # it fits: drawn as it is
    assert match_span("sin marcas") == (-1, -1)


def test_snippets_are_escaped_and_bold_where_they_match():
    from segib_desktop.gui.search import snippet_html

    assert snippet_html("a < b & \x02Cádiz\x03") == "a &lt; b &amp; <b>Cádiz</b>"


def test_search_finds_action_items_through_their_activity_not_on_their_own(db, records):
    """Action items are not indexed on their own: their activity is (the issue lists activities)."""
    with db.session() as s:
        s.add(ActionItem(activity_id=records["activity"], description="Responder a Ginebra"))
    assert [h.kind for h in search.search(db, "ginebra")] == ["activity"]


def test_an_imported_exchange_file_is_searchable(db, records, tmp_path):
    from segib_desktop.core import exchange, migrate
    from segib_desktop.core.db import Database

    exported = tmp_path / "todo.json"
    exchange.export_file(db, exported)
    target = tmp_path / "otra.sqlite3"
    migrate.upgrade(target)
    other = Database(target)
    try:
        exchange.import_file(other, exported)
        for query in ("valladolid", "muñoz", "florianopolis", "declaracion cadiz"):
            assert [(h.kind, h.title) for h in search.search(other, query)] == [
                (h.kind, h.title) for h in search.search(db, query)], query
        assert [h.label for h in search.search(other, "joaquin")] == ["Joaquín Muñoz (Director de Cooperación, FIIAPP)"]
    finally:
        other.close()


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_kind_column_holds_the_longest_kind_and_a_long_snippet_ends_in_an_ellipsis(gui, qtbot, lang):
    """"Nota de acompan…" in Portuguese; a snippet ran off the dialog's edge mid-word with no mark."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from segib_desktop.i18n import Translator

    gui.set_language(lang)
    dialog = open_dialog(gui, qtbot)
    metrics, translate = dialog.view.fontMetrics(), Translator(lang)
    longest = max(metrics.horizontalAdvance(translate(kind)) for kind in search.KINDS.values())
    assert dialog.view.horizontalHeader().sectionSize(0) > longest
    type_and_wait(qtbot, dialog, "cartagena")

    painted: list[str] = []

    class Recording(QPainter):
        def drawText(self, *args):
            painted.append(args[-1])
            return super().drawText(*args)

    image = QImage(100, 30, QImage.Format.Format_ARGB32)
    painter = Recording(image)
    option = QStyleOptionViewItem()
    dialog.view.initViewItemOption(option)
    option.rect = image.rect()  # a column of 100 px: the snippet is longer
    dialog.delegate.paint(painter, option, dialog.model.index(0, 2))
    painter.end()
    assert painted == ["…"]


# --- a damaged index is found and rebuilt, never a damaged database (explore21 D4)

def damage_the_index(path) -> None:
    """Overwrites bytes of the file inside one block of the index's data (a segment's leaf, its BLOB stored
    whole in one page, which stays well formed: SQLite's quick_check finds nothing before 3.44)."""
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # ids 1 and 10 are the index's averages and structure; the others, its segments' pages
        blocks = [row[0] for row in conn.execute("SELECT block FROM search_index_data WHERE id > 10 AND "
                                                 "length(block) BETWEEN 400 AND 1000 ORDER BY id")]
    data = bytearray(path.read_bytes())
    block = next(b for b in blocks if data.count(b) == 1)
    at = data.find(block) + len(block) // 4
    data[at:at + len(block) // 2] = bytes(byte ^ 0x5A for byte in data[at:at + len(block) // 2])
    path.write_bytes(bytes(data))


@pytest.mark.allow_log(r"^the search index of .* (failed its check|was rebuilt)")
def test_a_damaged_search_index_is_rebuilt_by_the_background_check(tmp_path, dirs):
    """It made searches miss records without a word (SQLite before 3.44), or the whole database "damaged"
    (restore yesterday's backup) with the SQLite of the Windows program; ``search --rebuild`` itself failed."""
    import shutil

    from segib_desktop import errors
    from segib_desktop.core import backups, demo
    from segib_desktop.core.workspace import open_workspace

    path = tmp_path / "segib.sqlite3"
    with open_workspace(path, dirs, daily_backup=False) as ws:
        demo.fill(ws.db, today=dt.date(2026, 12, 1))
    sound = shutil.copyfile(path, tmp_path / "sana.sqlite3")
    with open_workspace(sound, dirs, daily_backup=False) as ws:
        expected = {word: search.search(ws.db, word, limit=500) for word in ("convenio", "cooperación", "informe")}
    damage_the_index(path)
    with open_workspace(path, dirs, daily_backup=False) as ws:
        with pytest.raises(errors.DatabaseCorrupt):
            search.check(ws.db)  # the damage is real
        assert ws.check_and_backup() is None  # not the database's damage: nothing to restore
        search.check(ws.db)
        assert {word: search.search(ws.db, word, limit=500) for word in expected} == expected
    assert [b.reason for b in backups.list_backups(dirs.backups, path)] == ["start"]  # of the mended database


FTS5_FINDINGS = [  # SQLite's own words, as quick_check and integrity_check give them from 3.44
    'fts5: corruption found reading blob 687194767363 from table "search_index"',  # 3.54.1 (apsw), explore21
    "malformed inverted index for FTS5 table main.search_index",  # 3.44 to 3.49
    'fts5: checksum mismatch for table "search_index"',
    'fts5: missing row 42 from content table "search_index_content"',
]


@pytest.mark.parametrize("findings, index_only", [
    ([FTS5_FINDINGS[0]], True),
    (FTS5_FINDINGS, True),
    ([], False),
    (["*** in database main ***\nTree 12 page 34 cell 2: invalid page number 9999"], False),
    ([FTS5_FINDINGS[1], "row 86 missing from index ix_mandates_status"], False),
    (['fts5: corruption found reading blob 10 from table "other_index"'], False),
    (["malformed inverted index for FTS5 table main.search_index_other"], False),
])
def test_only_damage_in_the_search_index_is_told_apart(findings, index_only):
    assert search.only_index_damaged(findings) is index_only


@pytest.mark.skipif(tuple(map(int, __import__("sqlite3").sqlite_version.split("."))) < (3, 44),
                    reason="quick_check checks FTS5 indexes from SQLite 3.44 (the Windows program's)")
@pytest.mark.allow_log(r"^the search index of .* (failed its check|was rebuilt)")
def test_where_quick_check_finds_only_the_search_index_damaged_it_is_rebuilt(tmp_path, dirs):
    from segib_desktop.core import demo
    from segib_desktop.core.workspace import open_workspace

    path = tmp_path / "segib.sqlite3"
    with open_workspace(path, dirs, daily_backup=False) as ws:
        demo.fill(ws.db, today=dt.date(2026, 12, 1))
    damage_the_index(path)
    findings = search.quick_check_findings(path)
    assert findings and search.only_index_damaged(findings), findings
    with open_workspace(path, dirs, daily_backup=False) as ws:
        assert ws.check_and_backup() is None
    assert search.quick_check_findings(path) == []
