"""The File menu's data-safety commands: back up now, the backup folder, restore, export, import.

Backups and exports run off the UI thread; an import runs in a child process
(core/jobs.py), shows its progress and may be cancelled (nothing is written then). A restore needs the database
closed, so the window asks the App for it (``MainWindow.restore_requested``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtWidgets import QMainWindow, QMenu

from segib_desktop import errors, i18n
from segib_desktop.core import backups
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.gui.widgets.dialogs import banner, confirm, show_error, show_info, show_written
from segib_desktop.gui.widgets.progress import WorkProgress
from segib_desktop.gui.widgets.tasks import ProcessTask, run_in_background, run_in_process
from segib_desktop.i18n import N_, _

if TYPE_CHECKING:
    from segib_desktop.core import exchange

JSON_FILTER = "JSON (*.json);;*"
SHOWN_PROBLEMS = 12


# On a server database these are IT's (``pg_dump``/``pg_restore``, docs/server.md), not the window's.
SERVER_BACKED_UP = ("backup_now", "restore_backup", "backup_folder")
SERVER_BACKUPS = N_("This database is on a server: the person who looks after the server backs it up.")


def add_actions(window: QMainWindow, menu: QMenu) -> None:
    """Adds the data-safety entries to the File menu (called by MainWindow)."""
    safety = Safety(window)
    window.safety = safety
    for name, text, slot in (
        ("backup_now", _("&Back up now"), safety.backup_now),
        ("restore_backup", _("&Restore backup…"), safety.restore),
        ("backup_folder", _("Backup &folder…"), safety.choose_folder),
        (None, None, None),
        ("export_file", _("&Export…"), safety.export),
        ("import_file", _("&Import…"), safety.import_),
    ):
        if name is None:
            menu.addSeparator()
            continue
        action = window._action(menu, text, slot)
        action.setObjectName(name)
        if window.ctx.workspace.server and name in SERVER_BACKED_UP:
            action.setEnabled(False)  # the server's IT backs it up with pg_dump (docs/server.md)
            action.setToolTip(_(SERVER_BACKUPS))


class Safety:
    """The commands, for one window (its workspace)."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.progress: QtWidgets.QProgressDialog | None = None
        self.task: ProcessTask | None = None  # the running import

    @property
    def workspace(self):
        return self.window.ctx.workspace

    def _folder(self) -> Path:
        return backups.policy_for(self.workspace.path, self.workspace.dirs.backups).folder

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.SegibError):
            show_error(self.window, exc)
        else:  # a bug: the one crash path
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # --- backups
    def backup_now(self) -> None:
        path, default = self.workspace.path, self.workspace.dirs.backups
        self.window.statusBar().showMessage(_("Backing up…"))

        def done(target: Path) -> None:
            self.window.statusBar().showMessage(_("Backup saved as {path}.").format(path=target), 10000)
            self.backup_made()
            show_info(self.window, _("Backup saved as {path}.").format(path=target))

        def failed(exc: BaseException) -> None:
            self.window.statusBar().clearMessage()
            self._failed(exc)

        run_in_background(lambda: backups.backup(path, default, "manual"), done, failed)

    def show_backup_problem(self) -> None:
        """What went wrong with the daily backup (``Workspace.backup_problem``: it failed, or the chosen folder
        is away), on a banner that stays until a backup is made where the user wants it."""
        problem = self.workspace.backup_problem
        shown = self.window.findChild(QtWidgets.QLabel, "backup_banner")
        if problem is None:
            if shown is not None:
                shown.hide()
            return
        if shown is None:
            shown = banner("", "backup_banner")
            self.window.banner_row.addWidget(shown)
        shown.setText(problem.message_in("window"))
        shown.show()

    def backup_made(self) -> None:
        """A backup made by hand, in the folder chosen: the daily backup's problem, if any, is over."""
        self.workspace.backup_problem = None
        self.show_backup_problem()

    def choose_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self.window, _("Backup folder"), str(self._folder()))
        if not folder:
            return
        try:
            backups.make_backup(self.workspace.path, Path(folder), "manual")
        except errors.SegibError as exc:  # check the folder by using it, before remembering it
            show_error(self.window, exc)
            return
        SettingsService(self.window.ctx.db).set_many(backups.chosen_folder(Path(folder)))
        self.backup_made()
        show_info(self.window, _("Backups of this database will be kept in {path}. A first backup has been "
                                 "saved there.").format(path=folder))

    def restore(self) -> None:
        """This database's backups to choose from (or another file); a file dialog if it has none."""
        from segib_desktop.gui.backup_choice import BACKUP_FILTER, BackupChooser, available_backups

        try:
            found = available_backups(self.workspace.path, self.workspace.dirs.backups)
        except OSError:
            found = []
        if found:
            chooser = BackupChooser(found, self._folder(), self.window)
            if chooser.exec() != QtWidgets.QDialog.DialogCode.Accepted or chooser.path is None:
                return
            path = str(chooser.path)
        else:
            path, _filter = QtWidgets.QFileDialog.getOpenFileName(self.window, _("Restore backup"),
                                                                  str(self._folder()), BACKUP_FILTER)
            if not path:
                return
        try:
            backups.check_backup(Path(path))
        except errors.SegibError as exc:
            show_error(self.window, exc)
            return
        info = backups.parse_name(Path(path))
        when = _("made on {date} at {time}").format(date=i18n.active().format_date(info.made.date()),
                                                    time=info.made.strftime("%H:%M")) if info else ""
        text = _("Replace the database {database} with the backup {backup}{when}? Everything saved since that "
                 "backup will be replaced; the current database is first kept as a backup.").format(
            database=self.workspace.path, backup=path, when=f" ({when})" if when else "")
        if confirm(self.window, text, action=_("Restore")):
            self.window.restore_requested.emit(path)

    # --- exchange files
    def _exchange_folder(self) -> Path:
        """Where the last exchange file was written or read (an import usually follows an export)."""
        folder = Path(str(self.window.ctx.settings.value("exchange/folder", "") or Path.home()))
        return folder if folder.is_dir() else Path.home()

    def _remember_exchange_folder(self, path: str) -> None:
        self.window.ctx.settings.setValue("exchange/folder", str(Path(path).parent))

    def export(self) -> None:
        from segib_desktop.core import exchange  # SQLAlchemy with it: not while the window starts

        start = self._exchange_folder() / exchange.suggested_name()
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(self.window, _("Export"), str(start), JSON_FILTER)
        if not path:
            return
        self._remember_exchange_folder(path)
        db = self.window.ctx.db
        self.window.statusBar().showMessage(_("Exporting…"))

        def done(counts: dict[str, int]) -> None:
            message = exchange.exported_message(sum(counts.values()), path)
            self.window.statusBar().showMessage(message, 10000)
            show_written(self.window, message, Path(path))  # with Open the file and Show in folder

        def failed(exc: BaseException) -> None:
            self.window.statusBar().clearMessage()
            self._failed(exc)

        run_in_background(lambda: exchange.export_file(db, Path(path)), done, failed)

    def import_(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(self.window, _("Import"), str(self._exchange_folder()),
                                                    JSON_FILTER)
        if not path:
            return
        self._remember_exchange_folder(path)
        text = _("Import {file} into the database {database}? Records of the file that the database already "
                 "has are updated with the file's values; nothing is deleted. A backup is made first, and if "
                 "anything is wrong in the file nothing is changed.").format(file=path,
                                                                              database=self.workspace.path)
        if not confirm(self.window, text, action=_("Import")):
            return
        self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        db = self.window.ctx.db
        try:
            folder = backups.import_folder(self.workspace.db, self.workspace.dirs.backups)
        except errors.SegibError as exc:
            show_error(self.window, exc)
            return
        dialog = ImportProgress(path.name, self.window)
        dialog.show()
        self.progress = dialog

        def on_progress(done: int, total: int) -> None:
            if dialog.wasCanceled():
                task.cancel()
            dialog.report(done, total)

        def finish() -> None:
            dialog.hide()
            dialog.deleteLater()
            self.progress = None
            self.task = None

        def done(result: exchange.ImportResult) -> None:
            finish()
            page = self.window.pages.get(self.window.current_key())
            for name in ("reload", "refresh"):  # a list reloads its rows; other pages refresh
                if page is not None and hasattr(page, name):
                    getattr(page, name)()
                    break
            show_info(self.window, result.summary(path))

        def failed(exc: BaseException) -> None:
            finish()
            from segib_desktop.core import exchange

            if isinstance(exc, exchange.ImportProblems):
                show_problems(self.window, exc)
            else:
                self._failed(exc)

        # A child process, not a thread: reading and writing a large file holds Python's lock for
        # seconds, which would freeze the window. Everything reaches this (UI) thread by polling.
        from segib_desktop.core import jobs  # here: the first screen starts no job

        task = run_in_process(jobs.import_file, (db.name, db.user, path, folder), done, failed, on_progress,
                              kwargs={"readonly": db.readonly})
        self.task = task
        dialog.canceled.connect(task.cancel)  # same thread: the child stops at its next check, writing nothing


class ImportProgress(WorkProgress):
    """An import's progress: checking the file (busy), its records written, then (all of them written) its
    finishing: the indexes and the search index take in the records, and the commit, seconds for a large
    file, which a cancel no longer stops (``WorkProgress``)."""
    help_section = "exchange"  # what F1 opens in the user guide (help.py)

    def __init__(self, file: str, parent: QtWidgets.QWidget | None):
        super().__init__(_("Checking {file}…").format(file=file), 0, parent)
        self.file = file
        self.setObjectName("import_progress")
        self.setWindowTitle(_("Import"))
        self.setMinimumWidth(420)

    def report(self, done: int, total: int) -> None:
        if done >= total:
            self.finish(_("Finishing the import of {file}…").format(file=self.file))
            self.setRange(0, 0)  # busy
            return
        if self.maximum() != total:
            self.setLabelText(_("Importing {file}…").format(file=self.file))
            self.setMaximum(total)
        self.setValue(done)


def show_problems(parent, exc: exchange.ImportProblems) -> QtWidgets.QMessageBox:
    """The file's problems: the first ones in the message, all of them under "Show Details"."""
    lines = exc.lines()
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, _("SEGIB Desktop"), exc.headline(), parent=parent)
    box.setObjectName("import_problems")
    shown = lines[:SHOWN_PROBLEMS]
    if len(lines) > SHOWN_PROBLEMS:
        shown.append(_("… and {count} more.").format(count=exc.count - SHOWN_PROBLEMS))
    box.setInformativeText("\n".join(shown))
    box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Close)
    box.exec()
    return box
