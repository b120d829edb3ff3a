"""A mandate's dates beyond the due date: recurrence and review. One rule each, no database, no Qt.

Review: a mandate with a review date (the UN80 mandate review asks each mandate for one)
is *to review* while it is open and its review date is within ``REVIEW_AHEAD_DAYS`` from
today, or already past. The home figure and the list's filter both use ``is_to_review``
(the home page's SQL says the same with ``to_review_sql``).

Recurrence: a recurring mandate's due dates.

An annual mandate (a yearly report) or a once-per-cycle mandate (a report to each summit)
has one stored due date: the next one. A progress entry that records a delivered report
(``MandateProgress.delivered``) rolls it forward by one period, from the date it had: each
delivery answers one due date, so a mandate two reports behind stays overdue until the
second is delivered. A recurring mandate with no due date yet takes its first one a period
after its first delivery. A one-off mandate's due date never moves.

A summit cycle lasts two years (the summits have been biennial since 2014).
"""

from __future__ import annotations

import calendar
import datetime as dt

from segib_desktop.core.enums import Recurrence

REVIEW_AHEAD_DAYS = 30

PERIOD_MONTHS = {Recurrence.ANNUAL: 12, Recurrence.EACH_CYCLE: 24}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months``, the day clamped to the month's length (29/02 + 12 months is 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def is_recurring(recurrence: Recurrence | str | None) -> bool:
    return recurrence is not None and Recurrence(recurrence) in PERIOD_MONTHS


def next_due_date(recurrence: Recurrence | str | None, due: dt.date | None,
                  delivered_on: dt.date) -> dt.date | None:
    """The due date after a report delivered on ``delivered_on``; ``due`` itself for a one-off mandate."""
    if not is_recurring(recurrence):
        return due
    months = PERIOD_MONTHS[Recurrence(recurrence)]
    return add_months(due if due is not None else delivered_on, months)


def due_after_deliveries(recurrence: Recurrence | str | None, first_due: dt.date | None,
                         deliveries: list[dt.date]) -> dt.date | None:
    """The current due date of a mandate whose first due date was ``first_due``, after these deliveries."""
    due = first_due
    for day in sorted(deliveries):
        due = next_due_date(recurrence, due, day)
    return due


def review_horizon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=REVIEW_AHEAD_DAYS)


def is_to_review(review_date: dt.date | None, is_open: bool, today: dt.date) -> bool:
    """Open, with a review date that has come or comes within REVIEW_AHEAD_DAYS."""
    return is_open and review_date is not None and review_date <= review_horizon(today)


# The same rule in SQL, over ``mandates``: parameters (the review horizon as ISO text, *open statuses).
def to_review_sql(open_count: int) -> str:
    return f"review_date IS NOT NULL AND review_date <= ? AND status IN ({', '.join('?' * open_count)})"
