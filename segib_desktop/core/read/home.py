"""The home page's figures: what needs the officers' attention today.

One call, ``figures(db, today=...)``, reads everything in one transaction and
returns plain values. The rules are those of ``read.rules``, the same as the
lists' and the briefings': overdue and due soon (open mandates with a deadline,
never an ongoing one), a summit's mandates (its whole cycle), delayed milestones,
the next summit (under way, dated ahead or not dated yet), names in the reader's language.

The home page is the first screen: these figures are read with plain SQL on
``Database.read``, so that it shows before SQLAlchemy has been imported. The one
statement that returns every query's rows as JSON (``_read_together``) is SQLite's:
it is this module's one engine-specific part.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import NamedTuple

from segib_desktop.core.db import Database
from segib_desktop.core.enums import ActionStatus, MandateStatus, MeetingKind, MilestoneStatus
from segib_desktop.core.read import rules
from segib_desktop.i18n import N_, Translator, fold, to_roman

DUE_SOON_DAYS = rules.DUE_SOON_DAYS
NEXT_MEETINGS = 5
CHART_SUMMITS = 8  # the most recent summits that have mandates
IBERBLH = "IberBLH"
NETWORK_WIDE = N_("Network-wide")
# The segments of the milestones chart: the stored statuses, with "delayed" taken out of the open ones.
DELAYED = "delayed"
MILESTONE_SEGMENTS = (MilestoneStatus.ACHIEVED.value, MilestoneStatus.IN_PROGRESS.value,
                      MilestoneStatus.PLANNED.value, DELAYED, MilestoneStatus.CANCELLED.value)


class NextMeeting(NamedTuple):
    id: int
    start_date: dt.date | None
    kind: MeetingKind
    number: int | None
    sector: str
    city: str
    country: str
    extraordinary: bool = False


class NextSummit(NamedTuple):
    """The next summit (read.rules: where a summit stands): under way, dated ahead, or not dated yet."""

    id: int
    number: int
    city: str
    start_date: dt.date | None  # None: no date yet
    days: int | None  # from today to its start; 0 while it is being held; None while it has no date
    phase: rules.Phase = rules.Phase.UPCOMING


class ChartRow(NamedTuple):
    key: int | None  # the summit's or country's id (None: network-wide)
    label: str
    counts: dict[str, int]  # segment -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Dashboard(NamedTuple):
    today: dt.date
    mandates_by_status: dict[MandateStatus, int]
    overdue_mandates: int
    due_soon: int  # open mandates due from today to today + DUE_SOON_DAYS
    open_actions: int
    overdue_actions: int
    delayed_milestones: int
    programme_id: int | None
    next_meetings: list[NextMeeting]
    next_summit: NextSummit | None
    mandates_per_summit: list[ChartRow]  # oldest first
    milestones_per_country: list[ChartRow]  # by name, network-wide last
    to_review: int = 0  # open mandates whose review date has come or comes within 30 days (read.rules.is_to_review)

    @property
    def mandates_total(self) -> int:
        return sum(self.mandates_by_status.values())


def figures(db: Database, *, today: dt.date | None = None, lang: str = "es") -> Dashboard:
    today = today or dt.date.today()
    day = today.isoformat()  # dates are stored as ISO text
    overdue_sql, overdue_params = rules.overdue_sql(today)
    soon_sql, soon_params = rules.due_soon_sql(today)
    delayed_sql, delayed_params = rules.delayed_sql(today)
    review_sql, review_params = rules.to_review_sql(today)
    not_held_sql, not_held_params = rules.not_held_sql(today)
    meeting_ahead, meeting_ahead_params = rules.not_held_sql(today, "m.start_date", "m.end_date", "m.status")
    country = rules.localised_sql(lang, "c")
    programme = "(SELECT id FROM programmes WHERE code = ?)"
    queries = {  # name: (SQL, its parameters, how many columns it returns)
        "by_status": ("SELECT status, count(*) FROM mandates GROUP BY status", (), 2),
        "counts": (f"""SELECT
            (SELECT count(*) FROM mandates WHERE {overdue_sql}),
            (SELECT count(*) FROM mandates WHERE {soon_sql}),
            (SELECT count(*) FROM action_items WHERE status = ?),
            (SELECT count(*) FROM action_items WHERE status = ? AND due_date < ?),
            {programme},
            (SELECT count(*) FROM milestones WHERE programme_id = {programme} AND {delayed_sql})""",
                   (*overdue_params, *soon_params, ActionStatus.OPEN.value, ActionStatus.OPEN.value,
                    day, IBERBLH, IBERBLH, *delayed_params), 6),
        "to_review": (f"SELECT count(*) FROM mandates WHERE {review_sql}", review_params, 1),
        "next_meetings": (f"""
            SELECT m.id, m.start_date, m.kind, m.number, m.sector, m.city, {country}, m.extraordinary
            FROM meetings m LEFT JOIN countries c ON c.id = m.country_id
            WHERE m.start_date IS NOT NULL AND {meeting_ahead}
            ORDER BY m.start_date, m.id LIMIT ?""", (*meeting_ahead_params, NEXT_MEETINGS), 8),
        "next_summit": (f"""
            SELECT id, number, city, start_date, end_date, status FROM summits
            WHERE {not_held_sql} ORDER BY number LIMIT 1""", not_held_params, 6),
        # Each mandate counts for the summit of its document's cycle (rules: a summit's mandates).
        "per_summit": (f"""
            SELECT s.id, s.number, t.status, sum(t.n)
            FROM (SELECT document_id, status, count(*) AS n FROM mandates GROUP BY document_id, status) t
            JOIN documents d ON d.id = t.document_id
            LEFT JOIN meetings m ON m.id = d.meeting_id
            JOIN summits s ON s.id = {rules.summit_of_document_sql("d", "m")}
            GROUP BY s.id, t.status""", (), 4),
        "per_country": (f"""
            SELECT country_id, {country}, CASE WHEN {delayed_sql} THEN ? ELSE status END AS segment, count(*)
            FROM milestones LEFT JOIN countries c ON c.id = country_id
            WHERE programme_id = {programme}
            GROUP BY country_id, {country}, segment""", (*delayed_params, DELAYED, IBERBLH), 4),
    }
    with db.read() as conn:
        rows = _read_together(conn, queries)
    overdue, due_soon, open_actions, overdue_actions, programme_id, delayed = rows["counts"][0]
    by_status = rules.counts_by_status(())
    by_status.update((MandateStatus(status), n) for status, n in rows["by_status"])
    return Dashboard(
        today=today,
        mandates_by_status=by_status,
        overdue_mandates=overdue,
        due_soon=due_soon,
        open_actions=open_actions,
        overdue_actions=overdue_actions,
        delayed_milestones=delayed,
        programme_id=programme_id,
        next_meetings=[NextMeeting(r[0], _date(r[1]), MeetingKind(r[2]), r[3], r[4] or "", r[5] or "", r[6] or "",
                                   bool(r[7])) for r in rows["next_meetings"]],
        next_summit=_next_summit(rows["next_summit"], today),
        mandates_per_summit=_mandates_per_summit(rows["per_summit"]),
        milestones_per_country=_milestones_per_country(rows["per_country"], lang),
        to_review=rows["to_review"][0][0],
    )


def _read_together(conn, queries: dict[str, tuple[str, tuple, int]]) -> dict[str, list[list]]:
    """Each query's rows, all read by one statement that returns each query's rows as a JSON array.

    The figures are read in the background while the window is built: there, each row fetched
    by itself made the reading thread wait for Python's lock, held by the window's thread (the
    reading took twice as long as alone). One statement is one wait.
    """
    # PostgreSQL (a server, issue 21) makes the same JSON with its own functions: dates as ISO text there too.
    array = ("json_group_array(json_array({}))" if isinstance(conn, sqlite3.Connection) else
             "coalesce(json_agg(json_build_array({})), '[]')")
    parts, params = [], []
    for sql, values, width in queries.values():
        columns = ", ".join(f"c{i}" for i in range(width))
        parts.append(f"(WITH q({columns}) AS ({sql}) SELECT {array.format(columns)} FROM q)")
        params.extend(values)
    row = conn.execute(f"SELECT {', '.join(parts)}", params).fetchone()
    return {name: json.loads(text) for name, text in zip(queries, row, strict=True)}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _next_summit(rows: list[list], today: dt.date) -> NextSummit | None:
    if not rows:
        return None
    summit_id, number, city, start_date, end_date, status = rows[0]
    start = _date(start_date)
    days = None if start is None else max((start - today).days, 0)
    return NextSummit(summit_id, number, city or "", start, days,
                      rules.summit_phase(start, _date(end_date), status, today))


def _mandates_per_summit(rows: list[list]) -> list[ChartRow]:
    counts: dict[int, dict[str, int]] = {}
    numbers: dict[int, int] = {}
    for summit_id, number, status, n in rows:
        counts.setdefault(summit_id, {})[MandateStatus(status).value] = n
        numbers[summit_id] = number
    chosen = sorted(counts, key=lambda sid: numbers[sid])[-CHART_SUMMITS:]
    return [ChartRow(sid, to_roman(numbers[sid]), counts[sid]) for sid in chosen]


def _milestones_per_country(rows: list[list], lang: str) -> list[ChartRow]:
    by_country: dict[int | None, tuple[str, dict[str, int]]] = {}
    network = Translator(lang)(NETWORK_WIDE)
    for country_id, name, seg, n in rows:
        by_country.setdefault(country_id, (name or network, {}))[1][str(seg)] = n
    ordered = sorted(by_country.items(), key=lambda item: (item[0] is None, fold(item[1][0])))
    return [ChartRow(cid, name, counts) for cid, (name, counts) in ordered]
