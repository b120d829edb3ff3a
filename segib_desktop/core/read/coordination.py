"""Coordination as the screens read it: bodies, contacts, activities, action items and the pickers.

Named rows (``read.rules`` for open, overdue and the localised names); "overdue" is computed against
``today`` (None: the real date), which tests fix.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from segib_desktop import errors, paths
from segib_desktop.core.db import Database
from segib_desktop.core.enums import ActionStatus, ActivityKind, BodyKind, MandateStatus, MeetingKind
from segib_desktop.core.models import (
    ActionItem,
    Activity,
    Body,
    Contact,
    Country,
    Mandate,
    Meeting,
    Summit,
    reference_uid,
)
from segib_desktop.core.models.coordination import activity_bodies, activity_mandates
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.read import expr, rules
from segib_desktop.core.read.cycle import Choice
from segib_desktop.core.read.mandates import in_code_order

# CODEI, chaired by SEGIB, brings together the Secretaries-General of these five bodies.
CODEI = "CODEI"
CODEI_MEMBERS = ("SEGIB", "OEI", "OIJ", "OISS", "COMJIB")
# A body's own fields, as its page shows them (the form's, ``BodyService.fields``).
BODY_FIELDS = ("acronym", "kind", "name_es", "name_pt", "name_en", "seat", "website", "founded", "notes")


class ActionRow(NamedTuple):
    id: int
    due_date: dt.date | None
    description: str
    owner: str
    status: ActionStatus
    days_overdue: int | None  # rules.is_action_overdue: how many days; None when it is not
    bodies: str
    activity: str
    activity_id: int


class BodyMandateRow(NamedTuple):
    """A mandate addressed to a body, on the body's page."""

    id: int
    code: str
    title: str
    due_date: dt.date | None
    status: MandateStatus
    days_overdue: int | None  # rules.is_overdue: how many days; None when it is not
    code_order: int  # its place among these in a mandate's code order (read.rules): the code column's order


class ContactChoice(NamedTuple):
    id: int
    name: str
    role: str
    where: str | None  # its body's acronym, or its country


class SummitChoice(NamedTuple):
    id: int
    number: int
    city: str
    start_date: dt.date | None


class MeetingChoice(NamedTuple):
    id: int
    start_date: dt.date | None
    kind: MeetingKind
    number: int | None
    city: str


class MandateChoice(NamedTuple):
    id: int
    code: str
    title: str
    status: MandateStatus
    due_date: dt.date | None
    code_order: int  # its place among these in a mandate's code order (read.rules), which is theirs


def days_late(due_date: dt.date | None, today: dt.date, late: bool) -> int | None:
    return (today - due_date).days if late and due_date is not None else None


class ActivityRow(NamedTuple):
    """One row of the activities' list."""

    id: int
    date: dt.date | None
    kind: ActivityKind
    subject: str
    bodies: str  # their acronyms, comma-separated
    open_actions: int


class BodyRow(NamedTuple):
    """One row of the bodies' list."""

    id: int
    acronym: str
    name: str  # in the reader's language
    kind: BodyKind
    seat: str
    activities: int
    open_actions: int
    last_activity: dt.date | None


class ContactRow(NamedTuple):
    """One row of the contacts' list."""

    id: int
    name: str
    role: str
    body: str | None  # its body's acronym
    country: str | None  # in the reader's language
    email: str
    phone: str


@cache
def reference_body_uids() -> frozenset[str]:
    """The UUIDs of the bodies shipped as reference data (the same in every database)."""
    with (paths.reference_dir() / "bodies.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(reference_uid("body", row["acronym"]) for row in csv.DictReader(fh))


def _open_actions_by_activity(session: Session, activity_ids: Iterable[int] | None = None) -> dict[int, int]:
    """activity id -> its open action items (of ``activity_ids`` only, if given)."""
    if activity_ids is None:
        return dict(session.execute(select(ActionItem.activity_id, func.count())
                                    .where(ActionItem.status == ActionStatus.OPEN)
                                    .group_by(ActionItem.activity_id)).all())
    activity_ids = list(activity_ids)
    if not activity_ids:
        return {}
    # A few activities' items, found through their activity (SQLite would otherwise walk every open item of
    # the database by the status index: 0.1 s at 100,000 activities), their open ones counted.
    is_open = func.sum(case((ActionItem.status == ActionStatus.OPEN, 1), else_=0))
    rows = session.execute(select(ActionItem.activity_id, is_open).where(ActionItem.activity_id.in_(activity_ids))
                           .group_by(ActionItem.activity_id))
    return {activity_id: count for activity_id, count in rows if count}


def _acronyms_by_activity(session: Session, activity_ids: Iterable[int] | None = None) -> dict[int, str]:
    """activity id -> "OEI, SEGIB" (acronyms sorted)."""
    query = (select(activity_bodies.c.activity_id, Body.acronym)
             .join(Body, Body.id == activity_bodies.c.body_id)
             .order_by(Body.acronym))
    if activity_ids is not None:
        query = query.where(activity_bodies.c.activity_id.in_(activity_ids))
    found: dict[int, list[str]] = defaultdict(list)
    for activity_id, acronym in session.execute(query):
        found[activity_id].append(acronym)
    return {k: ", ".join(v) for k, v in found.items()}


def bodies(db: Database, lang: str, *, kind: BodyKind | None = None) -> list[BodyRow]:
    """The bodies' list, by acronym."""
    activities = (select(activity_bodies.c.body_id, func.count().label("n"),
                         func.max(Activity.date).label("last"))
                  .join(Activity, Activity.id == activity_bodies.c.activity_id)
                  .group_by(activity_bodies.c.body_id).subquery())
    actions = (select(activity_bodies.c.body_id, func.count().label("n"))
               .join(ActionItem, ActionItem.activity_id == activity_bodies.c.activity_id)
               .where(ActionItem.status == ActionStatus.OPEN)
               .group_by(activity_bodies.c.body_id).subquery())
    query = (select(Body.id, Body.acronym, expr.localised(lang, Body), Body.kind, Body.seat,
                    func.coalesce(activities.c.n, 0), func.coalesce(actions.c.n, 0), activities.c.last)
             .outerjoin(activities, activities.c.body_id == Body.id)
             .outerjoin(actions, actions.c.body_id == Body.id)
             .order_by(Body.acronym))
    if kind is not None:
        query = query.where(Body.kind == kind)
    with db.session() as s:
        rows = s.execute(query).all()
    return [BodyRow(*r) for r in rows]


def body_choices(db: Database, lang: str) -> list[Choice]:
    """"OEI – Organización de Estados…" for pickers, by acronym."""
    with db.session() as s:
        rows = s.execute(select(Body.id, Body.acronym, expr.localised(lang, Body)).order_by(Body.acronym)).all()
    return [Choice(r[0], f"{r[1]} – {r[2]}") for r in rows]


def body_ids(db: Database, acronyms: Iterable[str]) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(Body.id).where(Body.acronym.in_(list(acronyms))).order_by(Body.acronym)))


def codei_ids(db: Database) -> list[int]:
    """CODEI itself and its five members: what a CODEI meeting involves."""
    return body_ids(db, (CODEI, *CODEI_MEMBERS))


def body_exists(db: Database, body_id: int) -> bool:
    with db.session() as s:
        return s.scalar(select(Body.id).where(Body.id == body_id)) is not None


def body_overview(db: Database, body_id: int, lang: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """The body's details and the figures its page opens with.

    ``last_codei``: the date of the latest CODEI meeting up to ``today`` (None if
    none); ``since_codei``: this body's activities since then, that day included; ``open_actions`` and
    ``overdue``: its open action items, and how many of them are late.
    """
    today = today or dt.date.today()
    with db.session() as s:
        body = s.get(Body, body_id)
        if body is None:
            raise errors.NotFound()
        details = {f: getattr(body, f) for f in BODY_FIELDS}
        details |= {"id": body.id, "name": rules.localised(lang, body),
                    "reference": body.uid in reference_body_uids()}
        codei = s.scalar(select(Body.id).where(Body.acronym == CODEI))
        last_codei = None
        if codei is not None:
            last_codei = s.scalar(
                select(func.max(Activity.date))
                .join(activity_bodies, activity_bodies.c.activity_id == Activity.id)
                .where(activity_bodies.c.body_id == codei, Activity.kind == ActivityKind.MEETING,
                       Activity.date <= today))
        mine = select(activity_bodies.c.activity_id).where(activity_bodies.c.body_id == body_id)
        since = select(func.count()).select_from(Activity).where(Activity.id.in_(mine))
        if last_codei is not None:  # that meeting included
            since = since.where(Activity.date >= last_codei)
        open_items = select(func.count()).select_from(ActionItem).where(
            ActionItem.activity_id.in_(mine), ActionItem.status == ActionStatus.OPEN)
        return details | {
            "last_codei": last_codei,
            "since_codei": s.scalar(since),
            "open_actions": s.scalar(open_items),
            "overdue": s.scalar(open_items.where(expr.is_action_overdue(today))),
        }


def body_mandates(db: Database, body_id: int, *, today: dt.date | None = None) -> list[BodyMandateRow]:
    """The mandates addressed to a body: (id, code, title, due date, status, days overdue), the soonest due
    first (undated last), then in a mandate's code order (read.rules), as the mandates list."""
    today = today or dt.date.today()
    query = (select(Mandate.id, Mandate.code, Mandate.title, Mandate.due_date, Mandate.status, Mandate.document_id,
                    Mandate.point)
             .join(mandate_bodies, mandate_bodies.c.mandate_id == Mandate.id)
             .where(mandate_bodies.c.body_id == body_id))
    with db.session() as s:
        rows = in_code_order(s, query)
    place = {r.id: n for n, r in enumerate(rows)}
    rows.sort(key=lambda r: (r.due_date is None, r.due_date or dt.date.min, place[r.id]))
    return [BodyMandateRow(r.id, r.code, r.title, r.due_date, r.status,
                           days_late(r.due_date, today, rules.is_overdue(r.status, r.due_date, today)), place[r.id])
            for r in rows]


def contacts(db: Database, lang: str, *, body_id: int | None = None) -> list[ContactRow]:
    """The contacts' list, by name."""
    country = func.nullif(expr.localised(lang, Country), "")
    query = (select(Contact.id, Contact.name, Contact.role, Body.acronym, country, Contact.email, Contact.phone)
             .outerjoin(Body, Body.id == Contact.body_id)
             .outerjoin(Country, Country.id == Contact.country_id)
             .order_by(Contact.name))
    if body_id is not None:
        query = query.where(Contact.body_id == body_id)
    with db.session() as s:
        return [ContactRow(*r) for r in s.execute(query)]


def contact_choices(db: Database, lang: str, ids: Iterable[int] | None = None) -> list[ContactChoice]:
    """For the activity form's picker, by name."""
    country = func.nullif(expr.localised(lang, Country), "")
    query = (select(Contact.id, Contact.name, Contact.role, func.coalesce(Body.acronym, country))
             .outerjoin(Body, Body.id == Contact.body_id)
             .outerjoin(Country, Country.id == Contact.country_id)
             .order_by(Contact.name))
    if ids is not None:
        query = query.where(Contact.id.in_(list(ids)))
    with db.session() as s:
        return [ContactChoice(*r) for r in s.execute(query)]


def activities(db: Database, lang: str = "es", *, body_id: int | None = None, kind: ActivityKind | None = None,
              year: int | None = None, mandate_id: int | None = None,
              since: dt.date | None = None) -> list[ActivityRow]:
    """The activities' list, newest first; ``since``: on or after that day."""
    query = select(Activity.id, Activity.date, Activity.kind, Activity.subject).order_by(
        Activity.date.desc(), Activity.id.desc())
    if body_id is not None:
        query = query.where(Activity.id.in_(
            select(activity_bodies.c.activity_id).where(activity_bodies.c.body_id == body_id)))
    if mandate_id is not None:
        query = query.where(Activity.id.in_(
            select(activity_mandates.c.activity_id).where(activity_mandates.c.mandate_id == mandate_id)))
    if kind is not None:
        query = query.where(Activity.kind == kind)
    if year:
        query = query.where(Activity.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if since is not None:
        query = query.where(Activity.date >= since)
    with db.session() as s:
        rows = s.execute(query).all()
        filtered = body_id is not None or mandate_id is not None or since is not None
        ids = [r[0] for r in rows] if filtered and len(rows) < 900 else None
        bodies = _acronyms_by_activity(s, ids)
        actions = _open_actions_by_activity(s, ids)  # a mandate's few: all 100,000 took 0.1-0.3 s
    return [ActivityRow(r[0], r[1], r[2], r[3], bodies.get(r[0], ""), actions.get(r[0], 0)) for r in rows]


def activity_years(db: Database) -> list[int]:
    with db.session() as s:
        dates = s.execute(select(func.min(Activity.date), func.max(Activity.date))).one()
    if dates[0] is None:
        return []
    return list(range(dates[1].year, dates[0].year - 1, -1))


def summit_choices(db: Database, ids: Iterable[int] | None = None) -> list[SummitChoice]:
    """(id, number, city, start date), newest first."""
    query = select(Summit.id, Summit.number, Summit.city, Summit.start_date).order_by(Summit.number.desc())
    if ids is not None:
        query = query.where(Summit.id.in_(list(ids)))
    with db.session() as s:
        return [SummitChoice(*r) for r in s.execute(query)]


def meeting_choices(db: Database, ids: Iterable[int] | None = None) -> list[MeetingChoice]:
    """(id, start date, kind, number, city), newest first."""
    query = (select(Meeting.id, Meeting.start_date, Meeting.kind, Meeting.number, Meeting.city)
             .order_by(Meeting.start_date.desc().nulls_last(), Meeting.id.desc()))
    if ids is not None:
        query = query.where(Meeting.id.in_(list(ids)))
    with db.session() as s:
        return [MeetingChoice(*r) for r in s.execute(query)]


def mandate_choices(db: Database, ids: Iterable[int] | None = None) -> list[MandateChoice]:
    """(id, code, title, status, due date), in a mandate's code order (read.rules), as the mandates list."""
    query = select(Mandate.id, Mandate.code, Mandate.title, Mandate.status, Mandate.due_date, Mandate.document_id,
                   Mandate.point)
    if ids is not None:
        query = query.where(Mandate.id.in_(list(ids)))
    with db.session() as s:
        rows = in_code_order(s, query)
    return [MandateChoice(r.id, r.code, r.title, r.status, r.due_date, n) for n, r in enumerate(rows)]


def action_items(db: Database, *, status: ActionStatus | None = ActionStatus.OPEN, body_id: int | None = None,
              owner: str | None = None, due_by: dt.date | None = None, overdue: bool = False,
              today: dt.date | None = None) -> list[ActionRow]:
    """Action items as named rows (read.coordination.ActionRow).

    ``due_by``: due on or before that date; ``overdue``: open and due before ``today``.
    Sorted by due date (undated last).
    """
    today = today or dt.date.today()
    query = (select(ActionItem.id, ActionItem.due_date, ActionItem.description, ActionItem.owner,
                    ActionItem.status, Activity.subject, Activity.id)
             .join(Activity, Activity.id == ActionItem.activity_id)
             .order_by(ActionItem.due_date.nulls_last(), ActionItem.id))
    if status is not None:
        query = query.where(ActionItem.status == status)
    if body_id is not None:
        query = query.where(ActionItem.activity_id.in_(
            select(activity_bodies.c.activity_id).where(activity_bodies.c.body_id == body_id)))
    if owner:
        query = query.where(ActionItem.owner == owner)
    if due_by is not None:
        query = query.where(ActionItem.due_date <= due_by)
    if overdue:
        query = query.where(expr.is_action_overdue(today))
    with db.session() as s:
        rows = s.execute(query).all()
        ids = {r[-1] for r in rows}
        bodies = _acronyms_by_activity(s, ids if len(ids) < 900 else None)

    return [ActionRow(item_id, due, description, owner, state,
                      days_late(due, today, rules.is_action_overdue(state, due, today)),
                      bodies.get(activity_id, ""), subject, activity_id)
            for item_id, due, description, owner, state, subject, activity_id in rows]


def owner_choices(db: Database) -> list[str]:
    """What an owner cell proposes: the contacts' names, then the other owners already written."""
    with db.session() as s:
        contacts = list(s.scalars(select(Contact.name).order_by(Contact.name)))
    known = {c.casefold() for c in contacts}
    return contacts + [o for o in owners(db) if o.casefold() not in known]


def owners(db: Database) -> list[str]:
    """The distinct owners of open action items, sorted."""
    with db.session() as s:
        names = s.scalars(select(ActionItem.owner).where(ActionItem.owner != "",
                                                         ActionItem.status == ActionStatus.OPEN).distinct())
        return sorted(names, key=str.casefold)


def activity_of(db: Database, action_id: int) -> int:
    with db.session() as s:
        activity_id = s.scalar(select(ActionItem.activity_id).where(ActionItem.id == action_id))
    if activity_id is None:
        raise errors.NotFound()
    return activity_id
