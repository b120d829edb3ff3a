"""What a briefing says: plain values read from the database, one short transaction per briefing.

Every function takes an open session and returns plain values (tuples,
dataclasses, dicts of ids to names): the renderer never sees an ORM object.
Lists select only the columns they print. The rules (open, overdue, due soon,
delayed, a summit's mandates, names in the reader's language) are the read
layer's (core/read/rules.py, expr.py): the home page and the lists count the same.

Kept whole: it is the briefings' one gathering step, read in one transaction per briefing and
returned as one immutable value; splitting it by section would spread that transaction's reads
over several modules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy import Select, case, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    Area,
    Body,
    BodyKind,
    Contact,
    Country,
    Document,
    DocumentKind,
    IndicatorValue,
    Mandate,
    MandateProgress,
    MandateStatus,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Priority,
    Programme,
    ProgrammeMember,
    Recurrence,
    Summit,
    SummitStatus,
)
from segib_desktop.core.models.coordination import (
    activity_bodies,
    activity_contacts,
    activity_meetings,
    activity_summits,
)
from segib_desktop.core.models.mandates import mandate_areas, mandate_bodies, mandate_countries
from segib_desktop.core.models.programmes import Indicator
from segib_desktop.core.read import expr, rules
from segib_desktop.core.read.mandates import document_places, progress_text
from segib_desktop.core.read.relations import earlier_versions_in
from segib_desktop.i18n import Translator, active

OPEN_STATUSES = rules.OPEN_STATUSES
# A briefing is read, not searched: each list prints at most this many rows (the most relevant ones, by a
# criterion the briefing states) and says how many there are in all. The program's lists have them all.
LIST_LIMIT = 250
ACTIONS_LIMIT = 60  # open action items per body
PENDING_MILESTONES = rules.PENDING_MILESTONES
LATEST_ACTIVITIES = 12  # per body or country: the most recent ones, the count of the rest is stated
UPCOMING_DAYS = 180


# --- plain records ---------------------------------------------------------------------------------------

@dataclass
class Listing[T]:
    """The rows a briefing prints, and how many there are in all."""

    rows: list[T]
    total: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class SummitInfo:
    id: int
    number: int
    city: str
    start: dt.date | None
    end: dt.date | None
    host: str
    host_iso: str
    theme: str
    status: SummitStatus
    spt: str
    spt_start: dt.date | None
    spt_end: dt.date | None


@dataclass(frozen=True)
class MeetingRow:
    start: dt.date | None
    end: dt.date | None
    kind: MeetingKind
    number: int | None
    extraordinary: bool
    sector: str
    city: str
    country: str
    status: SummitStatus


@dataclass(frozen=True)
class MandateRow:
    id: int
    code: str
    title: str
    area: str
    due: dt.date | None
    status: MandateStatus
    priority: Priority
    order: tuple  # its key in a mandate's code order (read.rules.code_order_key; by_code, by_due)


@dataclass(frozen=True)
class ProgressEntry:
    date: dt.date
    author: str
    text: str
    new_status: MandateStatus | None


@dataclass
class MandateFull:
    """A mandate as the annex prints it."""

    row: MandateRow
    text: str
    point: str
    officer: str
    recurrence: Recurrence
    document_kind: DocumentKind
    document_title: str
    document_number: str
    source_summit: int | None
    source_city: str
    source_meeting: tuple[MeetingKind, int | None, str] | None
    addressees: list[str] = field(default_factory=list)
    latest: ProgressEntry | None = None
    earlier: list[str] = field(default_factory=list)  # codes of the mandates it renews or continues, oldest first


@dataclass(frozen=True)
class ActivityRow:
    id: int
    date: dt.date
    kind: ActivityKind
    subject: str
    outcome: str
    bodies: str


@dataclass(frozen=True)
class ActionRow:
    description: str
    owner: str
    due: dt.date | None
    activity: str
    activity_date: dt.date


@dataclass
class Coordination:
    title: str  # a body's name, or "" for a country's own activities
    acronym: str
    activities: list[ActivityRow]
    activity_total: int
    actions: Listing[ActionRow]


@dataclass(frozen=True)
class MilestoneRow:
    country: str  # "" for network-wide milestones
    category: MilestoneCategory
    title: str
    planned_end: dt.date | None
    actual_end: dt.date | None
    status: MilestoneStatus
    progress: int


@dataclass(frozen=True)
class CountryProgress:
    country: str
    joined: dt.date | None
    achieved: int
    in_progress: int
    planned: int
    delayed: int
    banks: tuple[int, float] | None  # (year, value)
    litres: tuple[int, float] | None


@dataclass
class ProgrammeInfo:
    name: str
    code: str
    approved_summit: int | None
    approved_on: dt.date | None
    secretariat: str
    objectives: str
    members: int


@dataclass
class IberBLH:
    programme: ProgrammeInfo | None
    per_country: list[CountryProgress]
    achieved: Listing[MilestoneRow]
    delayed: Listing[MilestoneRow]
    upcoming: Listing[MilestoneRow]
    since: dt.date | None
    horizon: dt.date
    indicators: dict[Indicator, dict[int, float]] = field(default_factory=dict)  # country briefings
    member_since: dt.date | None = None
    is_member: bool = False


# --- helpers ---------------------------------------------------------------------------------------------

def country_names(s: Session, lang: str) -> dict[int, str]:
    return dict(s.execute(select(Country.id, expr.localised(lang, Country))).all())


def body_names(s: Session, lang: str) -> dict[int, tuple[str, str]]:
    """id -> (acronym, name)."""
    return {r.id: (r.acronym, r.name) for r in s.execute(
        select(Body.id, Body.acronym, expr.localised(lang, Body).label("name")))}


def summit_info(s: Session, lang: str, summit_id: int) -> SummitInfo:
    host, spt = aliased(Country), aliased(Country)
    r = s.execute(
        select(Summit.id, Summit.number, Summit.city, Summit.start_date, Summit.end_date,
               expr.localised(lang, host).label("host"), host.iso2,
               expr.localised(lang, Summit, "theme", rules.NO_ENGLISH).label("theme"), Summit.status,
               expr.localised(lang, spt).label("spt"), Summit.spt_start, Summit.spt_end)
        .outerjoin(host, Summit.host_country_id == host.id)
        .outerjoin(spt, Summit.spt_country_id == spt.id)
        .where(Summit.id == summit_id)).one()
    return SummitInfo(r.id, r.number, r.city, r.start_date, r.end_date, r.host, r.iso2 or "", r.theme, r.status,
                      r.spt, r.spt_start, r.spt_end)


def summit_by_number(s: Session, lang: str, number: int) -> SummitInfo | None:
    summit_id = s.scalar(select(Summit.id).where(Summit.number == number))
    return None if summit_id is None else summit_info(s, lang, summit_id)


def last_held_summit(s: Session, lang: str, today: dt.date) -> SummitInfo | None:
    """The last summit held (read.rules: where a summit stands)."""
    summit_id = s.scalar(select(Summit.id).where(expr.is_held(today)).order_by(Summit.number.desc()).limit(1))
    return None if summit_id is None else summit_info(s, lang, summit_id)


def next_summit(s: Session, lang: str, today: dt.date) -> SummitInfo | None:
    """The next summit (read.rules): the first not held, under way, dated ahead or not dated yet."""
    summit_id = s.scalar(expr.next_summit(today))
    return None if summit_id is None else summit_info(s, lang, summit_id)


def cycle_meetings(s: Session, lang: str, summit_id: int) -> list[MeetingRow]:
    names = country_names(s, lang)
    rows = s.execute(select(Meeting.start_date, Meeting.end_date, Meeting.kind, Meeting.number, Meeting.extraordinary,
                            Meeting.sector, Meeting.city, Meeting.country_id, Meeting.status)
                     .where(Meeting.summit_id == summit_id)
                     .order_by(Meeting.start_date.is_(None), Meeting.start_date, Meeting.id))
    return [MeetingRow(r.start_date, r.end_date, r.kind, r.number, r.extraordinary, r.sector, r.city,
                       names.get(r.country_id, ""), r.status) for r in rows]


def meetings_in_country(s: Session, lang: str, country_id: int, since: dt.date | None) -> list[MeetingRow]:
    names = country_names(s, lang)
    query = (select(Meeting.start_date, Meeting.end_date, Meeting.kind, Meeting.number, Meeting.extraordinary,
                    Meeting.sector, Meeting.city, Meeting.country_id, Meeting.status)
             .where(Meeting.country_id == country_id)
             .order_by(Meeting.start_date.is_(None), Meeting.start_date, Meeting.id))
    if since is not None:
        query = query.where(or_(Meeting.start_date.is_(None), Meeting.start_date >= since))
    return [MeetingRow(r.start_date, r.end_date, r.kind, r.number, r.extraordinary, r.sector, r.city,
                       names.get(r.country_id, ""), r.status) for r in s.execute(query)]


# --- mandates --------------------------------------------------------------------------------------------

def _mandate_select() -> Select:
    return (select(Mandate.id, Mandate.code, Mandate.title, Area.name, Mandate.due_date, Mandate.status,
                   Mandate.priority, Mandate.document_id, Mandate.point)
            .outerjoin(Area, Mandate.area_id == Area.id))


def _document_places(s: Session) -> dict[int, int]:
    """read.mandates.document_places, read once per briefing: its transaction writes nothing, and a briefing
    lists mandates several times (at 200,000 mandates, 3,400 documents: 20 ms each time)."""
    places = s.info.get(_document_places)
    if places is None:
        places = s.info[_document_places] = document_places(s)
    return places


def _rows(s: Session, query: Select) -> list[MandateRow]:
    """The rows of ``query`` (``_mandate_select``), each with its key in a mandate's code order: the keys of
    one briefing's rows compare with each other (one transaction, the same documents' places)."""
    key = rules.code_order_key(_document_places(s), itemgetter(7), itemgetter(8), itemgetter(0))
    return [MandateRow(r[0], r[1] or "", r[2] or "", r[3] or "", r[4], r[5], r[6], key(r)) for r in s.execute(query)]


def status_counts(s: Session, scope=None) -> dict[MandateStatus, int]:
    """Mandates per status, within ``scope`` (a condition on Mandate) if given."""
    query = select(Mandate.status, func.count()).group_by(Mandate.status)
    if scope is not None:
        query = query.where(scope)
    counts = rules.counts_by_status(())
    for status, n in s.execute(query):
        counts[status] = n
    return counts


def of_summit(summit_id: int):
    """A summit's mandates: those of its cycle's documents (read.rules: a summit's mandates)."""
    return expr.of_summit(summit_id)


def addressed_to_country(country_id: int):
    return Mandate.id.in_(select(mandate_countries.c.mandate_id).where(mandate_countries.c.country_id == country_id))


def addressed_to_body(body_id: int):
    return Mandate.id.in_(select(mandate_bodies.c.mandate_id).where(mandate_bodies.c.body_id == body_id))


def is_open():
    return expr.is_open()


PRIORITY_RANK = case((Mandate.priority == Priority.HIGH, 0), (Mandate.priority == Priority.MEDIUM, 1), else_=2)
OPEN_FIRST = case((Mandate.status.in_(OPEN_STATUSES), 0), else_=1)
BY_DUE = (Mandate.due_date.is_(None), Mandate.due_date, Mandate.id)  # which ones when capped (by_due prints)


def by_due(row: MandateRow) -> tuple:
    """A mandate's place in a printed list: the soonest due first, those without a due date last, then in a
    mandate's code order (read.rules: as the mandates list, DEC-2 before DEC-10)."""
    return (row.due is None, row.due or dt.date.min, row.order)


def by_code(row: MandateRow) -> tuple:
    """In a mandate's code order (read.rules), as the mandates list shows them."""
    return row.order


def mandates(s: Session, *conditions, relevance=None, order=BY_DUE, key=by_due, limit: int | None = LIST_LIMIT
             ) -> Listing[MandateRow]:
    """The mandates matching ``conditions``: the ``limit`` first by ``relevance`` then ``order`` (in SQL),
    printed by ``key`` (in Python: SQL has no natural order of codes)."""
    total = s.scalar(select(func.count()).select_from(Mandate).where(*conditions)) or 0
    if limit is None or total <= limit:
        rows = _rows(s, _mandate_select().where(*conditions))
    else:
        chosen = select(Mandate.id).where(*conditions).order_by(*relevance, *order).limit(limit)
        rows = _rows(s, _mandate_select().where(Mandate.id.in_(chosen)))
    return Listing(sorted(rows, key=key), total)


def overdue(s: Session, today: dt.date, *scope, limit: int | None = LIST_LIMIT) -> Listing[MandateRow]:
    """Overdue mandates (read.rules); if too many, the highest-priority and longest overdue."""
    return mandates(s, expr.is_overdue(today), *scope, relevance=(PRIORITY_RANK,), limit=limit)


def due_between(s: Session, first: dt.date, last: dt.date | None, *scope, limit: int | None = LIST_LIMIT
                ) -> Listing[MandateRow]:
    """Mandates due in [first, last] (read.rules: due soon), or from ``first`` on when ``last`` is None (before
    a summit with no date yet); if too many, the highest-priority and soonest due."""
    last = last or dt.date.max
    return mandates(s, expr.is_due_soon(first, (last - first).days), *scope, relevance=(PRIORITY_RANK,), limit=limit)


def open_mandates(s: Session, *scope, limit: int | None = LIST_LIMIT) -> Listing[MandateRow]:
    """Open mandates; if too many, the highest-priority and soonest (or longest overdue) first."""
    return mandates(s, is_open(), *scope, relevance=(PRIORITY_RANK,), limit=limit)


def follow_up(s: Session, summit_id: int, limit: int | None = LIST_LIMIT) -> Listing[MandateRow]:
    """The mandates a summit gave, by code; if too many, the open ones first, by priority."""
    return mandates(s, of_summit(summit_id), relevance=(OPEN_FIRST, PRIORITY_RANK),
                    order=(Mandate.id,), key=by_code, limit=limit)


def overdue_count(s: Session, today: dt.date, *scope) -> int:
    return s.scalar(select(func.count()).select_from(Mandate).where(expr.is_overdue(today), *scope)) or 0


def _chunks(ids: list[int], size: int = 500):
    """Ids in slices small enough for SQLite's limit on bound parameters."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def latest_progress(s: Session, mandate_ids: list[int], lang: str | None = None) -> dict[int, ProgressEntry]:
    """The newest log entry of each mandate; what the program wrote in it, in ``lang``."""
    t = Translator(lang) if lang else active()
    out: dict[int, ProgressEntry] = {}
    for chunk in _chunks(mandate_ids):
        ranked = (select(MandateProgress.mandate_id, MandateProgress.entry_date, MandateProgress.author,
                         MandateProgress.text, MandateProgress.code, MandateProgress.params,
                         MandateProgress.new_status,
                         func.row_number().over(partition_by=MandateProgress.mandate_id,
                                                order_by=(MandateProgress.entry_date.desc(),
                                                          MandateProgress.id.desc())).label("rank"))
                  .where(MandateProgress.mandate_id.in_(chunk))
                  .subquery())
        for r in s.execute(select(ranked).where(ranked.c.rank == 1)):
            out[r.mandate_id] = ProgressEntry(r.entry_date, r.author or "",
                                              progress_text(r.text, r.code, r.params, t, r.new_status), r.new_status)
    return out


def full_mandates(s: Session, lang: str, rows: list[MandateRow]) -> list[MandateFull]:
    """Everything the annex prints about each mandate, a few queries per 500 mandates."""
    bodies = body_names(s, lang)
    countries = country_names(s, lang)
    areas = dict(s.execute(select(Area.id, Area.name)).all())
    summit_of_doc, meeting_of_doc = aliased(Summit), aliased(Meeting)
    out = []
    for start in range(0, len(rows), 500):
        part = rows[start:start + 500]
        ids = [r.id for r in part]
        details = {r.id: r for r in s.execute(
            select(Mandate.id, Mandate.text, Mandate.point, Mandate.officer, Mandate.recurrence, Document.kind,
                   Document.title, Document.number, summit_of_doc.number.label("summit_number"),
                   summit_of_doc.city.label("summit_city"), meeting_of_doc.kind.label("meeting_kind"),
                   meeting_of_doc.number.label("meeting_number"), meeting_of_doc.city.label("meeting_city"),
                   Document.meeting_id)
            .join(Document, Mandate.document_id == Document.id)
            .outerjoin(summit_of_doc, Document.summit_id == summit_of_doc.id)
            .outerjoin(meeting_of_doc, Document.meeting_id == meeting_of_doc.id)
            .where(Mandate.id.in_(ids)))}
        addressees: dict[int, list[str]] = defaultdict(list)
        for mandate_id, body_id in s.execute(select(mandate_bodies.c.mandate_id, mandate_bodies.c.body_id)
                                             .where(mandate_bodies.c.mandate_id.in_(ids))):
            addressees[mandate_id].append(bodies[body_id][0])
        for mandate_id, area_id in s.execute(select(mandate_areas.c.mandate_id, mandate_areas.c.area_id)
                                             .where(mandate_areas.c.mandate_id.in_(ids))):
            addressees[mandate_id].append(areas.get(area_id, ""))
        for mandate_id, country_id in s.execute(
                select(mandate_countries.c.mandate_id, mandate_countries.c.country_id)
                .where(mandate_countries.c.mandate_id.in_(ids))):
            addressees[mandate_id].append(countries.get(country_id, ""))
        latest = latest_progress(s, ids, lang)
        earlier = earlier_versions_in(lambda sql, params: s.connection().exec_driver_sql(sql, params).all(), ids)
        for row in part:
            d = details[row.id]
            meeting = (d.meeting_kind, d.meeting_number, d.meeting_city or "") if d.meeting_id else None
            out.append(MandateFull(row, d.text or "", d.point or "", d.officer or "", d.recurrence, d.kind,
                                   d.title or "", d.number or "", d.summit_number, d.summit_city or "", meeting,
                                   [a for a in addressees.get(row.id, []) if a], latest.get(row.id),
                                   earlier.get(row.id, [])))
    return out


# --- coordination ----------------------------------------------------------------------------------------

def _first_and_total(s: Session, query: Select, limit: int) -> tuple[list, int]:
    """The ``limit`` first rows of ``query`` and how many rows it has in all, read together: the count is a
    window over every row, taken before the limit (a count and a list were two reads of the same rows,
    four per body in a summit briefing's coordination section)."""
    if limit <= 0:
        return [], s.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = s.execute(query.add_columns(func.count().over().label("total_rows")).limit(limit)).all()
    return rows, rows[0].total_rows if rows else 0


def _activity_rows(s: Session, lang: str, activity_ids_query: Select, since: dt.date | None, limit: int
                   ) -> tuple[list[ActivityRow], int]:
    conditions = [Activity.id.in_(activity_ids_query)]
    if since is not None:
        conditions.append(Activity.date >= since)
    rows, total = _first_and_total(s, select(Activity.id, Activity.date, Activity.kind, Activity.subject,
                                             Activity.outcome)
                                   .where(*conditions).order_by(Activity.date.desc(), Activity.id.desc()), limit)
    names = body_names(s, lang)
    involved: dict[int, list[str]] = defaultdict(list)
    if rows:
        for activity_id, body_id in s.execute(
                select(activity_bodies.c.activity_id, activity_bodies.c.body_id)
                .where(activity_bodies.c.activity_id.in_([r.id for r in rows]))):
            involved[activity_id].append(names[body_id][0])
    return [ActivityRow(r.id, r.date, r.kind, r.subject or "", r.outcome or "", ", ".join(sorted(involved[r.id])))
            for r in rows], total


def _open_actions(s: Session, activity_ids_query: Select, limit: int) -> Listing[ActionRow]:
    """Open action items, earliest due first (undated last)."""
    conditions = (ActionItem.status == ActionStatus.OPEN, ActionItem.activity_id.in_(activity_ids_query))
    # (every action item has its activity: the join leaves none out of the count)
    rows, total = _first_and_total(s, select(ActionItem.description, ActionItem.owner, ActionItem.due_date,
                                             Activity.subject, Activity.date)
                                   .join(Activity, ActionItem.activity_id == Activity.id)
                                   .where(*conditions)
                                   .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, Activity.date,
                                             ActionItem.id), limit)
    return Listing([ActionRow(r.description or "", r.owner or "", r.due_date, r.subject or "", r.date)
                    for r in rows], total)


def body_coordination(s: Session, lang: str, body_id: int, since: dt.date | None,
                      limit: int = LATEST_ACTIVITIES, actions: int = ACTIONS_LIMIT) -> Coordination:
    acronym, name = body_names(s, lang)[body_id]
    ids = select(activity_bodies.c.activity_id).where(activity_bodies.c.body_id == body_id)
    activities, total = _activity_rows(s, lang, ids, since, limit)
    return Coordination(name, acronym, activities, total, _open_actions(s, ids, actions))


def coordinated_bodies(s: Session, since: dt.date | None) -> list[int]:
    """The Ibero-American bodies (SEGIB aside), and any other body with activities in the period."""
    ibero = set(s.scalars(select(Body.id).where(Body.kind == BodyKind.IBERO_AMERICAN, Body.acronym != "SEGIB")))
    query = select(activity_bodies.c.body_id).join(Activity, Activity.id == activity_bodies.c.activity_id)
    if since is not None:
        query = query.where(Activity.date >= since)
    active = set(s.scalars(query.distinct()))
    segib = s.scalar(select(Body.id).where(Body.acronym == "SEGIB"))
    chosen = (ibero | active) - {segib}
    order = {r.id: r.acronym for r in s.execute(select(Body.id, Body.acronym))}
    # Ibero-American bodies first, by acronym; then the others by acronym.
    return sorted(chosen, key=lambda i: (i not in ibero, order[i]))


def country_coordination(s: Session, lang: str, country_id: int, since: dt.date | None,
                         limit: int = LATEST_ACTIVITIES, actions: int = LIST_LIMIT) -> Coordination:
    """Activities with the country's contacts, or about meetings held in it or summits it hosted."""
    ids = union(
        select(activity_contacts.c.activity_id)
        .join(Contact, Contact.id == activity_contacts.c.contact_id).where(Contact.country_id == country_id),
        select(activity_meetings.c.activity_id)
        .join(Meeting, Meeting.id == activity_meetings.c.meeting_id).where(Meeting.country_id == country_id),
        select(activity_summits.c.activity_id)
        .join(Summit, Summit.id == activity_summits.c.summit_id).where(Summit.host_country_id == country_id))
    activities, total = _activity_rows(s, lang, ids, since, limit)
    return Coordination("", "", activities, total, _open_actions(s, ids, actions))


def contacts(s: Session, *, body_id: int | None = None, country_id: int | None = None) -> list[tuple[str, ...]]:
    query = select(Contact.name, Contact.role, Contact.email, Contact.phone).order_by(Contact.name)
    query = query.where(Contact.body_id == body_id) if body_id is not None else query.where(
        Contact.country_id == country_id)
    return [tuple(v or "" for v in r) for r in s.execute(query)]


# --- IberBLH ---------------------------------------------------------------------------------------------

def _programme(s: Session) -> int | None:
    return s.scalar(select(Programme.id).where(Programme.code == "IberBLH")) or s.scalar(
        select(Programme.id).order_by(Programme.id).limit(1))


def _milestones(s: Session, lang: str, *conditions, relevance, order, limit: int = LIST_LIMIT
                ) -> Listing[MilestoneRow]:
    names = country_names(s, lang)
    total = s.scalar(select(func.count()).select_from(Milestone).where(*conditions)) or 0
    chosen = select(Milestone.id).where(*conditions).order_by(*relevance, Milestone.id).limit(limit)
    rows = s.execute(select(Milestone.country_id, Milestone.category, Milestone.title, Milestone.planned_end,
                            Milestone.actual_end, Milestone.status, Milestone.progress)
                     .where(Milestone.id.in_(chosen)).order_by(*order, Milestone.id))
    return Listing([MilestoneRow(names.get(r.country_id, "") if r.country_id else "", r.category, r.title or "",
                                 r.planned_end, r.actual_end, r.status, r.progress or 0) for r in rows], total)


def _latest_indicators(s: Session, programme_id: int, which: tuple[Indicator, ...]
                       ) -> dict[int, dict[Indicator, tuple[int, float]]]:
    """country -> indicator -> (latest year, value)."""
    out: dict[int, dict[Indicator, tuple[int, float]]] = defaultdict(dict)
    for country_id, indicator, year, value in s.execute(
            select(IndicatorValue.country_id, IndicatorValue.indicator, IndicatorValue.year, IndicatorValue.value)
            .where(IndicatorValue.programme_id == programme_id, IndicatorValue.indicator.in_(which))
            .order_by(IndicatorValue.year)):
        out[country_id][indicator] = (year, value)
    return out


def iberblh(s: Session, lang: str, today: dt.date, since: dt.date | None, horizon: dt.date,
            country_id: int | None = None) -> IberBLH:
    programme_id = _programme(s)
    empty = IberBLH(None, [], Listing([], 0), Listing([], 0), Listing([], 0), since, horizon)
    if programme_id is None:
        return empty
    p = s.execute(select(Programme.name_es, Programme.name_pt, Programme.code, Programme.approved_on,
                         Programme.secretariat, Programme.objectives_es, Programme.objectives_pt,
                         Summit.number)
                  .outerjoin(Summit, Programme.approved_summit_id == Summit.id)
                  .where(Programme.id == programme_id)).one()
    members = s.execute(select(ProgrammeMember.country_id, ProgrammeMember.joined_on)
                        .where(ProgrammeMember.programme_id == programme_id,
                               or_(ProgrammeMember.left_on.is_(None), ProgrammeMember.left_on > today))).all()
    programme = ProgrammeInfo(rules.localised(lang, p, languages=rules.NO_ENGLISH), p.code, p.number, p.approved_on,
                              p.secretariat or "",
                              rules.localised(lang, p, "objectives", rules.NO_ENGLISH), len(members))

    scope = [Milestone.programme_id == programme_id]
    if country_id is not None:
        scope.append(Milestone.country_id == country_id)
    done_on = func.coalesce(Milestone.actual_end, Milestone.actual_start, Milestone.planned_end)
    achieved_cond = [*scope, Milestone.status == MilestoneStatus.ACHIEVED]
    if since is not None:
        achieved_cond.append(done_on >= since)
    # most recent achievements, longest delays, soonest deadlines
    achieved = _milestones(s, lang, *achieved_cond, relevance=(done_on.desc(),), order=(done_on,))
    pending = Milestone.status.in_(PENDING_MILESTONES)
    delayed = _milestones(s, lang, *scope, expr.is_delayed(today),
                          relevance=(Milestone.planned_end,), order=(Milestone.planned_end,))
    upcoming = _milestones(s, lang, *scope, pending, Milestone.planned_end >= today,
                           Milestone.planned_end <= horizon, relevance=(Milestone.planned_end,),
                           order=(Milestone.planned_end,))
    result = IberBLH(programme, [], achieved, delayed, upcoming, since, horizon)

    names = country_names(s, lang)
    if country_id is None:
        counts: dict[int, Counter] = defaultdict(Counter)
        late = case((expr.is_delayed(today), 1), else_=0)
        for cid, status, n, n_late in s.execute(
                select(Milestone.country_id, Milestone.status, func.count(), func.sum(late))
                .where(Milestone.programme_id == programme_id, Milestone.country_id.is_not(None))
                .group_by(Milestone.country_id, Milestone.status)):
            counts[cid][status] += n
            counts[cid]["delayed"] += n_late or 0
        joined = dict(members)
        latest = _latest_indicators(s, programme_id, (Indicator.BANKS, Indicator.LITRES_COLLECTED))
        for cid in sorted(set(joined) | set(counts), key=lambda i: names.get(i, "")):
            c = counts.get(cid, Counter())
            result.per_country.append(CountryProgress(
                names.get(cid, ""), joined.get(cid), c[MilestoneStatus.ACHIEVED], c[MilestoneStatus.IN_PROGRESS],
                c[MilestoneStatus.PLANNED], c["delayed"], latest.get(cid, {}).get(Indicator.BANKS),
                latest.get(cid, {}).get(Indicator.LITRES_COLLECTED)))
    else:
        joined = dict(members)
        result.is_member = country_id in joined
        result.member_since = joined.get(country_id)
        values: dict[Indicator, dict[int, float]] = defaultdict(dict)
        for indicator, year, value in s.execute(
                select(IndicatorValue.indicator, IndicatorValue.year, IndicatorValue.value)
                .where(IndicatorValue.programme_id == programme_id, IndicatorValue.country_id == country_id)):
            values[indicator][year] = value
        result.indicators = dict(values)
    return result


# --- subjects --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CountryInfo:
    id: int
    iso2: str
    iso3: str
    name: str
    member_since: int | None
    region: str
    hosted: list[tuple[int, str, dt.date | None, dt.date | None]]  # (number, city, start, end)
    spt: list[tuple[int, dt.date | None, dt.date | None]]  # (summit number, from, until)


def country_info(s: Session, lang: str, iso2: str) -> CountryInfo | None:
    r = s.execute(select(Country.id, Country.iso2, Country.iso3, Country.name_es, Country.name_pt, Country.name_en,
                         Country.member_since, Country.region)
                  .where(func.upper(Country.iso2) == iso2.upper())).first()
    if r is None:
        return None
    hosted = [tuple(x) for x in s.execute(select(Summit.number, Summit.city, Summit.start_date, Summit.end_date)
                                           .where(Summit.host_country_id == r.id).order_by(Summit.number))]
    spt = [tuple(x) for x in s.execute(select(Summit.number, Summit.spt_start, Summit.spt_end)
                                        .where(Summit.spt_country_id == r.id).order_by(Summit.number))]
    return CountryInfo(r.id, r.iso2, r.iso3, rules.localised(lang, r), r.member_since, r.region or "",
                       hosted, spt)


@dataclass(frozen=True)
class BodyInfo:
    id: int
    acronym: str
    name: str
    kind: BodyKind
    seat: str
    website: str
    founded: int | None
    notes: str


def body_info(s: Session, lang: str, acronym: str) -> BodyInfo | None:
    r = s.execute(select(Body.id, Body.acronym, Body.name_es, Body.name_pt, Body.name_en, Body.kind, Body.seat, Body.website,
                         Body.founded, Body.notes)
                  .where(func.upper(Body.acronym) == acronym.strip().upper())).first()
    if r is None:
        return None
    return BodyInfo(r.id, r.acronym, rules.localised(lang, r), r.kind, r.seat or "", r.website or "",
                    r.founded, r.notes or "")


def upcoming_horizon(today: dt.date, summit_start: dt.date | None = None) -> dt.date:
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    return max(horizon, summit_start) if summit_start else horizon
