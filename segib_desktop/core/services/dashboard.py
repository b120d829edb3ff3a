"""The home page's figures: what needs the officers' attention today.

One call, ``figures(db, today=...)``, reads everything in one transaction and
returns plain values. The rules are those of the modules' own lists, so that a
figure and the list it opens agree: a mandate is overdue when it is open (not
started, in progress or ongoing) and its due date has passed; an action item is
overdue when it is open and its due date has passed; an IberBLH milestone is
delayed when its planned end has passed without an actual end and it is not
cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import String, and_, case, func, select, type_coerce

from segib_desktop.core.db import Database
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Country,
    Document,
    Mandate,
    MandateStatus,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneStatus,
    Programme,
    Summit,
)
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


@dataclass(frozen=True)
class NextMeeting:
    id: int
    start_date: dt.date | None
    kind: MeetingKind
    number: int | None
    sector: str
    city: str
    country: str


@dataclass(frozen=True)
class NextSummit:
    id: int
    number: int
    city: str
    start_date: dt.date
    days: int  # from today to its start; 0 while it is being held


@dataclass(frozen=True)
class ChartRow:
    key: int | None  # the summit's or country's id (None: network-wide)
    label: str
    counts: dict[str, int]  # segment -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    mandates_by_status: dict[MandateStatus, int]
    overdue_mandates: int
    due_soon: int  # open mandates due from today to today + DUE_SOON_DAYS
    open_actions: int
    overdue_actions: int
    delayed_milestones: int
    programme_id: int | None
    next_meetings: list[NextMeeting] = field(default_factory=list)
    next_summit: NextSummit | None = None
    mandates_per_summit: list[ChartRow] = field(default_factory=list)  # oldest first
    milestones_per_country: list[ChartRow] = field(default_factory=list)  # by name, network-wide last

    @property
    def mandates_total(self) -> int:
        return sum(self.mandates_by_status.values())


def figures(db: Database, *, today: dt.date | None = None, lang: str = "es") -> Dashboard:
    today = today or dt.date.today()
    count = func.count()
    with db.session() as s:
        by_status = dict.fromkeys(MandateStatus, 0)
        by_status.update(dict(s.execute(select(Mandate.status, count).group_by(Mandate.status)).all()))
        open_mandate = Mandate.status.in_(OPEN_MANDATE)
        overdue = s.scalar(select(count).where(open_mandate, Mandate.due_date < today))
        due_soon = s.scalar(select(count).where(
            open_mandate, Mandate.due_date.between(today, today + dt.timedelta(days=DUE_SOON_DAYS))))
        open_action = ActionItem.status == ActionStatus.OPEN
        open_actions = s.scalar(select(count).where(open_action))
        overdue_actions = s.scalar(select(count).where(open_action, ActionItem.due_date < today))

        programme_id = s.scalar(select(Programme.id).where(Programme.code == IBERBLH))
        delayed = and_(Milestone.planned_end < today, Milestone.actual_end.is_(None),
                       Milestone.status != MilestoneStatus.CANCELLED)
        delayed_count = s.scalar(select(count).where(Milestone.programme_id == programme_id, delayed))

        return Dashboard(
            today=today,
            mandates_by_status=by_status,
            overdue_mandates=overdue,
            due_soon=due_soon,
            open_actions=open_actions,
            overdue_actions=overdue_actions,
            delayed_milestones=delayed_count,
            programme_id=programme_id,
            next_meetings=_next_meetings(s, today, lang),
            next_summit=_next_summit(s, today),
            mandates_per_summit=_mandates_per_summit(s),
            milestones_per_country=_milestones_per_country(s, programme_id, delayed, lang),
        )


def _next_meetings(s, today: dt.date, lang: str) -> list[NextMeeting]:
    country = Country.name_pt if lang == "pt" else Country.name_es
    rows = s.execute(select(Meeting.id, Meeting.start_date, Meeting.kind, Meeting.number, Meeting.sector,
                            Meeting.city, country)
                     .outerjoin(Country, Country.id == Meeting.country_id)
                     .where(func.coalesce(Meeting.end_date, Meeting.start_date) >= today)
                     .order_by(Meeting.start_date, Meeting.id).limit(NEXT_MEETINGS)).all()
    return [NextMeeting(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6] or "") for r in rows]


def _next_summit(s, today: dt.date) -> NextSummit | None:
    row = s.execute(select(Summit.id, Summit.number, Summit.city, Summit.start_date)
                    .where(func.coalesce(Summit.end_date, Summit.start_date) >= today)
                    .order_by(Summit.start_date).limit(1)).first()
    if row is None:
        return None
    return NextSummit(row.id, row.number, row.city, row.start_date, max((row.start_date - today).days, 0))


def _mandates_per_summit(s) -> list[ChartRow]:
    """Each mandate counts for the summit that adopted its document, or the summit of its meeting's cycle."""
    summit_id = func.coalesce(Document.summit_id, Meeting.summit_id)
    rows = s.execute(select(summit_id, Mandate.status, func.count())
                     .join(Document, Document.id == Mandate.document_id)
                     .outerjoin(Meeting, Meeting.id == Document.meeting_id)
                     .where(summit_id.is_not(None))
                     .group_by(summit_id, Mandate.status)).all()
    counts: dict[int, dict[str, int]] = {}
    for sid, status, n in rows:
        counts.setdefault(sid, {}).update({MandateStatus(status).value: n})
    numbers = dict(s.execute(select(Summit.id, Summit.number).where(Summit.id.in_(counts))).all())
    chosen = sorted(counts, key=lambda sid: numbers[sid])[-CHART_SUMMITS:]
    return [ChartRow(sid, to_roman(numbers[sid]), counts[sid]) for sid in chosen]


def _milestones_per_country(s, programme_id: int | None, delayed, lang: str) -> list[ChartRow]:
    if programme_id is None:
        return []
    segment = case((delayed, DELAYED), else_=type_coerce(Milestone.status, String))
    country = Country.name_pt if lang == "pt" else Country.name_es
    rows = s.execute(select(Milestone.country_id, country, segment, func.count())
                     .outerjoin(Country, Country.id == Milestone.country_id)
                     .where(Milestone.programme_id == programme_id)
                     .group_by(Milestone.country_id, country, segment)).all()
    by_country: dict[int | None, tuple[str, dict[str, int]]] = {}
    network = Translator(lang)(NETWORK_WIDE)
    for country_id, name, seg, n in rows:
        by_country.setdefault(country_id, (name or network, {}))[1][str(seg)] = n
    ordered = sorted(by_country.items(), key=lambda item: (item[0] is None, fold(item[1][0])))
    return [ChartRow(cid, name, counts) for cid, (name, counts) in ordered]
