"""Changes to many mandates at once (status, area, priority...)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from segib_desktop import errors
from segib_desktop.gui.formats import number
from segib_desktop.gui.keyboard import text_box
from segib_desktop.gui.widgets.dialogs import close_unless_kept, show_error
from segib_desktop.gui.widgets.progress import WorkProgress
from segib_desktop.gui.widgets.tasks import run_in_background
from segib_desktop.i18n import N_, _, plural

Report = Callable[[int, int], None]  # (done, total)
# (the value chosen, the note, a report told after each slice) -> how many mandates changed; the service's
# bulk_set_status/area, run in a thread; one transaction (a report that raises writes nothing).
Change = Callable[[object, str, Report], int]


class Cancelled(Exception):
    """The officer cancelled the change: raised from its report, the transaction writes nothing."""


class BulkProgress(WorkProgress):
    """A change's progress, mandate by mandate; once all are written, its commit, which Cancel no longer
    stops (as the import's, file_commands.ImportProgress)."""

    def __init__(self, count: int, parent):
        super().__init__(plural(count, N_("Changing 1 mandate…"), N_("Changing {n} mandates…"),
                                written=number(count)), count, parent)
        self.setObjectName("bulk_progress")
        self.setWindowTitle(parent.windowTitle())

    def report(self, done: int, total: int) -> None:
        self.setValue(done)
        if done >= total and not self.finishing:
            self.finish(_("Saving the change…"))


class BulkDialog(QDialog):
    """Choose the new status (or area) for the selected mandates, and an optional note for their logs.
    Like a form, it closes once the change is saved: a change refused (the database busy, the disk full)
    or cancelled is said over it, and the choice and the note stay for OK to try again. The change runs
    in a thread under a progress dialog (thousands of mandates take seconds): the window keeps painting."""

    changed = Signal(int)  # how many mandates the change saved changed

    def __init__(self, what: str, choices: list[tuple[object, str]], count: int, change: Change, parent=None):
        super().__init__(parent)
        self._change = change
        self.count = count
        self.progress: BulkProgress | None = None  # while a change runs
        self.setWindowTitle(_("Change the status") if what == "status" else _("Change the responsible area"))
        self.choice = QComboBox(objectName="choice")
        for value, label in choices:
            self.choice.addItem(label, value)
        self.note = text_box(objectName="note")  # Tab moves on to OK, as from every text box
        self.note.setPlaceholderText(_("Optional: a note for the progress log of each mandate."))
        self.note.setMaximumHeight(90)
        intro = QLabel(plural(count, N_("1 selected mandate. The change is written to its progress log."),
                                  N_("{n} selected mandates. Each change is written to the mandate's progress "
                                     "log.")), wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("New status") if what == "status" else _("Responsible area"), self.choice)
        form.addRow(_("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        if self.progress is not None:
            return  # one change at a time
        value, note = self.choice.currentData(), self.note.toPlainText()
        self.progress = progress = BulkProgress(self.count, self)
        cancelled = threading.Event()
        progress.canceled.connect(cancelled.set)

        def work(report: Report) -> int:
            def told(done: int, total: int) -> None:
                if cancelled.is_set():
                    raise Cancelled()
                report(done, total)
            return self._change(value, note, told)

        self.buttons.setEnabled(False)
        progress.show()
        run_in_background(work, self._saved, self._refused, progress.report, owner=self)

    def _ended(self) -> None:
        if self.progress is not None:
            self.progress.finishing = False
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.buttons.setEnabled(True)

    def _saved(self, changed: int) -> None:
        self._ended()
        self.accept()
        self.changed.emit(changed)

    def _refused(self, exc: BaseException) -> None:
        self._ended()
        if isinstance(exc, Cancelled):
            return  # nothing written: the choice and the note stay
        if not isinstance(exc, errors.SegibError):
            raise exc
        show_error(self, exc)

    def reject(self) -> None:
        close_unless_kept(self, bool(self.note.toPlainText().strip()), None, super().reject)  # a note typed
