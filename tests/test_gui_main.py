"""The main window: first run, navigation, menus, language, remembered state, crash path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from segib_desktop.gui.pages import PAGES
from segib_desktop.gui.widgets import dialogs
from tests.conftest import wait_loaded


def test_the_program_opens_on_home_and_the_summits_hold_the_30_reference_summits(gui, qtbot):
    window = gui.window
    assert window.current_key() == "home"
    assert window.nav.item(0).text() == "Inicio"
    window.navigate("summits")
    page = window.pages["summits"]
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    assert page.model.rowCount() == 30
    assert page.model.data(page.model.index(0, 0)) == "XXX"  # newest first
    assert page.count_label.text() == "30 de 30 cumbres"
    assert window.nav.item(1).text() == "Cumbres"
    assert str(gui.workspace.path) in window.db_label.text()


def test_every_page_can_be_visited_by_navigation_and_shortcut(gui):
    window = gui.window
    for row, spec in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.pages[spec.key]
        assert window.stack.currentWidget().objectName() == f"page_{spec.key}"
    shortcuts = {a.shortcut().toString() for a in window.findChildren(type(window.menuBar().actions()[0]))}
    assert {f"Ctrl+{i + 1}" for i in range(len(PAGES))} <= shortcuts


def test_switching_language_from_the_menu_translates_the_window_and_qt(gui, qtbot):
    gui.window.findChild(type(gui.window.menuBar().actions()[0]), "language_pt").trigger()
    window = gui.window
    assert [window.nav.item(0).text(), window.nav.item(1).text()] == ["Início", "Cúpulas"]
    assert [a.text() for a in window.menuBar().actions()][:3] == ["&Arquivo", "&Editar", "E&xibir"]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert gui.settings.value("language") == "pt"
    gui.set_language("en")
    assert gui.window.nav.item(1).text() == "Summits"
    gui.set_language("es")
    assert gui.window.nav.item(1).text() == "Cumbres"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"


def test_a_language_switch_keeps_what_the_list_shows(gui, qtbot):
    """The filter's text and the page's own filters (by value, not by label) come back in the new language:
    the switch cleared them."""
    from segib_desktop.core.enums import MandateStatus

    window = gui.window
    window.navigate("mandates")
    page = window.pages["mandates"]
    wait_loaded(qtbot, page)
    page.status_filter.setCurrentIndex(page.status_filter.findData(MandateStatus.IN_PROGRESS))
    page.overdue_filter.setChecked(True)
    page.filter_edit.setText("informe")
    gui.set_language("pt")
    page = gui.window.pages["mandates"]
    assert gui.window.current_key() == "mandates" and page.filter_edit.text() == "informe"
    assert page.status_filter.currentData() == MandateStatus.IN_PROGRESS and page.overdue_filter.isChecked()
    assert page.status_filter.currentText() == "Em andamento"  # shown in Portuguese
    gui.window.navigate("briefings")  # a form's choices are not a list's: the briefing follows the interface
    gui.set_language("es")
    assert gui.window.pages["briefings"].language.currentData() == "es"


def test_last_page_and_geometry_are_remembered(gui, qapp, dirs):
    from segib_desktop.gui.app import App, make_settings

    gui.window.navigate("mandates")
    gui.window.resize(760, 480)  # the offscreen screen is 800x600
    gui.window.close()
    gui.close()
    again = App(qapp, dirs, make_settings(dirs), "es")
    assert again.open(None)
    try:
        assert again.window.current_key() == "mandates"
        assert again.window.height() == 480
    finally:
        again.window.close()
        again.close()


def test_about_names_the_version_and_the_database(gui):
    from segib_desktop import __version__

    text = gui.window.about_text()
    assert __version__ in text and str(gui.workspace.path) in text


@pytest.mark.allow_log(r"^cannot open ")
def test_opening_a_bad_file_says_so_and_keeps_the_current_database(gui, tmp_path, monkeypatch):
    """File > Open on a file that cannot be opened: the start's dialog (its reason, its ways forward),
    with Cancel instead of Quit; Cancel keeps the database open."""
    from PySide6.QtWidgets import QDialogButtonBox

    from segib_desktop.gui import startup_faults as faults

    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"nonsense" * 100)
    shown = []

    def answer(dialog):
        leave = dialog.findChild(QDialogButtonBox).buttons()[0]
        shown.append((dialog.message.text(), sorted(dialog.buttons), leave.text().replace("&", "")))
        leave.click()
        return dialog.result()

    monkeypatch.setattr(faults.StartupFaultDialog, "exec", answer)
    current = gui.workspace.path
    assert gui.open(bad) is False
    assert gui.workspace.path == current
    message, choices, leave = shown[0]
    assert "no es una base de datos" in message
    assert {"other", "new"} <= set(choices) and leave == "Cancelar"


@pytest.mark.allow_log(r"^unexpected error\n")
def test_a_bug_is_logged_and_shown_once_with_details(qapp, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(dialogs.CrashDialog, "exec", lambda self: shown.append(self.details.toPlainText()))
    handler = dialogs.CrashHandler("/tmp/log.txt")
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        handler(type(exc), exc, exc.__traceback__)
        handler(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    assert "ZeroDivisionError: boom" in shown[0]
    assert "ZeroDivisionError" in caplog.text


def test_the_crash_dialog_copies_its_details(qapp):
    dialog = dialogs.CrashDialog("Traceback: detalles")
    dialog.copy_button.click()
    assert qapp.clipboard().text() == "Traceback: detalles"


def test_the_window_makes_the_daily_backup_in_the_background(qapp, dirs, qtbot):
    from segib_desktop.core import backups
    from segib_desktop.core.workspace import open_workspace
    from segib_desktop.gui.app import App, make_settings

    open_workspace(dirs.default_db, dirs).close()  # a new database: nothing to back up yet
    open_workspace(dirs.default_db, dirs, daily_backup=False).close()  # the window's way: none made here
    assert backups.list_backups(dirs.backups) == []
    app = App(qapp, dirs, make_settings(dirs), "es")
    try:
        assert app.open(None)
        qtbot.waitUntil(lambda: [b.reason for b in backups.list_backups(dirs.backups)] == ["start"], timeout=10000)
    finally:
        app.window.close()
        app.close()


@pytest.mark.allow_log(r"is not reachable")
def test_a_backup_folder_that_is_away_is_said_on_a_banner_until_another_is_chosen(qapp, dirs, qtbot, tmp_path,
                                                                                 monkeypatch):
    import shutil

    from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

    from segib_desktop.core import backups
    from segib_desktop.core.services.settings import SettingsService
    from segib_desktop.core.workspace import open_workspace
    from segib_desktop.gui.app import App, make_settings

    share = tmp_path / "unidad-z" / "copias"
    share.mkdir(parents=True)
    open_workspace(dirs.default_db, dirs).close()
    with open_workspace(dirs.default_db, dirs, daily_backup=False) as ws:
        SettingsService(ws.db).set(backups.FOLDER_SETTING, str(share))
    shutil.rmtree(share)  # the network drive is not connected today
    app = App(qapp, dirs, make_settings(dirs), "pt")
    try:
        assert app.open(None)
        qtbot.waitUntil(lambda: app.window.findChild(QLabel, "backup_banner") is not None, timeout=10000)
        banner = app.window.findChild(QLabel, "backup_banner")
        assert banner.text().startswith(f"Não é possível acessar a pasta de cópias de segurança {share}")
        assert str(dirs.backups) in banner.text() and "Arquivo > Pasta de cópias de segurança…" in banner.text()
        assert [b.reason for b in backups.list_backups(dirs.backups)] == ["start"] and not share.exists()
        app.set_language("es")  # a new window says it too
        banner = app.window.findChild(QLabel, "backup_banner")
        assert banner is not None and banner.text().startswith("No se puede alcanzar")
        other = tmp_path / "otra"
        other.mkdir()
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(other))
        monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
        app.window.safety.choose_folder()
        assert banner.isHidden() and app.workspace.backup_problem is None
    finally:
        app.window.close()
        app.close()


def test_the_home_page_reads_its_figures_once_at_start(qapp, dirs, qtbot, monkeypatch):
    from segib_desktop.core.read import home as dashboard
    from segib_desktop.gui.app import App, make_settings

    reads = []
    original = dashboard.figures
    monkeypatch.setattr(dashboard, "figures", lambda *a, **k: reads.append(1) or original(*a, **k))
    app = App(qapp, dirs, make_settings(dirs), "es")
    try:
        assert app.open(None)
        home = app.window.pages["home"]
        qtbot.waitUntil(lambda: home.figures is not None, timeout=5000)
        qtbot.wait(100)
        assert len(reads) == 1
        with qtbot.waitSignal(home.loaded, timeout=5000):
            home.refresh()  # shown again later: read again
        assert len(reads) == 2
    finally:
        app.window.close()
        app.close()


def test_the_first_window_shows_once_its_page_has_its_data(qapp, dirs, qtbot):
    """Painted once, whole: not with empty figures first and then again."""
    from segib_desktop.gui.app import App, make_settings

    app = App(qapp, dirs, make_settings(dirs), "es")
    try:
        assert app.open(None)
        home = app.window.pages["home"]
        assert not app.window.isVisible() and home.figures is None
        with qtbot.waitSignal(home.loaded, timeout=5000):
            pass
        assert app.window.isVisible()
    finally:
        app.window.close()
        app.close()


def test_the_first_window_shows_anyway_when_its_data_is_slow(qapp, dirs, qtbot, monkeypatch):
    import threading

    from segib_desktop.core.read import home as dashboard
    from segib_desktop.gui import app as gui_app

    release = threading.Event()
    original = dashboard.figures
    monkeypatch.setattr(dashboard, "figures", lambda *a, **k: release.wait(10) and original(*a, **k))
    app = gui_app.App(qapp, dirs, gui_app.make_settings(dirs), "es")
    try:
        assert app.open(None)
        home = app.window.pages["home"]
        qtbot.waitUntil(app.window.isVisible, timeout=gui_app.FIRST_SHOW_WAIT_MS + 2000)
        assert home.figures is None  # still reading: shown with its placeholders
        release.set()
        qtbot.waitUntil(lambda: home.figures is not None, timeout=5000)
    finally:
        release.set()
        app.window.close()
        app.close()


def test_the_program_shows_its_first_screen_before_importing_sqlalchemy_or_babel(dirs, tmp_path):
    """The start as a user makes it (bench/probe.py startup: the command line, the window, the home
    page's figures painted): SQLAlchemy, the models and Alembic come only afterwards."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from segib_desktop.core.workspace import open_workspace

    open_workspace(dirs.default_db, dirs).close()
    root = Path(__file__).resolve().parent.parent
    env = os.environ | {"BENCH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "bench.probe", "startup", str(dirs.default_db)], capture_output=True,
                         text=True, env=env, cwd=root, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["page"] == "home" and result["sqlalchemy"] is False and result["babel"] is False


def test_quitting_while_a_job_runs_asks_first(gui, qtbot, monkeypatch):
    """File > Quit during an import or a briefing asks; declining keeps the window and the job."""
    from segib_desktop.gui.widgets import tasks
    from tests import process_targets

    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, action=None: asked.append(text) or False)
    window = gui.window
    window.quit()
    assert asked == [] and not window.isVisible()  # nothing running: no question
    window.show()
    task = tasks.run_in_process(process_targets.wait_for_cancel, (), lambda _r: None, lambda _e: None)
    try:
        window.quit()
        assert len(asked) == 1 and "nota informativa" in asked[0]
        assert window.isVisible() and task.running
        monkeypatch.setattr(dialogs, "confirm", lambda parent, text, action=None: True)
        window.quit()
        assert not window.isVisible()
    finally:
        task.cancel()
        qtbot.waitUntil(lambda: not task.running, timeout=30000)
