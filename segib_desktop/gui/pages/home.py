"""Home: the day's situation at a glance, each figure one click away from its list.

The figures come from ``core.read.home`` in a background thread; the
page shows itself at once and fills in when they arrive (and again each time it
is shown).

Kept whole: one page, its two small painted widgets (the figure card and the stacked bar
chart) and the page that lays them out; nothing else uses them, and a page read top to bottom is
easier to follow than three files of a hundred lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.enums import MandateStatus, MilestoneStatus
from segib_desktop.core.meeting_names import meeting_name
from segib_desktop.core.read import home as dashboard
from segib_desktop.core.read.home import ChartRow, Dashboard, NextSummit
from segib_desktop.core.read.rules import Phase
from segib_desktop.gui import formats, tab_order, theme
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.tasks import outage_logged, run_in_background
from segib_desktop.i18n import N_, _, active, plural, to_roman

WARNING = theme.WARNING  # the delayed milestones' bars; the page's styles are in resources/styles/app.qss
MANDATE_COLOURS = {
    MandateStatus.NOT_STARTED: "#928a7c",
    MandateStatus.IN_PROGRESS: "#3b7dd8",
    MandateStatus.FULFILLED: "#2e7d32",
    MandateStatus.ONGOING: "#00897b",
    MandateStatus.SUPERSEDED: "#8d6e63",
    MandateStatus.NOT_APPLICABLE: "#767676",
}
MILESTONE_SEGMENTS = (
    (MilestoneStatus.ACHIEVED.value, MilestoneStatus.ACHIEVED.label, "#2e7d32"),
    (MilestoneStatus.IN_PROGRESS.value, MilestoneStatus.IN_PROGRESS.label, "#3b7dd8"),
    (MilestoneStatus.PLANNED.value, MilestoneStatus.PLANNED.label, "#928a7c"),
    (dashboard.DELAYED, N_("Delayed"), WARNING),
    (MilestoneStatus.CANCELLED.value, MilestoneStatus.CANCELLED.label, "#767676"),
)
# The iberblh page's country filter value for the network-wide milestones.
NETWORK_WIDE_FILTER = 0

class FigureCard(QFrame):
    """A number and what it counts; clicking it (or Enter/Space on it) opens the list behind it."""

    clicked = Signal()

    def __init__(self, key: str, caption: str = "", *, compact: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName(f"figure_{key}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.value_label = QLabel("…", objectName="figure_value")
        self.value_label.setProperty("compact", compact)
        self.value_label.setProperty("warning", False)
        self._colour()
        self.caption_label = QLabel(caption, objectName="figure_caption", wordWrap=True)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(2)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_figure(self, value: int | str, caption: str | None = None, *, warning: bool = False) -> None:
        self.value_label.setText(formats.number(value) if isinstance(value, int) else value)
        if caption is not None:
            self.caption_label.setText(caption)
        if self.value_label.property("warning") != warning:
            self.value_label.setProperty("warning", warning)
            self._colour()
        self.setAccessibleName(f"{self.value_label.text()} {self.caption_label.text()}")

    def _colour(self) -> None:
        # By the palette, not a [warning="true"] style rule: re-polishing after the property changes
        # needs style(), which makes PySide6 build QStyle's Python type (6 ms of the first screen),
        # and a style sheet of the label's own costs a millisecond a card.
        colours = theme.current()
        palette = self.value_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         QColor(colours.warning if self.value_label.property("warning") else colours.value))
        self.value_label.setPalette(palette)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # a dark or light theme chosen while the program runs:
            QTimer.singleShot(0, self, self._colour)  # after the style sheet has styled the label again
        super().changeEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class MeetingLink(QPushButton):
    """A meeting as a link: its text painted here, cut with "…" at the box's edge, and no mnemonic. As a
    button's text it took one from the keyboard policy, which fell on a digit of its date ("2&8/12/2026",
    Alt+8), and a long name was cut mid-word."""

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.link_text = text
        self.setAccessibleName(text)  # what a screen reader says: the whole text
        self.setToolTip(text)
        self.setProperty("link", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)  # the focus mark
        painter = QPainter(self)
        font = self.font()
        font.setUnderline(self.underMouse())
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))  # the link colour (app.qss)
        area = self.rect().adjusted(2, 0, -2, 0)
        painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(font).elidedText(self.link_text, Qt.TextElideMode.ElideRight, area.width()))


class StackedBarChart(QWidget):
    """Horizontal stacked bars, one row per summit or country; a click on a bar says which row and segment."""

    bar_clicked = Signal(object, str)  # row key, segment key

    ROW_HEIGHT = 22
    BAR_GAP = 6

    def __init__(self, segments: Sequence[tuple[str, str, str]], empty_text: str, parent=None):
        super().__init__(parent)
        self.segments = [(key, label, QColor(colour)) for key, label, colour in segments]
        self.empty_text = empty_text
        self.rows: list[ChartRow] = []
        self.hint: QLabel | None = None  # "click a bar", below the chart
        self._legend: list[tuple[str, QColor, int]] | None = None
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_rows(self, rows: list[ChartRow]) -> None:
        self.rows = list(rows)
        if self.hint is not None:
            self.hint.setVisible(bool(self.rows))
        self.updateGeometry()
        self.update()

    # --- geometry (also used by the tests to click a bar)
    def _legend_entries(self) -> list[tuple[str, QColor, int]]:
        """(text, colour, width) of each legend entry, measured once: layouts ask for the height at
        every width they try (fifty times while the page is first laid out)."""
        if self._legend is None:
            metrics = self.fontMetrics()
            self._legend = [(_(label), colour, 16 + metrics.horizontalAdvance(_(label)) + 14)
                            for _key, label, colour in self.segments]
        return self._legend

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._legend = None
        super().changeEvent(event)

    def _legend_layout(self, width: int) -> tuple[list[tuple[int, int, str, QColor]], int]:
        """The legend's entries placed left to right, wrapping at ``width``: ([(x, y, text, colour)], height)."""
        line = self.fontMetrics().height() + 6
        x, y, placed = 0, 4, []
        for text, colour, needed in self._legend_entries():
            if x and x + needed > width:
                x, y = 0, y + line
            placed.append((x, y, text, colour))
            x += needed
        return placed, y + line + 6

    def _legend_height(self) -> int:
        return self._legend_layout(self.width())[1]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._legend_layout(width)[1] + max(len(self.rows), 2) * self.ROW_HEIGHT + 6

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(r.label) for r in self.rows), default=0)
        return min(widest + 12, max(self.width() // 3, 60))

    def _total_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("00000") + 8

    def sizeHint(self) -> QSize:
        return QSize(360, self.heightForWidth(max(self.width(), 360)))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # the legend may wrap differently

    def row_rect(self, index: int) -> QRect:
        """The whole bar area of a row (where a click selects it)."""
        top = self._legend_height() + index * self.ROW_HEIGHT
        left = self._label_width()
        return QRect(left, top + self.BAR_GAP // 2, self.width() - left - self._total_width(),
                     self.ROW_HEIGHT - self.BAR_GAP)

    def segment_rects(self, index: int) -> list[tuple[str, QRect]]:
        row = self.rows[index]
        area = self.row_rect(index)
        biggest = max((r.total for r in self.rows), default=0) or 1
        x, out = area.left(), []
        for key, _label, _colour in self.segments:
            n = row.counts.get(key, 0)
            if n:
                width = max(round(area.width() * n / biggest), 2)
                out.append((key, QRect(x, area.top(), width, area.height())))
                x += width
        return out

    def hit(self, pos) -> tuple[int, str | None] | None:
        """(row index, segment key or None) under a point: a row is its whole band, label included."""
        index = (pos.y() - self._legend_height()) // self.ROW_HEIGHT
        if pos.y() < self._legend_height() or not 0 <= index < len(self.rows):
            return None
        for key, rect in self.segment_rects(index):
            if rect.left() <= pos.x() <= rect.right():
                return index, key
        return index, None

    # --- painting
    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        for x, y, text, colour in self._legend_layout(self.width())[0]:
            p.fillRect(QRect(x, y + 3, 12, 12), colour)
            p.setPen(text_colour)
            p.drawText(QRect(x + 16, y, metrics.horizontalAdvance(text) + 4, metrics.height() + 4),
                       Qt.AlignmentFlag.AlignVCenter, text)
        if not self.rows:
            p.setPen(QColor(theme.current().hint))
            p.drawText(self.rect().adjusted(0, self._legend_height(), 0, 0), Qt.AlignmentFlag.AlignCenter,
                       self.empty_text)
            return
        label_width = self._label_width()
        for index, row in enumerate(self.rows):
            area = self.row_rect(index)
            p.setPen(text_colour)
            p.drawText(QRect(0, area.top() - 3, label_width - 8, area.height() + 6),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - 8))
            colours = {key: colour for key, _label, colour in self.segments}
            end = area.left()
            for key, rect in self.segment_rects(index):
                p.fillRect(rect, colours[key])
                end = rect.right()
            p.setPen(text_colour)
            p.drawText(QRect(end + 6, area.top() - 3, self._total_width() + 40, area.height() + 6),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       formats.number(row.total))

    # --- interaction
    def mouseReleaseEvent(self, event) -> None:
        found = self.hit(event.position().toPoint())
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            index, segment = found
            self.bar_clicked.emit(self.rows[index].key, segment or "")
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event) -> None:
        over = self.hit(event.position().toPoint())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            found = self.hit(event.pos())
            if found is None:
                QToolTip.hideText()
                return True
            row = self.rows[found[0]]
            lines = [f"<b>{row.label}</b>"] + [
                f"{_(label)}: {formats.number(row.counts[key])}"
                for key, label, _colour in self.segments if row.counts.get(key)]
            QToolTip.showText(event.globalPos(), "<br>".join(lines), self)
            return True
        return super().event(event)


# The figures at the top of the page: each one's caption, one and many ("1 overdue mandate", "3 overdue mandates")
CAPTIONS = {
    "overdue": (N_("overdue mandate"), N_("overdue mandates")),
    "due_soon": (N_("mandate due in the next 30 days"), N_("mandates due in the next 30 days")),
    "open_actions": (N_("open action item"), N_("open action items")),
    "overdue_actions": (N_("overdue action item"), N_("overdue action items")),
    "delayed": (N_("delayed IberBLH milestone"), N_("delayed IberBLH milestones")),
    "next_summit": (N_("day to the next summit"), N_("days to the next summit")),
}


class HomePage(QWidget):
    """The first page: key figures, the next meetings, and two charts."""

    loaded = Signal()  # the figures are on screen

    def __init__(self, ctx: AppContext, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today  # None: the real date, read at each refresh
        self.figures: Dashboard | None = None
        self._generation = 0
        self.reload()  # first: the figures are read while the widgets are built

        # Built from the outside in: with style sheets, a widget moved into another parent is styled again
        # with all it holds (built inside out, the page was styled three times over: 7 ms of the first screen).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no empty Tab stop: the cards take the focus, it follows
        layout.addWidget(scroll)
        content = QWidget(objectName="home_content")
        scroll.setWidget(content)
        grid = QGridLayout(content)
        grid.setContentsMargins(12, 10, 12, 12)
        grid.setVerticalSpacing(12)
        grid.setHorizontalSpacing(12)
        grid.setRowStretch(4, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        heading = QVBoxLayout()
        grid.addLayout(heading, 0, 0, 1, 2)
        self.title = QLabel(_("Home"), objectName="page_title")
        heading.addWidget(self.title)
        # A new, empty database: where to start (shown with the figures, when there is nothing to count).
        self.empty_hint = QLabel(_("No mandates are recorded yet. Record a summit's documents and meetings on the "
                                   "Meetings page and their mandates on the Mandates page, or bring in another "
                                   "workstation's data with File > Import."), objectName="empty_hint", wordWrap=True)
        self.empty_hint.hide()
        heading.addWidget(self.empty_hint)

        self.cards: dict[str, FigureCard] = {}
        top = QGridLayout()
        top.setSpacing(10)
        grid.addLayout(top, 1, 0, 1, 2)
        for column, (key, (_one, caption)) in enumerate(CAPTIONS.items()):
            card = FigureCard(key, _(caption))
            card.clicked.connect(lambda k=key: self.open_figure(k))
            self.cards[key] = card
            top.addWidget(card, 0, column)
            top.setColumnStretch(column, 1)

        self.status_box = QGroupBox(_("Mandates by status"))
        grid.addWidget(self.status_box, 2, 0)
        status_layout = QGridLayout(self.status_box)
        for i, status in enumerate(MandateStatus):
            card = FigureCard(f"status_{status.value}", _(status.label), compact=True)
            card.clicked.connect(lambda s=status: self.ctx.navigate("mandates", status=s.value))
            self.cards[f"status_{status.value}"] = card
            status_layout.addWidget(card, i // 3, i % 3)
        review = FigureCard("to_review", _("to review within 30 days"), compact=True)
        review.setToolTip(_("Open mandates whose review date has come or comes in the next 30 days."))
        review.clicked.connect(lambda: self.open_figure("to_review"))
        self.cards["to_review"] = review
        status_layout.addWidget(review, 0, 3, 2, 1)  # beside the statuses: the box keeps its height

        self.meetings_box = QGroupBox(_("Next meetings"))
        grid.addWidget(self.meetings_box, 2, 1)
        self.meetings_layout = QVBoxLayout(self.meetings_box)
        self.meetings_layout.setSpacing(0)
        self.all_meetings = QPushButton(_("All upcoming meetings…"), objectName="all_meetings")
        self.all_meetings.setProperty("link", True)
        self.all_meetings.setCursor(Qt.CursorShape.PointingHandCursor)
        self.all_meetings.clicked.connect(lambda: self.ctx.navigate("meetings", upcoming=True))
        self.meeting_buttons: list[QPushButton] = []
        self.no_meetings = QLabel(_("No meetings are planned."), objectName="no_meetings")
        self.meetings_layout.addWidget(self.no_meetings)
        self.meetings_layout.addStretch(1)
        self.meetings_layout.addWidget(self.all_meetings)

        self.summit_chart = self._chart_box(
            grid, 3, 0, 1, _("Mandates per summit, by status"), "summit_chart",
            [(s.value, s.label, MANDATE_COLOURS[s]) for s in MandateStatus], _("No mandates yet."))
        self.summit_chart.bar_clicked.connect(self._open_summit_bar)
        self.country_chart = self._chart_box(
            grid, 3, 1, 2, _("IberBLH milestones per country"), "country_chart", MILESTONE_SEGMENTS,
            _("No IberBLH milestones yet."))
        self.country_chart.bar_clicked.connect(self._open_country_bar)
        tab_order.follow_reading_order(self)  # Tab as the page reads: the figures, then the meetings

    @staticmethod
    def _chart_box(grid: QGridLayout, row: int, column: int, rows: int, title: str, name: str,
                   segments: Sequence[tuple[str, str, str]], empty_text: str) -> StackedBarChart:
        """A chart in its titled box at (row, column) of ``grid``, with "click a bar" below it."""
        box = QGroupBox(title)
        grid.addWidget(box, row, column, rows, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(box)
        chart = StackedBarChart(segments, empty_text)
        chart.setObjectName(name)
        layout.addWidget(chart)
        hint = QLabel(_("Click a bar to open its list."), objectName="chart_hint")
        hint.setVisible(False)
        chart.hint = hint  # said only where there are bars to click
        layout.addWidget(hint)
        return chart

    # --- loading
    def refresh(self) -> None:
        """Shown again: the figures may have changed elsewhere."""
        self.reload()

    def reload(self) -> None:
        """Reads the figures again, in the background; a result read before the last call is not shown."""
        self._generation += 1
        generation, db, lang = self._generation, self.ctx.db, self.ctx.lang
        today = self.today or dt.date.today()

        def show(figures: Dashboard) -> None:
            if generation == self._generation:
                self.show_figures(figures)

        run_in_background(lambda: dashboard.figures(db, today=today, lang=lang), show,
                          outage_logged("the home page's figures were not read"))

    def show_figures(self, d: Dashboard) -> None:
        self.figures = d
        self.title.setText(_("Today, {date}").format(date=formats.long_date(d.today)))
        for key, value, warning in (("overdue", d.overdue_mandates, True), ("due_soon", d.due_soon, False),
                                    ("open_actions", d.open_actions, False),
                                    ("overdue_actions", d.overdue_actions, True),
                                    ("delayed", d.delayed_milestones, True)):
            # "1 overdue mandate", not "1 overdue mandates"
            self.cards[key].set_figure(value, plural(value, *CAPTIONS[key]), warning=warning and value > 0)
        self._show_next_summit(d.next_summit)
        self.cards["to_review"].set_figure(d.to_review)
        self.status_box.setTitle(_("Mandates by status ({total})").format(total=formats.number(d.mandates_total)))
        for status, count in d.mandates_by_status.items():
            self.cards[f"status_{status.value}"].set_figure(count)
        self._show_meetings(d)
        self.summit_chart.set_rows(d.mandates_per_summit)
        self.country_chart.set_rows(d.milestones_per_country)
        self.empty_hint.setVisible(d.mandates_total == 0 and not d.next_meetings)
        self.loaded.emit()

    def _show_next_summit(self, summit: NextSummit | None) -> None:
        """Being held, or how many days to it, or that its date is still to be fixed (read.rules: where a
        summit stands); each sentence has a variant for a venue not yet decided."""
        card = self.cards["next_summit"]
        if summit is None:
            card.set_figure("—", _("No summit is planned."))
            return
        number, city = to_roman(summit.number), summit.city
        if summit.phase is Phase.UNDER_WAY:
            caption = _("Summit {number} is being held in {city}") if city else _("Summit {number} is being held")
            card.set_figure(_("Now"), caption.format(number=number, city=city))
        elif summit.start_date is None:
            caption = (_("summit {number} in {city}, date to be fixed") if city
                       else _("summit {number}, date to be fixed"))
            card.set_figure("—", caption.format(number=number, city=city))
        else:
            date = active().format_date(summit.start_date)
            caption = (plural(summit.days, N_("day to summit {number} in {city} ({date})"),
                              N_("days to summit {number} in {city} ({date})"), number=number, city=city, date=date)
                       if city else plural(summit.days, N_("day to summit {number} ({date})"),
                                           N_("days to summit {number} ({date})"), number=number, date=date))
            card.set_figure(summit.days, caption)

    def _show_meetings(self, d: Dashboard) -> None:
        for button in self.meeting_buttons:
            self.meetings_layout.removeWidget(button)
            button.deleteLater()
        self.meeting_buttons = []
        self.no_meetings.setVisible(not d.next_meetings)
        t = active()
        for i, m in enumerate(d.next_meetings):
            name = meeting_name(m.kind, m.number, m.extraordinary, m.sector)  # "II Reunión de …", as everywhere
            place = ", ".join(p for p in (m.city, m.country) if p)
            text = " · ".join(p for p in (t.format_date(m.start_date), name, place) if p)
            button = MeetingLink(text)
            button.setObjectName(f"meeting_{m.id}")
            # A long meeting name is cut at the box's edge (whole in its tooltip) rather than widening
            # the page beyond the window (a horizontal scroll bar in Portuguese at the default size).
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _c=False, mid=m.id: self.ctx.navigate("meetings", open_id=mid))
            self.meetings_layout.insertWidget(i, button)
            self.meeting_buttons.append(button)
        tab_order.follow_reading_order(self.meetings_box)  # made after the rest: before "All upcoming meetings…"

    # --- opening the lists behind the figures
    def open_figure(self, key: str) -> None:
        d = self.figures
        if key == "overdue":
            self.ctx.navigate("mandates", overdue=True)
        elif key == "to_review":
            self.ctx.navigate("mandates", to_review=True)
        elif key == "due_soon":
            self.ctx.navigate("mandates", due_within=dashboard.DUE_SOON_DAYS)
        elif key == "open_actions":
            self.ctx.navigate("coordination", view="actions")
        elif key == "overdue_actions":
            self.ctx.navigate("coordination", view="actions", overdue=True)
        elif key == "delayed":
            self.ctx.navigate("iberblh", delayed=True, **self._programme())
        elif key == "next_summit":
            if d is not None and d.next_summit is not None:
                self.ctx.navigate("summits", open_id=d.next_summit.id)
            else:
                self.ctx.navigate("summits")

    def _open_summit_bar(self, summit_id: int, segment: str) -> None:
        options = {"summit_id": summit_id}
        if segment:
            options["status"] = segment
        self.ctx.navigate("mandates", **options)

    def _programme(self) -> dict:
        """The IberBLH programme, so that its page shows it whatever programme it showed before."""
        d = self.figures
        return {"programme_id": d.programme_id} if d is not None and d.programme_id is not None else {}

    def _open_country_bar(self, country_id: int | None, segment: str) -> None:
        options = {"country_id": NETWORK_WIDE_FILTER if country_id is None else country_id, **self._programme()}
        if segment == dashboard.DELAYED:
            options["delayed"] = True
        elif segment:  # its status (an open one's list also shows its delayed milestones, in red)
            options["status"] = segment
        self.ctx.navigate("iberblh", **options)

