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


@pytest.mark.parametrize("value", [None, dt.date(2026, 12, 4)])
def test_tab_leaves_a_date_at_once_and_the_next_keys_go_to_the_next_field(fields, qtbot, value):
    """Tab walked the day, the month and the year first: "Down" for the next field's list changed the
    month, and the text typed for it was lost."""
    date, other = fields
    date.set_value(value)
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert other.hasFocus()
    qtbot.keyClicks(other, "Reunion")
    qtbot.keyClick(other, Qt.Key.Key_Down)
    assert other.text() == "Reunion" and date.value() == value
    qtbot.keyClick(other, Qt.Key.Key_Backtab)
    assert date.hasFocus()
    qtbot.keyClick(date, Qt.Key.Key_Backtab)
    assert not date.hasFocus() and date.value() == value


def test_a_letter_typed_into_an_empty_date_does_not_make_today_its_value(fields, qtbot):
    date, other = fields
    date.setFocus()
    qtbot.keyClicks(date, "Ana")
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



@pytest.mark.parametrize(("held", "typed", "expected"), [
    (dt.date(2027, 6, 30), "31/05/2027", dt.date(2027, 5, 31)),  # June has no 31st: Qt made it 30/05
    (dt.date(2027, 2, 10), "30/03/2027", dt.date(2027, 3, 30)),  # February's 30th: Qt read 03/02
    (dt.date(2027, 3, 1), "29/02/2028", dt.date(2028, 2, 29)),  # 2027 has no 29 February, 2028 has
    (dt.date(2027, 4, 15), "31/12/2027", dt.date(2027, 12, 31)),
    (dt.date(2027, 6, 30), "15", dt.date(2027, 6, 15)),  # the day alone: the month and the year stay
    (dt.date(2027, 6, 30), "4/7", dt.date(2027, 7, 4)),
    (dt.date(2027, 6, 30), "1/1/28", dt.date(2028, 1, 1)),  # two digits: this century's year
])
def test_a_date_typed_over_another_is_the_date_typed(fields, qtbot, held, typed, expected):
    """explore19: each part was checked against the others as they stood, so a whole date typed over another
    was saved as a different one, without a word (a due date of 30/06 typed 31/05 became 30/05)."""
    date, other = fields
    date.set_value(held)
    date.setFocus()  # the day is selected, as the program does
    qtbot.keyClicks(date, typed)
    assert date.value() == expected  # Ctrl+S while still in the field
    other.setFocus()
    assert date.value() == expected and date.text() == expected.strftime("%d/%m/%Y")


def test_a_date_typed_over_the_whole_date_selected_replaces_it_and_nothing_reaches_the_next_field(fields, qtbot):
    """explore19: with the whole date selected (Ctrl+A) the digits were refused, the "/" was taken for Tab and
    "09/2027" replaced the next field's text (a meeting's city was saved as "09/2027")."""
    date, other = fields
    other.setText("Nova York")
    date.set_value(dt.date(2027, 9, 21))
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(date, "23/09/2027")
    assert date.hasFocus() and other.text() == "Nova York"
    other.setFocus()
    assert date.value() == dt.date(2027, 9, 23) and other.text() == "Nova York"


def test_a_date_typed_while_a_screen_reads_it_at_each_change_is_the_date_typed(fields, qtbot):
    """The review: screens that read the value at each change (a milestone's delay note, the actions' Due by
    filter, an action's overdue mark) ended the typing at each digit: 31/05/2027 over 30/06 gave 01/05/2027."""
    date, other = fields
    seen = []
    date.dateChanged.connect(lambda _d: seen.append(date.value()))
    date.set_value(dt.date(2027, 6, 30))
    date.setFocus()
    qtbot.keyClicks(date, "31/05/2027")
    other.setFocus()
    assert date.value() == dt.date(2027, 5, 31) and seen[-1] == dt.date(2027, 5, 31)
    date.set_value(None)
    date.setFocus()
    qtbot.keyClicks(date, "15/07/2027")
    other.setFocus()
    assert date.value() == dt.date(2027, 7, 15)


def test_a_date_typed_after_delete_starts_from_today_not_the_hidden_empty_date(fields, qtbot):
    date, other = fields
    date.set_value(dt.date(2026, 11, 4))
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Delete)
    qtbot.keyClicks(date, "15/06")
    other.setFocus()
    assert date.value() == dt.date(dt.date.today().year, 6, 15)


def test_a_click_into_another_part_ends_the_typing_there(fields, qtbot):
    """The review: "15", a click on the year, "2028" went on into the month (15/02/2027)."""
    date, other = fields
    date.set_value(dt.date(2027, 6, 30))
    date.setFocus()
    qtbot.keyClicks(date, "15")
    edit = date.lineEdit()
    year = edit.text().rindex("2027")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.cursorRect().center().__class__(
        edit.cursorRect().left() + edit.fontMetrics().horizontalAdvance(edit.text()[:year + 2])
        - edit.fontMetrics().horizontalAdvance(edit.text()[:edit.cursorPosition()]), edit.height() // 2))
    assert date.currentSection() == date.Section.YearSection  # the click put the cursor in the year
    qtbot.keyClicks(date, "2028")
    other.setFocus()
    assert date.value() == dt.date(2028, 6, 15)


@pytest.mark.parametrize(("typed", "year"), [("1/1/26", 2026), ("1/1/91", 1991), ("1/1/45", 2045)])
def test_a_two_digit_year_is_the_nearest_sensible_one(fields, qtbot, typed, year):
    date, other = fields
    date.setFocus()
    qtbot.keyClicks(date, typed)
    other.setFocus()
    assert date.value() == dt.date(year, 1, 1)
