"""The milestones list and the milestone form."""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
)

from segib_desktop.core.models import MilestoneCategory, MilestoneStatus
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.services.programmes import (
    MilestoneService,
    is_delayed,
)
from segib_desktop.gui import theme
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.programmes.common import (
    FlagColumn,
    PercentColumn,
    country_combo,
    fill_country_combo,
    year_spin,
)
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _, active

if TYPE_CHECKING:
    from segib_desktop.gui.pages.programmes.page import ProgrammesPage


class MilestonesList(ListPage):
    columns = (
        Column(N_("Country"), width=10, field="country"),
        Column(N_("Category"), "enum", width=15, field="category"),
        Column(N_("Title"), stretch=True, field="title"),
        Column(N_("Planned end"), "date", field="planned_end"),
        Column(N_("Actual end"), "date", field="actual_end"),
        Column(N_("Status"), "enum", field="status"),
        PercentColumn(N_("Progress"), "int", field="progress"),
        FlagColumn(N_("Delayed"), field="delayed"),
    )
    count_text = N_("{shown} of {total} milestones")
    count_text_one = N_("{shown} of {total} milestone")
    default_sort = (0, Qt.SortOrder.AscendingOrder)  # by country; each country's by planned end

    def __init__(self, page: ProgrammesPage, *, fixed_country: bool = False):
        self.page = page
        self.ctx = page.ctx
        self.service = page.milestones
        self.fixed_country = fixed_country
        self.country_id: int | None = None  # with fixed_country: the country shown
        super().__init__()
        if fixed_country:  # its columns are remembered apart: the Milestones tab's show the country and are wider
            self.setObjectName("country_milestones")
        self.model.row_warning = attrgetter("delayed")
        self.model.warning_text = N_("Delayed")
        self.country = country_combo("list_country")
        self.category = QComboBox(objectName="list_category")
        self.category.addItem(_("All categories"), None)
        for category in MilestoneCategory:
            self.category.addItem(_(category.label), category)
        self.status = QComboBox(objectName="list_status")
        self.status.addItem(_("All statuses"), None)
        for status in MilestoneStatus:
            self.status.addItem(_(status.label), status)
        self.delayed = QCheckBox(_("Only delayed"), objectName="list_delayed")
        self.year = year_spin("list_year", _("Any year"))
        self.year.setPrefix(_("Year") + " ")
        self.year.setAccessibleName(_("Year"))  # not its "Any year", wrong once a year is chosen
        row = FlowRow()
        for widget in (self.country, self.category, self.status, self.delayed, self.year):
            row.addWidget(widget)
        row.addStretch(1)
        self.view.setColumnHidden(0, fixed_country)  # the country is the page's
        self.view.setColumnHidden(len(self.columns) - 1, fixed_country)  # delayed rows are red anyway
        self.layout().insertLayout(1, row)
        # Once in the page: shown while it had no parent, it showed as a window of its own, which took the keyboard.
        self.country.setVisible(not fixed_country)
        for combo in (self.country, self.category, self.status):
            combo.currentIndexChanged.connect(self.reload)
        self.delayed.toggled.connect(self.reload)
        self.year.valueChanged.connect(self.reload)

    def set_countries(self, countries) -> None:
        fill_country_combo(self.country, countries)

    def set_filters(self, *, country_id=None, category=None, status=None, delayed=False, year=None) -> None:
        """Shows exactly the asked milestones (the other filters are cleared); reloads once."""
        widgets = (self.country, self.category, self.status, self.delayed, self.year)
        for widget in widgets:
            widget.blockSignals(True)
        self.country.setCurrentIndex(max(self.country.findData(country_id), 0))
        self.category.setCurrentIndex(max(self.category.findData(category), 0))
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        self.delayed.setChecked(bool(delayed))
        self.year.setValue(year or self.year.minimum())
        for widget in widgets:
            widget.blockSignals(False)
        self.filter_edit.clear()
        self.reload()

    def query(self) -> dict:
        year = self.year.value()
        return {"programme_id": self.page.programme_id, "today": self.page.today_date(),
                "country_id": self.country_id if self.fixed_country else self.country.currentData(),
                "category": self.category.currentData(), "status": self.status.currentData(),
                "delayed": True if self.delayed.isChecked() else None,
                "year": year if year > self.year.minimum() else None}

    def fetch(self, programme_id=None, **query) -> list[tuple]:
        if programme_id is None or (self.fixed_country and query["country_id"] is None):
            return []
        return read_programmes.milestones(self.ctx.db, programme_id, self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> None:
        defaults = {"country_id": self.country_id} if self.fixed_country else None
        self.page.open_milestone(record_id, defaults=defaults)


class MilestoneForm(FormDialog):
    """A milestone of one programme: country (or the whole network), dates planned and actual, status."""
    help_section = "iberblh"  # what F1 opens in the user guide (help.py)

    unshown_labels = {"programme_id": N_("Programme")}  # its History names it (set by the page, not shown)

    def __init__(self, ctx: AppContext, programme_id: int, record_id: int | None, *, today: dt.date | None = None,
                 defaults: dict | None = None, parent=None):
        self.programme_id = programme_id
        self.today = today
        service = MilestoneService(ctx.db, today=today)
        members = read_programmes.member_countries(ctx.db, programme_id, ctx.lang)
        mandates = read_programmes.mandate_choices(ctx.db)
        fields = [
            Field("country_id", N_("Country"), "choice",
                  choices=lambda: [(cid, name) for cid, _iso, name in members]),
            Field("category", N_("Category"), "enum", required=True, choices=MilestoneCategory),
            Field("title", N_("Title"), required=True, max_length=300),
            Field("description", N_("Description"), "multiline"),
            Field("planned_start", N_("Planned start"), "date"),
            Field("planned_end", N_("Planned end"), "date"),
            Field("actual_start", N_("Actual start"), "date"),
            Field("actual_end", N_("Actual end"), "date"),
            Field("status", N_("Status"), "enum", required=True, choices=MilestoneStatus),
            Field("progress", N_("Progress (%)"), "int"),
            Field("responsible", N_("Responsible"), max_length=150),
            Field("mandate_id", N_("Linked mandate"), "choice", choices=lambda: mandates),
        ]
        title = _("New milestone")
        if record_id is not None:
            title = _("Milestone: {title}").format(title=service.get(record_id)["title"])
        self.delayed_note = QLabel(objectName="delayed_note", wordWrap=True)
        self.delayed_note.setStyleSheet(theme.warning_style(bold=True))  # readable on a dark theme too
        defaults = {"status": MilestoneStatus.PLANNED, "progress": 0, **(defaults or {})}
        super().__init__(service, fields, record_id, title=title, defaults=defaults, parent=parent)
        self.widget("country_id").setItemText(0, _("Network-wide (no single country)"))
        self.widget("mandate_id").setItemText(0, _("No linked mandate"))
        self.form_layout.insertRow(0, self.delayed_note)
        for key in ("planned_end", "actual_end"):
            self.widget(key).dateChanged.connect(self.update_delayed_note)
        self.widget("status").currentIndexChanged.connect(self.update_delayed_note)
        self.update_delayed_note()
        self.widget("title").setCursorPosition(0)  # a long title shows its beginning
        self.resize(680, self.sizeHint().height())

    def values(self) -> dict:
        return super().values() | {"programme_id": self.programme_id}

    def update_delayed_note(self) -> None:
        values = self.values()
        late = is_delayed(values["planned_end"], values["actual_end"], values["status"],
                          self.today or dt.date.today())
        if late:
            self.delayed_note.setText(_("Delayed: its planned end ({date}) has passed without an actual end.").format(
                date=active().format_date(values["planned_end"])))
        self.delayed_note.setVisible(late)
