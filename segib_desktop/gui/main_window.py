"""The main window: navigation, pages, menus and status bar."""

from __future__ import annotations

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from segib_desktop import __version__
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages import PAGES, page_spec
from segib_desktop.i18n import LANGUAGE_NAMES, LANGUAGES, _

DB_FILTER = "SEGIB Desktop (*.sqlite3 *.sqlite *.db);;*"

class MainWindow(QMainWindow):
    """Asks the App (through signals) for what changes the whole program: database, language."""

    open_database_requested = Signal(str)
    new_database_requested = Signal(str)
    language_requested = Signal(str)
    restore_requested = Signal(str)  # a checked backup file, to replace the open database with

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.pages: dict[str, QWidget] = {}
        self._unshown: set[str] = set()  # built, not shown yet
        self.setObjectName("main_window")
        self.setWindowTitle(ctx.workspace.path.name)  # Qt adds " — SEGIB Desktop" (the display name)
        self.resize(1180, 760)

        # From the outside in, as the pages are built (see PageSpec.build), and the first page first:
        # it starts reading its data in the background while the rest of the window is made.
        central = QWidget()
        layout = QHBoxLayout(central)
        self.setCentralWidget(central)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        for _spec in PAGES:
            self.stack.addWidget(QWidget())  # built on first visit
        ctx.navigate = self.navigate
        last = ctx.settings.value("window/page", PAGES[0].key)
        first = last if last in {p.key for p in PAGES} else PAGES[0].key
        self.page(first)

        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(190)
        layout.insertWidget(0, self.nav)
        for spec in PAGES:
            self.nav.addItem(_(spec.title))
        self.nav.currentRowChanged.connect(self._show_row)
        self.navigate(first)
        self.db_label = QLabel(_("Database: {path}").format(path=ctx.workspace.path))
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()

        geometry = ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    # --- pages
    def navigate(self, key: str, **options) -> QWidget:
        """Shows the page ``key`` (building it if needed) and passes it ``options``."""
        row = [p.key for p in PAGES].index(key)
        page = self.page(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        if options and hasattr(page, "show_options"):
            page.show_options(**options)
        return page

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            row = [p.key for p in PAGES].index(key)
            page = page_spec(key).build(self.ctx, self.stack)
            page.setObjectName(f"page_{key}")
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = page
            self._unshown.add(key)
        return self.pages[key]

    def current_key(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)].key

    def _show_row(self, row: int) -> None:
        key = PAGES[row].key
        page = self.page(key)
        self.stack.setCurrentIndex(row)
        self.ctx.settings.setValue("window/page", key)
        if key in self._unshown:  # just built: it has just read its data
            self._unshown.discard(key)
        elif hasattr(page, "refresh"):
            page.refresh()

    # --- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self._action(file_menu, _("&New database…"), self._new_database, "Ctrl+Shift+N")
        self._action(file_menu, _("&Open database…"), self._open_database, QKeySequence.StandardKey.Open)
        file_menu.addSeparator()
        from segib_desktop.gui import safety

        safety.add_actions(self, file_menu)
        from segib_desktop.gui import calendar_export, xlsx_import

        calendar_export.add_action(self, file_menu)
        xlsx_import.add_action(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.quit, QKeySequence.StandardKey.Quit)

        view_menu = self.menuBar().addMenu(_("&View"))
        for row, spec in enumerate(PAGES):
            self._action(view_menu, _(spec.title), lambda _c=False, k=spec.key: self.navigate(k), f"Ctrl+{row + 1}")
        view_menu.addSeparator()
        self._action(view_menu, _("&Search everything…"), self.open_search, "Ctrl+K").setObjectName("search_action")
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(_("&Language"))
        group = QActionGroup(self)
        for lang in LANGUAGES:
            action = self._action(language_menu, LANGUAGE_NAMES[lang],
                                  lambda _c=False, code=lang: self.language_requested.emit(code))
            action.setCheckable(True)
            action.setChecked(lang == self.ctx.lang)
            action.setObjectName(f"language_{lang}")
            group.addAction(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self._action(help_menu, _("&About SEGIB Desktop"), self.show_about, QKeySequence.StandardKey.HelpContents)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def open_search(self) -> None:
        from segib_desktop.gui.search import open_search

        open_search(self)

    def _open_database(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(self, _("Open database"), str(self.ctx.workspace.path.parent),
                                                    DB_FILTER)
        if path:
            self.open_database_requested.emit(path)

    def _new_database(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(self, _("New database"), str(self.ctx.workspace.path.parent),
                                                    DB_FILTER)
        if path:
            self.new_database_requested.emit(path)

    def about_text(self) -> str:
        return _("SEGIB Desktop {version}\n\nSummits, mandates, coordination and IberBLH follow-up for the "
                 "Secretaría General Iberoamericana.\n\nDatabase: {path}").format(
            version=__version__, path=self.ctx.workspace.path)

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, _("About SEGIB Desktop"), self.about_text())

    # --- closing
    def quit(self) -> None:
        """File > Quit: as the window's close button, asking first while an import or a briefing runs."""
        if self.may_close():
            self.close()

    def may_close(self) -> bool:
        from segib_desktop.gui.widgets import dialogs, tasks

        if not tasks.running_jobs():
            return True
        return dialogs.confirm(self, _("An import or a briefing is still running. If you quit now, it stops "
                                       "and nothing of it is saved."), action=_("Quit"))

    def closeEvent(self, event) -> None:
        # Closed by the user (the title bar's button): ask as Quit does. The program closes a window
        # itself when it rebuilds it in another language or on another database: no question then.
        if event.spontaneous() and not self.may_close():
            event.ignore()
            return
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.sync()
        super().closeEvent(event)
