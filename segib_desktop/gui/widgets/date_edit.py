"""The one date field of every form: typed day/month/year, empty until the user gives a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QWidget

from segib_desktop.i18n import _

NO_DATE = QDate(1900, 1, 1)
SECTIONS = (QDateEdit.Section.DaySection, QDateEdit.Section.MonthSection, QDateEdit.Section.YearSection)
DIGITS = (2, 2, 4)  # a day's, a month's and a year's
HIGHEST = (31, 12, 9999)
SEPARATORS = frozenset("/-.")


@dataclass
class _Typed:
    """A date being typed: the digits of each part so far, over the date shown when the typing began."""

    base: QDate
    part: int  # 0 day, 1 month, 2 year: where the next digit goes
    digits: list[str] = field(default_factory=lambda: ["", "", ""])
    moved: bool = False  # the last digit filled its part and moved on: a "/" now is not another move

    def date(self, final: bool) -> QDate:
        """The date typed, each part not typed taken from ``base``; a day beyond its month's last is that
        last day. A year of two digits is read once the typing ends (so "20" is not year 20 on the way to
        "2027"): this century's, unless that is more than 20 years ahead ("91": 1991); any other unfinished
        year is ``base``'s."""
        day, month, year = (int(d) if d else None for d in self.digits)
        if year is not None and len(self.digits[2]) != 4:
            year = _two_digit_year(year) if final and len(self.digits[2]) == 2 else None
        year, month = year or self.base.year(), min(max(month or self.base.month(), 1), 12)
        day = min(max(day or self.base.day(), 1), QDate(year, month, 1).daysInMonth())
        return QDate(year, month, day)


def _two_digit_year(year: int) -> int:
    return 2000 + year if 2000 + year <= QDate.currentDate().year() + 20 else 1900 + year


class DateEdit(QDateEdit):
    """A date that may be empty (shown blank), with a calendar and day/month/year order.

    An empty date shows today while it has the focus, so that typing "10/10/2026" and the calendar
    start from now rather than from the hidden 01/01/1900; that shown date is not a value: until the
    user types a digit, steps it with the arrows or picks a day in the calendar, ``value()`` is None
    (a Save pressed while the focus is there stores nothing, nor does a letter typed into it), and
    leaving the field empties it again. Delete (or Backspace over the whole date) empties it.

    The digits typed are the date's, read once the typing ends (``_Typed``): Qt checked each part against
    the others as they stood, so "31/05" typed over 30/06 gave 30/05 (June has no 31st), and a date typed
    over the whole one selected (Ctrl+A) was refused, its "/" taken for Tab and the rest typed into the next
    field. Tab leaves the field at once, as every other field does; "/" or the arrows move between the
    day, the month and the year.
    """

    # Keys that change the date: an empty date's shown "today" becomes a value only through them.
    CHANGES = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(" ")
        self.setToolTip(_("Type the date as day/month/year, or choose it in the calendar. Delete empties it."))
        self._placeholder_today = False
        self._typed: _Typed | None = None
        self.set_value(None)
        self.dateChanged.connect(self._edited)
        self.calendarWidget().clicked.connect(self._picked)

    def _edited(self) -> None:
        if not self.signalsBlocked():
            self._placeholder_today = False

    def _picked(self) -> None:
        self._typed = None
        self._placeholder_today = False  # today itself, picked in the calendar, is a value

    def focusInEvent(self, event) -> None:
        if self.value() is None:
            self.blockSignals(True)
            self.setDate(QDate.currentDate())
            self.blockSignals(False)
            self._placeholder_today = True
        super().focusInEvent(event)
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def focusOutEvent(self, event) -> None:
        self._end_typing()
        super().focusOutEvent(event)
        if self._placeholder_today and not self.calendarWidget().isVisible():
            self.set_value(None)

    def keyPressEvent(self, event) -> None:
        whole = self.lineEdit().selectedText() == self.text() and bool(self.text().strip())
        text = event.text()
        if event.key() == Qt.Key.Key_Delete or (event.key() == Qt.Key.Key_Backspace and whole):
            self.set_value(None)
        elif text.isdigit() and text.isascii():
            self._type_digit(text, anew=whole)
        elif text and text in SEPARATORS:
            self._next_part()
        else:
            self._end_typing()
            if event.key() in self.CHANGES:
                self._placeholder_today = False
            super().keyPressEvent(event)

    def _type_digit(self, digit: str, anew: bool) -> None:
        """A digit of the part being typed; the first one starts the typing, over the whole date if it was
        all selected (then from the day)."""
        if self._typed is not None and self.currentSection() != SECTIONS[self._typed.part]:
            self._end_typing()  # a click into another part: the digits now are that part's
        if self._typed is None or anew:
            part = 0 if anew or self.currentSection() not in SECTIONS else SECTIONS.index(self.currentSection())
            # from the date shown; an emptied one (Delete) shows nothing: from today, not the hidden 1900
            self._typed = _Typed(QDate.currentDate() if self.date() == NO_DATE else self.date(), part)
        typed = self._typed
        if len(typed.digits[typed.part]) == DIGITS[typed.part]:
            return  # a whole year typed: nothing more to take
        typed.digits[typed.part] += digit
        typed.moved = False
        # The part is whole once it has its digits, or once no further digit could make it a day or a month
        # ("4" cannot begin a day, "2" a month): then the next digit goes to the next part.
        so_far = typed.digits[typed.part]
        if typed.part < 2 and (len(so_far) == DIGITS[typed.part] or int(so_far + "0") > HIGHEST[typed.part]):
            typed.part += 1
            typed.moved = True
        self._placeholder_today = False
        self._show(typed.date(final=False), typed.part)

    def _next_part(self) -> None:
        """"/", "-" or ".": on to the next part (after a part whole by its digits, already there)."""
        typed = self._typed
        if typed is not None and typed.moved:
            typed.moved = False
            return
        if typed is not None:
            if typed.digits[typed.part] and typed.part < 2:
                typed.part += 1
                self.setSelectedSection(SECTIONS[typed.part])
            return
        current = SECTIONS.index(self.currentSection()) if self.currentSection() in SECTIONS else 0
        self.setSelectedSection(SECTIONS[min(current + 1, 2)])

    def _show(self, date: QDate, part: int) -> None:
        self.setDate(date)
        self.setSelectedSection(SECTIONS[part])

    def _end_typing(self) -> None:
        """The date typed, read whole (a year of two digits is this century's)."""
        typed, self._typed = self._typed, None
        if typed is not None:
            self.setDate(typed.date(final=True))

    def focusNextPrevChild(self, next_: bool) -> bool:
        self._end_typing()
        return QWidget.focusNextPrevChild(self, next_)  # the next field, not the date's next section

    def value(self) -> dt.date | None:
        # Ctrl+S while typing: the date typed so far, the typing going on (a form that reads the value at each
        # change, a milestone's delay note, must not end the typing at each digit)
        date = self._typed.date(final=True) if self._typed is not None else self.date()
        return None if date == NO_DATE or self._placeholder_today else dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        self._typed = None
        self._placeholder_today = False
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))
