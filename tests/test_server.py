"""A shared office database on a PostgreSQL server (issue 21), against the session's own cluster
(tests/conftest.py's ``pg_cluster``): the same migrations and models, ``--db postgresql://...`` on the command
line, the server login in the audit trail, stale edits refused between two clients."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from segib_desktop import cli, errors
from segib_desktop.core import db as dbmod
from segib_desktop.core import migrate, search
from segib_desktop.core.models import AuditEntry, Base, Contact, Country, Mandate
from segib_desktop.core.services.coordination import ContactService
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.core.workspace import open_server, open_workspace
from tests.test_search import index_rows


@pytest.fixture
def empty_server_db(pg_cluster):
    """An empty database on the cluster (nothing migrated yet): its address."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS fresh WITH (FORCE)")
        conn.execute("CREATE DATABASE fresh")
    yield pg_cluster.url("fresh")
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DROP DATABASE fresh WITH (FORCE)")


def test_the_migrations_make_the_models_schema_on_the_server_too(empty_server_db):
    assert migrate.upgrade_server(empty_server_db) is True
    assert migrate.upgrade_server(empty_server_db) is False  # at head: nothing to do
    engine = dbmod.make_server_engine(empty_server_db)
    try:
        with engine.connect() as conn:
            diff = [d for d in compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                                Base.metadata)  # the search index is outside the ORM (0013)
                    if not (d[0] == "remove_table" and d[1].name == "search_index")
                    and not (d[0] == "remove_index" and d[1].table.name == "search_index")]
            assert migrate.inspect_server(conn) == (migrate.known_revisions()[0], True)
            assert conn.scalar(select(Country.name_es).where(Country.iso2 == "ES")) == "España"  # reference data
    finally:
        engine.dispose()
    assert diff == []


def test_a_database_of_another_program_is_refused_untouched(empty_server_db):
    with psycopg.connect(empty_server_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE theirs (x int)")
    with pytest.raises(errors.NotADatabase):
        migrate.upgrade_server(empty_server_db)
    with psycopg.connect(empty_server_db) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["theirs"]


@pytest.mark.allow_log(r"already holds the example data")
def test_the_command_line_takes_a_server_address(empty_server_db, dirs, capsys):
    assert cli.main(["--lang", "en", "--db", empty_server_db, "db", "upgrade"]) == 0
    assert "is now at schema" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "--db", empty_server_db, "db", "info"]) == 0
    out = capsys.readouterr().out
    assert f"Database: {empty_server_db}" in out and "  countries: 22" in out
    assert cli.main(["--lang", "en", "--db", empty_server_db, "demo"]) == 0  # it names the server, as info does
    assert f"Example data added to {empty_server_db}." in capsys.readouterr().out
    assert cli.main(["--lang", "en", "--db", empty_server_db, "demo"]) == 1  # once only, and named ("None")
    assert capsys.readouterr().err == f"The database {empty_server_db} already holds the example data; nothing was added.\n"


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


@pytest.mark.allow_log(r"is empty: it is not set up")
def test_reading_commands_create_nothing_in_an_empty_server_database(empty_server_db, dirs, tmp_path, capsys):
    """db info (docs/server.md's check of a connection), search and db copy --from made the program's tables in
    an empty database (the copy "succeeded" with the reference rows, from the source), and a copy into it was
    then refused. They say it is empty and how to set it up, and change nothing."""
    said = (f"The database {empty_server_db} on the server is empty: it is not set up for SEGIB Desktop yet. "
            "Nothing was changed. To set it up, run server init on it, or copy a database into it with db copy --to.\n")
    copy = tmp_path / "copy.sqlite3"
    for argv in (["--db", empty_server_db, "db", "info"], ["--db", empty_server_db, "search", "cultura"],
                 ["db", "copy", "--from", empty_server_db, "--to", str(copy)]):
        assert cli.main(["--lang", "en", *argv]) == 1
        assert capsys.readouterr().err == said
    assert _tables(empty_server_db) == [] and not copy.exists()
    with open_workspace(tmp_path / "office.sqlite3", dirs, user="tester") as ws:
        AreaService(ws.db).save(None, {"name": "Cultura"})
    assert cli.main(["--lang", "en", "db", "copy", "--from", str(tmp_path / "office.sqlite3"),
                     "--to", empty_server_db]) == 0  # the documented set-up still works after the checks


@pytest.mark.allow_log(r"does not exist on the server", r"refused the login")
def test_a_server_database_that_does_not_exist_is_said_so_not_a_refused_login(pg_cluster, dirs, tmp_path, capsys):
    """It was said to be a refused login (db info, db copy --from), or an unexpected error (db copy --to)."""
    missing = pg_cluster.url("no_such_db")
    said = f"The database no_such_db does not exist on the server 127.0.0.1:{pg_cluster.port}. Check its name; "
    source = tmp_path / "office.sqlite3"
    open_workspace(source, dirs).close()
    for argv in (["--db", missing, "db", "info"], ["db", "copy", "--from", missing, "--to", str(tmp_path / "c")],
                 ["db", "copy", "--from", str(source), "--to", missing], ["--db", missing, "db", "upgrade"]):
        assert cli.main(["--lang", "en", *argv]) == 1
        assert capsys.readouterr().err.startswith(said)
    assert cli.main(["--lang", "en", "--db", pg_cluster.url("postgres", "no_such_login"), "db", "info"]) == 1
    assert "refused the login no_such_login" in capsys.readouterr().err  # a login that is refused still is


@pytest.mark.allow_log(r"may not create or change the tables", r"server init needs a login", r"refused")
def test_set_up_by_a_login_without_the_rights_is_said_in_a_sentence(empty_server_db, pg_cluster, dirs, tmp_path,
                                                                     capsys):
    """db copy --to by a login that may not create tables, and server init by one that may not create roles,
    ended in "Unexpected error"."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plain_t') "
                     "THEN CREATE ROLE plain_t LOGIN; END IF; END $$")
    as_plain = pg_cluster.url("fresh", "plain_t")
    open_workspace(tmp_path / "office.sqlite3", dirs).close()
    assert cli.main(["--lang", "en", "db", "copy", "--from", str(tmp_path / "office.sqlite3"), "--to", as_plain]) == 1
    assert capsys.readouterr().err == (
        f"The login plain_t may not create or change the tables of the database {as_plain}, so nothing was changed. "
        "Run this as the database's owner, or as a login with the role segib_admins once server init has set the "
        "database up.\n")
    assert _tables(empty_server_db) == []
    assert cli.main(["--lang", "es", "--db", as_plain, "server", "init"]) == 1
    assert capsys.readouterr().err == (
        f"server init necesita un usuario que pueda crear roles y sea el propietario de la base de datos {as_plain}, "
        "como el que preparó el servidor; el usuario plain_t no puede hacerlo. Ejecútelo con ese usuario.\n")


def test_a_password_in_the_address_is_refused(dirs, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--lang", "en", "--db", "postgresql://officer:secret@127.0.0.1/segib", "db", "info"])
    assert exit_.value.code == 2
    assert "password file" in capsys.readouterr().err


def test_a_file_path_stays_a_file():
    assert dbmod.target_arg("segib.sqlite3") == dbmod.Path("segib.sqlite3")
    assert dbmod.target_arg("postgres://u@h:5433/office") == "postgresql://u@h:5433/office"


def test_the_audit_trail_records_the_server_login(pg_database, dirs):
    with open_workspace(pg_database, dirs) as ws:  # no name given: the server's login is who writes
        assert not ws.readonly and ws.server
        area = AreaService(ws.db).save(None, {"name": "Cooperación"})
        with ws.db.session() as s:
            entries = s.execute(select(AuditEntry.action, AuditEntry.user).where(AuditEntry.table_name == "areas")).all()
    assert area and entries == [("create", "postgres")]


def test_two_clients_a_stale_edit_is_refused_and_no_update_is_lost(pg_database, dirs):
    first, second = open_workspace(pg_database, dirs), open_workspace(pg_database, dirs)
    try:
        area = AreaService(first.db).save(None, {"name": "Cultura"})
        seen = AreaService(second.db).get(area)
        AreaService(first.db).save(area, {"name": "Cultura y deporte", "version": seen["version"]})
        with pytest.raises(errors.EditConflict):  # the second window still shows the old version
            AreaService(second.db).save(area, {"name": "Cultura (visto antes)", "version": seen["version"]})
        # Several clients at once, each editing its own record and all of them the shared one, each retrying
        # on a conflict as an officer would after reloading: every change arrives, none overwrites another.
        ids = [AreaService(first.db).save(None, {"name": f"Área {n}"}) for n in range(4)]
        clients = [open_workspace(pg_database, dirs) for _n in range(4)]
        failures = []

        def edit(n):
            service = AreaService(clients[n].db)
            try:
                for round_ in range(5):
                    own = service.get(ids[n])
                    service.save(ids[n], {"name": f"Área {n} vuelta {round_}", "version": own["version"]})
                    while True:
                        shared = service.get(area)
                        try:
                            service.save(area, {"name": shared["name"] + f" +{n}", "version": shared["version"]})
                            break
                        except errors.EditConflict:
                            continue
            except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
                failures.append(exc)

        threads = [threading.Thread(target=edit, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for ws in clients:
            ws.close()
        assert failures == []
        final = AreaService(first.db).get(area)["name"]
        assert sorted(final.split(" +")[1:]) == sorted(str(n) for n in range(4) for _r in range(5))
        assert [AreaService(first.db).get(i)["name"] for i in ids] == [f"Área {n} vuelta 4" for n in range(4)]
    finally:
        first.close()
        second.close()


def _waiting_for_a_lock(url: str, timeout: float = 20.0) -> bool:
    """True once another connection of the server waits for a row lock."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as watch:
        while time.monotonic() < deadline:
            if watch.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def test_a_save_and_a_delete_of_what_it_refers_to_at_the_same_moment_lose_nothing(pg_database, dirs, monkeypatch):
    """On a server a save checks the records it refers to, then writes; another officer's delete committed
    between the two gave a raw foreign-key error, and a delete that saw no dependents could unlink a new one."""
    from segib_desktop.core import rules
    from segib_desktop.core.models import Body
    from segib_desktop.core.services.coordination import BodyService

    first, second = open_workspace(pg_database, dirs), open_workspace(pg_database, dirs)
    try:
        def new_body(acronym: str) -> int:
            return BodyService(first.db).save(None, {"acronym": acronym, "kind": "other", "name_es": acronym})

        # The save's check passed, the delete comes before its write: it waits, then counts the new contact.
        body = new_body("RED-A")
        deleting: dict = {}
        checked = rules.check_record

        def check_then_delete(*args, **kwargs):
            found = checked(*args, **kwargs)
            if not deleting:
                def delete():
                    try:
                        BodyService(second.db).delete(body)
                    except errors.SegibError as exc:
                        deleting["error"] = exc
                deleting["thread"] = threading.Thread(target=delete)
                deleting["thread"].start()
                assert _waiting_for_a_lock(pg_database)  # the delete waits for the save's transaction
            return found

        monkeypatch.setattr(rules, "check_record", check_then_delete)
        contact = ContactService(first.db).save(None, {"name": "Ana Ruiz", "body_id": body})
        deleting["thread"].join()
        monkeypatch.setattr(rules, "check_record", checked)
        assert isinstance(deleting.get("error"), errors.DeleteRefused)  # asked, as any delete with dependents
        assert ContactService(first.db).get(contact)["body_id"] == body

        # The delete first, not yet committed: the save's check waits for it, then says the body is gone.
        body = new_body("RED-B")
        saving: dict = {}
        with psycopg.connect(pg_database) as other:
            other.execute("DELETE FROM bodies WHERE id = %s", (body,))

            def save():
                try:
                    ContactService(first.db).save(None, {"name": "Luis Pérez", "body_id": body})
                except errors.SegibError as exc:
                    saving["error"] = exc
            thread = threading.Thread(target=save)
            thread.start()
            assert _waiting_for_a_lock(pg_database)
            other.commit()
        thread.join()
        error = saving.get("error")
        assert isinstance(error, errors.ValidationError) and error.errors == {"body_id": rules.GONE}
        with first.db.session() as s:
            assert s.scalar(select(Contact.id).where(Contact.name == "Luis Pérez")) is None

        # Whatever else crosses that way is said in a sentence, not as the server's error.
        with pytest.raises(errors.ChangedMeanwhile), first.db.session(write=True) as s:
            s.add(Contact(name="Sin organismo", body_id=body))
        assert errors.ChangedMeanwhile().user_message().startswith("En ese mismo momento, otra persona")
        with first.db.session() as s:
            assert s.get(Body, body) is None
    finally:
        first.close()
        second.close()


def _login(pg_cluster, name: str, role: str) -> None:
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
                     f"THEN CREATE ROLE {name} LOGIN; END IF; END $$")
        conn.execute(f"GRANT {role} TO {name}")


def test_server_init_gives_readers_editors_and_administrators_their_rights(empty_server_db, pg_cluster, dirs,
                                                                          capsys):
    assert cli.main(["--lang", "en", "--db", empty_server_db, "server", "init"]) == 0
    assert "is ready" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "--db", empty_server_db, "server", "init"]) == 0  # again: nothing breaks
    _login(pg_cluster, "reader_t", "segib_readers")
    _login(pg_cluster, "editor_t", "segib_editors")
    as_reader, as_editor = (pg_cluster.url("fresh", user) for user in ("reader_t", "editor_t"))

    with open_workspace(as_editor, dirs) as ws:  # an editor writes, as itself in the audit trail
        assert not ws.readonly
        AreaService(ws.db).save(None, {"name": "Cultura"})
        ContactService(ws.db).save(None, {"name": "Zacarías Núñez"})  # its trigger writes the search index
        with ws.db.session() as s:
            assert s.scalars(select(AuditEntry.user).where(AuditEntry.table_name == "areas")).all() == ["editor_t"]
    with psycopg.connect(as_editor) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DROP TABLE mandates")  # the schema is the administrators'

    with open_workspace(as_reader, dirs) as ws:  # the program's read-only mode, for what the server refuses
        assert ws.readonly
        assert [row["name"] for row in [AreaService(ws.db).get(1)]] == ["Cultura"]
        with pytest.raises(errors.ServerReadOnly):
            AreaService(ws.db).save(None, {"name": "Deporte"})
        assert [hit.label for hit in search.search(ws.db, "zacarias nun")] == ["Zacarías Núñez"]
    assert cli.main(["--lang", "en", "--db", as_reader, "db", "info"]) == 0
    assert "  areas: 1" in capsys.readouterr().out


def test_each_officer_on_a_server_signs_with_their_own_name(empty_server_db, pg_cluster, dirs):
    """The name an officer gives is theirs, not the office's: on a shared database another officer's
    progress entries were signed with it (one settings row for everyone)."""
    import datetime as dt

    from segib_desktop.core.models import Document, DocumentKind, Summit
    from segib_desktop.core.read import mandates as read_mandates
    from segib_desktop.core.services.mandates import ProgressService
    from segib_desktop.core.services.settings import SettingsService

    assert cli.main(["--lang", "en", "--db", empty_server_db, "server", "init"]) == 0
    for name in ("ana_t", "luis_t"):
        _login(pg_cluster, name, "segib_editors")
    ana, luis = (open_workspace(pg_cluster.url("fresh", user), dirs) for user in ("ana_t", "luis_t"))
    try:
        with ana.db.session(write=True) as s:
            summit = s.scalar(select(Summit).where(Summit.number == 29))
            mandate = Mandate(document=Document(kind=DocumentKind.ACTION_PROGRAMME, title="PA", summit=summit),
                              point="1", code="XXIX-PA-1", title="Informe")
            s.add(mandate)
            s.flush()
            mandate = mandate.id
        SettingsService(ana.db).set_own_name("Ana Pérez (Cooperación)")
        assert SettingsService(luis.db).own_name() == ""
        for ws, text in ((luis, "Llamada con la OEI, hecha por Luis"), (ana, "Nota de Ana")):
            ProgressService(ws.db, mandate).save(None, {"entry_date": dt.date.today(), "text": text})
        authors = {row.text: row.author for row in read_mandates.progress_rows(ana.db, mandate)}
        assert authors["Llamada con la OEI, hecha por Luis"] == "luis_t"
        assert authors["Nota de Ana"] == "Ana Pérez (Cooperación)"
        assert (ana.db.user, luis.db.user) == ("ana_t", "luis_t")  # the audit trail still names the logins
    finally:
        ana.close()
        luis.close()


def test_server_init_needs_a_server_address(dirs, capsys):
    assert cli.main(["--lang", "en", "server", "init"]) == 2
    assert "postgresql://" in capsys.readouterr().err


@pytest.mark.allow_log("command server: The server 127.0.0.1:1 cannot be reached")
def test_server_init_on_a_server_that_cannot_be_reached_says_so(dirs, capsys):
    """It said "Unexpected error" (its first connection was not the window's and db info's)."""
    assert cli.main(["--lang", "en", "--db", "postgresql://nobody@127.0.0.1:1/segib", "server", "init"]) == 1
    assert capsys.readouterr().err == ("The server 127.0.0.1:1 cannot be reached. Check its address and port and that "
                                       "this computer is on the office network, then try again.\n")


def _contents(target, dirs):
    """(the exchange export's bytes, the audit trail, the database's identity) of a database."""
    from segib_desktop.core import exchange
    from segib_desktop.core.models import Setting

    with open_workspace(target, dirs, user="tester") as ws:
        with ws.db.session() as s:
            trail = [tuple(row) for row in s.execute(select(
                AuditEntry.id, AuditEntry.at, AuditEntry.user, AuditEntry.table_name, AuditEntry.record_id,
                AuditEntry.record_uid, AuditEntry.action, AuditEntry.changes).order_by(AuditEntry.id))]
            identity = s.scalar(select(Setting.value).where(Setting.key == "database_id"))
        return exchange.dumps(exchange.export_data(ws.db)), trail, identity


def test_db_copy_from_a_file_to_a_server_and_back_is_lossless(empty_server_db, dirs, tmp_path, capsys):
    from segib_desktop.core import demo

    first, back = tmp_path / "first.sqlite3", tmp_path / "back.sqlite3"
    with open_workspace(first, dirs, user="tester") as ws:
        demo.fill(ws.db, "small")
        AreaService(ws.db).save(None, {"name": "Cádiz «sur» & 100 % €\nsegunda línea"})
    assert cli.main(["--lang", "en", "db", "copy", "--from", str(first), "--to", empty_server_db]) == 0
    assert cli.main(["--lang", "en", "db", "copy", "--from", empty_server_db, "--to", str(back)]) == 0
    assert "was copied to" in capsys.readouterr().out
    (export_a, trail_a, id_a), (export_s, trail_s, id_s), (export_b, trail_b, id_b) = (
        _contents(target, dirs) for target in (first, empty_server_db, back))
    assert export_a == export_s == export_b  # byte for byte, both ways
    assert "Cádiz «sur»".encode() in export_a
    assert len(trail_a) > 100 and trail_a == trail_s == trail_b  # the history too, which the export leaves out
    assert len({id_a, id_s, id_b}) == 3  # each copy has its own identity (its own backups)
    with open_workspace(empty_server_db, dirs) as ws:  # the server's ids go on after the copied ones
        assert AreaService(ws.db).save(None, {"name": "Nueva"}) > max(r[4] or 0 for r in trail_s
                                                                       if r[3] == "areas")


@pytest.mark.allow_log(r"already holds a database", r"already exists")
def test_db_copy_never_overwrites_a_database(empty_server_db, dirs, tmp_path, capsys):
    existing = tmp_path / "existing.sqlite3"
    open_workspace(existing, dirs).close()
    notes = tmp_path / "notas.txt"
    notes.write_text("no es una base de datos", encoding="utf-8")
    migrate.upgrade_server(empty_server_db)
    for source, target, said in ((empty_server_db, str(existing), f"The file {existing} already exists."),
                                 (str(existing), str(notes), f"The file {notes} already exists."),
                                 (str(existing), empty_server_db, "already holds a database")):
        assert cli.main(["--lang", "en", "db", "copy", "--from", source, "--to", target]) == 1
        assert said in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "no es una base de datos"
    assert cli.main(["--lang", "en", "db", "copy", "--from", str(existing)]) == 2


@pytest.mark.allow_log(r"is not empty")
def test_backup_is_a_pg_dump_and_restore_fills_an_empty_database(pg_database, pg_cluster, dirs, tmp_path,
                                                                 capsys):
    from segib_desktop.core import demo

    with open_workspace(pg_database, dirs, user="tester") as ws:
        demo.fill(ws.db, "small")
    assert cli.main(["--lang", "en", "--db", pg_database, "backup", "--to", str(tmp_path)]) == 0
    dumps = list(tmp_path.glob("*-manual.dump"))
    assert len(dumps) == 1 and "Backup saved as" in capsys.readouterr().out
    assert dumps[0].read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS restored WITH (FORCE)")
        conn.execute("CREATE DATABASE restored")
    restored = pg_cluster.url("restored")
    try:
        assert cli.main(["--lang", "en", "--db", restored, "restore", str(dumps[0])]) == 0
        assert _contents(restored, dirs)[:2] == _contents(pg_database, dirs)[:2]  # export and audit trail
        with open_workspace(restored, dirs) as ws:  # searchable as it was
            assert search.search(ws.db, "cadiz") == search.search(ws.db, "Cádiz") != []
        _login(pg_cluster, "reader_rs", "segib_readers")  # the roles have their rights: no server init rerun
        _login(pg_cluster, "editor_rs", "segib_editors")
        with open_workspace(pg_cluster.url("restored", "editor_rs"), dirs) as ws:
            assert not ws.readonly and AreaService(ws.db).save(None, {"name": "Tras restaurar"})
        with open_workspace(pg_cluster.url("restored", "reader_rs"), dirs) as ws:
            assert ws.readonly and search.search(ws.db, "cadiz") != []
        assert cli.main(["--lang", "en", "--db", restored, "restore", str(dumps[0])]) == 1  # not over data
        assert "is not empty" in capsys.readouterr().err
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
            conn.execute("DROP DATABASE restored WITH (FORCE)")


def test_an_exchange_file_imported_into_a_server_is_searchable_and_its_ids_go_on(pg_database, dirs, tmp_path):
    from segib_desktop.core import demo, exchange

    with open_workspace(tmp_path / "office.sqlite3", dirs, user="tester") as ws:
        demo.fill(ws.db, "small")
        exchange.export_file(ws.db, tmp_path / "office.json")
        expected = search.search(ws.db, "cooperacion", limit=100_000)
    with open_workspace(pg_database, dirs, user="tester") as ws:
        result = exchange.import_file(ws.db, tmp_path / "office.json", backups_dir=tmp_path / "dumps")
        assert result.created > 100 and result.backup.read_bytes()[:5] == b"PGDMP"
        found = search.search(ws.db, "cooperacion", limit=100_000)
        # the same records (ranked by ts_rank there, bm25 here: the order may differ)
        assert expected and {(h.kind, h.label) for h in found} == {(h.kind, h.label) for h in expected}
        # a new record takes an id after the imported ones (the import gave them their ids itself)
        AreaService(ws.db).save(None, {"name": "Después de importar"})
        assert search.search(ws.db, "despues de import") == []  # areas are not searched; it was saved
        # indexed at the import's end (its triggers paused, 0014): the rows the triggers make one by one
        indexed = index_rows(ws.db)
        search.rebuild(ws.db)
        assert index_rows(ws.db) == indexed
    with open_workspace(tmp_path / "office.sqlite3", dirs, user="tester") as ws, ws.db.session() as s:
        mandate = s.scalar(select(Mandate).order_by(Mandate.id))
        old_title, mandate.title = mandate.title, "Plan de lactancia en Asunción"
    with open_workspace(tmp_path / "office.sqlite3", dirs, user="tester") as ws:
        exchange.export_file(ws.db, tmp_path / "office2.json")
    with open_workspace(pg_database, dirs, user="tester") as ws:
        result = exchange.import_file(ws.db, tmp_path / "office2.json", backups_dir=tmp_path / "dumps")
        assert (result.created, result.updated) == (0, 1)
        assert [h.label for h in search.search(ws.db, "lactancia asuncion")] == ["Plan de lactancia en Asunción"]
        assert old_title not in {h.label for h in search.search(ws.db, old_title, limit=100_000)}
        indexed = index_rows(ws.db)
        search.rebuild(ws.db)
        assert index_rows(ws.db) == indexed


def test_an_import_and_what_others_add_meanwhile_all_keep_their_records(pg_database, dirs, tmp_path):
    """While an import's transaction is open on a server, another officer adds a contact and a second import
    runs whole: every record is kept, each with its own id (taken from the sequences, not the largest id
    plus one, which the others' inserts would have taken too), and each is found once by the search."""
    from segib_desktop.core import exchange

    for letter in "AB":
        with open_workspace(tmp_path / f"{letter}.sqlite3", dirs, user="tester") as ws:
            for i in range(5):
                ContactService(ws.db).save(None, {"name": f"Persona{letter} número {i}", "role": "Enlace"})
            exchange.export_file(ws.db, tmp_path / f"{letter}.json")
    meanwhile: dict = {}

    def second_import() -> None:
        with open_workspace(pg_database, dirs, user="otra") as other:
            meanwhile["B"] = exchange.import_file(other.db, tmp_path / "B.json", backups_dir=tmp_path / "dumps")

    def progress(done: int, _total: int) -> None:
        if done and not meanwhile:  # the first records are written, not committed
            with psycopg.connect(pg_database, autocommit=True) as conn:
                conn.execute("SET lock_timeout = '5s'")  # the largest id plus one would wait for the import
                conn.execute("INSERT INTO contacts (uid, version, name, role, email, phone, notes) "
                             "VALUES (gen_random_uuid()::text, 1, 'PersonaC añadida', '', '', '', '')")
            meanwhile["C"] = True
            worker = threading.Thread(target=second_import)
            worker.start()
            worker.join(60)  # its records would otherwise wait for this import's: it would not finish
            assert not worker.is_alive()

    with open_workspace(pg_database, dirs, user="tester") as ws:
        first = exchange.import_file(ws.db, tmp_path / "A.json", backups_dir=tmp_path / "dumps", progress=progress)
        assert first.created == meanwhile["B"].created == 5
        with ws.db.session() as s:
            names = dict(s.execute(select(Contact.name, Contact.id).where(Contact.name.like("Persona%"))).all())
        assert len(names) == 11 and len(set(names.values())) == 11
        for letter, count in (("A", 5), ("B", 5), ("C", 1)):
            assert len(search.search(ws.db, f"Persona{letter}", limit=100)) == count
        indexed = index_rows(ws.db)
        search.rebuild(ws.db)
        assert index_rows(ws.db) == indexed
        ContactService(ws.db).save(None, {"name": "Después de todo"})  # the sequence is past every id


def test_the_command_lines_import_into_a_server_backs_it_up_with_pg_dump(pg_database, dirs, tmp_path, capsys):
    from segib_desktop.core import demo, exchange

    with open_workspace(tmp_path / "office.sqlite3", dirs, user="tester") as ws:
        demo.fill(ws.db, "small")
        exchange.export_file(ws.db, tmp_path / "office.json")
    assert cli.main(["--lang", "en", "--db", pg_database, "import", str(tmp_path / "office.json")]) == 0
    out = capsys.readouterr().out
    dumps = list(dirs.backups.glob("*"))  # a server's backup goes to the user's backup folder
    assert len(dumps) == 1 and dumps[0].read_bytes()[:5] == b"PGDMP" and str(dumps[0]) in out


@pytest.mark.allow_log(r"could not be given")
def test_a_restore_by_a_login_that_may_not_grant_says_the_data_is_in_and_what_to_run(pg_database, pg_cluster,
                                                                                    dirs, tmp_path, capsys):
    """The database's owner without the right to manage roles restores the data; the rights are said to be
    missing, with what to run (server init by the login that set up the server), which then gives them."""
    assert cli.main(["--lang", "en", "--db", pg_database, "backup", "--to", str(tmp_path)]) == 0
    (dump,) = tmp_path.glob("*-manual.dump")
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'owner_only') "
                     "THEN CREATE ROLE owner_only LOGIN; END IF; END $$")
        conn.execute("DROP DATABASE IF EXISTS restored_by_owner WITH (FORCE)")
        conn.execute("CREATE DATABASE restored_by_owner OWNER owner_only")
    try:
        as_owner = pg_cluster.url("restored_by_owner", "owner_only")
        assert cli.main(["--lang", "en", "--db", as_owner, "restore", str(dump)]) == 1
        said = capsys.readouterr().err
        assert f"The database {as_owner} has been restored, but its roles could not be given their rights" in said
        assert "Run server init on it as a login that may create roles" in said
        assert _contents(as_owner, dirs)[:2] == _contents(pg_database, dirs)[:2]  # the data is in
        restored = pg_cluster.url("restored_by_owner")
        assert cli.main(["--lang", "en", "--db", restored, "server", "init"]) == 0
        _login(pg_cluster, "reader_ro", "segib_readers")
        with open_workspace(pg_cluster.url("restored_by_owner", "reader_ro"), dirs) as ws:
            assert ws.readonly and search.search(ws.db, "cadiz") != []
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
            conn.execute("DROP DATABASE restored_by_owner WITH (FORCE)")


def _as(url: str, login: str) -> str:
    """The same server database's address with another login."""
    return url.replace("://postgres@", f"://{login}@", 1)


@pytest.mark.allow_log(r"may read the database")
def test_a_reader_may_back_up_and_an_import_says_it_may_not_change_the_database(pg_database, pg_cluster, dirs,
                                                                                tmp_path, capsys):
    """A reader's backup stopped with pg_dump's own text (readers could not read the id sequences), although
    docs/server.md says a reader may back up; its import-xlsx too (the pg_dump before the import). The backup
    works; the import is refused first, with the sentence a reader's save gets, and makes no backup."""
    from segib_desktop.core.models import DocumentKind, Summit
    from segib_desktop.core.services.cycle import DocumentService
    from tests.test_xlsx_import import GOOD, HEADERS, workbook

    with open_workspace(pg_database, dirs) as ws:
        with ws.db.session() as s:
            summit_id = s.scalar(select(Summit.id).where(Summit.number == 30))
        DocumentService(ws.db).save(None, {"kind": DocumentKind.DECLARATION, "title": "Declaración de Madrid",
                                           "summit_id": summit_id})
    assert cli.main(["--lang", "en", "--db", pg_database, "server", "init"]) == 0
    _login(pg_cluster, "reader_bk", "segib_readers")
    as_reader = _as(pg_database, "reader_bk")
    assert cli.main(["--lang", "en", "--db", as_reader, "backup", "--to", str(tmp_path / "dumps")]) == 0
    (dump,) = (tmp_path / "dumps").glob("*-manual.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"
    capsys.readouterr()
    good = workbook(tmp_path / "good.xlsx", [r[:6] for r in GOOD], HEADERS[:6])
    assert cli.main(["--lang", "en", "--db", as_reader, "import-xlsx", str(good), "--summit", "30",
                     "--document", "declaration"]) == 1
    assert capsys.readouterr().err == (
        f"Your login on the server may read the database {as_reader} but not change it, so this change cannot be "
        "saved. Ask the person who looks after the server for an editor's role.\n")
    assert list(dirs.backups.glob("*")) == []  # no pg_dump for an import that cannot write


@pytest.mark.allow_log(r"pg_dump")
def test_a_server_set_up_before_gives_its_readers_the_sequences_at_its_upgrade(pg_database, pg_cluster, dirs,
                                                                              tmp_path):
    """Migration 0016: a server that an older server init set up (readers without the id sequences) gives them
    to its readers at db upgrade, and to the sequences of tables made later (segib_admins' default privileges)."""
    assert cli.main(["--lang", "en", "--db", pg_database, "server", "init"]) == 0
    with psycopg.connect(pg_database, autocommit=True) as conn:  # as the older server init left it
        conn.execute("REVOKE SELECT ON ALL SEQUENCES IN SCHEMA public FROM segib_readers")
        conn.execute("ALTER DEFAULT PRIVILEGES FOR ROLE segib_admins IN SCHEMA public "
                     "REVOKE SELECT ON SEQUENCES FROM segib_readers")
        conn.execute("UPDATE alembic_version SET version_num = '0015'")
    _login(pg_cluster, "reader_up", "segib_readers")
    _login(pg_cluster, "editor_up", "segib_editors")
    as_reader = _as(pg_database, "reader_up")
    assert cli.main(["--lang", "en", "--db", as_reader, "backup", "--to", str(tmp_path)]) == 1  # the defect
    # An editor's program (newer than the schema) upgrades nothing: its grants would do nothing and the version
    # would be stamped (an editor may write alembic_version), and the administrator's upgrade then found none.
    with pytest.raises(errors.ServerNeedsUpgrade):
        open_server(_as(pg_database, "editor_up"), dirs)
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0015"
    assert cli.main(["--lang", "en", "--db", pg_database, "db", "upgrade"]) == 0
    assert cli.main(["--lang", "en", "--db", as_reader, "backup", "--to", str(tmp_path)]) == 0
    assert [p.read_bytes()[:5] for p in tmp_path.glob("*-manual.dump")] == [b"PGDMP"]
    with psycopg.connect(pg_database) as conn:
        acl = conn.execute("SELECT defaclacl::text FROM pg_default_acl WHERE defaclobjtype = 'S'").fetchone()[0]
    assert "segib_readers=r/segib_admins" in acl
