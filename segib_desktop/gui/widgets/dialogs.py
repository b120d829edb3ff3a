"""Messages to the user, and the one crash path for bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

# The dialogs' classes through the module, looked up when a dialog opens: PySide6 builds a class's Python
# type and its enums when it is first imported (QMessageBox: 2 ms), which the first screen need not wait for.
from PySide6 import QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from segib_desktop import errors
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.i18n import _

if TYPE_CHECKING:  # not imported at run time: the first screen comes before SQLAlchemy
    from segib_desktop.core.services.base import CrudService

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: errors.SegibError | str) -> None:
    text = error.message_in("window") if isinstance(error, errors.SegibError) else error
    QtWidgets.QMessageBox.warning(parent, _("SEGIB Desktop"), text)


def show_info(parent: QWidget | None, text: str) -> None:
    QtWidgets.QMessageBox.information(parent, _("SEGIB Desktop"), text)


def banner(text: str, name: str) -> QLabel:
    """A line across the top of a window that stays while what it says holds (a warning, not an error)."""
    label = QLabel(text, wordWrap=True, objectName=name)
    label.setStyleSheet("background: #fdf0e0; color: #5c2a00; border: 1px solid #e0b070; padding: 6px;")
    return label


def read_only_banner(db) -> QLabel:
    """The line that says why nothing can be changed in ``db`` (the main window and every form show it): the
    same reason as a save's (a server's login that may only read, or a file opened read-only)."""
    return banner(_(db.read_only_error().banner), "read_only_banner")


def open_path(path: Path) -> bool:
    """Opens a file or a folder with the system's program for it."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """The folder holding ``path``, with the file selected where the system can (Explorer, Finder)."""
    import subprocess  # here: the first screen need not import it

    path = Path(path)
    try:
        if sys.platform.startswith("win"):
            subprocess.Popen(["explorer", "/select,", str(path)])  # noqa: S603, S607 (the system's own)
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", str(path)])  # noqa: S603, S607
            return True
    except OSError:
        log.warning("cannot show %s in its folder", path, exc_info=True)
    return open_path(path.parent)


def show_written(parent: QWidget | None, text: str, path: Path) -> QtWidgets.QMessageBox:
    """A file was written (an export, a briefing): the message, and buttons to open it or its folder.
    Not blocking: the box stays while the user goes on (``open``, not ``exec``)."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, _("SEGIB Desktop"), text, parent=parent)
    box.setObjectName("file_written")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_button = box.addButton(_("Open the file"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
    open_button.setObjectName("open_file")
    folder_button = box.addButton(_("Show in folder"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
    folder_button.setObjectName("show_in_folder")
    box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
    open_button.clicked.connect(lambda: open_path(path))
    folder_button.clicked.connect(lambda: show_in_folder(path))
    box.open()
    return box


def confirm(parent: QWidget | None, text: str, *, action: str | None = None) -> bool:
    """Asks a yes/no question; ``action`` names the confirming button ("Delete")."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, _("SEGIB Desktop"), text, parent=parent)
    yes = box.addButton(action or _("Yes"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def ask_save_before_closing(parent: QWidget | None) -> QtWidgets.QMessageBox.StandardButton:
    """What a window holding typed text that is not saved asks before it closes (Escape, Cancel, its ×):
    Save, Discard or Cancel (stay), the same question in every window."""
    buttons = QtWidgets.QMessageBox.StandardButton
    return QtWidgets.QMessageBox.question(
        parent, _("SEGIB Desktop"), _("Save the changes to this record before closing?"),
        buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)


def close_unless_kept(window: QWidget, typed: bool, save: Callable[[], object] | None,
                      close: Callable[[], None]) -> None:
    """Escape, Cancel or × on a window: with text typed and not saved, it asks first; else it closes. A record's
    form (``save`` given) asks whether to save (Save saves, the form closing once saved; Discard closes; Cancel
    stays); a window whose OK does more than save a record (a change of many mandates, a pasted document not
    yet split) asks only whether to lose what was typed, Cancel first: Escape then Enter must not change 400
    mandates."""
    if typed:
        buttons = QtWidgets.QMessageBox.StandardButton
        if save is None:
            if QtWidgets.QMessageBox.question(window, _("SEGIB Desktop"), _("Close and lose what you typed here?"),
                                              buttons.Discard | buttons.Cancel, buttons.Cancel) != buttons.Discard:
                return
        else:
            answer = ask_save_before_closing(window)
            if answer == buttons.Cancel:
                return
            if answer == buttons.Save:
                save()
                return
    close()


@contextmanager
def waiting() -> Iterator[None]:
    """A wait cursor while the window's own thread waits: a database another program is writing to is waited
    for up to its busy timeout (5 s), in which the window does not answer."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class CrashDialog(FitsScreen, QDialog):
    """An unexpected error: what happened in a sentence, and the details to copy."""

    def __init__(self, details: str, log_path: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Unexpected error"))
        text = _("Something went wrong inside SEGIB Desktop. Your saved data is safe. "
                 "If it happens again, copy the details and send them to the people who support the program.")
        if log_path:
            text += "\n" + _("The details are also in the log file {path}.").format(path=log_path)
        message = QLabel(text, wordWrap=True)
        self.details = QtWidgets.QPlainTextEdit(details, readOnly=True)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_("Copy details"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)


class CrashHandler:
    """sys.excepthook for the GUI: a known error gets its message, a bug is logged and shown once."""

    def __init__(self, log_path: str = ""):
        self.log_path = log_path
        self._showing = False
        self.shown: list[str] = []  # details of the bugs shown, newest last

    def __call__(self, exc_type, exc, tb) -> None:
        if isinstance(exc, errors.SegibError):
            show_error(QApplication.activeWindow(), exc)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", details)
        if self._showing or details in self.shown:
            return  # one dialog at a time, and the same bug once
        self.shown.append(details)
        self._showing = True
        try:
            CrashDialog(details, self.log_path, QApplication.activeWindow()).exec()
        finally:
            self._showing = False

    def install(self) -> None:
        sys.excepthook = self


def delete_with_confirmation(parent: QWidget, service: CrudService, record_id: int,
                             after: Callable[[], None] | None = None) -> bool:
    """Deletes; if other records depend on it, lists them and deletes all only on a second yes."""
    try:
        service.delete(record_id)
    except errors.DeleteRefused as exc:
        if not service.cascade_on_confirm:
            show_error(parent, exc)
            return False
        question = exc.user_message() + "\n\n" + _("Delete it together with all of these?")
        if not confirm(parent, question, action=_("Delete all")):
            return False
        try:
            service.delete(record_id, force=True)
        except errors.SegibError as exc2:
            show_error(parent, exc2)
            return False
    except errors.SegibError as exc:
        show_error(parent, exc)
        return False
    if after is not None:
        after()
    return True
