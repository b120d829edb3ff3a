"""Which backups the program trusts, names and offers: on real files, damaged for real (bytes overwritten, a
disk filled), with the dates a wrong clock gives them. What a backup's check calls good, a restore accepts;
a backup dated in the future is not the newest; the restore list offers a database's own backups whoever
it is now; a restore that fails leaves nothing behind."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from segib_desktop import errors
from segib_desktop.core import backups, migrate
from segib_desktop.core import db as dbmod
from segib_desktop.core.workspace import open_workspace
from segib_desktop.gui.backup_choice import available_backups, describe_backup
from tests.test_faults import mounts_work, small_disk

NOW = dt.datetime(2026, 12, 4, 10, 0, 0)


def make_db(path: Path, dirs, *, anew: bool = False) -> Path:
    open_workspace(path, dirs, user="tester", anew=anew).close()  # closed: no -wal left
    return path


def set_city(path: Path, value: str, number: int = 30) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE summits SET city=? WHERE number=?", (value, number))


def city(path: Path, number: int = 30) -> str:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT city FROM summits WHERE number=?", (number,)).fetchone()[0]


def integrity(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def damage_an_index(path: Path) -> None:
    """Overwrites one key of the countries' ``uid`` index in the file: the smallest uid's first byte, on the
    index's own page, made smaller still (the page stays well formed and in order). ``quick_check``, every
    backup's check, sees nothing; ``integrity_check`` finds the row missing from the index."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        key = conn.execute("SELECT min(uid) FROM countries").fetchone()[0].encode()
        roots = [row[0] for row in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='countries'")]
    with open(path, "r+b") as fh:
        for root in roots:
            fh.seek((root - 1) * page_size)
            page = bytearray(fh.read(page_size))
            at = page.find(key)
            if at >= 0:
                page[at] = ord("-")  # before every digit and letter
                fh.seek((root - 1) * page_size)
                fh.write(page)
                break
    assert dbmod.intact(path)
    assert any("missing from index" in line for line in integrity(path)), integrity(path)


def damage_a_page(path: Path, table: str = "summits") -> None:
    """Overwrites the middle of a page of ``table`` (damage that every check sees)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff\x00\x13" * 200)
    assert not dbmod.intact(path)


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- D1: an index out of step with its table passes every backup's check; the restore rebuilds it

@pytest.mark.allow_log(r"indexes out of step")
def test_a_backup_whose_index_is_out_of_step_is_restored_and_its_index_rebuilt(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    set_city(path, "Madrid de la copia")
    damage_an_index(path)
    made = backups.make_backup(path, tmp_path / "copias", "manual")  # its check (quick_check) passes
    assert any("missing from index" in line for line in integrity(made))
    assert backups.check_backup(made) == migrate.known_revisions()[0]
    set_city(path, "Madrid cambiada después")
    backups.restore_backup(made, path, dirs.backups)
    assert integrity(path) == ["ok"]  # the index rebuilt
    assert city(path) == "Madrid de la copia"
    assert hidden(path.parent) == []
    assert any("missing from index" in line for line in integrity(made))  # the backup itself is left as it was


@pytest.mark.allow_log(r"indexes out of step", r"is damaged")
def test_the_backup_the_damage_message_names_is_one_that_restore_accepts(tmp_path, dirs):
    """Every backup made since an index went out of step passes its check, and rotation keeps only those: the
    newest of them is the one named, and the command the message gives restores it."""
    path = make_db(dirs.default_db, dirs)
    damage_an_index(path)
    made = [backups.make_backup(path, dirs.backups, "start", now=NOW - dt.timedelta(days=d)) for d in range(3, 0, -1)]
    damage_a_page(path)  # now damage that every check sees
    with pytest.raises(backups.DamagedWithBackup) as caught:
        backups.backup(path, dirs.backups, "manual")
    assert str(made[-1]) in caught.value.user_message()
    backups.restore_backup(made[-1], path, dirs.backups)
    assert integrity(path) == ["ok"]


def test_a_backup_damaged_beyond_its_indexes_is_still_refused(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    made = backups.make_backup(path, tmp_path / "copias", "manual")
    damage_an_index(made)
    damage_a_page(made)
    with pytest.raises(backups.BackupInvalid):
        backups.check_backup(made)
    assert not backups.restorable(made)


# --- D2: a backup dated in the future (the clock was ahead, or has been set back)

def test_a_backup_dated_in_the_future_does_not_stop_the_daily_backup(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    start = dt.datetime.now() - dt.timedelta(days=3)
    future = backups.make_backup(path, dirs.backups, "manual", now=start + dt.timedelta(days=200))  # clock ahead
    daily = []
    for day in range(3):  # three starts on three days, the clock right again
        daily.append(backups.backup_if_due(path, dirs.backups, now=start + dt.timedelta(days=day)))
        assert daily[-1] is not None
    assert backups.backup_if_due(path, dirs.backups, now=start + dt.timedelta(days=2, hours=1)) is None
    # the newest is the newest made, not the one dated in the future: in the lists, and as the good one named
    assert [i.path for i in backups.list_backups(dirs.backups, path)] == [*daily[::-1], future]
    assert backups.last_good(path, [dirs.backups]).path == daily[-1]


def test_the_restore_list_puts_a_backup_dated_in_the_future_last_and_says_why(dirs):
    path = make_db(dirs.default_db, dirs)
    now = dt.datetime.now()
    future = backups.make_backup(path, dirs.backups, "manual", now=now + dt.timedelta(days=300))
    today = backups.make_backup(path, dirs.backups, "manual", now=now - dt.timedelta(minutes=1))
    found = available_backups(path, dirs.backups)
    assert [i.path for i in found] == [today, future]
    assert "reloj" not in describe_backup(found[0])
    assert describe_backup(found[1]).endswith("con fecha futura: el reloj del ordenador estaba mal")


# --- D6 / D3: the restore list offers the backups named with the database's file name, whoever it is now

def test_after_restoring_another_databases_backup_the_own_backups_and_the_replaced_copy_are_offered(
        tmp_path, dirs):
    mine = make_db(dirs.default_db, dirs)
    set_city(mine, "Madrid mía")
    own = backups.make_backup(mine, dirs.backups, "manual", now=NOW)
    colleague = make_db(tmp_path / "colega" / mine.name, dirs)
    theirs = backups.make_backup(colleague, tmp_path / "de la colega", "manual", now=NOW)
    replaced = backups.restore_backup(theirs, mine, dirs.backups)  # the wrong one, chosen with "another file"
    found = available_backups(mine, dirs.backups)
    assert {i.path for i in found} == {own, replaced}
    assert all(i.other for i in found)
    assert all(describe_backup(i).endswith("otra base de datos con este nombre de archivo") for i in found)
    # rotation still deletes only the backups of the database it is now
    assert backups.list_backups(dirs.backups, mine, own=True) == []
    for day in range(1, 13):
        backups.make_backup(mine, dirs.backups, "start", now=NOW + dt.timedelta(days=day))
    assert own.exists() and replaced.exists()
    # and the undo works
    backups.restore_backup(replaced, mine, dirs.backups)
    assert city(mine) == "Madrid mía"


@pytest.mark.allow_log("is missing; its newest backup is")
def test_a_new_database_in_the_place_of_a_lost_one_is_offered_the_lost_ones_backups(dirs):
    path = make_db(dirs.default_db, dirs)
    lost = backups.make_backup(path, dirs.backups, "manual", now=NOW)
    path.unlink()  # a cleanup tool, a profile reset
    with pytest.raises(errors.DatabaseGone):  # the start says the database is missing, and creates nothing
        make_db(path, dirs)
    assert not path.exists()
    make_db(path, dirs, anew=True)  # the officer chose to start anew: a new database, an identity of its own
    assert [(i.path, i.other) for i in available_backups(path, dirs.backups)] == [(lost, True)]
    assert backups.backup_if_due(path, dirs.backups, now=NOW + dt.timedelta(hours=1)) is not None  # not its own


# --- D7: a full disk under a restore, or under a backup, leaves nothing behind

@pytest.mark.skipif(not mounts_work(), reason="needs a real small disk (root, mount)")
def test_a_restore_on_a_full_disk_names_the_databases_disk_and_leaves_nothing(tmp_path, dirs):
    source = make_db(tmp_path / "grande" / "segib.sqlite3", dirs)
    with contextlib.closing(sqlite3.connect(source)) as conn, conn:  # a backup larger than the room left
        conn.execute("INSERT INTO settings (key, value) VALUES ('lastre', ?)", (f'"{"x" * 16_000_000}"',))
    large = backups.make_backup(source, tmp_path / "copias", "manual")
    size = make_db(tmp_path / "medida.sqlite3", dirs).stat().st_size
    with small_disk(tmp_path / "disco", f"{size // 1024 + 1024}k") as folder:
        path = make_db(folder / "segib.sqlite3", dirs)
        set_city(path, "Madrid de antes")
        with pytest.raises(errors.DiskFull) as caught:
            backups.restore_backup(large, path, tmp_path / "guardadas")
        left = hidden(folder)
        assert str(path) in caught.value.user_message() and str(large) not in caught.value.user_message()
        assert left == []
        assert city(path) == "Madrid de antes" and integrity(path) == ["ok"]


@pytest.mark.skipif(not mounts_work(), reason="needs a real small disk (root, mount)")
def test_a_backup_into_a_folder_that_fills_up_leaves_no_journal(tmp_path, dirs):
    """Larger than SQLite's page cache (8 MB): the copy spills to its file, behind a journal, before the disk
    is full."""
    path = make_db(dirs.default_db, dirs)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('lastre', ?)", (f'"{"x" * 16_000_000}"',))
    with small_disk(tmp_path / "copias", f"{path.stat().st_size // 2048}k") as folder:
        with pytest.raises(backups.BackupFolderFull):
            backups.make_backup(path, folder, "manual")
        assert os.listdir(folder) == []


# --- D8: another program's database that Alembic manages is not "made by a newer SEGIB Desktop"

def _another_alembic_program(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('3f1c2a9d7b10')")
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")


def test_another_alembic_programs_database_is_not_a_newer_segib_one(tmp_path, dirs):
    other = tmp_path / "otro.sqlite3"
    _another_alembic_program(other)
    before = other.read_bytes()
    path = make_db(dirs.default_db, dirs)
    with pytest.raises(backups.BackupInvalid):
        backups.restore_backup(other, path, dirs.backups)
    with pytest.raises(errors.NotADatabase):
        open_workspace(other, dirs)
    with pytest.raises(errors.NotADatabase):
        migrate.upgrade(other)
    assert other.read_bytes() == before


def test_a_newer_segib_database_is_still_called_newer(tmp_path, dirs):
    newer = make_db(tmp_path / "nueva.sqlite3", dirs)
    with contextlib.closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    with pytest.raises(backups.BackupTooNew):
        backups.check_backup(newer)
    with pytest.raises(errors.DatabaseTooNew):
        migrate.upgrade(newer)
