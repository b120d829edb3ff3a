"""A country's page: its milestones and an indicator's yearly bars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.models import Indicator
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.gui import formats, theme
from segib_desktop.gui.pages.programmes.common import (
    IN_PROGRESS_COLOUR,
    country_combo,
    fill_country_combo,
)
from segib_desktop.gui.pages.programmes.milestones import MilestonesList
from segib_desktop.i18n import _, active

if TYPE_CHECKING:
    from segib_desktop.gui.pages.programmes.page import ProgrammesPage


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
        # Its choice is a value: a screen reader says what it chooses (not "Country", the tab's own name).
        self.country.setAccessibleName(_("Country shown"))
        self.heading = QLabel(objectName="country_heading", wordWrap=True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.counts = QLabel(objectName="country_counts", wordWrap=True)
        self.list = MilestonesList(page, fixed_country=True)
        self.indicator = QComboBox(objectName="chart_indicator", accessibleName=_("Indicator"))
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
        info = read_programmes.country_summary(page.ctx.db, page.programme_id, country_id, page.ctx.lang,
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
        self.counts.setStyleSheet(theme.warning_style() if c["delayed"] else "")
        self.list.reload()
        self.reload_chart()

    def reload_chart(self) -> None:
        page, country_id = self.page, self.country.currentData()
        indicator = Indicator(self.indicator.currentData())  # Qt hands the enum back as a plain str
        if page.programme_id is None or country_id is None:
            self.chart.set_series([], "")
            return
        series = read_programmes.indicator_series(page.ctx.db, page.programme_id, country_id, indicator)
        years = f", {series[0].year}–{series[-1].year}" if series else ""
        self.chart.set_series(series, f"{self.country.currentText()}{years}")  # the indicator is named above
