"""Cooperation programmes (IberBLH first): where each country stands, and what slipped.

One page for any programme (chosen at the top): the country × category
matrix, the timeline of planned against actual dates, the milestones list, a
country's page and the yearly indicators. Nothing here knows IberBLH by name.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from babel.numbers import format_percent
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core.models import Indicator, MilestoneCategory, MilestoneStatus
from segib_desktop.core.read.programmes import GridRow, MatrixRow
from segib_desktop.core.services.lookups import LookupService
from segib_desktop.core.services.programmes import (
    NETWORK_WIDE,
    IndicatorService,
    MemberService,
    MilestoneService,
    ProgrammeService,
    is_delayed,
    parse_number,
)
from segib_desktop.core.services.summits import SummitService
from segib_desktop.gui import formats
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.dialogs import show_error, show_info
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _, active, plural

VIEWS = ("matrix", "timeline", "list", "country", "indicators")
FIRST_YEAR, LAST_YEAR = 1990, 2100

# Colours shared by the matrix, the timeline and their legends.
PLANNED_FILL, PLANNED_LINE = QColor("#b9cce6"), QColor("#5b7db1")
ACHIEVED_COLOUR = QColor("#2e7d32")
IN_PROGRESS_COLOUR = QColor("#1e88e5")
DELAYED_COLOUR = QColor("#c62828")
CANCELLED_COLOUR = QColor("#767676")
TODAY_COLOUR = QColor("#d81b60")
CELL_COLOURS = {"done": QColor("#d4edda"), "on_track": QColor("#dde9f8"), "delayed": QColor("#f8d4d1"),
                "none": QColor("#f4f4f4")}


class PercentColumn(Column):
    def display(self, value) -> str:
        return "" if value is None else format_percent(value / 100, locale=active().locale)


class FlagColumn(Column):
    """A true value reads as the column's ``flag`` text; a false one as nothing."""

    def display(self, value) -> str:
        return _("Delayed") if value else ""


def legend(items: Sequence[tuple[QColor, str, Qt.BrushStyle]]) -> QWidget:
    """A row of coloured swatches with their (already translated) meaning."""
    box = QWidget(objectName="legend")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    size = box.fontMetrics().height()
    for colour, text, style in items:
        pixmap = QPixmap(size * 2, size - 2)
        pixmap.fill(QColor("white"))
        painter = QPainter(pixmap)
        painter.fillRect(pixmap.rect(), QBrush(colour, style))
        painter.setPen(QPen(colour.darker(130)))
        painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
        painter.end()
        swatch = QLabel()
        swatch.setPixmap(pixmap)
        row.addWidget(swatch)
        row.addWidget(QLabel(text))
        row.addSpacing(12)
    row.addStretch(1)
    return box


# --- the matrix


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
                _("Double-click to see these milestones."),
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
        self.table.doubleClicked.connect(self._activated)

        self.summary = QLabel(objectName="matrix_summary", wordWrap=True)
        self.delayed_list_button = QPushButton(_("List the delayed milestones"))
        self.delayed_timeline_button = QPushButton(_("Show them on the timeline"))
        self.delayed_list_button.clicked.connect(lambda: self.show_delayed.emit("list"))
        self.delayed_timeline_button.clicked.connect(lambda: self.show_delayed.emit("timeline"))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.delayed_list_button)
        top.addWidget(self.delayed_timeline_button)
        explain = QLabel(_("Each cell: milestones achieved / milestones planned (cancelled ones are not counted), "
                           "and how many are delayed. Double-click a cell to see its milestones."),
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

    def reload(self) -> None:
        programme_id = self.page.programme_id
        if programme_id is None:
            self.model.set_matrix({"rows": [], "categories": [], "cells": {}, "row_totals": {}})
            self.summary.setText("")
            return
        matrix = self.page.milestones.matrix(programme_id, self.page.ctx.lang, today=self.page.today)
        self.model.set_matrix(matrix)
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
        self.cell_activated.emit(NETWORK_WIDE if country_id is None else country_id, category)


# --- the timeline: pure geometry first, then the widget that paints it


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class TimelineRow:
    kind: str  # "group" or "milestone"
    y: float
    height: float
    label: str
    milestone: dict | None = None
    planned: Bar | None = None
    actual: Bar | None = None
    overrun: Bar | None = None  # delayed: from the planned end to today
    ongoing: bool = False  # the actual bar runs to today, without an actual end yet


@dataclass(frozen=True)
class TimelineLayout:
    rows: list[TimelineRow]
    width: float
    height: float
    label_width: float
    axis_height: float
    year_from: int
    year_to: int
    px_per_year: float
    years: list[tuple[int, float]] = field(default_factory=list)  # (year, x of 1 January)
    today_x: float | None = None

    def row_at(self, y: float) -> TimelineRow | None:
        tops = [row.y for row in self.rows]
        i = bisect.bisect_right(tops, y) - 1
        if 0 <= i < len(self.rows) and y < self.rows[i].y + self.rows[i].height:
            return self.rows[i]
        return None


MIN_BAR = 3.0


def date_x(day: dt.date, year_from: int, px_per_year: float, left: float) -> float:
    """The x of the start of ``day``: each year is px_per_year wide, its days spread evenly."""
    days = 366 if (day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)) else 365
    return left + (day.year - year_from + (day.timetuple().tm_yday - 1) / days) * px_per_year


def timeline_layout(groups: Sequence[dict], *, year_from: int, year_to: int, px_per_year: float, today: dt.date,
                    label_width: float = 300, row_height: float = 24, group_height: float = 26,
                    axis_height: float = 34) -> TimelineLayout:
    """Where every bar goes, in content coordinates (labels on the left, the year axis on top).

    ``groups`` is MilestoneService.timeline's result. A milestone whose bars all
    fall outside [year_from, year_to] is left out, and so is a group left empty.
    The planned bar fills the upper half of its row, the actual bar the lower
    half; bars run from the first day to the end of the last day, at least
    MIN_BAR wide, clipped to the shown years.
    """
    left = label_width
    right = left + (year_to - year_from + 1) * px_per_year
    bar_h = (row_height - 8) / 2

    def span(first: dt.date | None, last: dt.date | None, y: float) -> Bar | None:
        if first is None and last is None:
            return None
        first, last = first or last, last or first
        x0 = date_x(first, year_from, px_per_year, left)
        x1 = date_x(last + dt.timedelta(days=1), year_from, px_per_year, left)
        if x1 - x0 < MIN_BAR:
            x1 = x0 + MIN_BAR
        if x1 <= left or x0 >= right:
            return None
        x0, x1 = max(x0, left), min(x1, right)
        return Bar(x0, y, x1 - x0, bar_h)

    rows: list[TimelineRow] = []
    y = axis_height
    for group in groups:
        placed = []
        for m in group["milestones"]:
            top = y + group_height + len(placed) * row_height
            planned = span(m["planned_start"], m["planned_end"], top + 3)
            ongoing = m["actual_start"] is not None and m["actual_end"] is None and \
                m["status"] != MilestoneStatus.CANCELLED
            actual = span(m["actual_start"], today - dt.timedelta(days=1) if ongoing else m["actual_end"],
                          top + 5 + bar_h)
            if ongoing and m["actual_start"] >= today:
                actual = span(m["actual_start"], m["actual_start"], top + 5 + bar_h)
            overrun = None
            if m["delayed"] and m["planned_end"] is not None:
                overrun = span(m["planned_end"] + dt.timedelta(days=1), today - dt.timedelta(days=1), top + 3)
            if planned is None and actual is None and overrun is None:
                continue
            placed.append(TimelineRow("milestone", top, row_height, m["title"], m, planned, actual, overrun, ongoing))
        if not placed:
            continue
        rows.append(TimelineRow("group", y, group_height, f"{group['label']} ({len(placed)})"))
        rows.extend(placed)
        y += group_height + len(placed) * row_height
    years = [(year, left + (year - year_from) * px_per_year) for year in range(year_from, year_to + 1)]
    today_x = date_x(today, year_from, px_per_year, left) if year_from <= today.year <= year_to else None
    return TimelineLayout(rows, right, y, label_width, axis_height, year_from, year_to, px_per_year, years, today_x)


ZOOMS = (  # (English label, years per window width; 0 fits the chosen years)
    (N_("All the chosen years"), 0),
    (N_("10 years per screen"), 10),
    (N_("5 years per screen"), 5),
    (N_("2 years per screen"), 2),
    (N_("1 year per screen"), 1),
)


class TimelineCanvas(QAbstractScrollArea):
    """Paints a TimelineLayout: labels stay on the left and the years on top while the rest scrolls."""

    milestone_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timeline")
        self.groups: list[dict] = []
        self.today = dt.date.today()
        self.year_from, self.year_to, self.years_per_screen = 2008, 2026, 0
        self.layout_data = timeline_layout([], year_from=2008, year_to=2026, px_per_year=60, today=self.today)
        self.viewport().setMouseTracking(True)
        self.setMinimumHeight(200)
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)

    def set_data(self, groups: list[dict], today: dt.date, year_from: int, year_to: int,
                 years_per_screen: int) -> None:
        self.groups, self.today = groups, today
        self.year_from, self.year_to, self.years_per_screen = year_from, max(year_from, year_to), years_per_screen
        self.relayout()

    def label_width(self) -> float:
        return max(220.0, min(360.0, self.viewport().width() * 0.3))

    def px_per_year(self) -> float:
        label = self.label_width()
        room = max(self.viewport().width() - label - 4, 200)
        years = self.years_per_screen or (self.year_to - self.year_from + 1)
        return max(room / years, 24.0)

    def relayout(self) -> None:
        metrics = self.fontMetrics()
        row = metrics.height() + 10
        self.layout_data = timeline_layout(
            self.groups, year_from=self.year_from, year_to=self.year_to, px_per_year=self.px_per_year(),
            today=self.today, label_width=self.label_width(), row_height=row, group_height=row + 4,
            axis_height=metrics.height() * 2 + 10)
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, max(0, int(self.layout_data.width - self.viewport().width() + 1)))
        h.setPageStep(self.viewport().width())
        v.setRange(0, max(0, int(self.layout_data.height - self.viewport().height() + 1)))
        v.setPageStep(self.viewport().height())
        v.setSingleStep(row)
        h.setSingleStep(int(self.px_per_year() / 12) or 1)
        self.viewport().update()

    def scroll_to_today(self) -> None:
        data = self.layout_data
        if data.today_x is not None:
            room = self.viewport().width() - data.label_width
            self.horizontalScrollBar().setValue(int(data.today_x - data.label_width - room * 0.75))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def sizeHint(self) -> QSize:
        return QSize(900, 500)

    # --- painting
    def paintEvent(self, event) -> None:
        data = self.layout_data
        hx, vy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        port = self.viewport()
        width, height = port.width(), port.height()
        painter = QPainter(port)
        painter.fillRect(port.rect(), QColor("white"))
        metrics = self.fontMetrics()
        label_w, axis_h = data.label_width, data.axis_height
        chart_right = data.width - hx
        first = bisect.bisect_right([r.y + r.height for r in data.rows], vy + axis_h)
        visible = []
        for row in data.rows[first:]:
            if row.y - vy > height:
                break
            visible.append(row)

        # The chart: year lines, group bands, bars, today.
        painter.save()
        painter.setClipRect(QRectF(label_w, axis_h, width - label_w, height - axis_h))
        painter.translate(-hx, -vy)
        for row in visible:
            if row.kind == "group":
                painter.fillRect(QRectF(label_w, row.y, data.width - label_w, row.height), QColor("#eef1f5"))
        grid = QPen(QColor("#d6d9de"))
        painter.setPen(grid)
        for _year, x in data.years:
            painter.drawLine(QPointF(x, vy + axis_h), QPointF(x, vy + height))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for row in visible:
            if row.kind != "milestone":
                continue
            m = row.milestone
            if row.planned is not None:
                painter.setPen(QPen(PLANNED_LINE))
                painter.setBrush(QBrush(PLANNED_FILL))
                painter.drawRect(QRectF(row.planned.x, row.planned.y, row.planned.w, row.planned.h))
            if row.overrun is not None:
                painter.setPen(QPen(DELAYED_COLOUR))
                painter.setBrush(QBrush(DELAYED_COLOUR, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(QRectF(row.overrun.x, row.overrun.y, row.overrun.w, row.overrun.h))
            if row.actual is not None:
                colour = actual_colour(m)
                painter.setPen(QPen(colour.darker(120)))
                painter.setBrush(QBrush(colour, Qt.BrushStyle.Dense4Pattern if row.ongoing else
                                        Qt.BrushStyle.SolidPattern))
                painter.drawRect(QRectF(row.actual.x, row.actual.y, row.actual.w, row.actual.h))
        if data.today_x is not None:
            painter.setPen(QPen(TODAY_COLOUR, 2))
            painter.drawLine(QPointF(data.today_x, vy + axis_h), QPointF(data.today_x, vy + height))
        painter.restore()

        # The labels, fixed on the left.
        painter.save()
        painter.setClipRect(QRectF(0, axis_h, label_w, height - axis_h))
        painter.translate(0, -vy)
        bold = QFont(self.font())
        bold.setBold(True)
        for row in visible:
            rect = QRectF(8, row.y, label_w - 14, row.height)
            if row.kind == "group":
                painter.fillRect(QRectF(0, row.y, label_w, row.height), QColor("#dfe4eb"))
                painter.setFont(bold)
                painter.setPen(QColor("#1b1b1b"))
            else:
                painter.setFont(self.font())
                painter.setPen(DELAYED_COLOUR if row.milestone["delayed"] else QColor("#1b1b1b"))
                rect = rect.adjusted(10, 0, 0, 0)
            text = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, int(rect.width()))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()
        painter.setPen(QColor("#9aa0a6"))
        painter.drawLine(QPointF(label_w, axis_h), QPointF(label_w, height))

        # The years, fixed on top.
        painter.save()
        painter.fillRect(QRectF(0, 0, width, axis_h), QColor("#f6f7f9"))
        painter.setClipRect(QRectF(label_w, 0, width - label_w, axis_h))
        painter.translate(-hx, 0)
        painter.setPen(QColor("#1b1b1b"))
        line_h = metrics.height()
        room = metrics.horizontalAdvance("2026") + 8
        label_every = next((n for n in (1, 2, 5, 10) if data.px_per_year * n >= room), 10)
        months = data.px_per_year >= 12 * (metrics.horizontalAdvance("MMM") + 4)
        year_w = metrics.horizontalAdvance("2026") + 6
        for year, x in data.years:
            painter.drawLine(QPointF(x, 0), QPointF(x, axis_h))
            if (year - data.year_from) % label_every == 0:
                # A year whose start has scrolled away keeps its label at the left edge.
                at = min(max(x + 3, hx + label_w + 3), x + data.px_per_year - year_w) if months else x + 3
                painter.drawText(QRectF(at, 2, year_w, line_h), Qt.AlignmentFlag.AlignLeft, str(year))
            if months:
                for month in range(1, 13):
                    mx = date_x(dt.date(year, month, 1), data.year_from, data.px_per_year, label_w)
                    painter.drawLine(QPointF(mx, axis_h - 5), QPointF(mx, axis_h))
                    name = active().format_date(dt.date(year, month, 1), "MMM")
                    painter.drawText(QRectF(mx + 2, line_h + 4, data.px_per_year / 12, line_h),
                                     Qt.AlignmentFlag.AlignLeft, name)
        if data.today_x is not None:
            # Under the years when the months are not shown; beside the years when they are.
            text_y = 2 if months else line_h + 4
            painter.setPen(QPen(TODAY_COLOUR, 2))
            painter.drawLine(QPointF(data.today_x, text_y), QPointF(data.today_x, axis_h))
            text = _("Today")
            text_w = metrics.horizontalAdvance(text) + 4
            at_right = data.today_x + text_w + 4 > min(data.width, hx + width)
            painter.drawText(QRectF(data.today_x - text_w - 2 if at_right else data.today_x + 4, text_y,
                                    text_w, line_h), Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()
        painter.setPen(QColor("#9aa0a6"))
        painter.drawLine(QPointF(0, axis_h), QPointF(width, axis_h))
        painter.setFont(bold)
        painter.setPen(QColor("#1b1b1b"))
        painter.drawText(QRectF(8, 2, label_w - 12, axis_h - 4), Qt.AlignmentFlag.AlignVCenter,
                         _("Country and milestone"))
        if not data.rows:
            painter.setFont(self.font())
            painter.drawText(QRectF(label_w, axis_h, max(chart_right, width) - label_w, 60),
                             Qt.AlignmentFlag.AlignCenter, _("No milestone in the chosen years."))
        painter.end()

    # --- mouse
    def row_at(self, pos) -> TimelineRow | None:
        return self.layout_data.row_at(pos.y() + self.verticalScrollBar().value())

    def mouseDoubleClickEvent(self, event) -> None:
        row = self.row_at(event.position())
        if row is not None and row.kind == "milestone":
            self.milestone_activated.emit(row.milestone["id"])

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self.row_at(event.pos())
            if row is not None and row.kind == "milestone":
                QToolTip.showText(event.globalPos(), milestone_tooltip(row.milestone), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


def actual_colour(m: dict) -> QColor:
    if m["status"] == MilestoneStatus.CANCELLED:
        return CANCELLED_COLOUR
    if m["delayed"]:
        return DELAYED_COLOUR
    if m["status"] == MilestoneStatus.ACHIEVED:
        return ACHIEVED_COLOUR
    return IN_PROGRESS_COLOUR


def milestone_tooltip(m: dict) -> str:
    t = active()

    def period(first, last) -> str:
        if first is None and last is None:
            return "—"
        return f"{t.format_date(first) or '…'} – {t.format_date(last) or '…'}"

    category, status = m["category"], m["status"]
    lines = [m["title"], f"{_(category.label)} · {_(status.label)} · {m['progress']} %",
             _("Planned: {period}").format(period=period(m["planned_start"], m["planned_end"])),
             _("Actual: {period}").format(period=period(m["actual_start"], m["actual_end"]))]
    if m["delayed"]:
        lines.append(_("Delayed: the planned end has passed without an actual end."))
    return "\n".join(lines)


def country_combo(object_name: str, *, everyone: bool = True, network: bool = True) -> QComboBox:
    combo = QComboBox(objectName=object_name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setProperty("everyone", everyone)
    combo.setProperty("network", network)
    return combo


def fill_country_combo(combo: QComboBox, countries: list[tuple[int, str, str]]) -> None:
    """All countries / network-wide / each member, keeping the current choice when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if combo.property("everyone"):
        combo.addItem(_("All countries"), None)
    if combo.property("network"):
        combo.addItem(_("Network-wide"), NETWORK_WIDE)
    for country_id, _iso, name in countries:
        combo.addItem(name, country_id)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def year_spin(object_name: str, special: str, value: int | None = None) -> QSpinBox:
    """A year; its minimum (1990) means "any" and reads as ``special``."""
    spin = QSpinBox(objectName=object_name, minimum=FIRST_YEAR - 1, maximum=LAST_YEAR)
    spin.setSpecialValueText(special)
    spin.setValue(value or spin.minimum())
    return spin


class TimelineView(QWidget):
    def __init__(self, page: ProgrammesPage):
        super().__init__()
        self.page = page
        self.country = country_combo("timeline_country")
        self.delayed = QCheckBox(_("Only delayed"), objectName="timeline_delayed")
        self.category = QComboBox(objectName="timeline_category")
        self.category.addItem(_("All categories"), None)
        for category in MilestoneCategory:
            self.category.addItem(_(category.label), category)
        today = page.today_date()
        self.year_from = QSpinBox(objectName="timeline_from", minimum=FIRST_YEAR, maximum=LAST_YEAR,
                                  prefix=_("From") + " ")
        self.year_from.setValue(today.year - 18)
        self.year_to = QSpinBox(objectName="timeline_to", minimum=FIRST_YEAR, maximum=LAST_YEAR,
                                prefix=_("To") + " ")
        self.year_to.setValue(today.year + 1)
        self.zoom = QComboBox(objectName="timeline_zoom")
        for text, years in ZOOMS:
            self.zoom.addItem(_(text), years)
        self.today_button = QPushButton(_("Go to today"))
        self.canvas = TimelineCanvas()
        tools = QHBoxLayout()
        for widget in (self.country, self.category, self.delayed, self.year_from, self.year_to, self.zoom,
                       self.today_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(legend([
            (PLANNED_FILL, _("Planned (upper bar)"), Qt.BrushStyle.SolidPattern),
            (ACHIEVED_COLOUR, _("Actual, achieved"), Qt.BrushStyle.SolidPattern),
            (IN_PROGRESS_COLOUR, _("Actual, under way"), Qt.BrushStyle.Dense4Pattern),
            (DELAYED_COLOUR, _("Delayed: past its planned end"), Qt.BrushStyle.BDiagPattern),
            (CANCELLED_COLOUR, _("Cancelled"), Qt.BrushStyle.SolidPattern),
            (TODAY_COLOUR, _("Today"), Qt.BrushStyle.SolidPattern),
        ]))
        layout.addWidget(self.canvas, 1)
        hint = QLabel(_("Point at a milestone to see its dates; double-click it to open it."))
        layout.addWidget(hint)
        for combo in (self.country, self.category, self.zoom):
            combo.currentIndexChanged.connect(self.reload)
        self.delayed.toggled.connect(self.reload)
        self.year_from.valueChanged.connect(self.reload)
        self.year_to.valueChanged.connect(self.reload)
        self.today_button.clicked.connect(self.canvas.scroll_to_today)
        self.canvas.milestone_activated.connect(page.open_milestone)

    def set_countries(self, countries) -> None:
        fill_country_combo(self.country, countries)

    def reload(self) -> None:
        programme_id = self.page.programme_id
        groups = [] if programme_id is None else self.page.milestones.timeline(
            programme_id, self.page.ctx.lang, today=self.page.today_date(), country_id=self.country.currentData(),
            delayed=True if self.delayed.isChecked() else None, category=self.category.currentData())
        self.canvas.set_data(groups, self.page.today_date(), self.year_from.value(), self.year_to.value(),
                             self.zoom.currentData() or 0)


# --- the milestones list


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
        self.model.row_warning = attrgetter("delayed")
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
        row = QHBoxLayout()
        for widget in (self.country, self.category, self.status, self.delayed, self.year):
            row.addWidget(widget)
        row.addStretch(1)
        self.country.setVisible(not fixed_country)
        self.view.setColumnHidden(0, fixed_country)  # the country is the page's
        self.view.setColumnHidden(len(self.columns) - 1, fixed_country)  # delayed rows are red anyway
        self.layout().insertLayout(1, row)
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
        return self.service.list_rows(programme_id, self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> None:
        defaults = {"country_id": self.country_id} if self.fixed_country else None
        self.page.open_milestone(record_id, defaults=defaults)


class MilestoneForm(FormDialog):
    """A milestone of one programme: country (or the whole network), dates planned and actual, status."""

    def __init__(self, ctx: AppContext, programme_id: int, record_id: int | None, *, today: dt.date | None = None,
                 defaults: dict | None = None, parent=None):
        self.programme_id = programme_id
        self.today = today
        service = MilestoneService(ctx.db, today=today)
        members = MemberService(ctx.db).countries(programme_id, ctx.lang)
        mandates = service.mandate_choices()
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
        self.delayed_note.setStyleSheet(f"color: {DELAYED_COLOUR.name()}; font-weight: bold;")
        defaults = {"status": MilestoneStatus.PLANNED, "progress": 0, **(defaults or {})}
        super().__init__(service, fields, record_id, title=title, defaults=defaults, parent=parent)
        self.widget("country_id").setItemText(0, _("Network-wide (no single country)"))
        self.widget("mandate_id").setItemText(0, _("No linked mandate"))
        for key in ("country_id", "mandate_id"):  # long titles must not widen the form
            self.widget(key).setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.widget(key).setMinimumContentsLength(30)
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


# --- a country's page and the indicators


class IndicatorChart(QWidget):
    """Bars of one indicator by year, with the figure over each bar."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("indicator_chart")
        self.series: list[tuple[int, float]] = []
        self.title = ""
        self.setMinimumSize(220, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_series(self, series: list[tuple[int, float]], title: str) -> None:
        self.series, self.title = series, title
        self.update()

    def bar_rects(self) -> list[tuple[int, float, QRectF]]:
        """(year, value, rectangle) of each bar, in widget coordinates."""
        metrics = self.fontMetrics()
        top = metrics.height() * 2 + 12
        bottom = self.height() - metrics.height() - 8
        left, right = 10, self.width() - 10
        if not self.series or bottom <= top:
            return []
        peak = max(value for _year, value in self.series) or 1
        slot = (right - left) / len(self.series)
        out = []
        for i, (year, value) in enumerate(self.series):
            h = (bottom - top) * value / peak
            out.append((year, value, QRectF(left + i * slot + slot * 0.15, bottom - h, slot * 0.7, h)))
        return out

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#1b1b1b"))
        painter.drawText(QRectF(10, 4, self.width() - 20, metrics.height() + 4), Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(bold).elidedText(self.title, Qt.TextElideMode.ElideRight, self.width() - 20))
        painter.setFont(self.font())
        bars = self.bar_rects()
        if not bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No figures for this country yet."))
            return
        baseline = self.height() - metrics.height() - 8
        painter.setPen(QColor("#9aa0a6"))
        painter.drawLine(QPointF(10, baseline), QPointF(self.width() - 10, baseline))
        for year, value, rect in bars:
            painter.fillRect(rect, IN_PROGRESS_COLOUR)
            painter.setPen(QColor("#1b1b1b"))
            label_rect = QRectF(rect.x() - 20, rect.y() - metrics.height() - 2, rect.width() + 40, metrics.height())
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, formats.number(round(value, 1)))
            painter.drawText(QRectF(rect.x() - 10, baseline + 2, rect.width() + 20, metrics.height() + 4),
                             Qt.AlignmentFlag.AlignCenter, str(year))
        painter.end()


class CountryView(QWidget):
    """One country: its membership, its milestones, and a chart of one indicator over the years."""

    def __init__(self, page: ProgrammesPage):
        super().__init__()
        self.page = page
        self.country = country_combo("country_choice", everyone=False, network=False)
        self.heading = QLabel(objectName="country_heading", wordWrap=True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.counts = QLabel(objectName="country_counts", wordWrap=True)
        self.list = MilestonesList(page, fixed_country=True)
        self.indicator = QComboBox(objectName="chart_indicator")
        for indicator in Indicator:
            self.indicator.addItem(_(indicator.label), indicator)
        self.chart = IndicatorChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.indicator)
        chart_layout.addWidget(self.chart, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([780, 260])
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Country:")))
        top.addWidget(self.country)
        top.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)
        self.country.currentIndexChanged.connect(self.reload)
        self.indicator.currentIndexChanged.connect(self.reload_chart)

    def set_countries(self, countries) -> None:
        fill_country_combo(self.country, countries)

    def select(self, country_id: int) -> None:
        index = self.country.findData(country_id)
        if index >= 0:
            self.country.setCurrentIndex(index)

    def reload(self) -> None:
        page, country_id = self.page, self.country.currentData()
        self.list.country_id = country_id
        if page.programme_id is None or country_id is None:
            self.heading.setText(_("This programme has no member countries yet."))
            self.counts.setText("")
            self.list.reload()
            self.chart.set_series([], "")
            return
        info = page.milestones.country_summary(page.programme_id, country_id, page.ctx.lang,
                                               today=page.today_date())
        t = active()
        if not info["member"]:
            membership = _("Not a member of this programme.")
        elif info["left_on"]:
            membership = _("Member from {joined} until {left}.").format(
                joined=t.format_date(info["joined_on"]) or "…", left=t.format_date(info["left_on"]))
        elif info["joined_on"]:
            membership = _("Member since {joined}.").format(joined=t.format_date(info["joined_on"]))
        else:
            membership = _("Member (the date it joined is not recorded).")
        self.heading.setText(f"{info['name']} ({info['iso2']}) — {membership}")
        c = info["counts"]
        self.counts.setText(" · ".join([
            _("Achieved: {n}").format(n=c["achieved"]), _("In progress: {n}").format(n=c["in_progress"]),
            _("Planned: {n}").format(n=c["planned"]), _("Delayed: {n}").format(n=c["delayed"]),
            _("Cancelled: {n}").format(n=c["cancelled"])]))
        self.counts.setStyleSheet(f"color: {DELAYED_COLOUR.name()};" if c["delayed"] else "")
        self.list.reload()
        self.reload_chart()

    def reload_chart(self) -> None:
        page, country_id = self.page, self.country.currentData()
        indicator = Indicator(self.indicator.currentData())  # Qt hands the enum back as a plain str
        if page.programme_id is None or country_id is None:
            self.chart.set_series([], "")
            return
        series = IndicatorService(page.ctx.db).series(page.programme_id, country_id, indicator)
        years = f", {series[0].year}–{series[-1].year}" if series else ""
        self.chart.set_series(series, f"{self.country.currentText()}{years}")  # the indicator is named above


class IndicatorGridModel(QAbstractTableModel):
    """Rows are (country, year) pairs, columns the indicators; editing a cell saves it at once."""

    failed = Signal(str)

    def __init__(self, save, parent=None):
        super().__init__(parent)
        self.save = save  # save(country_id, year, indicator, value or None); may raise SegibError
        self.rows: list[GridRow] = []
        self.values: dict[tuple[int, int, Indicator], float] = {}
        self.indicators = list(Indicator)

    def set_grid(self, rows: list[tuple[int, int, str]], values: dict) -> None:
        self.beginResetModel()
        self.rows, self.values = rows, dict(values)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.indicators)

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def _key(self, index: QModelIndex) -> tuple[int, int, Indicator]:
        country_id, year, _label = self.rows[index.row()]
        return country_id, year, self.indicators[index.column()]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.values.get(self._key(index))
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else formats.number(value)
        if role == Qt.ItemDataRole.EditRole:
            if value is None:
                return ""
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return text.replace(".", ",") if active().lang != "en" else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value if value is not None else "").strip()
        try:
            number = None if text == "" else parse_number(text)
        except ValueError:
            self.failed.emit(_("“{value}” is ambiguous; write it without a thousands separator "
                               "(for example 12500, or 12,5 for twelve and a half).").format(value=text))
            return False
        if text and number is None:
            self.failed.emit(_("“{value}” is not a number.").format(value=text))
            return False
        key = self._key(index)
        try:
            self.save(*key, number)
        except errors.ValidationError as exc:
            self.failed.emit(" ".join(exc.field_messages().values()))
            return False
        except errors.SegibError as exc:
            self.failed.emit(exc.user_message())
            return False
        if number is None:
            self.values.pop(key, None)
        else:
            self.values[key] = number
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.indicators[section].label)
        return self.rows[section].label


class IndicatorsView(QWidget):
    """The yearly figures: every country for one year, or every year for one country; and the CSV import."""

    imported = Signal()

    def __init__(self, page: ProgrammesPage):
        super().__init__()
        self.page = page
        self.service = IndicatorService(page.ctx.db)
        self.mode = QComboBox(objectName="indicators_mode")
        self.mode.addItem(_("Every country, one year"), "year")
        self.mode.addItem(_("Every year, one country"), "country")
        self.year = QSpinBox(objectName="indicators_year", minimum=FIRST_YEAR, maximum=LAST_YEAR,
                             prefix=_("Year") + " ")
        self.year.setValue(page.today_date().year - 1)
        self.country = country_combo("indicators_country", everyone=False, network=False)
        self.add_year_button = QPushButton(_("Add a year"))
        self.import_button = QPushButton(_("Import from a CSV file…"), objectName="import_csv")
        self.model = IndicatorGridModel(self._save, self)
        self.table = QTableView(objectName="indicator_grid")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumHeight(self.fontMetrics().height() * 2 + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        hint = QLabel(_("Type a figure and press Enter: it is saved at once. Clear a cell to remove its figure. "
                        "A CSV file has the columns country, year, indicator and value; if any row is wrong, "
                        "nothing is imported and each wrong row is listed by its line number."), wordWrap=True)
        tools = QHBoxLayout()
        for widget in (self.mode, self.year, self.country, self.add_year_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.extra_years: set[int] = set()
        self.mode.currentIndexChanged.connect(self.reload)
        self.year.valueChanged.connect(self.reload)
        self.country.currentIndexChanged.connect(self.reload)
        self.add_year_button.clicked.connect(self.add_year)
        self.import_button.clicked.connect(self.choose_and_import)
        self.model.failed.connect(lambda text: show_error(self, text))

    def set_countries(self, countries) -> None:
        self.countries = countries
        fill_country_combo(self.country, countries)

    def _save(self, country_id: int, year: int, indicator: Indicator, value: float | None) -> None:
        self.service.set_value(self.page.programme_id, country_id, year, indicator, value)

    def reload(self) -> None:
        by_year = self.mode.currentData() == "year"
        self.year.setVisible(by_year)
        self.country.setVisible(not by_year)
        self.add_year_button.setVisible(not by_year)
        programme_id = self.page.programme_id
        if programme_id is None:
            self.model.set_grid([], {})
            return
        if by_year:
            year = self.year.value()
            rows = [GridRow(c.id, year, c.name) for c in getattr(self, "countries", [])]
            values = self.service.values(programme_id, year=year)
        else:
            country_id = self.country.currentData()
            if country_id is None:
                self.model.set_grid([], {})
                return
            years = set(self.service.years(programme_id, country_id)) | self.extra_years
            if not years:
                years = {self.page.today_date().year - 1}
            rows = [GridRow(country_id, y, str(y)) for y in sorted(years)]
            values = self.service.values(programme_id, country_id=country_id)
        self.model.set_grid(rows, values)

    def add_year(self) -> None:
        years = [row.year for row in self.model.rows] or [self.page.today_date().year - 2]
        self.extra_years.add(max(years) + 1)
        self.reload()

    def choose_and_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import indicators"), "",
                                                    _("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        try:
            result = self.service.import_csv(self.page.programme_id, path)
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        show_info(self, _("The file was imported. Figures in it: {rows}; new: {added}; changed: {updated}.").format(
            **result))
        self.reload()
        self.imported.emit()
        return True


# --- programmes and members


class MembersList(ListPage):
    columns = (
        Column(N_("Country"), stretch=True, field="country"),
        Column(N_("ISO code"), field="iso2"),
        Column(N_("Joined on"), "date", field="joined_on"),
        Column(N_("Left on"), "date", field="left_on"),
    )
    count_text = N_("{shown} of {total} member countries")
    count_text_one = N_("{shown} of {total} member country")
    default_sort = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, ctx: AppContext, programme_id: int):
        self.ctx, self.programme_id = ctx, programme_id
        self.service = MemberService(ctx.db)
        super().__init__()
        self.reload()

    def fetch(self) -> list[tuple]:
        return self.service.list_rows(self.programme_id, self.ctx.lang)

    def open_record(self, record_id: int | None) -> None:
        form = MemberForm(self.ctx, self.programme_id, record_id, parent=self)
        form.saved.connect(lambda saved_id: self.reload(select_id=saved_id))
        form.deleted.connect(lambda _id: self.reload())
        form.open()


class MemberForm(FormDialog):
    def __init__(self, ctx: AppContext, programme_id: int, record_id: int | None, parent=None):
        self.programme_id = programme_id
        countries = LookupService(ctx.db).countries(ctx.lang)
        fields = [
            Field("country_id", N_("Country"), "choice", required=True,
                  choices=lambda: [(cid, name) for cid, _iso, name in countries]),
            Field("joined_on", N_("Joined on"), "date"),
            Field("left_on", N_("Left on"), "date"),
        ]
        title = _("New member country") if record_id is None else _("Member country")
        super().__init__(MemberService(ctx.db), fields, record_id, title=title, parent=parent)

    def values(self) -> dict:
        return super().values() | {"programme_id": self.programme_id}


class ProgrammeForm(FormDialog):
    """A cooperation programme; once saved, its member countries in a second tab."""

    def __init__(self, ctx: AppContext, record_id: int | None, parent=None):
        summits = SummitService(ctx.db).choices()
        fields = [
            Field("code", N_("Short name"), required=True, max_length=30, placeholder=N_("For example IberBLH")),
            Field("name_es", N_("Name (Spanish)"), required=True, max_length=250),
            Field("name_pt", N_("Name (Portuguese)"), max_length=250),
            Field("approved_summit_id", N_("Approved at the summit"), "choice", choices=lambda: summits),
            Field("approved_on", N_("Approved on"), "date"),
            Field("secretariat", N_("Secretariat"), max_length=250),
            Field("objectives_es", N_("Objectives (Spanish)"), "multiline"),
            Field("objectives_pt", N_("Objectives (Portuguese)"), "multiline"),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = ProgrammeService(ctx.db)
        title = _("New programme") if record_id is None else _("Programme {code}").format(
            code=service.get(record_id)["code"])
        super().__init__(service, fields, record_id, title=title, parent=parent)
        self.members: MembersList | None = None
        if record_id is not None:
            self.members = MembersList(ctx, record_id)
            self.add_tab(self.members, _("Member countries"))
        else:
            note = QLabel(_("Save the programme first; then open it again to add its member countries."),
                          wordWrap=True)
            note.setAlignment(Qt.AlignmentFlag.AlignTop)
            self.add_tab(note, _("Member countries"))
        self.resize(720, 640)


# --- the page


class ProgrammesPage(QWidget):
    """show_options: open_id (a milestone), delayed=True, country_id, view (matrix, timeline, list,
    country, indicators), programme_id."""

    def __init__(self, ctx: AppContext, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today  # None: the real date (tests pass a fixed one)
        self.programmes = ProgrammeService(ctx.db)
        self.milestones = MilestoneService(ctx.db, today=today)
        self.members = MemberService(ctx.db)
        self.programme_id: int | None = None
        self.countries: list[tuple[int, str, str]] = []
        self._stale = set(VIEWS)

        self.programme = QComboBox(objectName="programme")
        self.programme.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.programme_info = QLabel(objectName="programme_info", wordWrap=True)
        self.programme_info.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_programme_button = QPushButton(_("Programme and members…"), objectName="edit_programme")
        self.new_programme_button = QPushButton(_("New programme…"), objectName="new_programme")
        self.new_milestone_button = QPushButton(_("New milestone…"), objectName="new_milestone")

        self.matrix = MatrixView(self)
        self.timeline = TimelineView(self)
        self.list = MilestonesList(self)
        self.country = CountryView(self)
        self.indicators = IndicatorsView(self)
        self.tabs = QTabWidget(objectName="views")
        self.tabs.addTab(self.matrix, _("Where each country stands"))
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.list, _("Milestones"))
        self.tabs.addTab(self.country, _("Country"))
        self.tabs.addTab(self.indicators, _("Indicators"))

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Programme:")))
        top.addWidget(self.programme, 1)
        top.addStretch(0)
        top.addWidget(self.new_milestone_button)
        top.addWidget(self.edit_programme_button)
        top.addWidget(self.new_programme_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.programme_info)
        layout.addWidget(self.tabs, 1)

        self.programme.currentIndexChanged.connect(self._programme_chosen)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.edit_programme_button.clicked.connect(lambda: self.open_programme(self.programme_id))
        self.new_programme_button.clicked.connect(lambda: self.open_programme(None))
        self.new_milestone_button.clicked.connect(lambda: self.open_milestone(None))
        self.matrix.cell_activated.connect(self._matrix_cell)
        self.matrix.show_delayed.connect(lambda view: self.show_options(delayed=True, view=view))
        self.indicators.imported.connect(lambda: self._stale.add("country"))

        view = ctx.settings.value("iberblh/view", "matrix")
        self.tabs.setCurrentIndex(VIEWS.index(view) if view in VIEWS else 0)
        remembered = ctx.settings.value("iberblh/programme")
        self.load_programmes(int(remembered) if str(remembered or "").isdigit() else None)

    def today_date(self) -> dt.date:
        return self.today or dt.date.today()

    # --- programmes
    def load_programmes(self, select_id: int | None = None) -> None:
        choices = self.programmes.choices(self.ctx.lang)
        self.programme.blockSignals(True)
        self.programme.clear()
        for programme_id, code, name in choices:
            self.programme.addItem(f"{code} — {name}", programme_id)
        index = self.programme.findData(select_id if select_id is not None else self.programme_id)
        self.programme.setCurrentIndex(max(index, 0) if choices else -1)
        self.programme.blockSignals(False)
        self._programme_chosen()

    def select_programme(self, programme_id: int) -> None:
        index = self.programme.findData(programme_id)
        if index >= 0 and index != self.programme.currentIndex():
            self.programme.setCurrentIndex(index)

    def _programme_chosen(self) -> None:
        self.programme_id = self.programme.currentData()
        has = self.programme_id is not None
        for button in (self.edit_programme_button, self.new_milestone_button):
            button.setEnabled(has)
        if has:
            self.ctx.settings.setValue("iberblh/programme", self.programme_id)
            info = self.programmes.summary(self.programme_id, self.ctx.lang)
            parts = []
            if info["approved_on"]:
                parts.append(_("Approved on {date}").format(date=active().format_date(info["approved_on"])))
            if info["secretariat"]:
                parts.append(_("Secretariat: {name}").format(name=info["secretariat"]))
            self.programme_info.setText(" · ".join(parts))
            self.programme_info.setToolTip(info["objectives"])
            self.countries = self.members.countries(self.programme_id, self.ctx.lang)
        else:
            self.programme_info.setText(_("There is no programme yet: create one with “New programme…”."))
            self.countries = []
        for view in (self.timeline, self.list, self.country, self.indicators):
            view.set_countries(self.countries)
        self.refresh_all()

    # --- views
    def current_view(self) -> str:
        return VIEWS[self.tabs.currentIndex()]

    def view_widget(self, key: str) -> QWidget:
        return {"matrix": self.matrix, "timeline": self.timeline, "list": self.list, "country": self.country,
                "indicators": self.indicators}[key]

    def refresh_all(self) -> None:
        """Marks every view out of date and reloads the one shown."""
        self._stale = set(VIEWS)
        self._reload_current()

    def refresh(self) -> None:
        """Called by the main window each time the page is shown."""
        self.refresh_all()

    def _reload_current(self) -> None:
        key = self.current_view()
        self._stale.discard(key)
        self.view_widget(key).reload()

    def _tab_changed(self, _index: int) -> None:
        self.ctx.settings.setValue("iberblh/view", self.current_view())
        if self.current_view() in self._stale:
            self._reload_current()

    def show_view(self, key: str) -> None:
        index = VIEWS.index(key)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)  # reloads it if out of date
        elif key in self._stale:
            self._reload_current()

    def show_options(self, *, open_id: int | None = None, delayed: bool | None = None,
                     country_id: int | None = None, view: str | None = None,
                     programme_id: int | None = None, **_ignored) -> None:
        if open_id is not None:
            try:
                programme_id = self.milestones.programme_of(open_id)
            except errors.NotFound as exc:
                show_error(self, exc)
                return
        if programme_id is not None:
            self.select_programme(programme_id)
        self._stale = set(VIEWS)  # coming from elsewhere: show fresh data
        if view is None and (delayed or country_id is not None):
            view = "list"
        if view == "list":
            self._stale.discard("list")
            self.show_view("list")
            self.list.set_filters(country_id=country_id, delayed=bool(delayed))
        elif view == "timeline":
            for widget in (self.timeline.country, self.timeline.delayed, self.timeline.category):
                widget.blockSignals(True)
            self.timeline.country.setCurrentIndex(max(self.timeline.country.findData(country_id), 0))
            self.timeline.category.setCurrentIndex(0)
            self.timeline.delayed.setChecked(bool(delayed))
            for widget in (self.timeline.country, self.timeline.delayed, self.timeline.category):
                widget.blockSignals(False)
            self._stale.add("timeline")
            self.show_view("timeline")
        elif view == "country" and country_id is not None:
            self.show_view("country")
            self.country.select(country_id)
        elif view in VIEWS:
            self.show_view(view)
        if self.current_view() in self._stale:
            self._reload_current()
        if open_id is not None:
            self.open_milestone(open_id)

    def _matrix_cell(self, country_id, category) -> None:
        self._stale.discard("list")
        self.show_view("list")
        self.list.set_filters(country_id=country_id, category=category)

    # --- forms
    def open_milestone(self, record_id: int | None, defaults: dict | None = None) -> MilestoneForm | None:
        if self.programme_id is None:
            return None
        programme_id = self.milestones.programme_of(record_id) if record_id is not None else self.programme_id
        form = MilestoneForm(self.ctx, programme_id, record_id, today=self.today, defaults=defaults, parent=self)
        form.saved.connect(self._milestone_saved)
        form.deleted.connect(lambda _id: self.refresh_all())
        form.open()
        return form

    def _milestone_saved(self, milestone_id: int) -> None:
        self._stale = set(VIEWS) - {"list"}
        self.list.reload(select_id=milestone_id)
        if self.current_view() != "list":
            self._reload_current()

    def open_programme(self, record_id: int | None) -> ProgrammeForm:
        form = ProgrammeForm(self.ctx, record_id, parent=self)
        form.saved.connect(lambda saved_id: self.load_programmes(saved_id))
        form.deleted.connect(lambda _id: self.load_programmes())
        form.finished.connect(lambda _result: self.load_programmes(self.programme_id))
        form.open()
        return form
