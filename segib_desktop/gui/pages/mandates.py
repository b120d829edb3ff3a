"""Mandates: the list with its filters and counts, the mandate form with its progress log and
coordination, a pasted document turned into mandates, bulk changes, and the areas dialog.

The list is fast on 20,000 mandates: the service reads only the shown columns (plus what the
filters need) off the UI thread, every filter but the addressee runs on the loaded rows in
Python, and the text filter looks into texts folded once per load, in the background.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import mandate_text
from segib_desktop.core.models import DocumentKind, MandateStatus, Priority, Recurrence
from segib_desktop.core.read import rules
from segib_desktop.core.services import mandates as svc
from segib_desktop.core.services.mandates import AreaService, MandateService, ProgressService, build_code
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.gui import formats
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.overlaps import overlaps_button
from segib_desktop.gui.widgets import similar
from segib_desktop.gui.widgets.dialogs import confirm, show_error, show_info
from segib_desktop.gui.widgets.form import DateEdit, Field, FormDialog, delete_with_confirmation, set_value
from segib_desktop.gui.widgets.links import open_link
from segib_desktop.gui.widgets.table import Column, ListPage, RowTableModel
from segib_desktop.gui.widgets.tasks import run_in_background
from segib_desktop.i18n import N_, _, plural

NO_AREA = -1  # the area filter's "no responsible area"
OPEN = "open"  # the status filter's "every open status"


def _small_table(model: RowTableModel, name: str) -> QTableView:
    """A read-only table for a tab or a dialog, over the shared row model."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    for col, column in enumerate(model.columns):
        if column.stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        elif column.width:
            header.resizeSection(col, view.fontMetrics().horizontalAdvance("M") * column.width)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return view


def _open_evidence(evidence: str, parent: QWidget | None = None) -> None:
    """Opens a file or an address with the system's viewer."""
    open_link(parent, evidence)


# --- the progress log -----------------------------------------------------------------------

class ProgressForm(FormDialog):
    """A new entry of a mandate's log: date, text, optional status change and evidence."""

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

    entry_added = Signal()

    def __init__(self, ctx: AppContext, service: MandateService, mandate_id: int | None,
                 today: dt.date | None, parent=None):
        super().__init__(parent)
        self.ctx, self.service, self.mandate_id, self.today = ctx, service, mandate_id, today
        self.model = RowTableModel((
            Column(N_("Date"), "date"),
            Column(N_("Author")),
            Column(N_("What was done"), stretch=True),
            Column(N_("New status"), "enum"),
            Column(N_("Evidence"), width=14),
        ), self)
        self.view = _small_table(self.model, "progress_view")
        self.view.doubleClicked.connect(lambda index: _open_evidence(self.model.row_at(index.row()).evidence or "", self))
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
        rows = self.service.progress_rows(self.mandate_id)
        self.model.set_rows(rows)
        self.hint.setText(_("Newest first. The mandate's status follows its latest status change. "
                            "Double-click an entry to open its evidence.") if rows else
                          _("Nothing has been logged yet: add an entry for each step taken."))

    def add_entry(self, new_status: MandateStatus | None = None) -> ProgressForm:
        self.form = ProgressForm(self.ctx, self.mandate_id, today=self.today, new_status=new_status, parent=self)
        self.form.saved.connect(lambda _id: (self.reload(), self.entry_added.emit()))
        self.form.open()
        return self.form


class CoordinationTab(QWidget):
    """The coordination activities linked to the mandate (linked from the Coordination page)."""

    open_activity = Signal(int)

    def __init__(self, service: MandateService, mandate_id: int | None, parent=None):
        super().__init__(parent)
        self.model = RowTableModel((
            Column(N_("Date"), "date"),
            Column(N_("Kind"), "enum"),
            Column(N_("Subject"), stretch=True),
            Column(N_("Bodies")),
        ), self)
        self.view = _small_table(self.model, "coordination_view")
        self.view.doubleClicked.connect(lambda index: self.open_activity.emit(self.model.id_at(index.row())))
        rows = service.activities(mandate_id) if mandate_id is not None else []
        self.model.set_rows(rows)
        hint = QLabel(_("Double-click an activity to open it in Coordination.") if rows else
                      _("No coordination activity is linked to this mandate. Activities are linked to "
                        "mandates from the Coordination page."), wordWrap=True, objectName="coordination_hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)


# --- the mandate form -------------------------------------------------------------------------

class MandateForm(FormDialog):
    def __init__(self, ctx: AppContext, record_id: int | None, *, today: dt.date | None = None,
                 defaults: dict | None = None, parent=None):
        self.ctx = ctx
        service = MandateService(ctx.db, today=today)
        documents, self._prefixes = service.documents_and_prefixes(ctx.lang)
        areas = service.areas()
        addressees = service.addressee_choices(ctx.lang)
        fields = [
            Field("document_id", N_("Source document"), "choice", required=True, choices=lambda: documents),
            Field("point", N_("Point"), placeholder=N_("As printed: 12, 1.a"), max_length=30),
            Field("code", N_("Code"), placeholder=N_("Built from the source and the point"), max_length=60),
            Field("title", N_("Title"), required=True, max_length=300),
            Field("text", N_("Text of the mandate"), "multiline"),
            Field("area_id", N_("Responsible area"), "choice", choices=lambda: areas),
            Field("officer", N_("Officer"), max_length=150),
            Field("due_date", N_("Due date"), "date"),
            Field("recurrence", N_("Recurrence"), "enum", required=True, choices=Recurrence),
            Field("review_date", N_("Review by"), "date"),
            Field("priority", N_("Priority"), "enum", required=True, choices=Priority),
            Field("status", N_("Status"), "enum", required=True, choices=MandateStatus),
            Field("tags", N_("Tags"), placeholder=N_("Separated by commas"), max_length=300),
            Field("addressees", "", "checklist", choices=lambda: addressees, tab=N_("Addressees")),
        ]
        title = _("New mandate")
        if record_id is not None:
            title = _("Mandate {code}").format(code=service.get(record_id)["code"])
        base = {"recurrence": Recurrence.ONE_OFF, "priority": Priority.MEDIUM, "status": MandateStatus.NOT_STARTED}
        super().__init__(service, fields, record_id, title=title, defaults=base | (defaults or {}), parent=parent)
        if record_id is None and not (defaults or {}).get("document_id"):
            combo = self.widget("document_id")
            combo.insertItem(0, _("Choose the document…"), None)
            combo.setCurrentIndex(0)
            self._loaded = self.values()
        self.resize(780, 680)
        self.widget("text").setMinimumHeight(150)
        self.progress = ProgressTab(ctx, service, record_id, today, self)
        if record_id is not None:
            self._status_through_log()
        self.progress.entry_added.connect(self._status_from_log)
        self.add_tab(self.progress, _("Progress log"))
        self.coordination = CoordinationTab(service, record_id, self)
        self.coordination.open_activity.connect(self._open_activity)
        self.add_tab(self.coordination, _("Coordination"))
        self._auto_code = self._built_code()
        self.widget("document_id").currentIndexChanged.connect(self._update_code)
        self.widget("point").textChanged.connect(self._update_code)
        self.similar = similar.attach_to_form(self)  # similar mandates and the chain of versions (issue 23)

    def _built_code(self) -> str:
        values = self.values()
        return build_code(self._prefixes.get(values["document_id"], ""), values["point"])

    def _update_code(self) -> None:
        """The code follows the source and the point until the officer writes another one."""
        code = self.widget("code")
        new = self._built_code()
        if code.text().strip() in ("", self._auto_code):
            code.setText(new)
        self._auto_code = new

    def _status_through_log(self) -> None:
        """An existing mandate's status changes through its log: "Change status…" writes the entry."""
        status = self.widget("status")
        status.setEnabled(False)
        status.setToolTip(_("The status follows the progress log."))
        self.status_button = QPushButton(_("Change status…"), objectName="change_status")
        self.status_button.clicked.connect(lambda: self.change_status())
        self.status_note = QLabel(_("Writes an entry in the progress log, saved at once."), objectName="status_note")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status_button)
        row.addWidget(self.status_note, 1)
        status.parentWidget().layout().insertLayout(1, row)
        self.widget("due_date").setToolTip(_("For an annual or once-per-cycle mandate, the next due date: "
                                             "an entry recording a delivered report moves it on."))

    def change_status(self, new_status: MandateStatus | None = None) -> ProgressForm:
        entry = self.progress.add_entry(new_status)
        entry.setWindowTitle(_("Change status"))
        entry.widget("new_status").setFocus()  # the officer picks the new status first
        return entry

    def _status_from_log(self) -> None:
        status, version = self.service.status_and_version(self.record_id)
        set_value(self.field("status"), status)
        self._version = version
        self._loaded["status"] = status
        due = self.service.get(self.record_id)["due_date"]  # a delivered report moves a recurring one on
        if self.values()["due_date"] == self._loaded["due_date"]:
            set_value(self.field("due_date"), due)
        self._loaded["due_date"] = due
        self.saved.emit(self.record_id)  # the list shows the new status

    def _open_activity(self, activity_id: int) -> None:
        self.reject()
        if not self.isVisible():
            self.ctx.navigate("coordination", open_id=activity_id)


# --- a whole document at once ------------------------------------------------------------------

NOTE_COLOUR = "#fff3c4"  # a point whose numbering the officer should check


def _mark_notes(table: QTableWidget, row: int, notes: list[tuple[str, dict]]) -> None:
    """Highlights a previewed point that kept a point-like line in its text or follows a jump, with a
    warning sign in its Point cell and what to check in its tooltip: nothing is merged unseen."""
    if not notes:
        return
    tip = "\n".join(_(msgid).format(**params) for msgid, params in notes)
    table.item(row, 1).setIcon(table.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
    for col in range(table.columnCount()):
        item = table.item(row, col)
        item.setBackground(QColor(NOTE_COLOUR))
        item.setToolTip(tip)

class PasteDialog(QDialog):
    """Paste a document's text, check the points found, save them all in one transaction."""

    saved = Signal(list)
    COLS = (N_("Include"), N_("Point"), N_("Code"), N_("Title"), N_("Text"))

    def __init__(self, ctx: AppContext, *, document_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = MandateService(ctx.db)
        self._prefixes = self.service.code_prefixes()
        self._texts: list[str] = []
        self._filling = False
        self.setWindowTitle(_("Mandates from a document"))
        self.resize(1000, 720)

        self.document = QComboBox(objectName="document")
        self.document.addItem(_("Choose the document…"), None)
        for doc_id, label in self.service.documents(ctx.lang):
            self.document.addItem(label, doc_id)
        if document_id is not None:
            self.document.setCurrentIndex(max(self.document.findData(document_id), 0))
        self.area = QComboBox(objectName="area")
        self.area.addItem("—", None)
        for area_id, name in self.service.areas():
            self.area.addItem(name, area_id)
        self.due = DateEdit()
        self.due.setObjectName("due_date")
        self.priority = QComboBox(objectName="priority")
        for p in Priority:
            self.priority.addItem(_(p.label), p)
        self.priority.setCurrentIndex(self.priority.findData(Priority.MEDIUM))
        common = QFormLayout()
        common.addRow(_("Source document") + " *", self.document)
        row = QHBoxLayout()
        row.addWidget(self.area, 2)
        row.addWidget(QLabel(_("Due date")))
        row.addWidget(self.due)
        row.addWidget(QLabel(_("Priority")))
        row.addWidget(self.priority)
        common.addRow(_("Responsible area"), row)

        self.source = QPlainTextEdit(objectName="source_text")
        self.source.setPlaceholderText(_("Paste here the text of the Programme of Action or Declaration. "
                                         "Points numbered 1., 1.-, 1), 3.2, Punto 4, 1.a), a) or i. become "
                                         "mandates; text before the first point is left out, and a point "
                                         "whose numbering looks odd is highlighted to check."))
        self.split_button = QPushButton(_("Find the points"), objectName="split")
        self.split_button.clicked.connect(self.split)

        self.table = QTableWidget(0, len(self.COLS), objectName="points")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 3
                                   + (QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(col, mode)
        self.table.currentCellChanged.connect(lambda row, *_a: self._show_text(row))
        self.table.itemChanged.connect(self._item_changed)
        self.text_edit = QPlainTextEdit(objectName="point_text")
        self.text_edit.setPlaceholderText(_("The full text of the selected point, as it will be saved."))
        self.text_edit.textChanged.connect(self._text_edited)
        self.preamble = QLabel(wordWrap=True, objectName="preamble")
        self.preamble.setStyleSheet("font-style: italic;")
        self.summary = QLabel(objectName="summary")
        self.error = QLabel(wordWrap=True, visible=False, objectName="error")
        self.error.setStyleSheet("color: #b3261e;")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.source, 1)
        split_row = QHBoxLayout()
        split_row.addWidget(self.preamble, 1)
        split_row.addWidget(self.split_button)
        top_layout.addLayout(split_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text_edit)
        splitter.setSizes([220, 300, 110])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(common)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.document.currentIndexChanged.connect(self._document_changed)
        self._update_summary()
        self.similar = similar.attach_to_paste(self)  # mandates like the selected point (issue 23)

    # --- splitting and editing
    def split(self) -> None:
        result = mandate_text.split(self.source.toPlainText())
        self.preamble.setText(_("Text before the first point (left out): {text}").format(
            text=" ".join(result.preamble.split())[:200]) if result.preamble else "")
        prefix = self._prefixes.get(self.document.currentData(), "")
        self._filling = True
        self.table.setRowCount(0)
        self._texts = []
        for point in result.points:
            row = self.table.rowCount()
            self.table.insertRow(row)
            include = QTableWidgetItem()
            include.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            include.setCheckState(Qt.CheckState.Checked if point.include else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, include)
            self.table.setItem(row, 1, QTableWidgetItem(point.label))
            code = QTableWidgetItem(build_code(prefix, point.label))
            code.setData(Qt.ItemDataRole.UserRole, code.text())  # the built code, until the officer edits it
            self.table.setItem(row, 2, code)
            self.table.setItem(row, 3, QTableWidgetItem(point.title))
            text = QTableWidgetItem(" ".join(point.text.split()))
            text.setFlags(text.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 4, text)
            self._texts.append(point.text)
            _mark_notes(self.table, row, point.notes)
        self._notes = sum(bool(p.notes) for p in result.points)
        self._filling = False
        if self.table.rowCount():
            self.table.setCurrentCell(0, 3)
        self._check_codes()
        self._update_summary()

    def _show_text(self, row: int) -> None:
        self._filling = True
        self.text_edit.setPlainText(self._texts[row] if 0 <= row < len(self._texts) else "")
        self.text_edit.setEnabled(0 <= row < len(self._texts))
        self._filling = False

    def _text_edited(self) -> None:
        row = self.table.currentRow()
        if self._filling or not 0 <= row < len(self._texts):
            return
        self._texts[row] = self.text_edit.toPlainText()
        self.table.item(row, 4).setText(" ".join(self._texts[row].split()))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = item.row()
        if item.column() == 1:  # a new point label rebuilds the code, unless the officer wrote one
            code = self.table.item(row, 2)
            if code.text() == code.data(Qt.ItemDataRole.UserRole):
                built = build_code(self._prefixes.get(self.document.currentData(), ""), item.text())
                self._filling = True
                code.setText(built)
                code.setData(Qt.ItemDataRole.UserRole, built)
                self._filling = False
        if item.column() in (0, 1, 2):
            self._check_codes()
        self._update_summary()

    def _document_changed(self) -> None:
        prefix = self._prefixes.get(self.document.currentData(), "")
        self._filling = True
        for row in range(self.table.rowCount()):
            code = self.table.item(row, 2)
            if code.text() == code.data(Qt.ItemDataRole.UserRole):
                built = build_code(prefix, self.table.item(row, 1).text())
                code.setText(built)
                code.setData(Qt.ItemDataRole.UserRole, built)
        self._filling = False
        self._check_codes()

    def _check_codes(self) -> None:
        """Marks in red the codes already used, in the database or by another ticked point."""
        codes = [self.table.item(r, 2).text().strip() for r in range(self.table.rowCount())]
        taken = self.service.existing_codes(codes)
        seen = Counter(c for r, c in enumerate(codes) if self._included(r))
        self._filling = True
        for row, code in enumerate(codes):
            clash = self._included(row) and (code in taken or seen[code] > 1)
            item = self.table.item(row, 2)
            item.setForeground(Qt.GlobalColor.red if clash else self.table.palette().text().color())
            item.setToolTip(_("Another mandate already has this code.") if clash else "")
        self._filling = False

    def _included(self, row: int) -> bool:
        return self.table.item(row, 0).checkState() == Qt.CheckState.Checked

    def points(self) -> list[dict]:
        """The ticked points as the officer left them."""
        return [{"point": self.table.item(r, 1).text().strip(), "code": self.table.item(r, 2).text().strip(),
                 "title": self.table.item(r, 3).text().strip(), "text": self._texts[r]}
                for r in range(self.table.rowCount()) if self._included(r)]

    def _update_summary(self) -> None:
        total = self.table.rowCount()
        chosen = sum(self._included(r) for r in range(total))
        text = _("{found} points found; {chosen} will be saved as mandates.").format(found=total, chosen=chosen)
        if getattr(self, "_notes", 0):
            text += " " + plural(self._notes, N_("Check the highlighted point: its numbering looks odd."),
                                 N_("Check the {n} highlighted points: their numbering looks odd."))
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(chosen > 0)

    # --- saving
    def save(self) -> bool:
        common = {"area_id": self.area.currentData(), "due_date": self.due.value(),
                  "priority": self.priority.currentData(), "status": MandateStatus.NOT_STARTED,
                  "recurrence": Recurrence.ONE_OFF}
        document_id = self.document.currentData()
        if document_id is None:
            self._show_error(_("Choose the document the mandates come from."))
            return False
        try:
            ids = self.service.create_many(document_id, self.points(), common)
        except errors.ValidationError as exc:
            messages = exc.field_messages()
            self._show_error(messages.get("points") or next(iter(messages.values()), exc.user_message()))
            return False
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        self.saved.emit(ids)
        self.accept()
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def reject(self) -> None:
        if self.table.rowCount() and not confirm(self, _("Close without saving the points found?"),
                                                 action=_("Close")):
            return
        super().reject()


# --- changes to many mandates at once ------------------------------------------------------------

class BulkDialog(QDialog):
    """Choose the new status (or area) for the selected mandates, and an optional note for their logs."""

    def __init__(self, what: str, choices: list[tuple[object, str]], count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Change the status") if what == "status" else _("Change the responsible area"))
        self.choice = QComboBox(objectName="choice")
        for value, label in choices:
            self.choice.addItem(label, value)
        self.note = QPlainTextEdit(objectName="note")
        self.note.setPlaceholderText(_("Optional: a note for the progress log of each mandate."))
        self.note.setMaximumHeight(90)
        intro = QLabel(plural(count, N_("1 selected mandate. The change is written to its progress log."),
                                  N_("{n} selected mandates. Each change is written to the mandate's progress "
                                     "log.")), wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("New status") if what == "status" else _("Responsible area"), self.choice)
        form.addRow(_("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)


# --- SEGIB's areas and the user's name ------------------------------------------------------------

class AreasDialog(QDialog):
    """The list of SEGIB's areas (add, rename, delete) and the name written as author of entries."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = AreaService(ctx.db)
        self.settings = SettingsService(ctx.db)
        self.setWindowTitle(_("Areas and user name"))
        self.resize(560, 480)
        self.model = RowTableModel((Column(N_("Area"), stretch=True), Column(N_("Mandates"), "int")), self)
        self.view = _small_table(self.model, "areas_view")
        self.view.doubleClicked.connect(lambda index: self.edit_area(self.model.id_at(index.row())))
        self.add_button = QPushButton(_("Add…"), objectName="add_area")
        self.rename_button = QPushButton(_("Rename…"), objectName="rename_area")
        self.delete_button = QPushButton(_("Delete"), objectName="delete_area")
        self.add_button.clicked.connect(lambda: self.edit_area(None))
        self.rename_button.clicked.connect(lambda: self._with_selected(self.edit_area))
        self.delete_button.clicked.connect(lambda: self._with_selected(self.delete_area))
        buttons = QVBoxLayout()
        for b in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        areas_row = QHBoxLayout()
        areas_row.addWidget(self.view, 1)
        areas_row.addLayout(buttons)

        self.user_name = QLineEdit(self.settings.get("user_name", "") or "", objectName="user_name")
        self.user_name.setMaxLength(150)
        self.user_name.setPlaceholderText(self.settings.user_name())
        name_hint = QLabel(_("Written as the author of the progress entries you add, and in the audit trail."),
                           wordWrap=True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("SEGIB's areas responsible for mandates:")))
        layout.addLayout(areas_row, 1)
        name_row = QFormLayout()
        name_row.addRow(_("Your name"), self.user_name)
        layout.addLayout(name_row)
        layout.addWidget(name_hint)
        layout.addWidget(close)
        self.form: FormDialog | None = None
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.service.list_rows())

    def _with_selected(self, action: Callable[[int], object]) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            action(self.model.id_at(rows[0].row()))

    def edit_area(self, area_id: int | None) -> FormDialog:
        self.form = FormDialog(self.service, [Field("name", N_("Name"), required=True, max_length=150)], area_id,
                               title=_("New area") if area_id is None else _("Rename the area"), parent=self)
        self.form.saved.connect(lambda _id: (self.reload(), self.changed.emit()))
        self.form.open()
        return self.form

    def delete_area(self, area_id: int) -> bool:
        if not confirm(self, _("Delete the selected area?"), action=_("Delete")):
            return False
        if delete_with_confirmation(self, self.service, area_id):
            self.reload()
            self.changed.emit()
            return True
        return False

    def save_name(self) -> None:
        name = self.user_name.text().strip()
        if name != (self.settings.get("user_name", "") or ""):
            self.settings.set("user_name", name)
            self.ctx.db.user = self.settings.user_name()
            self.changed.emit()

    def done(self, result: int) -> None:
        self.save_name()
        super().done(result)


# --- the list ---------------------------------------------------------------------------------

class MandatesPage(ListPage):
    columns = (
        Column(N_("Code"), whole=True),
        Column(N_("Title"), stretch=True),
        Column(N_("Source"), width=15),
        Column(N_("Responsible area"), width=14),
        Column(N_("Due date"), "date"),
        Column(N_("Status"), "enum"),
        Column(N_("Priority"), "enum"),
    )
    count_text = N_("{shown} of {total} mandates")
    count_text_one = N_("{shown} of {total} mandate")
    searchable = Signal()  # the texts are folded: the text filter looks into them

    def __init__(self, ctx: AppContext, *, today: dt.date | None = None, parent=None):
        self.ctx = ctx
        self.today = today  # None: the real date (tests fix it)
        self.service = MandateService(ctx.db, today=today)
        self._folded: dict[int, str] | None = None  # mandate id -> folded code, title and text
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
        self.overdue_filter = QCheckBox(_("Overdue"), objectName="overdue_filter")
        self.due_filter = QSpinBox(objectName="due_filter", minimum=0, maximum=3650, singleStep=30,
                                   prefix=_("Due within") + " ", suffix=" " + _("days"),
                                   specialValueText=_("Any due date"))
        self.due_filter.setToolTip(_("Open mandates due from today to that many days ahead."))
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
        second = QHBoxLayout()
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
        third = QHBoxLayout()
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
        self.loaded.connect(self._on_loaded)
        self._update_bulk()
        self.reload()

    # --- choices of the filters
    def fill_choices(self) -> None:
        """(Re)fills the source, area and addressee filters, keeping what is chosen."""
        chosen = (self.source_filter.currentData(), self.area_filter.currentData(), self.addressee_filter.currentData())
        for combo in (self.source_filter, self.area_filter, self.addressee_filter):
            combo.blockSignals(True)
            combo.clear()
        self.source_filter.addItem(_("All summits and meetings"), None)
        for kind, record_id, label in self.service.sources(self.ctx.lang):
            self.source_filter.addItem(label, f"{kind}:{record_id}")
        self.area_filter.addItem(_("All areas"), None)
        self.area_filter.addItem(_("No responsible area"), NO_AREA)
        for area_id, name in self.service.areas():
            self.area_filter.addItem(name, area_id)
        self.addressee_filter.addItem(_("All addressees"), None)
        for key, label in self.service.addressee_choices(self.ctx.lang):
            self.addressee_filter.addItem(label, key)
        for combo, value in zip((self.source_filter, self.area_filter, self.addressee_filter), chosen, strict=True):
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)

    # --- loading
    def query(self) -> dict:
        return {"addressee": self.addressee_filter.currentData(), "today": self.today}

    def fetch(self, addressee=None, today=None) -> list[tuple]:
        return self.service.list_rows(self.ctx.lang, today=today, addressee=addressee)

    def refresh(self) -> None:
        """Called each time the page is shown: other pages may have changed mandates."""
        if self._loaded_once:
            self.fill_choices()
            self.reload()

    def _on_loaded(self) -> None:
        """The rows are shown; their texts are folded next, off the UI thread."""
        self._loaded_once = True
        rows = self.model.all_rows()
        self._fold_generation += 1
        generation = self._fold_generation
        run_in_background(lambda: self.service.fold_search(rows),
                          lambda folded: self._on_folded(folded) if generation == self._fold_generation else None)

    def _on_folded(self, folded: dict[int, str]) -> None:
        self._folded = folded
        rows = self.model.all_rows()
        if len(folded) == len(rows):  # fold_search keeps the rows' order: the model's filter searches them
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
        counts = Counter(map(attrgetter("status"), self.model.visible_rows())) if plain else Counter(seen)
        self._show_counts(counts)

    def _show_counts(self, counts: Counter) -> None:
        parts = [f'<a href="{s.value}">{_(s.label)}</a>: <b>{formats.number(counts.get(s, 0))}</b>'
                 for s in MandateStatus]
        total = sum(counts.values())
        self.counts.setText(_(N_("1 mandate") if total == 1 else N_("{n} mandates")).format(n=formats.number(total))
                            + " — " + " · ".join(parts))
        self.status_counts = {s: counts.get(s, 0) for s in MandateStatus}

    def _count_clicked(self, value: str) -> None:
        index = self.status_filter.findData(MandateStatus(value))
        self.status_filter.setCurrentIndex(0 if index == self.status_filter.currentIndex() else index)

    # --- navigation from other pages
    def show_options(self, **options) -> None:
        """open_id, status, overdue, due_within, area_id, summit_id (see HELPERS' contracts)."""
        filters = {k: v for k, v in options.items() if k != "open_id"}
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
        has = bool(self.view.selectionModel().selectedRows())
        self.status_button.setEnabled(has)
        self.area_button.setEnabled(has)

    def change_status(self) -> BulkDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        dialog = BulkDialog("status", [(s, _(s.label)) for s in MandateStatus], len(ids), self)
        dialog.accepted.connect(lambda: self._bulk(lambda: self.service.bulk_set_status(
            ids, dialog.choice.currentData(), text=dialog.note.toPlainText(), today=self.today), ids))
        dialog.open()
        self.dialog = dialog
        return dialog

    def change_area(self) -> BulkDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        choices = [(None, _("No responsible area"))] + list(self.service.areas())
        dialog = BulkDialog("area", choices, len(ids), self)
        dialog.accepted.connect(lambda: self._bulk(lambda: self.service.bulk_set_area(
            ids, dialog.choice.currentData(), text=dialog.note.toPlainText(), today=self.today), ids))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _bulk(self, action: Callable[[], int], ids: list[int]) -> None:
        try:
            action()
        except errors.SegibError as exc:
            show_error(self, exc)
        self.reload()

    def edit_areas(self) -> AreasDialog:
        dialog = AreasDialog(self.ctx, self)
        dialog.changed.connect(self.fill_choices)
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()
        self.dialog = dialog
        return dialog
