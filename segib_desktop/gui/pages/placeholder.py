"""Pages whose module is not built yet: they say so plainly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from segib_desktop.gui.context import AppContext
from segib_desktop.i18n import N_, _


class Placeholder(QWidget):
    title = ""
    text = N_("This part of the program is not available yet. It will come in a later version.")

    def __init__(self, ctx: AppContext):
        super().__init__()
        heading = QLabel(f"<h2>{_(self.title)}</h2>")
        body = QLabel(_(self.text), wordWrap=True)
        body.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body, 1)


class MeetingsPlaceholder(Placeholder):
    title = N_("Meetings")


class MandatesPlaceholder(Placeholder):
    title = N_("Mandates")


class CoordinationPlaceholder(Placeholder):
    title = N_("Coordination")


class ProgrammesPlaceholder(Placeholder):
    title = N_("IberBLH")


class BriefingsPlaceholder(Placeholder):
    title = N_("Briefings")
