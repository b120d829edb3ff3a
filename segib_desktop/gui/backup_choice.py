"""A database's backups to choose from: by date, time and why each was made (a file dialog cut their names
short: "d-20261204-0802…75148e2.sqlite3" twice). The start's fault dialog lists them (startup_faults), and
File > Restore backup offers them in a ``BackupChooser``, or any other file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtCore import Qt

from segib_desktop import i18n
from segib_desktop.core import backups
from segib_desktop.i18n import N_, _

REASONS = {
    "start": N_("automatic, at start"),
    "manual": N_("made by hand"),
    "upgrade": N_("before an upgrade"),
    "import": N_("before an import"),
    "restore": N_("before a restore"),
    "replaced": N_("the database a restore replaced"),
}
BACKUP_FILTER = "SEGIB Desktop (*.sqlite3 *.sqlite *.db);;*"


def available_backups(path: Path, default_dir: Path) -> list[backups.BackupInfo]:
    """The backups of ``path`` in its backup folder and in the default one, newest first (those dated in the
    future last), and those named with its file name but made from another database (``BackupInfo.other``):
    after a restore of another database's backup, or a new database in the place of a lost one, they are the
    officer's own, and the copy the restore kept."""
    folders = {Path(default_dir)}
    folders.add(backups.policy_for(path, default_dir).folder)  # reads nothing from a file it cannot read
    found = {info.path: info for folder in folders for info in backups.list_backups(folder, path, others=True)}
    return backups.newest_first(found.values())


def describe_backup(info: backups.BackupInfo, now: dt.datetime | None = None) -> str:
    when = _("{date} at {time}").format(date=i18n.active().format_date(info.made.date()),
                                        time=info.made.strftime("%H:%M"))
    reason = _(REASONS[info.reason]) if info.reason in REASONS else info.reason
    notes = [_("another database with this file name")] if info.other else []
    if info.made > (now or dt.datetime.now()):
        notes.append(_("dated in the future: the computer's clock was wrong"))
    return " — ".join([when, reason, *notes])


def backup_list(found: list[backups.BackupInfo], rows: int = 6) -> QtWidgets.QListWidget:
    """``found``, one line each (``describe_backup``; its file in the tooltip), the newest chosen; as high as
    ``rows`` of them."""
    view = QtWidgets.QListWidget(objectName="backup_list")
    for info in found:
        item = QtWidgets.QListWidgetItem(describe_backup(info))
        item.setData(Qt.ItemDataRole.UserRole, str(info.path))
        item.setToolTip(str(info.path))
        view.addItem(item)
    view.setCurrentRow(0)
    view.setFixedHeight(view.sizeHintForRow(0) * min(len(found), rows) + 2 * view.frameWidth() + 4)
    return view


class BackupChooser(QtWidgets.QDialog):
    """File > Restore backup: this database's backups, newest first, or another file; ``path`` is the one
    chosen (None: cancelled)."""
    help_section = "backups"  # what F1 opens in the user guide (help.py)

    def __init__(self, found: list[backups.BackupInfo], folder: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("backup_chooser")
        self.setWindowTitle(_("Restore backup"))
        self.folder, self.path = folder, None
        self.backups = backup_list(found, rows=10)
        self.backups.itemDoubleClicked.connect(lambda _item: self.take_chosen())
        box = QtWidgets.QDialogButtonBox()
        self.restore_button = box.addButton(_("Restore…"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)  # Enter on the list restores the backup chosen
        self.other_button = box.addButton(_("Another file…"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.take_chosen)
        box.rejected.connect(self.reject)
        self.other_button.clicked.connect(self.other_file)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel(_("Choose the backup to restore. The database as it is now is kept as a "
                                            "backup first."), wordWrap=True))
        layout.addWidget(self.backups)
        layout.addWidget(box)
        self.backups.setFocus()
        self.setMinimumWidth(520)

    def take_chosen(self) -> None:
        item = self.backups.currentItem()
        if item is not None:
            self.path = Path(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

    def other_file(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(self, _("Restore backup"), str(self.folder),
                                                              BACKUP_FILTER)
        if path:
            self.path = Path(path)
            self.accept()
