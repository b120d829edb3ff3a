"""Summits, meetings and documents as the screens, the briefings and the command line read them.

Named rows (the summits', meetings', documents' and upcoming lists), the pickers' choices and a
cycle's figures. ``mandate_counts`` is also what the write services count inside their own
transactions (what a delete would take along).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased

from segib_desktop.core.db import Database
from segib_desktop.core.enums import DocumentKind, MeetingKind, SummitStatus
from segib_desktop.core.meeting_names import meeting_name, summit_name
from segib_desktop.core.models import Country, Document, Mandate, Meeting, Summit
from segib_desktop.core.read import expr, rules
from segib_desktop.i18n import Translator, to_roman

OPEN_STATUSES = rules.OPEN_STATUSES


class Choice(NamedTuple):
    """A record offered in a picker: its id and how it reads."""

    id: int
    label: str


class SummitRow(NamedTuple):
    id: int
    number: int
    start_date: dt.date | None
    end_date: dt.date | None
    city: str
    host: str  # the host country, in the reader's language
    theme: str
    status: SummitStatus


class MeetingRow(NamedTuple):
    """One row of the meetings' list."""

    id: int
    start_date: dt.date | None
    end_date: dt.date | None
    name: str  # meeting_names, in the reader's language
    city: str
    country: str
    cycle: int | None  # its summit's number
    status: SummitStatus
    documents: int


class DocumentRow(NamedTuple):
    """One row of the documents' list."""

    id: int
    adopted_on: dt.date | None
    kind: DocumentKind
    number: str
    title: str
    adopted_by: str  # the summit's or the meeting's name (and city)
    cycle: int | None
    mandates: int
    open_mandates: int


class UpcomingRow(NamedTuple):
    """A meeting or summit under way or coming soon; ``id`` is "meeting:<id>" or "summit:<id>"."""

    id: str
    start_date: dt.date
    end_date: dt.date | None
    days_to_go: int
    name: str
    city: str
    country: str
    cycle: int | None
    status: SummitStatus


def mandate_counts(session: Session, *conditions) -> tuple[int, int]:
    """(all, open) mandates whose document matches ``conditions`` (on Document and the Meeting alias)."""
    is_open = case((Mandate.status.in_(OPEN_STATUSES), 1), else_=0)
    row = session.execute(
        select(func.count(Mandate.id), func.coalesce(func.sum(is_open), 0))
        .join(Document, Mandate.document_id == Document.id)
        .outerjoin(Meeting, Document.meeting_id == Meeting.id)
        .where(*conditions)).one()
    return int(row[0]), int(row[1])


def meetings(db: Database, lang: str, *, year_from: int | None = None, year_to: int | None = None,
              kind: MeetingKind | None = None, country_id: int | None = None,
              status: SummitStatus | None = None, summit_id: int | None = None) -> list[MeetingRow]:
    """The meetings' list, by date."""
    t = Translator(lang)
    country_name = expr.localised(lang, Country)
    documents = (select(func.count(Document.id)).where(Document.meeting_id == Meeting.id)
                 .correlate(Meeting).scalar_subquery())
    query = (select(Meeting.id, Meeting.start_date, Meeting.end_date, Meeting.kind, Meeting.number,
                    Meeting.extraordinary, Meeting.sector, Meeting.city, country_name, Summit.number,
                    Meeting.status, documents)
             .outerjoin(Country, Meeting.country_id == Country.id)
             .outerjoin(Summit, Meeting.summit_id == Summit.id)
             .order_by(Meeting.start_date, Meeting.id))
    if year_from:
        query = query.where(Meeting.start_date >= dt.date(year_from, 1, 1))
    if year_to:
        query = query.where(Meeting.start_date <= dt.date(year_to, 12, 31))
    if kind:
        query = query.where(Meeting.kind == kind)
    if country_id:
        query = query.where(Meeting.country_id == country_id)
    if status:
        query = query.where(Meeting.status == status)
    if summit_id:
        query = query.where(Meeting.summit_id == summit_id)
    with db.session() as s:
        rows = s.execute(query).all()
    return [MeetingRow(r[0], r[1], r[2], meeting_name(r[3], r[4], r[5], r[6], t), r[7], r[8], r[9], r[10],
                       r[11]) for r in rows]


def meeting_choices(db: Database, lang: str) -> list[Choice]:
    """(id, "IV Reunión de Coordinadores Nacionales – 12/03/2026 (XXX)") for pickers, newest first."""
    t = Translator(lang)
    with db.session() as s:
        rows = s.execute(select(Meeting.id, Meeting.kind, Meeting.number, Meeting.extraordinary,
                                Meeting.sector, Meeting.start_date, Summit.number)
                         .outerjoin(Summit, Meeting.summit_id == Summit.id)
                         .order_by(Meeting.start_date.desc(), Meeting.id.desc())).all()
    out = []
    for r in rows:
        label = meeting_name(r[1], r[2], r[3], r[4], t)
        if r[5]:
            label += f" – {t.format_date(r[5])}"
        if r[6]:
            label += f" ({to_roman(r[6])})"
        out.append(Choice(r[0], label))
    return out


def upcoming(db: Database, lang: str, *, today: dt.date | None = None, days: int = 90) -> list[UpcomingRow]:
    """The meetings and summits under way or starting in the next ``days`` days, nearest first (read.rules:
    where a summit stands; one not dated yet has no place in a list by date)."""
    t = Translator(lang)
    today = today or dt.date.today()
    last = today + dt.timedelta(days=days)
    country_name = expr.localised(lang, Country)
    rows = []
    with db.session() as s:
        coming = or_(Meeting.start_date.between(today, last), expr.is_under_way(today, Meeting))
        for r in s.execute(select(Meeting.id, Meeting.start_date, Meeting.end_date, Meeting.kind,
                                  Meeting.number, Meeting.extraordinary, Meeting.sector, Meeting.city,
                                  country_name, Summit.number, Meeting.status)
                           .outerjoin(Country, Meeting.country_id == Country.id)
                           .outerjoin(Summit, Meeting.summit_id == Summit.id).where(coming)):
            rows.append(UpcomingRow(f"meeting:{r[0]}", r[1], r[2], max((r[1] - today).days, 0),
                         meeting_name(r[3], r[4], r[5], r[6], t), r[7], r[8], r[9], r[10]))
        coming = or_(Summit.start_date.between(today, last), expr.is_under_way(today, Summit))
        for r in s.execute(select(Summit.id, Summit.start_date, Summit.end_date, Summit.number, Summit.city,
                                  country_name, Summit.status)
                           .outerjoin(Country, Summit.host_country_id == Country.id).where(coming)):
            rows.append(UpcomingRow(f"summit:{r[0]}", r[1], r[2], max((r[1] - today).days, 0),
                         summit_name(r[3], t), r[4], r[5], r[3], r[6]))
    return sorted(rows, key=lambda row: (row.start_date, row.name))


def documents(db: Database, lang: str, *, summit_id: int | None = None, meeting_id: int | None = None,
              cycle_id: int | None = None, kind: DocumentKind | None = None,
              year_from: int | None = None, year_to: int | None = None) -> list[DocumentRow]:
    """The documents' list, by adoption date.

    ``summit_id``/``meeting_id``: adopted by that summit or meeting; ``cycle_id``: adopted by
    that summit or by a meeting of its cycle.
    """
    t = Translator(lang)
    cycle = aliased(Summit)
    is_open = case((Mandate.status.in_(OPEN_STATUSES), 1), else_=0)
    counts = (select(Mandate.document_id, func.count(Mandate.id).label("total"),
                     func.sum(is_open).label("open")).group_by(Mandate.document_id).subquery())
    query = (select(Document.id, Document.adopted_on, Document.kind, Document.number, Document.title,
                    Summit.number, Meeting.kind, Meeting.number, Meeting.extraordinary, Meeting.sector,
                    Meeting.city, cycle.number, func.coalesce(counts.c.total, 0), func.coalesce(counts.c.open, 0))
             .outerjoin(Summit, Document.summit_id == Summit.id)
             .outerjoin(Meeting, Document.meeting_id == Meeting.id)
             .outerjoin(cycle, Meeting.summit_id == cycle.id)
             .outerjoin(counts, counts.c.document_id == Document.id)
             .order_by(Document.adopted_on, Document.id))
    if summit_id:
        query = query.where(Document.summit_id == summit_id)
    if meeting_id:
        query = query.where(Document.meeting_id == meeting_id)
    if cycle_id:
        query = query.where(or_(Document.summit_id == cycle_id, Meeting.summit_id == cycle_id))
    if kind:
        query = query.where(Document.kind == kind)
    if year_from:
        query = query.where(Document.adopted_on >= dt.date(year_from, 1, 1))
    if year_to:
        query = query.where(Document.adopted_on <= dt.date(year_to, 12, 31))
    with db.session() as s:
        rows = s.execute(query).all()
    out = []
    for r in rows:
        if r[5] is not None:
            by = summit_name(r[5], t)
        else:
            by = ", ".join(filter(None, (meeting_name(r[6], r[7], r[8], r[9], t), r[10])))
        out.append(DocumentRow(r[0], r[1], r[2], r[3], r[4], by, r[5] if r[5] is not None else r[11], r[12],
                               r[13]))
    return out


def summits(db: Database, lang: str, *, year_from: int | None = None, year_to: int | None = None,
              status: SummitStatus | None = None, country_id: int | None = None) -> list[SummitRow]:
    """Newest first."""
    host = aliased(Country)
    query = (select(Summit.id, Summit.number, Summit.start_date, Summit.end_date, Summit.city,
                    expr.localised(lang, host), expr.localised(lang, Summit, "theme", rules.NO_ENGLISH),
                    Summit.status)
             .outerjoin(host, Summit.host_country_id == host.id)
             .order_by(Summit.number.desc()))
    if year_from:
        query = query.where(Summit.start_date >= dt.date(year_from, 1, 1))
    if year_to:
        query = query.where(Summit.start_date <= dt.date(year_to, 12, 31))
    if status:
        query = query.where(Summit.status == status)
    if country_id:
        query = query.where(Summit.host_country_id == country_id)
    with db.session() as s:
        return [SummitRow(*r) for r in s.execute(query)]


def summit_label(number: int, city: str | None, start: dt.date | None) -> str:
    """How a picker names a summit: "XXX – Madrid 2026"; "XXXI – 2027" or "XXXI" while its city or date is
    not known."""
    from segib_desktop.i18n import to_roman

    where = " ".join(part for part in ((city or "").strip(), str(start.year) if start else "") if part)
    return f"{to_roman(number)} – {where}" if where else to_roman(number)


def next_summit_id(db: Database, today: dt.date | None = None) -> int | None:
    """The next summit (``expr.next_summit``): a new meeting is most likely of its cycle."""
    with db.session() as s:
        return s.scalar(expr.next_summit(today or dt.date.today()))


def summit_choices(db: Database) -> list[Choice]:
    """(id, ``summit_label``) for pickers, newest first."""
    with db.session() as s:
        rows = s.execute(select(Summit.id, Summit.number, Summit.city, Summit.start_date)
                         .order_by(Summit.number.desc())).all()
    return [Choice(r.id, summit_label(r.number, r.city, r.start_date)) for r in rows]


class CycleSummary(NamedTuple):
    """A summit's cycle in figures, for its page."""

    meetings: int
    held: int  # meetings held
    documents: int
    mandates: int
    open_mandates: int


def cycle_mandate_counts(db: Database, summit_id: int) -> tuple[int, int]:
    """(all, open) mandates from the documents of the summit and of the meetings of its cycle."""
    with db.session() as s:
        return mandate_counts(s, or_(Document.summit_id == summit_id, Meeting.summit_id == summit_id))


def cycle_summary(db: Database, summit_id: int) -> CycleSummary:
    """Counts for the summit's page: meetings (held), documents, mandates (open)."""
    with db.session() as s:
        meetings, held = s.execute(
            select(func.count(Meeting.id), func.coalesce(func.sum(case(
                (Meeting.status == SummitStatus.HELD, 1), else_=0)), 0))
            .where(Meeting.summit_id == summit_id)).one()
        documents = s.scalar(select(func.count(Document.id))
                             .outerjoin(Meeting, Document.meeting_id == Meeting.id)
                             .where(or_(Document.summit_id == summit_id, Meeting.summit_id == summit_id)))
        mandates, open_ = mandate_counts(s, or_(Document.summit_id == summit_id, Meeting.summit_id == summit_id))
    return CycleSummary(int(meetings), int(held), int(documents or 0), mandates, open_)
