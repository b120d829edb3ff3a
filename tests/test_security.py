"""Security: no network connection, files readable by their owner only, imported files are data only.

The network test runs the GUI (every page, a form, the search, exports, a backup, both languages)
and the command line (db info, demo, export, import, search, briefing, backup) in this process,
with Python's socket calls replaced by ones that record the attempt and refuse it; afterwards no
Internet socket may be open in the process (/proc/self/fd against /proc/net, on Linux).
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import logging
import marshal
import os
import pickle
import socket
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from segib_desktop.core import demo, exchange
from segib_desktop.core.models import Area, AuditEntry, Mandate
from segib_desktop.gui.app import App, make_settings
from segib_desktop.gui.pages import PAGES
from segib_desktop.gui.widgets.table import ListPage

TODAY = dt.date(2026, 11, 29)
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


@pytest.fixture
def no_network(monkeypatch):
    """Every Python-level way to reach the network records the attempt and fails."""
    attempts: list[tuple] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append((name, args, kwargs))
            raise OSError(f"network access is not allowed in this test ({name})")
        return call

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def inet_sockets() -> set[str]:
    """Internet sockets this process holds open (Linux; elsewhere an empty set)."""
    fd_dir, net = Path("/proc/self/fd"), Path("/proc/net")
    if not fd_dir.is_dir() or not net.is_dir():
        return set()
    inodes = set()
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = net / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) > 9 and fields[9] in inodes:
                    found.add(f"{table} {fields[1]} -> {fields[2]}")
    return found


@pytest.fixture
def usual_umask():
    """The usual umask (022): files private only because the program makes them so."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def cli(dirs):
    """The command line, in this process; its log handler is removed afterwards."""
    from segib_desktop.cli import main

    before = list(logging.getLogger().handlers)
    yield main
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


def run_the_gui(qapp, qtbot, dirs, tmp_path, monkeypatch) -> list[Path]:
    """Opens the program and uses it the way an officer would; returns the files it exported."""
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    exported = [tmp_path / "lista.xlsx", tmp_path / "lista.csv", tmp_path / "todo.json"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported[2]), ""))
    app = App(qapp, dirs, make_settings(dirs), "es")
    assert app.start(None)
    try:
        demo.fill(app.workspace.db, "small", today=TODAY)
        window = app.window
        for spec in PAGES:
            window.navigate(spec.key)
        lists = window.findChildren(ListPage)
        for page in lists:
            with qtbot.waitSignal(page.loaded, timeout=10000):
                page.reload()
        summits = window.navigate("summits")
        form = summits.open_record(summits.model.id_at(0))
        form.tabs.setCurrentWidget(form.history_tab)
        form.history_tab.load()
        for page in form.findChildren(ListPage):
            with qtbot.waitSignal(page.loaded, timeout=10000):
                page.reload()
        form.reject()
        window.open_search()
        search = window._search_dialog
        qtbot.keyClicks(search.edit, "cooperacion")
        qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=10000)
        search.close()
        for target in exported[:2]:
            with qtbot.waitSignal(summits.exported, timeout=10000):
                summits.export(target)
        window.safety.export()
        qtbot.waitUntil(exported[2].exists, timeout=10000)
        window.safety.backup_now()
        qtbot.waitUntil(lambda: any(dirs.backups.glob("*-manual.*sqlite3")), timeout=10000)
        app.set_language("pt")
        app.window.navigate("mandates")
    finally:
        QThreadPool.globalInstance().waitForDone(10000)  # no load may outlive the database
        qapp.processEvents()
        if app.window is not None:
            app.window.close()
        app.close()
    return exported


def run_the_command_line(cli, tmp_path) -> list[Path]:
    other = tmp_path / "cli" / "otra.sqlite3"
    out = tmp_path / "cli"
    commands = [
        ["db", "info"],
        ["demo", "--db", str(other)],
        ["export", str(out / "otra.json"), "--db", str(other)],
        ["import", str(out / "otra.json")],
        ["search", "cooperación"],
        ["briefing", "--summit", "30", "--out", str(out / "nota.pdf"), "--db", str(other)],
        ["backup", "--db", str(other), "--to", str(out / "copias")],
    ]
    out.mkdir()
    for command in commands:
        assert cli(command) == 0, command
    return [other, out / "otra.json", out / "nota.pdf", *sorted((out / "copias").glob("*.sqlite3"))]


def test_the_program_opens_no_network_connection(qapp, qtbot, dirs, tmp_path, monkeypatch, no_network, cli):
    before = inet_sockets()
    run_the_gui(qapp, qtbot, dirs, tmp_path, monkeypatch)
    run_the_command_line(cli, tmp_path)
    assert no_network == []
    assert inet_sockets() - before == set()


def test_the_database_backups_and_exports_are_readable_by_their_owner_only(
        qapp, qtbot, dirs, tmp_path, monkeypatch, cli, usual_umask):
    exported = run_the_gui(qapp, qtbot, dirs, tmp_path, monkeypatch)
    made = run_the_command_line(cli, tmp_path)
    database = dirs.default_db
    backups = sorted(dirs.backups.glob("*.sqlite3"))
    assert backups and all(p.exists() for p in exported + made)
    for path in [database, *backups, *exported, *made]:
        assert stat.S_IMODE(path.stat().st_mode) == PRIVATE_FILE, path
    for side in ("-wal", "-shm", ".lock"):  # SQLite gives its side files the database's mode; the lock too
        path = Path(f"{database}{side}")
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == PRIVATE_FILE, path
    for folder in (dirs.data, dirs.logs, dirs.backups, dirs.config):
        assert stat.S_IMODE(folder.stat().st_mode) == PRIVATE_DIR, folder
    # Everything else the program leaves in its folders (logs, settings, lock files) is in a private folder.
    for path in dirs.data.rglob("*"):
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
            assert stat.S_IMODE(path.parent.stat().st_mode) == PRIVATE_DIR, path


# --- importing: data, never code

class _Payload:
    """What a pickle-based format would run on loading: it would create ``marker``."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def no_code_loading(monkeypatch):
    """Records any use of Python's code or object loaders while importing."""
    used: list[str] = []

    def refuse(name, real):
        def call(*args, **kwargs):
            used.append(name)
            raise AssertionError(f"{name} used during an import")
        return call

    monkeypatch.setattr(pickle, "loads", refuse("pickle.loads", pickle.loads))
    monkeypatch.setattr(pickle, "load", refuse("pickle.load", pickle.load))
    monkeypatch.setattr(marshal, "loads", refuse("marshal.loads", marshal.loads))
    monkeypatch.setattr(builtins, "eval", refuse("eval", builtins.eval))
    return used


def counts(db) -> tuple[int, int]:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Mandate)), s.scalar(select(func.count()).select_from(Area))


def test_a_pickle_or_code_in_an_exchange_file_is_refused_and_never_run(db, tmp_path, no_code_loading):
    marker = tmp_path / "ran"
    assert pickle.dumps(_Payload(marker))  # a real payload: unpickling it would create the marker
    hostile = {
        "pickle.json": pickle.dumps(_Payload(marker)),
        "pickle-b64.json": json.dumps({"format": exchange.FORMAT, "format_version": 1,
                                       "areas": [{"uid": "not-a-uid", "py/reduce": [{"py/function": "os.system"},
                                                                                    "touch ran"]}]}).encode(),
        "yaml.json": f"!!python/object/apply:os.system ['touch {marker}']".encode(),
        "constant.json": b'{"format": "segib-desktop-exchange", "format_version": 1, "areas": [Infinity]}',
    }
    before = counts(db)
    for name, content in hostile.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(exchange.ExchangeError) as info:
            exchange.import_file(db, tmp_path / name, backups_dir=tmp_path / "copias")
        assert "nada" in info.value.user_message(), name  # "... No se ha cambiado nada."
    assert not marker.exists()
    assert counts(db) == before
    assert no_code_loading == []


def test_code_looking_text_is_imported_as_plain_text(db, tmp_path, no_code_loading):
    marker = tmp_path / "ran"
    code = f"__import__('os').system('touch {marker}')"
    doc = exchange.export_data(db)
    doc["areas"].append({"uid": "0b9f3c1e-8d2a-4c5b-9e7f-1a2b3c4d5e6f", "name": code})
    path = tmp_path / "areas.json"
    exchange.write_private(path, exchange.dumps(doc))
    result = exchange.import_file(db, path, backups_dir=tmp_path / "copias")
    assert result.created == 1
    with db.session() as s:
        assert s.scalar(select(Area.name).where(Area.uid == "0b9f3c1e-8d2a-4c5b-9e7f-1a2b3c4d5e6f")) == code
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "areas")) >= 1
    assert not marker.exists() and no_code_loading == []


def test_unknown_fields_that_name_python_internals_are_reported_not_used(db, tmp_path, no_code_loading):
    doc = exchange.export_data(db)
    doc["areas"].append({"uid": "0b9f3c1e-8d2a-4c5b-9e7f-1a2b3c4d5e70", "name": "Área",
                         "__class__": "os.system", "__reduce__": ["touch", "ran"]})
    path = tmp_path / "dunder.json"
    exchange.write_private(path, exchange.dumps(doc))
    before = counts(db)
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, path, backups_dir=tmp_path / "copias")
    lines = info.value.lines()
    assert any("__class__" in line and "campo desconocido" in line for line in lines), lines
    assert any("__reduce__" in line for line in lines)
    assert counts(db) == before and no_code_loading == []
