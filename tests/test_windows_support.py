"""What Windows needs, checked here on Linux (tools/windows/check.sh checks the Windows program itself
under Wine): network drives, file URIs with awkward folder names, output in a cp1252 console, and the GUI
session of ``self-test --gui``."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from segib_desktop.core import db as dbmod
from segib_desktop.core import fsinfo
from segib_desktop.core.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent


def _journal(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]


@pytest.mark.parametrize(("path", "remote"), [
    (r"\\server\share\segib.sqlite3", True),
    ("//server/share/segib.sqlite3", True),
    (r"\\?\UNC\server\share\segib.sqlite3", True),
    (r"N:\SEGIB\segib.sqlite3", True),  # a mapped drive: Windows says DRIVE_REMOTE
    (r"C:\Users\ana\AppData\Local\segib-desktop\segib.sqlite3", False),
    (r"\\?\C:\Users\ana\segib.sqlite3", False),
])
def test_network_paths_on_windows_are_recognised(path, remote):
    drive_types = {"N:\\": fsinfo.DRIVE_REMOTE, "C:\\": 3}  # what GetDriveTypeW answers for N: and C:
    assert fsinfo.windows_network(path, lambda root: drive_types[root.upper()]) is remote


def test_network_file_systems_on_linux_are_recognised():
    mounts = ("/dev/vda1 / ext4 rw 0 0\n"
              "//nas/equipo /mnt/equipo cifs rw 0 0\n"
              "nas:/export /mnt/equipo/local\\040copia ext4 rw 0 0\n")
    assert fsinfo.linux_network("/mnt/equipo/segib.sqlite3", mounts)
    assert not fsinfo.linux_network("/mnt/equipo/local copia/segib.sqlite3", mounts)  # the longer mount wins
    assert not fsinfo.linux_network("/home/ana/segib.sqlite3", mounts)
    assert not fsinfo.on_network_drive(ROOT / "pyproject.toml")  # the checkout is on a local disk


def test_a_database_on_a_network_drive_uses_the_rollback_journal(tmp_path, dirs, monkeypatch):
    local = open_workspace(tmp_path / "local.sqlite3", dirs)
    local.close()
    assert _journal(tmp_path / "local.sqlite3") == "wal"

    monkeypatch.setattr(dbmod, "on_network_drive", lambda path: True)  # as if the folder were a share
    shared = open_workspace(tmp_path / "shared.sqlite3", dirs)
    try:
        from segib_desktop.core.services.settings import SettingsService

        SettingsService(shared.db).set("probe", "1")
        assert not (tmp_path / "shared.sqlite3-wal").exists()
    finally:
        shared.close()
    assert _journal(tmp_path / "shared.sqlite3") == "delete"


def test_folder_names_with_hash_question_mark_percent_and_accents(tmp_path, dirs):
    folder = tmp_path / "Equipo #1" / "Año 2026 ¿50%?"
    folder.mkdir(parents=True)
    path = folder / "segib.sqlite3"
    ws = open_workspace(path, dirs)
    try:
        with ws.db.read() as conn:
            assert conn.execute("SELECT count(*) FROM countries").fetchone()[0] == 22
    finally:
        ws.close()
    assert not (tmp_path / "Equipo ").exists()  # an unquoted URI stopped at '#' and made this file
    assert _journal(path) == "wal"
    assert dbmod.file_uri(path).startswith("file:///")
    assert "%23" in dbmod.file_uri(path) and "%3F" in dbmod.file_uri(path)


def test_the_network_drive_notice_is_shown_once_per_database(qapp, dirs, monkeypatch):
    from segib_desktop.core import fsinfo as fsinfo_module
    from segib_desktop.gui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(dbmod, "on_network_drive", lambda path: True)
    monkeypatch.setattr(fsinfo_module, "on_network_drive", lambda path: True)
    monkeypatch.setattr(app_module, "show_info", lambda parent, text: shown.append(text))
    settings = app_module.make_settings(dirs)
    for _round in range(2):
        app = app_module.App(qapp, dirs, settings, "es")
        assert app.open(None)
        qapp.processEvents()
        app.window.close()
        app.close()
    assert len(shown) == 1
    assert "unidad de red" in shown[0]


def test_command_line_output_in_a_cp1252_console(tmp_path):
    """Windows writes to a file or a pipe in the ANSI code page: accents come out right, a character it
    lacks becomes "?" and the command still ends with its own status (no traceback)."""
    folder = tmp_path / "Ωmega"
    folder.mkdir()
    (folder / "año.sqlite3").write_text("not a database")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "SEGIB_DESKTOP_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "segib_desktop", "--lang", "es", "db", "info", "--db",
                           str(folder / "año.sqlite3")], capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    text = done.stderr.decode("cp1252")
    assert "Traceback" not in text
    assert "?mega" in text and "año.sqlite3 no es una base de datos" in text


def test_self_test_gui_drives_the_window_through_a_users_session(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEGIB_DESKTOP_HOME": str(tmp_path / "home"),
           "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "segib_desktop", "--lang", "en", "self-test", "--gui"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("every page", "summit briefing in Spanish", "summit briefing in Portuguese",
                 "File > Back up now", "File > Export", "File > Import", "File > Restore backup"):
        assert f"ok      {step}" in done.stdout
    assert "GUI self-test passed: 9 steps." in done.stdout
