"""The platform: scaled screens, Qt's file dialog in the user's language, read-only mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from segib_desktop.gui.app import dates_in_language

ROOT = Path(__file__).resolve().parent.parent
SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": True,
          "screens": [{"name": "office", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}


@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_at_150_and_200_percent_the_window_fits_the_screen_and_drop_downs_show_their_text(tmp_path, scale):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = os.environ | {"QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
                        "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "tests.scale_probe", "pt"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=180)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    x, y, width, height = result["screen"]
    assert (width, height) == (round(1920 / float(scale)), round(1080 / float(scale)))
    for key, page in result["pages"].items():
        fx, fy, fw, fh = page["frame"]
        assert fx >= x and fy >= y and fx + fw <= x + width and fy + fh <= y + height, (key, page["frame"])
        assert not page["cut"], (key, page["cut"])


def test_at_150_percent_on_a_1024_by_768_laptop_the_forms_fit_the_screen_their_buttons_in_view(tmp_path):
    """683×512 logical pixels: the mandate form (minimum 610 high) and a summit's form (1000×640) put their
    last fields and Save past the bottom edge, the pasted document's dialog was 1146 wide (explore15, 2-3)."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN | {"screens": [SCREEN["screens"][0] | {"width": 1024, "height": 768}]}),
                      encoding="utf-8")
    env = os.environ | {"QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
                        "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "tests.scale_probe", "pt", "forms"], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=180)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    x, y, width, height = result["screen"]
    assert (width, height) == (683, 512)
    assert set(result["dialogs"]) == {"mandate", "summit", "paste"}
    for name, dialog in result["dialogs"].items():
        fx, fy, fw, fh = dialog["frame"]
        assert fx >= x and fy >= y and fx + fw <= x + width and fy + fh <= y + height, (name, dialog)
        right, bottom = dialog["buttons"]
        assert right < dialog["size"][0] and bottom < dialog["size"][1], (name, dialog)  # Save and Cancel shown
        assert dialog["last_field_in_view"] in (None, True), (name, dialog)  # scrolled to, not cut off


def test_at_first_start_the_window_leaves_room_for_the_title_bar_the_window_manager_adds(tmp_path):
    """No size remembered, on a 1024×768 screen: the window took the screen's whole height before the window
    manager (Linux) framed it, and its status bar was then half past the bottom edge (explore15, 10)."""
    config = tmp_path / "screen.json"
    unframed = SCREEN | {"windowFrameMargins": False, "screens": [SCREEN["screens"][0] | {"width": 1024, "height": 768}]}
    config.write_text(json.dumps(unframed), encoding="utf-8")
    env = os.environ | {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "tests.scale_probe", "pt", "window"], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=180)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    _x, y, _width, height = result["screen"]
    assert result["frame"] == result["geometry"]  # not framed yet
    assert height - result["geometry"][3] >= 30  # room for a title bar
    assert result["geometry"][1] + result["geometry"][3] <= y + height


@pytest.mark.parametrize(("lang", "look_in", "file_type", "folder"), [
    ("es", "&Buscar en:", "&Tipo de archivo:", "Carpeta"),
    ("pt", "&Procurar em:", "&Tipo de arquivo:", "Pasta"),
])
def test_qts_own_file_dialog_reads_in_the_users_language(gui, qtbot, tmp_path, lang, look_in, file_type, folder):
    """Linux uses Qt's dialog (Windows its own): every label in the language, rendered to check by eye."""
    gui.set_language(lang)
    (tmp_path / "carpeta").mkdir()
    dialog = QFileDialog(gui.window, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.findChild(QLabel, "lookInLabel") is not None, timeout=5000)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == look_in and labels["fileTypeLabel"] == file_type
    assert labels["fileNameLabel"].startswith("&Nom")
    buttons = {b.text().replace("&", "") for b in dialog.findChildren(QPushButton) if b.isVisible()}
    assert {"Abrir", "Cancelar"} <= buttons
    from PySide6.QtWidgets import QFileSystemModel

    model = dialog.findChild(QFileSystemModel)
    index = model.index(str(tmp_path / "carpeta"))
    qtbot.waitUntil(lambda: model.index(index.row(), 2, index.parent()).data() is not None, timeout=5000)
    assert model.index(index.row(), 2, index.parent()).data() == folder
    dialog.close()


def test_the_file_dialog_writes_dates_in_the_users_language_where_the_system_has_none(tmp_path):
    """A bare Linux session ("C") would write "2 12 2026": Qt reads the format once, at start."""
    environ = {"LC_ALL": "C", "LANG": "C"}
    dates_in_language("pt", environ)
    assert environ == {"LANG": "C", "LC_TIME": "pt_BR.UTF-8"}
    user = {"LANG": "de_DE.UTF-8"}
    dates_in_language("es", user)
    assert user == {"LANG": "de_DE.UTF-8"}  # the user's own setting stays
    code = ("import os; from segib_desktop.gui.app import dates_in_language; dates_in_language('es'); "
            "from PySide6.QtCore import QLocale, QDate; from PySide6.QtWidgets import QApplication; "
            "a = QApplication([]); print(QLocale.system().toString(QDate(2026, 12, 2), "
            "QLocale.FormatType.ShortFormat))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {
        "LANG": "C", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2/12/26"


def test_read_only_mode_disables_editing_and_says_why(qapp, dirs, qtbot):
    from PySide6.QtGui import QAction

    from segib_desktop.core.workspace import open_readonly, open_workspace
    from segib_desktop.gui.app import App, make_settings
    from tests.conftest import wait_loaded

    open_workspace(dirs.default_db, dirs).close()
    app = App(qapp, dirs, make_settings(dirs), "es")
    app.use(open_readonly(dirs.default_db, dirs))
    try:
        window = app.window
        qtbot.waitUntil(window.isVisible, timeout=5000)
        banner = window.findChild(QLabel, "read_only_banner")
        assert banner is not None and banner.isVisible() and "solo para lectura" in banner.text()
        assert not window.findChild(QAction, "new_record").isEnabled()
        assert not window.findChild(QAction, "import_file").isEnabled()
        assert window.findChild(QAction, "export_file").isEnabled()
        page = window.navigate("summits")
        if page.model.rowCount() == 0:
            wait_loaded(qtbot, page)
        assert not page.new_button.isEnabled()
        # on a page with a list too (the Edit menu's actions follow the list shown)
        assert not any(window.findChild(QAction, n).isEnabled() for n in ("new_record", "delete_record"))
        page.view.selectRow(0)
        assert not page.delete_button.isEnabled() and page.export_button.isEnabled()
        form = page.open_record(page.model.id_at(0))
        from PySide6.QtWidgets import QDialogButtonBox

        assert not form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
        assert form.findChild(QLabel, "read_only_banner") is not None
        assert form.widget("city").isReadOnly()
        form.done(0)
    finally:
        app.window.close()
        app.close()


def test_after_an_export_open_the_file_or_show_it_in_its_folder(gui, qtbot, tmp_path):
    """The message after a list's export has both buttons; they hand the file, or its folder, to the
    system (caught here through Qt's own URL handler, as the file manager would get it)."""
    from PySide6.QtWidgets import QMessageBox

    from tests.conftest import wait_loaded
    from tests.test_help import UrlCatcher

    page = gui.window.navigate("summits")
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    with qtbot.waitSignal(page.exported, timeout=10000):
        page.export(tmp_path / "cumbres.xlsx")
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "file_written") is not None, timeout=5000)
    box = page.findChild(QMessageBox, "file_written")
    assert "cumbres.xlsx" in box.text()
    with UrlCatcher() as catcher:
        box.findChild(QPushButton, "open_file").click()
        if sys.platform.startswith("linux"):  # Windows and macOS select the file in Explorer or Finder
            box.findChild(QPushButton, "show_in_folder").click()
    expected = [str(tmp_path / "cumbres.xlsx")] + ([str(tmp_path)] if sys.platform.startswith("linux") else [])
    assert catcher.paths == expected
