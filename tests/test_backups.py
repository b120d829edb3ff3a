"""Backups and restore, on real files: the backup API, modes, rotation, checks, the lock, the command line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from segib_desktop import errors
from segib_desktop.core import backups, migrate
from segib_desktop.core.db import make_engine
from segib_desktop.core.models import Summit
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.core.workspace import open_workspace

NOW = dt.datetime(2026, 11, 29, 10, 0, 0)


def city(path: Path, number: int = 30) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT city FROM summits WHERE number=?", (number,)).fetchone()[0]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def set_city(db, value: str, number: int = 30) -> None:
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == number)).city = value


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- making backups

def test_a_backup_is_made_with_the_backup_api_and_is_a_private_valid_database(workspace, tmp_path):
    set_city(workspace.db, "Madrid (en WAL)")
    # The change is still in the -wal file: a plain copy of the main file would miss it.
    wal = Path(str(workspace.path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    target = backups.make_backup(workspace.path, tmp_path / "copias", "manual", now=NOW)
    ident = backups.database_id(workspace.path)
    assert ident and target.name == f"segib-20261129-100000-manual.{ident}.sqlite3"
    assert target.stat().st_mode & 0o777 == 0o600
    assert integrity(target) == "ok"
    assert city(target) == "Madrid (en WAL)"
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    assert migrate.inspect_file(target)[0] == migrate.known_revisions()[0]
    assert [p.name for p in (tmp_path / "copias").iterdir()] == [target.name]  # no temporary file left


def test_two_backups_in_the_same_second_get_two_files(workspace, tmp_path):
    first = backups.make_backup(workspace.path, tmp_path, "manual", now=NOW)
    second = backups.make_backup(workspace.path, tmp_path, "manual", now=NOW)
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in backups.list_backups(tmp_path, workspace.path)] == [second, first]


# A backup killed half-way (SIGKILL) in a child process: the copy as the backup API writes it, page by page.
KILLED_COPY = """
import os, signal, sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
dst.execute("PRAGMA cache_size=2")  # the copied pages go to the file as they come, as a large database's do
def progress(status, remaining, total):
    if remaining < total // 2:
        os.kill(os.getpid(), signal.SIGKILL)
src.backup(dst, pages=1, progress=progress)
"""
# A process that has a partial backup open (a backup of it being checked): it says "ready", then waits.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("ready", flush=True)
sys.stdin.readline()
"""


def _killed_backup(db_path: Path, folder: Path, name: str, age_s: float) -> list[Path]:
    partial = folder / f".{name}.partial"
    result = subprocess.run([sys.executable, "-c", KILLED_COPY, str(db_path), str(partial)], timeout=60)
    assert result.returncode == -9
    files = sorted(folder.glob(f".{name}.partial*"))
    assert partial in files and partial.stat().st_size > 0
    moment = time.time() - age_s
    for path in files:
        os.utime(path, (moment, moment))
    return files


@pytest.mark.skipif(os.name != "posix", reason="kills the copying child with SIGKILL")
def test_a_new_backup_deletes_what_a_backup_killed_half_way_left_but_no_other(workspace, tmp_path):
    """A backup killed half-way left a hidden full-size partial file and its journal in the backup folder for
    ever (explore 16, section 8). The next backup of the same database deletes them; not those of another
    database, nor one that changed lately or that a process has open (a backup still being written or
    checked, by the window while ``backup`` runs on the command line)."""
    folder = tmp_path / "copias"
    folder.mkdir()
    ident = backups.database_id(workspace.path)
    hour = 3600
    stale = _killed_backup(workspace.path, folder, f"segib-20261128-100000-start.{ident}.sqlite3", hour)
    assert len(stale) == 2  # the partial file and its journal
    # named without an identity: another database's, or this one's before it had one (then not this one's now)
    old_name = _killed_backup(workspace.path, folder, "segib-20200101-100000-start.sqlite3", hour)
    other = _killed_backup(workspace.path, folder, f"segib-20261128-100000-start.{'0' * 16}.sqlite3", hour)
    other_stem = _killed_backup(workspace.path, folder, f"otra-20261128-100000-start.{ident}.sqlite3", hour)
    recent = _killed_backup(workspace.path, folder, f"segib-20261129-095900-manual.{ident}.sqlite3", 60)
    in_use = _killed_backup(workspace.path, folder, f"segib-20261128-110000-manual.{ident}.sqlite3", hour)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(in_use[0])], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        for path in in_use:  # (opening it rolled its journal back: the journal is gone)
            if path.exists():
                os.utime(path, (time.time() - hour, time.time() - hour))
        target = backups.make_backup(workspace.path, folder, "manual", now=NOW)
        assert integrity(target) == "ok"
        left = set(folder.iterdir())
        assert not left & set(stale)
        assert set(old_name) | set(other) | set(other_stem) | set(recent) | {in_use[0]} <= left
    finally:
        holder.communicate("\n", timeout=30)
    backups.make_backup(workspace.path, folder, "manual", now=NOW)  # the check is over: it is stale now
    assert not set(folder.iterdir()) & set(in_use)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == sorted(
        p.name for p in [*old_name, *other, *other_stem, *recent])


def test_a_backup_folder_that_cannot_be_written_is_refused_with_a_message(workspace, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(backups.BackupFolderUnusable) as info:
        backups.make_backup(workspace.path, blocker / "copias", "manual")
    assert "no se puede usar" in info.value.user_message()


def test_rotation_keeps_the_last_ten_and_one_a_month_for_a_year(workspace, tmp_path):
    folder = tmp_path / "copias"
    made = []
    # Two a month for 15 months (the 1st and the 15th), then 12 in the last days.
    for months_back in range(15, 0, -1):
        year, month = divmod(NOW.year * 12 + NOW.month - 1 - months_back, 12)
        for day in (1, 15):
            made.append(dt.datetime(year, month + 1, day, 9, 0))
    made += [NOW - dt.timedelta(hours=h) for h in range(12 * 6, 0, -6)]
    foreign = folder / "notas-personales.sqlite3"
    folder.mkdir()
    foreign.write_text("not mine")
    other_db = folder / "otra-20200101-000000-manual.sqlite3"
    other_db.write_text("another database's backup")
    for moment in made:
        backups.make_backup(workspace.path, folder, "start", now=moment)
    kept = {b.made for b in backups.list_backups(folder, workspace.path)}
    newest_ten = set(sorted(made)[-10:])
    monthly = set()
    for months_back in range(0, 12):
        year, month = divmod(NOW.year * 12 + NOW.month - 1 - months_back, 12)
        in_month = [m for m in made if (m.year, m.month) == (year, month + 1)]
        if in_month:
            monthly.add(max(in_month))
    assert kept == newest_ten | monthly
    assert len(kept) == 10 + 11  # the current month's newest is among the ten
    assert foreign.exists() and other_db.exists()  # never touches what it did not make


def test_rotation_is_configurable_in_the_settings(workspace, tmp_path):
    settings = SettingsService(workspace.db)
    settings.set(backups.KEEP_LAST_SETTING, 3)
    settings.set(backups.KEEP_MONTHS_SETTING, 1)
    for hours in range(6, 0, -1):
        backups.backup(workspace.path, tmp_path, "manual", now=NOW - dt.timedelta(hours=hours))
    assert len(backups.list_backups(tmp_path, workspace.path)) == 3


@pytest.mark.parametrize("reason", ["upgrade", "replaced", "manual"])
def test_every_backup_rotates_by_the_databases_own_policy(workspace, tmp_path, reason):
    """The backup an upgrade, a restore or a newly chosen folder makes (make_backup with no counts) kept
    the default ten and deleted backups a policy of thirty keeps."""
    SettingsService(workspace.db).set(backups.KEEP_LAST_SETTING, 30)
    for hours in range(15, 0, -1):
        backups.backup(workspace.path, tmp_path, "manual", now=NOW - dt.timedelta(hours=hours))
    backups.make_backup(workspace.path, tmp_path, reason, now=NOW)
    assert len(backups.list_backups(tmp_path, workspace.path)) == 16


def test_an_automatic_backup_is_made_at_start_when_the_last_is_older_than_a_day(dirs):
    ws = open_workspace(dirs.default_db, dirs)  # a new database: nothing to back up yet
    ws.close()
    assert backups.list_backups(dirs.backups) == []
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    (first,) = backups.list_backups(dirs.backups)
    assert first.reason == "start" and integrity(first.path) == "ok"
    ws = open_workspace(dirs.default_db, dirs)  # the same day: no second one
    ws.close()
    assert len(backups.list_backups(dirs.backups)) == 1
    old = first.path.with_name(first.path.name.replace(first.made.strftime(backups.STAMP),
                                                       (first.made - dt.timedelta(days=2)).strftime(backups.STAMP)))
    first.path.rename(old)
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    assert [b.reason for b in backups.list_backups(dirs.backups)] == ["start", "start"]


@pytest.mark.allow_log(r"is not reachable")
def test_the_user_may_choose_the_backup_folder_and_an_unreachable_one_falls_back(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs)
    chosen = tmp_path / "unidad-de-red" / "copias"
    chosen.mkdir(parents=True)  # chosen in a folder dialog: it exists
    SettingsService(ws.db).set(backups.FOLDER_SETTING, str(chosen))
    ws.close()
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    assert [b.reason for b in backups.list_backups(chosen)] == ["start"]
    assert backups.list_backups(dirs.backups) == [] and ws.backup_problem is None
    # the network drive is gone: its mount point is an empty folder again
    shutil.rmtree(tmp_path / "unidad-de-red")
    (tmp_path / "unidad-de-red").mkdir()
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    assert not chosen.exists()  # not made again on this computer's disk, where nobody would look for it
    assert [b.reason for b in backups.list_backups(dirs.backups)] == ["start"]  # the user's folder instead
    assert isinstance(ws.backup_problem, backups.BackupFolderAway)
    said = ws.backup_problem.user_message()
    assert str(chosen) in said and str(dirs.backups) in said and said.startswith("No se puede alcanzar")
    # a backup asked for by hand is refused there, with the folder named, and makes nothing
    with pytest.raises(backups.BackupFolderUnusable) as info:
        backups.backup(dirs.default_db, dirs.backups, "manual")
    assert str(chosen) in info.value.user_message() and not chosen.exists()
    # a folder named for one backup (backup --to NEWDIR) is still made
    assert backups.backup(dirs.default_db, dirs.backups, "manual", to=tmp_path / "nueva").parent.is_dir()


def test_a_migration_backs_up_through_make_backup(tmp_path):
    from alembic import command

    path = tmp_path / "vieja.sqlite3"
    engine = make_engine(path, foreign_keys=False, create=True)
    config = migrate._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    engine.dispose()
    migrate.upgrade(path, tmp_path / "copias")
    (info,) = backups.list_backups(tmp_path / "copias", path)
    assert info.reason == "upgrade"
    assert info.path.stat().st_mode & 0o777 == 0o600
    assert migrate.inspect_file(info.path)[0] == "0002"


# --- restoring

def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs)
    set_city(ws.db, "Madrid")
    saved = backups.make_backup(ws.path, tmp_path / "guardadas", "manual")
    set_city(ws.db, "Madrid (cambiada después)")
    ws.close()
    kept = backups.restore_backup(saved, dirs.default_db, dirs.backups)
    assert city(dirs.default_db) == "Madrid"
    assert integrity(dirs.default_db) == "ok"
    assert dirs.default_db.stat().st_mode & 0o777 == 0o600
    assert kept is not None and backups.parse_name(kept).reason == "replaced"
    assert city(kept) == "Madrid (cambiada después)"
    assert not [p for p in dirs.data.iterdir() if p.name.startswith(".")]  # no temporary file left
    ws = open_workspace(dirs.default_db, dirs)  # and the program opens it
    with ws.db.session() as s:
        assert s.scalar(select(Summit.city).where(Summit.number == 30)) == "Madrid"
    ws.close()


def test_restoring_the_oldest_kept_backup_does_not_rotate_it_away(dirs):
    """The backup of the replaced database, made first, rotated the folder: the oldest of the ten kept, the
    one chosen, went before it was read (the restore then failed and the backup was lost)."""
    ws = open_workspace(dirs.default_db, dirs)
    set_city(ws.db, "Madrid de entonces")
    made = [backups.make_backup(ws.path, dirs.backups, "manual", now=NOW - dt.timedelta(days=10))]
    set_city(ws.db, "Madrid de ahora")
    made += [backups.make_backup(ws.path, dirs.backups, "start", now=NOW - dt.timedelta(days=d))
             for d in range(9, 0, -1)]
    ws.close()
    assert len(backups.list_backups(dirs.backups, dirs.default_db)) == backups.KEEP_LAST
    backups.restore_backup(made[0], dirs.default_db, dirs.backups)
    assert city(dirs.default_db) == "Madrid de entonces" and made[0].exists()


def _newer_schema(path: Path) -> None:
    migrate.upgrade(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _truncated(path: Path) -> None:
    migrate.upgrade(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER)")
    conn.commit()
    conn.close()


def _header_only(path: Path) -> None:
    migrate.upgrade(path)
    data = bytearray(path.read_bytes())
    data[4096:8192] = os.urandom(4096)  # a damaged page inside an otherwise valid file
    path.write_bytes(bytes(data))


def test_restoring_a_backup_that_does_not_exist_says_so(dirs, tmp_path):
    """It was called "not a usable backup (damaged…)"."""
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    before = dirs.default_db.read_bytes()
    with pytest.raises(backups.BackupMissing) as info:
        backups.restore_backup(tmp_path / "no-existe.sqlite3", dirs.default_db, dirs.backups)
    assert info.value.user_message() == (f"La copia de seguridad {tmp_path / 'no-existe.sqlite3'} no existe. No se ha "
                                         "modificado nada; compruebe su nombre y su carpeta, o elija otra copia de "
                                         "seguridad.")
    assert dirs.default_db.read_bytes() == before


@pytest.mark.parametrize("damage, error", [
    (_truncated, backups.BackupInvalid), (_random, backups.BackupInvalid), (_other_program, backups.BackupInvalid),
    (_header_only, backups.BackupInvalid), (_newer_schema, backups.BackupTooNew)])
def test_restore_refuses_a_bad_file_and_changes_nothing(dirs, tmp_path, damage, error):
    ws = open_workspace(dirs.default_db, dirs)
    set_city(ws.db, "Madrid, antes de restaurar")
    ws.close()
    bad = tmp_path / "copia-mala.sqlite3"
    damage(bad)
    before, bad_before = dirs.default_db.read_bytes(), bad.read_bytes()
    folder_before = snapshot(dirs.backups)
    with pytest.raises(error) as info:
        backups.restore_backup(bad, dirs.default_db, dirs.backups)
    assert dirs.default_db.read_bytes() == before
    assert bad.read_bytes() == bad_before
    assert snapshot(dirs.backups) == folder_before
    assert "No se ha modificado nada" in info.value.user_message()


def test_restore_refuses_while_the_database_is_open(workspace, tmp_path):
    saved = backups.make_backup(workspace.path, tmp_path, "manual")
    set_city(workspace.db, "Abierta")
    with pytest.raises(errors.DatabaseInUse):
        backups.restore_backup(saved, workspace.path, tmp_path / "otras")
    with workspace.db.session() as s:
        assert s.scalar(select(Summit.city).where(Summit.number == 30)) == "Abierta"
    assert not (tmp_path / "otras").exists()


def test_restore_refuses_the_database_itself(dirs):
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    with pytest.raises(backups.SameFile):
        backups.restore_backup(dirs.default_db, dirs.default_db, dirs.backups)


def test_a_backup_with_an_older_schema_is_restored_and_migrated_when_opened(dirs, tmp_path):
    from alembic import command

    old = tmp_path / "antigua.sqlite3"
    engine = make_engine(old, foreign_keys=False, create=True)
    config = migrate._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.execute(text("INSERT INTO countries (uid, version, iso2, iso3, name_es, name_pt, region) "
                          "VALUES ('u1', 1, 'XX', 'XXX', 'Antiguo', 'Antigo', '')"))
    engine.dispose()
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    backups.restore_backup(old, dirs.default_db, dirs.backups)
    assert migrate.inspect_file(dirs.default_db)[0] == "0003"
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    assert migrate.inspect_file(dirs.default_db)[0] == migrate.known_revisions()[0]
    conn = sqlite3.connect(dirs.default_db)
    assert conn.execute("SELECT name_es FROM countries WHERE iso2='XX'").fetchone() == ("Antiguo",)
    conn.close()


@pytest.mark.allow_log(r"backup API failed", r"not readable as a database")
def test_restoring_over_a_damaged_database_keeps_a_raw_copy_of_it(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs)
    saved = backups.make_backup(ws.path, tmp_path, "manual")
    ws.close()
    garbage = os.urandom(32 * 1024)
    dirs.default_db.write_bytes(garbage)
    kept = backups.restore_backup(saved, dirs.default_db, dirs.backups)
    assert kept.read_bytes() == garbage
    assert kept.stat().st_mode & 0o777 == 0o600
    assert integrity(dirs.default_db) == "ok"


# --- the command line

def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_backup_and_restore_from_the_command_line(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs)
    set_city(ws.db, "Madrid")
    ws.close()
    result = cli("backup", "--to", str(tmp_path / "pendrive"), home=dirs.data)
    assert result.returncode == 0, result.stderr
    (saved,) = (tmp_path / "pendrive").iterdir()
    assert str(saved) in result.stdout and "Copia de seguridad guardada" in result.stdout
    ws = open_workspace(dirs.default_db, dirs)
    set_city(ws.db, "Otra")
    ws.close()
    result = cli("restore", str(saved), "--lang", "pt", home=dirs.data)
    assert result.returncode == 0, result.stderr
    assert "foi restaurado" in result.stdout
    assert city(dirs.default_db) == "Madrid"
    assert sorted(b.reason for b in backups.list_backups(dirs.backups)) == ["replaced", "start"]


def test_the_command_line_says_one_sentence_for_a_bad_backup(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs)
    ws.close()
    bad = tmp_path / "rota.sqlite3"
    bad.write_bytes(b"\x00garbage" * 1000)
    before = dirs.default_db.read_bytes()
    result = cli("restore", str(bad), home=dirs.data)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "no es una copia de seguridad" in result.stderr
    assert dirs.default_db.read_bytes() == before
    result = cli("backup", "--db", str(tmp_path / "no-existe.sqlite3"), home=dirs.data)
    assert result.returncode == 1 and "no existe" in result.stderr
