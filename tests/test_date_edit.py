"""The shared date field: typed day/month/year, empty until the user gives a date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from segib_desktop.gui.widgets.form import DateEdit


@pytest.fixture
def fields(qtbot):
    box = QWidget()
    layout = QVBoxLayout(box)
    date, other = DateEdit(), QLineEdit()
    layout.addWidget(date)
    layout.addWidget(other)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    yield date, other
    box.close()  # the box owns both fields: keep it alive for the test


@pytest.mark.parametrize(("typed", "expected"), [
    ("10/10/2026", dt.date(2026, 10, 10)), ("5/3/2027", dt.date(2027, 3, 5)),
    ("01-12-2025", dt.date(2025, 12, 1)), ("29112026", dt.date(2026, 11, 29))])
def test_typing_a_date_into_an_empty_field(fields, qtbot, typed, expected):
    date, other = fields
    date.setFocus()
    qtbot.keyClicks(date, typed)
    other.setFocus()
    assert date.value() == expected


def test_an_empty_date_shows_today_while_focused_and_stays_empty_if_untouched(fields, qtbot):
    date, other = fields
    date.setFocus()
    assert date.date().toPython() == dt.date.today()  # the calendar and the typing start from today
    assert date.value() is None  # shown, not entered
    other.setFocus()
    assert date.value() is None


def test_delete_empties_a_date(fields, qtbot):
    date, other = fields
    date.set_value(dt.date(2026, 11, 4))
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Delete)
    other.setFocus()
    assert date.value() is None


def test_tabbing_through_an_empty_date_leaves_it_empty(fields, qtbot):
    date, other = fields
    date.setFocus()
    for _step in range(3):  # day, month, year, then out
        qtbot.keyClick(date, Qt.Key.Key_Tab)
        assert date.value() is None
    other.setFocus()
    assert date.value() is None


def test_a_focused_empty_date_is_still_empty_for_save(fields, qtbot):
    """A validation error moves the focus to the empty date; Ctrl+S there must not store today."""
    date, _other = fields
    date.setFocus()
    assert date.hasFocus()
    assert date.value() is None
    qtbot.keyClick(date, Qt.Key.Key_Up)  # the user steps the day: now it is a date
    assert date.value() is not None


def test_backspace_over_the_whole_date_clears_it(fields, qtbot):
    date, other = fields
    date.set_value(dt.date(2026, 11, 4))
    date.setFocus()
    date.lineEdit().selectAll()
    qtbot.keyClick(date, Qt.Key.Key_Backspace)
    other.setFocus()
    assert date.value() is None

