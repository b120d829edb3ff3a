"""The Meetings page: the meetings of each summit cycle, what is coming up, and the documents summits and
meetings adopt (their forms and lists are in cycle.py, shared with the summit form)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from segib_desktop.core.models import MeetingKind
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.services.cycle import MeetingService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.cycle import DocumentsList, MeetingForm, MeetingsList
from segib_desktop.gui.pages.summits import SummitForm
from segib_desktop.gui.widgets.form import FormDialog
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _, active


class UpcomingList(ListPage):
    """The meetings and summits of the next 90 days, nearest first. ``today`` is fixed in tests."""

    DAYS = 90
    columns = (
        Column(N_("Start"), "date", field="start_date"),
        Column(N_("End"), "date", field="end_date"),
        Column(N_("Days to go"), "int", field="days_to_go"),
        Column(N_("Meeting or summit"), stretch=True, field="name"),
        Column(N_("City"), field="city"),
        Column(N_("Country"), field="country"),
        Column(N_("Cycle"), "roman", width=6, field="cycle"),
        Column(N_("Status"), "enum", field="status"),
    )
    count_text = N_("{shown} of {total} meetings and summits")
    count_text_one = N_("{shown} of {total} meeting or summit")
    default_sort = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, ctx: AppContext, parent=None):
        self.ctx = ctx
        self.service = MeetingService(ctx.db)
        self.today: dt.date | None = None
        super().__init__(parent)
        self.setObjectName("upcoming_list")
        self.delete_button.hide()  # a summit is deleted from its own page
        self.new_button.setText(_("New meeting"))
        self.range_label = QLabel(objectName="upcoming_range")
        self.filters_row.addWidget(self.range_label, 1)
        self.reload()

    def query(self) -> dict:
        today = self.today or dt.date.today()
        last = today + dt.timedelta(days=self.DAYS)
        t = active()
        self.range_label.setText(_("From {first} to {last}").format(first=t.format_date(today),
                                                                     last=t.format_date(last)))
        return {"today": today}

    def fetch(self, today: dt.date) -> list[tuple]:
        return read_cycle.upcoming(self.ctx.db, self.ctx.lang, today=today, days=self.DAYS)

    def open_record(self, key: str | None) -> FormDialog:
        kind, _sep, number = (key or "meeting:").partition(":")
        record_id = int(number) if number else None
        if kind == "summit":
            form = SummitForm(self.ctx, record_id, parent=self)
        else:
            form = MeetingForm(self.ctx, record_id, parent=self)
        form.saved.connect(lambda _id: self.reload())
        form.deleted.connect(lambda _id: self.reload())
        form.open()
        return form


class MeetingsPage(QWidget):
    """The "meetings" page: the meetings, the next 90 days, and the documents."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.meetings = MeetingsList(ctx)
        self.upcoming = UpcomingList(ctx)
        self.documents = DocumentsList(ctx)
        self.tabs = QTabWidget(objectName="meetings_tabs")
        self.tabs.addTab(self.meetings, _("Meetings"))
        self.tabs.addTab(self.upcoming, _("Next 90 days"))
        self.tabs.addTab(self.documents, _("Documents"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Shown again: what other pages changed appears."""
        for page in (self.meetings, self.upcoming, self.documents):
            page.reload()

    def show_options(self, *, open_id: int | None = None, upcoming: bool = False, summit_id: int | None = None,
                     kind: str | None = None, open_document: int | None = None, view: str | None = None,
                     **_ignored) -> None:
        """``view``: "meetings", "upcoming" or "documents" shows that tab (as ``upcoming=True`` does)."""
        views = {"meetings": self.meetings, "upcoming": self.upcoming, "documents": self.documents}
        if view in views:
            self.tabs.setCurrentWidget(views[view])
        if upcoming:
            self.tabs.setCurrentWidget(self.upcoming)
        if summit_id is not None or kind is not None:
            self.tabs.setCurrentWidget(self.meetings)
            lists = self.meetings
            lists.cycle_filter.setCurrentIndex(max(lists.cycle_filter.findData(summit_id), 0))
            kind_value = MeetingKind(kind) if kind else None
            lists.kind_filter.setCurrentIndex(max(lists.kind_filter.findData(kind_value), 0))
        if open_id is not None:
            self.tabs.setCurrentWidget(self.meetings)
            self.meetings.open_record(open_id)
        if open_document is not None:
            self.tabs.setCurrentWidget(self.documents)
            self.documents.open_record(open_document)
