"""Issue 17's data-safety faults, made for real: odd paths, page-level damage, a second process holding a write
transaction or the window's lock, a full backup folder, umask 000, a mistyped --db."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from segib_desktop import errors
from segib_desktop.core import backups, migrate
from segib_desktop.core import db as dbmod
from segib_desktop.core.workspace import open_workspace
from tests.test_faults import fill_up, mounts_work, small_disk

ODD_FOLDERS = ["Equipo #1", "¿Qué? 100%41", "Cooperación São Tomé", "日本 Україна"]


class Ran(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


MARK = "@@ status "
CHILD = textwrap.dedent("""
    import json, sys
    from segib_desktop.cli import main
    for command in json.loads(sys.argv[1]):
        try:
            status = main(command)
        except SystemExit as exc:
            status = exc.code
        for stream in (sys.stdout, sys.stderr):
            print(f"{MARK}{status}", file=stream, flush=True)
""")


def cli_each(*commands: list[str], home: Path, umask: int | None = None, fsize: int | None = None) -> list[Ran]:
    """Commands run as a user runs them, one after the other in one process of their own (one start of the
    interpreter for them all), with a umask or a file-size limit if given."""
    import json

    setup = ""
    if umask is not None:
        setup += f"import os; os.umask({umask})\n"
    if fsize is not None:  # a disk that is full once a file reaches fsize bytes
        setup += (f"import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
                  f"resource.setrlimit(resource.RLIMIT_FSIZE, ({fsize}, {fsize}))\n")
    done = subprocess.run([sys.executable, "-c", setup + f"MARK = {MARK!r}\n" + CHILD, json.dumps(commands)],
                          capture_output=True, text=True, env=os.environ | {"SEGIB_DESKTOP_HOME": str(home)},
                          timeout=180)
    outs, errs = done.stdout.split(MARK), done.stderr.split(MARK)
    assert len(outs) == len(commands) + 1, done.stderr
    ran = []
    for i in range(len(commands)):
        status_line, _, _rest = outs[i + 1].partition("\n")
        ran.append(Ran(int(status_line), outs[i].partition("\n")[2] if i else outs[i],
                       errs[i].partition("\n")[2] if i else errs[i]))
    return ran


def cli(*args: str, home: Path, **limits) -> Ran:
    (ran,) = cli_each(list(args), home=home, **limits)
    return ran


def make_db(path: Path, dirs) -> Path:
    open_workspace(path, dirs, user="tester").close()  # closed: no -wal left
    return path


def damage_a_page(path: Path, table: str = "summits") -> None:
    """Overwrites the middle of a page of ``table`` in the file (page-level damage, the header intact)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff\x00\x13" * 200)
    assert not dbmod.intact(path)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# --- 1. every path the OS accepts opens exactly that file

@pytest.mark.parametrize("folder", ODD_FOLDERS)
def test_a_path_with_any_character_opens_exactly_that_file(tmp_path, dirs, folder):
    path = tmp_path / folder / "segib.sqlite3"
    ws = open_workspace(path, dirs)
    with ws.db.session() as s:
        from sqlalchemy import text

        s.execute(text("UPDATE summits SET city='Ciudad de prueba' WHERE number=30"))
    with ws.db.read() as conn:
        assert conn.execute("SELECT city FROM summits WHERE number=30").fetchone() == ("Ciudad de prueba",)
    saved = backups.make_backup(path, tmp_path / folder / "copias", "manual")
    ws.close()
    assert backups.check_backup(saved) == migrate.known_revisions()[0]
    assert backups.read_settings(path, (backups.ID_SETTING,))  # read through the escaped URI too
    backups.restore_backup(saved, path, tmp_path / folder / "copias")
    # Nothing but the database, its lock and its backups, where they were asked for
    assert {p.name for p in tmp_path.iterdir()} == {folder, "home"}
    assert {p.name for p in (tmp_path / folder).iterdir()} == {"segib.sqlite3", "segib.sqlite3.lock", "copias"}
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_command_line_opens_exactly_the_file_named(tmp_path, dirs):
    path = tmp_path / "Equipo #1" / "?%41 ñ 日本" / "segib.sqlite3"
    upgraded, result = cli_each(["db", "upgrade", "--db", str(path)], ["search", "Cádiz", "--db", str(path)],
                                home=dirs.data)
    assert upgraded.returncode == 0, upgraded.stderr
    assert result.returncode == 0, result.stderr
    assert "Cádiz" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Equipo #1", "home"]  # no "Equipo " beside it


# --- 2. a damaged database: said so, not written, not backed up; the good backups stay

def test_a_damaged_database_is_never_backed_up_and_its_good_backups_survive(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    good = backups.make_backup(path, dirs.backups, "manual")
    damage_a_page(path)
    before = files_under(dirs.backups)
    result = cli("backup", home=dirs.data)
    assert result.returncode == 1
    assert "está dañada" in result.stderr and str(good) in result.stderr, result.stderr
    assert f"segib-desktop restore {good} --db {path}" in result.stderr  # the command that restores it
    for _ in range(11):  # more than the ten kept: rotation must not run
        with pytest.raises(backups.DamagedWithBackup):
            backups.backup(path, dirs.backups, "manual")
    assert files_under(dirs.backups) == before  # no copy of the damage, nothing deleted, no partial file
    # the automatic backup at start does not copy it either
    with pytest.raises(errors.DatabaseCorrupt):
        backups.backup_if_due(path, dirs.backups, now=dt.datetime.now() + dt.timedelta(days=2))
    assert files_under(dirs.backups) == before


def exported(tmp_path: Path, dirs) -> Path:
    from segib_desktop.core import exchange

    ws = open_workspace(make_db(tmp_path / "origen.sqlite3", dirs), dirs)
    try:
        exchange.export_file(ws.db, tmp_path / "datos.json")
    finally:
        ws.close()
    return tmp_path / "datos.json"


def test_import_into_a_damaged_database_is_refused_and_writes_nothing(tmp_path, dirs):
    exported_file = exported(tmp_path, dirs)
    path = make_db(dirs.default_db, dirs)
    good = backups.make_backup(path, dirs.backups, "manual")
    damage_a_page(path)
    before = path.read_bytes()
    result = cli("import", str(exported_file), home=dirs.data)
    assert result.returncode == 1
    assert "está dañada" in result.stderr and str(good) in result.stderr
    assert path.read_bytes() == before
    assert [b.path for b in backups.list_backups(dirs.backups, path)] == [good]


def test_export_of_a_damaged_database_says_it_is_damaged(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    damage_a_page(path, "countries")
    result = cli("export", str(tmp_path / "salida.json"), home=dirs.data)
    assert result.returncode == 1
    assert "está dañada" in result.stderr and "inesperado" not in result.stderr
    assert not (tmp_path / "salida.json").exists()


def test_rotation_never_deletes_the_newest_backup_that_passes_its_check(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    start = dt.datetime(2026, 11, 1, 9, 0, 0)
    made = [backups.make_backup(path, tmp_path, "manual", now=start + dt.timedelta(hours=h)) for h in range(3)]
    for later in made[1:]:  # the two newest spoilt on the disk afterwards
        damage_a_page(later)
    removed = backups.rotate(tmp_path, path, keep_last=1, keep_months=0, now=start + dt.timedelta(days=1))
    assert made[0] not in removed and made[0].exists()
    assert made[1] in removed and made[2].exists()  # the newest is kept by the policy itself


def test_a_copy_spoilt_on_its_way_to_the_backup_folder_is_deleted_and_said(tmp_path, dirs, monkeypatch):
    """The database is sound but the copy is not (a failing disk under the backup folder): the copy is
    checked before it gets its name, deleted, and the message names the folder; earlier backups stay."""
    path = make_db(dirs.default_db, dirs)
    folder = tmp_path / "backups"
    first = backups.make_backup(path, folder, "manual", now=dt.datetime(2026, 11, 1, 9, 0))
    copy = dbmod.backup

    def spoilt_on_the_way(source, target):  # the bytes of one page of the copy overwritten, for real
        copy(source, target)
        damage_a_page(Path(target))

    monkeypatch.setattr(dbmod, "backup", spoilt_on_the_way)
    with pytest.raises(backups.BackupFailedCheck) as caught:
        backups.make_backup(path, folder, "manual", now=dt.datetime(2026, 11, 1, 10, 0))
    assert str(folder) in caught.value.user_message() and "comprobación" in caught.value.user_message()
    assert sorted(folder.iterdir()) == [first]  # no partial copy left, the good backup kept
    assert dbmod.intact(path) and dbmod.intact(first)


@pytest.mark.allow_log(r"is damaged")
def test_the_window_checks_the_database_in_the_background_and_offers_the_last_good_backup(dirs):
    path = make_db(dirs.default_db, dirs)
    good = backups.make_backup(path, dirs.backups, "manual")
    damage_a_page(path)
    ws = open_workspace(path, dirs, daily_backup=False)  # opening stays fast: the check comes after
    try:
        fault = ws.check_and_backup()
    finally:
        ws.close()
    assert isinstance(fault, backups.DamagedWithBackup)
    assert str(good) in fault.user_message()
    assert [b.path for b in backups.list_backups(dirs.backups)] == [good]


# --- 3. backups keyed by the database's identity, not its file name

def test_two_databases_with_the_same_name_keep_their_own_backups(tmp_path, dirs):
    one = make_db(tmp_path / "oficina" / "segib.sqlite3", dirs)
    two = make_db(tmp_path / "casa" / "segib.sqlite3", dirs)
    assert backups.database_id(one) != backups.database_id(two)
    shared = tmp_path / "copias"
    start = dt.datetime(2026, 11, 1, 9, 0, 0)
    mine = [backups.make_backup(one, shared, "manual", now=start + dt.timedelta(minutes=m)) for m in range(3)]
    for m in range(12):  # the other's backups, more than are kept
        backups.make_backup(two, shared, "manual", now=start + dt.timedelta(hours=1, minutes=m), keep_last=2)
    assert all(p.exists() for p in mine)
    assert [b.path for b in backups.list_backups(shared, one)] == mine[::-1]
    assert len(backups.list_backups(shared, two)) == 2


def test_an_existing_database_gets_an_identity_and_its_old_backups_stay_listed(tmp_path, dirs):
    path = tmp_path / "antigua" / "segib.sqlite3"
    path.parent.mkdir()
    migrate.build_at(path, "0008")
    old = backups.make_backup(path, dirs.backups, "manual", now=dt.datetime(2026, 1, 1))
    assert backups.parse_name(old).ident is None  # named as before: by the file's stem
    make_db(path, dirs)  # opening upgrades it: it gets its identity
    ident = backups.database_id(path)
    assert ident is not None
    new = backups.make_backup(path, dirs.backups, "manual")
    assert backups.parse_name(new).ident == ident
    assert [b.path for b in backups.list_backups(dirs.backups, path)][-1] == old
    backups.rotate(dirs.backups, path, keep_last=1, keep_months=0)
    assert old.exists()  # not this database's for sure: never rotated away


def test_the_daily_backup_is_not_skipped_for_a_namesake(tmp_path, dirs):
    one = make_db(tmp_path / "a" / "segib.sqlite3", dirs)
    two = make_db(tmp_path / "b" / "segib.sqlite3", dirs)
    now = dt.datetime(2026, 11, 2, 9, 0, 0)
    assert backups.backup_if_due(one, tmp_path / "copias", now=now) is not None
    assert backups.backup_if_due(two, tmp_path / "copias", now=now) is not None


# --- 4. restore takes an exclusive lock first; 7. it restores only a whole database

WRITER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE" if sys.argv[2] == "write" else "BEGIN")
    if sys.argv[2] == "write":
        conn.execute("UPDATE summits SET city='Escrita por el otro' WHERE number=30")
    else:
        conn.execute("SELECT count(*) FROM summits").fetchone()
    print("ready", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
    print("committed", flush=True)
""")


@contextlib.contextmanager
def another_process(path: Path, mode: str):
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), mode], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()


def _commit(child) -> None:
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "committed"


@pytest.mark.parametrize("mode", ["write", "read"])
def test_restore_refuses_while_another_process_has_the_database_open(tmp_path, dirs, mode):
    path = make_db(dirs.default_db, dirs)
    saved = backups.make_backup(path, tmp_path, "manual")
    before = files_under(dirs.backups)
    with another_process(path, mode) as child:
        with pytest.raises(backups.ReplaceRefused) as info:
            backups.restore_backup(saved, path, dirs.backups)
        assert "otro programa" in info.value.user_message()
        _commit(child)  # its transaction survives the attempt
    assert files_under(dirs.backups) == before  # refused before anything was written
    with contextlib.closing(sqlite3.connect(path)) as conn:
        city = conn.execute("SELECT city FROM summits WHERE number=30").fetchone()[0]
    assert (city == "Escrita por el otro") == (mode == "write")
    backups.restore_backup(saved, path, dirs.backups)  # once it has gone, the restore is made
    assert dbmod.intact(path) and not Path(f"{path}-wal").exists()


def test_restore_from_the_command_line_says_why_it_cannot(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    saved = backups.make_backup(path, tmp_path, "manual")
    with another_process(path, "write") as child:
        result = cli("restore", str(saved), home=dirs.data)
        _commit(child)
    assert result.returncode == 1 and "otro programa" in result.stderr and "Traceback" not in result.stderr


def _only_alembic_version(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (migrate.known_revisions()[0],))
        conn.commit()


def _a_table_dropped(path: Path) -> None:
    migrate.upgrade(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DROP TABLE milestones")
        conn.commit()


def _a_column_dropped(path: Path) -> None:
    migrate.upgrade(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE briefings DROP COLUMN sha256")
        conn.commit()


@pytest.mark.allow_log(r"lacks tables or columns")
@pytest.mark.parametrize("make", [_only_alembic_version, _a_table_dropped, _a_column_dropped])
def test_restore_accepts_only_a_whole_database(tmp_path, dirs, make):
    path = make_db(dirs.default_db, dirs)
    bad = tmp_path / "no-es-copia.sqlite3"
    make(bad)
    before = path.read_bytes()
    with pytest.raises(backups.BackupInvalid):
        backups.restore_backup(bad, path, dirs.backups)
    assert path.read_bytes() == before and backups.list_backups(dirs.backups) == []


# --- 10. owner-only, even under umask 000

def test_everything_the_program_creates_is_owner_only_under_umask_000(tmp_path):
    home = tmp_path / "home"
    newdir = tmp_path / "pendrive" / "copias" / "nueva"
    for result in cli_each(["db", "upgrade"], ["backup", "--to", str(newdir)], home=home, umask=0):
        assert result.returncode == 0, result.stderr
    code = ("import os, sys; os.umask(0); os.environ['QT_QPA_PLATFORM']='offscreen';"
            "from segib_desktop import paths; from segib_desktop.gui.app import make_settings;"
            "s = make_settings(paths.user_dirs()); s.setValue('language', 'pt'); s.sync();"
            "sys.exit(s.status().value)")
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    assert subprocess.run([sys.executable, "-c", code], env=env, timeout=120).returncode == 0
    created = [home, *home.rglob("*"), tmp_path / "pendrive", *(tmp_path / "pendrive").rglob("*")]
    assert (home / "settings.ini").is_file() and any(p.parent == newdir for p in created)
    loose = {str(p.relative_to(tmp_path)): oct(p.stat().st_mode & 0o777) for p in created
             if p.stat().st_mode & 0o077}
    assert loose == {}


# --- 11. a mistyped --db on a reading command creates nothing

MISTYPED = textwrap.dedent("""
    import sys
    from segib_desktop.cli import main
    for command in (["search", "Cádiz"], ["db", "info"], ["export", "salida.json"],
                    ["briefing", "--summit", "30", "--out", "nota.pdf"]):
        status = main([*command, "--db", sys.argv[1]])
        print(f"{command[0]}: {status}", file=sys.stderr, flush=True)
""")


def test_a_reading_command_on_a_missing_database_says_so_and_creates_nothing(tmp_path, dirs):
    missing = tmp_path / "Escritorio" / "segib.sqltie3"
    before = files_under(tmp_path)
    result = subprocess.run([sys.executable, "-c", MISTYPED, str(missing)], capture_output=True, text=True,
                            cwd=tmp_path, env=os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)}, timeout=120)
    sentence = f"La base de datos {missing} no existe. Compruebe su nombre y su carpeta; no se ha creado nada."
    assert result.stderr.splitlines() == [sentence, "search: 1", sentence, "db: 1", sentence, "export: 1",
                                          sentence, "briefing: 1"], result.stderr
    assert {p for p in files_under(tmp_path) if dirs.logs not in p.parents} == before  # the log says it too


def test_a_folder_given_as_the_database_is_called_a_folder_and_nothing_is_made(tmp_path, dirs):
    """A folder (or an empty --db: the current folder) was called a damaged database, and got a lock file."""
    folder = tmp_path / "Documentos"
    folder.mkdir()
    before = files_under(tmp_path)
    result = subprocess.run([sys.executable, "-c", MISTYPED, str(folder)], capture_output=True, text=True,
                            cwd=tmp_path, env=os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)}, timeout=120)
    sentence = (f"{folder} es una carpeta, no una base de datos. No se ha modificado nada; elija el propio archivo "
                "de la base de datos u otra base de datos.")
    assert result.stderr.splitlines() == [sentence, "search: 1", sentence, "db: 1", sentence, "export: 1",
                                          sentence, "briefing: 1"], result.stderr
    assert {p for p in files_under(tmp_path) if dirs.logs not in p.parents} == before
    # the window's start, and an import, which may create its database, refuse it alike
    with pytest.raises(errors.DatabaseIsFolder):
        open_workspace(folder, dirs)
    result = cli("import", str(exported(tmp_path, dirs)), "--db", str(folder), home=dirs.data)
    assert result.returncode == 1 and "es una carpeta, no una base de datos" in result.stderr
    # an empty --db is not taken for the current folder: a usage error (tests/test_cli_input.py)
    assert cli("import", str(exported(tmp_path, dirs)), "--db", "", home=dirs.data).returncode == 2


def test_import_creates_its_database(tmp_path, dirs):
    """Export, then import into a new database: how a database moves to another workstation."""
    path = tmp_path / "nuevo puesto" / "segib.sqlite3"
    result = cli("import", str(exported(tmp_path, dirs)), "--db", str(path), home=dirs.data)
    assert result.returncode == 0, result.stderr
    assert dbmod.intact(path)


# --- issue 19: reading commands while the window has the database open

HOLDER = textwrap.dedent("""
    import sys
    from segib_desktop import paths
    from segib_desktop.core.workspace import open_workspace
    ws = open_workspace(sys.argv[1], paths.user_dirs(), daily_backup=False)  # what the window holds
    with ws.db.read() as conn:
        conn.execute("SELECT count(*) FROM summits").fetchone()
    print("open", flush=True)
    sys.stdin.readline()
    ws.close()
""")


def test_reading_commands_work_while_the_window_has_the_database_open(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)}
    window = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert window.stdout.readline().strip() == "open"
        export, search, briefing, calendar, overlaps, writing = cli_each(
            ["export", str(tmp_path / "datos.json")], ["search", "Cádiz"],
            ["briefing", "--summit", "30", "--out", str(tmp_path / "nota.pdf")],
            ["calendar", "--out", str(tmp_path / "agenda.ics")], ["overlaps"],  # explore18: both refused
            ["import", str(tmp_path / "datos.json")], home=dirs.data)
        assert export.returncode == 0 and (tmp_path / "datos.json").stat().st_size > 0, export.stderr
        assert search.returncode == 0 and "Cádiz" in search.stdout, search.stderr
        assert briefing.returncode == 0 and (tmp_path / "nota.pdf").stat().st_size > 0, briefing.stderr
        assert calendar.returncode == 0 and "BEGIN:VCALENDAR" in (tmp_path / "agenda.ics").read_text(), \
            calendar.stderr
        assert overlaps.returncode == 0 and "otra copia" not in overlaps.stderr, overlaps.stderr
        # a writing command still refuses, with the reason
        assert writing.returncode == 1 and "ya está abierta en otra copia" in writing.stderr, writing.stderr
    finally:
        window.stdin.write("\n")
        window.stdin.flush()
        window.wait(timeout=60)
    with contextlib.closing(sqlite3.connect(path)) as conn:  # the briefing's record was kept
        assert conn.execute("SELECT count(*) FROM briefings").fetchone() == (1,)


def test_a_database_whose_folder_cannot_be_reached_is_said_in_a_sentence(dirs):
    """explore18: "--db Q:\\segib.sqlite3" with Q: not connected gave "Unexpected error" (its folder could not
    be made); here a folder that cannot be made under /proc, as Windows refuses Q:\\."""
    for command in (["db", "upgrade"], ["demo"]):
        result = cli(*command, "--db", "/proc/segib-no-conectada/segib.sqlite3", home=dirs.data)
        assert result.returncode == 1 and "Error inesperado" not in result.stderr, result.stderr
        assert result.stderr.startswith("No se puede acceder a la base de datos /proc/segib-no-conectada"), \
            result.stderr


# --- 13. a full backup folder is reported as such

def test_a_full_backup_folder_is_not_reported_as_the_database_disk(tmp_path, dirs):
    path = make_db(dirs.default_db, dirs)
    before = path.read_bytes()
    if mounts_work():
        with small_disk(tmp_path / "pequeño") as folder:
            fill_up(folder)
            result = cli("backup", "--to", str(folder), home=dirs.data)
            leftovers = [p.name for p in folder.iterdir() if p.name != "filler"]
    else:  # a child whose files may not grow past the database's size: the copy is what fails
        folder = tmp_path / "copias"
        result = cli("backup", "--to", str(folder), home=dirs.data, fsize=path.stat().st_size // 2)
        leftovers = [p.name for p in folder.iterdir()]
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"La carpeta de copias de seguridad {folder} está llena"), result.stderr
    assert leftovers == []
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["nota.docx", "nota.pdf"])
def test_a_briefing_on_a_full_disk_says_one_sentence_and_keeps_the_old_file(tmp_path, dirs, name):
    """explore21 D10: a Word briefing left python-docx's zip file open when the disk filled; its __del__ then
    printed "Exception ignored … seek of closed file" and a traceback after the sentence."""
    path = make_db(dirs.default_db, dirs)
    command = ["briefing", "--summit", "30", "--lang", "pt", "--db", str(path), "--out"]
    folder = tmp_path / "pendrive"
    with small_disk(folder, "400k") if mounts_work() else contextlib.nullcontext(folder.mkdir()):
        out = folder / name
        out.write_bytes(b"old briefing")
        if mounts_work():
            fill_up(folder)
            result, reason = cli(*command, str(out), home=dirs.data), "o disco está cheio"
        else:  # a child whose files may not grow past 36 kB (SQLite's -shm is 32 kB), today's backup made first
            assert cli(*command, str(tmp_path / name), home=dirs.data).returncode == 0
            result = cli(*command, str(out), home=dirs.data, fsize=36_000)
            reason = "o arquivo ultrapassaria o tamanho permitido por este disco ou esta conta"
        kept, leftovers = out.read_bytes(), {p.name for p in folder.iterdir()} - {"filler"}
    assert result.returncode == 1
    assert result.stderr == f"Não foi possível gravar a nota informativa em {out}: {reason}.\n", result.stderr
    assert kept == b"old briefing" and leftovers == {name}


def test_a_daily_backup_that_fails_is_said_and_the_work_goes_on(tmp_path, dirs):
    """The chosen backup folder is full: the command still runs, and says that today's backup was not made."""
    from segib_desktop.core.services.settings import SettingsService

    path = make_db(dirs.default_db, dirs)

    def choose(folder: Path) -> None:
        with open_workspace(path, dirs, daily_backup=False) as ws:
            SettingsService(ws.db).set(backups.FOLDER_SETTING, str(folder))

    if mounts_work():
        with small_disk(tmp_path / "red") as folder:
            choose(folder)
            fill_up(folder)
            result = cli("db", "upgrade", "--db", str(path), home=dirs.data)
    else:  # a child whose files may not grow past half the database: the copy is what fails
        folder = tmp_path / "copias"
        folder.mkdir()
        choose(folder)
        result = cli("db", "upgrade", "--db", str(path), home=dirs.data, fsize=path.stat().st_size // 2)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"Aviso: La carpeta de copias de seguridad {folder} está llena"), result.stderr


@pytest.mark.allow_log(r"is not reachable")
def test_a_share_not_connected_is_not_taken_for_the_backup_folder_chosen_on_it(tmp_path, dirs):
    """The backup folder chosen is a network share's own mount point: the day the share is not connected,
    that folder is still there, empty, on this computer's disk. The backups must not go there unseen."""
    from segib_desktop.core.services.settings import SettingsService

    path = make_db(dirs.default_db, dirs)
    share = tmp_path / "red"

    def start():
        with open_workspace(path, dirs) as ws:  # the daily backup, as the program's start makes it
            return ws.backup_problem

    def reasons(folder: Path) -> list[str]:
        return [b.reason for b in backups.list_backups(folder, path)]

    def connected():
        if mounts_work():
            return small_disk(share)
        share.mkdir(exist_ok=True)  # no right to mount: the share is a folder, its mount point recorded below
        return contextlib.nullcontext(share)

    with connected():
        with open_workspace(path, dirs, daily_backup=False) as ws:
            SettingsService(ws.db).set_many(backups.chosen_folder(share))  # File > Backup folder…
            recorded = SettingsService(ws.db).get(backups.MOUNT_SETTING)
        assert start() is None and reasons(share) == ["start"]
    if mounts_work():
        assert recorded == str(share)
    else:
        with open_workspace(path, dirs, daily_backup=False) as ws:
            SettingsService(ws.db).set(backups.MOUNT_SETTING, str(share))  # a mount point not mounted now
    assert share.is_dir() and reasons(share) == []  # the mount point stays behind, empty

    problem = start()
    assert isinstance(problem, backups.BackupFolderAway) and str(share) in problem.user_message()
    assert reasons(dirs.backups) == ["start"] and reasons(share) == []  # the user's own folder instead
    with pytest.raises(backups.BackupFolderUnusable):  # and a backup by hand is refused, not made there
        backups.backup(path, dirs.backups, "manual")
    assert reasons(share) == []

    with connected():  # connected again: the backups go to the share
        assert backups.backup(path, dirs.backups, "manual").parent == share
        assert start() is None


# --- 2, in the window: the background check closes a damaged database and offers its last good backup

@pytest.mark.allow_log(r"is damaged", r"backup API failed")
def test_the_window_finds_damage_in_the_background_and_restores_the_last_good_backup(qapp, dirs, qtbot,
                                                                                     monkeypatch):
    from PySide6.QtWidgets import QApplication

    from segib_desktop.gui import startup_faults as faults
    from segib_desktop.gui.app import App, make_settings

    path = make_db(dirs.default_db, dirs)
    good = backups.make_backup(path, dirs.backups, "manual")
    damage_a_page(path, "countries")
    shown = []

    def answer(dialog):
        shown.append((dialog.message.text(), list(dialog.buttons),
                      [dialog.backup_list.item(i).data(256) for i in range(dialog.backup_list.count())]))
        dialog.buttons["restore"].click()
        return dialog.result()

    monkeypatch.setattr(faults.StartupFaultDialog, "exec", answer)
    monkeypatch.setattr(faults, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(QApplication, "quit", lambda *a: shown.append("quit"))
    app = App(qapp, dirs, make_settings(dirs), "es")
    try:
        assert app.open(None)  # opening does not wait for the check
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
        qtbot.waitUntil(lambda: app.workspace is not None and dbmod.intact(path), timeout=15000)
    finally:
        if app.window is not None:
            app.window.close()
        app.close()
    ((message, buttons, offered),) = shown
    assert "está dañada" in message and str(good) in message
    assert buttons[0] == "restore" and offered[0] == str(good)
    reasons = [b.reason for b in backups.list_backups(dirs.backups, path)]
    assert {"replaced", "manual"} <= set(reasons)  # the damaged file kept too (and, maybe, a new daily backup)


def test_a_reading_command_reads_while_another_program_writes(tmp_path, dirs, monkeypatch):
    from segib_desktop.core import search
    from segib_desktop.core.workspace import open_for_reading

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 150)
    path = make_db(dirs.default_db, dirs)
    with another_process(path, "write") as child:
        ws = open_for_reading(path, dirs)
        try:
            assert ws.readonly
            assert [hit.kind for hit in search.search(ws.db, "Cádiz")]
            with ws.db.read() as conn:  # what was committed, not the other's transaction under way
                assert conn.execute("SELECT city FROM summits WHERE number=30").fetchone() != ("Escrita por el otro",)
        finally:
            ws.close()
        _commit(child)


def test_a_reading_command_on_an_empty_file_does_not_fill_it(tmp_path, dirs):
    from segib_desktop.core.workspace import open_for_reading

    empty = tmp_path / "vacía.sqlite3"
    empty.touch()
    with pytest.raises(errors.NotADatabase):
        open_for_reading(empty, dirs)
    assert empty.stat().st_size == 0


def test_a_windows_share_keeps_its_two_slashes_and_every_odd_character_is_escaped():
    assert dbmod.uri(Path("//servidor/Equipo #1/a?b%41.sqlite3")) == "file:////servidor/Equipo%20%231/a%3Fb%2541.sqlite3?mode=rw"
    assert dbmod.uri(Path("/datos/ñ 日本.sqlite3"), readonly=True, immutable=True) == (
        "file:///datos/%C3%B1%20%E6%97%A5%E6%9C%AC.sqlite3?mode=ro&immutable=1")


# --- 4. a database that goes away is said, never silently made again empty (explore21 D3, D9)

def _save_a_note(db, text: str) -> None:
    from segib_desktop.core.services.summits import SummitService

    service = SummitService(db)
    with db.read() as conn:
        (summit,) = conn.execute("SELECT id FROM summits WHERE number=30").fetchone()
    values = service.get(summit)
    values["notes"] = text
    service.save(summit, values)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete or replace a file that is open")
@pytest.mark.allow_log(r"was removed or replaced by another program")
@pytest.mark.parametrize("pool", ["cold", "warm"])
def test_a_database_deleted_while_open_is_said_and_no_empty_one_is_made(tmp_path, dirs, pool):
    """A clean-up or sync program deleted the file: SQLite made a new empty one at the next connection (mode
    644), and every save got the crash dialog ("no such table"). ``warm``: the connections opened before the
    delete would have written on into the deleted file."""
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    ws = open_workspace(path, dirs, daily_backup=False)
    try:
        if pool == "warm":
            _save_a_note(ws.db, "antes")
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            with contextlib.suppress(FileNotFoundError):
                (tmp_path / name).unlink()
        for _ in range(2):
            with pytest.raises(errors.DatabaseVanished) as info:
                _save_a_note(ws.db, "después")
            assert "se ha eliminado o sustituido" in info.value.message_in("window")
            assert "Archivo > Restaurar copia de seguridad" in info.value.message_in("window")
        with pytest.raises(errors.DatabaseVanished):
            with ws.db.read() as conn:
                conn.execute("SELECT count(*) FROM summits").fetchone()
        assert ws.check_and_backup() is None  # not damaged: gone, which the window's banner says
        assert isinstance(ws.backup_problem, errors.DatabaseVanished)
    finally:
        ws.close()
    assert not path.exists() and not Path(f"{path}-wal").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete or replace a file that is open")
def test_a_database_replaced_while_open_is_said_and_the_new_file_left_as_it_is(tmp_path, dirs):
    """A synchronised copy renamed over the open database: the saves went on into the file that was there."""
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    other = make_db(tmp_path / "copia.sqlite3", dirs)
    ws = open_workspace(path, dirs, daily_backup=False)
    try:
        _save_a_note(ws.db, "antes")
        os.replace(other, path)
        before = path.read_bytes()
        with pytest.raises(errors.DatabaseVanished):
            _save_a_note(ws.db, "después")
    finally:
        ws.close()
    assert path.read_bytes() == before


def test_a_database_file_is_never_made_by_a_connection(tmp_path):
    """Only what creates a database on purpose makes its file (``create``); any other connection to a file
    that is not there fails."""
    path = tmp_path / "segib.sqlite3"
    engine = dbmod.make_engine(path)
    try:
        with pytest.raises(Exception) as info, engine.connect():
            pass
        assert dbmod.classify(info.value, path) is not None and not path.exists()
    finally:
        engine.dispose()
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(dbmod.uri(path), uri=True).close()
    assert not path.exists()


def _no_tables(path: Path) -> Path:
    """A SQLite file that holds no table: what SQLite left where a database had been deleted, say."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("DROP TABLE t")
    return path


def test_a_reading_command_on_a_sqlite_file_without_tables_leaves_it_as_it_is(tmp_path, dirs):
    from segib_desktop.core.workspace import open_for_reading

    path = _no_tables(tmp_path / "vacía.sqlite3")
    before = path.read_bytes()
    with pytest.raises(errors.NotADatabase):
        open_for_reading(path, dirs)
    result = cli("db", "info", "--db", str(path), home=dirs.data)
    assert result.returncode == 1 and "no es una base de datos de SEGIB Desktop" in result.stderr, result.stderr
    assert path.read_bytes() == before
    _no_tables(dirs.default_db)  # the default database too: only a missing one is made on first use
    before = dirs.default_db.read_bytes()
    with pytest.raises(errors.NotADatabase):
        open_for_reading(None, dirs)
    assert dirs.default_db.read_bytes() == before


@pytest.mark.allow_log(r"is missing; its newest backup is")
def test_a_default_database_gone_with_backups_is_said_and_restored_not_made_again_empty(tmp_path, dirs):
    """The default database deleted between two sessions (a clean-up, a profile reset, a folder moved): the
    next start made a new empty one without a word, and the officer took all their data for lost."""
    path = make_db(dirs.default_db, dirs)
    with open_workspace(path, dirs, daily_backup=False) as ws:
        _save_a_note(ws.db, "mis notas")
    older = backups.make_backup(path, dirs.backups, "manual", now=dt.datetime(2026, 11, 2, 9, 0))
    newest = backups.make_backup(path, dirs.backups, "manual", now=dt.datetime(2026, 11, 3, 17, 45))
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()
    with pytest.raises(errors.DatabaseGone) as info:
        open_workspace(None, dirs)
    message = info.value.user_message()
    assert str(path) in message and str(newest) in message and "03/11/2026 a las 17:45" in message, message
    assert older.exists() and not path.exists()  # nothing made, nothing deleted
    searched, restored, listed = cli_each(["search", "Cádiz"], ["restore", str(newest)], ["search", "Cádiz"],
                                          home=dirs.data)
    assert searched.returncode == 1 and f"segib-desktop restore {newest}" in searched.stderr, searched.stderr
    assert restored.returncode == 0, restored.stderr
    assert listed.returncode == 0 and "Cádiz" in listed.stdout
    with open_workspace(None, dirs) as ws, ws.db.read() as conn:
        assert conn.execute("SELECT notes FROM summits WHERE number=30").fetchone() == ("mis notas",)


@pytest.mark.allow_log(r"is missing; its newest backup is")
def test_the_first_start_makes_the_default_database_and_anew_makes_one_where_backups_are(dirs):
    open_workspace(None, dirs).close()  # no backups at all: a first start, as always
    assert dirs.default_db.is_file()
    backups.make_backup(dirs.default_db, dirs.backups, "manual")
    dirs.default_db.unlink()
    with pytest.raises(errors.DatabaseGone):
        open_workspace(None, dirs)
    with open_workspace(None, dirs, anew=True) as ws:  # the officer chose to start with an empty database
        assert ws.created and dirs.default_db.is_file()


RESTORE_KILLED = textwrap.dedent("""
    import os, signal, sqlite3, sys
    from pathlib import Path
    from segib_desktop.core import backups, db as dbmod

    copy = dbmod.backup

    def copy_then_killed(source, target):  # SIGKILL half-way through the restored copy (not the replaced one's)
        if not str(target).endswith(".restoring"):
            return copy(source, target)
        dbmod.create_private_file(target)
        src = sqlite3.connect(dbmod.uri(source, readonly=True), uri=True)
        dst = sqlite3.connect(target)
        src.backup(dst, pages=4, progress=lambda status, left, total: left < total // 2 and os.kill(
            os.getpid(), signal.SIGKILL))

    dbmod.backup = copy_then_killed
    backups.restore_backup(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="written with SIGKILL")
def test_what_a_killed_restore_left_is_removed_when_the_database_is_next_opened(tmp_path, dirs):
    from segib_desktop.core import demo

    path = make_db(tmp_path / "segib.sqlite3", dirs)
    with open_workspace(path, dirs, daily_backup=False) as ws:
        _save_a_note(ws.db, "la de hoy")
    bigger = make_db(tmp_path / "otra.sqlite3", dirs)
    with open_workspace(bigger, dirs, daily_backup=False) as ws:
        demo.fill(ws.db)
    saved = backups.make_backup(bigger, tmp_path / "copias", "manual")
    killed = subprocess.run([sys.executable, "-c", RESTORE_KILLED, str(saved), str(path), str(dirs.backups)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    left = sorted(p.name for p in tmp_path.iterdir() if ".restoring" in p.name)
    assert left == [".segib.sqlite3.restoring", ".segib.sqlite3.restoring-journal"]
    with open_workspace(path, dirs, daily_backup=False) as ws, ws.db.read() as conn:
        assert conn.execute("SELECT notes FROM summits WHERE number=30").fetchone() == ("la de hoy",)
    assert not [p for p in tmp_path.iterdir() if ".restoring" in p.name]
