"""Starting the GUI: the QApplication, its languages, the database and the main window."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import threading
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QThreadPool,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication

from segib_desktop import APP_NAME, APP_TITLE, __version__, errors, i18n, logsetup, paths
from segib_desktop.core.db import create_private_file, is_server
from segib_desktop.core.workspace import Workspace, open_readonly, open_workspace
from segib_desktop.gui import theme
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.keyboard import KeyboardPolicy, ShortcutTranslator
from segib_desktop.gui.main_window import MainWindow
from segib_desktop.gui.widgets.dialogs import CrashHandler, show_error, show_info
from segib_desktop.gui.widgets.tasks import run_in_background
from segib_desktop.i18n import _

log = logging.getLogger(__name__)

# Imported in the background after the first screen (see App._preload).
PRELOAD = ("segib_desktop.core.models", "segib_desktop.core.services.base", "segib_desktop.core.services.mandates",
           "segib_desktop.core.search")
# The daily backup and the preload start this long after the window is shown: off the first screen's path.
AFTER_FIRST_SCREEN_MS = 300
# The first window waits at most this long for its page's data before it shows (see show_when_loaded).
FIRST_SHOW_WAIT_MS = 250

# Qt's own catalogues, so that standard buttons read "Cancelar".
QT_CATALOGUES = {"es": "qtbase_es", "pt": "qtbase_pt_BR"}


def qt_translations_dir() -> str:
    bundled = paths.resources_dir() / "translations"
    if bundled.is_dir():
        return str(bundled)
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class _CheckReport(QObject):
    """Carries the background check's findings to the window's thread: a damaged database, or the daily
    backup's problem (``Workspace.backup_problem``)."""

    found = Signal(object, object)  # the workspace checked, its DatabaseCorrupt
    backup = Signal(object)  # the workspace whose daily backup has a problem

    def __init__(self, damaged, backup):
        super().__init__()
        self._damaged, self._backup = damaged, backup
        self.found.connect(self._deliver)
        self.backup.connect(self._deliver_backup)

    @Slot(object, object)
    def _deliver(self, workspace, fault) -> None:
        self._damaged(workspace, fault)

    @Slot(object)
    def _deliver_backup(self, workspace) -> None:
        self._backup(workspace)


class App:
    """Owns the open workspace and the window; switches database and language."""

    def __init__(self, qapp: QApplication, dirs: paths.UserDirs, settings: QSettings, lang: str):
        self.qapp = qapp
        self.dirs = dirs
        self.settings = settings
        self.lang = lang
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None
        self._qt_translator: QTranslator | None = None
        self._daily_backup: threading.Thread | None = None
        self._report = _CheckReport(self._damaged, self._backup_problem)
        self._shortcut_translator = ShortcutTranslator(qapp)
        # Tab, mnemonics and accessible names, in every window; once the first window has painted (see show_window).
        self.keyboard = KeyboardPolicy(qapp, later=True)
        self.apply_language(lang)

    # --- language
    def apply_language(self, lang: str) -> None:
        self.lang = lang
        i18n.set_language(lang)
        QLocale.setDefault(QLocale(i18n.LOCALES[lang]))
        if self._qt_translator is not None:
            self.qapp.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if lang in QT_CATALOGUES:
            translator = QTranslator(self.qapp)
            if translator.load(QT_CATALOGUES[lang], qt_translations_dir()):
                self.qapp.installTranslator(translator)
                self._qt_translator = translator
            else:
                log.warning("Qt translations for %s not found", lang)
        self.qapp.removeTranslator(self._shortcut_translator)
        self.qapp.installTranslator(self._shortcut_translator)  # the last installed is asked first

    def set_language(self, lang: str) -> None:
        """Switches the interface language and rebuilds the window in it."""
        self.settings.setValue("language", lang)
        self.apply_language(lang)
        if self.workspace is not None:
            from segib_desktop.gui import view_state

            old = self.window.pages.get(self.window.current_key()) if self.window is not None else None
            seen = view_state.capture(old) if old is not None else []
            window = self.show_window()
            page = window.pages.get(window.current_key())
            if page is not None:
                view_state.restore(page, seen)  # the same filters, ticks and tab, in the new language

    # --- database
    def open(self, path: Path | str | None) -> bool:
        """Opens a database (None: the default one; a ``postgresql://`` address: a server's); on a known
        error, says why and offers the ways forward of the start (read-only, a backup, another file), or
        keeps the current one. A server's fault is said in a sentence: a file's ways forward are not its."""
        try:
            workspace = open_workspace(path, self.dirs, daily_backup=False)
        except errors.SegibError as exc:
            log.warning("cannot open %s: %s", path, exc)
            if self.window is None or path is None or is_server(path):
                show_error(self.window, exc)
                return False
            # the same ways forward as at start; Cancel keeps this one
            from segib_desktop.gui import startup_faults as faults

            workspace = faults.open_or_ask(self, Path(path), self.window, leave=_("Cancel"))
            if workspace is None:
                return False
        self.use(workspace)
        return True

    def use(self, workspace: Workspace) -> None:
        """Makes ``workspace`` the open database (closing the previous one) and shows the window on it.

        The daily backup is made in the background once the window shows: on a large database
        it takes longer than the whole first screen.
        """
        if self.workspace is not None:
            self._close_workspace()
        self.workspace = workspace
        self.settings.setValue("database", workspace.db.name)  # a server's address has no password
        self.show_window()
        if workspace.server:  # no file to check or copy: the server checks its pages, IT runs pg_dump
            QTimer.singleShot(AFTER_FIRST_SCREEN_MS, lambda: self._preload(workspace))
            return
        self._tell_network_drive(workspace)
        self._daily_backup = threading.Thread(target=self._check_and_backup, args=(workspace,),
                                              name="check and daily backup", daemon=True)
        QTimer.singleShot(AFTER_FIRST_SCREEN_MS, lambda: self._after_first_screen(workspace))

    def _tell_network_drive(self, workspace: Workspace) -> None:
        """Once per database: on a network drive SQLite's rollback journal replaces WAL (core/fsinfo.py)."""
        from segib_desktop.core.fsinfo import on_network_drive

        if workspace.readonly or not on_network_drive(workspace.path):
            return  # the usual case, told without hashlib (its import is a hundredth of the first screen)
        import hashlib

        key = "notices/network_drive/" + hashlib.sha256(str(workspace.path).encode()).hexdigest()[:16]
        if self.settings.value(key, False, bool):
            return
        self.settings.setValue(key, True)
        log.info("%s is on a network drive: rollback journal instead of WAL", workspace.path)
        text = _("The database {path} is on a network drive. SEGIB Desktop writes each change straight into "
                 "the file there, which is safe but a little slower; keep it on this computer for speed. Only "
                 "one person at a time can have it open.").format(path=workspace.path)
        QTimer.singleShot(0, lambda: show_info(self.window, text))

    def _after_first_screen(self, workspace: Workspace) -> None:
        """The daily backup, and the modules the other pages need, once the first screen is up."""
        if self.workspace is not workspace:
            return
        self._daily_backup.start()
        self._preload(workspace)

    def _check_and_backup(self, workspace: Workspace) -> None:
        """In the background, once the window shows: the database's check (a fifth of a second on a large
        one, too long for every start), then the daily backup."""
        fault = workspace.check_and_backup()
        if fault is not None:
            self._report.found.emit(workspace, fault)
        elif workspace.backup_problem is not None:
            self._report.backup.emit(workspace)

    def _backup_problem(self, workspace: Workspace) -> None:
        if self.workspace is workspace:
            self.window.safety.show_backup_problem()

    def _damaged(self, workspace: Workspace, fault: errors.DatabaseCorrupt) -> None:
        """The open database is damaged: it is closed (nothing more is written to it) and the start-up
        dialog offers its newest good backup, another database or quitting."""
        if self.workspace is not workspace:
            return
        from segib_desktop.gui import startup_faults as faults

        path = workspace.path
        self._close_workspace()
        if not faults.start(self, path, fault=fault):
            self.window.close()
            self.qapp.quit()

    def _preload(self, workspace: Workspace) -> None:
        """Imports what the other pages need (SQLAlchemy, the models, the services) in the background,
        so that the first visit to a list does not wait for it."""

        def preload() -> None:
            for module in PRELOAD:
                importlib.import_module(module)
            workspace.db.engine  # noqa: B018  (its first session then opens at once)

        run_in_background(preload, lambda _nothing: None)

    def start(self, path: Path | str | None) -> bool:
        """Opens the database at start; if it cannot be, says why and offers a way forward. False: quit.
        Without one named, a server database used last is opened again (a file: the default database)."""
        from segib_desktop.gui import startup_faults

        last = self.settings.value("database", "")
        if path is None and is_server(last):  # unreachable today: said, then the default database opens
            return self.open(last) or startup_faults.start(self, None)
        if is_server(path):
            return self.open(path)
        return startup_faults.start(self, path)

    def show_window(self) -> MainWindow:
        old = self.window
        ctx = AppContext(self.workspace, self.lang, self.settings)
        self.window = MainWindow(ctx)
        self.window.open_database_requested.connect(lambda p: self.open(Path(p)))
        self.window.new_database_requested.connect(self._new_database)
        self.window.server_opened.connect(self.use)
        self.window.language_requested.connect(self.set_language)
        self.window.restore_requested.connect(lambda p: self.restore_backup(Path(p)))
        if self.workspace.readonly:
            from segib_desktop.gui import startup_faults

            startup_faults.mark_read_only(self.window, self.workspace.db)
        if self.workspace.backup_problem is not None:  # found before this window (another language, say)
            self.window.safety.show_backup_problem()
        if old is not None:  # another language or database: the new window replaces the old at once
            self.window.restoreGeometry(old.saveGeometry())
            self.window.navigate(old.current_key())
            old.close()
            old.deleteLater()
            self.window.show()
        else:
            self.keyboard.install_after_paint(self.window)
            show_when_loaded(self.window)
        return self.window

    def restore_backup(self, backup_file: Path) -> bool:
        """Closes the database, replaces it with a checked backup (keeping it as a backup), reopens it."""
        from segib_desktop.core import backups

        path = self.workspace.path
        was_readonly = self.workspace.readonly
        try:
            folder = backups.usable_policy(path, self.dirs.backups).folder
            backups.check_backup(backup_file)
        except errors.SegibError as exc:
            show_error(self.window, exc)
            return False
        self._close_workspace()  # releases the lock that the restore takes
        try:
            kept = backups.restore_backup(backup_file, path, folder)
        except errors.SegibError as exc:
            kept, failure = None, exc
        else:
            failure = None
        try:
            try:
                self.workspace = open_workspace(path, self.dirs)
            except errors.SegibError:
                if not was_readonly:
                    raise
                self.workspace = open_readonly(path, self.dirs)  # as it was: in use elsewhere, say
        except errors.SegibError as exc:
            log.error("cannot reopen %s after a restore: %s", path, exc)
            show_error(self.window, exc)
            return False
        self.show_window()
        if failure is not None:
            show_error(self.window, failure)
            return False
        text = _("The database has been restored from {backup}.").format(backup=backup_file)
        if kept is not None:
            text += "\n" + _("The database it replaced was kept as {path}.").format(path=kept)
        show_info(self.window, text)
        return True

    def _new_database(self, path: str) -> None:
        target = Path(path)
        if target.exists():
            show_error(self.window, _("The file {path} already exists. Choose a new name, or open it with "
                                      "File > Open database.").format(path=target))
            return
        self.open(target)

    def _close_workspace(self) -> None:
        """Closes the open database once its daily backup (if one is being made) has finished: a
        restore or another database must not meet a backup still reading the file."""
        if self._daily_backup is not None:
            if self._daily_backup.is_alive():
                self._daily_backup.join()
            self._daily_backup = None
        self.workspace.close()
        self.workspace = None

    def close(self) -> None:
        if self.workspace is not None:
            self._close_workspace()
        self.keyboard.remove()
        self.qapp.removeTranslator(self._shortcut_translator)


def show_when_loaded(window: MainWindow) -> None:
    """Shows the first window once its page has its data, so that it is painted once, whole (not with
    empty figures first, then again), or after FIRST_SHOW_WAIT_MS if the data is slow to come."""
    page = window.pages.get(window.current_key())
    if not hasattr(page, "loaded"):  # it has all it shows already
        window.show()
        return
    from PySide6.QtCore import Qt

    page.loaded.connect(window.show, Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(FIRST_SHOW_WAIT_MS, window, window.show)  # cancelled if the window goes first


QUIT_WHEN_SHOWN = "SEGIB_DESKTOP_QUIT_WHEN_SHOWN"  # make bench: the bundle's start against the source's


def _quit_when_shown(qapp: QApplication, app: App) -> None:
    """Quits once the first window is shown with its data and painted: ``make bench`` times the whole
    process of the bundle and of the source this way (bench/run.py ``bundle_figures``)."""
    def check() -> None:
        if app.window is not None and app.window.isVisible():
            app.window.repaint()
            qapp.quit()
        else:
            QTimer.singleShot(2, check)

    QTimer.singleShot(0, check)


def make_settings(dirs: paths.UserDirs) -> QSettings:
    """Per-user preferences (language, window) in an INI file in the user's config folder, its owner's only
    (made so before Qt writes it: Qt keeps the mode of the file it rewrites, and would follow the umask)."""
    path = dirs.settings_file
    with contextlib.suppress(OSError):  # preferences are a help, not a condition to run
        create_private_file(path)
    return QSettings(str(path), QSettings.Format.IniFormat)


def make_qapplication() -> QApplication:
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationDisplayName(APP_TITLE)
    qapp.setApplicationVersion(__version__)
    icon = paths.resources_dir() / "icons" / "segib-desktop.svg"
    if icon.exists():  # after the first screen: the first window shows without waiting for it to be drawn
        QTimer.singleShot(AFTER_FIRST_SCREEN_MS, lambda: qapp.setWindowIcon(QtGui.QIcon(str(icon))))
    if (paths.resources_dir() / "styles" / "app.qss").exists():
        theme.apply(qapp)  # the house style, for the system's palette (dark, high contrast) and font size
    return qapp


def dates_in_language(lang: str, environ=os.environ) -> None:
    """Qt's file dialog writes dates in the system's format, read once when Qt starts: where the
    system has none (the "C" locale of a bare Linux session, which writes "2 12 2026"), use the
    program's language. Windows uses its own dialog, in the user's format."""
    if sys.platform.startswith("win"):
        return
    current = environ.get("LC_ALL") or environ.get("LC_TIME") or environ.get("LANG") or "C"
    if current.split(".")[0] in ("C", "POSIX"):
        environ.pop("LC_ALL", None)  # "C" there would hide LC_TIME
        environ["LC_TIME"] = i18n.LOCALES[lang] + ".UTF-8"


def has_screen() -> bool:
    """On Linux, Qt aborts the process when there is no display: check first."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(db_path: Path | str | None, lang: str | None, dirs: paths.UserDirs) -> int:
    """The GUI's main(): returns the exit status."""
    if not has_screen():
        print(_("No screen was found to open the window on. Start SEGIB Desktop from a desktop session "
                "(the command line works without one: see segib-desktop --help)."), file=sys.stderr)
        return 1
    dirs.create()
    settings = make_settings(dirs)
    lang = lang or settings.value("language", i18n.DEFAULT_LANGUAGE)
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT_LANGUAGE
    dates_in_language(lang)
    qapp = make_qapplication()
    crash = CrashHandler(str(dirs.logs / logsetup.LOG_FILE))
    crash.install()
    app = App(qapp, dirs, settings, lang)
    if not app.start(db_path):  # a database that cannot be opened gets its reason and a way forward
        return 1
    if os.environ.get(QUIT_WHEN_SHOWN):
        _quit_when_shown(qapp, app)
    try:
        return qapp.exec()
    finally:
        # Let background loads finish before Qt is torn down: a worker that outlives the
        # QApplication aborts the process when it delivers its rows.
        QThreadPool.globalInstance().waitForDone()
        app.close()
