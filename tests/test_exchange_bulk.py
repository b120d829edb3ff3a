"""The import's bulk write path, against the plain ORM doing the same edits: the same rows, the same audit trail."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, inspect, select, text

from segib_desktop.core import exchange
from segib_desktop.core.db import Database
from segib_desktop.core.models import (
    Activity,
    AuditEntry,
    Body,
    BriefingRecord,
    Country,
    IndicatorValue,
    Mandate,
    MandateStatus,
    Meeting,
    Summit,
)
from tests.test_exchange import add_examples, export_bytes, fresh

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines


def orm_import(db: Database, path: Path) -> None:
    """The same import done the plain way: ORM objects, their fields and collections set, one flush.

    New records get the ids the bulk path gives them (the next free ones, in the file's order), so
    that the two databases can be compared row by row. What the audit hook writes here is what an
    ORM edit of these records writes.
    """
    parsed, _count = exchange.check_file(db, path)
    specs = exchange.layout()
    with db.session(write=True) as s, s.no_autoflush:
        s.execute(text("PRAGMA defer_foreign_keys = ON"))  # one flush, in whatever order the ORM likes
        ids: dict[str, dict[str, int]] = {}
        for name, spec in specs.items():
            ids[name] = dict(s.execute(select(spec.table.c.uid, spec.table.c.id)).all())
            next_id = max(ids[name].values(), default=0) + 1
            for r in parsed.get(name, []):
                if r.uid not in ids[name]:
                    ids[name][r.uid] = next_id
                    next_id += 1
        objects = {}
        for name, spec in specs.items():
            for r in parsed.get(name, []):
                obj = s.get(spec.model, ids[name][r.uid])
                if obj is None:
                    obj = spec.model(id=ids[name][r.uid], uid=r.uid)
                    s.add(obj)
                for f in spec.fields:
                    if f.kind != "uid" and f.name in r.values:
                        value = r.values[f.name]
                        setattr(obj, f.attr, ids[f.target][value] if f.kind == "ref" and value is not None else value)
                objects[name, r.uid] = obj
        for name, spec in specs.items():
            for r in parsed.get(name, []):
                obj = objects[name, r.uid]
                for link in spec.links:
                    if link.name in r.links:
                        model = specs[link.target].model
                        targets = [objects.get((link.target, u)) or s.get(model, ids[link.target][u])
                                   for u in r.links[link.name]]
                        if {t.id for t in getattr(obj, link.relationship)} != {t.id for t in targets}:
                            setattr(obj, link.relationship, targets)


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the trail and the search index, ids and edit versions included."""
    conn = sqlite3.connect(path)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                            "'search_index%' AND name NOT IN ('audit_log', 'alembic_version')")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def entries(path: Path, after: int = 0) -> dict[tuple[str, str], tuple]:
    """The audit entries written after entry ``after``: (table, uid) -> (action, id, user, changes as stored).

    A record created through the ORM with its id already set has that id in its entry; the bulk
    path writes None, as the hook does for a record whose id the database has not given yet.
    """
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table, uid, action, record_id, user, changes in conn.execute(
                "SELECT table_name, record_uid, action, record_id, user, changes FROM audit_log WHERE id > ? "
                "ORDER BY id", (after,)):
            assert (table, uid) not in out, f"two entries for {table} {uid}"
            out[table, uid] = (action, None if action == "create" else record_id, user, changes)
        return out
    finally:
        conn.close()


def last_entry(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def both_ways(folder: Path, start: Path, file: Path) -> tuple[exchange.ImportResult, dict, dict]:
    """Imports ``file`` into two copies of ``start``, in bulk and through the ORM; checks they agree.

    Returns the bulk result and the entries each wrote.
    """
    bulk, orm = folder / "bulk.sqlite3", folder / "orm.sqlite3"
    for target in (bulk, orm):
        for old in folder.glob(target.name + "*"):
            old.unlink()
        shutil.copy(start, target)
    after = last_entry(start)
    db = Database(bulk, user="tester")
    result = exchange.import_file(db, file, backups_dir=folder / "copias")
    db.close()
    db = Database(orm, user="tester")
    orm_import(db, file)
    db.close()
    assert rows(bulk) == rows(orm)  # the same records, links, ids and edit versions
    written, expected = entries(bulk, after), entries(orm, after)
    assert written == expected  # the same entries, their changes stored in the same words and order
    return result, written, expected


@pytest.fixture
def source(tmp_path) -> Database:
    db = fresh(tmp_path, "origen.sqlite3")
    add_examples(db)
    yield db
    db.close()


def test_created_records_are_audited_as_the_orm_would_audit_them(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    empty = tmp_path / "vacia.sqlite3"
    fresh(tmp_path, "vacia.sqlite3").close()
    result, written, _expected = both_ways(tmp_path, empty, tmp_path / "a.json")
    creates = [key for key, entry in written.items() if entry[0] == "create"]
    assert len(creates) == result.created == 11
    (mandate,) = [entry for (table, _uid), entry in written.items() if table == "mandates"]
    action, record_id, user, changes = mandate
    changes = json.loads(changes)
    assert (action, record_id, user) == ("create", None, "tester")
    assert changes["status"] == [None, "in_progress"] and changes["due_date"] == [None, "2027-06-30"]
    assert isinstance(changes["document_id"][1], int)
    with source.session() as s:  # links are lists of uids, in the create entry itself
        oei = s.scalar(select(Body.uid).where(Body.acronym == "OEI"))
    assert changes["addressee_bodies"] == [[], [oei]]
    assert "point" not in changes or changes["point"][1] != ""  # empty values are not recorded


def test_changed_records_get_one_entry_with_old_and_new_values_and_a_new_version(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    target = fresh(tmp_path, "destino.sqlite3")
    exchange.import_file(target, tmp_path / "a.json", backups_dir=tmp_path / "copias")
    with target.session() as s:
        versions = dict(s.execute(select(Mandate.uid, Mandate.version)).all())
        activity_version = s.scalar(select(Activity.version))
    target.close()
    with source.session() as s:  # every kind of value changes, and links gain and lose records
        mandate = s.scalar(select(Mandate))
        mandate.title, mandate.due_date, mandate.status = "Otro título con salto", None, MandateStatus.FULFILLED
        mandate.addressee_bodies = list(s.scalars(select(Body).order_by(Body.id).limit(2)))
        mandate.addressee_countries = []
        meeting = s.scalar(select(Meeting).where(Meeting.notes != ""))
        meeting.extraordinary, meeting.number = False, None
        briefing = s.scalar(select(BriefingRecord))
        briefing.params, briefing.created_at = {"sections": []}, dt.datetime(2026, 1, 2, 3, 4, 5)
        s.scalar(select(IndicatorValue)).value = 7.25
        activity = s.scalar(select(Activity))  # links only
        activity.mandates, activity.summits = [], list(s.scalars(select(Summit).order_by(Summit.number).limit(2)))
        mandate_uid, activity_uid = mandate.uid, activity.uid
        portugal = s.scalar(select(Country.uid).where(Country.iso2 == "PT"))
    export_bytes(source, tmp_path, "b.json")
    result, written, _expected = both_ways(tmp_path, tmp_path / "destino.sqlite3", tmp_path / "b.json")
    assert (result.created, result.updated) == (0, 5)
    assert {table for table, _uid in written} == {"mandates", "meetings", "briefings", "indicator_values",
                                                 "activities"}
    assert all(entry[0] == "update" and entry[1] is not None for entry in written.values())
    changes = json.loads(written["mandates", mandate_uid][3])
    assert changes["title"] == ["Informe de seguimiento", "Otro título con salto"]
    assert changes["due_date"] == ["2027-06-30", None]
    assert changes["status"] == ["in_progress", "fulfilled"]
    assert changes["addressee_bodies"][1] and changes["addressee_countries"] == [[portugal], []]
    assert set(json.loads(written["activities", activity_uid][3])) == {"mandates", "summits"}
    bulk = Database(tmp_path / "bulk.sqlite3")
    with bulk.session() as s:
        assert s.scalar(select(Mandate.version).where(Mandate.uid == mandate_uid)) == versions[mandate_uid] + 1
        assert s.scalar(select(Activity.version)) == activity_version + 1  # links alone move it, as in a form
    bulk.close()


def test_unchanged_records_write_no_entry_and_count_as_unchanged(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    target = fresh(tmp_path, "destino.sqlite3")
    first = exchange.import_file(target, tmp_path / "a.json", backups_dir=tmp_path / "copias")
    total = first.created + first.updated + first.unchanged
    with target.session() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    again = exchange.import_file(target, tmp_path / "a.json", backups_dir=tmp_path / "copias")
    assert (again.created, again.updated, again.unchanged) == (0, 0, total)
    with target.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == before
    assert export_bytes(target, tmp_path, "b.json") == (tmp_path / "a.json").read_bytes()
    target.close()


def test_a_record_created_on_both_sides_updates_the_database_record(tmp_path):
    a, b = fresh(tmp_path, "a.sqlite3"), fresh(tmp_path, "b.sqlite3")
    add_examples(a, year=2024)
    add_examples(b, year=2024)  # the same area name and yearly value, under other uids
    with a.session() as s:
        s.scalar(select(IndicatorValue)).value = 999.0
        s.scalar(select(Summit).where(Summit.number == 29)).notes = "Nota"
    export_bytes(a, tmp_path, "a.json")
    a.close()
    b.close()
    result, written, _expected = both_ways(tmp_path, tmp_path / "b.sqlite3", tmp_path / "a.json")
    assert result.updated >= 2
    assert any(table == "indicator_values" and json.loads(entry[3])["value"] == [1234.5, 999.0]
               for (table, _uid), entry in written.items())


def test_a_reference_to_a_record_written_later_is_set_afterwards(source, tmp_path, monkeypatch):
    # No table refers to a later one today; with areas written after mandates, a mandate's area is such a
    # reference: inserted empty, then set by the second update, audited in the create entry all the same.
    specs = exchange.layout()
    order = [n for n in specs if n != "areas"]
    order.insert(order.index("mandates") + 1, "areas")
    monkeypatch.setattr(exchange, "layout", lambda: {n: specs[n] for n in order})
    export_bytes(source, tmp_path, "a.json")
    fresh(tmp_path, "vacia.sqlite3").close()
    _result, written, _expected = both_ways(tmp_path, tmp_path / "vacia.sqlite3", tmp_path / "a.json")
    (mandate,) = [entry for (table, _uid), entry in written.items() if table == "mandates"]
    assert isinstance(json.loads(mandate[3])["area_id"][1], int)
    conn = sqlite3.connect(tmp_path / "bulk.sqlite3")
    assert conn.execute("SELECT count(*) FROM mandates WHERE area_id IS NULL").fetchone() == (0,)
    conn.close()


def test_a_cancel_at_any_progress_report_writes_nothing(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    target = fresh(tmp_path, "destino.sqlite3")
    before = export_bytes(target, tmp_path, "antes.json")
    calls: list[tuple[int, int]] = []
    exchange.import_file(target, tmp_path / "a.json", progress=lambda d, t: calls.append((d, t)),
                         backups_dir=tmp_path / "copias")
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] and len(calls) > 3
    target.close()
    for stop_at in range(len(calls)):
        target = fresh(tmp_path, f"destino{stop_at}.sqlite3")
        with target.session() as s:
            trail = s.scalar(select(func.count(AuditEntry.id)))
        seen = []

        def progress(done, total, stop_at=stop_at, seen=seen):
            seen.append(done)
            if len(seen) > stop_at:
                raise exchange.ImportCancelled()

        with pytest.raises(exchange.ImportCancelled):
            exchange.import_file(target, tmp_path / "a.json", progress=progress, backups_dir=tmp_path / "copias")
        assert export_bytes(target, tmp_path, "despues.json") == before
        with target.session() as s:
            assert s.scalar(select(func.count(AuditEntry.id))) == trail
        target.close()


def test_a_record_the_file_gives_only_in_part_gets_the_columns_defaults_as_through_the_orm(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    doc = json.loads((tmp_path / "a.json").read_bytes())
    for record in doc["mandates"]:  # optional fields left out: their columns' defaults, as the ORM gives them
        del record["point"], record["tags"], record["priority"]
    del doc["briefings"][0]["params"]
    (tmp_path / "b.json").write_text(json.dumps(doc), encoding="utf-8")
    fresh(tmp_path, "vacia.sqlite3").close()
    result, written, _expected = both_ways(tmp_path, tmp_path / "vacia.sqlite3", tmp_path / "b.json")
    assert result.created == 11
    (mandate,) = [entry for (table, _uid), entry in written.items() if table == "mandates"]
    assert "point" not in json.loads(mandate[3])  # what the file left out is not in its entry
    conn = sqlite3.connect(tmp_path / "bulk.sqlite3")
    assert conn.execute("SELECT point, params FROM mandates, briefings").fetchone() == ("", "{}")
    conn.close()


def test_accents_line_breaks_and_dates_are_stored_in_the_trail_as_they_are(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    fresh(tmp_path, "vacia.sqlite3").close()
    _result, written, _expected = both_ways(tmp_path, tmp_path / "vacia.sqlite3", tmp_path / "a.json")
    progress = next(entry for (table, _uid), entry in written.items() if table == "mandate_progress")
    stored = progress[3]
    assert "María José Núñez" in stored and "«Cádiz»" in stored  # UTF-8 as it is, not \u escapes
    changes = json.loads(stored)
    assert changes["author"] == [None, "María José Núñez"] and changes["entry_date"] == [None, "2027-01-15"]
    assert changes["text"][1] == "Declaración de «Cádiz»\r\nsegunda línea: <b> & </b> 100 % € – º\n\tfin"
    briefing = next(entry for (table, _uid), entry in written.items() if table == "briefings")
    assert json.loads(briefing[3])["created_at"] == [None, "2026-11-01T09:30:15.123456"]
    db = Database(tmp_path / "bulk.sqlite3")
    with db.session() as s:  # read back through the ORM as it was written
        entry = s.scalar(select(AuditEntry).where(AuditEntry.table_name == "mandate_progress"))
        assert entry.changes == changes
    db.close()


def index_rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT rowid, kind, ref, code, title, body, extra FROM search_index ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_the_search_index_after_an_import_is_the_one_a_rebuild_makes(source, tmp_path):
    from segib_desktop.core import search

    export_bytes(source, tmp_path, "a.json")
    target = fresh(tmp_path, "destino.sqlite3")
    exchange.import_file(target, tmp_path / "a.json", backups_dir=tmp_path / "copias")  # all new
    imported = index_rows(target.path)
    search.rebuild(target)
    assert index_rows(target.path) == imported and len(imported) > 10
    with source.session() as s:  # some records change, one is new
        s.scalar(select(Mandate)).title = "Plan de lactancia en Asunción"
        s.scalar(select(Meeting)).city = "Villarrica del Espíritu Santo"
        s.add(Body(acronym="OIXX", name_es="Organismo de prueba de juventudes"))
    export_bytes(source, tmp_path, "b.json")
    result = exchange.import_file(target, tmp_path / "b.json", backups_dir=tmp_path / "copias")
    assert (result.created, result.updated) == (1, 2)
    imported = index_rows(target.path)
    assert [h.kind for h in search.search(target, "lactancia asuncion")] == ["mandate"]
    assert search.search(target, "informe seguimiento") == []  # the old title is gone from the index
    assert [h.kind for h in search.search(target, "villarrica espiritu")] == ["meeting"]
    assert [h.code for h in search.search(target, "juventudes")] == ["OIXX"]
    search.rebuild(target)
    assert index_rows(target.path) == imported
    search.check(target)
    target.close()


def test_json_columns_store_orjson_text_and_read_what_the_json_module_wrote(tmp_path):
    from segib_desktop.core import db as dbmod

    assert dbmod.json_text({"título": ["Cádiz", None, 1.5]}) == '{"título":["Cádiz",null,1.5]}'
    assert dbmod.json_text({1: "a", "b": True}) == '{"1":"a","b":true}'  # keys made text, as json.dumps does
    assert dbmod.json_value('{"a": NaN, "b": 123456789012345678901234567890}') == {  # older text, json module
        "a": pytest.approx(float("nan"), nan_ok=True), "b": 123456789012345678901234567890}
    target = fresh(tmp_path, "a.sqlite3")
    with target.session() as s:
        s.add(BriefingRecord(kind="summit", subject="30", lang="es", params={"sections": ["Acción"], 7: "x"},
                             file_path="/tmp/a.pdf", sha256="0" * 64))
    with target.session() as s:
        assert s.scalar(select(BriefingRecord.params)) == {"sections": ["Acción"], "7": "x"}
    conn = sqlite3.connect(target.path)
    assert conn.execute("SELECT params FROM briefings").fetchone() == ('{"sections":["Acción"],"7":"x"}',)
    conn.close()
    target.close()


def index_definitions(db: Database) -> dict[str, list]:
    with db.session() as s:
        found = inspect(s.connection())
        return {table: sorted((ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                              for ix in found.get_indexes(table)) for table in found.get_table_names()}


@contextlib.contextmanager
def statements_sent(db: Database) -> Iterator[list[str]]:
    sent: list[str] = []
    listener = lambda _conn, _cursor, sql, *_rest: sent.append(sql)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def test_a_file_that_fills_a_table_makes_its_indexes_again_as_they_were(source, db, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    before = index_definitions(db)
    with statements_sent(db) as statements:
        exchange.import_file(db, tmp_path / "a.json", backups_dir=tmp_path / "copias")
    assert index_definitions(db) == before and before["mandates"]
    dropped = [sql for sql in statements if sql.startswith("DROP INDEX")]
    if db.engine.dialect.name == "sqlite":  # the file fills mandates and the trail: their indexes made once
        assert 'DROP INDEX "ix_mandates_code"' in dropped and 'DROP INDEX "ix_audit_log_record_uid"' in dropped
        assert not any("countries" in sql for sql in dropped)  # a table the file does not double keeps its own
        with db.session() as s:  # each index holds every row of its table
            assert s.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
            plan = s.execute(text("EXPLAIN QUERY PLAN SELECT id FROM mandates WHERE code = 'x'")).all()
            assert "ix_mandates_code" in str(plan)
        # a second file, small against what the database now holds, writes into the indexes as they are
        with source.session() as s:
            s.scalar(select(Mandate)).title = "Plan de lactancia en Asunción"
        export_bytes(source, tmp_path, "b.json")
        with statements_sent(db) as statements:
            assert exchange.import_file(db, tmp_path / "b.json", backups_dir=tmp_path / "copias").updated == 1
        assert not [sql for sql in statements if sql.startswith("DROP INDEX")]
    else:  # a server's indexes stay: dropping one would lock the other officers out of its table
        assert dropped == []


def test_an_import_stopped_in_its_writing_leaves_every_index_in_place(source, tmp_path):
    export_bytes(source, tmp_path, "a.json")
    target = fresh(tmp_path, "destino.sqlite3")
    before = index_definitions(target)
    seen = []

    def progress(done, total):  # stops halfway through, the indexes set aside by then
        seen.append(done)
        if done > total // 2:
            raise exchange.ImportCancelled()

    with pytest.raises(exchange.ImportCancelled):
        exchange.import_file(target, tmp_path / "a.json", progress=progress, backups_dir=tmp_path / "copias")
    assert seen[-1] > 0  # it stopped in the writing, past its first records
    assert index_definitions(target) == before
    target.close()
