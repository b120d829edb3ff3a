"""The File menu's backup, restore, export and import, driven through the real window."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog
from sqlalchemy import func, select

from segib_desktop.core import backups, exchange
from segib_desktop.core.models import Mandate, Summit
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.gui import file_commands as safety_module
from segib_desktop.gui.backup_choice import BackupChooser
from tests.test_exchange import add_examples, fresh


def action(window, name: str) -> QAction:
    return window.findChild(QAction, name)


def answer(monkeypatch, *, open_file=None, save_file=None, folder=None, confirm=True):
    shown = {"info": [], "error": [], "problems": []}
    if open_file is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(open_file), ""))
        # Restore offers the database's own backups first (if it has any): "Another file…" is this one
        monkeypatch.setattr(BackupChooser, "exec", lambda chooser: chooser.other_button.click() or chooser.result())
    if save_file is not None:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(save_file), ""))
    if folder is not None:
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(safety_module, "confirm", lambda *a, **k: confirm)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown["info"].append(text))
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown["info"].append(box.text()))  # show_written
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown["error"].append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown["problems"].append(
        (box.text(), box.informativeText(), box.detailedText())))
    return shown


def test_the_file_menu_offers_the_safety_commands_in_each_language(gui):
    texts = [a.text() for a in gui.window.menuBar().actions()[0].menu().actions() if a.text()]
    for expected in ("&Hacer una copia de seguridad ahora", "&Restaurar copia de seguridad…", "&Exportar…",
                     "&Importar…"):
        assert expected in texts
    gui.set_language("pt")
    texts = [a.text() for a in gui.window.menuBar().actions()[0].menu().actions() if a.text()]
    assert "&Fazer uma cópia de segurança agora" in texts and "&Importar…" in texts
    gui.set_language("es")


def test_back_up_now(gui, qtbot, monkeypatch, dirs):
    shown = answer(monkeypatch)
    action(gui.window, "backup_now").trigger()
    qtbot.waitUntil(lambda: bool(shown["info"]))
    (made,) = backups.list_backups(dirs.backups)
    assert made.reason == "manual" and str(made.path) in shown["info"][0]


def test_choosing_the_backup_folder_remembers_it(gui, qtbot, monkeypatch, tmp_path):
    chosen = tmp_path / "red"
    chosen.mkdir()
    shown = answer(monkeypatch, folder=chosen)
    action(gui.window, "backup_folder").trigger()
    assert SettingsService(gui.workspace.db).get(backups.FOLDER_SETTING) == str(chosen)
    # where its file system is mounted, checked every day (test_data_safety: a share not connected)
    assert SettingsService(gui.workspace.db).get(backups.MOUNT_SETTING) == str(backups.mount_point(chosen))
    assert [b.reason for b in backups.list_backups(chosen)] == ["manual"]
    assert str(chosen) in shown["info"][0]


def test_export_from_the_menu(gui, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "todo.json"
    shown = answer(monkeypatch, save_file=target)
    action(gui.window, "export_file").trigger()
    qtbot.waitUntil(lambda: bool(shown["info"]))
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == exchange.FORMAT
    assert "registros exportados" in shown["info"][0]


def test_import_from_the_menu_shows_progress_and_refreshes_the_page(gui, qtbot, monkeypatch, tmp_path):
    source = fresh(tmp_path, "otra.sqlite3")
    add_examples(source)
    with source.session() as s:
        s.scalar(select(Summit).where(Summit.number == 30)).city = "Madrid (importada)"
    exchange.export_file(source, tmp_path / "otra.json")
    source.close()
    page = gui.window.navigate("summits")
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    shown = answer(monkeypatch, open_file=tmp_path / "otra.json")
    labels = []
    monkeypatch.setattr(QProgressDialog, "setLabelText", lambda self, text: labels.append(text))
    action(gui.window, "import_file").trigger()
    qtbot.waitUntil(lambda: bool(shown["info"]), timeout=20000)
    assert "importado" in shown["info"][0]
    assert labels[-1] == "Terminando de importar otra.json…"  # every record written, then the finishing
    with gui.workspace.db.session() as s:
        assert s.scalar(select(func.count(Mandate.id))) == 1
    qtbot.waitUntil(lambda: "Madrid (importada)" in [page.model.data(page.model.index(r, 3))
                                                     for r in range(page.model.rowCount())])
    assert gui.window.safety.progress is None  # the progress dialog is gone


def test_importing_a_bad_file_lists_its_problems_and_changes_nothing(gui, qtbot, monkeypatch, tmp_path):
    doc = exchange.export_data(gui.workspace.db)
    doc["summits"][2]["start_date"] = "pronto"
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    shown = answer(monkeypatch, open_file=tmp_path / "mala.json")
    before = exchange.export_data(gui.workspace.db)
    action(gui.window, "import_file").trigger()
    qtbot.waitUntil(lambda: bool(shown["problems"]), timeout=20000)
    headline, first, details = shown["problems"][0]
    assert "no se ha importado" in headline
    assert first.startswith("summits[2].start_date: no es una fecha")
    assert exchange.export_data(gui.workspace.db) == before


def test_restore_from_the_menu_reopens_the_restored_database(gui, qtbot, monkeypatch, tmp_path, dirs):
    db = gui.workspace.db
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 30)).city = "Madrid"
    saved = backups.make_backup(gui.workspace.path, tmp_path, "manual")
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 30)).city = "Madrid (después)"
    old_window = gui.window
    shown = answer(monkeypatch, open_file=saved)
    action(gui.window, "restore_backup").trigger()
    assert gui.window is not old_window and gui.workspace is not None
    with gui.workspace.db.session() as s:
        assert s.scalar(select(Summit.city).where(Summit.number == 30)) == "Madrid"
    (kept,) = [b for b in backups.list_backups(dirs.backups) if b.reason == "replaced"]
    conn = sqlite3.connect(kept.path)
    assert conn.execute("SELECT city FROM summits WHERE number=30").fetchone() == ("Madrid (después)",)
    conn.close()
    assert "restaurado" in shown["info"][0] and str(kept.path) in shown["info"][0]


def test_restore_offers_the_databases_backups_by_date_time_and_reason(gui, qtbot, monkeypatch, dirs):
    """A file dialog cut their names short ("d-20261204-0802...75148e2.sqlite3" twice); the list says when and
    why each was made, newest first, and restores the one chosen (Enter, as the keyboard does)."""
    import datetime as dt

    db = gui.workspace.db
    path = gui.workspace.path
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 30)).city = "Madrid (a mano)"
    by_hand = backups.make_backup(path, dirs.backups, "manual", now=dt.datetime(2026, 12, 4, 8, 2, 51))
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 30)).city = "Madrid (importación)"
    backups.make_backup(path, dirs.backups, "import", now=dt.datetime(2026, 12, 4, 8, 2, 59))
    shown = answer(monkeypatch)
    listed = []

    def choose_the_second(chooser):
        rows = chooser.backups
        listed.extend(rows.item(r).text() for r in range(rows.count()))
        chooser.show()
        rows.setCurrentRow(listed.index("04/12/2026 a las 08:02 — hecha a mano"))
        qtbot.keyClick(rows, Qt.Key.Key_Return)  # the default button: Restore
        return chooser.result()

    monkeypatch.setattr(BackupChooser, "exec", choose_the_second)
    action(gui.window, "restore_backup").trigger()
    # newest first (the window's own start backup, made today, may come before them)
    assert [t for t in listed if t.startswith("04/12/2026 a las 08:02")] == [
        "04/12/2026 a las 08:02 — antes de una importación", "04/12/2026 a las 08:02 — hecha a mano"]
    with gui.workspace.db.session() as s:
        assert s.scalar(select(Summit.city).where(Summit.number == 30)) == "Madrid (a mano)"
    assert "restaurado" in shown["info"][0] and by_hand.exists()


def test_restoring_a_bad_file_says_so_and_keeps_the_database_open(gui, monkeypatch, tmp_path):
    bad = tmp_path / "copia.sqlite3"
    bad.write_bytes(b"\x00not a database" * 500)
    shown = answer(monkeypatch, open_file=bad)
    window, workspace = gui.window, gui.workspace
    action(gui.window, "restore_backup").trigger()
    assert "no es una copia de seguridad" in shown["error"][0]
    assert gui.window is window and gui.workspace is workspace
    with workspace.db.session() as s:
        assert s.scalar(select(func.count(Summit.id))) == 30


def test_the_import_dialog_opens_where_the_last_export_went(gui, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "intercambio" / "todo.json"
    target.parent.mkdir()
    shown = answer(monkeypatch, save_file=target)
    action(gui.window, "export_file").trigger()
    qtbot.waitUntil(lambda: bool(shown["info"]))
    started_in = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda parent, title, start, *a: started_in.append(start)
                        or ("", ""))
    action(gui.window, "import_file").trigger()
    assert started_in == [str(target.parent)]
