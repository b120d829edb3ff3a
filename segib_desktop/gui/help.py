"""The user guide inside the program: offline, in the user's language, around the officers' tasks.

The guide is Markdown in ``resources/help/<lang>/<section>.md`` (shipped in the bundle with the rest
of ``resources/``), one file per task, the same files in every language. F1 opens the section of the
page shown, or of the form or dialog open (its ``help_section``, else that of the window it was opened
from), anywhere in the program (``keyboard.KeyboardPolicy`` passes F1 on); the contents list on the left
reaches the others.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QTextBrowser,
    QWidget,
)

from segib_desktop import i18n, paths
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.i18n import N_, _

# The sections in reading order: (file name without .md, English msgid of the title in the contents).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("start", N_("Getting started")),
    ("summit-cycle", N_("Record a summit's cycle")),
    ("programme-of-action", N_("Paste a Programme of Action")),
    ("mandates", N_("Follow a mandate")),
    ("codei", N_("Prepare a CODEI meeting")),
    ("iberblh", N_("The IberBLH programme")),
    ("briefings", N_("Make and print a briefing")),
    ("backups", N_("Backups and restore")),
    ("exchange", N_("Exchange with a colleague")),
    ("keyboard", N_("Keyboard and accessibility")),
)
# The section F1 opens on each page of the main window (gui/pages PAGES keys).
PAGE_SECTIONS = {
    "home": "start",
    "summits": "summit-cycle",
    "meetings": "summit-cycle",
    "mandates": "mandates",
    "coordination": "codei",
    "iberblh": "iberblh",
    "briefings": "briefings",
}


def help_dir(lang: str) -> Path:
    return paths.resources_dir() / "help" / lang


def section_for_page(key: str) -> str:
    return PAGE_SECTIONS.get(key, "start")


def section_for(widget: QWidget) -> str:
    """The section for where ``widget`` is: the ``help_section`` its form or dialog names, else that of the
    window it was opened from (a message box over a form: the form's; a dialog that names none: the page's)."""
    while widget is not None:
        if section := getattr(widget, "help_section", ""):
            return section
        if isinstance(widget, QMainWindow) and hasattr(widget, "current_key"):
            return section_for_page(widget.current_key())
        widget = widget.parentWidget()
    return "start"


def section_file(section: str, lang: str | None = None) -> Path:
    """The section's file in ``lang`` (the language shown), or in Spanish if it were missing."""
    lang = lang or i18n.active().lang
    path = help_dir(lang) / f"{section}.md"
    return path if path.exists() else help_dir(i18n.DEFAULT_LANGUAGE) / f"{section}.md"


class HelpWindow(FitsScreen, QDialog):
    """The guide: its contents on the left, the section on the right; links between sections work."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.owner = parent  # the main window that keeps it (its parent while no modal dialog is open)
        self.setObjectName("help_window")
        self.setWindowTitle(_("SEGIB Desktop user guide"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.contents = QListWidget(objectName="help_contents")
        self.contents.setAccessibleName(_("Contents of the user guide"))
        for section, title in SECTIONS:
            item = QListWidgetItem(_(title))
            item.setData(Qt.ItemDataRole.UserRole, section)
            self.contents.addItem(item)
        widest = max(self.contents.fontMetrics().horizontalAdvance(_(title)) for _section, title in SECTIONS)
        self.contents.setFixedWidth(widest + 36)  # every title whole, in every language
        self.browser = QTextBrowser(objectName="help_text")
        self.browser.setAccessibleName(_("User guide"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.browser, 1)
        self.contents.currentRowChanged.connect(lambda row: self.show_section(SECTIONS[row][0]))
        self.section = ""
        self.resize(900, 620)

    def show_section(self, section: str) -> None:
        if section == self.section:
            return
        self.section = section
        path = section_file(section)
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
        row = [s for s, _title in SECTIONS].index(section)
        if self.contents.currentRow() != row:
            self.contents.setCurrentRow(row)

    def _link(self, url: QUrl) -> None:
        """A link to another section (``mandates.md``) opens it here (the guide links nowhere else)."""
        name = Path(url.path()).stem
        if url.scheme() in ("", "file") and name in dict(SECTIONS):
            self.show_section(name)


def _owner(widget: QWidget) -> QWidget:
    """The window that keeps the guide: the main window ``widget`` belongs to (any shown, for a dialog of its
    own, such as the connection's before the window opens), else ``widget``'s own window."""
    top = widget.window()
    while top.parentWidget() is not None:
        top = top.parentWidget().window()
    if isinstance(top, QMainWindow):
        return top
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()), top)


def _host(window: HelpWindow) -> None:
    """The guide over the modal dialog open, if any, is that dialog's own window: a modal dialog blocks every
    window outside it (the form blocks the main window and its guide), not its own. When the dialog closes the
    guide goes back to the dialog under it, or to its main window, still shown if it was."""
    modal = QApplication.activeModalWidget()
    host = modal if modal is not None and modal is not window else window.owner
    if window.parentWidget() is host:
        return
    shown, geometry = window.isVisible(), window.geometry()
    window.setParent(host, window.windowFlags())  # hides it, and would take the parent's place
    window.setGeometry(geometry)
    if host is not window.owner and isinstance(host, QDialog):
        host.finished.connect(lambda *_args, dialog=host: _closed(window, dialog))
    if shown:  # a dialog closing gives the keyboard back to the window under it, not to the guide
        window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        window.show()
        window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)


def _closed(window: HelpWindow, dialog: QDialog) -> None:
    if shiboken6.isValid(window) and window.parentWidget() is dialog:
        _host(window)


def show_help(parent: QWidget, section: str = "start") -> HelpWindow:
    """Opens (or brings forward) the guide at ``section``; one guide window per main window, usable over
    the form or dialog open."""
    parent = _owner(parent)
    window = getattr(parent, "help_window", None)
    if window is None or not shiboken6.isValid(window):
        window = HelpWindow(parent)
        parent.help_window = window
    _host(window)
    window.show_section(section)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def help_for(widget: QWidget) -> bool:
    """F1 in ``widget``'s window (a form, a dialog, a message box): the guide at its section. Not in the guide
    itself, where F1 has nothing to add."""
    if isinstance(widget.window(), HelpWindow):
        return False
    show_help(widget, section_for(widget))
    return True
