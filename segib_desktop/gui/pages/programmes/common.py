"""What the programmes' views share: the views' names, the colours of the matrix, the timeline and
their legends, the list's own columns, and the country and year pickers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyle,
    QTableView,
    QWidget,
)

from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.table import Column
from segib_desktop.i18n import _, active

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


def _bold_metrics(table: QTableView) -> QFontMetrics:
    """Headers and totals are in bold: measured so, a text fits whichever way it is drawn."""
    bold = QFont(table.font())
    bold.setBold(True)
    return QFontMetrics(bold)


def _header_margin(table: QTableView) -> int:
    """What a header section leaves around its text, both sides together."""
    header = table.horizontalHeader()
    return 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 2


def fit_columns(table: QTableView, texts: Sequence[str], *, tight: bool = False) -> None:
    """No column narrower than the longest word of its headers or line of its cells (``texts``, each
    already split): where the window is too narrow for them all, the table scrolls sideways instead of
    cutting "1 con retraso", "Certificación" or "funcionamento". ``tight``: with the header's own margin
    only (figures, right-aligned), not a character's width each side."""
    metrics = _bold_metrics(table)
    widest = max(map(metrics.horizontalAdvance, texts), default=0)
    margin = _header_margin(table) if tight else 2 * metrics.averageCharWidth()
    table.horizontalHeader().setMinimumSectionSize(widest + margin)


def fit_header_height(table: QTableView) -> None:
    """The column headers as high as the tallest heading wrapped at its column's width: "Bancos de leite em
    funcionamento" takes three lines in a narrow window, and two lines' height cut it top and bottom."""
    header, model = table.horizontalHeader(), table.model()
    metrics = _bold_metrics(table)
    margin = _header_margin(table)
    tallest = metrics.height()
    for col in range(model.columnCount()):
        text = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        wrapped = metrics.boundingRect(QRect(0, 0, max(header.sectionSize(col) - margin, 1), 10000),
                                       int(Qt.TextFlag.TextWordWrap), text)
        tallest = max(tallest, wrapped.height())
    header.setMinimumHeight(tallest + 10)


class PercentColumn(Column):
    def display(self, value) -> str:
        return "" if value is None else active().format_percent(value / 100)


class FlagColumn(Column):
    """A true value reads as the column's ``flag`` text; a false one as nothing."""

    def display(self, value) -> str:
        return _("Delayed") if value else ""


def legend(items: Sequence[tuple[QColor, str, Qt.BrushStyle]]) -> QWidget:
    """A row of coloured swatches with their (already translated) meaning."""
    box = QWidget(objectName="legend")
    row = FlowRow(box)  # each swatch with its meaning, wrapping where the page is narrow
    row.setSpacing(12)
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
        pair = QWidget()
        pair_row = QHBoxLayout(pair)
        pair_row.setContentsMargins(0, 0, 0, 0)
        pair_row.addWidget(swatch)
        pair_row.addWidget(QLabel(text))
        row.addWidget(pair)
    return box


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
        combo.addItem(_("Network-wide"), read_programmes.NETWORK_WIDE)
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
