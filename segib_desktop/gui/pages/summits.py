"""Summits: the list of Ibero-American summits and the summit form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from segib_desktop.core.models import SummitStatus
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.read import lookups
from segib_desktop.core.services.summits import SummitService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.cycle import DocumentsList, MeetingsList
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _, to_roman


class SummitForm(FormDialog):
    help_section = "summit-cycle"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, parent=None):
        countries = lookups.countries(ctx.db, ctx.lang)
        country_choices = lambda: [(cid, name) for cid, _iso, name in countries]  # noqa: E731
        fields = [
            Field("number", N_("Number"), "ordinal", required=True),
            Field("status", N_("Status"), "enum", required=True, choices=SummitStatus),
            Field("start_date", N_("Start date"), "date"),
            Field("end_date", N_("End date"), "date"),
            Field("city", N_("City"), max_length=120),
            Field("host_country_id", N_("Host country"), "choice", choices=country_choices),
            Field("theme_es", N_("Theme (Spanish)"), "multiline"),
            Field("theme_pt", N_("Theme (Portuguese)"), "multiline"),
            Field("spt_country_id", N_("Pro Tempore Secretariat"), "choice", choices=country_choices),
            Field("spt_start", N_("Pro Tempore Secretariat from"), "date"),
            Field("spt_end", N_("Pro Tempore Secretariat until"), "date"),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = SummitService(ctx.db)
        title = _("New summit")
        if record_id is not None:
            title = _("Summit {number}").format(number=to_roman(service.get(record_id)["number"]))
        super().__init__(service, fields, record_id, title=title,
                         defaults={"status": SummitStatus.PLANNED}, parent=parent)
        self.ctx = ctx
        if record_id is not None:
            self._add_cycle_tabs(record_id)

    def _add_cycle_tabs(self, summit_id: int) -> None:
        """The summit's whole cycle: its meetings in date order, its documents and their mandates."""
        self.meetings = MeetingsList(self.ctx, summit_id=summit_id, parent=self)
        self.documents = DocumentsList(self.ctx, cycle_id=summit_id, parent=self)
        self.cycle_summary = QLabel(objectName="cycle_summary", wordWrap=True)
        self.mandates_summary = QLabel(objectName="mandates_summary", wordWrap=True)
        self.mandates_button = QPushButton(_("Show these mandates"), objectName="show_mandates")
        self.mandates_button.clicked.connect(lambda: self._show_mandates(summit_id))

        meetings_tab = QWidget()
        layout = QVBoxLayout(meetings_tab)
        layout.addWidget(self.cycle_summary)
        layout.addWidget(self.meetings, 1)
        documents_tab = QWidget()
        layout = QVBoxLayout(documents_tab)
        row = QHBoxLayout()
        row.addWidget(self.mandates_summary, 1)
        row.addWidget(self.mandates_button)
        layout.addLayout(row)
        layout.addWidget(self.documents, 1)
        self.add_tab(meetings_tab, _("Meetings of the cycle"))
        self.add_tab(documents_tab, _("Documents and mandates"))
        self.meetings.loaded.connect(lambda: self._update_summary(summit_id))
        self.documents.loaded.connect(lambda: self._update_summary(summit_id))
        self.meetings.view.setColumnHidden(5, True)  # the cycle: this summit's, on every row
        self.documents.view.setColumnHidden(5, True)
        self.resize(max(self.width(), 1000), max(self.height(), 640))

    def _update_summary(self, summit_id: int) -> None:
        counts = read_cycle.cycle_summary(self.ctx.db, summit_id)._asdict()
        self.cycle_summary.setText(_("Meetings of this cycle: {meetings}, of which {held} held.").format(**counts))
        self.mandates_summary.setText(
            _("Documents of this cycle: {documents}. Mandates they gave: {mandates}, of which {open_mandates} "
              "still open.").format(**counts))
        self.mandates_button.setEnabled(counts["mandates"] > 0)
        self.tabs.setTabText(1, _("Meetings of the cycle ({n})").format(n=counts["meetings"]))
        self.tabs.setTabText(2, _("Documents and mandates ({n})").format(n=counts["documents"]))

    def _show_mandates(self, summit_id: int) -> None:
        self.reject()
        if not self.isVisible():
            self.ctx.navigate("mandates", summit_id=summit_id)


class SummitsPage(ListPage):
    columns = (
        Column(N_("No."), "roman", width=6, field="number"),
        Column(N_("Start"), "date", field="start_date"),
        Column(N_("End"), "date", field="end_date"),
        Column(N_("City"), field="city"),
        Column(N_("Host country"), field="host"),
        Column(N_("Theme"), stretch=True, field="theme"),
        Column(N_("Status"), "enum", field="status"),
    )
    count_text = N_("{shown} of {total} summits")
    count_text_one = N_("{shown} of {total} summit")
    default_sort = (0, Qt.SortOrder.DescendingOrder)

    def __init__(self, ctx: AppContext, parent=None):
        self.ctx = ctx
        self.service = SummitService(ctx.db)
        super().__init__(parent)
        self.status_filter = QComboBox(objectName="status_filter")
        self.status_filter.addItem(_("All statuses"), None)
        for status in SummitStatus:
            self.status_filter.addItem(_(status.label), status)
        # The minimum (1990) means "no limit" and reads as such.
        self.year_from = QSpinBox(objectName="year_from", minimum=1990, maximum=2100,
                                  prefix=_("From") + " ", specialValueText=_("From any year"))
        self.year_to = QSpinBox(objectName="year_to", minimum=1990, maximum=2100,
                                prefix=_("To") + " ", specialValueText=_("To any year"))
        self.country_filter = QComboBox(objectName="country_filter")
        self.country_filter.addItem(_("All host countries"), None)
        for cid, _iso, name in lookups.countries(ctx.db, ctx.lang):
            self.country_filter.addItem(name, cid)
        for widget in (self.status_filter, self.country_filter, self.year_from, self.year_to):
            self.filters_row.addWidget(widget)
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.country_filter.currentIndexChanged.connect(self.reload)
        self.year_from.valueChanged.connect(lambda _value: self._debounce.start())  # start(int) would take the value as its delay
        self.year_to.valueChanged.connect(lambda _value: self._debounce.start())  # start(int) would take the value as its delay
        self.reload()

    def query(self) -> dict:
        return {"status": self.status_filter.currentData(), "country_id": self.country_filter.currentData()}

    def fetch(self, status=None, country_id=None) -> list[tuple]:
        return read_cycle.summits(self.ctx.db, self.ctx.lang, status=status, country_id=country_id)

    def row_filter(self):
        first = self.year_from.value() if self.year_from.value() > self.year_from.minimum() else 0
        last = self.year_to.value() if self.year_to.value() > self.year_to.minimum() else 9999
        if (first, last) == (0, 9999):
            return None
        return lambda row: row.start_date is not None and first <= row.start_date.year <= last

    def open_record(self, record_id: int | None) -> SummitForm:
        form = SummitForm(self.ctx, record_id, parent=self)
        form.saved.connect(lambda saved_id: self.reload(select_id=saved_id))
        form.deleted.connect(lambda _id: self.reload())
        form.open()
        return form

    def show_options(self, *, open_id: int | None = None, **_ignored) -> None:
        if open_id is not None:
            self.open_record(open_id)
