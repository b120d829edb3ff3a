"""The coordination lists: activities, action items, bodies, contacts and a body's mandates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core.models import ActionStatus, ActivityKind, BodyKind
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.read import lookups, rules
from segib_desktop.core.services.coordination import (
    ActionItemService,
    ActivityService,
    BodyService,
    ContactService,
)
from segib_desktop.gui.pages.coordination.forms import (
    ERASE_QUESTION,
    ActivityForm,
    BodyForm,
    ContactForm,
)
from segib_desktop.gui.widgets.dialogs import confirm, show_error
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.form import DateEdit, delete_with_confirmation
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _

if TYPE_CHECKING:
    from segib_desktop.gui.pages.coordination.page import CoordinationPage


def _combo(name: str, everything: str, items: Sequence[tuple]) -> QComboBox:
    combo = QComboBox(objectName=name)
    combo.addItem(everything, None)
    for value, label in items:
        combo.addItem(label, value)
    # Wide enough for most entries, never so wide that a Portuguese label pushes the page off the screen.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    longest = max([len(everything), *(len(label) for _v, label in items)])
    combo.setMinimumContentsLength(min(16, longest + 1))
    return combo


class _HostedList(ListPage):
    """A list inside the coordination page: it asks the page for "today" and tells it of changes."""

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.page, self.ctx, self.body_id = page, page.ctx, body_id
        super().__init__()

    def _saved(self, record_id: int | None = None) -> None:
        self.page.data_changed(self, record_id)

    def columns_key(self) -> str:
        """A body's page shows these lists half as wide, with fewer columns: its own remembered layout."""
        key = super().columns_key()
        return key if self.body_id is None else key.replace("lists/", "lists/body-", 1)

    def delete_record(self, record_id: int) -> bool:
        deleted = super().delete_record(record_id)
        if deleted:
            self.page.mark_stale(self)
        return deleted

    def _size_columns(self) -> None:
        """On a body's page the lists are half as wide: no column but the stretching one takes much room."""
        super()._size_columns()
        if self.body_id is not None:
            for col, column in enumerate(self.model.columns):
                if not column.stretch and col not in self._user_widths:
                    self._wanted[col] = min(self._wanted[col], 130)
            self._share_room()

    def _park(self, *widgets: QWidget) -> None:
        """Filters that a list inside a body's page does not show (the body is given)."""
        for widget in widgets:
            widget.setParent(self)
            widget.setVisible(False)


class ActivitiesList(_HostedList):
    columns = (
        Column(N_("Date"), "date", field="date"),
        Column(N_("Kind"), "enum", field="kind"),
        Column(N_("Subject"), stretch=True, field="subject"),
        Column(N_("Bodies"), field="bodies"),
        Column(N_("Open actions"), "int", field="open_actions"),
    )
    count_text = N_("{shown} of {total} activities")
    count_text_one = N_("{shown} of {total} activity")

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.service = ActivityService(page.ctx.db)
        self.since: dt.date | None = None  # with since_box ticked, only activities after it
        super().__init__(page, body_id)
        self.kind_filter = _combo("kind_filter", _("All kinds"), [(k, _(k.label)) for k in ActivityKind])
        self.body_filter = _combo("body_filter", _("All bodies"),
                                  [(i, a) for i, a, _n in lookups.bodies(page.ctx.db, page.ctx.lang)])
        self.year_filter = _combo("year_filter", _("All years"), [])
        self.since_box = QCheckBox(_("Since the last CODEI meeting"), objectName="since_codei", visible=False)
        if body_id is None:
            self.filters_row.addWidget(self.kind_filter)
            self.filters_row.addWidget(self.body_filter)
            self.filters_row.addWidget(self.year_filter)
        else:
            self._park(self.kind_filter, self.body_filter, self.year_filter)
        self.filters_row.addWidget(self.since_box)
        self.codei_button = QPushButton(_("CODEI meeting"), objectName="codei_button")
        self.codei_button.setToolTip(_("New meeting of CODEI, with its five bodies already chosen"))
        self.filters_row.addWidget(self.codei_button)
        self.kind_filter.currentIndexChanged.connect(lambda: self.reload())
        self.body_filter.currentIndexChanged.connect(lambda: self.reload())
        self.year_filter.currentIndexChanged.connect(lambda: self.reload())
        self.since_box.toggled.connect(lambda: self.reload())
        self.codei_button.clicked.connect(lambda: self.new_activity(codei=True))
        if body_id is not None:  # its open actions are beside it; deleting is done from the activity
            self.view.setColumnHidden(4, True)
            self.delete_button.setVisible(False)
        self._fill_years()

    def _fill_years(self) -> None:
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        for year in read_coordination.activity_years(self.ctx.db):
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(current)))
        self.year_filter.blockSignals(False)

    def query(self) -> dict:
        since = self.since if self.since is not None and self.since_box.isChecked() else None
        return {"kind": self.kind_filter.currentData(),
                "body_id": self.body_id if self.body_id is not None else self.body_filter.currentData(),
                "year": self.year_filter.currentData(), "since": since}

    def fetch(self, **query) -> list[tuple]:
        return read_coordination.activities(self.ctx.db, self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> ActivityForm | None:
        if record_id is None:
            return self.new_activity()
        try:
            form = ActivityForm(self.ctx, record_id, today=self.page.today(), parent=self)
        except errors.SegibError as exc:  # deleted meanwhile (a search result, another window)
            show_error(self, exc)
            return None
        return self._show(form)

    def new_activity(self, *, codei: bool = False) -> ActivityForm:
        bodies = [self.body_id] if self.body_id is not None else []
        return self._show(ActivityForm(self.ctx, None, today=self.page.today(), body_ids=bodies, codei=codei,
                                       parent=self))

    def _show(self, form: ActivityForm) -> ActivityForm:
        form.saved.connect(self._saved)
        form.deleted.connect(lambda _id: self._saved())
        self.page.last_form = form
        form.open()
        return form


class ActionsList(_HostedList):
    """The action items across bodies (open ones by default), overdue ones in red."""

    columns = (
        Column(N_("Due date"), "date", field="due_date"),
        Column(N_("Action"), stretch=True, field="description"),
        Column(N_("Owner"), width=15, field="owner"),
        Column(N_("Status"), "enum", field="status"),  # shown when the list is not of open items only
        Column(N_("Days overdue"), "int", field="days_overdue"),
        Column(N_("Bodies"), width=12, field="bodies"),
        Column(N_("Activity"), width=18, field="activity"),
    )
    count_text = N_("{shown} of {total} action items")
    count_text_one = N_("{shown} of {total} action item")

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.service = ActionItemService(page.ctx.db)
        super().__init__(page, body_id)
        if body_id is not None:
            for col in (3, 4, 5, 6):  # overdue ones stay red, and the page's summary counts them
                self.view.setColumnHidden(col, True)
        self.model.row_warning = lambda row: row.days_overdue is not None
        self.new_button.setVisible(False)
        self.owner_filter = _combo("owner_filter", _("All owners"), [])
        self.body_filter = _combo("body_filter", _("All bodies"),
                                  [(i, a) for i, a, _n in lookups.bodies(page.ctx.db, page.ctx.lang)])
        self.status_filter = _combo("status_filter", _("All statuses"), [(s, _(s.label)) for s in ActionStatus])
        self.status_filter.setCurrentIndex(self.status_filter.findData(ActionStatus.OPEN))
        self.due_by = DateEdit()
        self.due_by.setObjectName("due_by")
        self.due_by.setToolTip(_("Only the actions due on or before this date"))
        self.due_by.setSpecialValueText(_("Any due date"))
        self.due_by.setMinimumWidth(self.fontMetrics().horizontalAdvance(_("Any due date")) + 48)
        self.overdue_box = QCheckBox(_("Overdue only"), objectName="overdue_only")
        self.done_button = QPushButton(_("Mark done"), objectName="mark_done")
        self.done_button.setToolTip(_("Mark the selected action items as done"))
        if body_id is None:  # five filters: on a row of their own
            second = FlowRow()
            self.owner_filter.setMinimumContentsLength(20)
            for widget in (self.owner_filter, self.body_filter, QLabel(_("Due by"), buddy=self.due_by), self.due_by,
                           self.status_filter):
                second.addWidget(widget)
            second.addStretch(1)
            self.layout().insertLayout(1, second)
            self.filters_row.addWidget(self.overdue_box)
        else:
            self._park(self.owner_filter, self.body_filter, self.status_filter, self.due_by)
            self.filters_row.addWidget(self.overdue_box)
            self.delete_button.setVisible(False)
        self.filters_row.addWidget(self.done_button)
        for combo in (self.owner_filter, self.body_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda: self.reload())
        self.status_filter.currentIndexChanged.connect(self._status_column)
        self._status_column()
        self.due_by.dateChanged.connect(lambda: self.reload())
        self.overdue_box.toggled.connect(lambda: self.reload())
        self.done_button.clicked.connect(self.mark_done)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()
        self._fill_owners()

    def _status_column(self) -> None:
        """A list of open items only does not repeat "Open" on every row."""
        self.view.setColumnHidden(3, self.body_id is not None
                                  or self.status_filter.currentData() == ActionStatus.OPEN)

    def _fill_owners(self) -> None:
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        while self.owner_filter.count() > 1:
            self.owner_filter.removeItem(1)
        for owner in read_coordination.owners(self.ctx.db):
            self.owner_filter.addItem(owner, owner)
        self.owner_filter.setCurrentIndex(max(0, self.owner_filter.findData(current)))
        self.owner_filter.blockSignals(False)

    def _update_actions(self) -> None:
        super()._update_actions()
        if hasattr(self, "done_button"):
            self.done_button.setEnabled(bool(self.selected_ids()))

    def query(self) -> dict:
        return {"status": self.status_filter.currentData() if self.body_id is None else ActionStatus.OPEN,
                "body_id": self.body_id if self.body_id is not None else self.body_filter.currentData(),
                "owner": self.owner_filter.currentData(), "due_by": self.due_by.value(),
                "overdue": self.overdue_box.isChecked(), "today": self.page.today()}

    def fetch(self, **query) -> list[tuple]:
        return read_coordination.action_items(self.ctx.db, **query)

    def mark_done(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.service.set_status(ids, ActionStatus.DONE)
            self._saved()

    def open_record(self, record_id: int | None) -> None:
        if record_id is None:
            return
        try:
            activity_id = read_coordination.activity_of(self.ctx.db, record_id)
        except errors.SegibError as exc:
            show_error(self, exc)
            return
        form = self.page.activities.open_record(activity_id)
        if form is not None:
            form.tabs.setCurrentWidget(form.tab_of("actions"))  # its action items


class BodiesList(_HostedList):
    columns = (
        Column(N_("Acronym"), field="acronym"),
        Column(N_("Name"), stretch=True, field="name"),
        Column(N_("Kind"), "enum", field="kind"),
        Column(N_("Seat"), field="seat"),
        Column(N_("Activities"), "int", field="activities"),
        Column(N_("Open actions"), "int", field="open_actions"),
        Column(N_("Last activity"), "date", field="last_activity"),
    )
    count_text = N_("{shown} of {total} bodies")
    count_text_one = N_("{shown} of {total} body")

    def __init__(self, page: CoordinationPage):
        self.service = BodyService(page.ctx.db)
        super().__init__(page)
        self.kind_filter = _combo("kind_filter", _("All kinds"), [(k, _(k.label)) for k in BodyKind])
        self.filters_row.addWidget(self.kind_filter)
        self.kind_filter.currentIndexChanged.connect(lambda: self.reload())

    def query(self) -> dict:
        return {"kind": self.kind_filter.currentData()}

    def fetch(self, **query) -> list[tuple]:
        return read_coordination.bodies(self.ctx.db, self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> None:
        if record_id is None:
            form = BodyForm(self.ctx, None, parent=self)
            form.saved.connect(self._saved)
            self.page.last_form = form
            form.open()
        else:
            self.page.show_body(record_id)


class ContactsList(_HostedList):
    columns = (
        Column(N_("Name"), field="name"),
        Column(N_("Role"), stretch=True, field="role"),
        Column(N_("Body"), field="body"),
        Column(N_("Country"), field="country"),
        Column(N_("Email"), field="email"),
        Column(N_("Phone"), field="phone"),
    )
    count_text = N_("{shown} of {total} contacts")
    count_text_one = N_("{shown} of {total} contact")

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.service = ContactService(page.ctx.db)
        super().__init__(page, body_id)
        if body_id is not None:  # the body is given; its contacts rarely have a country
            self.view.setColumnHidden(2, True)
            self.view.setColumnHidden(3, True)
            # Beside the body's activities the table is narrow: the email shares the width with the role
            # instead of pushing the table into a sideways scroll.
            self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.body_filter = _combo("body_filter", _("All bodies"),
                                  [(i, a) for i, a, _n in lookups.bodies(page.ctx.db, page.ctx.lang)])
        if body_id is None:
            self.filters_row.addWidget(self.body_filter)
        else:
            self._park(self.body_filter)
        self.body_filter.currentIndexChanged.connect(lambda: self.reload())

    def query(self) -> dict:
        return {"body_id": self.body_id if self.body_id is not None else self.body_filter.currentData()}

    def fetch(self, **query) -> list[tuple]:
        return read_coordination.contacts(self.ctx.db, self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> ContactForm | None:
        try:
            form = ContactForm(self.ctx, record_id, body_id=self.body_id, parent=self)
        except errors.SegibError as exc:
            show_error(self, exc)
            return None
        form.saved.connect(self._saved)
        form.deleted.connect(lambda _id: self._saved())
        self.page.last_form = form
        form.open()
        return form

    def delete_record(self, record_id: int) -> bool:
        if not confirm(self, _(ERASE_QUESTION), action=_("Delete")):
            return False
        if delete_with_confirmation(self, self.service, record_id):
            self.page.mark_stale(self)
            return True
        return False


class BodyMandatesList(_HostedList):
    """The mandates addressed to a body; opening one goes to the mandates page."""

    columns = (
        Column(N_("Code"), whole=True, field="code", sort_field="code_order"),
        Column(N_("Title"), stretch=True, field="title"),
        Column(N_("Due date"), "date", field="due_date"),
        Column(N_("Status"), "enum", field="status"),
        Column(N_("Days overdue"), "int", field="days_overdue"),
    )
    count_text = N_("{shown} of {total} mandates")
    count_text_one = N_("{shown} of {total} mandate")

    def __init__(self, page: CoordinationPage, body_id: int):
        super().__init__(page, body_id)
        self.model.row_warning = lambda row: row.days_overdue is not None  # overdue, also in red
        self.view.setColumnHidden(4, True)
        self.new_button.setVisible(False)
        self.delete_button.setVisible(False)
        self.open_only = QCheckBox(_("Open mandates only"), objectName="open_mandates", checked=True)
        self.filters_row.addWidget(self.open_only)
        self.open_only.toggled.connect(self.apply_filter)

    def query(self) -> dict:
        return {"today": self.page.today()}

    def fetch(self, today=None) -> list[tuple]:
        return read_coordination.body_mandates(self.ctx.db, self.body_id, today=today)

    def row_filter(self):
        if not self.open_only.isChecked():
            return None
        return lambda row: rules.is_open(row.status)

    def open_record(self, record_id: int | None) -> None:
        if record_id is not None:
            self.ctx.navigate("mandates", open_id=record_id)

    def delete_record(self, record_id: int) -> bool:
        return False
