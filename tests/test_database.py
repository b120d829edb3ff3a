"""The database file: pragmas, migrations, reference data, faults at opening."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from segib_desktop import errors
from segib_desktop.core import migrate, reference
from segib_desktop.core.db import Database, make_engine
from segib_desktop.core.models import Base, Body, Country, Programme, ProgrammeMember, Summit, reference_uid
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.workspace import open_workspace

# These tests are about the migrations themselves: no copies of the session's template.
pytestmark = pytest.mark.real_migrations


def test_every_connection_has_foreign_keys_wal_and_busy_timeout(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_new_database_is_readable_by_its_owner_only(workspace):
    assert workspace.path.stat().st_mode & 0o077 == 0


def test_upgrading_an_empty_database_reaches_head_and_again_changes_nothing(tmp_path):
    path = tmp_path / "new.sqlite3"
    assert migrate.upgrade(path) is True
    head, _ = migrate.known_revisions()
    assert migrate.inspect_file(path)[0] == head
    before = path.read_bytes()
    assert migrate.upgrade(path) is False
    assert path.read_bytes() == before


def test_models_and_migrations_agree(tmp_path):
    path = tmp_path / "db.sqlite3"
    migrate.upgrade(path)
    engine = make_engine(path)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = [d for d in compare_metadata(ctx, Base.metadata)
                if not (d[0] == "remove_table" and d[1].name.startswith("search_"))]
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize("start", ["0001", "0002", "0003", "0004", "0005"])
def test_upgrade_from_each_earlier_schema_keeps_data_and_makes_a_backup(tmp_path, start):
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path, foreign_keys=False, create=True)
    config = migrate._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, start)
        conn.execute(text("INSERT INTO countries (uid, version, iso2, iso3, name_es, name_pt, region) "
                          "VALUES ('u1', 1, 'XX', 'XXX', 'Ejemplo', 'Exemplo', '')"))
    engine.dispose()
    backups = tmp_path / "backups"
    assert migrate.upgrade(path, backups) is True
    assert migrate.inspect_file(path)[0] == migrate.known_revisions()[0]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name_es FROM countries WHERE iso2='XX'").fetchone() == ("Ejemplo",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    saved = list(backups.glob("*.sqlite3"))
    assert len(saved) == 1
    with sqlite3.connect(saved[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (start,)


def test_0010_gives_english_names_and_turns_status_entries_into_codes(tmp_path):
    """Reference countries and bodies get their English names; the automatic status entries saved as text
    in any language become a code (shown in each reader's language); what an officer wrote stays."""
    from alembic import command


    path = tmp_path / "old.sqlite3"
    engine = make_engine(path, foreign_keys=False, create=True)
    config = migrate._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        conn.execute(text("INSERT INTO countries (uid, version, iso2, iso3, name_es, name_pt, region) "
                          "VALUES ('c1', 1, 'ES', 'ESP', 'España', 'Espanha', ''), "
                          "('c2', 1, 'XX', 'XXX', 'Ejemplo', 'Exemplo', '')"))
        conn.execute(text("INSERT INTO bodies (uid, version, acronym, name_es, name_pt, kind, seat, website, notes) "
                          "VALUES ('b1', 1, 'SEGIB', 'Secretaría General Iberoamericana', '', 'ibero_american', "
                          "'', '', '')"))
        conn.execute(text("INSERT INTO summits (uid, version, number, city, theme_es, theme_pt, status, notes) "
                          "VALUES ('s1', 1, 1, 'Guadalajara', '', '', 'held', '')"))
        conn.execute(text("INSERT INTO documents (uid, version, kind, number, title, summit_id, file_path, notes) "
                          "VALUES ('d1', 1, 'declaration', '', 'Declaración', 1, '', '')"))
        conn.execute(text("INSERT INTO mandates (uid, version, document_id, point, code, title, text, officer, "
                          "recurrence, priority, status, tags) VALUES ('m1', 1, 1, '1', 'M-1', 'Informe', '', '', "
                          "'one_off', 'medium', 'fulfilled', '')"))
        for n, entry in enumerate(("Estado cambiado en la ficha del mandato.", "Status alterado na ficha do mandato.",
                                   "Informe entregado.", "Área responsable cambiada de (ninguna) a Cooperación.\n"
                                   "Por reorganización.")):
            conn.execute(text("INSERT INTO mandate_progress (uid, version, mandate_id, entry_date, author, text, "
                              "new_status, evidence) VALUES (:uid, 1, 1, '2026-01-01', 'Ana', :text, NULL, '')"),
                         {"uid": f"p{n}", "text": entry})
    engine.dispose()
    assert migrate.upgrade(path, tmp_path / "backups") is True
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name_en FROM countries WHERE iso2 = 'ES'").fetchone() == ("Spain",)
        assert conn.execute("SELECT name_en FROM bodies WHERE acronym = 'SEGIB'").fetchone() == (
            "Ibero-American General Secretariat",)
        # a country that is not in the reference data keeps an empty English name: it reads in Spanish
        assert conn.execute("SELECT name_en FROM countries WHERE iso2 = 'XX'").fetchone() == ("",)
        assert conn.execute("SELECT code, text, params FROM mandate_progress ORDER BY uid").fetchall() == [
            ("status_from_form", "", ""), ("status_from_form", "", ""), ("", "Informe entregado.", ""),
            ("area_changed", "Por reorganización.", '{"new": "Cooperación", "old": ""}')]
    db = Database(path)
    try:
        texts = sorted(r.text for r in read_mandates.progress_rows(db, 1, "en"))
    finally:
        db.close()
    assert texts == ["Informe entregado.", "Responsible area changed from (none) to Cooperación.\nPor reorganización.",
                     "Status changed in the mandate's form.", "Status changed in the mandate's form."]


def test_a_database_from_a_newer_program_is_refused_and_left_untouched(tmp_path, dirs):
    path = tmp_path / "newer.sqlite3"
    migrate.upgrade(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(errors.DatabaseTooNew) as info:
        open_workspace(path, dirs)
    assert path.read_bytes() == before
    assert "más reciente" in info.value.user_message()
    # and the refusal released its lock: a later try is refused for the same reason, not "in use"
    with pytest.raises(errors.DatabaseTooNew):
        open_workspace(path, dirs)


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path, dirs):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(errors.NotADatabase):
        open_workspace(path, dirs)
    assert path.read_bytes() == before


@pytest.mark.skipif(sys.platform != "win32", reason="share modes are Windows': run by the Windows Python "
                    "under Wine (tools/windows/test.sh, in .ci/run)")
def test_a_database_another_program_holds_open_is_said_to_be_busy_not_read_only(tmp_path, dirs):
    """explore18: a backup agent, an antivirus scan or OneDrive holding the file without sharing it was reported
    as "read-only: copy it to a folder where you can write"."""
    import ctypes
    from ctypes import wintypes

    path = tmp_path / "segib.sqlite3"
    open_workspace(path, dirs).close()
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                     wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    # GENERIC_READ, no sharing at all, OPEN_EXISTING: as a program that keeps the file to itself
    handle = kernel32.CreateFileW(str(path), 0x80000000, 0, None, 3, 0, None)
    assert handle not in (None, wintypes.HANDLE(-1).value), ctypes.get_last_error()
    try:
        with pytest.raises(errors.DatabaseLocked) as info:
            open_workspace(path, dirs)
        assert "ocupada" in info.value.user_message()
    finally:
        kernel32.CloseHandle(handle)
    open_workspace(path, dirs).close()  # released: it opens


def test_a_sqlite_file_of_another_program_is_refused(tmp_path, dirs):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    with pytest.raises(errors.NotADatabase):
        open_workspace(path, dirs)
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["things"]


def test_reference_data_is_loaded_once(db):
    with db.session() as s:
        assert s.scalar(select(func.count(Country.id))) == 22
        assert s.scalar(select(func.count(Body.id))) == 6
        assert s.scalar(select(func.count(Summit.id))) == 30
        assert s.scalar(select(func.count(ProgrammeMember.id))) == 11
        madrid = s.scalar(select(Summit).where(Summit.number == 30))
        assert (madrid.city, madrid.host_country.iso2, str(madrid.start_date)) == ("Madrid", "ES", "2026-11-04")
        assert s.scalar(select(Programme.code)) == "IberBLH"
        assert s.scalar(select(Country.name_pt).where(Country.iso2 == "BR")) == "Brasil"


def test_loading_reference_data_again_neither_duplicates_nor_overwrites(db):
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 22)).city = "Cádiz (editada)"
    with db.engine.begin() as conn:
        assert reference.load(conn) == 0
    with db.session() as s:
        assert s.scalar(select(func.count(Summit.id))) == 30
        assert s.scalar(select(Summit.city).where(Summit.number == 22)) == "Cádiz (editada)"


def test_reference_records_have_the_same_uuid_in_every_database(tmp_path):
    uids = []
    for name in ("a.sqlite3", "b.sqlite3"):
        migrate.upgrade(tmp_path / name)
        database = Database(tmp_path / name)
        with database.session() as s:
            uids.append(s.scalar(select(Summit.uid).where(Summit.number == 30)))
        database.close()
    assert uids[0] == uids[1] == reference_uid("summit", 30)


def test_foreign_keys_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Summit(number=99, host_country_id=12345))


def test_a_migration_that_rebuilds_a_parent_table_keeps_its_child_rows(tmp_path, monkeypatch):
    """PITFALLS: batch migrations drop and recreate tables, which cascades unless FKs are off."""
    import shutil

    from segib_desktop import paths

    path = tmp_path / "db.sqlite3"
    migrate.upgrade(path)  # reference data: 30 summits point at their host countries
    head, _known = migrate.known_revisions()
    scripts = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_rebuild_countries.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = '9000'\ndown_revision = {head!r}\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('countries', recreate='always') as batch:\n"
        "        batch.add_column(sa.Column('motto', sa.String(50), nullable=True))\n"
        "    with op.batch_alter_table('programmes', recreate='always') as batch:\n"
        "        batch.add_column(sa.Column('motto', sa.String(50), nullable=True))\n"
        "def downgrade():\n    pass\n", encoding="utf-8")
    monkeypatch.setattr(paths, "migrations_dir", lambda: scripts)
    assert migrate.upgrade(path, tmp_path / "backups") is True
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM summits WHERE host_country_id IS NOT NULL").fetchone() == (30,)
        assert conn.execute("SELECT count(*) FROM countries").fetchone() == (22,)
        # programme_members cascade on their programme: with foreign keys on they would be gone
        assert conn.execute("SELECT count(*) FROM programme_members").fetchone() == (11,)
        assert "motto" in [row[1] for row in conn.execute("PRAGMA table_info(countries)")]


def test_the_quick_revision_reader_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate._alembic_config())
    head, known = migrate.known_revisions()
    assert head == script.get_current_head()
    assert known == {rev.revision for rev in script.walk_revisions()}


def test_reading_never_waits_for_a_writer(db):
    """WAL: a list loads while another connection holds the write lock (an import, say)."""

    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE countries SET region = region")
    try:
        assert len(read_cycle.summits(db, "es")) == 30
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_read_is_a_plain_sqlite_transaction_that_needs_no_sqlalchemy(db, tmp_path):
    """The first screen reads through Database.read: the same busy timeout, a real read transaction."""
    import subprocess
    import sys
    import textwrap

    from segib_desktop.core.db import BUSY_TIMEOUT_MS

    with db.read() as conn:
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.in_transaction
        assert conn.execute("SELECT count(*) FROM summits").fetchone()[0] == 30
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from segib_desktop.core.db import Database
        from segib_desktop.core.read import home as dashboard
        db = Database(Path({str(db.path)!r}))
        with db.read() as conn:
            conn.execute("SELECT count(*) FROM summits").fetchone()
        dashboard.figures(db)
        print(sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def in_the_file_alone(path, tmp_path) -> dict:
    """The settings that the database file holds without its write-ahead log (what has been folded in)."""
    import shutil

    copy = tmp_path / "file-alone.sqlite3"
    shutil.copyfile(path, copy)
    with sqlite3.connect(copy) as conn:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def test_a_session_may_leave_its_log_for_a_checkpoint_later(tmp_path, monkeypatch):
    """An import's commit is durable in the log; it is folded into the file once the user has the result."""
    from segib_desktop.core import db as dbmod
    from segib_desktop.core.models import Setting

    monkeypatch.setattr(dbmod, "AUTOCHECKPOINT_PAGES", 1)  # any other commit folds its log into the file
    path = tmp_path / "log.sqlite3"
    migrate.upgrade(path)
    db = Database(path)
    with db.session(write=True, fold_log=False) as s:
        s.add(Setting(key="left", value="in the log"))
    with db.session() as s:
        assert s.get(Setting, "left").value == "in the log"  # committed
    assert "left" not in in_the_file_alone(path, tmp_path)
    db.checkpoint()
    assert "left" in in_the_file_alone(path, tmp_path)
    with db.session(write=True) as s:  # the same pooled connection: its automatic checkpoint is back
        s.add(Setting(key="folded", value="at once"))
    assert "folded" in in_the_file_alone(path, tmp_path)
    db.close()
