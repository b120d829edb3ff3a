"""The main window: navigation, pages, menus and status bar."""

from __future__ import annotations

import logging
import sys

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import __version__, errors
from segib_desktop.core.db import server_parts
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.keyboard import assign_menu_mnemonics, first_field, give_focus
from segib_desktop.gui.pages import PAGES, page_spec
from segib_desktop.gui.widgets.dialogs import open_path, show_error
from segib_desktop.gui.widgets.screen import fit_to_screen
from segib_desktop.i18n import LANGUAGE_NAMES, LANGUAGES, _

log = logging.getLogger(__name__)

DB_FILTER = "SEGIB Desktop (*.sqlite3 *.sqlite *.db);;*"


def database_label(workspace) -> str:
    """How the window names its database: the file's path, or the database and its server (no password)."""
    if not workspace.server:
        return str(workspace.path)
    host, port, name, login = server_parts(workspace.db.url)
    return _("{database} on the server {host} (as {login})").format(
        database=name, host=f"{host}:{port}" if port else host, login=login or workspace.db.user)


def database_title(workspace) -> str:
    return server_parts(workspace.db.url)[2] if workspace.server else workspace.path.name


class MainWindow(QMainWindow):
    """Asks the App (through signals) for what changes the whole program: database, language."""

    open_database_requested = Signal(str)
    new_database_requested = Signal(str)
    language_requested = Signal(str)
    restore_requested = Signal(str)  # a checked backup file, to replace the open database with
    server_opened = Signal(object)  # a server database's Workspace, opened by File > Connect to a server…

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.pages: dict[str, QWidget] = {}
        self._unshown: set[str] = set()  # built, not shown yet
        self.setObjectName("main_window")
        self.setWindowTitle(database_title(ctx.workspace))  # Qt adds " — SEGIB Desktop" (the display name)
        self.resize(1180, 760)

        # From the outside in, as the pages are built (see PageSpec.build), and the first page first:
        # it starts reading its data in the background while the rest of the window is made.
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner_row = QVBoxLayout()  # the read-only banner, when the database is open read-only
        outer.addLayout(self.banner_row)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.stack = QStackedWidget()
        # Scrolled rather than squeezed or pushed past the screen's edge: at 150 % or 200 % a page may
        # need more room than the screen has (its filters keep their text, the window stays on the screen).
        self.scroller = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame, objectName="page_scroller")
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setWidget(self.stack)
        layout.addWidget(self.scroller, 1)
        for _spec in PAGES:
            self.stack.addWidget(QWidget())  # built on first visit
        ctx.navigate = self.navigate
        last = ctx.settings.value("window/page", PAGES[0].key)
        first = last if last in {p.key for p in PAGES} else PAGES[0].key
        self.page(first)

        self.nav = QListWidget(objectName="navigation")
        self.nav.setAccessibleName(_("Pages"))
        self.nav.setFixedWidth(190)  # at the usual font; the style sheet's min/max width grows it with a larger one
        layout.insertWidget(0, self.nav)
        for spec in PAGES:
            self.nav.addItem(_(spec.title))
        self.nav.currentRowChanged.connect(self._show_row)
        self.navigate(first)
        self.db_label = QLabel(_("Database: {path}").format(path=database_label(ctx.workspace)))
        self.db_label.setToolTip(database_label(ctx.workspace))
        self.db_label.setMinimumWidth(1)  # a long path is cut, never widens the window past the screen
        self.db_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addPermanentWidget(self.db_label, 1)
        self._build_menus()
        if ctx.workspace.server:  # others change it too: their changes appear here (gui/server_watch.py)
            from segib_desktop.gui.server_watch import ServerWatch

            self.server_watch = ServerWatch(self)

        geometry = ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.fit_screen()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_screen()  # the frame, if the window manager has made it by now; else room for a typical one
        self.update_list_actions()  # the lists have shown: a read-only database's have no New

    def fit_screen(self) -> None:
        """Within the screen's free area, whatever was remembered or the scale (QT_SCALE_FACTOR 1.5, 2)."""
        fit_to_screen(self)

    # --- pages
    def navigate(self, key: str, **options) -> QWidget | None:
        """Shows the page ``key`` (building it if needed) and passes it ``options``; None if the server cannot
        be reached to read what it shows (``_cannot_show``)."""
        row = [p.key for p in PAGES].index(key)
        try:
            page = self.page(key)
            if self.nav.currentRow() != row:
                self.nav.setCurrentRow(row)
            if options and hasattr(page, "show_options"):
                page.show_options(**options)
        except errors.ServerConnectionLost:
            self._cannot_show(key)
            return None
        return page

    def _cannot_show(self, key: str) -> None:
        """A page the server's outage keeps from being read: said so (not "nothing was saved"); the list of
        pages stays on the page shown, so that choosing the page again tries again."""
        with QSignalBlocker(self.nav):
            self.nav.setCurrentRow(self.stack.currentIndex())
        show_error(self, _("The server cannot be reached, so the page {page} cannot be shown now. Try again once "
                           "the window says the server is back.").format(page=_(page_spec(key).title)))

    def go_to(self, key: str) -> None:
        """View > a page (Ctrl+1…): the page, with the keyboard in it, where it was when the page was last
        left, else on its first field (the shown tab's, not the bar of its tabs, where keys choose a tab)."""
        page = self.navigate(key)
        if page is None:
            return
        # Leaving a page with the keyboard in it, Qt hands the focus to the next page's first focusable control,
        # the bar of its tabs: not where the keyboard was, and no mark shows it there.
        target = page.focusWidget()
        if (target is None or not target.isVisibleTo(page) or not target.isEnabled()
                or isinstance(target, QtWidgets.QTabBar)):
            target = first_field(page)
        if target is not None:
            give_focus(target)

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            row = [p.key for p in PAGES].index(key)
            page = page_spec(key).build(self.ctx, self.stack)
            page.setObjectName(f"page_{key}")
            page.setAccessibleName(_(page_spec(key).title))
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = page
            self._unshown.add(key)
            # A tab (or a body's page) shown changes whether a list shows: the Edit menu's list actions follow.
            for stack in page.findChildren(QStackedWidget):
                stack.currentChanged.connect(self.update_list_actions)
            own_new_changed = getattr(page, "own_new_changed", None)  # its own New turned on or off
            if own_new_changed is not None:
                own_new_changed.connect(self.update_list_actions)
        return self.pages[key]

    def current_key(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)].key

    def _show_row(self, row: int) -> None:
        key = PAGES[row].key
        try:
            page = self.page(key)
        except errors.ServerConnectionLost:
            self._cannot_show(key)
            return
        self.stack.setCurrentIndex(row)
        self.update_list_actions()
        self.ctx.settings.setValue("window/page", key)
        if key in self._unshown:  # just built: it has just read its data
            self._unshown.discard(key)
        elif hasattr(page, "refresh"):
            try:
                page.refresh()
            except errors.ServerConnectionLost as exc:  # its last data stays; the banner says why
                log.info("page %s not read again: %s", key, exc)

    # --- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self._action(file_menu, _("&New database…"), self._new_database, "Ctrl+Shift+N")
        self._action(file_menu, _("&Open database…"), self._open_database, QKeySequence.StandardKey.Open)
        self._action(file_menu, _("Connect to a ser&ver…"), self._connect_server).setObjectName("connect_server")
        file_menu.addSeparator()
        from segib_desktop.gui import file_commands

        file_commands.add_actions(self, file_menu)
        # Their dialogs' modules when they open: the first screen need not wait for their widgets' types.
        self._action(file_menu, _("Export &calendar…"), self.export_calendar).setObjectName("export_calendar")
        self._action(file_menu, _("Import mandates from a &spreadsheet…"),
                     self.import_spreadsheet).setObjectName("import_xlsx")
        file_menu.addSeparator()
        self._action(file_menu, _("&Print…"), self.print_shown, "Ctrl+P").setObjectName("print_action")
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.quit, "Ctrl+Q")  # Windows has no standard key for it

        # For the list of the page shown, wherever the focus is on the page.
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        for name, text, slot, keys in (
                ("new_record", _("&New record"), self.new_record, "Ctrl+N"),
                ("open_record", _("&Open record"), lambda: self._on_list("open_current"), None),
                ("delete_record", _("&Delete record…"), lambda: self._on_list("_delete_selected"),
                 QKeySequence(Qt.Key.Key_Delete)),
                (None, None, None, None),
                ("find", _("&Find in the list"), self.find, "Ctrl+F")):
            if name is None:
                edit_menu.addSeparator()
                continue
            self._action(edit_menu, text, slot, keys).setObjectName(name)

        view_menu = self.menuBar().addMenu(_("&View"))
        for row, spec in enumerate(PAGES):
            self._action(view_menu, _(spec.title), lambda _c=False, k=spec.key: self.go_to(k), f"Ctrl+{row + 1}")
        view_menu.addSeparator()
        self._action(view_menu, _("&Search everything…"), self.open_search, "Ctrl+K").setObjectName("search_action")
        self._action(view_menu, _("&Overlapping mandates…"), self.open_overlaps).setObjectName("overlaps_action")
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
        self._action(help_menu, _("&User guide"), self.show_help, "F1").setObjectName("help_action")
        help_menu.addSeparator()
        self._action(help_menu, _("Open the &data folder"),
                     lambda: open_path(self.ctx.workspace.dirs.data)).setObjectName("open_data_folder")
        self._action(help_menu, _("Open the &log folder"),
                     lambda: open_path(self.ctx.workspace.dirs.logs)).setObjectName("open_log_folder")
        help_menu.addSeparator()
        self._action(help_menu, _("&About SEGIB Desktop"), self.show_about)
        assign_menu_mnemonics(self)
        self.update_list_actions()

    # --- the page shown: its list, help and printing
    def current_list(self):
        """The list of the page shown: the page itself, or the list (of a tab) that has the focus or shows."""
        from segib_desktop.gui.widgets.table import ListPage  # not at start: it brings the services

        page = self.pages.get(self.current_key())
        if isinstance(page, ListPage):
            return page
        lists = [w for w in page.findChildren(ListPage) if w.isVisible()] if page is not None else []
        focus = QApplication.focusWidget()
        return next((w for w in lists if focus is not None and w.isAncestorOf(focus)), lists[0] if lists else None)

    def own_new_button(self):
        """The page's own New, where it has one on screen whatever it shows (IberBLH's "New milestone…", above
        its views): the page's ``own_new_button``, and its ``own_new_changed`` signal when it turns on or off."""
        page = self.pages.get(self.current_key())
        button = getattr(page, "own_new_button", None)
        return button if button is not None and button.isVisibleTo(page) else None

    def new_record(self) -> None:
        """Edit > New (Ctrl+N): a new record of the list shown, else the page's own New (IberBLH's views
        without a list: the guide's "New (Ctrl+N) records a milestone" did nothing there)."""
        if self.current_list() is not None:
            self._on_list("new_record")
            return
        button = self.own_new_button()
        if button is not None and button.isEnabled():
            button.click()

    def update_list_actions(self, *_args) -> None:
        """Edit > New, Open and Delete record act on the list of the page shown: off where it shows none (the
        home page, IberBLH's "Where each country stands"), where Ctrl+N and Del did nothing, silently; New is
        on there where the page has its own New on screen (IberBLH's "New milestone…"). New is off too where
        the list makes nothing new (the briefings' history); New and Delete where the database is read-only."""
        actions = {name: self.findChild(QAction, name) for name in ("new_record", "open_record", "delete_record")}
        if None in actions.values():
            return  # the menus are not made yet
        # Not imported at start (it brings the services): until a page has imported it, no list exists.
        table = sys.modules.get("segib_desktop.gui.widgets.table")
        page = self.pages.get(self.current_key())
        lists = [] if page is None or table is None else [page] if isinstance(page, table.ListPage) else [
            w for w in page.findChildren(table.ListPage) if w.window() is self and w.isVisibleTo(page)]
        writable = not self.ctx.workspace.readonly
        actions["open_record"].setEnabled(bool(lists))
        actions["delete_record"].setEnabled(writable and any(not w._read_only for w in lists))
        own = self.own_new_button()
        actions["new_record"].setEnabled(writable and (
            any(w.new_button.isVisibleTo(w) and w.new_button.isEnabled() for w in lists)
            or (own is not None and own.isEnabled())))

    def _on_list(self, method: str) -> None:
        shown = self.current_list()
        if shown is not None and not shown.window().isHidden():
            getattr(shown, method)()

    def find(self) -> None:
        """Ctrl+F: the filter of the list shown; on a page without one, the search of everything."""
        shown = self.current_list()
        if shown is not None:
            shown.find()
        else:
            self.open_search()

    def print_shown(self) -> None:
        """Ctrl+P: the briefing shown, or the list shown, as it is filtered and sorted."""
        page = self.pages.get(self.current_key())
        printable = getattr(page, "print_document", None)
        if printable is None and page is not None:
            printable = next((w.print_document for w in page.findChildren(QWidget)
                              if hasattr(w, "print_document") and w.isVisible()), None)
        if printable is not None:
            printable()
            return
        shown = self.current_list()
        if shown is not None:
            shown.print_list()

    def show_help(self) -> None:
        """F1: the user guide, at the section of the page shown."""
        from segib_desktop.gui import help

        help.show_help(self, help.section_for_page(self.current_key()))

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def export_calendar(self) -> None:
        """File > Export calendar…"""
        from segib_desktop.gui import calendar_export

        calendar_export.open_dialog(self)

    def import_spreadsheet(self) -> None:
        """File > Import mandates from a spreadsheet…: opens it on the Mandates page."""
        page = self.navigate("mandates")
        if page is not None:
            page.import_spreadsheet()

    def open_search(self):
        from segib_desktop.gui.search import open_search

        return open_search(self)

    def open_overlaps(self) -> None:
        from segib_desktop.gui.pages.overlaps import open_overlaps

        self.overlaps_dialog = open_overlaps(self.ctx, self)

    def _file_folder(self) -> str:
        """Where the file dialogs start: the open file's folder (a server database: the user's files')."""
        workspace = self.ctx.workspace
        return str(workspace.dirs.default_db.parent if workspace.server else workspace.path.parent)

    def _open_database(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(self, _("Open database"), self._file_folder(),
                                                    DB_FILTER)
        if path:
            self.open_database_requested.emit(path)

    def _connect_server(self) -> None:
        from segib_desktop.gui.connect import open_dialog

        open_dialog(self)

    def _new_database(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(self, _("New database"), self._file_folder(),
                                                    DB_FILTER)
        if path:
            self.new_database_requested.emit(path)

    def about_text(self) -> str:
        return _("SEGIB Desktop {version}\n\nSummits, mandates, coordination and IberBLH follow-up for the "
                 "Secretaría General Iberoamericana.\n\nDatabase: {path}").format(
            version=__version__, path=database_label(self.ctx.workspace))

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
