"""The meetings and documents of the summit cycles: their forms and lists, shown on the Meetings page
and inside a summit's form (which is why they live apart from both pages: neither imports the other's)."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
)

from segib_desktop.core.meeting_names import meeting_name
from segib_desktop.core.models import DocumentKind, MeetingKind, SummitStatus
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.read import lookups
from segib_desktop.core.services.cycle import DocumentService, MeetingService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.links import open_link
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _

# Kinds whose sector field is shown, and what it is called for them.
SECTOR_LABELS = {MeetingKind.SECTORAL: N_("Sector"), MeetingKind.FORUM: N_("Name"), MeetingKind.OTHER: N_("Name")}


def _country_choices(ctx: AppContext):
    countries = lookups.countries(ctx.db, ctx.lang)
    return lambda: [(cid, name) for cid, _iso, name in countries]


def _combo(name: str, everything: str, items) -> QComboBox:
    combo = QComboBox(objectName=name)
    combo.addItem(everything, None)
    for value, label in items:
        combo.addItem(label, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def _year_range(owner: ListPage) -> tuple[QSpinBox, QSpinBox]:
    """The "from year / to year" pair of the lists; the minimum (1990) reads as "any year"."""
    year_from = QSpinBox(objectName="year_from", minimum=1990, maximum=2100,
                         prefix=_("From") + " ", specialValueText=_("From any year"))
    year_to = QSpinBox(objectName="year_to", minimum=1990, maximum=2100,
                       prefix=_("To") + " ", specialValueText=_("To any year"))
    year_from.valueChanged.connect(lambda _value: owner._debounce.start())  # start(int) would take the value as its delay
    year_to.valueChanged.connect(lambda _value: owner._debounce.start())  # start(int) would take the value as its delay
    return year_from, year_to


def _year_predicate(year_from: QSpinBox, year_to: QSpinBox, field: str):
    """The rows whose date ``field`` falls in the chosen years (None: every row)."""
    first = year_from.value() if year_from.value() > year_from.minimum() else 0
    last = year_to.value() if year_to.value() > year_to.minimum() else 9999
    if (first, last) == (0, 9999):
        return None
    date_of = attrgetter(field)
    return lambda row: (when := date_of(row)) is not None and first <= when.year <= last


def _second_row(page: ListPage) -> FlowRow:
    """A row of filters under the list's first row (the lists with many filters need two)."""
    row = FlowRow()
    page.layout().insertLayout(1, row)
    return row


# --- forms

class MeetingForm(FormDialog):
    """A meeting of a summit's cycle: kind, number, dates, place, attendance, and its documents."""
    help_section = "summit-cycle"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, *, defaults: dict | None = None, parent=None):
        self.ctx = ctx
        countries = _country_choices(ctx)
        summits = read_cycle.summit_choices(ctx.db)
        fields = [
            Field("kind", N_("Kind"), "enum", required=True, choices=MeetingKind),
            Field("sector", N_("Sector"), max_length=120),
            Field("number", N_("Number in the cycle"), "ordinal"),
            Field("extraordinary", N_("Extraordinary meeting"), "bool"),
            Field("status", N_("Status"), "enum", required=True, choices=SummitStatus),
            Field("start_date", N_("Start date"), "date"),
            Field("end_date", N_("End date"), "date"),
            Field("city", N_("City"), max_length=120),
            Field("country_id", N_("Country"), "choice", choices=countries),
            Field("summit_id", N_("Summit of the cycle"), "choice", choices=lambda: summits),
            Field("attendees", N_("Countries that attended"), "checklist", choices=countries),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = MeetingService(ctx.db)
        title = _("New meeting") if record_id is None else service.name(record_id, ctx.lang)
        super().__init__(service, fields, record_id, title=title,
                         defaults={"status": SummitStatus.PLANNED} | (defaults or {}), parent=parent)
        self.setMinimumWidth(800)

        self.name_label = QLabel(objectName="meeting_name", wordWrap=True)
        self.name_label.setStyleSheet("font-weight: bold;")
        self.form_layout.insertRow(0, _("Full name"), self.name_label)
        self._lay_out_attendance()
        for key in ("kind", "extraordinary", "number", "sector"):
            widget = self.widget(key)
            for signal in ("currentIndexChanged", "toggled", "textChanged"):
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(self._update_name)
                    break
        self._update_name()

        if record_id is not None:
            self.documents = DocumentsList(ctx, meeting_id=record_id, parent=self)
            for column in (4, 5):  # adopted by this meeting, in its cycle
                self.documents.view.setColumnHidden(column, True)
            self.add_tab(self.documents, _("Documents adopted"))
            self.documents.loaded.connect(self._count_documents)

    def _lay_out_attendance(self) -> None:
        """The 22 countries in columns, with "all" and "none" at hand."""
        checklist = self.widget("attendees")
        checklist.setFlow(QListView.Flow.LeftToRight)
        checklist.setWrapping(True)
        checklist.setResizeMode(QListView.ResizeMode.Adjust)
        metrics = checklist.fontMetrics()
        widest = max((metrics.horizontalAdvance(checklist.item(i).text()) for i in range(checklist.count())),
                     default=100)
        cell = QSize(widest + 44, metrics.height() + 8)
        checklist.setGridSize(cell)
        columns = 3
        rows = -(-checklist.count() // columns)
        checklist.setMinimumWidth(columns * cell.width() + 24)
        checklist.setMinimumHeight(rows * cell.height() + 12)
        buttons = QHBoxLayout()
        every = QPushButton(_("All countries"), objectName="attend_all")
        none = QPushButton(_("No country"), objectName="attend_none")
        every.clicked.connect(lambda: self._check_all(True))
        none.clicked.connect(lambda: self._check_all(False))
        buttons.addWidget(every)
        buttons.addWidget(none)
        buttons.addStretch(1)
        checklist.parentWidget().layout().insertLayout(1, buttons)

    def _check_all(self, checked: bool) -> None:
        checklist = self.widget("attendees")
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(checklist.count()):
            checklist.item(i).setCheckState(state)

    def _update_name(self, *_args) -> None:
        values = self.values()
        kind = values["kind"]
        box = self.widget("sector").parentWidget()
        self.form_layout.setRowVisible(box, kind in SECTOR_LABELS)
        if kind in SECTOR_LABELS:
            self.form_layout.labelForField(box).setText(_(SECTOR_LABELS[kind]))
        self.name_label.setText(meeting_name(kind, values["number"], values["extraordinary"], values["sector"]))

    def _count_documents(self) -> None:
        index = self.tabs.indexOf(self.documents)
        self.tabs.setTabText(index, _("Documents adopted ({n})").format(n=self.documents.model.total_count()))


class DocumentForm(FormDialog):
    """A document adopted by a summit or by a meeting, with an optional link to its file."""
    help_section = "summit-cycle"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, *, defaults: dict | None = None, parent=None):
        self.ctx = ctx
        summits = read_cycle.summit_choices(ctx.db)
        meetings = read_cycle.meeting_choices(ctx.db, ctx.lang)
        fields = [
            Field("kind", N_("Kind"), "enum", required=True, choices=DocumentKind),
            Field("number", N_("Number"), max_length=30, placeholder=N_("Only if it has one, e.g. 4")),
            Field("title", N_("Title"), required=True),
            Field("adopted_on", N_("Adopted on"), "date"),
            Field("summit_id", N_("Adopted by the summit"), "choice", choices=lambda: summits),
            # a name that stands alone: a screen reader read "or by the meeting" after the summit's field
            Field("meeting_id", N_("Adopted by the meeting"), "choice", choices=lambda: meetings),
            Field("file_path", N_("File"), placeholder=N_("Optional: the document's file")),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = DocumentService(ctx.db)
        title = _("New document") if record_id is None else service.get(record_id)["title"]
        super().__init__(service, fields, record_id, title=title, defaults=defaults, parent=parent)
        self.setMinimumWidth(760)
        self._add_file_buttons()

    def _add_file_buttons(self) -> None:
        edit = self.widget("file_path")
        box = edit.parentWidget().layout()
        box.removeWidget(edit)
        row = QHBoxLayout()
        self.choose_button = QPushButton(_("Choose…"), objectName="choose_file")
        self.open_button = QPushButton(_("Open the file"), objectName="open_file")
        row.addWidget(edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.open_button)
        box.insertLayout(0, row)
        self.choose_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_file)
        edit.textChanged.connect(lambda text: self.open_button.setEnabled(bool(text.strip())))
        self.open_button.setEnabled(bool(edit.text().strip()))

    def choose_file(self) -> None:
        current = self.widget("file_path").text().strip()
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the document's file"),
                                                    str(Path(current).parent) if current else "")
        if path:
            self.widget("file_path").setText(str(Path(path)))

    def open_file(self) -> bool:
        """Opens the file with the system's viewer; says so plainly if it is not there."""
        return open_link(self, self.widget("file_path").text())


# --- lists

class MeetingsList(ListPage):
    """The meetings, filtered; with ``summit_id`` only that summit's cycle (in its form), by date."""

    columns = (
        Column(N_("Start"), "date", field="start_date"),
        Column(N_("End"), "date", field="end_date"),
        Column(N_("Meeting"), stretch=True, field="name"),
        Column(N_("City"), field="city"),
        Column(N_("Country"), field="country"),
        Column(N_("Cycle"), "roman", width=6, field="cycle"),
        Column(N_("Status"), "enum", field="status"),
        Column(N_("Documents"), "int", field="documents"),
    )
    count_text = N_("{shown} of {total} meetings")
    count_text_one = N_("{shown} of {total} meeting")
    default_sort = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, ctx: AppContext, *, summit_id: int | None = None, parent=None):
        self.ctx = ctx
        self.service = MeetingService(ctx.db)
        self.summit_id = summit_id
        super().__init__(parent)
        self.setObjectName("meetings_list")
        self.year_from = self.year_to = None
        if summit_id is None:
            self._add_filters()
        self.reload()

    def _add_filters(self) -> None:
        self.cycle_filter = _combo("cycle_filter", _("All cycles"), read_cycle.summit_choices(self.ctx.db))
        self.kind_filter = _combo("kind_filter", _("All kinds"), [(k, _(k.label)) for k in MeetingKind])
        self.country_filter = _combo("country_filter", _("All countries"), _country_choices(self.ctx)())
        self.status_filter = _combo("status_filter", _("All statuses"), [(s, _(s.label)) for s in SummitStatus])
        self.year_from, self.year_to = _year_range(self)
        second = _second_row(self)
        for widget in (self.cycle_filter, self.kind_filter, self.country_filter, self.status_filter):
            widget.currentIndexChanged.connect(self.reload)
        self.filters_row.addWidget(self.year_from)
        self.filters_row.addWidget(self.year_to)
        for widget in (self.cycle_filter, self.kind_filter, self.country_filter, self.status_filter):
            second.addWidget(widget, 1)

    def query(self) -> dict:
        if self.summit_id is not None:
            return {"summit_id": self.summit_id}
        return {"summit_id": self.cycle_filter.currentData(), "kind": self.kind_filter.currentData(),
                "country_id": self.country_filter.currentData(), "status": self.status_filter.currentData()}

    def fetch(self, **query) -> list[tuple]:
        return read_cycle.meetings(self.ctx.db, self.ctx.lang, **query)

    def row_filter(self):
        return None if self.year_from is None else _year_predicate(self.year_from, self.year_to, "start_date")

    def open_record(self, record_id: int | None) -> MeetingForm:
        summit_id = self.summit_id if self.summit_id is not None else self.cycle_filter.currentData()
        if summit_id is None and record_id is None:  # all cycles shown: a new meeting is most likely the next one's
            summit_id = read_cycle.next_summit_id(self.ctx.db)
        form = MeetingForm(self.ctx, record_id, defaults={"summit_id": summit_id}, parent=self)
        form.saved.connect(lambda saved_id: self.reload(select_id=saved_id))
        form.deleted.connect(lambda _id: self.reload())
        form.open()
        return form

class DocumentsList(ListPage):
    """Documents: all (filtered), a summit's whole cycle (``cycle_id``) or one meeting's (``meeting_id``)."""

    columns = (
        Column(N_("Adopted"), "date", field="adopted_on"),
        Column(N_("Kind"), "enum", field="kind"),
        Column(N_("No."), width=5, field="number"),
        Column(N_("Title"), stretch=True, field="title"),
        Column(N_("Adopted by"), width=24, field="adopted_by"),
        Column(N_("Cycle"), "roman", width=6, field="cycle"),
        Column(N_("Mandates"), "int", field="mandates"),
        Column(N_("Still open"), "int", field="open_mandates"),
    )
    count_text = N_("{shown} of {total} documents")
    count_text_one = N_("{shown} of {total} document")
    default_sort = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, ctx: AppContext, *, cycle_id: int | None = None, meeting_id: int | None = None,
                 parent=None):
        self.ctx = ctx
        self.service = DocumentService(ctx.db)
        self.cycle_id, self.meeting_id = cycle_id, meeting_id
        super().__init__(parent)
        self.setObjectName("documents_list")
        self.year_from = self.year_to = None
        if cycle_id is None and meeting_id is None:
            self.cycle_filter = _combo("cycle_filter", _("All cycles"), read_cycle.summit_choices(ctx.db))
            self.kind_filter = _combo("kind_filter", _("All kinds"), [(k, _(k.label)) for k in DocumentKind])
            self.year_from, self.year_to = _year_range(self)
            for widget in (self.cycle_filter, self.kind_filter, self.year_from, self.year_to):
                self.filters_row.addWidget(widget)
            self.cycle_filter.currentIndexChanged.connect(self.reload)
            self.kind_filter.currentIndexChanged.connect(self.reload)
        self.reload()

    def query(self) -> dict:
        if self.cycle_id is not None or self.meeting_id is not None:
            return {"cycle_id": self.cycle_id, "meeting_id": self.meeting_id}
        return {"cycle_id": self.cycle_filter.currentData(), "kind": self.kind_filter.currentData()}

    def fetch(self, **query) -> list[tuple]:
        return read_cycle.documents(self.ctx.db, self.ctx.lang, **query)

    def row_filter(self):
        return None if self.year_from is None else _year_predicate(self.year_from, self.year_to, "adopted_on")

    def open_record(self, record_id: int | None) -> DocumentForm:
        if self.meeting_id is not None:
            defaults = {"meeting_id": self.meeting_id}
        elif self.cycle_id is not None:
            defaults = {"summit_id": self.cycle_id}
        else:
            defaults = {"summit_id": self.cycle_filter.currentData()}
        form = DocumentForm(self.ctx, record_id, defaults=defaults, parent=self)
        form.saved.connect(lambda saved_id: self.reload(select_id=saved_id))
        form.deleted.connect(lambda _id: self.reload())
        form.open()
        return form
