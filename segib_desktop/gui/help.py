"""The user guide inside the program: offline, in the user's language, around the officers' tasks.

The guide is Markdown in ``resources/help/<lang>/<section>.md`` (shipped in the bundle with the rest
of ``resources/``), one file per task, the same files in every language. F1 opens the section of the
page shown; the contents list on the left reaches the others.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QTextBrowser, QWidget

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


def section_file(section: str, lang: str | None = None) -> Path:
    """The section's file in ``lang`` (the language shown), or in Spanish if it were missing."""
    lang = lang or i18n.active().lang
    path = help_dir(lang) / f"{section}.md"
    return path if path.exists() else help_dir(i18n.DEFAULT_LANGUAGE) / f"{section}.md"


class HelpWindow(FitsScreen, QDialog):
    """The guide: its contents on the left, the section on the right; links between sections work."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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


def show_help(parent: QWidget, section: str = "start") -> HelpWindow:
    """Opens (or brings forward) the guide at ``section``; one guide window per main window."""
    window = getattr(parent, "help_window", None)
    if window is None:
        window = HelpWindow(parent)
        parent.help_window = window
    window.show_section(section)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
