"""The timeline of planned against actual dates: its geometry first (pure, tested without a
window), then the canvas that paints it and the view around it."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.models import MilestoneCategory, MilestoneStatus
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.gui.pages.programmes.common import (
    ACHIEVED_COLOUR,
    CANCELLED_COLOUR,
    DELAYED_COLOUR,
    FIRST_YEAR,
    IN_PROGRESS_COLOUR,
    LAST_YEAR,
    PLANNED_FILL,
    PLANNED_LINE,
    TODAY_COLOUR,
    country_combo,
    fill_country_combo,
    legend,
)
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.i18n import N_, _, active

if TYPE_CHECKING:
    from segib_desktop.gui.pages.programmes.page import ProgrammesPage


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

    ``groups`` is ``read.programmes.timeline``'s result. A milestone whose bars all
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
    lines = [m["title"], f"{_(category.label)} · {_(status.label)} · {t.format_percent(m['progress'] / 100)}",
             _("Planned: {period}").format(period=period(m["planned_start"], m["planned_end"])),
             _("Actual: {period}").format(period=period(m["actual_start"], m["actual_end"]))]
    if m["delayed"]:
        lines.append(_("Delayed: the planned end has passed without an actual end."))
    return "\n".join(lines)


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
        self.year_from.setAccessibleName(_("From year"))  # "From" alone, before its value, named nothing
        self.year_to.setAccessibleName(_("To year"))
        self.zoom = QComboBox(objectName="timeline_zoom", accessibleName=_("Years per screen"))
        for text, years in ZOOMS:
            self.zoom.addItem(_(text), years)
        self.today_button = QPushButton(_("Go to today"))
        self.canvas = TimelineCanvas()
        tools = FlowRow()
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
        groups = [] if programme_id is None else read_programmes.timeline(
            self.page.ctx.db, programme_id, self.page.ctx.lang, today=self.page.today_date(), country_id=self.country.currentData(),
            delayed=True if self.delayed.isChecked() else None, category=self.category.currentData())
        self.canvas.set_data(groups, self.page.today_date(), self.year_from.value(), self.year_to.value(),
                             self.zoom.currentData() or 0)
