"""Cooperation programmes as the screens read them: the programmes, their members, milestones and indicators.

Nothing here knows a programme by name: every call takes a ``programme_id``. "Delayed" is the read
rules' (``rules.is_delayed``, ``expr.is_delayed``): derived, never stored. Everything that depends on
it takes ``today`` (None: the real date).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_, select

from segib_desktop import errors
from segib_desktop.core.db import Database
from segib_desktop.core.enums import Indicator, MilestoneCategory, MilestoneStatus
from segib_desktop.core.models import Country, IndicatorValue, Mandate, Milestone, Programme, ProgrammeMember
from segib_desktop.core.read import expr, rules
from segib_desktop.core.read.cycle import Choice
from segib_desktop.core.read.lookups import CountryChoice
from segib_desktop.core.read.mandates import in_code_order
from segib_desktop.i18n import N_, Translator, fold

# country_id filter value meaning "the network-wide milestones" (country_id IS NULL).
NETWORK_WIDE = 0
NETWORK_LABEL = N_("Network-wide")
NO_PROGRAMME = N_("The programme no longer exists; another window may have deleted it.")


class ProgrammeChoice(NamedTuple):
    id: int
    code: str
    name: str  # in the reader's language


class MatrixRow(NamedTuple):
    """A row of "where each country stands": a country (None: network-wide) and its label."""

    country_id: int | None
    label: str


class GridRow(NamedTuple):
    """A row of the indicators' grid: one country in one year."""

    country_id: int
    year: int
    label: str


class Point(NamedTuple):
    """One value of an indicator's series."""

    year: int
    value: float


class MilestoneRow(NamedTuple):
    """One row of a programme's milestones list."""

    id: int
    country: str  # in the reader's language; "Network-wide" for a milestone of no country
    category: MilestoneCategory
    title: str
    planned_end: dt.date | None
    actual_end: dt.date | None
    status: MilestoneStatus
    progress: int | None
    delayed: bool  # rules.is_delayed on the list's day


class MemberRow(NamedTuple):
    """A member country of a programme."""

    id: int  # the membership's
    country: str
    iso2: str
    joined_on: dt.date | None
    left_on: dt.date | None


def add_counts(bucket: dict[str, int], status: MilestoneStatus, count: int, late: int) -> None:
    bucket[status.value] += count
    bucket["delayed"] += late
    if status != MilestoneStatus.CANCELLED:
        bucket["total"] += count


def empty_counts() -> dict[str, int]:
    return {"total": 0, "achieved": 0, "in_progress": 0, "planned": 0, "cancelled": 0, "delayed": 0}


def _year_clause(year: int):
    """The milestone's planned or actual period touches ``year`` (one missing end stands for the other)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ps = func.coalesce(Milestone.planned_start, Milestone.planned_end)
    pe = func.coalesce(Milestone.planned_end, Milestone.planned_start)
    as_ = func.coalesce(Milestone.actual_start, Milestone.actual_end)
    ae = func.coalesce(Milestone.actual_end, Milestone.actual_start)
    return or_(and_(ps <= last, pe >= first), and_(as_ <= last, ae >= first))


def _country_filter(query, country_id: int | None):
    if country_id is None:
        return query
    if country_id == NETWORK_WIDE:
        return query.where(Milestone.country_id.is_(None))
    return query.where(Milestone.country_id == country_id)


def programmes(db: Database, lang: str) -> list[ProgrammeChoice]:
    """Every programme with its name in ``lang``, in the order they were created (IberBLH first)."""
    with db.session() as s:
        rows = s.execute(select(Programme.id, Programme.code, Programme.name_es, Programme.name_pt)
                         .order_by(Programme.id)).all()
    return [ProgrammeChoice(r.id, r.code, rules.localised(lang, r, languages=rules.NO_ENGLISH)) for r in rows]


def programme_summary(db: Database, programme_id: int, lang: str) -> dict[str, Any]:
    """The programme's heading: code, name, approval, secretariat and objectives in ``lang``."""
    with db.session() as s:
        p = s.get(Programme, programme_id)
        if p is None:
            raise errors.NotFound(NO_PROGRAMME)
        return {"id": p.id, "code": p.code, "name": rules.localised(lang, p, languages=rules.NO_ENGLISH),
                "approved_on": p.approved_on, "secretariat": p.secretariat,
                "objectives": rules.localised(lang, p, "objectives", rules.NO_ENGLISH),
                "summit_number": p.approved_summit.number if p.approved_summit else None}


def members(db: Database, programme_id: int, lang: str) -> list[MemberRow]:
    """The programme's member countries, by country name."""
    name = expr.localised(lang, Country)
    with db.session() as s:
        rows = s.execute(select(ProgrammeMember.id, name, Country.iso2, ProgrammeMember.joined_on,
                                ProgrammeMember.left_on)
                         .join(Country, Country.id == ProgrammeMember.country_id)
                         .where(ProgrammeMember.programme_id == programme_id)).all()
    return sorted((MemberRow(*r) for r in rows), key=lambda r: fold(r.country))


def member_countries(db: Database, programme_id: int, lang: str) -> list[CountryChoice]:
    """Every member, past or present, by name."""
    name = expr.localised(lang, Country)
    with db.session() as s:
        rows = s.execute(select(Country.id, Country.iso2, name)
                         .join(ProgrammeMember, ProgrammeMember.country_id == Country.id)
                         .where(ProgrammeMember.programme_id == programme_id)).all()
    return sorted((CountryChoice(*r) for r in rows), key=lambda r: fold(r.name))


def milestones(db: Database, programme_id: int, lang: str, *, today: dt.date | None = None,
              country_id: int | None = None, category: MilestoneCategory | None = None,
              status: MilestoneStatus | None = None, delayed: bool | None = None,
              year: int | None = None) -> list[MilestoneRow]:
    """The programme's milestones, by planned end.

    ``country_id`` NETWORK_WIDE keeps the network-wide milestones; ``delayed``
    True keeps the delayed ones, False the others.
    """
    today = today or dt.date.today()
    late = expr.is_delayed(today)
    network = Translator(lang)(NETWORK_LABEL)
    query = (select(Milestone.id, func.coalesce(func.nullif(expr.localised(lang, Country), ""), network), Milestone.category,
                    Milestone.title, Milestone.planned_end, Milestone.actual_end, Milestone.status, Milestone.progress, case((late, True), else_=False))
             .outerjoin(Country, Country.id == Milestone.country_id)
             .where(Milestone.programme_id == programme_id)
             .order_by(Milestone.planned_end.is_(None), Milestone.planned_end, Milestone.id))
    query = _country_filter(query, country_id)
    if category is not None:
        query = query.where(Milestone.category == category)
    if status is not None:
        query = query.where(Milestone.status == status)
    if delayed is True:
        query = query.where(late)
    elif delayed is False:
        query = query.where(~late)
    if year:
        query = query.where(_year_clause(year))
    with db.session() as s:
        return [MilestoneRow(*r[:-1], bool(r[-1])) for r in s.execute(query)]


def mandate_choices(db: Database) -> list[Choice]:
    """Every mandate as "code – title", for the link picker; in a mandate's code order (read.rules), as the
    mandates list."""
    with db.session() as s:
        rows = in_code_order(s, select(Mandate.id, Mandate.code, Mandate.title, Mandate.document_id, Mandate.point))
    return [Choice(r.id, f"{r.code} – {r.title}" if r.code else r.title) for r in rows]


def programme_of(db: Database, milestone_id: int) -> int:
    with db.session() as s:
        programme_id = s.scalar(select(Milestone.programme_id).where(Milestone.id == milestone_id))
    if programme_id is None:
        raise errors.NotFound()
    return programme_id


def matrix(db: Database, programme_id: int, lang: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """The country × category counts.

    Returns {"rows": [(country_id or None, label)], "categories": [MilestoneCategory],
    "cells": {(country_id, category): counts}, "row_totals": {country_id: counts},
    "totals": counts}, where counts is a dict of total (not cancelled), achieved,
    in_progress, planned, cancelled and delayed. Rows are the members by name, then any
    other country with milestones, then the network-wide row (when it has milestones).
    """
    today = today or dt.date.today()
    late = expr.is_delayed(today)
    query = (select(Milestone.country_id, Milestone.category, Milestone.status, func.count(),
                    func.sum(case((late, 1), else_=0)))
             .where(Milestone.programme_id == programme_id)
             .group_by(Milestone.country_id, Milestone.category, Milestone.status))
    with db.session() as s:
        grouped = s.execute(query).all()
        countries = {r.id: r[1] for r in s.execute(select(Country.id, expr.localised(lang, Country)))}
    members = member_countries(db, programme_id, lang)
    cells: dict[tuple, dict[str, int]] = {}
    row_totals: dict[int | None, dict[str, int]] = {}
    totals = empty_counts()
    for country_id, category, status, count, late_count in grouped:
        for bucket in (cells.setdefault((country_id, MilestoneCategory(category)), empty_counts()),
                       row_totals.setdefault(country_id, empty_counts()), totals):
            add_counts(bucket, MilestoneStatus(status), count, late_count or 0)
    rows = [MatrixRow(cid, name) for cid, _iso, name in members]
    listed = {row.country_id for row in rows}
    others = sorted((MatrixRow(cid, countries[cid]) for cid in row_totals if cid is not None and cid not in listed),
                    key=lambda r: fold(r.label))
    rows += others
    if None in row_totals:
        rows.append(MatrixRow(None, Translator(lang)(NETWORK_LABEL)))
    return {"rows": rows, "categories": list(MilestoneCategory), "cells": cells,
            "row_totals": row_totals, "totals": totals}


def timeline(db: Database, programme_id: int, lang: str, *, today: dt.date | None = None,
             country_id: int | None = None, delayed: bool | None = None,
             category: MilestoneCategory | None = None) -> list[dict[str, Any]]:
    """Milestones grouped by country (network-wide first, then countries by name).

    Each group: {"country_id", "label", "milestones": [{id, title, category, status, planned_start,
    planned_end, actual_start, actual_end, progress, delayed}]}, milestones by their first date.
    """
    today = today or dt.date.today()
    late = expr.is_delayed(today)
    query = (select(Milestone.id, Milestone.country_id, expr.localised(lang, Country), Milestone.title,
                    Milestone.category, Milestone.status, Milestone.planned_start, Milestone.planned_end,
                    Milestone.actual_start, Milestone.actual_end, Milestone.progress,
                    case((late, True), else_=False))
             .outerjoin(Country, Country.id == Milestone.country_id)
             .where(Milestone.programme_id == programme_id))
    query = _country_filter(query, country_id)
    if delayed is True:
        query = query.where(late)
    elif delayed is False:
        query = query.where(~late)
    if category is not None:
        query = query.where(Milestone.category == category)
    with db.session() as s:
        rows = s.execute(query).all()
    groups: dict[int | None, dict[str, Any]] = {}
    for r in rows:
        group = groups.setdefault(r.country_id, {
            "country_id": r.country_id,
            "label": r[2] if r.country_id is not None else Translator(lang)(NETWORK_LABEL), "milestones": []})
        group["milestones"].append({
            "id": r.id, "title": r.title, "category": r.category, "status": r.status,
            "planned_start": r.planned_start, "planned_end": r.planned_end, "actual_start": r.actual_start,
            "actual_end": r.actual_end, "progress": r.progress, "delayed": bool(r[-1])})
    far = dt.date.max
    for group in groups.values():
        group["milestones"].sort(key=lambda m: (
            min(d for d in (m["planned_start"], m["planned_end"], m["actual_start"], m["actual_end"], far)
                if d is not None), m["id"]))
    return sorted(groups.values(), key=lambda g: (g["country_id"] is not None, fold(g["label"])))


def country_summary(db: Database, programme_id: int, country_id: int, lang: str, *,
                    today: dt.date | None = None) -> dict[str, Any]:
    """A country's standing: name, membership dates and its milestone counts by status."""
    today = today or dt.date.today()
    late = expr.is_delayed(today)
    with db.session() as s:
        country = s.get(Country, country_id)
        if country is None:
            raise errors.NotFound()
        member = s.execute(select(ProgrammeMember.joined_on, ProgrammeMember.left_on).where(
            ProgrammeMember.programme_id == programme_id, ProgrammeMember.country_id == country_id)).first()
        grouped = s.execute(select(Milestone.status, func.count(), func.sum(case((late, 1), else_=0)))
                            .where(Milestone.programme_id == programme_id, Milestone.country_id == country_id)
                            .group_by(Milestone.status)).all()
        counts = empty_counts()
        for status, count, late_count in grouped:
            add_counts(counts, MilestoneStatus(status), count, late_count or 0)
        return {"id": country.id, "iso2": country.iso2, "name": country.name(lang),
                "member": member is not None, "joined_on": member.joined_on if member else None,
                "left_on": member.left_on if member else None, "counts": counts}


def indicator_values(db: Database, programme_id: int, *, country_id: int | None = None,
           year: int | None = None) -> dict[tuple[int, int, Indicator], float]:
    """(country id, year, indicator) -> value."""
    query = select(IndicatorValue.country_id, IndicatorValue.year, IndicatorValue.indicator,
                   IndicatorValue.value).where(IndicatorValue.programme_id == programme_id)
    if country_id is not None:
        query = query.where(IndicatorValue.country_id == country_id)
    if year is not None:
        query = query.where(IndicatorValue.year == year)
    with db.session() as s:
        return {(r[0], r[1], Indicator(r[2])): r[3] for r in s.execute(query)}


def indicator_years(db: Database, programme_id: int, country_id: int | None = None) -> list[int]:
    """The years that hold at least one value, oldest first."""
    query = select(IndicatorValue.year).where(IndicatorValue.programme_id == programme_id).distinct()
    if country_id is not None:
        query = query.where(IndicatorValue.country_id == country_id)
    with db.session() as s:
        return sorted(s.scalars(query))


def indicator_series(db: Database, programme_id: int, country_id: int, indicator: Indicator) -> list[Point]:
    """One indicator of one country, oldest first."""
    with db.session() as s:
        rows = s.execute(select(IndicatorValue.year, IndicatorValue.value).where(
            IndicatorValue.programme_id == programme_id, IndicatorValue.country_id == country_id,
            IndicatorValue.indicator == indicator).order_by(IndicatorValue.year)).all()
    return [Point(*r) for r in rows]
