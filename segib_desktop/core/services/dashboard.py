"""The home page's figures: what needs the officers' attention today.

One call, ``figures(db, today=...)``, reads everything in one transaction and
returns plain values. The rules are those of the modules' own lists, so that a
figure and the list it opens agree: a mandate is overdue when it is open (not
started, in progress or ongoing) and its due date has passed; an action item is
overdue when it is open and its due date has passed; an IberBLH milestone is
delayed when its planned end has passed without an actual end and it is not
cancelled.

The home page is the first screen: these figures are read with plain SQL on
``Database.read``, so that it shows before SQLAlchemy has been imported.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from segib_desktop.core.db import Database
from segib_desktop.core.enums import ActionStatus, MandateStatus, MeetingKind, MilestoneStatus
from segib_desktop.i18n import N_, Translator, fold, to_roman

DUE_SOON_DAYS = 30
NEXT_MEETINGS = 5
CHART_SUMMITS = 8  # the most recent summits that have mandates
IBERBLH = "IberBLH"
NETWORK_WIDE = N_("Network-wide")
OPEN_MANDATE = tuple(s for s in MandateStatus if s.is_open)
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


class NextSummit(NamedTuple):
    id: int
    number: int
    city: str
    start_date: dt.date
    days: int  # from today to its start; 0 while it is being held


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

    @property
    def mandates_total(self) -> int:
        return sum(self.mandates_by_status.values())


def figures(db: Database, *, today: dt.date | None = None, lang: str = "es") -> Dashboard:
    today = today or dt.date.today()
    day = today.isoformat()  # dates are stored as ISO text
    open_mandate = f"status IN ({', '.join('?' * len(OPEN_MANDATE))})"
    open_values = tuple(s.value for s in OPEN_MANDATE)
    with db.read() as conn:
        def one(sql: str, *params) -> int:
            return conn.execute(sql, params).fetchone()[0]

        by_status = dict.fromkeys(MandateStatus, 0)
        by_status.update((MandateStatus(status), n) for status, n in
                         conn.execute("SELECT status, count(*) FROM mandates GROUP BY status"))
        overdue = one(f"SELECT count(*) FROM mandates WHERE {open_mandate} AND due_date < ?", *open_values, day)
        soon = (today + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
        due_soon = one(f"SELECT count(*) FROM mandates WHERE {open_mandate} AND due_date BETWEEN ? AND ?",
                       *open_values, day, soon)
        open_actions = one("SELECT count(*) FROM action_items WHERE status = ?", ActionStatus.OPEN.value)
        overdue_actions = one("SELECT count(*) FROM action_items WHERE status = ? AND due_date < ?",
                              ActionStatus.OPEN.value, day)
        row = conn.execute("SELECT id FROM programmes WHERE code = ?", (IBERBLH,)).fetchone()
        programme_id = row[0] if row else None
        delayed_count = one(f"SELECT count(*) FROM milestones WHERE programme_id IS ? AND {_DELAYED}",
                            programme_id, day, MilestoneStatus.CANCELLED.value)
        return Dashboard(
            today=today,
            mandates_by_status=by_status,
            overdue_mandates=overdue,
            due_soon=due_soon,
            open_actions=open_actions,
            overdue_actions=overdue_actions,
            delayed_milestones=delayed_count,
            programme_id=programme_id,
            next_meetings=_next_meetings(conn, day, lang),
            next_summit=_next_summit(conn, today),
            mandates_per_summit=_mandates_per_summit(conn),
            milestones_per_country=_milestones_per_country(conn, programme_id, day, lang),
        )


# A milestone is delayed (parameters: today, the cancelled status).
_DELAYED = "planned_end < ? AND actual_end IS NULL AND status != ?"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _next_meetings(conn, day: str, lang: str) -> list[NextMeeting]:
    country = "name_pt" if lang == "pt" else "name_es"
    rows = conn.execute(f"""
        SELECT m.id, m.start_date, m.kind, m.number, m.sector, m.city, c.{country}
        FROM meetings m LEFT JOIN countries c ON c.id = m.country_id
        WHERE coalesce(m.end_date, m.start_date) >= ?
        ORDER BY m.start_date, m.id LIMIT ?""", (day, NEXT_MEETINGS))
    return [NextMeeting(r[0], _date(r[1]), MeetingKind(r[2]), r[3], r[4] or "", r[5] or "", r[6] or "")
            for r in rows]


def _next_summit(conn, today: dt.date) -> NextSummit | None:
    row = conn.execute("""
        SELECT id, number, city, start_date FROM summits
        WHERE coalesce(end_date, start_date) >= ? ORDER BY start_date LIMIT 1""", (today.isoformat(),)).fetchone()
    if row is None:
        return None
    start = _date(row[3])
    return NextSummit(row[0], row[1], row[2], start, max((start - today).days, 0))


def _mandates_per_summit(conn) -> list[ChartRow]:
    """Each mandate counts for the summit that adopted its document, or the summit of its meeting's cycle."""
    rows = conn.execute("""
        SELECT coalesce(d.summit_id, m.summit_id) AS summit, t.status, sum(t.n)
        FROM (SELECT document_id, status, count(*) AS n FROM mandates GROUP BY document_id, status) t
        JOIN documents d ON d.id = t.document_id
        LEFT JOIN meetings m ON m.id = d.meeting_id
        WHERE coalesce(d.summit_id, m.summit_id) IS NOT NULL
        GROUP BY summit, t.status""")
    counts: dict[int, dict[str, int]] = {}
    for sid, status, n in rows:
        counts.setdefault(sid, {})[MandateStatus(status).value] = n
    numbers = dict(conn.execute(f"SELECT id, number FROM summits WHERE id IN ({', '.join('?' * len(counts))})",
                                tuple(counts)))
    chosen = sorted(counts, key=lambda sid: numbers[sid])[-CHART_SUMMITS:]
    return [ChartRow(sid, to_roman(numbers[sid]), counts[sid]) for sid in chosen]


def _milestones_per_country(conn, programme_id: int | None, day: str, lang: str) -> list[ChartRow]:
    if programme_id is None:
        return []
    country = "name_pt" if lang == "pt" else "name_es"
    rows = conn.execute(f"""
        SELECT country_id, c.{country}, CASE WHEN {_DELAYED} THEN ? ELSE status END AS segment, count(*)
        FROM milestones LEFT JOIN countries c ON c.id = country_id
        WHERE programme_id = ?
        GROUP BY country_id, segment""", (day, MilestoneStatus.CANCELLED.value, DELAYED, programme_id))
    by_country: dict[int | None, tuple[str, dict[str, int]]] = {}
    network = Translator(lang)(NETWORK_WIDE)
    for country_id, name, seg, n in rows:
        by_country.setdefault(country_id, (name or network, {}))[1][str(seg)] = n
    ordered = sorted(by_country.items(), key=lambda item: (item[0] is None, fold(item[1][0])))
    return [ChartRow(cid, name, counts) for cid, (name, counts) in ordered]
