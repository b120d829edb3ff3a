"""Each read rule once: its meaning in Python, and the same rule as a plain SQL condition.

No SQLAlchemy here (the home page uses these before it is imported); ``read.expr`` gives the same
rules as SQLAlchemy Core expressions, built from the constants below, and tests/test_read_rules.py
checks with generated data that the Python rule, the SQL text and the Core expression agree.

The SQL conditions are portable (PostgreSQL runs them too): ``?`` parameters, dates as ISO text
compared as text on SQLite and as dates on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

from segib_desktop.core.enums import ActionStatus, DocumentKind, MandateStatus, MilestoneStatus, SummitStatus
from segib_desktop.i18n import natural_key

DUE_SOON_DAYS = 30

# A mandate is open while SEGIB still has something to do: not started, in progress, or ongoing.
OPEN_STATUSES: tuple[MandateStatus, ...] = (MandateStatus.NOT_STARTED, MandateStatus.IN_PROGRESS,
                                            MandateStatus.ONGOING)
# A mandate with a deadline to meet: open, but not an ongoing ("Permanente") one, which is never overdue.
# Its current due date is the stored one (a recurring mandate's moves forward when it is delivered).
DEADLINE_STATUSES: tuple[MandateStatus, ...] = (MandateStatus.NOT_STARTED, MandateStatus.IN_PROGRESS)
# A milestone still to be reached; it is delayed when its planned end passed without an actual end.
PENDING_MILESTONES: tuple[MilestoneStatus, ...] = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
LANGUAGES = ("es", "pt", "en")
NO_ENGLISH = ("es", "pt")  # the texts that have no English column: programmes', summits' themes
# The database's newest change: the audit trail's newest entry (0: none). Every change the program saves
# writes one (core/audit.py), the import's bulk writes too; read.history.last_change reads it, and what the
# program keeps between screens (core.similarity's index, the mandate form's document picker) is read again
# when it grew.
LAST_CHANGE_SQL = "SELECT coalesce(max(id), 0) FROM audit_log"


def _status(value) -> MandateStatus | None:
    return None if value is None else MandateStatus(value)


# --- mandates ---------------------------------------------------------------------------------------

def is_open(status) -> bool:
    return _status(status) in OPEN_STATUSES


def is_overdue(status, due_date: dt.date | None, today: dt.date) -> bool:
    """Its (current) due date has passed and it is open; an ongoing mandate never is."""
    return due_date is not None and due_date < today and _status(status) in DEADLINE_STATUSES


def is_due_soon(status, due_date: dt.date | None, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
    """Due from today to ``days`` days ahead, and open with a deadline (not ongoing)."""
    return (due_date is not None and today <= due_date <= today + dt.timedelta(days=days)
            and _status(status) in DEADLINE_STATUSES)


REVIEW_AHEAD_DAYS = 30  # "to review": open, with a review date that has come or comes within these days


def review_horizon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=REVIEW_AHEAD_DAYS)


def is_to_review(status, review_date: dt.date | None, today: dt.date) -> bool:
    return review_date is not None and review_date <= review_horizon(today) and is_open(status)


def _in(column: str, values) -> tuple[str, tuple]:
    return f"{column} IN ({', '.join('?' * len(values))})", tuple(v.value for v in values)


def open_sql(status: str = "status") -> tuple[str, tuple]:
    """The condition "open" on a mandate's status column, and its parameters."""
    return _in(status, OPEN_STATUSES)


def overdue_sql(today: dt.date, status: str = "status", due: str = "due_date") -> tuple[str, tuple]:
    sql, params = _in(status, DEADLINE_STATUSES)
    return f"({sql} AND {due} < ?)", (*params, today.isoformat())


def to_review_sql(today: dt.date, status: str = "status", review: str = "review_date") -> tuple[str, tuple]:
    sql, params = _in(status, OPEN_STATUSES)
    return f"({sql} AND {review} <= ?)", (*params, review_horizon(today).isoformat())


def due_soon_sql(today: dt.date, days: int = DUE_SOON_DAYS, status: str = "status", due: str = "due_date"
                 ) -> tuple[str, tuple]:
    sql, params = _in(status, DEADLINE_STATUSES)
    last = today + dt.timedelta(days=days)
    return f"({sql} AND {due} BETWEEN ? AND ?)", (*params, today.isoformat(), last.isoformat())


# --- action items -----------------------------------------------------------------------------------

def is_action_overdue(status, due_date: dt.date | None, today: dt.date) -> bool:
    """An action item still open whose due date has passed."""
    return due_date is not None and due_date < today and status is not None and ActionStatus(status) is ActionStatus.OPEN


def action_overdue_sql(today: dt.date, status: str = "status", due: str = "due_date") -> tuple[str, tuple]:
    return f"({status} = ? AND {due} < ?)", (ActionStatus.OPEN.value, today.isoformat())


# --- a summit's mandates ------------------------------------------------------------------------------
# A summit's mandates are those of its whole cycle: the documents the summit adopted and those adopted
# by the meetings of its cycle (the foreign ministers', coordinators', sectoral ministerial meetings...).
# The meetings of a cycle prepare and follow up its summit, and SEGIB is asked to report on their
# mandates to that summit: counting only the summit's own documents left a mandate of a foreign
# ministers' meeting out of every summit briefing, while the home page and the list counted it.

def summit_of_document(document_summit_id: int | None, meeting_summit_id: int | None) -> int | None:
    """The summit whose cycle a document belongs to: its own summit, or its meeting's cycle."""
    return document_summit_id if document_summit_id is not None else meeting_summit_id


def summit_of_document_sql(document: str = "d", meeting: str = "m") -> str:
    """The same, for ``documents AS document LEFT JOIN meetings AS meeting ON meeting.id = document.meeting_id``."""
    return f"coalesce({document}.summit_id, {meeting}.summit_id)"


# --- where a summit stands ----------------------------------------------------------------------------
# By its dates, not its stored status (which an officer updates afterwards, if ever): under way from its
# first day to its last (its first, when no last is recorded), including both; held once its last day has
# passed; upcoming before its first day, and while it has no date yet, as the next summit usually has until
# the Pro Tempore Secretariat fixes one. Only a summit without any date goes by its status: recorded as held,
# it is held. The next summit is the first, by number, not held: under way, dated ahead or not dated yet.
# The home page, the cycle's upcoming list, the briefings and the briefings page's default subject all
# follow it; a meeting stands by the same rule (``event``: the Summit or Meeting table): a summit briefing's
# held and pending meetings, the home page's next meetings.

class Phase(enum.StrEnum):
    UPCOMING = "upcoming"
    UNDER_WAY = "under_way"
    HELD = "held"


def last_day(start: dt.date | None, end: dt.date | None) -> dt.date | None:
    """A summit's (or a meeting's) last day: its end, else its start (a one-day event)."""
    return end or start


def summit_phase(start: dt.date | None, end: dt.date | None, status, today: dt.date) -> Phase:
    last = last_day(start, end)
    if last is None:
        return Phase.HELD if status == SummitStatus.HELD else Phase.UPCOMING
    if last < today:
        return Phase.HELD
    if start is not None and start <= today:
        return Phase.UNDER_WAY
    return Phase.UPCOMING


def not_held_sql(today: dt.date, start: str = "start_date", end: str = "end_date", status: str = "status"
                 ) -> tuple[str, tuple]:
    """Upcoming or under way (not held), as a condition on a summit's columns."""
    last = f"coalesce({end}, {start})"
    return f"({last} >= ? OR ({last} IS NULL AND {status} <> ?))", (today.isoformat(), SummitStatus.HELD.value)


# --- a mandate's code order ------------------------------------------------------------------------
# Mandates listed by code are in one order on every screen, export, briefing and picker:
#   1. by summit, the newest cycle first (documents of no cycle last);
#   2. by document: a summit's own documents before those of its cycle's meetings (each meeting's
#      together, the meetings by date); from one source, the documents in their usual order, Declaration,
#      Programme of Action, Special Communiqués, Resolutions… (``DocumentKind``'s order), those of one kind
#      by number as people read numbers (CE2 before CE10), then as they were recorded;
#   3. by point, as people read them (``i18n.natural_key``): 1, 1 bis, 1.2, 1.10, 1.a, 2, 10, and after the
#      numbered points those that do not start with a digit, in the same way (E1, E2, E10, Preámbulo);
#   4. by the mandate's id (two mandates of one point).
# A code's text cannot give it ("XXIX-…" sorts after "XXVIII-…", "XXX-CE1-…" before "XXX-DEC-…", and SQL
# orders "1.10" before "1.2"): read.mandates.document_places gives each document's place (1 and 2), from
# ``document_order``, and ``code_order_key`` makes a mandate's key from it.
DOCUMENT_KINDS = {kind: n for n, kind in enumerate(DocumentKind)}


def document_order(cycle: int | None, meeting_id: int | None, meeting_start: dt.date | str | None, kind,
                   number: str | None, document_id: int) -> tuple:
    """A document's key in the code order: ``cycle`` is the number of its cycle's summit (None: no cycle),
    ``meeting_id`` and ``meeting_start`` those of the meeting that adopted it (None: the summit did)."""
    if isinstance(meeting_start, str):  # a date as SQLite's driver gives it
        meeting_start = dt.date.fromisoformat(meeting_start)
    return (-(cycle or 0), meeting_id is not None, meeting_start is None, meeting_start or dt.date.min,
            meeting_id or 0, DOCUMENT_KINDS.get(kind, len(DOCUMENT_KINDS)), natural_key(number), document_id)


def point_order(point: str | None) -> tuple:
    """A point's key within its document: 1, 1 bis, 1.2, 1.10, 1.a, 2, 10, E1, E2, E10."""
    return natural_key(point)


def code_order_key(document_places: Mapping[int, int], document_id: Callable[[Any], int] = itemgetter(0),
                   point: Callable[[Any], str | None] = itemgetter(1),
                   mandate_id: Callable[[Any], int] = itemgetter(2)) -> Callable[[Any], tuple]:
    """The sort key of a mandate's code order, for rows that hold a mandate's document id, point and id
    (``document_id``, ``point``, ``mandate_id`` read them from a row), given each document's place in the
    order (read.mandates.document_places; an unknown document goes last). A row's key is (its document's
    place, ``point_order`` of its point, its id): the keys made by one key function compare with each
    other. Each distinct point's key is made once (a few dozen points at 200,000 mandates: the list's
    200,000 keys in about 70 ms)."""
    place, last = document_places.get, len(document_places)
    points: dict[str | None, tuple] = {}

    def key(row) -> tuple:
        text = point(row)
        point_key = points.get(text)
        if point_key is None:
            point_key = points[text] = point_order(text)
        return (place(document_id(row), last), point_key, mandate_id(row))

    return key


# --- milestones ---------------------------------------------------------------------------------------

def is_delayed(planned_end: dt.date | None, actual_end: dt.date | None, status, today: dt.date) -> bool:
    """Still to be reached (planned or in progress), its planned end passed, no actual end recorded."""
    return (planned_end is not None and planned_end < today and actual_end is None
            and status is not None and MilestoneStatus(status) in PENDING_MILESTONES)


def delayed_sql(today: dt.date, status: str = "status", planned_end: str = "planned_end",
                actual_end: str = "actual_end") -> tuple[str, tuple]:
    sql, params = _in(status, PENDING_MILESTONES)
    return f"({sql} AND {planned_end} < ? AND {actual_end} IS NULL)", (*params, today.isoformat())


# --- names --------------------------------------------------------------------------------------------

def localised(lang: str, row, prefix: str = "name", languages=LANGUAGES) -> str:
    """``row``'s name (or another text: ``prefix``) in the reader's language; Spanish (the reference language)
    when it has none. ``row``: a record or a result row with a column per language (``name_es``, ``name_pt``…;
    ``languages``: those it has), as ``expr.localised`` reads them in SQL: no language can be left out."""
    return getattr(row, name_column(lang, prefix, languages)) or getattr(row, f"{prefix}_es") or ""


def name_column(lang: str, prefix: str = "name", languages=LANGUAGES) -> str:
    """The column holding a name in ``lang`` ("name_pt"); Spanish for a language the data lacks
    (``languages``: those the table has, e.g. summits' themes have no English column)."""
    return f"{prefix}_{lang}" if lang in languages else f"{prefix}_es"


def localised_sql(lang: str, table: str = "", prefix: str = "name", languages=LANGUAGES) -> str:
    """The same rule in SQL: the language's column unless empty or null, else the Spanish one."""
    t = f"{table}." if table else ""
    spanish = f"coalesce({t}{prefix}_es, '')"
    column = name_column(lang, prefix, languages)
    if column == f"{prefix}_es":
        return spanish
    return f"coalesce(nullif({t}{column}, ''), {spanish})"


# --- counts -------------------------------------------------------------------------------------------

def counts_by_status(statuses) -> dict[MandateStatus, int]:
    """Every status with its count (zero when none), in the statuses' order."""
    counts = dict.fromkeys(MandateStatus, 0)
    for status in statuses:
        counts[MandateStatus(status)] += 1
    return counts
