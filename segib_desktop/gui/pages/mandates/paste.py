"""A whole document at once: its text pasted, split into points, checked and saved as mandates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import mandate_text
from segib_desktop.core.briefings.model import shorten
from segib_desktop.core.models import MandateStatus, Priority, Recurrence
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService, build_code
from segib_desktop.gui import theme
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.keyboard import text_box
from segib_desktop.gui.pages.mandates.common import size_document_picker
from segib_desktop.gui.widgets import similar
from segib_desktop.gui.widgets.dialogs import close_unless_kept, confirm, show_error
from segib_desktop.gui.widgets.form import DateEdit
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.i18n import N_, _, plural

NOTE_COLOUR = "#fff3c4"  # a point whose numbering the officer should check
PREAMBLE_SHOWN = 200  # characters of the text left out before the first point; a longer one is cut at a word, "…"


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

class PasteDialog(FitsScreen, QDialog):
    """Paste a document's text, check the points found, save them all in one transaction."""

    help_section = "programme-of-action"  # what F1 opens in the user guide (help.py)
    saved = Signal(list)
    COLS = (N_("Include"), N_("Point"), N_("Code"), N_("Title"), N_("Text"))

    def __init__(self, ctx: AppContext, *, document_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = MandateService(ctx.db)
        self._prefixes = read_mandates.code_prefixes(ctx.db)
        self._texts: list[str] = []
        self._as_split: list[tuple] = []  # the preview as the last split built it
        self._filling = False
        self.setWindowTitle(_("Mandates from a document"))
        self.resize(1000, 720)

        self.document = QComboBox(objectName="document")
        self.document.addItem(_("Choose the document…"), None)
        for doc_id, label in read_mandates.documents(ctx.db, ctx.lang):
            self.document.addItem(label, doc_id)
        if document_id is not None:
            self.document.setCurrentIndex(max(self.document.findData(document_id), 0))
        size_document_picker(self.document)
        self.area = QComboBox(objectName="area")
        self.area.addItem("—", None)
        for area_id, name in read_mandates.area_choices(self.service.db):
            self.area.addItem(name, area_id)
        # Nor by the longest area's name: with the due date and the priority beside it, at 150 % on a laptop.
        self.area.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.area.setMinimumContentsLength(14)
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
        # Each label points at its control, the row's first at the area: a screen reader names them so (a
        # form row's label points at nothing when the row is a layout).
        due_label, priority_label = QLabel(_("Due date"), buddy=self.due), QLabel(_("Priority"), buddy=self.priority)
        row.addWidget(due_label)
        row.addWidget(self.due)
        row.addWidget(priority_label)
        row.addWidget(self.priority)
        common.addRow(QLabel(_("Responsible area"), buddy=self.area), row)

        # Named for a screen reader (a text box's placeholder is not read as its name, and all three were
        # named after the window).
        self.source = text_box(objectName="source_text", accessibleName=_("Text of the document"))
        self.source.setPlaceholderText(_("Paste here the text of the Programme of Action or Declaration. "
                                         "Points numbered 1., 1.-, 1), 3.2, Punto 4, 1.a), a) or i. become "
                                         "mandates; text before the first point is left out, and a point "
                                         "whose numbering looks odd is highlighted to check."))
        self.split_button = QPushButton(_("Find the points"), objectName="split")
        self.split_button.clicked.connect(self.split)

        self.table = QTableWidget(0, len(self.COLS), objectName="points", accessibleName=_("Points found"))
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
        self.text_edit = text_box(objectName="point_text", accessibleName=_("Text of the selected point"))
        self.text_edit.setPlaceholderText(_("The full text of the selected point, as it will be saved."))
        self.text_edit.textChanged.connect(self._text_edited)
        self.preamble = QLabel(wordWrap=True, objectName="preamble")
        self.preamble.setStyleSheet("font-style: italic;")
        self.summary = QLabel(objectName="summary")
        self.error = QLabel(wordWrap=True, visible=False, objectName="error")
        self.error.setStyleSheet(theme.warning_style())

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
    @contextmanager
    def _filling_in(self) -> Iterator[None]:
        """While the program itself fills the preview, its change handlers stand still. Nested uses
        (clearing the table moves the current cell, whose handler fills the text box) keep the outer
        fill on until it ends: the handlers never see a half-built row."""
        before, self._filling = self._filling, True
        try:
            yield
        finally:
            self._filling = before

    def split(self) -> None:
        if self._edited() and not confirm(
                self, _("Find the points again? The titles and texts edited in the preview will be lost."),
                action=_("Find the points")):
            return
        result = mandate_text.split(self.source.toPlainText())
        self.preamble.setText(_("Text before the first point (left out): {text}").format(
            text=shorten(" ".join(result.preamble.split()), PREAMBLE_SHOWN)) if result.preamble else "")
        prefix = self._prefixes.get(self.document.currentData(), "")
        with self._filling_in():
            self._fill(result, prefix)
        if self.table.rowCount():
            self.table.setCurrentCell(0, 3)
        self._check_codes()
        self._update_summary()
        self._as_split = self._state()

    def _fill(self, result: mandate_text.Split, prefix: str) -> None:
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

    def _state(self) -> list[tuple]:
        """What the officer can change in the preview: ticks, points, codes they wrote, titles, texts."""
        state = []
        for r in range(self.table.rowCount()):
            code = self.table.item(r, 2)
            written = code.text() if code.text() != code.data(Qt.ItemDataRole.UserRole) else None
            state.append((self._included(r), self.table.item(r, 1).text(), written,
                          self.table.item(r, 3).text(), self._texts[r]))
        return state

    def _edited(self) -> bool:
        """Whether the preview differs from what the last split found."""
        return bool(self.table.rowCount()) and self._state() != self._as_split

    def _show_text(self, row: int) -> None:
        with self._filling_in():
            self.text_edit.setPlainText(self._texts[row] if 0 <= row < len(self._texts) else "")
            self.text_edit.setEnabled(0 <= row < len(self._texts))

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
                with self._filling_in():
                    code.setText(built)
                    code.setData(Qt.ItemDataRole.UserRole, built)
        if item.column() in (0, 1, 2):
            self._check_codes()
        self._update_summary()

    def _document_changed(self) -> None:
        prefix = self._prefixes.get(self.document.currentData(), "")
        with self._filling_in():
            for row in range(self.table.rowCount()):
                code = self.table.item(row, 2)
                if code.text() == code.data(Qt.ItemDataRole.UserRole):
                    built = build_code(prefix, self.table.item(row, 1).text())
                    code.setText(built)
                    code.setData(Qt.ItemDataRole.UserRole, built)
        self._check_codes()
        self._update_summary()

    def _check_codes(self) -> None:
        """Marks in red the codes already used, in the database or by another ticked point."""
        codes = [self.table.item(r, 2).text().strip() for r in range(self.table.rowCount())]
        taken = read_mandates.existing_codes(self.service.db, codes)
        seen = Counter(c for r, c in enumerate(codes) if self._included(r))
        self._clashes = 0
        with self._filling_in():
            for row, code in enumerate(codes):
                clash = self._included(row) and (code in taken or seen[code] > 1)
                self._clashes += clash
                item = self.table.item(row, 2)
                item.setForeground(Qt.GlobalColor.red if clash else self.table.palette().text().color())
                item.setToolTip(_("Another mandate already has this code.") if clash else "")

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
        if getattr(self, "_clashes", 0):  # those points cannot be saved as they are: say so, in numbers
            text = _("Points found: {found}; ticked: {chosen}.").format(found=total, chosen=chosen) + " " + plural(
                self._clashes,
                N_("1 ticked point has a code already used by another point or mandate (in red): "
                   "change the code or untick the point before saving."),
                N_("{n} ticked points have a code already used by another point or mandate (in red): "
                   "change the codes or untick those points before saving."))
        else:
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
        typed = bool(self.table.rowCount() or self.source.toPlainText().strip())  # a pasted text is typed text too
        close_unless_kept(self, typed, None, super().reject)
