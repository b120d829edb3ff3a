"""A mandate's due dates under recurrence. No database, no Qt. (Its review date's rule, "to review",
is with the other reading rules in ``core.read.rules``.)

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
