"""When the database cannot be opened at start: why, in one sentence, and the ways forward.

``start(app, path)`` is what ``gui.app.run`` calls instead of simply opening: if
the database is locked, read-only, on a full disk, damaged, not a database or
from a newer version, the StartupFaultDialog says so (the fault's own message)
and offers what makes sense for that fault: try again, open it read-only,
restore one of its backups, open or create another database, or quit. Nothing
is written to the file unless the user chooses to restore a backup over it (and
then the file as it was is kept as a backup first). The default database gone
while its backups are there (DatabaseGone) is put back from one of them, or
started anew, empty, only if the user chooses so.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QVBoxLayout

from segib_desktop import errors
from segib_desktop.core import backups
from segib_desktop.core.workspace import open_readonly, open_workspace
from segib_desktop.gui import theme
from segib_desktop.gui.backup_choice import available_backups, backup_list
from segib_desktop.gui.widgets.dialogs import confirm, read_only_banner, show_error
from segib_desktop.i18n import _

log = logging.getLogger(__name__)

DB_FILTER = "SEGIB Desktop (*.sqlite3 *.sqlite *.db);;*"

# What each kind of fault offers, besides "open another", "new database" and "quit".
READ_ONLY_MAKES_SENSE = (errors.DatabaseInUse, errors.DatabaseLocked, errors.DatabaseReadOnly)
# A full backup folder stops an upgrade (no upgrade without its backup): freed, it goes on
RETRY_MAKES_SENSE = (errors.DatabaseLocked, errors.DiskFull, errors.DatabaseInUse, errors.DatabaseUnreachable,
                     backups.BackupFolderFull)
RESTORE_MAKES_SENSE = (errors.DatabaseCorrupt, errors.NotADatabase, errors.DatabaseTooNew, errors.NeedsUpgrade,
                       errors.DatabaseGone)


def _older_schema(path: Path) -> bool:
    """True for a database of an earlier version: it cannot be opened read-only (it must be upgraded first)."""
    from segib_desktop.core import migrate

    try:  # immutable: a read-only folder has no room for the reader's shared-memory file
        revision, _tables = migrate.inspect_file(path, immutable=True)
    except errors.SegibError:
        return False
    head, known = migrate.known_revisions()
    return revision is not None and revision != head and revision in known


class StartupFaultDialog(QDialog):
    """The fault's message and one button per way forward; ``choice`` (and ``path``) say what was chosen."""
    help_section = "backups"  # what F1 opens in the user guide (help.py)

    def __init__(self, error: errors.SegibError, db_path: Path, found: list[backups.BackupInfo], parent=None, *,
                 leave: str = ""):
        super().__init__(parent)
        self.setObjectName("startup_fault")
        self.setWindowTitle(_("SEGIB Desktop"))
        self.error, self.db_path = error, Path(db_path)
        self.choice = "quit"
        self.path: Path | None = None
        self.setMinimumWidth(620)

        gone = isinstance(error, errors.DatabaseGone)  # nothing there to replace: put back, or begun anew
        heading = QLabel(_("The database is missing") if gone else _("The database cannot be opened"),
                         objectName="fault_heading")
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.message = QLabel(error.user_message(), wordWrap=True, objectName="fault_message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(QLabel(_("What would you like to do?"), objectName="fault_question"))

        self.buttons: dict[str, QtWidgets.QCommandLinkButton] = {}
        self.backup_list: QtWidgets.QListWidget | None = None
        if isinstance(error, RETRY_MAKES_SENSE):
            if isinstance(error, errors.DiskFull):
                hint = _("Once you have freed some space on the disk.")
            elif isinstance(error, backups.BackupFolderFull):
                hint = _("Once you have freed some space in the backup folder.")
            elif isinstance(error, errors.DatabaseInUse):
                hint = _("Once the other copy of SEGIB Desktop has been closed.")
            else:
                hint = _("Once the other program has finished writing to it.")
            self._button(layout, "retry", _("Try again"), hint)
        if isinstance(error, errors.DatabaseReadOnly) and _older_schema(self.db_path):
            layout.addWidget(QLabel(_("This database was saved by an earlier version of SEGIB Desktop: it must be "
                                      "upgraded before it can be opened, even read-only, and that needs a folder "
                                      "you can write to. Copy it to one (your Documents folder, say) and open the "
                                      "copy."), objectName="needs_upgrade", wordWrap=True))
        elif isinstance(error, READ_ONLY_MAKES_SENSE):
            self._button(layout, "readonly", _("Open it read-only"),
                         _("See and export its data without changing anything; saving is not possible."))
        if isinstance(error, RESTORE_MAKES_SENSE) and found:
            self._button(layout, "restore", _("Restore a backup"),
                         _("Put the backup chosen below back in its place (the newest is chosen).") if gone else
                         _("Replace this file with the backup chosen below. The file as it is now is kept "
                           "as a backup too."))
            self.backup_list = backup_list(found)
            layout.addWidget(self.backup_list)
        elif isinstance(error, RESTORE_MAKES_SENSE):
            note = QLabel(_("There is no backup of this database to restore."), objectName="no_backups",
                          wordWrap=True)
            layout.addWidget(note)
        if gone:
            self._button(layout, "anew", _("Start with an empty database"),
                         _("Create a new, empty database at {path}; the backups stay where they are.").format(
                             path=self.db_path))
        self._button(layout, "other", _("Open another database…"), _("Choose another database file."))
        if not gone:
            self._button(layout, "new", _("Create a new database…"),
                         _("Start a new, empty database in another file; this one is left as it is."))

        box = QtWidgets.QDialogButtonBox()
        quit_button = box.addButton(leave or _("Quit"), QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        first = next(iter(self.buttons.values()))
        first.setDefault(True)
        first.setFocus()

    def _button(self, layout, name: str, text: str, description: str) -> None:
        button = QtWidgets.QCommandLinkButton(text, description, objectName=name)
        button.clicked.connect(lambda _checked=False, n=name: self._chosen(n))
        layout.addWidget(button)
        self.buttons[name] = button

    def _chosen(self, name: str) -> None:
        if name == "other":
            path, _filter = QtWidgets.QFileDialog.getOpenFileName(self, _("Open database"), str(self.db_path.parent),
                                                        DB_FILTER)
            if not path:
                return
            self.path = Path(path)
        elif name == "new":
            path, _filter = QtWidgets.QFileDialog.getSaveFileName(self, _("New database"), str(self.db_path.parent),
                                                        DB_FILTER)
            if not path:
                return
            if Path(path).exists():
                show_error(self, _("The file {path} already exists. Choose a new name, or open it with "
                                   "File > Open database.").format(path=path))
                return
            self.path = Path(path)
        elif name == "restore":
            item = self.backup_list.currentItem()
            if item is None:
                return
            self.path = Path(item.data(Qt.ItemDataRole.UserRole))
            question = _("Replace the database {database} with the backup of {backup}? The file as it is now "
                         "is kept as a backup first.").format(database=self.db_path, backup=item.text())
            if self.db_path.exists() and not confirm(self, question, action=_("Restore")):  # else nothing is replaced
                return
        self.choice = name
        self.accept()

    def reject(self) -> None:
        self.choice = "quit"
        super().reject()


def ask(error: errors.SegibError, db_path: Path, dirs, parent=None, *, leave: str = "") -> StartupFaultDialog:
    """Shows the dialog (modal) and returns it, answered."""
    try:
        found = available_backups(db_path, dirs.backups)
    except OSError:
        found = []
    dialog = StartupFaultDialog(error, db_path, found, parent, leave=leave)
    dialog.exec()
    return dialog


def start(app, path: Path | None, *, fault: errors.SegibError | None = None) -> bool:
    """Opens the database for ``app`` at start, asking what to do while it cannot be; False: quit.
    ``fault``: what is already known to be wrong with it (the background check found it damaged)."""
    workspace = open_or_ask(app, Path(path) if path else app.dirs.default_db, fault=fault)
    if workspace is None:
        return False
    app.use(workspace)
    return True


def open_or_ask(app, target: Path, parent=None, *, leave: str = "", fault: errors.SegibError | None = None):
    """Opens ``target``, asking what to do while it cannot be (the same choices at start and from File >
    Open: try again, read-only, restore a backup, another file); None if the user gives up (``leave``
    names that button: Quit at start, Cancel from the menu, which keeps the database open). ``fault``:
    what is already known to be wrong with it."""
    anew = False  # the default database gone: the user chose to start a new, empty one
    while True:
        if fault is None:
            try:
                return open_workspace(target, app.dirs, daily_backup=False, anew=anew)  # app.use makes it
            except errors.SegibError as exc:
                log.warning("cannot open %s: %s", target, exc)
                fault = exc
        while True:  # until something opens, or the user quits
            dialog = ask(fault, target, app.dirs, parent, leave=leave)
            if dialog.choice == "quit":
                return None
            if dialog.choice in ("other", "new"):
                target = dialog.path
                break
            if dialog.choice == "retry":
                break
            if dialog.choice == "anew":
                anew = True
                break
            if dialog.choice == "readonly":
                try:
                    workspace = open_readonly(target, app.dirs)
                except errors.SegibError as exc:
                    log.warning("cannot open %s read-only: %s", target, exc)
                    fault = exc
                    continue
                return workspace
            if dialog.choice == "restore":
                try:
                    folder = backups.usable_policy(target, app.dirs.backups).folder
                except errors.SegibError:
                    folder = app.dirs.backups
                try:
                    backups.restore_backup(dialog.path, target, folder)
                except errors.SegibError as exc:
                    log.warning("cannot restore %s over %s: %s", dialog.path, target, exc)
                    show_error(None, exc)
                    continue
                log.info("restored %s from %s", target, dialog.path)
                break
        fault = None  # opened again: what is wrong now, if anything, is found anew


def mark_read_only(window: QMainWindow, db) -> None:
    """Says on the window that its database ``db`` is open read-only, and why."""
    window.setWindowTitle(window.windowTitle() + " " + _("(read-only)"))
    label = QLabel(_("Read-only: changes cannot be saved"), objectName="read_only_label")
    label.setStyleSheet(theme.warning_style(bold=True))
    window.statusBar().addPermanentWidget(label)
    window.banner_row.addWidget(read_only_banner(db))
    for name in ("new_record", "delete_record", "import_file", "import_xlsx", "backup_folder"):
        action = window.findChild(QAction, name)
        if action is not None:
            action.setEnabled(False)
