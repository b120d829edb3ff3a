"""The progress of a long piece of work the officer may cancel until its last step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from segib_desktop.i18n import _


class WorkProgress(QProgressDialog):
    """A long piece of work's progress (an import, a bulk change) that Cancel stops until its finishing (the
    commit, which no cancel stops): then ``finish`` says so and turns Cancel off, and Escape or the close button
    no longer hide the dialog (it would have hidden, cancelling nothing, the work still running)."""

    def __init__(self, label: str, maximum: int, parent: QWidget | None):
        super().__init__(label, _("Cancel"), 0, maximum, parent)
        self.finishing = False
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def finish(self, label: str) -> None:
        self.finishing = True
        self.setLabelText(label)
        # Cancel, and Escape (a shortcut of the dialog, which would hide it without asking reject())
        for way in (*self.findChildren(QPushButton), *self.findChildren(QShortcut)):
            way.setEnabled(False)

    def reject(self) -> None:  # Escape
        if not self.finishing:
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.finishing:
            event.ignore()
        else:
            super().closeEvent(event)
