"""Briefings: choose a summit, a country or a body, generate the PDF or Word document off the UI thread, preview.

The file is made by ``core.briefings.generate`` (no Qt) into the user's
briefings folder; a PDF is shown here with QtPdf and can be printed through the
system's dialog, a Word document is opened with the system's word processor;
either can be saved elsewhere or found in its folder. Every generated briefing
is in the history below, from which it can be shown again or regenerated with
today's data.

Kept whole: one page (choose, generate, preview, print, save) and its history list, which is
its only other part; the history's rows are the page's own.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QRect, QSize, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import briefings, jobs
from segib_desktop.core.briefings.history import BriefingHistoryService
from segib_desktop.core.read import briefings as read_briefings
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.read import lookups, rules
from segib_desktop.gui import tab_order
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.author import author_field, author_name
from segib_desktop.gui.widgets.dialogs import show_error
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.gui.widgets.tasks import run_in_process
from segib_desktop.i18n import LANGUAGE_NAMES, N_, _, plural, to_roman

log = logging.getLogger(__name__)

PDF_FILTER = N_("PDF documents (*.pdf)")
WORD_FILTER = N_("Word documents (*.docx)")
FORMAT_NAMES = {"pdf": N_("PDF (to print)"), "docx": N_("Word document (to edit)")}
FILE_STATES = {
    "missing": N_("The file of this briefing is no longer where it was saved: {path}. Regenerate it."),
    "changed": N_("The file {path} has changed since it was generated (its SHA-256 no longer matches)."),
}
PRINT_DPI = 300  # enough for text; a 600 dpi A4 page would be a 130 MB image


def open_url(url: QUrl) -> bool:
    """Opens a folder or file with the system (a function, so that tests can replace it)."""
    return QDesktopServices.openUrl(url)


class HistoryRow(NamedTuple):
    """A row of the history as shown: the stored row's values in the reader's words."""

    id: int
    created_at: dt.datetime
    time: str
    created_by: str
    kind: str
    subject: str
    language: str
    file_path: str
    sha256: str


class HistoryList(ListPage):
    """Generated briefings, newest first. Opening one shows it; deleting forgets it (the file stays)."""

    columns = (
        Column(N_("Date"), "date", field="created_at"),
        Column(N_("Time"), width=6, field="time"),
        Column(N_("By"), field="created_by"),
        Column(N_("Kind"), field="kind"),
        Column(N_("Subject"), field="subject"),
        Column(N_("Language"), field="language"),
        Column(N_("File"), stretch=True, field="file_path"),
        Column(N_("SHA-256"), width=18, field="sha256"),
    )
    count_text = N_("{shown} of {total} briefings")
    count_text_one = N_("{shown} of {total} briefing")
    default_sort = (0, Qt.SortOrder.DescendingOrder)
    opened = Signal(int)

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.service = BriefingHistoryService(ctx.db)
        super().__init__()
        self.new_button.hide()
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the file name is at the end of its path
        self.delete_button.setToolTip(_("Remove the selected briefing from the history (its file is kept)"))
        self.regenerate_button = QPushButton(_("Regenerate"), objectName="regenerate")
        self.regenerate_button.setToolTip(_("Make the selected briefing again with today's data"))
        self.filters_row.addStretch(1)
        self.filters_row.addWidget(self.regenerate_button)
        self.view.selectionModel().selectionChanged.connect(self._update_regenerate)
        self._update_regenerate()
        self.reload()

    def fetch(self) -> list[HistoryRow]:
        rows = []
        for r in read_briefings.history_rows(self.ctx.db, self.ctx.lang):
            shown = to_roman(int(r.subject)) if r.kind == "summit" and r.subject.isdigit() else r.subject
            if r.subject_name:
                shown = f"{shown} – {r.subject_name}"
            rows.append(HistoryRow(r.id, r.created_at, f"{r.created_at:%H:%M}", r.created_by,
                                   _(briefings.KIND_LABELS.get(r.kind, r.kind)), shown,
                                   LANGUAGE_NAMES.get(r.lang, r.lang), r.file_path, r.sha256))
        return rows

    def open_record(self, record_id: int | None) -> None:
        if record_id is not None:
            self.opened.emit(record_id)

    def _update_regenerate(self) -> None:
        self.regenerate_button.setEnabled(self.selected_id() is not None)


class BriefingsPage(QWidget):
    generated = Signal(str)  # the new file, once shown in the preview
    failed = Signal(str)  # a known error's message

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.current: Path | None = None
        self.busy = False

        # --- the choice
        self.kind_buttons = QButtonGroup(self)
        kinds = QHBoxLayout()
        for kind in briefings.KINDS:
            button = QRadioButton(_(briefings.KIND_LABELS[kind]), objectName=f"kind_{kind}")
            self.kind_buttons.addButton(button)
            button.setProperty("kind", kind)
            kinds.addWidget(button)
        kinds.addStretch(1)
        self.subject = QComboBox(objectName="subject")
        self.subject.setMinimumContentsLength(24)
        self.subject.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.language = QComboBox(objectName="language")
        for lang in briefings.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.lang)))
        self.file_format = QComboBox(objectName="format")
        for fmt in briefings.FORMATS:
            self.file_format.addItem(_(FORMAT_NAMES[fmt]), fmt)
        self.file_format.setCurrentIndex(max(0, self.file_format.findData(
            ctx.settings.value("briefings/format", "pdf"))))
        self.sections_box = QVBoxLayout()
        self.sections_box.setSpacing(2)
        self.section_checks: dict[str, QCheckBox] = {}
        sections_widget = QWidget()
        sections_layout = QVBoxLayout(sections_widget)
        sections_layout.setContentsMargins(0, 0, 0, 0)
        sections_layout.addLayout(self.sections_box)
        always = QLabel(_("The cover and the contents are always included."), wordWrap=True)
        always.setObjectName("hint")
        sections_layout.addWidget(always)

        self.generate_button = QPushButton(_("Generate briefing"), objectName="generate")
        self.generate_button.setDefault(True)
        self.progress = QProgressBar(objectName="progress", minimum=0, maximum=1000, textVisible=False)
        self.progress.hide()
        self.status = QLabel(wordWrap=True, objectName="status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Briefing on"), kinds)
        form.addRow(_("Subject"), self.subject)
        form.addRow(_("Language"), self.language)
        self.author = author_field(ctx)
        form.addRow(_("Prepared by"), self.author)
        form.addRow(_("Format"), self.file_format)
        form.addRow(_("Sections"), sections_widget)
        choice = QGroupBox(_("New briefing"))
        choice_layout = QVBoxLayout(choice)
        choice_layout.addLayout(form)
        choice_layout.addWidget(self.generate_button)
        choice_layout.addWidget(self.progress)
        choice_layout.addWidget(self.status)
        choice_layout.addStretch(1)

        # --- the preview
        self.document = QPdfDocument(self)
        self.preview = QPdfView(objectName="preview")
        self.preview.setAccessibleName(_("Preview of the briefing"))  # not the page's name
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_title = QLabel(_("No briefing shown yet. Choose one on the left and generate it."),
                                    objectName="preview_title", wordWrap=True)
        self.open_button = QPushButton(_("Open file"), objectName="open_file")  # the verb, not an action item's "Open"
        self.open_button.setToolTip(_("Open this file with the program your computer uses for it (Word, a PDF "
                                      "reader)"))
        self.save_button = QPushButton(_("Save as…"), objectName="save_as")
        self.print_button = QPushButton(_("Print…"), objectName="print")
        self.folder_button = QPushButton(_("Open folder"), objectName="open_folder")
        self.folder_button.setToolTip(_("Show the folder that holds this file"))
        self.fit_button = QPushButton(_("Whole page"), objectName="fit", checkable=True)
        tools = FlowRow()
        tools.addWidget(self.preview_title, 1)
        for button in (self.fit_button, self.open_button, self.save_button, self.print_button, self.folder_button):
            tools.addWidget(button)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addLayout(tools)
        preview_layout.addWidget(self.preview, 1)

        # --- the history
        self.history = HistoryList(ctx)
        self.history.setObjectName("history")
        history_box = QGroupBox(_("Generated briefings"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(choice)
        top.addWidget(preview_box)
        top.setStretchFactor(1, 1)
        top.setSizes([360, 800])
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(top)
        main.addWidget(history_box)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 1)
        main.setSizes([520, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(main)

        self.kind_buttons.buttonToggled.connect(self._kind_changed)
        self.generate_button.clicked.connect(self.generate)
        self.open_button.clicked.connect(self.open_file)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_document)
        self.folder_button.clicked.connect(self.open_folder)
        self.fit_button.toggled.connect(self._fit_changed)
        self.history.opened.connect(self.show_record)
        self.history.regenerate_button.clicked.connect(self.regenerate_selected)
        self.kind_buttons.buttons()[0].setChecked(True)
        self._update_actions()

    # --- choosing
    def kind(self) -> str:
        button = self.kind_buttons.checkedButton()
        return button.property("kind") if button else "summit"

    def set_kind(self, kind: str) -> None:
        for button in self.kind_buttons.buttons():
            if button.property("kind") == kind:
                button.setChecked(True)

    def _kind_changed(self, button, checked: bool) -> None:
        if checked:
            self._fill_sections()  # first: they need no database (a server out of reach leaves the subjects
            self._fill_subjects()  # empty, filled when it answers again: ServerWatch.refresh)

    def _fill_subjects(self) -> None:
        previous = self.subject.currentData()
        self.subject.clear()
        try:
            self._add_subjects(self.kind())
        except errors.ServerConnectionLost as exc:  # the window's banner says so; filled when the server answers
            log.info("the briefings' subjects were not read: %s", exc)  # again (ServerWatch.refresh)
            return
        if previous is not None and self.subject.findData(previous) >= 0:
            self.subject.setCurrentIndex(self.subject.findData(previous))

    def _add_subjects(self, kind: str) -> None:
        if kind == "summit":
            today = dt.date.today()
            default = None
            for summit in read_cycle.summits(self.ctx.db, self.ctx.lang):
                self.subject.addItem(read_cycle.summit_label(summit.number, summit.city, summit.start_date),
                                     str(summit.number))
                if rules.summit_phase(summit.start_date, summit.end_date, summit.status, today) is not rules.Phase.HELD:
                    default = str(summit.number)  # rows are newest first: the last one seen is the next summit
            if default is not None:
                self.subject.setCurrentIndex(self.subject.findData(default))
        elif kind == "country":
            for _id, iso, name in lookups.countries(self.ctx.db, self.ctx.lang):
                self.subject.addItem(f"{name} ({iso})", iso)
        else:
            for _id, acronym, name in lookups.bodies(self.ctx.db, self.ctx.lang):
                self.subject.addItem(f"{acronym} – {name}" if name and name != acronym else acronym, acronym)

    def _fill_sections(self) -> None:
        while self.sections_box.count():
            item = self.sections_box.takeAt(0)
            if item.widget():
                item.widget().setParent(None)  # gone at once, not at the next turn of the event loop
                item.widget().deleteLater()
        self.section_checks = {}
        kind = self.kind()
        for key in briefings.sections_of(kind):
            check = QCheckBox(_(briefings.section_title(kind, key)), objectName=f"section_{key}", checked=True)
            self.sections_box.addWidget(check)
            self.section_checks[key] = check
        tab_order.follow_reading_order(self)  # made after the rest, they came last: before Generate, as shown

    def chosen_sections(self) -> list[str]:
        return [key for key, check in self.section_checks.items() if check.isChecked()]

    def show_options(self, kind: str | None = None, subject: str | int | None = None, open_id: int | None = None,
                     generate: bool = False, **_options) -> None:
        """kind and subject preselect a briefing; open_id shows a generated one; generate=True makes it now."""
        if kind in briefings.KINDS:
            self.set_kind(kind)
        if subject is not None:
            index = self.subject.findData(str(subject))
            if index < 0 and kind == "summit" and str(subject).isdigit():
                index = self.subject.findData(str(int(subject)))
            if index >= 0:
                self.subject.setCurrentIndex(index)
        if open_id is not None:
            self.show_record(open_id)
        if generate:
            self.generate()

    def refresh(self) -> None:
        self._fill_subjects()
        self.history.reload()

    # --- generating
    def output_folder(self) -> Path:
        folder = self.ctx.workspace.dirs.data / "briefings"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def generate(self) -> None:
        subject = self.subject.currentData()
        if subject is None:
            show_error(self, _("Choose what the briefing is about."))
            return
        sections = self.chosen_sections()
        if not sections:
            show_error(self, _("Choose at least one section."))
            return
        fmt = self.file_format.currentData()
        self.ctx.settings.setValue("briefings/format", fmt)
        self.start(self.kind(), str(subject), self.language.currentData(), sections, fmt)

    def start(self, kind: str, subject: str, lang: str, sections: list[str] | None, fmt: str = "pdf") -> None:
        """Generates in a child process (reportlab's layout would hold up the window); the preview shows the
        result when it is ready."""
        if self.busy:
            return
        try:
            out = self.output_folder() / briefings.default_filename(kind, subject, lang, fmt=fmt)
            number = 2
            while out.exists():  # two in the same second: never overwrite an earlier one
                out = out.with_stem(f"{out.stem.rsplit('~', 1)[0]}~{number}")
                number += 1
        except OSError as exc:
            show_error(self, _("The briefings folder cannot be created: {reason}.").format(reason=errors.os_reason(exc)))
            return
        db, user = self.ctx.db, author_name(self.author, self.ctx)
        self.busy = True
        self._update_actions()
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(_("Preparing the briefing…"))

        run_in_process(jobs.generate_briefing, (db.name, user, kind, subject, lang, out, sections),
                       self._generated, self._failed, self._progressed, kwargs={"readonly": db.readonly})

    def _progressed(self, done: int, _total: int) -> None:
        self.progress.setValue(done)

    def _generated(self, path: Path) -> None:
        self.busy = False
        self.progress.hide()
        self.history.reload()
        self.show_file(Path(path))
        self.status.setText(_("Ready: {file}").format(file=Path(path).name))
        self._update_actions()
        self.generated.emit(str(path))

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.hide()
        self._update_actions()
        if isinstance(exc, errors.SegibError):
            message = exc.user_message()
            self.status.setText(message)
            self.failed.emit(message)
            show_error(self, exc)
            return
        self.status.setText(_("The briefing could not be generated."))
        self.failed.emit(self.status.text())
        sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the crash dialog, once

    def regenerate_selected(self) -> None:
        record_id = self.history.selected_id()
        if record_id is None:
            return
        try:
            params = self.history.service.parameters(record_id)
        except errors.SegibError as exc:
            show_error(self, exc)
            return
        self.set_kind(params["kind"])
        self.show_options(kind=params["kind"], subject=params["subject"])
        self.language.setCurrentIndex(max(0, self.language.findData(params["lang"])))
        self.file_format.setCurrentIndex(max(0, self.file_format.findData(params["format"])))
        for key, check in self.section_checks.items():
            check.setChecked(params["sections"] is None or key in params["sections"])
        self.start(params["kind"], params["subject"], params["lang"], params["sections"], params["format"])

    # --- showing
    def show_record(self, record_id: int) -> None:
        try:
            state = self.history.service.file_state(record_id)
            path = Path(self.history.service.parameters(record_id)["file_path"])
        except errors.SegibError as exc:
            show_error(self, exc)
            return
        if state == "missing":
            message = FILE_STATES["missing"]
            show_error(self, _(message).format(path=path))
            return
        self.show_file(path)
        if state == "changed":
            message = FILE_STATES["changed"]
            self.status.setText(_(message).format(path=path))

    def show_file(self, path: Path) -> bool:
        self.document.close()
        if briefings.format_of(path) == "docx":
            # QtPdf shows PDFs only: a Word document is opened with Word (or what the system uses for it).
            self.current = path
            self.preview_title.setText(_("{file} · a Word document: open it to read or edit it.").format(
                file=path.name))
            self.preview_title.setToolTip(str(path))
            self._update_actions()
            return True
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.current = None
            self.preview_title.setText(_("The file {path} cannot be shown.").format(path=path))
            self._update_actions()
            return False
        self.current = path
        pages = self.document.pageCount()
        # The count and its word held together (a non-breaking space, in English as in each translation):
        # the title wraps before them or within the file's name, never between "30" and "páginas".
        self.preview_title.setText(plural(pages, "{file} · 1\u00a0page", "{file} · {n}\u00a0pages",
                                          file=path.name))
        self.preview_title.setToolTip(str(path))
        self._update_actions()
        return True

    def _fit_changed(self, whole_page: bool) -> None:
        self.preview.setZoomMode(QPdfView.ZoomMode.FitInView if whole_page else QPdfView.ZoomMode.FitToWidth)

    def _update_actions(self) -> None:
        shown = self.current is not None
        for button in (self.open_button, self.save_button, self.folder_button):
            button.setEnabled(shown)
        self.print_button.setEnabled(shown and briefings.format_of(self.current) == "pdf")
        self.generate_button.setEnabled(not self.busy)
        self.history.regenerate_button.setEnabled(not self.busy and self.history.selected_id() is not None)

    # --- saving, printing, finding
    def save_as(self) -> None:
        if self.current is None:
            return
        start = str(Path(self.save_folder()) / self.current.name)
        suffix = self.current.suffix.lower()
        kinds = _(WORD_FILTER) if suffix == ".docx" else _(PDF_FILTER)
        target, _filter = QFileDialog.getSaveFileName(self, _("Save briefing as"), start, kinds)
        if not target:
            return
        target_path = Path(target)
        if target_path.suffix.lower() != suffix:
            target_path = target_path.with_suffix(suffix)
        try:
            if not (target_path.exists() and os.path.samefile(target_path, self.current)):
                shutil.copyfile(self.current, target_path)
        except OSError as exc:
            show_error(self, _("The briefing could not be saved to {path}: {reason}.").format(
                path=target_path, reason=errors.os_reason(exc)))
            return
        self.ctx.settings.setValue("briefings/save_folder", str(target_path.parent))
        self.status.setText(_("Saved as {path}").format(path=target_path))

    def save_folder(self) -> str:
        """Where "Save as" opens: the folder used last time, else the user's documents."""
        saved = self.ctx.settings.value("briefings/save_folder", "")
        if saved and Path(saved).is_dir():
            return saved
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.current.stem if self.current else "SEGIB")
        return printer

    def print_document(self) -> None:
        if self.current is None or self.document.pageCount() == 0:
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not self.print_to(printer):
            show_error(self, _("The printer could not be started."))

    def print_to(self, printer: QPrinter) -> bool:
        """Paints each page (or the chosen range) of the shown PDF on the printer."""
        count = self.document.pageCount()
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        painter = QPainter()
        if not painter.begin(printer):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dpi = min(printer.resolution(), PRINT_DPI)
            for index in range(first - 1, last):
                if index > first - 1:
                    printer.newPage()
                target = painter.viewport()
                points = self.document.pagePointSize(index)
                scale = min(target.width() / points.width(), target.height() / points.height())
                width, height = int(points.width() * scale), int(points.height() * scale)
                image = self.document.render(index, QSize(int(points.width() * dpi / 72),
                                                          int(points.height() * dpi / 72)))
                painter.drawImage(QRect(target.x() + (target.width() - width) // 2, target.y(), width, height),
                                  image)
                QApplication.processEvents()
        finally:
            QApplication.restoreOverrideCursor()
            painter.end()
        return True

    def open_file(self) -> None:
        if self.current is not None and not open_url(QUrl.fromLocalFile(str(self.current))):
            show_error(self, _("No program on this computer opens {file}.").format(file=self.current.name))

    def open_folder(self) -> None:
        if self.current is not None:
            open_url(QUrl.fromLocalFile(str(self.current.parent)))
