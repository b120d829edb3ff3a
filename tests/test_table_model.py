"""The list model's filtering and sorting (gui/widgets/table.py): integer ranks, a filter narrowed letter by
letter, texts searched that are not shown, and the selection following its record through a sort."""

from __future__ import annotations

import datetime as dt
import random
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from segib_desktop.gui.widgets.table import Column, RowTableModel, _sort_key, sort_ranks
from segib_desktop.i18n import fold

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
COLUMNS = (Column("Title", field="title"), Column("Due date", "date", field="due"),
           Column("Count", "int", field="count"))
WORDS = ("Cooperación", "cooperativa", "Cádiz", "educación", "Córdoba", "coordinación", "", "Ávila")


class Row(NamedTuple):
    id: int
    title: str
    due: dt.date | None
    count: int


def rows(n: int = 400) -> list[Row]:
    rng = random.Random(22)
    return [Row(i, f"{rng.choice(WORDS)} {rng.choice(WORDS)}".strip(),
             None if i % 9 == 0 else dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 30)),
             rng.randint(0, 5)) for i in range(1, n + 1)]


def in_order(data, value, descending: bool) -> list:
    """``data`` in the order people expect by ``value``: Python's stable sort by the same keys, rows without a
    value last both ways (as spreadsheets put blanks)."""
    filled = [r for r in data if value(r) not in (None, "")]
    return sorted(filled, key=lambda r: _sort_key(value(r)), reverse=descending) + [r for r in data if r not in filled]


def shown_ids(model: RowTableModel) -> list[int]:
    return [model.id_at(r) for r in range(model.rowCount())]


def test_ranks_sort_as_the_sort_keys_do_with_ties_in_load_order(qapp):
    data = rows()
    for column in range(3):
        ranks = sort_ranks(data, attrgetter(COLUMNS[column].field)).ranks
        assert [ranks[i] for i in range(len(data))] != [0] * len(data)
        for order in (ASC, DESC):
            model = RowTableModel(COLUMNS)
            model.set_rows(data)
            model.sort(column, order)
            # Python's own stable sort by the same keys, the order of equal keys kept
            expected = in_order(data, lambda r, c=column: r[c + 1], order == DESC)
            assert shown_ids(model) == [r[0] for r in expected]


def test_a_sort_gives_the_same_order_whatever_was_sorted_before_filtered_or_not(qapp):
    """Equal values stay in load order: a click on "Due date" after one on "Count" (every row shown, the
    order kept by the ranking; or a filtered few, sorted) is the order a fresh list gives."""
    data = rows()
    for text in ("", "cooperacion"):
        for order in (ASC, DESC):
            fresh = RowTableModel(COLUMNS)
            fresh.set_rows(data)
            fresh.set_filter(text)
            fresh.sort(1, order)
            clicked = RowTableModel(COLUMNS)
            clicked.set_rows(data)
            clicked.set_filter(text)
            clicked.sort(2, DESC)
            clicked.sort(1, order)
            expected = [r[0] for r in in_order(data, lambda r: r[2], order == DESC)
                        if fold(text) in fold(f"{r[1]} {COLUMNS[1].display(r[2])} {r[3]}")]
            assert shown_ids(clicked) == shown_ids(fresh) == expected, (text, order)
            assert len(expected) == len(data) if not text else 0 < len(expected) < len(data)


def test_codes_sort_by_their_numbers_as_people_read_them(qapp):
    """XXVIII-DEC-2 before XXVIII-DEC-10 (not 1, 10, 11, 2 as text sorts), with the ranks the list keeps and
    without them (a few rows filtered), either way; accents and case folded as before."""
    codes = ["XXVIII-DEC-10", "XXVIII-DEC-2", "xxviii-dec-1", "XXVIII-DEC-11", "XXIX-PA-3", "", "Árbol 2",
             "arbol 10"]
    data = [Row(i, code, None, 0) for i, code in enumerate(codes, 1)]
    for text in ("", "xxviii"):
        model = RowTableModel(COLUMNS)
        model.set_rows(data, {0: sort_ranks(data, attrgetter("title"))} if not text else None)
        model.set_filter(text)
        model.sort(0, ASC)
        shown = [codes[i - 1] for i in shown_ids(model)]
        expected = ["Árbol 2", "arbol 10", "XXIX-PA-3", "xxviii-dec-1", "XXVIII-DEC-2", "XXVIII-DEC-10",
                    "XXVIII-DEC-11", ""]
        assert shown == [c for c in expected if fold(text) in fold(c)], text


def test_a_column_may_sort_by_another_field_than_it_shows(qapp):
    """A code column shows the code and sorts by its place in a mandate's code order (``sort_field``; read.rules),
    which the code's text cannot give: XXX before XXIX before XXVIII, a Declaration before a Communiqué."""

    class Coded(NamedTuple):
        id: int
        code: str
        place: int

    codes = ["XXX-DEC-1", "XXIX-DEC-5", "XXIX-CE1-1", "XXVIII-PA-1.2", "XXVIII-PA-1.10", "XXVIII-PA-E2"]
    data = [Coded(place + 1, code, place) for place, code in enumerate(codes)]
    random.Random(4).shuffle(data)  # loaded in another order
    assert sorted(codes, key=_sort_key) != codes  # the codes' text sorts otherwise
    columns = (Column("Code", field="code", sort_field="place"),)
    for text, ranked in (("", True), ("", False), ("xxix", False)):
        model = RowTableModel(columns)
        model.set_rows(data, {0: sort_ranks(data, model.sort_getter(0))} if ranked else None)
        model.set_filter(text)
        for order in (ASC, DESC):
            model.sort(0, order)
            shown = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
            expected = [c for c in codes if fold(text) in fold(c)]
            assert shown == (expected if order == ASC else expected[::-1]), (text, ranked, order)


def test_a_filter_narrowed_letter_by_letter_finds_what_a_fresh_filter_finds(qapp):
    data = rows()
    typed = RowTableModel(COLUMNS)
    typed.set_rows(data)
    typed.sort(1, DESC)
    for text in ("c", "co", "coo", "coop", "coope", "cooperacion", "cooperacion cad", "cooperacion c"):
        typed.set_filter(text)
        fresh = RowTableModel(COLUMNS)
        fresh.set_rows(data)
        fresh.sort(1, DESC)
        fresh.set_filter(text)
        expected = [r[0] for r in in_order(data, lambda r: r[2], True)
                    if all(w in fold(f"{r[1]} {COLUMNS[1].display(r[2])} {r[3]}") for w in fold(text).split())]
        assert shown_ids(typed) == shown_ids(fresh) == expected, text
    assert 0 < typed.rowCount() < len(data)


def test_a_page_may_search_texts_it_does_not_show(qapp):
    data = rows(50)
    model = RowTableModel(COLUMNS)
    model.set_rows(data)
    model.set_texts(["hidden word" if r[0] in (7, 21) else fold(r[1]) for r in data])
    model.set_filter("hidden")
    assert shown_ids(model) == [7, 21]
    model.set_filter("hidden", lambda row: row[0] > 10)
    assert shown_ids(model) == [21]
    model.set_rows(data)  # a new load searches its own shown text again, until given others
    model.set_filter("hidden")
    assert shown_ids(model) == []


def test_the_selection_follows_its_record_through_sorts(qapp):
    data = rows()
    model = RowTableModel(COLUMNS)
    model.set_rows(data)
    view = QTableView()
    view.setModel(model)
    chosen = model.row_of_id(123)
    view.selectionModel().setCurrentIndex(model.index(chosen, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    kept = QPersistentModelIndex(model.index(model.row_of_id(300), 2))
    for column, order in ((0, ASC), (2, DESC), (1, ASC), (1, DESC)):
        view.sortByColumn(column, order)
        assert model.id_at(view.currentIndex().row()) == 123
        assert [model.id_at(i.row()) for i in view.selectionModel().selectedRows()] == [123]
        assert model.id_at(kept.row()) == 300 and kept.column() == 2
    assert model.visible_rows() == [model.row_at(r) for r in range(model.rowCount())]


def test_a_list_is_read_with_the_cycle_collector_paused_and_on_again_after(qtbot):
    """Every list's rows (200,000 at most) are made at once in the background: each pass of Python's cycle
    collector that their making set off would walk every object of the program (gui/widgets/table.py)."""
    import gc

    from segib_desktop.gui.widgets.table import ListPage

    seen: list[bool] = []

    class Page(ListPage):
        columns = COLUMNS

        def fetch(self, **query):
            seen.append(gc.isenabled())
            return rows(50)

    assert gc.isenabled()
    page = Page()
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()
    assert seen == [False]
    assert gc.isenabled()
    assert page.model.total_count() == 50 and shown_ids(page.model) == list(range(1, 51))


def test_home_and_end_go_to_the_first_and_last_row_even_after_a_header_click(qtbot):
    """explore22, 8: after a click on a column's title no row is current, and Ctrl+End went to the first row;
    End alone went to the last column of the row (nothing to see in a list that chooses rows)."""
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    from segib_desktop.gui.widgets.table import ListKeys

    data = rows(60)
    model = RowTableModel(COLUMNS)
    model.set_rows(data)
    view, edit = QTableView(), QLineEdit()
    qtbot.addWidget(view)
    qtbot.addWidget(edit)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    ListKeys(edit, view, lambda: None)
    view.show()
    qtbot.waitExposed(view)
    view.horizontalHeader().sectionClicked.emit(1)  # as a click on "Due date": sorted, no row current
    model.sort(1, DESC)
    view.setCurrentIndex(model.index(-1, -1))
    last = model.rowCount() - 1
    for key, modifiers, row in ((Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, last),
                                (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier, 0),
                                (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier, last),
                                (Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier, 0)):
        qtbot.keyClick(view, key, modifiers)
        assert view.currentIndex().row() == row, (key, modifiers)
        assert [i.row() for i in view.selectionModel().selectedRows()] == [row]


def test_a_long_lists_texts_are_folded_in_the_background_before_the_first_letter(qtbot):
    """explore22, 4: the first letter typed into the filter of 100,000 activities froze the window for a
    second, folding every row's text on its thread; only the mandates' list folded its texts beforehand."""
    from segib_desktop.gui.widgets.table import ListPage

    class LongList(ListPage):
        columns = (Column("Name", field="title"), Column("Due date", "date", field="due"))

        def fetch(self, **query):
            return rows(3000)

        def open_record(self, record_id):
            return None

    page = LongList()
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.reload()
    qtbot.waitUntil(lambda: page.model._folded is not None, timeout=10000)  # no letter typed yet
    assert page.model._folded == page.model.texts_folder()(page.model.all_rows())
    page.filter_edit.setText("cadiz")
    page.apply_filter()
    assert 0 < page.model.rowCount() < 3000
    assert all("cadiz" in fold(r.title) for r in page.model.visible_rows())
