"""Where each country stands: the country × category matrix and its view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.models import MilestoneCategory
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.read.programmes import MatrixRow
from segib_desktop.gui.keyboard import open_with_enter
from segib_desktop.gui.pages.programmes.common import (
    CELL_COLOURS,
    DELAYED_COLOUR,
    fit_columns,
    legend,
)
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.i18n import N_, _, plural

if TYPE_CHECKING:
    from segib_desktop.gui.pages.programmes.page import ProgrammesPage


def cell_state(counts: dict[str, int] | None) -> str:
    """How a country stands in a category: none, delayed, done (all achieved) or on_track."""
    if not counts or counts["total"] == 0:
        return "none"
    if counts["delayed"]:
        return "delayed"
    if counts["achieved"] == counts["total"]:
        return "done"
    return "on_track"


COUNTS_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11


class MatrixModel(QAbstractTableModel):
    """Countries as rows, categories (and the total) as columns; each cell: achieved / planned, delayed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[MatrixRow] = []
        self.categories: list[MilestoneCategory] = []
        self.cells: dict = {}
        self.row_totals: dict = {}

    def set_matrix(self, matrix: dict) -> None:
        self.beginResetModel()
        self.rows, self.categories = matrix["rows"], matrix["categories"]
        self.cells, self.row_totals = matrix["cells"], matrix["row_totals"]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.categories) + (1 if self.categories else 0)

    def key(self, row: int, column: int) -> tuple[int | None, MilestoneCategory | None]:
        """(country id or None for network-wide, category or None for the total column)."""
        category = self.categories[column] if column < len(self.categories) else None
        return self.rows[row].country_id, category

    def counts(self, row: int, column: int) -> dict[str, int] | None:
        country_id, category = self.key(row, column)
        if category is None:
            return self.row_totals.get(country_id)
        return self.cells.get((country_id, category))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        counts = self.counts(index.row(), index.column())
        state = cell_state(counts)
        if role == Qt.ItemDataRole.DisplayRole:
            if state == "none":
                return "—"
            text = f"{counts['achieved']} / {counts['total']}"
            if counts["delayed"]:
                text += "\n" + _("{n} delayed").format(n=counts["delayed"])
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(CELL_COLOURS[state])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DELAYED_COLOUR if state == "delayed" else QColor("#8a8a8a") if state == "none"
                          else QColor("#1b1b1b"))
        if role == Qt.ItemDataRole.FontRole and index.column() == len(self.categories):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = counts or {}
            return "\n".join([
                f"{self.rows[index.row()].label} — {self.headerData(index.column(), Qt.Orientation.Horizontal)}",
                _("Achieved: {n}").format(n=counts.get("achieved", 0)),
                _("In progress: {n}").format(n=counts.get("in_progress", 0)),
                _("Planned: {n}").format(n=counts.get("planned", 0)),
                _("Delayed: {n}").format(n=counts.get("delayed", 0)),
                _("Cancelled: {n}").format(n=counts.get("cancelled", 0)),
                _("Double-click (or press Enter) to see these milestones."),
            ])
        if role == COUNTS_ROLE:
            return dict(counts) if counts else None
        if role == KEY_ROLE:
            return self.key(index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section < len(self.categories):
                return _(self.categories[section].label)
            return _("All categories")
        return self.rows[section].label


class MatrixView(QWidget):
    """Where each country stands: the matrix, its legend and what slipped."""

    cell_activated = Signal(object, object)  # country id (None: network-wide), category (None: all)
    show_delayed = Signal(str)  # the view to show them in

    def __init__(self, page: ProgrammesPage):
        super().__init__()
        self.page = page
        self.model = MatrixModel(self)
        self.table = QTableView(objectName="matrix")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumHeight(self.fontMetrics().height() * 3 + 8)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() * 2 + 10)
        open_with_enter(self.table, self._activated)

        self.summary = QLabel(objectName="matrix_summary", wordWrap=True)
        self.delayed_list_button = QPushButton(_("List the delayed milestones"))
        self.delayed_timeline_button = QPushButton(_("Show them on the timeline"))
        self.delayed_list_button.clicked.connect(lambda: self.show_delayed.emit("list"))
        self.delayed_timeline_button.clicked.connect(lambda: self.show_delayed.emit("timeline"))
        top = FlowRow()
        top.addWidget(self.summary, 1)
        top.addWidget(self.delayed_list_button)
        top.addWidget(self.delayed_timeline_button)
        explain = QLabel(_("Each cell: milestones achieved / milestones planned (cancelled ones are not counted), "
                           "and how many are delayed. Double-click a cell (or press Enter) to see its milestones."),
                         wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend([
            (CELL_COLOURS["done"], _("All achieved"), Qt.BrushStyle.SolidPattern),
            (CELL_COLOURS["on_track"], _("Under way, nothing delayed"), Qt.BrushStyle.SolidPattern),
            (CELL_COLOURS["delayed"], _("Something delayed"), Qt.BrushStyle.SolidPattern),
            (CELL_COLOURS["none"], _("No milestones"), Qt.BrushStyle.SolidPattern),
        ]))
        layout.addWidget(explain)

    def _fit_columns(self) -> None:
        """The columns share the width, none narrower than its longest word in the header or its longest line
        in a cell (in bold, as the totals and the headers are)."""
        model = self.model
        texts = [str(model.headerData(col, Qt.Orientation.Horizontal) or "") for col in range(model.columnCount())]
        words = [word for text in texts for word in text.split()]
        lines = [line for row in range(model.rowCount()) for col in range(model.columnCount())
                 for line in str(model.data(model.index(row, col)) or "").splitlines()]
        fit_columns(self.table, words + lines)

    def reload(self) -> None:
        programme_id = self.page.programme_id
        if programme_id is None:
            self.model.set_matrix({"rows": [], "categories": [], "cells": {}, "row_totals": {}})
            self.summary.setText("")
            return
        matrix = read_programmes.matrix(self.page.ctx.db, programme_id, self.page.ctx.lang, today=self.page.today)
        self.model.set_matrix(matrix)
        self._fit_columns()
        late = matrix["totals"]["delayed"]
        if late:
            # What slipped, and where: "9 milestones are delayed (…): Bolivia (1), Brasil (2), …"
            where = ", ".join(f"{name} ({matrix['row_totals'][cid]['delayed']})" for cid, name in matrix["rows"]
                              if matrix["row_totals"].get(cid, {}).get("delayed"))
            text = plural(late, N_("1 milestone is delayed (its planned end has passed without an actual end):"),
                          N_("{n} milestones are delayed (their planned end has passed without an actual end):"))
            text += " " + where + "."
        else:
            text = _("No milestone is delayed.")
        self.summary.setText(text)
        self.delayed_list_button.setEnabled(bool(late))
        self.delayed_timeline_button.setEnabled(bool(late))

    def _activated(self, index: QModelIndex) -> None:
        country_id, category = self.model.key(index.row(), index.column())
        self.cell_activated.emit(read_programmes.NETWORK_WIDE if country_id is None else country_id, category)
