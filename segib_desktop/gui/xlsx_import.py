"""Mandates from a spreadsheet: choose the .xlsx file and the document, map its columns, see each row's
problems, then import all of it (or nothing). The work is core/xlsx_import.py's; this is its dialog.

Reached from the Mandates page ("From a spreadsheet…") and from File > Import mandates from a spreadsheet….
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.mandates.common import size_document_picker
from segib_desktop.gui.widgets.dialogs import show_error
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.i18n import N_, _, plural

XLSX_FILTER = "Excel (*.xlsx);;*"
FOLDER_SETTING = "xlsx_import/folder"
PROBLEM_COLOUR = QColor("#fde7e9")
EXAMPLE_LENGTH = 60


class XlsxImportDialog(FitsScreen, QDialog):
    help_section = "programme-of-action"  # what F1 opens in the user guide (help.py)

    saved = Signal(list)  # the new mandates' ids

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        from segib_desktop.core import xlsx_import
        from segib_desktop.core.read import mandates as read_mandates

        self.ctx = ctx
        self.core = xlsx_import
        self.sheet = None
        self.checked = None
        self.task = None  # the import, while it runs in a child process
        self.progress = None  # its progress dialog
        self.setObjectName("xlsx_import")
        self.setWindowTitle(_("Mandates from a spreadsheet"))
        self.resize(1040, 720)

        self.file_edit = QLineEdit(readOnly=True, objectName="xlsx_file")
        self.file_edit.setPlaceholderText(_("Choose the Excel file (.xlsx) that lists the mandates"))
        self.browse_button = QPushButton(_("Choose a file…"), objectName="xlsx_browse")
        self.browse_button.clicked.connect(self.browse)
        self.document = QComboBox(objectName="xlsx_document")
        self.document.addItem(_("Choose the document…"), None)
        for doc_id, label in read_mandates.documents(ctx.db, ctx.lang):
            self.document.addItem(label, doc_id)
        size_document_picker(self.document)
        self.document.currentIndexChanged.connect(self.recheck)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        top = QFormLayout()
        top.addRow(_("Spreadsheet"), file_row)
        self.sheet_note = QLabel(objectName="xlsx_sheet", wordWrap=True)  # which sheet, when there are several
        self.sheet_note.hide()
        top.addRow("", self.sheet_note)
        top.addRow(_("Source document") + " *", self.document)

        self.mapping = QTableWidget(0, 3, objectName="xlsx_mapping")
        self.mapping.setAccessibleName(_("Which field each column fills"))  # not the window's title, as the preview
        self.mapping.setHorizontalHeaderLabels([_("Column"), _("First row"), _("Field")])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setTabKeyNavigation(False)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []

        self.preview = QTableWidget(0, 0, objectName="xlsx_preview")
        self.preview.setAccessibleName(_("Preview of the rows"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary = QLabel(objectName="xlsx_summary", wordWrap=True)

        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(QLabel(_("Which field each column fills (guessed from its header; your choice "
                                          "is remembered for spreadsheets with the same headers):"), wordWrap=True))
        mapping_layout.addWidget(self.mapping)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel(_("Preview: each row as it will be saved, and its problems:")))
        preview_layout.addWidget(self.preview)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setSizes([230, 370])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("xlsx_import_button")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    # --- the file
    def _folder(self) -> Path:
        folder = Path(str(self.ctx.settings.value(FOLDER_SETTING, "") or Path.home()))
        return folder if folder.is_dir() else Path.home()

    def browse(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(self, _("Mandates from a spreadsheet"),
                                                              str(self._folder()), XLSX_FILTER)
        if path:
            self.ctx.settings.setValue(FOLDER_SETTING, str(Path(path).parent))
            self.load(Path(path))

    def load(self, path: Path) -> bool:
        """Reads the spreadsheet and shows its columns with their fields (remembered or guessed)."""
        try:
            sheet = self.core.read(path)
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        self.sheet = sheet
        self.file_edit.setText(str(path))
        self.sheet_note.setText(_(self.core.SHEET_READ).format(sheet=sheet.name) if sheet.sheets > 1 else "")
        self.sheet_note.setVisible(sheet.sheets > 1)
        mapping = self.core.mapping_for(self.ctx.db, sheet)
        first = sheet.rows[0][1] if sheet.rows else []
        self.mapping.setRowCount(len(sheet.headers))
        self.combos = []
        for i, _header in enumerate(sheet.headers):
            self.mapping.setItem(i, 0, QTableWidgetItem(sheet.column_name(i)))
            cell = first[i] if i < len(first) else None
            example = self._shown(cell.date()) if hasattr(cell, "date") and callable(cell.date) else (
                self.core._text(cell))
            example = " ".join(example.split())
            self.mapping.setItem(i, 1, QTableWidgetItem(example[:EXAMPLE_LENGTH]
                                                        + ("…" if len(example) > EXAMPLE_LENGTH else "")))
            combo = QComboBox(objectName=f"xlsx_field_{i}")
            combo.addItem(_("(not imported)"), None)
            for key in self.core.FIELD_KEYS:
                combo.addItem(_(self.core.FIELD_LABELS[key]), key)
            combo.setCurrentIndex(max(combo.findData(mapping[i]), 0))
            combo.currentIndexChanged.connect(self.recheck)
            self.mapping.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.recheck()
        return True

    def chosen_mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def set_field(self, column: int, key: str | None) -> None:
        self.combos[column].setCurrentIndex(max(self.combos[column].findData(key), 0))

    # --- the preview
    def recheck(self) -> None:
        if self.sheet is None:
            self._summary(_("Choose the spreadsheet and the document the mandates come from."), False)
            return
        mapping = self.chosen_mapping()
        self._mark_clashes(mapping)
        problem = self.core.mapping_problem(self.sheet, mapping)
        if problem:
            msgid, params = problem
            self.checked = None
            self._fill_preview(mapping, None)
            self._summary(_(msgid).format(**params), False)
            return
        self.checked = self.core.check(self.ctx.db, self.sheet, mapping, self.document.currentData())
        self._fill_preview(mapping, self.checked)
        rows, bad = len(self.sheet.rows), self.checked.bad_rows
        text = plural(rows, N_("1 row to import."), N_("{n} rows to import."))
        if bad:
            text += " " + plural(bad, N_("1 row has problems: correct the spreadsheet (or the columns' fields) "
                                         "and choose it again; nothing is imported while a row has one."),
                                 N_("{n} rows have problems: correct the spreadsheet (or the columns' fields) "
                                    "and choose it again; nothing is imported while a row has one."))
        if self.document.currentData() is None:
            text += " " + _("Choose the document the mandates come from.")
        self._summary(text, not bad and self.document.currentData() is not None)

    def _mark_clashes(self, mapping: list[str | None]) -> None:
        """The columns given one field between them are coloured, so that the officer sees which to change."""
        clashing = {i for columns in self.core.clashes(mapping).values() for i in columns}
        for row in range(self.mapping.rowCount()):
            for column in (0, 1):
                item = self.mapping.item(row, column)
                if item is not None:
                    item.setBackground(QBrush(PROBLEM_COLOUR) if row in clashing else QBrush())
                    item.setForeground(QBrush(QColor("#000000")) if row in clashing else QBrush())

    def _summary(self, text: str, ready: bool) -> None:
        self.summary.setText(text)
        self.import_button.setEnabled(ready)

    def _fill_preview(self, mapping: list[str | None], checked) -> None:
        keys = [key for key in self.core.FIELD_KEYS if key in mapping]
        self.preview.clear()
        self.preview.setColumnCount(len(keys) + 2)
        self.preview.setHorizontalHeaderLabels([_("Row"), *[_(self.core.FIELD_LABELS[k]) for k in keys],
                                                _("Problems")])
        self.preview.verticalHeader().setVisible(False)
        rows = self.sheet.rows
        self.preview.setRowCount(len(rows))
        problems: dict[int, list[str]] = {}
        bad_cells: set[tuple[int, str | None]] = set()
        for p in (checked.problems if checked else []):
            problems.setdefault(p.row, []).append(f"{p.column}: {p.problem()}" if p.column else p.problem())
            bad_cells.add((p.row, p.key))
        values = dict(checked.points) if checked else {}
        for r, (number, cells) in enumerate(rows):
            self.preview.setItem(r, 0, QTableWidgetItem(str(number)))
            for c, key in enumerate(keys):
                index = mapping.index(key)
                text = self.core._text(cells[index] if index < len(cells) else None)
                value = values.get(number, {}).get("area_id" if key == "area" else key)
                if (number, key) not in bad_cells and value is not None and key != "area":
                    text = self._shown(value)  # as it will be saved: 30/06/2026, "Baja"
                self.preview.setItem(r, c + 1, QTableWidgetItem(" ".join(text.split())[:200]))
            found = problems.get(number, [])
            note = QTableWidgetItem("\n".join(found))
            note.setToolTip("\n".join(found))
            self.preview.setItem(r, len(keys) + 1, note)
            if found:
                for c in range(len(keys) + 2):
                    self.preview.item(r, c).setBackground(QBrush(PROBLEM_COLOUR))
                    self.preview.item(r, c).setForeground(QBrush(QColor("#000000")))
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.preview.setWordWrap(True)
        self.preview.resizeColumnsToContents()
        for c in range(1, len(keys) + 1):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 180))
        self.preview.resizeRowsToContents()  # every problem of a row shows

    @staticmethod
    def _shown(value) -> str:
        import datetime as dt
        import enum

        from segib_desktop.i18n import active

        if isinstance(value, dt.date):
            return active().format_date(value)
        if isinstance(value, enum.Enum) and hasattr(value, "label"):
            return _(value.label)
        return str(value)

    # --- importing
    def import_(self) -> bool:
        """Starts the import in a child process, its progress shown (5,000 rows held the window for seconds);
        when it is done, ``saved`` is emitted and the dialog closes. False: nothing was started (a row with a
        problem, no document, an import already running)."""
        from segib_desktop.core import backups, jobs
        from segib_desktop.gui.file_commands import ImportProgress  # here: the file commands import pages
        from segib_desktop.gui.widgets.tasks import run_in_process

        document_id = self.document.currentData()
        if self.sheet is None or document_id is None or self.task is not None:
            return False
        mapping = self.chosen_mapping()
        if self.core.mapping_problem(self.sheet, mapping) or self.checked is None or self.checked.problems:
            return False  # the preview shows why (the button is off too)
        db, workspace = self.ctx.db, self.ctx.workspace
        try:
            self.core.remember(db, self.sheet, mapping)
            folder = backups.import_folder(workspace.db, workspace.dirs.backups)  # on a server, for its pg_dump
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        progress = ImportProgress(self.sheet.path.name, self)
        progress.show()
        self.progress = progress
        self.import_button.setEnabled(False)

        def on_progress(done: int, total: int) -> None:
            if progress.wasCanceled():
                task.cancel()
            progress.report(done, total)

        def finish() -> None:
            progress.hide()
            progress.deleteLater()
            self.progress = self.task = None

        def done(result: tuple[list[int], Path]) -> None:
            finish()
            self.saved.emit(result[0])
            self.accept()

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, self.core.SheetProblems):
                self.recheck()  # something changed meanwhile (a code taken): the preview shows it
            elif isinstance(exc, errors.SegibError):
                self.recheck()
                show_error(self, exc)  # cancelled, or the backup could not be made: nothing was written
            else:  # a bug: the one crash path
                import sys

                sys.excepthook(type(exc), exc, exc.__traceback__)

        task = run_in_process(jobs.import_xlsx, (db.name, db.user, self.sheet, mapping, document_id, folder),
                              done, failed, on_progress, kwargs={"readonly": db.readonly})
        self.task = task
        progress.canceled.connect(task.cancel)
        return True

    def reject(self) -> None:
        if self.task is None:  # not while an import runs: it would go on, unseen
            super().reject()
