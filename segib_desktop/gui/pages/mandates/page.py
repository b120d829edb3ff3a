"""The mandates list: its filters, counts and the commands on the selected mandates.

The list is fast on 20,000 mandates: the service reads only the shown columns (plus what the
filters need) off the UI thread, every filter but the addressee runs on the loaded rows in
Python, and the text filter looks into texts folded once per load, in the background."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QSpinBox,
)

from segib_desktop.core.models import DocumentKind, MandateStatus, Recurrence
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.read import rules
from segib_desktop.core.services import mandates as svc
from segib_desktop.core.services.mandates import MandateService
from segib_desktop.gui import formats
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.mandates.areas import AreasDialog
from segib_desktop.gui.pages.mandates.bulk import BulkDialog
from segib_desktop.gui.pages.mandates.common import NO_AREA, OPEN
from segib_desktop.gui.pages.mandates.form import MandateForm
from segib_desktop.gui.pages.mandates.paste import PasteDialog
from segib_desktop.gui.pages.overlaps import overlaps_button
from segib_desktop.gui.widgets.dialogs import show_info
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.gui.widgets.tasks import outage_logged, run_in_background
from segib_desktop.i18n import N_, _, plural


class MandatesPage(ListPage):
    own_texts = True  # a mandate's whole text, folded in the background (SearchTexts)
    columns = (
        Column(N_("Code"), whole=True, field="code", sort_field="code_order"),
        Column(N_("Title"), stretch=True, field="title"),
        Column(N_("Source"), width=15, field="source"),
        Column(N_("Responsible area"), width=14, field="area"),
        Column(N_("Due date"), "date", field="due_date"),
        Column(N_("Status"), "enum", field="status"),
        Column(N_("Priority"), "enum", field="priority"),
    )
    count_text = N_("{shown} of {total} mandates")
    count_text_one = N_("{shown} of {total} mandate")
    editing_buttons = ("paste", "import_xlsx", "areas")  # and the two changes of a selection (_update_bulk)
    searchable = Signal()  # the texts are folded: the text filter looks into them

    def __init__(self, ctx: AppContext, *, today: dt.date | None = None, parent=None):
        self.ctx = ctx
        self.today = today  # None: the real date (tests fix it)
        self.service = MandateService(ctx.db, today=today)
        self._folded: dict[int, str] | None = None  # mandate id -> folded code, title and text
        self._texts = read_mandates.SearchTexts(ctx.db)
        self._fold_generation = 0
        self._loaded_once = False
        super().__init__(parent)
        self.filter_edit.setPlaceholderText(_("Code, title or text… (Ctrl+F)"))
        self.model.row_warning = lambda row: row.overdue

        self.source_filter = QComboBox(objectName="source_filter")
        self.source_filter.setToolTip(_("A summit shows the mandates of its documents and of the meetings of "
                                        "its cycle."))
        self.kind_filter = QComboBox(objectName="kind_filter")
        self.status_filter = QComboBox(objectName="status_filter")
        self.area_filter = QComboBox(objectName="area_filter")
        self.addressee_filter = QComboBox(objectName="addressee_filter")
        self.loaded.connect(self._on_loaded)
        # The rows are read while the rest of the page is built and its filters' choices are read (the
        # query waits for SQLite, not for Python): every addressee at first, the filter being empty.
        self.reload()
        self.overdue_filter = QCheckBox(_("Overdue"), objectName="overdue_filter")
        self.due_filter = QSpinBox(objectName="due_filter", minimum=0, maximum=3650, singleStep=30,
                                   prefix=_("Due within") + " ", suffix=" " + _("days"),
                                   specialValueText=_("Any due date"))
        self.due_filter.setToolTip(_("Open mandates due from today to that many days ahead (not the ongoing ones, which have no "
                                      "deadline)."))
        self.recurring_filter = QCheckBox(_("Recurring"), objectName="recurring_filter")
        self.review_filter = QCheckBox(_("To review"), objectName="review_filter")
        self.review_filter.setToolTip(_("Open mandates whose review date has come or comes in the next 30 days."))
        for combo, length in ((self.source_filter, 20), (self.status_filter, 14), (self.area_filter, 16),
                              (self.addressee_filter, 16)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(length)
        self.kind_filter.addItem(_("All document kinds"), None)
        for kind in DocumentKind:
            self.kind_filter.addItem(_(kind.label), kind)
        self.status_filter.addItem(_("All statuses"), None)
        self.status_filter.addItem(_("Open (not started, in progress, ongoing)"), OPEN)
        for status in MandateStatus:
            self.status_filter.addItem(_(status.label), status)
        self.fill_choices()

        for widget in (self.source_filter, self.kind_filter, self.status_filter):
            self.filters_row.addWidget(widget)
        second = FlowRow()
        for widget in (self.area_filter, self.addressee_filter, self.overdue_filter, self.due_filter,
                       self.recurring_filter, self.review_filter):
            second.addWidget(widget)
        second.addStretch(1)
        self.counts = QLabel(objectName="status_counts", wordWrap=True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setMinimumWidth(200)  # wraps rather than widening the window
        self.counts.linkActivated.connect(self._count_clicked)
        self.paste_button = QPushButton(_("From a document…"), objectName="paste")
        self.paste_button.setToolTip(_("Paste the text of a Programme of Action and turn its points into mandates"))
        self.xlsx_button = QPushButton(_("From a spreadsheet…"), objectName="import_xlsx")
        self.xlsx_button.setToolTip(_("Import mandates from an Excel spreadsheet, all of its rows or none"))
        self.status_button = QPushButton(_("Change status…"), objectName="bulk_status")
        self.area_button = QPushButton(_("Change area…"), objectName="bulk_area")
        self.settings_button = QPushButton(_("Areas and user…"), objectName="areas")
        third = FlowRow()
        third.addWidget(self.counts, 1)
        for button in (self.paste_button, self.xlsx_button, self.status_button, self.area_button,
                       self.settings_button):
            third.addWidget(button)
        third.addWidget(overlaps_button(self))
        layout = self.layout()
        layout.insertLayout(1, second)
        layout.insertLayout(2, third)

        for combo in (self.source_filter, self.kind_filter, self.status_filter, self.area_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.overdue_filter, self.recurring_filter, self.review_filter):
            box.toggled.connect(self.apply_filter)
        self.due_filter.valueChanged.connect(lambda _value: self._debounce.start())  # start(int) would take the value as its delay
        self.addressee_filter.currentIndexChanged.connect(lambda: self.reload())
        self.paste_button.clicked.connect(self.paste_document)
        self.xlsx_button.clicked.connect(self.import_spreadsheet)
        self.status_button.clicked.connect(self.change_status)
        self.area_button.clicked.connect(self.change_area)
        self.settings_button.clicked.connect(self.edit_areas)
        self.view.selectionModel().selectionChanged.connect(self._update_bulk)
        self.model.modelReset.connect(self._update_bulk)
        self.dialog: QDialog | None = None  # the dialog last opened (tests answer it)
        self.set_read_only(self.ctx.workspace.readonly)  # at once, not at its first showing (ListPage)
        self._update_bulk()

    # --- choices of the filters
    def fill_choices(self) -> None:
        """(Re)fills the source, area and addressee filters, keeping what is chosen."""
        chosen = (self.source_filter.currentData(), self.area_filter.currentData(), self.addressee_filter.currentData())
        for combo in (self.source_filter, self.area_filter, self.addressee_filter):
            combo.blockSignals(True)
            combo.clear()
        self.source_filter.addItem(_("All summits and meetings"), None)
        for kind, record_id, label in read_mandates.sources(self.ctx.db, self.ctx.lang):
            self.source_filter.addItem(label, f"{kind}:{record_id}")
        self.area_filter.addItem(_("All areas"), None)
        self.area_filter.addItem(_("No responsible area"), NO_AREA)
        for area_id, name in read_mandates.area_choices(self.ctx.db):
            self.area_filter.addItem(name, area_id)
        self.addressee_filter.addItem(_("All addressees"), None)
        for key, label in read_mandates.addressee_choices(self.ctx.db, self.ctx.lang):
            self.addressee_filter.addItem(label, key)
        for combo, value in zip((self.source_filter, self.area_filter, self.addressee_filter), chosen, strict=True):
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)

    # --- loading
    def query(self) -> dict:
        return {"addressee": self.addressee_filter.currentData(), "today": self.today}

    def fetch(self, addressee=None, today=None) -> list[tuple]:
        return read_mandates.list_rows(self.ctx.db, self.ctx.lang, today=today, addressee=addressee)

    def refresh(self) -> None:
        """Called each time the page is shown: other pages may have changed mandates. Its rows are read again
        even if they never came (a server out of reach: ServerWatch.refresh calls this when it answers)."""
        if self._loaded_once:
            self.fill_choices()
        self.reload()

    def _on_loaded(self) -> None:
        """The rows are shown; their texts are folded next, off the UI thread, once the rows are painted."""
        self._loaded_once = True
        rows = self.model.all_rows()
        self._fold_generation += 1
        generation = self._fold_generation

        def fold() -> None:
            if generation == self._fold_generation:  # not overtaken by a newer load before it started
                run_in_background(lambda: self._texts.fold(rows), lambda folded: self._on_folded(folded)
                                  if generation == self._fold_generation else None,
                                  outage_logged("the mandates' texts were not folded for the filter"))
        self.after_paint(fold)

    def _on_folded(self, folded: dict[int, str]) -> None:
        if not shiboken6.isValid(self.filter_edit):
            return  # the page was closed while the texts were being folded
        self._folded = folded
        rows = self.model.all_rows()
        if len(folded) == len(rows):  # SearchTexts keeps the rows' order: the model's filter searches them
            self.model.set_texts(list(folded.values()))
        if self.filter_edit.text().strip():
            self.apply_filter()
        self.searchable.emit()

    # --- filtering
    def row_filter(self):
        """The filters other than the status and the text, as one predicate (None: no filter)."""
        source = self.source_filter.currentData()  # "summit:29", "meeting:4"
        kind_of_source, _sep, number = (source or "").partition(":")
        summit_id = int(number) if kind_of_source == "summit" else None
        meeting_id = int(number) if kind_of_source == "meeting" else None
        kind = self.kind_filter.currentData()
        area = self.area_filter.currentData()
        area_id = None if area == NO_AREA else area
        overdue = self.overdue_filter.isChecked()
        recurring = self.recurring_filter.isChecked()
        days = self.due_filter.value()
        today = self.today or dt.date.today()
        one_off = Recurrence.ONE_OFF
        to_review = self.review_filter.isChecked()
        if not any((source, kind, area, overdue, recurring, days, to_review)):
            return None

        def keep(row) -> bool:
            if summit_id is not None and row.summit_id != summit_id:
                return False
            if meeting_id is not None and row.meeting_id != meeting_id:
                return False
            if kind is not None and row.kind != kind:
                return False
            if area is not None and row.area_id != area_id:
                return False
            if overdue and not row.overdue:
                return False
            if recurring and row.recurrence is one_off:
                return False
            if days and not rules.is_due_soon(row.status, row.due_date, today, days):
                return False
            if to_review and not rules.is_to_review(row.status, row.review_date, today):
                return False
            return True
        return keep

    def apply_filter(self) -> None:
        """Text, status and the other filters in one pass; the counts by status ignore the status filter."""
        others = self.row_filter()
        status = self.status_filter.currentData()
        statuses = svc.OPEN_STATUSES if status == OPEN else (status,)
        # The words are the model's (code, title and text, given by _on_folded; narrowed letter by letter);
        # while the texts are being folded, the filter waits for them.
        text = self.filter_edit.text() if self._folded is not None else ""
        seen: list = []
        add = seen.append

        def keep(row) -> bool:
            if others is not None and not others(row):
                return False
            add(row.status)
            return status is None or row.status in statuses

        plain = others is None and status is None
        self.model.set_filter(text, None if plain else keep)
        counts = self.model.count_shown("status") if plain else Counter(seen)
        self._show_counts(counts)

    def _show_counts(self, counts: Counter) -> None:
        # A status and its count never part at the end of a line ("Cumprido:" above, "0" below, in Portuguese)
        parts = [f'<span style="white-space:nowrap"><a href="{s.value}">{_(s.label)}</a>: '
                 f'<b>{formats.number(counts.get(s, 0))}</b></span>' for s in MandateStatus]
        total = sum(counts.values())
        self.counts.setText(_(N_("1 mandate") if total == 1 else N_("{n} mandates")).format(n=formats.number(total))
                            + " — " + " · ".join(parts))
        self.status_counts = {s: counts.get(s, 0) for s in MandateStatus}

    def _count_clicked(self, value: str) -> None:
        index = self.status_filter.findData(MandateStatus(value))
        self.status_filter.setCurrentIndex(0 if index == self.status_filter.currentIndex() else index)

    # --- navigation from other pages
    def show_options(self, **options) -> None:
        """open_id (open_progress: on its progress log), status, overdue, due_within, area_id, summit_id: the
        options the home page, the search and the other pages open the list with (``gui.pages``' contract of
        ``show_options``)."""
        filters = {k: v for k, v in options.items() if k not in ("open_id", "open_progress")}
        if filters:
            self.clear_filters()
            widgets = (self.source_filter, self.kind_filter, self.status_filter, self.area_filter,
                       self.overdue_filter, self.due_filter, self.recurring_filter, self.review_filter)
            for widget in widgets:
                widget.blockSignals(True)
            status = filters.get("status")
            if status == "overdue":
                self.overdue_filter.setChecked(True)
            elif status is not None:
                self.status_filter.setCurrentIndex(max(self.status_filter.findData(
                    OPEN if status == OPEN else MandateStatus(status)), 0))
            if filters.get("overdue"):
                self.overdue_filter.setChecked(True)
            if filters.get("to_review"):
                self.review_filter.setChecked(True)
            if filters.get("recurring"):
                self.recurring_filter.setChecked(True)
            if filters.get("due_within"):
                self.due_filter.setValue(int(filters["due_within"]))
            if filters.get("area_id") is not None:
                self.area_filter.setCurrentIndex(max(self.area_filter.findData(filters["area_id"]), 0))
            if filters.get("summit_id") is not None:
                self.source_filter.setCurrentIndex(max(self.source_filter.findData(f"summit:{filters['summit_id']}"), 0))
            for widget in widgets:
                widget.blockSignals(False)
            self.apply_filter()
        if options.get("open_id") is not None:
            self.open_record(options["open_id"])
        elif options.get("open_progress") is not None:  # a progress note found by the search: its log shown
            form = self.open_record(options["open_progress"])
            form.tabs.setCurrentWidget(form.progress)
            form.progress.view.setFocus()

    def clear_filters(self) -> None:
        widgets = (self.source_filter, self.kind_filter, self.status_filter, self.area_filter, self.overdue_filter,
                   self.due_filter, self.recurring_filter, self.review_filter, self.filter_edit)
        for widget in widgets:
            widget.blockSignals(True)
        for combo in (self.source_filter, self.kind_filter, self.status_filter, self.area_filter):
            combo.setCurrentIndex(0)
        self.overdue_filter.setChecked(False)
        self.recurring_filter.setChecked(False)
        self.review_filter.setChecked(False)
        self.due_filter.setValue(0)
        self.filter_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        if self.addressee_filter.currentIndex() != 0:
            self.addressee_filter.setCurrentIndex(0)  # reloads
        self.apply_filter()

    # --- records
    def open_record(self, record_id: int | None) -> MandateForm:
        form = MandateForm(self.ctx, record_id, today=self.today, parent=self)
        form.saved.connect(lambda saved_id: self.reload(select_id=saved_id))
        form.deleted.connect(lambda _id: self.reload())
        form.open()
        self.dialog = form
        return form

    def paste_document(self) -> PasteDialog:
        dialog = PasteDialog(self.ctx, parent=self)
        dialog.saved.connect(self._pasted)
        dialog.open()
        self.dialog = dialog
        return dialog

    def import_spreadsheet(self) -> QDialog:
        from segib_desktop.gui.xlsx_import import XlsxImportDialog

        dialog = XlsxImportDialog(self.ctx, parent=self)
        dialog.saved.connect(self._pasted)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _pasted(self, ids: list) -> None:
        self.fill_choices()
        self.reload(select_id=ids[0] if ids else None)
        show_info(self, plural(len(ids), N_("1 mandate saved."), N_("{n} mandates saved.")))

    def _update_bulk(self) -> None:
        has = bool(self.view.selectionModel().selectedRows()) and not self._read_only
        self.status_button.setEnabled(has)
        self.area_button.setEnabled(has)

    def change_status(self) -> BulkDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        dialog = BulkDialog("status", [(s, _(s.label)) for s in MandateStatus], len(ids), lambda status, note, report:
                            self.service.bulk_set_status(ids, status, text=note, today=self.today, progress=report),
                            self)
        dialog.changed.connect(self._bulk_changed)
        dialog.open()
        self.dialog = dialog
        return dialog

    def change_area(self) -> BulkDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        choices = [(None, _("No responsible area"))] + list(read_mandates.area_choices(self.ctx.db))
        dialog = BulkDialog("area", choices, len(ids), lambda area_id, note, report:
                            self.service.bulk_set_area(ids, area_id, text=note, today=self.today, progress=report),
                            self)
        dialog.changed.connect(self._bulk_changed)  # a change refused wrote nothing (one transaction)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _bulk_changed(self, n: int) -> None:
        self.reload()
        show_info(self, plural(n, N_("1 mandate changed."), N_("{n} mandates changed."),
                               zero=N_("No mandate needed the change."), written=formats.number(n)))

    def edit_areas(self) -> AreasDialog:
        dialog = AreasDialog(self.ctx, self)
        dialog.changed.connect(self.fill_choices)
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()
        self.dialog = dialog
        return dialog
