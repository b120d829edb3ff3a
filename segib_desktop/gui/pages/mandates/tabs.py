"""The mandate form's own tabs: its progress log (and the form that adds an entry) and the coordination
activities linked to it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.models import MandateStatus
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService, ProgressService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.keyboard import open_with_enter
from segib_desktop.gui.pages.mandates.common import open_evidence, small_table
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.table import Column, RowTableModel
from segib_desktop.i18n import N_, _


class ProgressForm(FormDialog):
    """A new entry of a mandate's log: date, text, optional status change and evidence."""
    help_section = "mandates"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, mandate_id: int, *, today: dt.date | None = None,
                 new_status: MandateStatus | None = None, parent=None):
        today = today or dt.date.today()
        fields = [
            Field("entry_date", N_("Date"), "date", required=True),
            Field("new_status", N_("New status"), "enum", choices=MandateStatus),
            Field("text", N_("What was done"), "multiline"),
            Field("delivered", N_("A report was delivered"), "bool"),
            Field("evidence", N_("Evidence"), placeholder=N_("A file or a web address (optional)")),
        ]
        super().__init__(ProgressService(ctx.db, mandate_id, today=today), fields, None,
                         title=_("New progress entry"),
                         defaults={"entry_date": today, "new_status": new_status}, parent=parent)
        self.widget("new_status").setItemText(0, _("No change"))
        self.widget("new_status").setToolTip(_("The mandate takes this status."))
        self.widget("delivered").setToolTip(_("For an annual or once-per-cycle mandate: its due date moves "
                                              "on to the next year or cycle."))
        browse = QPushButton(_("Choose a file…"), objectName="browse_evidence")
        browse.clicked.connect(self._browse)
        self.form_layout.addRow("", browse)
        note = QLabel(_("Save here writes this entry at once, even if you then cancel the mandate's form. "
                        "Entries cannot be changed afterwards: to correct one, add a new entry."), wordWrap=True,
                      objectName="entry_note")
        note.setStyleSheet("font-style: italic;")
        self.form_layout.addRow(note)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Evidence"))
        if path:
            self.widget("evidence").setText(path)


class ProgressTab(QWidget):
    """The mandate's log, newest first, and the button that adds an entry."""

    entry_added = Signal(object)  # the mandate's version before and after the entry (ProgressService.moved)

    def __init__(self, ctx: AppContext, service: MandateService, mandate_id: int | None,
                 today: dt.date | None, parent=None):
        super().__init__(parent)
        self.ctx, self.service, self.mandate_id, self.today = ctx, service, mandate_id, today
        self.model = RowTableModel((
            Column(N_("Date"), "date", field="entry_date"),
            Column(N_("Author"), field="author"),
            Column(N_("What was done"), stretch=True, field="text"),
            Column(N_("New status"), "enum", field="new_status"),
            Column(N_("Evidence"), width=14, field="evidence"),
        ), self)
        self.view = small_table(self.model, "progress_view")
        open_with_enter(self.view, lambda index: open_evidence(self.model.row_at(index.row()).evidence or "", self))
        self.add_button = QPushButton(_("Add an entry…"), objectName="add_entry")
        self.add_button.clicked.connect(self.add_entry)
        self.hint = QLabel(wordWrap=True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.form: ProgressForm | None = None
        self.reload()

    def reload(self) -> None:
        if self.mandate_id is None:
            self.model.set_rows([])
            self.add_button.setEnabled(False)
            self.hint.setText(_("Save the mandate first; then you can log its progress here."))
            return
        rows = read_mandates.progress_rows(self.ctx.db, self.mandate_id)
        self.model.set_rows(rows)
        self.hint.setText(_("Newest first. The mandate's status follows its latest status change. "
                            "Double-click an entry (or press Enter) to open its evidence.") if rows else
                          _("Nothing has been logged yet: add an entry for each step taken."))

    def add_entry(self, new_status: MandateStatus | None = None) -> ProgressForm:
        self.form = ProgressForm(self.ctx, self.mandate_id, today=self.today, new_status=new_status, parent=self)
        form = self.form
        self.form.saved.connect(lambda _id: (self.reload(), self.entry_added.emit(form.service.moved)))
        self.form.open()
        return self.form


class CoordinationTab(QWidget):
    """The coordination activities linked to the mandate (linked from the Coordination page)."""

    open_activity = Signal(int)

    def __init__(self, service: MandateService, mandate_id: int | None, parent=None):
        super().__init__(parent)
        self.model = RowTableModel((
            Column(N_("Date"), "date", field="date"),
            Column(N_("Kind"), "enum", field="kind"),
            Column(N_("Subject"), stretch=True, field="subject"),
            Column(N_("Bodies"), field="bodies"),
        ), self)
        self.view = small_table(self.model, "coordination_view")
        open_with_enter(self.view, lambda index: self.open_activity.emit(self.model.id_at(index.row())))
        rows = read_coordination.activities(service.db, mandate_id=mandate_id) if mandate_id is not None else []
        self.model.set_rows(rows)
        hint = QLabel(_("Double-click an activity (or press Enter) to open it in Coordination.") if rows else
                      _("No coordination activity is linked to this mandate. Activities are linked to "
                        "mandates from the Coordination page."), wordWrap=True, objectName="coordination_hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
