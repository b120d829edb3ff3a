"""Changes to many mandates at once (status, area, priority...)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
)

from segib_desktop import errors
from segib_desktop.gui.keyboard import text_box
from segib_desktop.gui.widgets.dialogs import ask_save_before_closing, show_error, waiting
from segib_desktop.i18n import N_, _, plural

Change = Callable[[object, str], int]  # (the value chosen, the note) -> how many mandates changed


class BulkDialog(QDialog):
    """Choose the new status (or area) for the selected mandates, and an optional note for their logs.
    Like a form, it closes once the change is saved: a change refused (the database busy, the disk full)
    is said over it, and the choice and the note stay for OK to try again."""

    def __init__(self, what: str, choices: list[tuple[object, str]], count: int, change: Change, parent=None):
        super().__init__(parent)
        self._change = change
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

    def save(self) -> bool:
        try:
            with waiting():
                self._change(self.choice.currentData(), self.note.toPlainText())
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True

    def reject(self) -> None:
        if self.note.toPlainText().strip():  # a note typed: asked, as a form is
            answer = ask_save_before_closing(self)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()
