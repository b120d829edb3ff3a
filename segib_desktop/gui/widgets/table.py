"""The one way to build a list: a table model over plain rows, and the page around it.

The read layer (``core.read``) returns named rows (NamedTuples with an ``id`` field); each
``Column`` names the field it shows. The model reads the fields by name (one ``attrgetter`` per
column, made once), formats them for display, filters them in Python on a folded (case- and
accent-free) text built once per load, and sorts them in Python by their raw values. No Qt sort-filter proxy: on 20,000 rows it costs
over a second per keystroke, this about 45 ms.

Kept whole: the model and the page around it change together (sorting, the selection that
follows its records, the columns' widths and what an export writes); every list is this one page.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
import logging
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import compress, repeat
from operator import attrgetter, contains
from pathlib import Path
from typing import Any, NamedTuple

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import collector, spreadsheet
from segib_desktop.core.services.base import CrudService
from segib_desktop.gui import formats, tab_order, theme
from segib_desktop.gui.widgets.dialogs import confirm, delete_with_confirmation, show_error, show_written
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.tasks import run_in_background
from segib_desktop.i18n import C_, N_, _, active, fold, natural_key, plural, to_roman

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole
DECORATION_ROLE = Qt.ItemDataRole.DecorationRole
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
ACCESSIBLE_ROLE = Qt.ItemDataRole.AccessibleTextRole
# A marked row's first cell: a sign, the word under the pointer, and the word a screen reader says with it.
_MARKS = frozenset({DECORATION_ROLE, TOOLTIP_ROLE, ACCESSIBLE_ROLE})
_ANSWERED = frozenset({DISPLAY_ROLE, FOREGROUND_ROLE, ALIGNMENT_ROLE, SORT_ROLE, ID_ROLE}) | _MARKS
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
GIVING = frozenset({"text", "enum"})  # the kinds of column whose text may be cut for the titles' room

log = logging.getLogger(__name__)
_warning_icon: QIcon | None = None


def warning_icon() -> QIcon:
    """The platform's warning sign (Windows' own there), made once: an overdue or delayed row's mark."""
    global _warning_icon
    if _warning_icon is None:
        _warning_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return _warning_icon


@dataclass(frozen=True)
class Column:
    """A shown column: ``header`` is an English msgid; ``kind`` says how to format the value; ``field``
    names the row's field it shows (a row is a named row with an ``id``)."""

    header: str
    kind: str = "text"  # text, int, roman, date, enum, bool
    width: int | None = None  # characters; None sizes from a sample of rows
    stretch: bool = False
    whole: bool = False  # never cut (a code): as wide as the longest value of all the rows
    field: str = dataclass_field(kw_only=True, default="")
    # the row's field its header click sorts by, if not ``field``: a mandate's code sorts by its place in a
    # mandate's code order (read.rules), which the code's text alone cannot give ("XXIX" after "XXVIII")
    sort_field: str = dataclass_field(kw_only=True, default="")

    def __post_init__(self) -> None:
        if not self.field:
            raise TypeError(f"The column {self.header!r} names no field of its rows.")

    def display(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        if self.kind == "date":
            return active().format_date(value)
        if self.kind == "enum":
            return _(value.label) if isinstance(value, enum.Enum) else str(value)
        if self.kind == "roman":
            return to_roman(value)
        if self.kind == "bool":
            return _("Yes") if value else _("No")
        return str(value)


def export_value(column: Column, value: Any) -> Any:
    """A cell for a spreadsheet: dates and plain numbers as values, everything else as the list shows it."""
    plain = type(column).display is Column.display  # a column that formats its own way exports its text
    if plain and column.kind == "date" and isinstance(value, dt.date):
        return value
    if plain and column.kind == "int" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return column.display(value)


_EMPTY = (1, 0)


def _sort_key(value: Any) -> tuple:
    """Sorts None last, text as people do (``natural_key``: DEC-2 before DEC-10), everything else by value."""
    if value is None or value == "":
        return _EMPTY
    if isinstance(value, dt.date | int | float | bool):
        return (0, value)
    return (0, natural_key(value if isinstance(value, str) else str(value)))


class Ranking(NamedTuple):
    """A column's order of the loaded rows (``sort_ranks``), computed once per load, off the UI thread."""

    ranks: array  # each row's place by the column's value (equal values share one), in load order
    ascending: array  # the rows' places in the column's order, equal values in load order
    descending: array  # the other way, equal values still in load order, rows without a value still last
    down: array  # each row's place in the descending order (as ``ranks``), a row without a value last


def sort_ranks(rows: Sequence[tuple], value: Callable[[tuple], Any]) -> Ranking:
    """Each row's place among ``rows`` by its ``value`` (a column's getter; ``_sort_key``'s order; equal values share
    one), in the rows' order, and the rows in that order both ways. Sorting by these integers is sorting
    by ``_sort_key`` without calling it again (a C sort of integers), and a sort of every loaded row is a
    copy of an order kept here (200,000 rows: 5 ms instead of 80). Safe in a background thread."""
    keys = [_sort_key(value(row)) for row in rows]
    ranks = array("i", bytes(4 * len(keys)))  # 32 bits: 17 MB for seven columns of 200,000 rows
    ascending = array("i", sorted(range(len(keys)), key=keys.__getitem__))
    rank, previous = -1, None
    for i in ascending:
        if rank < 0 or keys[i] != previous:
            rank, previous = rank + 1, keys[i]
        ranks[i] = rank
    # Descending, rows without a value stay last, as spreadsheets put blanks (the latest due dates first, not the
    # thousands of ongoing mandates that have none): the empty value's rank is the highest, when there is one
    empty = rank if ascending and keys[ascending[-1]] == _EMPTY else None
    down = array("i", (rank - r if r != empty else rank + 1 for r in ranks))
    return Ranking(ranks, ascending, array("i", sorted(range(len(keys)), key=down.__getitem__)), down)


class RowTableModel(QAbstractTableModel):
    """Rows of plain values; filtering and sorting happen here, in Python."""

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._values = [attrgetter(c.field) for c in self.columns]  # each column's value, by name
        self._sort_values = [attrgetter(c.sort_field or c.field) for c in self.columns]  # what it sorts by
        self._all: list[tuple] = []
        self._fields: dict[str, list] = {}  # field -> its value in each loaded row (count_shown)
        self._folded: list[str] | None = None  # built on the first text filter (or given: set_texts)
        self._shown: list[int] = []  # the shown rows' places in _all, in their shown order
        self._text = ""
        self._matched: tuple[str, list[int]] | None = None  # the last text filtered for, and its rows' places
        self._predicate: Callable[[tuple], bool] | None = None
        self._ranks: dict[int, Ranking] = {}  # column -> sort_ranks of the loaded rows, once per load
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.row_warning: Callable[[tuple], bool] | None = None  # rows to mark (overdue, delayed)
        self.warning_text: str = C_("a row of a list", "Overdue")  # what a marked row is, in words (a msgid)

    # --- contents
    def set_rows(self, rows: list[tuple], ranks: dict[int, Ranking] | None = None) -> None:
        """``ranks``: columns' ``sort_ranks`` of ``rows`` already computed (in the background)."""
        self.beginResetModel()
        self._all, self._folded, self._matched, self._fields = rows, None, None, {}
        self._ranks = dict(ranks or {})
        self._refilter()
        self.endResetModel()

    def texts_folder(self) -> Callable[[list[tuple]], list[str]]:
        """What folds the rows' shown text for the filter (``_refilter``'s default; safe in a background thread)."""
        pairs = list(zip(self.columns, self._values, strict=True))
        return lambda rows: [fold(" ".join(c.display(value(row)) for c, value in pairs)) for row in rows]

    def add_texts(self, rows: list[tuple], texts: list[str]) -> None:
        """The default texts folded in the background for ``rows``; ignored if others are loaded or given."""
        if rows is self._all and self._folded is None:
            self._folded, self._matched = texts, None

    def set_texts(self, texts: list[str]) -> None:
        """The folded texts the text filter searches, one per loaded row in load order (by default, the
        shown columns' text): a page may search more than it shows (a mandate's whole text)."""
        self._folded, self._matched = texts, None

    def add_ranks(self, rows: list[tuple], ranks: dict[int, Ranking]) -> None:
        """Columns' ``sort_ranks`` computed in the background for ``rows``; ignored if others are loaded."""
        if rows is self._all:
            for column, ranked in ranks.items():
                self._ranks.setdefault(column, ranked)

    def sort_column(self) -> int | None:
        return self._sort[0] if self._sort is not None else None

    def set_filter(self, text: str, predicate: Callable[[tuple], bool] | None = None) -> None:
        """Keeps the rows whose shown text contains every word of ``text`` (folded)."""
        self.beginResetModel()
        self._text, self._predicate = fold(text).strip(), predicate
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        rows = self._all
        places: list[int] | range = range(len(rows))
        if self._text:
            if self._folded is None:  # not folded in the background yet (a short list, or a letter typed at once)
                self._folded = self.texts_folder()(rows)
            places = self._text_matches(self._text)
        if self._predicate is not None:
            keep = self._predicate
            places = [i for i, row in zip(places, map(rows.__getitem__, places), strict=True) if keep(row)]
        if self._sort is not None:
            places = self._sorted(places, *self._sort)
        self._shown = list(places)

    def _text_matches(self, text: str) -> list[int]:
        """The places of the rows whose folded text holds every word of ``text``. While the text only grows
        (a word typed letter by letter), only the rows the shorter text matched are searched again."""
        folded = self._folded
        narrowing = self._matched is not None and text.startswith(self._matched[0])
        found = self._matched[1] if narrowing else range(len(folded))  # a row that lacks "coo" lacks "coop"
        for word in text.split():  # one pass a word, each a C loop (no Python call per row)
            texts = folded if isinstance(found, range) else map(folded.__getitem__, found)
            found = list(compress(found, map(contains, texts, repeat(word))))
        self._matched = (text, found)
        return found

    def _sorted(self, places: Sequence[int], column: int, order: Qt.SortOrder) -> list[int]:
        """``places`` (of loaded rows) in ``column``'s order, equal values in load order (as the list was read:
        a header click gives the same order whatever was clicked before). Each column's ``Ranking`` is
        computed once per load (folding 200,000 texts on every keystroke of a sorted list would cost more
        than the filtering); every row shown is its order copied, fewer are sorted by its integer ranks."""
        ranking = self._ranks.get(column)
        if ranking is None:
            ranking = self._ranks[column] = sort_ranks(self._all, self._sort_values[column])
        descending = order == Qt.SortOrder.DescendingOrder
        if len(places) == len(self._all):  # every loaded row, once each
            return list(ranking.descending if descending else ranking.ascending)
        return sorted(sorted(places), key=(ranking.down if descending else ranking.ranks).__getitem__)

    def total_count(self) -> int:
        return len(self._all)

    def all_rows(self) -> list[tuple]:
        """Every loaded row, filtered or not, in load order (the list itself: do not change it)."""
        return self._all

    def row_at(self, row: int) -> tuple:
        return self._all[self._shown[row]]

    def id_at(self, row: int) -> int:
        return self._all[self._shown[row]].id

    def value(self, row: tuple, column: int) -> Any:
        """The value ``row`` shows in ``column``."""
        return self._values[column](row)

    def getter(self, column: int) -> Callable[[tuple], Any]:
        """What reads ``column``'s value from a row (safe in a background thread)."""
        return self._values[column]

    def sort_getter(self, column: int) -> Callable[[tuple], Any]:
        """What reads the value ``column`` sorts by from a row (``Column.sort_field``; safe in a background
        thread)."""
        return self._sort_values[column]

    def row_of_id(self, record_id: int) -> int:
        rows = self._all
        for n, i in enumerate(self._shown):
            if rows[i].id == record_id:
                return n
        return -1

    def count_shown(self, field: str) -> Counter:
        """How many shown rows have each value of ``field``, counted in C. The loaded rows' values are kept in
        one list per load: reaching 50,000 rows scattered in memory for their field took 18 ms, this 8."""
        values = self._fields.get(field)
        if values is None:
            values = self._fields[field] = list(map(attrgetter(field), self._all))
        return Counter(map(values.__getitem__, self._shown))

    def visible_rows(self) -> list[tuple]:
        """The shown rows in their shown order (for exports)."""
        return list(map(self._all.__getitem__, self._shown))

    # --- Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = DISPLAY_ROLE):
        # A painted cell asks for eight roles or so, each a call into Python: the ones a list never
        # answers return before the row is looked up.
        if role not in _ANSWERED or not index.isValid():
            return None
        column = index.column()
        if role == ALIGNMENT_ROLE:
            return RIGHT_ALIGNED if self.columns[column].kind in ("int", "roman") else None
        if role in _MARKS:  # not by its colour alone (WCAG 1.4.1): a sign in the first cell, and in words
            if column or self.row_warning is None:
                return None
            return self._mark(self._all[self._shown[index.row()]], role)
        row = self._all[self._shown[index.row()]]
        if role == DISPLAY_ROLE:
            return self.columns[column].display(self._values[column](row))
        if role == FOREGROUND_ROLE:
            return theme.current().warning_brush if self.row_warning is not None and self.row_warning(row) else None
        if role == ID_ROLE:
            return row.id
        value = self._sort_values[column](row)  # SORT_ROLE
        return value if isinstance(value, int | float | str) else self.columns[column].display(value)

    def _mark(self, row: tuple, role: int):
        """A marked row's first cell: the warning sign, its word ("Overdue"), its text with the word."""
        if not self.row_warning(row):
            return None
        if role == DECORATION_ROLE:
            return warning_icon()
        if role == TOOLTIP_ROLE:
            return _(self.warning_text)
        return f"{self.columns[0].display(self._values[0](row))} ({_(self.warning_text)})"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].header)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # Qt's "no sort column": back to the order the rows were loaded in
            self.beginResetModel()
            self._sort = None
            self._refilter()
            self.endResetModel()
            return
        if self._sort == (column, order):
            return  # already in that order (a header's state restored emits its sort again)
        self.layoutAboutToBeChanged.emit()
        # The view's selection and current row are persistent indexes: they must follow their
        # records, or a Delete after a sort would act on whatever row took their place.
        persistent = self.persistentIndexList()
        places = [self._shown[i.row()] if i.isValid() and i.row() < len(self._shown) else None for i in persistent]
        self._sort = (column, order)
        self._shown = self._sorted(self._shown, column, order)
        if len(set(places)) > 16:  # many selected rows: where each place went, in one pass
            where = dict(zip(self._shown, range(len(self._shown)), strict=True))
        else:  # a few (the current row, a selection): found by a C scan each, no 200,000-entry map
            where = {p: self._shown.index(p) for p in set(places) if p is not None}
        moved = [self.index(where[p], old.column()) if p is not None else QModelIndex()
                 for old, p in zip(persistent, places, strict=True)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()


class MiddleElided(QStyledItemDelegate):
    """A code column's cells, cut in the middle where the room is short: a code's end tells it from its
    neighbours' ("XXVIII-RMRE2022-RES1/2022-1" … "-8"), which a cut at the end would hide."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def select_only(view: QAbstractItemView, row: int) -> None:
    """Selects ``row`` of ``view`` alone and makes it current (QTableView.selectRow toggles it while Ctrl is held)."""
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag
    view.selectionModel().setCurrentIndex(view.model().index(row, 0), flags.ClearAndSelect | flags.Rows)


def chosen_row(view: QAbstractItemView) -> int | None:
    """The row Enter takes in a list: the selected one (the first), else the current one, else the only one
    shown; None when there is none of these."""
    rows = view.selectionModel().selectedRows()
    if rows:
        return rows[0].row()
    count = view.model().rowCount()
    index = view.currentIndex()
    if index.isValid() and index.row() < count:
        return index.row()
    return 0 if count == 1 else None


class ListKeys(QObject):
    """The keys of a list under its filter box, as the guide states them for every list: Down in the filter
    passes to the list; Enter in the filter takes the chosen row, or the only one left (``enter``); the list,
    entered with nothing selected, selects its current row (else its first), so that Enter there takes the
    row the user sees marked. ``settle`` first applies a filter still waiting (a list that filters a moment
    after the typing). The pages' lists (``ListPage``) and the dialogs that choose from a list use it."""

    def __init__(self, filter_edit: QLineEdit, view: QAbstractItemView, enter: Callable[[], None],
                 settle: Callable[[], None] | None = None):
        super().__init__(view)
        self.filter_edit, self.view, self.enter, self.settle = filter_edit, view, enter, settle
        filter_edit.installEventFilter(self)
        view.installEventFilter(self)

    def _to_an_end(self, event) -> bool:
        """Home and End (with Ctrl or not) go to the first and last row: a list chooses rows, and Qt's End went
        to the last column of the row, its Ctrl+End to the first row when no row was current (after a
        header click)."""
        ends = {Qt.Key.Key_Home: 0, Qt.Key.Key_End: -1}
        count = self.view.model().rowCount()
        if event.key() not in ends or not count or event.modifiers() & ~Qt.KeyboardModifier.ControlModifier:
            return False
        row = ends[event.key()] % count
        select_only(self.view, row)
        self.view.scrollTo(self.view.model().index(row, 0))
        return True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                if self.settle is not None:
                    self.settle()
                if self.view.model().rowCount():
                    self.view.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.settle is not None:  # typed and Return at once: filter first
                    self.settle()
                self.enter()
                return True
        elif obj is self.view and event.type() == QEvent.Type.KeyPress and self._to_an_end(event):
            return True
        elif obj is self.view and event.type() == QEvent.Type.FocusIn and self.view.model().rowCount():
            # Not for a click: the click chooses its own row (a Ctrl+click added the first row to it too)
            if event.reason() != Qt.FocusReason.MouseFocusReason and not self.view.selectionModel().selectedRows():
                index = self.view.currentIndex()
                select_only(self.view, index.row() if index.isValid() else 0)
        return False


class ListPage(QWidget):
    """A module's list: filter box, extra filters, table, count and the New/Open/Delete actions.

    Subclasses set ``columns`` (and ``service`` for deletes) and implement
    ``fetch(**query)``, which runs in a background thread (services only, no
    widgets), and ``open_record(id|None)``. Filters that the service applies in
    SQL are read from the widgets, on the UI thread, by ``query()``; filters
    applied to loaded rows come from ``row_filter()``. Filter widgets and a page's own buttons go in
    ``self.filters_row`` (before New and Delete); a page's further rows of them are ``FlowRow`` too.
    """

    columns: Sequence[Column] = ()
    default_sort: tuple[int, Qt.SortOrder] | None = None
    service: CrudService | None = None
    count_text = N_("{shown} of {total}")
    count_text_one = ""  # the same when the list holds one row ("1 of 1 mandate"), if the words differ
    export_title = ""  # English msgid naming the exported file; by default the page's (and tab's) title
    editing_buttons: Sequence[str] = ()  # object names of the page's own buttons that change data (read-only mode)
    own_texts = False  # the page gives the filter texts of its own (model.set_texts), not the shown columns'
    loaded = Signal()
    exported = Signal(str)  # the spreadsheet written by "Export…"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowTableModel(self.columns, self)
        self._generation = 0
        self._selected_after_load: int | None = None

        self.filter_edit = QLineEdit(placeholderText=_("Filter… (Ctrl+F)"), clearButtonEnabled=True)
        self.filter_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 14)  # never squeezed to "Fi…"
        self.filter_edit.setObjectName("filter")
        self.count_label = QLabel()
        self.new_button = QPushButton(_("New"))
        self.new_button.setToolTip(_("New record (Ctrl+N)"))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected record (Del)"))
        # The filter, the page's filters and buttons (``filters_row``), then New and Delete: wrapping onto
        # more lines where the page is narrow (widgets/flow.py), never making it scroll sideways.
        self.filters_row = FlowRow()
        self.filters_row.addWidget(self.filter_edit, 2)
        self.filters_row.add_end(self.new_button)
        self.filters_row.add_end(self.delete_button)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setIconSize(QSize(self.fontMetrics().height(), self.fontMetrics().height()))  # a row's sign
        if self.default_sort is not None:
            self.view.sortByColumn(*self.default_sort)
        else:
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table for the buttons (PITFALLS)
        for col, column in enumerate(self.columns):
            if column.whole:
                self.view.setItemDelegateForColumn(col, MiddleElided(self.view))
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.column_menu(header.mapToGlobal(pos)))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.column_menu(self.view.viewport().mapToGlobal(pos)))
        for keys in ("Shift+F10", QKeySequence(Qt.Key.Key_Menu)):  # the same menu from the keyboard
            action = QAction(self.view, shortcut=QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda: self.column_menu(self.view.viewport().mapToGlobal(
                self.view.visualRect(self.view.currentIndex()).center())))
            self.view.addAction(action)
        self._after_paint: list[Callable[[], None]] = []  # background work waiting for the rows' first paint
        self._columns_ready = False  # widths, order, sort and hidden columns restored or sized once
        self._sized_without_rows = False  # sized from the headers alone: sized again when rows come
        self._columns_restored = False
        self._wanted: dict[int, int] = {}  # each column's width before sharing the room (``_share_room``)
        self._user_widths: dict[int, int] = {}  # the columns the user resized by hand: theirs, kept as they are
        self._floors: dict[int, int] = {}  # how narrow each column may become for the titles' room
        self._sizing = False  # the list resizes its columns itself (not the user)
        self._prepared = False
        self._read_only = False
        self.column_menu_shown: QMenu | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self.filters_row)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        self.export_button = QPushButton(_("Export…"), objectName="export_list")
        self.export_button.setToolTip(_("Save the rows shown, as filtered and sorted, to a spreadsheet "
                                        "(Excel or CSV)"))
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)

        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._debounce.start)
        self.view.doubleClicked.connect(lambda index: self.open_record(self.model.id_at(index.row())))
        header.sectionResized.connect(self._section_resized)
        for signal in (header.sectionMoved, header.sortIndicatorChanged):
            signal.connect(self._save_columns)
        self.keys = ListKeys(self.filter_edit, self.view, self.open_current, self._settle_filter)
        self.view.viewport().installEventFilter(self)  # its width: the title columns follow it
        self.new_button.clicked.connect(lambda: self.open_record(None))
        self.delete_button.clicked.connect(self._delete_selected)
        self.export_button.clicked.connect(lambda: self.export())
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelAboutToBeReset.connect(self._remember_selection)  # a filter, a reload: the selection
        self.model.modelReset.connect(self._restore_selection)  # stays on its record while it is shown
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._update_actions)  # a reset clears the selection silently
        self._add_shortcuts()
        self._update_actions()

    # --- for subclasses
    def query(self) -> dict:
        return {}

    def fetch(self, **query) -> list[tuple]:
        raise NotImplementedError

    def open_record(self, record_id: int | None) -> None:
        raise NotImplementedError

    def delete_record(self, record_id: int) -> bool:
        """Deletes through ``self.service`` after asking; True if deleted."""
        if self.service is None or not confirm(self, _("Delete the selected record? This cannot be undone."),
                                               action=_("Delete")):
            return False
        return delete_with_confirmation(self, self.service, record_id)

    def row_filter(self) -> Callable[[tuple], bool] | None:
        return None

    # --- behaviour
    def _add_shortcuts(self) -> None:
        """Find, New and Delete inside the list; in the main window its Edit menu has them, for the page
        shown, wherever the focus is (the list's own are then off: two alike would cancel each other)."""
        self._own_actions = []
        for keys, slot in (("Ctrl+F", self.find),
                           ("Ctrl+N", self.new_record),
                           (QKeySequence(Qt.Key.Key_Delete), self._delete_selected),
                           (QKeySequence(Qt.Key.Key_Return), self.open_current),
                           (QKeySequence(Qt.Key.Key_Enter), self.open_current)):
            action = QAction(self, shortcut=QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            if slot not in (self.open_current,):
                self._own_actions.append(action)

    # --- keyboard
    def find(self) -> None:
        """Ctrl+F: to the filter box, its text selected (typing replaces it)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def new_record(self) -> None:
        if not self._read_only:
            self.open_record(None)

    def current_id(self) -> int | None:
        """The selected row's record, else the current row's, else the only row's."""
        row = chosen_row(self.view)
        return None if row is None else self.model.id_at(row)

    def _settle_filter(self) -> None:
        if self._debounce.isActive():  # typed and Return (or Down) at once: filter first
            self._debounce.stop()
            self.apply_filter()

    def open_current(self) -> None:
        self._settle_filter()
        record_id = self.current_id()
        if record_id is not None:
            self.open_record(record_id)

    def eventFilter(self, obj, event) -> bool:
        if (obj is self.view.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show)
                and self._columns_ready):
            self._share_room()  # the list grew or shrank (the window did, or its page moved it), or shows
        elif obj is self.view.viewport() and event.type() == QEvent.Type.Paint and self._after_paint:
            QTimer.singleShot(0, self, self._start_after_paint)  # once this paint is done
        return super().eventFilter(obj, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._prepared:  # the subclass has added its filters and buttons by now
            self._prepared = True
            in_main_window = isinstance(self.window(), QMainWindow)
            for action in self._own_actions:
                action.setEnabled(not in_main_window)
            name = self.export_name()
            self.view.setAccessibleName(name)
            self.filter_edit.setAccessibleName(_("Filter: {list}").format(list=name))
            ctx = self.context()
            self.set_read_only(bool(ctx is not None and ctx.workspace.readonly))
            QTimer.singleShot(0, self, self.set_tab_order)  # once the layout has placed everything

    def set_tab_order(self) -> None:
        """Tab goes: filter box, the other filters (reading order), the table, then the buttons."""
        if shiboken6.isValid(self):
            tab_order.follow(self.tab_chain())

    def tab_chain(self) -> list[QWidget]:
        """The list's part of the Tab order (``tab_order``): the reading order, except that the filter box comes
        first and the buttons above the table (New, Delete, the page's own) after it: from the filters, Down
        or Tab reaches the rows at once. A list inside this one keeps its own order."""
        order = tab_order.reading_order(self)
        inner = [w for w in self.findChildren(ListPage) if w is not self]
        at = order.index(self.view)
        buttons = [w for w in order[:at] if isinstance(w, QPushButton) and not any(i.isAncestorOf(w) for i in inner)]
        above = [w for w in order[:at] if w not in buttons and w is not self.filter_edit]
        end = at + 1
        while end < len(order) and self.view.isAncestorOf(order[end]):
            end += 1  # the table's own parts (its viewport, its headers)
        return [above[0], self.filter_edit, *above[1:], *order[at:end], *buttons, *order[end:]]

    def context(self):
        """The AppContext of the page, or of the window or dialog around the list (None in a bare test)."""
        widget = self
        while widget is not None:
            ctx = getattr(widget, "ctx", None)
            if ctx is not None and hasattr(ctx, "settings"):
                return ctx
            widget = widget.parentWidget()
        return None

    # --- read-only mode
    def set_read_only(self, read_only: bool) -> None:
        """A database open read-only: what would change data is off (filters, opening and export work)."""
        self._read_only = read_only
        self.new_button.setEnabled(not read_only)
        for name in self.editing_buttons:
            button = self.findChild(QPushButton, name)
            if button is not None:
                button.setEnabled(not read_only)
        self._update_actions()

    # --- columns: widths, order, sort and hidden ones, remembered per list
    def columns_key(self) -> str:
        name = type(self).__name__ + (f"-{self.objectName()}" if self.objectName() else "")
        return f"lists/{name}-{len(self.model.columns)}"

    def _settings(self):
        ctx = self.context()
        return ctx.settings if ctx is not None else None

    def _restore_columns(self) -> bool:
        """The columns as the user left them, with their sort, once. Tried before the first load too, so
        that the rows are ranked by that column while they load (on 200,000 rows, a second's sort on the
        UI thread); not found then (no window yet), tried again at the load's end."""
        if not self._columns_restored:
            settings = self._settings()
            state = settings.value(self.columns_key()) if settings is not None else None
            header = self.view.horizontalHeader()
            with self._sizing_columns():
                self._columns_restored = isinstance(state, QByteArray) and header.restoreState(state)
            if self._columns_restored:
                self._user_widths = self._read_user_widths(settings.value(self.columns_key() + "-widths"))
            if self._columns_restored and header.sortIndicatorSection() >= 0:
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return self._columns_restored

    def _read_user_widths(self, text) -> dict[int, int]:
        """The widths the user gave columns by hand ("0:211 3:90"). A header's state kept without them (before
        they were kept apart) holds the list's own widths: those are sized again."""
        widths = {}
        for part in " ".join(text if isinstance(text, list) else [str(text or "")]).split():
            column, _sep, width = part.partition(":")
            if column.isdigit() and width.isdigit() and int(column) < len(self.model.columns):
                widths[int(column)] = int(width)
        return widths

    def _restore_or_size_columns(self) -> None:
        """On the first load: the columns as the user left them (order, sort, hidden ones and the widths they
        gave by hand), the others sized from the rows. A list that had no rows then (the briefings made,
        before the first) is sized again when its first rows come: its dates and names were cut to its
        headers' widths ("04/…026")."""
        if self._columns_ready:
            if self._sized_without_rows and self.model.rowCount():
                self._size_columns()
            return
        self._restore_columns()  # their order, sort and hidden ones, and the widths the user gave them
        self._size_columns()  # the others' from the rows, and the room shared for the window's width now
        self._columns_ready = True

    def _section_resized(self, column: int, _old: int, size: int) -> None:
        """A column resized by the user (not by the list itself, nor hidden): its width is theirs, kept."""
        if not self._sizing and self._columns_ready and size > 0 and not self.model.columns[column].stretch:
            self._user_widths[column] = self._wanted[column] = self._floors[column] = size
        self._save_columns()

    def _save_columns(self) -> None:
        if not self._columns_ready or self._sized_without_rows:  # widths from headers alone are not kept
            return
        settings = self._settings()
        if settings is not None:
            settings.setValue(self.columns_key(), self.view.horizontalHeader().saveState())
            settings.setValue(self.columns_key() + "-widths",
                              " ".join(f"{c}:{w}" for c, w in sorted(self._user_widths.items())))

    def set_column_hidden(self, column: int, hidden: bool) -> None:
        header = self.view.horizontalHeader()
        if hidden and sum(not header.isSectionHidden(c) for c in range(header.count())) <= 1:
            return  # one column stays
        with self._sizing_columns():
            header.setSectionHidden(column, hidden)
            if not hidden and header.sectionSize(column) < 20:
                header.resizeSection(column, 120)
        self._share_room()  # the title columns take the room a hidden column leaves, or give it back
        self._save_columns()

    def reset_columns(self) -> None:
        """Every column shown, in its first order and width, and the list's first sort."""
        header = self.view.horizontalHeader()
        self._columns_ready = False
        self._user_widths = {}
        with self._sizing_columns():
            for logical in range(header.count()):
                header.setSectionHidden(logical, False)
                header.moveSection(header.visualIndex(logical), logical)
        self._size_columns()
        if self.default_sort is not None:
            self.view.sortByColumn(*self.default_sort)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.model.sort(-1)
        settings = self._settings()
        if settings is not None:
            settings.remove(self.columns_key())
            settings.remove(self.columns_key() + "-widths")
        self._columns_ready = True

    def column_menu(self, where) -> QMenu:
        """The header's context menu: show or hide each column, or put them back as they were."""
        header = self.view.horizontalHeader()
        menu = QMenu(self, objectName="column_menu")
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            action = menu.addAction(_(self.model.columns[column].header))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.set_column_hidden(c, not on))
        menu.addSeparator()
        menu.addAction(_("Reset the columns"), self.reset_columns)
        menu.popup(where)
        self.column_menu_shown = menu
        return menu

    def reload(self, select_id: int | None = None) -> None:
        """Fetches the rows in the background; ``loaded`` is emitted once they are shown."""
        self._generation += 1
        generation = self._generation
        self._selected_after_load = select_id if select_id is not None else self.selected_id()

        def show(loaded):
            rows, ranks = loaded
            if generation != self._generation:
                return  # a newer reload is on its way
            if not shiboken6.isValid(self):
                return  # the page was closed and deleted while its rows were loading
            self.model.set_rows(rows, ranks)
            self._rank_the_other_columns(rows, ranks)
            self.apply_filter()
            self._restore_or_size_columns()
            if self._selected_after_load is not None:
                self.select_id(self._selected_after_load)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation != self._generation or not shiboken6.isValid(self):
                return
            if isinstance(exc, errors.ServerConnectionLost):  # the window's banner says so; read again when the
                log.info("list %s not read: %s", self.objectName(), exc)  # server answers (ServerWatch.refresh)
                return
            if isinstance(exc, errors.SegibError):
                show_error(self, exc)  # a known fault (the database is busy, say): say so, keep the rows
                return
            raise exc

        if not self._columns_ready:
            self._restore_columns()
        query, column = self.query(), self.model.sort_column()
        value = None if column is None else self.model.sort_getter(column)

        def fetch():  # the rows, and their order by the sorted column: both off the UI thread
            # A list's rows are made at once (200,000 at most): each of the cycle collector's passes that
            # their making sets off would walk every object of the program (the other lists' rows too).
            with collector.paused():
                rows = self.fetch(**query)
                return rows, ({} if column is None else {column: sort_ranks(rows, value)})

        run_in_background(fetch, show, failed)

    def after_paint(self, start: Callable[[], None]) -> None:
        """Starts background work that can wait (``start`` starts it) once the loaded rows are painted: a
        Python thread started before holds the interpreter's lock through half of the paint, whose every
        cell is a call into Python (20,000 rows, a busy machine: 150-250 ms from loaded to painted instead of
        15-55). A list not on screen starts it at once; one that is, at its next paint, or within 300 ms."""
        self._after_paint.append(start)
        if len(self._after_paint) == 1:
            visible = self.view.viewport().isVisible()
            QTimer.singleShot(300 if visible else 0, self, self._start_after_paint)

    def _start_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for start in waiting:
            start()

    def _rank_the_other_columns(self, rows: list[tuple], ranked: dict) -> None:
        """Every other column's order, and the texts the filter looks into, computed in the background once the
        rows are painted, so that a click on a header sorts at once, even on 200,000 rows, and the first letter
        typed into the filter does not fold every row's text on the window's thread first (a second on
        100,000 activities). A page that folds texts of its own (``own_texts``) gives them itself."""
        columns = [c for c in range(len(self.model.columns)) if c not in ranked]
        texts = not self.own_texts
        if (columns or texts) and len(rows) > 2000:  # a short list does both at its first use, unnoticed
            model = self.model
            values = {c: model.sort_getter(c) for c in columns}
            fold_texts = model.texts_folder()

            def prepare() -> tuple[dict[int, Ranking], list[str] | None]:
                with collector.paused():
                    return ({c: sort_ranks(rows, value) for c, value in values.items()},
                            fold_texts(rows) if texts else None)

            def prepared(result) -> None:
                if shiboken6.isValid(model):
                    model.add_ranks(rows, result[0])
                    if result[1] is not None:
                        model.add_texts(rows, result[1])

            self.after_paint(lambda: run_in_background(prepare, prepared))

    def apply_filter(self) -> None:
        self.model.set_filter(self.filter_edit.text(), self.row_filter())

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def selected_ids(self) -> list[int]:
        return [self.model.id_at(i.row()) for i in self.view.selectionModel().selectedRows()]

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of_id(record_id)
        if row < 0:
            return False
        self.select_row(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def select_row(self, row: int) -> None:
        """Selects ``row`` alone and makes it current."""
        select_only(self.view, row)

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_id()

    def _restore_selection(self) -> None:
        record_id = getattr(self, "_kept_selection", None)
        if record_id is not None:
            row = self.model.row_of_id(record_id)
            if row >= 0:
                self.select_row(row)

    def _delete_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None and not self._read_only and self.delete_record(record_id):
            self.reload()

    def _update_actions(self) -> None:
        self.delete_button.setEnabled(self.selected_id() is not None and not self._read_only)

    def _update_count(self) -> None:
        total = self.model.total_count()
        text = self.count_text_one if total == 1 and self.count_text_one else self.count_text
        self.count_label.setText(_(text).format(shown=formats.number(self.model.rowCount()),
                                                total=formats.number(total)))

    # --- exporting what is shown
    def export_table(self) -> tuple[list[str], list[list[Any]]]:
        """The shown headers and the visible rows (current filter and order), as the list shows them."""
        headers, make_rows = self.export_maker()
        return headers, make_rows()

    def export_maker(self) -> tuple[list[str], Callable[[], list[list[Any]]]]:
        """The shown headers, and what makes the visible rows' cells (safe in a background thread: 200,000
        rows' cells made on the window's thread froze it for seconds)."""
        header = self.view.horizontalHeader()
        shown = [header.logicalIndex(v) for v in range(header.count())]
        shown = [c for c in shown if not self.view.isColumnHidden(c)]
        columns, value, visible = self.model.columns, self.model.value, self.model.visible_rows()
        headers = [_(columns[c].header) for c in shown]
        return headers, lambda: [[export_value(columns[c], value(row, c)) for c in shown] for row in visible]

    def export_name(self) -> str:
        """The list's title for the file name: the page's (or dialog's) title and the tabs it sits on."""
        if self.export_title:
            return _(self.export_title)
        window = self.window()
        parts = []
        if callable(getattr(window, "current_key", None)):
            from segib_desktop.gui.pages import page_spec

            parts.append(_(page_spec(window.current_key()).title))
        elif window is not self and window.windowTitle():
            parts.append(window.windowTitle())
        tabs, widget = [], self
        while widget is not None and widget is not window:
            parent = widget.parentWidget()
            holder = parent.parentWidget() if parent is not None else None
            if holder is not None and hasattr(holder, "indexOf") and hasattr(holder, "tabText"):
                index = holder.indexOf(widget)
                if index >= 0:
                    tabs.insert(0, holder.tabText(index).replace("&", "").split(" (")[0].strip())
            widget = parent
        for text in tabs:
            if text and text not in parts:
                parts.append(text)
        return " - ".join(parts) or _("List")

    last_export_folder: Path | None = None  # shared by every list, for this session

    def export(self, path: Path | None = None) -> None:
        """Asks where (a name with today's date), then writes the spreadsheet off the UI thread."""
        title = self.export_name()
        if path is None:
            folder = ListPage.last_export_folder or Path.home()
            xlsx, csv = _("Excel workbook (*.xlsx)"), _("CSV, separated by semicolons (*.csv)")
            chosen, selected = QFileDialog.getSaveFileName(
                self, _("Export list"), str(folder / spreadsheet.suggested_name(title)), f"{xlsx};;{csv}")
            if not chosen:
                return
            path = Path(chosen)
            if path.suffix.lower() not in (".xlsx", ".csv"):
                path = path.with_name(path.name + (".csv" if selected == csv else ".xlsx"))
        path = Path(path)
        ListPage.last_export_folder = path.parent
        headers, make_rows = self.export_maker()
        count = self.model.rowCount()
        # The window waits under a busy bar (a second Export cannot start meanwhile): 200,000 rows take seconds
        busy = QProgressDialog(plural(count, N_("Exporting 1 row…"), N_("Exporting {n} rows…"),
                                      written=active().format_number(count)), "", 0, 0, self)
        busy.setCancelButton(None)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(10**9)  # shown by the timer below only: Qt's own shows it only as values come
        QTimer.singleShot(400, busy, busy.show)  # a quick export shows nothing; its end deletes the bar, timer too

        def write() -> Path:
            return spreadsheet.write(path, headers, make_rows(), title=title)

        def done(written: Path) -> None:
            if not shiboken6.isValid(self):
                return
            busy.deleteLater()
            text = plural(count, N_("1 row exported to {path}."), N_("{n} rows exported to {path}."),
                          written=active().format_number(count), path=written)
            show_written(self, text, Path(written))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(busy):
                busy.deleteLater()
            if isinstance(exc, errors.SegibError):
                show_error(self if shiboken6.isValid(self) else None, exc)
            else:  # a bug: the one crash path
                sys.excepthook(type(exc), exc, exc.__traceback__)

        run_in_background(write, done, failed)

    # --- printing what is shown
    def print_html(self) -> str:
        """The list as shown (title, date, headers, rows in their order), as HTML for a QTextDocument."""
        from html import escape

        headers, rows = self.export_table()
        title = escape(self.export_name())
        head = "".join(f"<th>{escape(h)}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{escape(str(v) if not isinstance(v, dt.date) else active().format_date(v))}"
                                        "</td>" for v in row) + "</tr>" for row in rows)
        count = escape(self.count_label.text())
        return (f"<h2>{title}</h2><p>{escape(active().format_date(dt.date.today()))} · {count}</p>"
                f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def print_list(self, printer=None) -> bool:
        """Ctrl+P on a list: the rows shown, as filtered and sorted; asks for the printer unless given one."""
        from PySide6.QtGui import QPageLayout, QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
            printer.setDocName(self.export_name())
            if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
                return False
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setHtml(self.print_html())
        document.print_(printer)
        return True

    def _size_columns(self) -> None:
        """Widths from the header and a sample of rows (resizeColumnsToContents is slow on 20k rows); the
        widths the user gave by hand stay theirs. Then the room is shared for the list's width."""
        metrics = self.view.fontMetrics()
        sample = [self.model.row_at(r) for r in range(min(200, self.model.rowCount()))]
        self._sized_without_rows = not sample
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # every column can be resized
        header.setStretchLastSection(False)
        for col, column in enumerate(self.model.columns):
            heading = metrics.horizontalAdvance(_(column.header)) + 28  # a header is never clipped
            texts = [column.display(self.model.value(row, col)) for row in sample]
            if column.whole:  # the longest values by length, measured: a code is cut only where room is short
                values = heapq.nlargest(40, set(map(str, filter(None, map(self.model.getter(col),
                                                                         self.model.all_rows())))), key=len)
                width = max([metrics.horizontalAdvance(v) + 28 for v in values] + [heading])
                typical = sorted(map(metrics.horizontalAdvance, filter(None, texts))) or [0]
                floor = typical[len(typical) // 2] + 12  # a typical code stays whole ("XXX-DEC-90")
            elif column.width is not None:
                width = floor = min(max(metrics.horizontalAdvance("M") * column.width, heading), 420)
            else:
                width = min(max(map(metrics.horizontalAdvance, [*texts, _(column.header)])) + 28, 420)
                floor = width - 16  # the cell's text whole, less the room a header keeps for its sort arrow
            # how narrow it may become for the titles' room: a column of text or a code down to its heading,
            # the code no narrower than a typical one; a date or a number never cut
            floor = heading if column.kind in GIVING and not column.whole else max(heading, floor)
            if col == 0 and self.model.row_warning is not None:  # room for an overdue row's sign, beside its code
                sign = self.view.iconSize().width() + 6
                width, floor = width + sign, floor + sign
            if col in self._user_widths:
                width = floor = self._user_widths[col]
            self._wanted[col], self._floors[col] = width, floor
        self._share_room()

    @contextmanager
    def _sizing_columns(self) -> Iterator[None]:
        """While the list itself resizes its columns: the widths it gives are not the user's."""
        before, self._sizing = self._sizing, True
        try:
            yield
        finally:
            self._sizing = before

    # The title columns' guaranteed share of the list's width: on a small screen the others give room first.
    TITLE_SHARE = 3  # a third

    def _share_room(self) -> None:
        """The title columns (``stretch``) take the room the others leave, so that the list does not scroll
        sideways, and at least a third of the list's width whatever the others need: on a small screen the
        other columns of text give room for it first (their text cut, "Espacio Iberoameri…"), each down to
        its heading's width, then the codes (cut in the middle, their ends kept: "XXVIII-RM…/2022-8"; a
        typical code whole) and the dates and numbers (the room beside their text only); the widths the user
        gave by hand never (``_floors``). Only where even that is not enough does the list scroll sideways,
        its titles readable. Done again whenever the list's width
        changes or a column is hidden or shown; each column takes its own width back when there is room."""
        header = self.view.horizontalHeader()
        columns = self.model.columns
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        stretching = [c for c in shown if columns[c].stretch]  # a hidden one takes no room
        if not stretching:
            return
        metrics = self.view.fontMetrics()
        heading = {c: metrics.horizontalAdvance(_(columns[c].header)) + 28 for c in shown}
        widths = {c: self._wanted.get(c, header.sectionSize(c)) for c in shown if c not in stretching}
        floors = {c: min(self._floors.get(c, heading[c]), widths[c]) for c in widths}
        width = self.view.viewport().width() - 4
        share = 0  # before it shows, its width is not the one it will have: no share taken from the others
        if self.view.viewport().isVisible():
            share = width // self.TITLE_SHARE
            short = sum(widths.values()) + max(share, sum(heading[c] for c in stretching)) - width
            texts = [c for c in widths if columns[c].kind in GIVING and not columns[c].whole]
            for group in (texts, [c for c in widths if c not in texts]):  # the columns of text first
                if short > 0:
                    short -= self._give_room(widths, group, floors, short)
        each = max(width - sum(widths.values()), share) // len(stretching)
        with self._sizing_columns():
            for col, size in widths.items():
                if header.sectionSize(col) != size:
                    header.resizeSection(col, size)
            for col in stretching:
                header.resizeSection(col, max(each, heading[col]))

    @staticmethod
    def _give_room(widths: dict[int, int], givers: list[int], floors: dict[int, int], needed: int) -> int:
        """Narrows the ``givers`` among ``widths`` by ``needed`` pixels in all, each in proportion to what it has
        beyond its floor, none below it; returns the pixels given."""
        spare = {c: widths[c] - floors[c] for c in givers if widths[c] > floors[c]}
        given = min(needed, sum(spare.values()))
        if given <= 0:
            return 0
        total = sum(spare.values())
        cuts = {c: given * s // total for c, s in spare.items()}
        for c in sorted(spare, key=lambda c: spare[c] - cuts[c], reverse=True)[:given - sum(cuts.values())]:
            cuts[c] += 1  # what the rounding left, a pixel each to those with the most left to give
        for c, cut in cuts.items():
            widths[c] -= cut
        return given
