"""Database faults created for real: each gets one clear message, leaves the file as it was, and a way forward.

The faults: a truncated database, random bytes, a read-only folder and a read-only file (read-only
bind mounts), a full disk (a small tmpfs filled up; and, in a child process, a write the OS refuses
past a file-size limit), a database locked by another connection (BEGIN EXCLUSIVE, with the busy
timeout lowered), one in use by another copy (the OS lock), and a newer schema.

Mounting needs root (the tests run as root here, where chmod does not stop writes). As a normal
user the read-only faults are made with file permissions instead, and the full disk with the
file-size limit only.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel
from sqlalchemy import select

from segib_desktop import errors, i18n
from segib_desktop.core import backups, migrate
from segib_desktop.core import db as dbmod
from segib_desktop.core.lock import DatabaseLock
from segib_desktop.core.models import Summit
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.services.summits import SummitService
from segib_desktop.core.workspace import open_readonly, open_workspace
from segib_desktop.gui import startup_faults as faults
from segib_desktop.gui.app import App, make_settings
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.summits import SummitForm, SummitsPage
from segib_desktop.gui.widgets import form as form_module
from tests.conftest import wait_loaded

MESSAGES = {  # a telling part of each fault's Spanish message
    errors.DatabaseCorrupt: "está dañada",
    errors.NotADatabase: "no es una base de datos de SEGIB Desktop",
    errors.DatabaseReadOnly: "se puede escribir en la base de datos",
    errors.OpenedReadOnly: "abierta solo para lectura",
    errors.DiskFull: "está lleno",
    errors.DatabaseLocked: "está ocupada",
    errors.DatabaseInUse: "ya está abierta en otra copia",
    errors.DatabaseTooNew: "versión más reciente",
    errors.DatabaseGone: "No hay ninguna base de datos en",
    errors.DatabaseVanished: "se ha eliminado o sustituido desde otro programa",
}

# The start-up faults these tests cause are logged as warnings, as they should be.
pytestmark = pytest.mark.allow_log(r"^cannot open ", r"^backup API failed", r"^command db: ", r"not readable as a database")


# --- making faults for real

def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


@functools.cache
def mounts_work() -> bool:
    """True where this process may mount file systems (root with the right to mount)."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="segib-probe-"))
    try:
        _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
    except (subprocess.CalledProcessError, OSError):
        probe.rmdir()
        return False
    _run("umount", str(probe))
    probe.rmdir()
    return True


def _umount(target: Path) -> None:
    try:
        _run("umount", str(target))
    except subprocess.CalledProcessError:
        _run("umount", "-l", str(target))  # something still holds a file there: detach it anyway


@contextlib.contextmanager
def read_only(target: Path):
    """Makes a file or a folder read-only for real: a read-only bind mount, or (not root) its mode."""
    if mounts_work():
        _run("mount", "--bind", str(target), str(target))
        try:
            _run("mount", "-o", "remount,bind,ro", str(target))
            yield
        finally:
            _umount(target)
    elif os.geteuid() != 0:
        mode = target.stat().st_mode & 0o777
        target.chmod(0o555 if target.is_dir() else 0o444)
        try:
            yield
        finally:
            target.chmod(mode)
    else:
        pytest.fail("root without the right to mount: a read-only file cannot be made here "
                    "(run the tests as a normal user, or as root with mount rights)")


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m"):
    """A small file system of its own at ``folder`` (tmpfs), removed afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _umount(folder)


def fill_up(folder: Path) -> None:
    """Takes every free byte of the file system holding ``folder``."""
    with open(folder / "filler", "wb") as fh:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while True:
                fh.write(block)
                fh.flush()
    assert shutil.disk_usage(folder).free < 4096


def make_db(path: Path, dirs) -> Path:
    """A real database of this program, closed (its WAL folded in, no -wal left)."""
    open_workspace(path, dirs, user="tester").close()
    return path


def nothing_pending(path: Path) -> bool:
    """No journal, and no WAL content that could be replayed into the file (a reader leaves an empty -wal)."""
    wal = Path(f"{path}-wal")
    return not Path(f"{path}-journal").exists() and (not wal.exists() or wal.stat().st_size == 0)


def city(path: Path, number: int = 30) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT city FROM summits WHERE number=?", (number,)).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 150)


@contextlib.contextmanager
def held_by_another_connection(path: Path):
    """Another program writing: a connection that holds the write lock (BEGIN EXCLUSIVE)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def old_database(path: Path, revision: str) -> Path:
    """A database as an earlier version left it: the schema at ``revision``, with its reference data."""
    from alembic import command

    engine = dbmod.make_engine(path, foreign_keys=False, create=True)
    config = migrate._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()
    return path


def make_newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# --- faults at opening, in the core: one message each, the file untouched

@pytest.mark.parametrize("damage, expected", [
    (lambda data: data[: len(data) // 2], errors.DatabaseCorrupt),
    (lambda data: os.urandom(len(data)), errors.NotADatabase),
    (lambda data: data[:100] + os.urandom(len(data) - 100), errors.DatabaseCorrupt),
], ids=["truncated", "random-bytes", "header-then-garbage"])
def test_a_damaged_file_is_refused_untouched(tmp_path, dirs, damage, expected):
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    path.write_bytes(damage(path.read_bytes()))
    before = path.read_bytes()
    with pytest.raises(expected) as info:
        open_workspace(path, dirs)
    assert MESSAGES[expected] in info.value.user_message()
    assert str(path) in info.value.user_message()
    assert path.read_bytes() == before
    assert nothing_pending(path)
    with pytest.raises(expected):  # the refusal released the lock: refused for the same reason again
        open_workspace(path, dirs)


def test_a_newer_schema_is_refused_untouched_in_both_languages(tmp_path, dirs):
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    make_newer(path)
    before = path.read_bytes()
    with pytest.raises(errors.DatabaseTooNew) as info:
        open_workspace(path, dirs)
    assert MESSAGES[errors.DatabaseTooNew] in info.value.user_message()
    assert "versão mais recente" in info.value.user_message(i18n.Translator("pt"))
    with pytest.raises(errors.DatabaseTooNew):  # nor can it be read without upgrading the program
        open_readonly(path, dirs)
    assert path.read_bytes() == before


def test_a_read_only_folder_is_refused_and_can_be_opened_read_only(tmp_path, dirs):
    folder = tmp_path / "archive"
    path = make_db(folder / "segib.sqlite3", dirs)
    before = path.read_bytes()
    with read_only(folder):
        with pytest.raises(errors.DatabaseReadOnly) as info:
            open_workspace(path, dirs)
        assert MESSAGES[errors.DatabaseReadOnly] in info.value.user_message()
        ws = open_readonly(path, dirs)
        try:
            service = SummitService(ws.db)
            rows = read_cycle.summits(ws.db, "es")
            assert len(rows) == 30
            summit_id = rows[0].id
            with pytest.raises(errors.OpenedReadOnly) as saving:
                service.save(summit_id, service.get(summit_id) | {"city": "Otra"})
            assert MESSAGES[errors.OpenedReadOnly] in saving.value.user_message()
        finally:
            ws.close()
        assert path.read_bytes() == before
    assert city(path) == "Madrid"


def test_the_reading_commands_read_a_database_in_a_read_only_folder(tmp_path, dirs, capsys):
    """db info, search and a briefing said "cannot be written to" of a database they only read (an archive, a
    CD); the window offers to open it read-only. The briefing is made, and not recorded in it."""
    from segib_desktop import cli

    folder = tmp_path / "archive"
    path = make_db(folder / "segib.sqlite3", dirs)
    assert cli.main(["--db", str(path), "demo"]) == 0
    before = path.read_bytes()
    out = tmp_path / "nota.pdf"
    with read_only(folder):
        assert cli.main(["--db", str(path), "db", "info"]) == 0
        assert cli.main(["--db", str(path), "search", "Cádiz"]) == 0
        assert cli.main(["--db", str(path), "briefing", "--summit", "30", "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "Cádiz" in said.out and "no se puede escribir" not in said.err.lower()
    assert out.stat().st_size > 0 and path.read_bytes() == before


@pytest.mark.allow_log("command briefing: The briefing could not be written to")
def test_a_briefing_into_a_read_only_folder_says_why_in_a_sentence(tmp_path, dirs, capsys):
    from segib_desktop import cli

    path = make_db(tmp_path / "segib.sqlite3", dirs)
    folder = tmp_path / "notas"
    folder.mkdir()
    with read_only(folder):
        assert cli.main(["--db", str(path), "briefing", "--summit", "30", "--out", str(folder / "n.pdf")]) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith(f"No se pudo escribir la nota informativa en {folder / 'n.pdf'}: ") and said.endswith(".")
    assert said.count("\n") == 0 and list(folder.iterdir()) == []


def test_a_database_one_may_not_read_is_said_so_not_called_read_only(tmp_path, dirs):
    """Its file's permissions refuse reading (a shared drive's, say): it was called "read-only" ("copy it to a
    folder where you can write"), which does not help."""
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    path.chmod(0)
    before = sorted(tmp_path.iterdir())
    command = [sys.executable, "-m", "segib_desktop", "--db", str(path)]
    if os.geteuid() == 0:  # root reads any file: without the capabilities that allow it, as an officer runs
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", *command]
    sentence = (f"No se puede leer la base de datos {path}: su archivo no le permite abrirla. No se ha modificado "
                "nada; consulte a quien se ocupa de este equipo o abra otra base de datos.")
    for what in (["db", "info"], ["search", "Cádiz"], ["export", str(tmp_path / "datos.json")]):
        result = subprocess.run([*command, *what], capture_output=True, text=True, timeout=120,
                                env=os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)})
        assert (result.returncode, result.stderr.strip()) == (1, sentence), what
    assert sorted(tmp_path.iterdir()) == before


def test_a_restore_into_a_read_only_folder_says_so_and_changes_nothing(tmp_path, dirs):
    """The restore's lock file cannot be made there: it said "Unexpected error" (a PermissionError)."""
    from segib_desktop.core.backups import make_backup, restore_backup

    folder = tmp_path / "archive"
    path = make_db(folder / "segib.sqlite3", dirs)
    backup = make_backup(path, tmp_path / "backups", "manual")
    before = sorted(folder.iterdir()), path.read_bytes()
    with read_only(folder):
        with pytest.raises(errors.DatabaseReadOnly) as info:
            restore_backup(backup, path, tmp_path / "backups")
    assert MESSAGES[errors.DatabaseReadOnly] in info.value.user_message()
    assert (sorted(folder.iterdir()), path.read_bytes()) == before


def test_a_locked_database_that_needs_an_upgrade_is_refused_before_any_backup(tmp_path, dirs, short_busy_timeout):
    """The write lock is tried first: no "before an upgrade" backup is made of a file that cannot be opened."""
    path = old_database(tmp_path / "antigua.sqlite3", "0007")
    before = path.read_bytes()
    with held_by_another_connection(path):
        with pytest.raises(errors.DatabaseLocked):
            open_workspace(path, dirs)
    assert path.read_bytes() == before
    assert backups.list_backups(dirs.backups) == []
    ws = open_workspace(path, dirs)  # free again: backed up, then upgraded
    ws.close()
    assert [b.reason for b in backups.list_backups(dirs.backups)] == ["upgrade"]
    assert migrate.inspect_file(path)[0] == migrate.known_revisions()[0]


def test_a_read_only_file_is_refused_at_once_not_at_the_first_save(tmp_path, dirs):
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    before = path.read_bytes()
    with read_only(path):
        with pytest.raises(errors.DatabaseReadOnly):
            open_workspace(path, dirs)
        ws = open_readonly(path, dirs)
        try:
            with pytest.raises(errors.OpenedReadOnly):
                SummitService(ws.db).delete(read_cycle.summits(ws.db, "es")[0].id)
        finally:
            ws.close()
        assert path.read_bytes() == before


def test_a_locked_database_is_refused_after_the_busy_timeout_and_readable_read_only(
        tmp_path, dirs, short_busy_timeout):
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    before = path.read_bytes()
    with held_by_another_connection(path):
        with pytest.raises(errors.DatabaseLocked) as info:
            open_workspace(path, dirs)
        assert MESSAGES[errors.DatabaseLocked] in info.value.user_message()
        ws = open_readonly(path, dirs)  # WAL: reading while another program writes is fine
        try:
            assert len(read_cycle.summits(ws.db, "es")) == 30
        finally:
            ws.close()
    assert path.read_bytes() == before
    open_workspace(path, dirs).close()  # free again


def test_a_database_in_use_by_another_copy_can_be_opened_read_only(tmp_path, dirs):
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    first = open_workspace(path, dirs, user="ana")
    try:
        with pytest.raises(errors.DatabaseInUse):
            open_workspace(path, dirs)
        SummitService(first.db).save(*_city_change(first.db, "Cádiz"))
        second = open_readonly(path, dirs)
        try:
            rows = read_cycle.summits(second.db, "es")
            assert "Cádiz" in [r[4] for r in rows]  # sees what the other copy saved
            with pytest.raises(errors.OpenedReadOnly):
                SummitService(second.db).save(*_city_change(second.db, "Sevilla"))
        finally:
            second.close()
    finally:
        first.close()
    assert city(path) == "Cádiz"


def _city_change(db, value: str, number: int = 30) -> tuple[int, dict]:
    service = SummitService(db)
    with db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == number))
    return summit_id, service.get(summit_id) | {"city": value}


def test_a_full_disk_at_opening_is_refused_untouched(tmp_path, dirs):
    source = make_db(tmp_path / "source.sqlite3", dirs)
    if not mounts_work():
        _full_disk_in_a_child(source, at_opening=True)
        return
    with small_disk(tmp_path / "small") as folder:
        path = folder / "segib.sqlite3"
        shutil.copyfile(source, path)
        fill_up(folder)
        before = path.read_bytes()
        with pytest.raises(errors.DiskFull) as info:
            open_workspace(path, dirs)
        assert MESSAGES[errors.DiskFull] in info.value.user_message()
        assert path.read_bytes() == before
        (folder / "filler").unlink()  # space again: it opens
        open_workspace(path, dirs).close()


def test_a_full_disk_while_saving_gets_its_message_and_writes_nothing(tmp_path, dirs):
    source = make_db(tmp_path / "source.sqlite3", dirs)
    if not mounts_work():
        _full_disk_in_a_child(source, at_opening=False)
        return
    with small_disk(tmp_path / "small") as folder:
        path = folder / "segib.sqlite3"
        shutil.copyfile(source, path)
        ws = open_workspace(path, dirs)
        try:
            fill_up(folder)
            before = path.read_bytes()
            summit_id, values = _city_change(ws.db, "Lisboa")
            values["notes"] = "Lisboa " * 2000  # a large write, within the rules (core/rules.py)
            with pytest.raises(errors.DiskFull):
                SummitService(ws.db).save(summit_id, values)
            assert path.read_bytes() == before
            assert city(path) == "Madrid"
            (folder / "filler").unlink()
            SummitService(ws.db).save(*_city_change(ws.db, "Lisboa"))  # the same connection recovers
            assert city(path) == "Lisboa"
        finally:
            ws.close()


def _full_disk_in_a_child(source: Path, *, at_opening: bool) -> None:
    """A failing write without mounting: a child process whose files may not grow (RLIMIT_FSIZE)."""
    code = textwrap.dedent(f"""
        import resource, shutil, signal, sys
        from pathlib import Path
        from segib_desktop import errors, paths
        from segib_desktop.core.services.summits import SummitService
        from segib_desktop.core.workspace import open_workspace
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        dirs = paths.user_dirs(Path({str(source.parent / "child")!r}))
        dirs.create()
        path = Path({str(source)!r})
        at_opening = {at_opening!r}
        if not at_opening:
            ws = open_workspace(path, dirs)
            sid = read_cycle.summits(ws.db, "es")[0].id
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, resource.RLIM_INFINITY))
        try:
            if at_opening:
                open_workspace(path, dirs)
            else:
                SummitService(ws.db).save(sid, SummitService(ws.db).get(sid) | {{"notes": "L" * 40000}})
        except errors.DiskFull as exc:
            print(exc.user_message())
    """)
    before = source.read_bytes()
    Path(f"{source}-wal").unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert MESSAGES[errors.DiskFull] in result.stdout, result.stderr
    assert source.read_bytes() == before


# --- the start-up dialog: the reason, and a way forward

@pytest.fixture
def app(qapp, dirs):
    application = App(qapp, dirs, make_settings(dirs), "es")
    yield application
    if application.window is not None:
        application.window.close()
    application.close()


@pytest.fixture
def dialog_answers(monkeypatch):
    """Answers the start-up dialog with the given buttons, in turn, and records what each showed."""
    record = {"shown": [], "choices": [], "errors": [], "confirm": True}

    def fake_exec(dialog):
        record["shown"].append({
            "message": dialog.message.text(),
            "buttons": list(dialog.buttons),
            "backups": [dialog.backup_list.item(i).text() for i in range(dialog.backup_list.count())]
            if dialog.backup_list is not None else [],
        })
        choice = record["choices"].pop(0)
        if callable(choice):
            choice = choice(dialog)
        if choice == "quit":
            dialog.findChild(QDialogButtonBox).buttons()[0].click()
        else:
            dialog.buttons[choice].click()
        return dialog.result()

    monkeypatch.setattr(faults.StartupFaultDialog, "exec", fake_exec)
    monkeypatch.setattr(faults, "confirm", lambda *a, **k: record["confirm"])
    monkeypatch.setattr(faults, "show_error", lambda _p, e: record["errors"].append(
        e.user_message() if isinstance(e, errors.SegibError) else e))
    return record


def test_a_damaged_database_at_start_offers_its_backups_and_quitting_changes_nothing(app, dirs, dialog_answers):
    path = make_db(dirs.default_db, dirs)
    good = backups.make_backup(path, dirs.backups, "manual")
    path.write_bytes(path.read_bytes()[:50_000])
    before = path.read_bytes()
    dialog_answers["choices"] = ["quit"]
    assert app.start(None) is False
    (shown,) = dialog_answers["shown"]
    assert MESSAGES[errors.DatabaseCorrupt] in shown["message"]
    assert "Archivo >" not in shown["message"]  # the dialog has no menu: its button restores
    assert shown["buttons"] == ["restore", "other", "new"]  # no read-only, no "try again" for a damaged file
    assert len(shown["backups"]) == 1 and "hecha a mano" in shown["backups"][0]
    assert path.read_bytes() == before and app.window is None
    assert backups.list_backups(dirs.backups) == [backups.parse_name(good)]


def test_restoring_a_backup_from_the_start_up_dialog_opens_the_program(app, dirs, dialog_answers):
    path = make_db(dirs.default_db, dirs)
    ws = open_workspace(path, dirs)
    SummitService(ws.db).save(*_city_change(ws.db, "Guardada en la copia"))
    ws.close()
    backups.make_backup(path, dirs.backups, "manual")
    damaged = os.urandom(path.stat().st_size)
    path.write_bytes(damaged)

    def the_manual_backup(dialog):
        rows = [dialog.backup_list.item(i).text() for i in range(dialog.backup_list.count())]
        dialog.backup_list.setCurrentRow(next(i for i, text in enumerate(rows) if "hecha a mano" in text))
        return "restore"

    dialog_answers["choices"] = [the_manual_backup]
    assert app.start(None) is True
    assert MESSAGES[errors.NotADatabase] in dialog_answers["shown"][0]["message"]
    assert app.window is not None and not app.workspace.readonly
    assert city(path) == "Guardada en la copia"
    (kept,) = [b for b in backups.list_backups(dirs.backups) if b.reason == "replaced"]
    assert kept.path.read_bytes() == damaged  # the damaged file is kept, byte for byte


def test_a_newer_database_at_start_lets_the_user_open_another(app, dirs, tmp_path, dialog_answers, monkeypatch):
    path = make_db(dirs.default_db, dirs)
    make_newer(path)
    before = path.read_bytes()
    other = make_db(tmp_path / "otra.sqlite3", dirs)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    dialog_answers["choices"] = ["other"]
    assert app.start(None) is True
    assert MESSAGES[errors.DatabaseTooNew] in dialog_answers["shown"][0]["message"]
    assert app.workspace.path == other
    assert path.read_bytes() == before


def test_a_new_database_can_be_started_from_the_dialog(app, dirs, tmp_path, dialog_answers, monkeypatch):
    dirs.default_db.write_bytes(b"SQLite format 3\0" + os.urandom(5000))
    fresh = tmp_path / "nueva.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    dialog_answers["choices"] = ["new"]
    assert app.start(None) is True
    assert app.workspace.path == fresh and migrate.inspect_file(fresh)[0] == migrate.known_revisions()[0]


def _gone_with_a_backup(dirs) -> Path:
    """The default database, a backup of it holding a change, and the database deleted since (a clean-up or
    sync program, a profile reset, a folder moved): what the start found."""
    path = make_db(dirs.default_db, dirs)
    with open_workspace(path, dirs, daily_backup=False) as ws:
        SummitService(ws.db).save(*_city_change(ws.db, "Guardada en la copia"))
    saved = backups.make_backup(path, dirs.backups, "manual")
    path.unlink()
    return saved


@pytest.mark.allow_log(r"is missing; its newest backup is")
def test_a_default_database_gone_at_start_is_said_and_its_newest_backup_restored(app, dirs, dialog_answers):
    """It was made again, empty, without a word: to the officer all the data was gone."""
    saved = _gone_with_a_backup(dirs)
    dialog_answers["choices"] = ["restore"]
    dialog_answers["confirm"] = False  # nothing is there to replace: no question is asked
    assert app.start(None) is True
    (shown,) = dialog_answers["shown"]
    assert MESSAGES[errors.DatabaseGone] in shown["message"] and str(saved) in shown["message"]
    assert shown["buttons"] == ["restore", "anew", "other"] and len(shown["backups"]) == 1
    assert app.workspace.path == dirs.default_db and not app.workspace.created
    assert city(dirs.default_db) == "Guardada en la copia"


@pytest.mark.allow_log(r"is missing; its newest backup is")
def test_a_default_database_gone_at_start_is_begun_anew_only_when_chosen(app, dirs, dialog_answers):
    saved = _gone_with_a_backup(dirs)
    dialog_answers["choices"] = ["anew"]
    assert app.start(None) is True
    assert app.workspace.created and city(dirs.default_db) == "Madrid"  # a new one, with the reference data
    assert saved.exists()


def test_a_database_in_use_opens_read_only_and_saving_says_why(app, dirs, qtbot, dialog_answers, monkeypatch):
    path = make_db(dirs.default_db, dirs)
    other_copy = DatabaseLock(path).acquire()
    try:
        dialog_answers["choices"] = ["readonly"]
        assert app.start(None) is True
        shown = dialog_answers["shown"][0]
        assert MESSAGES[errors.DatabaseInUse] in shown["message"]
        assert shown["buttons"] == ["retry", "readonly", "other", "new"]
        assert app.workspace.readonly
        assert app.window.windowTitle().endswith("(solo lectura)")
        _saving_in_a_form_says(app, qtbot, monkeypatch, errors.OpenedReadOnly)
    finally:
        other_copy.release()
    assert city(path) == "Madrid"


def test_a_read_only_folder_at_start_opens_read_only(app, dirs, qtbot, dialog_answers, monkeypatch, tmp_path):
    folder = tmp_path / "cd-rom"
    path = make_db(folder / "segib.sqlite3", dirs)
    before = path.read_bytes()
    with read_only(folder):
        dialog_answers["choices"] = ["readonly"]
        try:
            assert app.start(path) is True
            assert MESSAGES[errors.DatabaseReadOnly] in dialog_answers["shown"][0]["message"]
            _saving_in_a_form_says(app, qtbot, monkeypatch, errors.OpenedReadOnly)
        finally:
            app.window.close()
            app.close()
        assert path.read_bytes() == before


def test_an_older_database_in_a_read_only_folder_is_not_offered_read_only(app, dirs, dialog_answers, tmp_path):
    """It must be upgraded before it can be read: "Open it read-only" then failed. The dialog says to copy it
    to a folder one can write to instead."""
    from PySide6.QtWidgets import QLabel

    folder = tmp_path / "cd-rom"
    folder.mkdir()
    path = old_database(folder / "antigua.sqlite3", "0007")
    notes = []
    with read_only(folder):
        dialog_answers["choices"] = [lambda dialog: notes.append(dialog.findChild(QLabel, "needs_upgrade")) or "quit"]
        assert app.start(path) is False
    (shown,) = dialog_answers["shown"]
    assert MESSAGES[errors.DatabaseReadOnly] in shown["message"]
    assert "readonly" not in shown["buttons"]
    assert notes[0] is not None and "Cópiela en una" in notes[0].text()


def test_a_full_backup_folder_at_start_offers_to_try_again(qapp, tmp_path):
    """An upgrade stops when its backup cannot be made: once space is freed, Try again goes on."""
    dialog = faults.StartupFaultDialog(backups.BackupFolderFull(path=str(tmp_path / "copias")),
                                       tmp_path / "segib.sqlite3", [])
    assert list(dialog.buttons)[0] == "retry"
    assert "liberado espacio en la carpeta de copias" in dialog.buttons["retry"].description()


def test_the_background_check_of_a_database_opened_read_only_warns_of_nothing(dirs, tmp_path):
    """The window's check once it shows (check_and_backup) on a read-only folder: read-only was chosen,
    nothing will be written, so there is nothing to warn about (an unexpected warning fails the test)."""
    from segib_desktop.core.workspace import open_readonly

    folder = tmp_path / "cd-rom"
    path = make_db(folder / "segib.sqlite3", dirs)
    with read_only(folder):
        workspace = open_readonly(path, dirs)
        try:
            assert workspace.readonly and workspace.check_and_backup() is None
        finally:
            workspace.close()


def test_a_locked_database_at_start_can_be_tried_again(app, dirs, dialog_answers, short_busy_timeout):
    path = make_db(dirs.default_db, dirs)
    holder = held_by_another_connection(path)
    holder.__enter__()

    def release_then_retry(_dialog):
        holder.__exit__(None, None, None)  # the other program has finished
        return "retry"

    dialog_answers["choices"] = [release_then_retry]
    assert app.start(None) is True
    shown = dialog_answers["shown"][0]
    assert MESSAGES[errors.DatabaseLocked] in shown["message"]
    assert shown["buttons"][:2] == ["retry", "readonly"]
    assert not app.workspace.readonly


def test_a_database_whose_folder_cannot_be_reached_at_start_offers_to_try_again(app, dialog_answers):
    """explore18: a database on a drive (Q:) or a share that is not connected gave the crash dialog; its folder
    could not be made (here: a folder that cannot be made under /proc, as Windows refuses one on Q:\\)."""
    dialog_answers["choices"] = ["retry", "quit"]
    assert app.start(Path("/proc/segib-no-connectada/segib.sqlite3")) is False
    first, again = dialog_answers["shown"]
    assert first["message"].startswith("No se puede acceder a la base de datos /proc/segib-no-connectada")
    assert first["buttons"][0] == "retry" and again["message"] == first["message"]  # tried, and said again
    assert app.workspace is None


def test_a_full_disk_at_start_says_so(app, dirs, tmp_path, dialog_answers):
    source = make_db(tmp_path / "source.sqlite3", dirs)
    if not mounts_work():
        _full_disk_in_a_child(source, at_opening=True)
        return
    with small_disk(tmp_path / "small") as folder:
        path = folder / "segib.sqlite3"
        shutil.copyfile(source, path)
        fill_up(folder)
        before = path.read_bytes()
        dialog_answers["choices"] = ["quit"]
        assert app.start(path) is False
        shown = dialog_answers["shown"][0]
        assert MESSAGES[errors.DiskFull] in shown["message"]
        assert shown["buttons"][0] == "retry"
        assert path.read_bytes() == before


def test_the_dialog_speaks_portuguese(app, dirs, dialog_answers):
    dirs.default_db.write_bytes(os.urandom(8192))
    app.apply_language("pt")
    try:
        dialog_answers["choices"] = ["quit"]
        assert app.start(None) is False
        assert "não é um banco de dados do SEGIB Desktop" in dialog_answers["shown"][0]["message"]
    finally:
        app.apply_language("es")


# --- faults while working: the form's error path, never a crash

def settled(qtbot, form):
    """Waits for the lists inside a form just opened (a summit's meetings and documents)."""
    from segib_desktop.gui.widgets.table import ListPage

    lists = form.findChildren(ListPage)
    if lists:
        with qtbot.waitSignals([page.loaded for page in lists], timeout=5000):
            pass
    return form


def _saving_in_a_form_says(app, qtbot, monkeypatch, expected) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(form_module, "show_error", lambda _p, e: shown.append(e.user_message()))
    page = app.window.navigate("summits")
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    form = settled(qtbot, SummitForm(app.window.ctx, page.model.id_at(0), parent=page))
    qtbot.addWidget(form)
    form.widget("city").setText("Cambiada")
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    if app.workspace.readonly:  # opened read-only: the form says so and offers no Save; Ctrl+S says why
        assert not save.isEnabled() and form.findChild(QLabel, "read_only_banner") is not None
        assert form.widget("city").isReadOnly()
        form.save()
    else:
        save.click()
    assert len(shown) == 1 and MESSAGES[expected] in shown[0]
    assert form.result() == 0 and form.is_dirty()  # still open, still holding the user's change
    return shown


def _own_context(path: Path, dirs) -> tuple:
    ws = open_workspace(path, dirs, user="tester")
    return ws, AppContext(ws, "es", make_settings(dirs))


def test_a_locked_database_while_saving_gets_its_message_then_saves(
        tmp_path, dirs, qtbot, monkeypatch, short_busy_timeout):
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    ws, ctx = _own_context(path, dirs)
    shown: list[str] = []
    monkeypatch.setattr(form_module, "show_error", lambda _p, e: shown.append(e.user_message()))
    try:
        page = SummitsPage(ctx)
        qtbot.addWidget(page)
        wait_loaded(qtbot, page)
        form = settled(qtbot, SummitForm(ctx, page.model.id_at(0), parent=page))
        qtbot.addWidget(form)
        form.widget("city").setText("Madrid (Palacio)")
        before = path.read_bytes()
        with held_by_another_connection(path):
            assert form.save() is False
        assert len(shown) == 1 and MESSAGES[errors.DatabaseLocked] in shown[0]
        assert path.read_bytes() == before and city(path) == "Madrid"
        assert form.save() is True  # the other program is done: the same form saves
        assert city(path) == "Madrid (Palacio)"
    finally:
        ws.close()


def test_a_full_disk_while_saving_through_the_form(tmp_path, dirs, qtbot, monkeypatch):
    source = make_db(tmp_path / "source.sqlite3", dirs)
    if not mounts_work():
        _full_disk_in_a_child(source, at_opening=False)
        return
    with small_disk(tmp_path / "small") as folder:
        path = folder / "segib.sqlite3"
        shutil.copyfile(source, path)
        ws, ctx = _own_context(path, dirs)
        shown: list[str] = []
        monkeypatch.setattr(form_module, "show_error", lambda _p, e: shown.append(e.user_message()))
        try:
            summit_id, _values = _city_change(ws.db, "")
            form = settled(qtbot, SummitForm(ctx, summit_id))
            qtbot.addWidget(form)
            form.widget("notes").setPlainText("Notas largas. " * 5000)
            fill_up(folder)
            before = path.read_bytes()
            assert form.save() is False
            assert len(shown) == 1 and MESSAGES[errors.DiskFull] in shown[0]
            assert path.read_bytes() == before
            form.reject = lambda: None  # the test closes without the unsaved-changes question
        finally:
            ws.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete a file that is open")
def test_a_database_deleted_under_the_window_is_said_when_saving_not_a_crash(tmp_path, dirs, qtbot, monkeypatch):
    """SQLite made a new, empty file at the next connection, and the save met "no such table": the crash
    dialog. The form says it in a sentence and stays open with the change; no file is made."""
    path = make_db(tmp_path / "segib.sqlite3", dirs)
    ws, ctx = _own_context(path, dirs)
    shown: list[str] = []
    monkeypatch.setattr(form_module, "show_error", lambda _p, e: shown.append(e.message_in("window")))
    try:
        summit_id, _values = _city_change(ws.db, "")
        form = settled(qtbot, SummitForm(ctx, summit_id))
        qtbot.addWidget(form)
        form.widget("city").setText("Cambiada")
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        assert form.save() is False
        assert len(shown) == 1 and MESSAGES[errors.DatabaseVanished] in shown[0]
        assert "Archivo > Restaurar copia de seguridad" in shown[0]
        assert form.is_dirty() and not path.exists()
        form.reject = lambda: None  # the test closes without the unsaved-changes question
    finally:
        ws.close()


def test_the_command_line_says_one_sentence_for_each_fault(tmp_path, dirs, capsys):
    from segib_desktop.cli import main

    damaged = make_db(tmp_path / "damaged.sqlite3", dirs)
    damaged.write_bytes(damaged.read_bytes()[:30000])
    newer = make_db(tmp_path / "newer.sqlite3", dirs)
    make_newer(newer)
    for path, expected in ((damaged, errors.DatabaseCorrupt), (newer, errors.DatabaseTooNew)):
        before = path.read_bytes()
        assert main(["db", "info", "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert MESSAGES[expected] in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert path.read_bytes() == before
        assert "Archivo >" not in err  # no window's menu on the command line; its own command instead:
        assert (f"segib-desktop restore COPIA --db {errors.shell_quoted(str(path))}" in err) == (
            expected is errors.DatabaseCorrupt)


def test_a_command_lines_hint_quotes_its_values_for_the_shell():
    """The hint is a command to paste: a path with a space or a $ comes back whole."""
    path = "/datos/Equipo $A/segib.sqlite3"
    said = errors.DatabaseCorrupt(path=path).message_in("cli")
    quoted = errors.shell_quoted(path)
    assert said.endswith(f"Las copias se restauran con: segib-desktop restore COPIA --db {quoted}")
    assert said.startswith(f"La base de datos {path} está dañada.")  # the sentence: as it is
    if os.name == "posix":  # Windows quotes with its own rules (subprocess.list2cmdline)
        assert quoted == "'/datos/Equipo $A/segib.sqlite3'" and shlex.split(quoted) == [path]


def test_a_damaged_database_in_the_window_names_the_menu_that_restores_a_backup(qapp, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from segib_desktop.gui.widgets import dialogs

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    dialogs.show_error(None, errors.DatabaseCorrupt(path="datos.sqlite3"))
    dialogs.show_error(None, errors.DiskFull(path="datos.sqlite3"))
    assert said[0].startswith("La base de datos datos.sqlite3 está dañada.")
    assert said[0].endswith("Las copias se restauran con Archivo > Restaurar copia de seguridad…")
    assert said[1] == errors.DiskFull(path="datos.sqlite3").user_message()  # no hint: nothing added


def test_a_restore_refused_while_read_only_keeps_the_window_on_the_database(
        app, dirs, dialog_answers, monkeypatch):
    from segib_desktop.gui import app as app_module

    path = make_db(dirs.default_db, dirs)
    backup = backups.make_backup(path, dirs.backups, "manual")
    other_copy = DatabaseLock(path).acquire()
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda _p, e: shown.append(e.user_message()))
    try:
        dialog_answers["choices"] = ["readonly"]
        assert app.start(None) and app.workspace.readonly
        before = path.read_bytes()
        assert app.restore_backup(backup) is False  # the other copy holds the database
        assert len(shown) == 1 and MESSAGES[errors.DatabaseInUse] in shown[0]
        assert app.workspace is not None and app.workspace.readonly  # reopened as it was
        assert app.window.windowTitle().endswith("(solo lectura)")
        assert path.read_bytes() == before
    finally:
        other_copy.release()
