"""The yearly indicators: the editable grid (country and year by indicator), its view and its import."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core.models import Indicator
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.read.programmes import GridRow
from segib_desktop.core.services.programmes import (
    IndicatorService,
    parse_number,
)
from segib_desktop.gui import formats
from segib_desktop.gui.pages.programmes.common import (
    FIRST_YEAR,
    LAST_YEAR,
    country_combo,
    fill_country_combo,
    fit_columns,
    fit_header_height,
)
from segib_desktop.gui.widgets.dialogs import show_error, show_info
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.i18n import _, active

if TYPE_CHECKING:
    from segib_desktop.gui.pages.programmes.page import ProgrammesPage


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
            # Every digit stored (5394.4567, not 5394.46): opening a cell and pressing Enter changes nothing.
            text = format(Decimal(repr(float(value))), "f")
            if "." in text:
                text = text.rstrip("0").rstrip(".")
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
        if number == self.values.get(key):
            return True  # the same figure: nothing to write, nothing in the history
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
        # Their choices are values, not what they choose: a screen reader says what they choose.
        self.mode.setAccessibleName(_("Figures shown"))
        self.year.setAccessibleName(_("Year"))
        self.country.setAccessibleName(_("Country"))
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
        header.sectionResized.connect(lambda *_args: fit_header_height(self.table))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        hint = QLabel(_("Type a figure and press Enter: it is saved at once. Clear a cell to remove its figure. "
                        "A CSV file has the columns country, year, indicator and value; if any row is wrong, "
                        "nothing is imported and each wrong row is listed by its line number."), wordWrap=True)
        tools = FlowRow()
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
        self._reload_waiting = False  # asked while a figure was being typed: done once its cell is left
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)

    def _editor_closed(self, *_args) -> None:
        if self._reload_waiting:
            self._reload_waiting = False
            QTimer.singleShot(0, self.reload)  # after the closing editor has saved its figure

    def set_countries(self, countries) -> None:
        self.countries = countries
        fill_country_combo(self.country, countries)

    def _save(self, country_id: int, year: int, indicator: Indicator, value: float | None) -> None:
        self.service.set_value(self.page.programme_id, country_id, year, indicator, value)

    def reload(self) -> None:
        """Reads the grid again; not under a figure being typed (another officer's save, seen by the window's
        watch, reset the grid and threw the typing away): then once its cell is left."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            self._reload_waiting = True
            return
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
            values = read_programmes.indicator_values(self.page.ctx.db, programme_id, year=year)
        else:
            country_id = self.country.currentData()
            if country_id is None:
                self.model.set_grid([], {})
                return
            years = set(read_programmes.indicator_years(self.page.ctx.db, programme_id, country_id)) | self.extra_years
            if not years:
                years = {self.page.today_date().year - 1}
            rows = [GridRow(country_id, y, str(y)) for y in sorted(years)]
            values = read_programmes.indicator_values(self.page.ctx.db, programme_id, country_id=country_id)
        self.model.set_grid(rows, values)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """No column narrower than a word of its heading or a figure; the headers as high as their headings."""
        model = self.model
        words = [word for col in range(model.columnCount())
                 for word in str(model.headerData(col, Qt.Orientation.Horizontal)).split()]
        figures = [str(model.data(model.index(row, col)) or "") for row in range(model.rowCount())
                   for col in range(model.columnCount())]
        fit_columns(self.table, words + figures, tight=True)
        fit_header_height(self.table)

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
