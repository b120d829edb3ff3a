"""Coordination with the Ibero-American bodies and other organisations.

Bodies (the reference ones and any the user adds), the contacts who work there,
the coordination activities (meetings, letters, agreements...) with one or more
bodies, and the action items each activity leaves behind. Lists return named rows
(``core.read.coordination``) of the shown columns only (plus the ids a screen needs to open a
record); "overdue" is computed against ``today``, which tests fix.

Kept whole: the write services of one domain (bodies, contacts, activities, action items) with
the reads inside their own write transactions (validation, a contact's erasure); the named rows the
lists return are ``core.read.coordination``'s. Moving the remaining list reads out to
``core.read.coordination`` is issue 18's open work.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any, ClassVar

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from segib_desktop import errors, paths
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    AuditEntry,
    Body,
    BodyKind,
    Contact,
    Country,
    Mandate,
    Meeting,
    Summit,
    reference_uid,
)
from segib_desktop.core.models.coordination import (
    activity_bodies,
    activity_contacts,
    activity_mandates,
)
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.models.system import (
    AuditEntry as Trail,  # the trail's rows, scrubbed of an erased name
)
from segib_desktop.core.read import expr, rules
from segib_desktop.core.read.coordination import (
    ActionRow,
    ActivityRow,
    BodyMandateRow,
    BodyRow,
    ContactChoice,
    ContactRow,
    MandateChoice,
    MeetingChoice,
    SummitChoice,
    days_late,
)
from segib_desktop.core.services.base import REQUIRED, CrudService, check_required
from segib_desktop.i18n import N_, active

# CODEI, chaired by SEGIB, brings together the Secretaries-General of these five bodies.
CODEI = "CODEI"
CODEI_MEMBERS = ("SEGIB", "OEI", "OIJ", "OISS", "COMJIB")

ACRONYM_TAKEN = N_("There is already a body with the acronym {acronym}.")
REFERENCE_BODY = N_("{acronym} is one of the reference bodies of the Ibero-American Conference and "
                    "cannot be deleted. You can still edit its details.")
BAD_EMAIL = N_("This does not look like an email address (name@example.org).")
BAD_YEAR = N_("Write the year with four digits, for example 1992.")
NO_BODY = N_("Choose at least one body.")
ACTION_WITHOUT_TEXT = N_("Action {row}: say what is to be done.")
TOO_LONG = N_("This text is too long (at most {n} characters).")
# What the audit trail keeps of an erased contact: that its personal data was erased, nothing else.
ERASED = {"personal_data": ["erased", None]}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


_name = rules.localised


@cache
def reference_body_uids() -> frozenset[str]:
    """The UUIDs of the bodies shipped as reference data (the same in every database)."""
    with (paths.reference_dir() / "bodies.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(reference_uid("body", row["acronym"]) for row in csv.DictReader(fh))


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


def _open_actions_by_activity(session: Session) -> dict[int, int]:
    return dict(session.execute(select(ActionItem.activity_id, func.count())
                                .where(ActionItem.status == ActionStatus.OPEN)
                                .group_by(ActionItem.activity_id)).all())


# --------------------------------------------------------------------------- bodies
class BodyService(CrudService):
    model = Body
    fields = ("acronym", "kind", "name_es", "name_pt", "seat", "website", "founded", "notes")

    def list_rows(self, lang: str, *, kind: BodyKind | None = None) -> list[BodyRow]:
        """The bodies' list, by acronym."""
        activities = (select(activity_bodies.c.body_id, func.count().label("n"),
                             func.max(Activity.date).label("last"))
                      .join(Activity, Activity.id == activity_bodies.c.activity_id)
                      .group_by(activity_bodies.c.body_id).subquery())
        actions = (select(activity_bodies.c.body_id, func.count().label("n"))
                   .join(ActionItem, ActionItem.activity_id == activity_bodies.c.activity_id)
                   .where(ActionItem.status == ActionStatus.OPEN)
                   .group_by(activity_bodies.c.body_id).subquery())
        query = (select(Body.id, Body.acronym, Body.name_es, Body.name_pt, Body.kind, Body.seat,
                        func.coalesce(activities.c.n, 0), func.coalesce(actions.c.n, 0), activities.c.last)
                 .outerjoin(activities, activities.c.body_id == Body.id)
                 .outerjoin(actions, actions.c.body_id == Body.id)
                 .order_by(Body.acronym))
        if kind is not None:
            query = query.where(Body.kind == kind)
        with self.db.session() as s:
            rows = s.execute(query).all()
        return [BodyRow(r[0], r[1], _name(lang, r[2], r[3]), r[4], r[5], r[6], r[7], r[8]) for r in rows]

    def choices(self, lang: str) -> list[tuple[int, str]]:
        """(id, "OEI – Organización de Estados…") for pickers, by acronym."""
        with self.db.session() as s:
            rows = s.execute(select(Body.id, Body.acronym, Body.name_es, Body.name_pt).order_by(Body.acronym)).all()
        return [(r.id, f"{r.acronym} – {_name(lang, r.name_es, r.name_pt)}") for r in rows]

    def ids_by_acronym(self, acronyms: Iterable[str]) -> list[int]:
        with self.db.session() as s:
            return list(s.scalars(select(Body.id).where(Body.acronym.in_(list(acronyms))).order_by(Body.acronym)))

    def codei_ids(self) -> list[int]:
        """CODEI itself and its five members: what a CODEI meeting involves."""
        return self.ids_by_acronym((CODEI, *CODEI_MEMBERS))

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems: dict[str, Any] = check_required(values, "acronym", "kind", "name_es")
        acronym = (values.get("acronym") or "").strip()
        if acronym:
            if len(acronym) > 30:
                problems["acronym"] = (TOO_LONG, {"n": 30})
            else:
                clash = session.scalar(select(Body.id).where(func.upper(Body.acronym) == acronym.upper(),
                                                             Body.id != (record_id or -1)))
                if clash:
                    problems["acronym"] = (ACRONYM_TAKEN, {"acronym": acronym})
        founded = values.get("founded")
        if founded is not None and not 1000 <= founded <= 2999:
            problems["founded"] = BAD_YEAR
        return problems

    def exists(self, body_id: int) -> bool:
        with self.db.session() as s:
            return s.scalar(select(Body.id).where(Body.id == body_id)) is not None

    def is_reference(self, body_id: int) -> bool:
        with self.db.session() as s:
            return s.scalar(select(Body.uid).where(Body.id == body_id)) in reference_body_uids()

    def dependents(self, session: Session, obj: Body) -> list[str]:
        t = active()
        found = []
        activities = session.scalar(select(func.count()).where(activity_bodies.c.body_id == obj.id))
        contacts = session.scalar(select(func.count()).where(Contact.body_id == obj.id))
        mandates = session.scalar(select(func.count()).where(mandate_bodies.c.body_id == obj.id))
        if activities:
            found.append(t(N_("{n} coordination activities")).format(n=activities))
        if contacts:
            found.append(t(N_("{n} contacts")).format(n=contacts))
        if mandates:
            found.append(t(N_("{n} mandates addressed to it")).format(n=mandates))
        return found

    def delete(self, record_id: int, *, force: bool = False) -> None:
        with self.db.session() as s:
            uid, acronym = s.execute(select(Body.uid, Body.acronym).where(Body.id == record_id)).one_or_none() \
                or (None, None)
        if uid in reference_body_uids():
            raise errors.SegibError(REFERENCE_BODY, acronym=acronym)
        super().delete(record_id, force=force)

    # --- a body's page
    def overview(self, body_id: int, lang: str, *, today: dt.date | None = None) -> dict[str, Any]:
        """The body's details and the figures its page opens with.

        ``last_codei``: the date of the latest CODEI meeting up to ``today`` (None if
        none); ``since_codei``: this body's activities since then, that day included; ``open_actions`` and
        ``overdue``: its open action items, and how many of them are late.
        """
        today = _today(today)
        with self.db.session() as s:
            body = s.get(Body, body_id)
            if body is None:
                raise errors.NotFound()
            details = {f: getattr(body, f) for f in self.fields}
            details |= {"id": body.id, "name": _name(lang, body.name_es, body.name_pt),
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

    def mandates(self, body_id: int, *, today: dt.date | None = None) -> list[BodyMandateRow]:
        """The mandates addressed to a body: (id, code, title, due date, status, days overdue)."""
        today = _today(today)
        query = (select(Mandate.id, Mandate.code, Mandate.title, Mandate.due_date, Mandate.status)
                 .join(mandate_bodies, mandate_bodies.c.mandate_id == Mandate.id)
                 .where(mandate_bodies.c.body_id == body_id)
                 .order_by(Mandate.due_date, Mandate.code))
        with self.db.session() as s:
            rows = s.execute(query).all()
        return [BodyMandateRow(r.id, r.code, r.title, r.due_date, r.status,
                               days_late(r.due_date, today, rules.is_overdue(r.status, r.due_date, today)))
                for r in rows]


# --------------------------------------------------------------------------- contacts
class ContactService(CrudService):
    """Contacts are personal data: deleting one erases it everywhere, the history included."""

    model = Contact
    fields = ("name", "role", "body_id", "country_id", "email", "phone", "notes")

    def list_rows(self, lang: str, *, body_id: int | None = None) -> list[ContactRow]:
        """The contacts' list, by name."""
        country = func.nullif(expr.localised(lang, Country), "")
        query = (select(Contact.id, Contact.name, Contact.role, Body.acronym, country, Contact.email, Contact.phone)
                 .outerjoin(Body, Body.id == Contact.body_id)
                 .outerjoin(Country, Country.id == Contact.country_id)
                 .order_by(Contact.name))
        if body_id is not None:
            query = query.where(Contact.body_id == body_id)
        with self.db.session() as s:
            return [ContactRow(*r) for r in s.execute(query)]

    def choices(self, lang: str, ids: Iterable[int] | None = None) -> list[ContactChoice]:
        """For the activity form's picker, by name."""
        country = func.nullif(expr.localised(lang, Country), "")
        query = (select(Contact.id, Contact.name, Contact.role, func.coalesce(Body.acronym, country))
                 .outerjoin(Body, Body.id == Contact.body_id)
                 .outerjoin(Country, Country.id == Contact.country_id)
                 .order_by(Contact.name))
        if ids is not None:
            query = query.where(Contact.id.in_(list(ids)))
        with self.db.session() as s:
            return [ContactChoice(*r) for r in s.execute(query)]

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems: dict[str, Any] = check_required(values, "name")
        email = (values.get("email") or "").strip()
        if email and not EMAIL.match(email):
            problems["email"] = BAD_EMAIL
        for key, limit in (("name", 200), ("role", 200), ("email", 200), ("phone", 60)):
            if len((values.get(key) or "").strip()) > limit:
                problems[key] = (TOO_LONG, {"n": limit})
        return problems

    def activity_count(self, contact_id: int) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.count()).where(activity_contacts.c.contact_id == contact_id))

    def delete(self, record_id: int, *, force: bool = False) -> None:
        """Erases the contact in one transaction: the row, its links to activities and its history.

        The activities stay. The audit trail keeps a single entry saying that a
        contact was deleted, with no name, email or phone. Core statements are
        used on purpose: an ORM delete would write the old values to the trail.
        """
        with self.db.session(write=True) as s:
            row = s.execute(select(Contact.uid, Contact.name).where(Contact.id == record_id)).one_or_none()
            if row is None:
                raise errors.NotFound()
            uid = row.uid
            _erase_owner(s, record_id, row.name)
            _erase_in_texts(s, row.name)
            s.execute(delete(activity_contacts).where(activity_contacts.c.contact_id == record_id))
            s.execute(delete(Contact).where(Contact.id == record_id).execution_options(synchronize_session=False))
            s.execute(delete(AuditEntry).where(AuditEntry.record_uid == uid))
            s.add(AuditEntry(user=s.info.get("user", ""), table_name=Contact.__tablename__, record_id=record_id,
                             record_uid=uid, action="delete", changes=dict(ERASED)))


def _erase_owner(session: Session, contact_id: int, name: str) -> None:
    """Erases a contact's name where it was written as an action item's owner: on the items it owns
    (and on those whose free-text owner is exactly its name), and in their audit trail's values."""
    owned = or_(ActionItem.owner_contact_id == contact_id,
                and_(ActionItem.owner_contact_id.is_(None), func.lower(ActionItem.owner) == name.strip().lower()))
    session.execute(update(ActionItem).where(owned).values(owner="", owner_contact_id=None,
                                                           version=ActionItem.version + 1)
                    .execution_options(synchronize_session=False))  # Core: the trail must not copy the name
    folded = name.strip().casefold()
    trail = session.execute(select(Trail.id, Trail.changes).where(
        Trail.table_name == ActionItem.__tablename__)).all()
    for entry_id, changes in trail:
        owner = (changes or {}).get("owner")
        if isinstance(owner, list) and any(isinstance(v, str) and v.strip().casefold() == folded for v in owner):
            scrubbed = dict(changes) | {"owner": ["" if isinstance(v, str) and v.strip().casefold() == folded
                                                  else v for v in owner]}
            session.execute(update(Trail).where(Trail.id == entry_id).values(changes=scrubbed))


# What an erased contact's name becomes where it was written in a text: a redaction mark, in no language.
ERASED_NAME = "[…]"


def _name_pattern(name: str) -> re.Pattern | None:
    """The contact's name as written in a text: whole, or without its organisation in brackets
    ("Lucía Fernández" for "Lucía Fernández (SEGIB)"); never a lone first name, which would take others'."""
    name = " ".join(name.split())
    forms = {name, re.sub(r"\s*\([^)]*\)\s*$", "", name)}
    forms = sorted((f for f in forms if len(f.split()) >= 2 or (f == name and len(f) >= 4)), key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.IGNORECASE)


def _erase_in_texts(session: Session, name: str) -> None:
    """Erases a contact's name where someone typed it: an activity's subject, summary and outcome, an
    action item's description, and the same fields' values in the trail (the search index follows)."""
    pattern = _name_pattern(name)
    if pattern is None:
        return
    texts = {Activity: ("subject", "summary", "outcome"), ActionItem: ("description",)}
    for model, fields in texts.items():
        columns = [getattr(model, f) for f in fields]
        for row in session.execute(select(model.id, *columns)):
            values = {f: pattern.sub(ERASED_NAME, v) for f, v in zip(fields, row[1:], strict=True)
                      if v and pattern.search(v)}
            if values:  # Core: the trail must not copy the name
                session.execute(update(model).where(model.id == row.id).values(**values, version=model.version + 1)
                                .execution_options(synchronize_session=False))
        for entry_id, changes in session.execute(select(Trail.id, Trail.changes)
                                                 .where(Trail.table_name == model.__tablename__)).all():
            scrubbed = _scrub(changes, pattern)
            if scrubbed != changes:
                session.execute(update(Trail).where(Trail.id == entry_id).values(changes=scrubbed))


def _scrub(value, pattern: re.Pattern):
    """``value`` (a trail entry's changes: dicts, lists, texts) with the name replaced in every text."""
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    return value


def contact_for_owner(session: Session, owner: str) -> int | None:
    """The contact an owner's text names (the same name, case aside), or None: a person who is not a contact."""
    owner = owner.strip()
    if not owner:
        return None
    return session.scalar(select(func.min(Contact.id)).where(func.lower(Contact.name) == owner.lower()))


# --------------------------------------------------------------------------- activities
class ActivityService(CrudService):
    model = Activity
    fields = ("kind", "date", "subject", "summary", "outcome", "files")
    cascade_on_confirm = True  # its action items go with it, once the user agrees

    LINKS: ClassVar[dict[str, tuple]] = {
        "body_ids": ("bodies", Body), "contact_ids": ("contacts", Contact), "summit_ids": ("summits", Summit),
        "meeting_ids": ("meetings", Meeting), "mandate_ids": ("mandates", Mandate),
    }

    _overwrite = False

    def list_rows(self, lang: str = "es", *, body_id: int | None = None, kind: ActivityKind | None = None,
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
        with self.db.session() as s:
            rows = s.execute(query).all()
            filtered = body_id is not None or mandate_id is not None or since is not None
            ids = [r[0] for r in rows] if filtered and len(rows) < 900 else None
            bodies = _acronyms_by_activity(s, ids)
            actions = _open_actions_by_activity(s)
        return [ActivityRow(r[0], r[1], r[2], r[3], bodies.get(r[0], ""), actions.get(r[0], 0)) for r in rows]

    def for_mandate(self, mandate_id: int) -> list[tuple]:
        """The activities linked to a mandate, newest first (for the mandate's "Coordination" tab)."""
        return self.list_rows(mandate_id=mandate_id)

    def years(self) -> list[int]:
        with self.db.session() as s:
            dates = s.execute(select(func.min(Activity.date), func.max(Activity.date))).one()
        if dates[0] is None:
            return []
        return list(range(dates[1].year, dates[0].year - 1, -1))

    # --- what the form's pickers offer; ``ids`` restricts to those records
    def summit_choices(self, ids: Iterable[int] | None = None) -> list[SummitChoice]:
        """(id, number, city, start date), newest first."""
        query = select(Summit.id, Summit.number, Summit.city, Summit.start_date).order_by(Summit.number.desc())
        if ids is not None:
            query = query.where(Summit.id.in_(list(ids)))
        with self.db.session() as s:
            return [SummitChoice(*r) for r in s.execute(query)]

    def meeting_choices(self, ids: Iterable[int] | None = None) -> list[MeetingChoice]:
        """(id, start date, kind, number, city), newest first."""
        query = (select(Meeting.id, Meeting.start_date, Meeting.kind, Meeting.number, Meeting.city)
                 .order_by(Meeting.start_date.desc().nulls_last(), Meeting.id.desc()))
        if ids is not None:
            query = query.where(Meeting.id.in_(list(ids)))
        with self.db.session() as s:
            return [MeetingChoice(*r) for r in s.execute(query)]

    def mandate_choices(self, ids: Iterable[int] | None = None) -> list[MandateChoice]:
        """(id, code, title, status, due date), by code."""
        query = (select(Mandate.id, Mandate.code, Mandate.title, Mandate.status, Mandate.due_date)
                 .order_by(Mandate.code, Mandate.id))
        if ids is not None:
            query = query.where(Mandate.id.in_(list(ids)))
        with self.db.session() as s:
            return [MandateChoice(*r) for r in s.execute(query)]

    # --- load
    def extra_values(self, session: Session, obj: Activity) -> dict[str, Any]:
        values: dict[str, Any] = {key: sorted(o.id for o in getattr(obj, attr))
                                  for key, (attr, _model) in self.LINKS.items()}
        values["actions"] = [{"id": a.id, "version": a.version, "description": a.description, "owner": a.owner,
                              "due_date": a.due_date, "status": a.status} for a in obj.actions]
        return values

    # --- save
    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems: dict[str, Any] = check_required(values, "kind", "date")
        if not (values.get("subject") or "").strip():
            problems["subject"] = REQUIRED
        elif len(values["subject"].strip()) > 300:
            problems["subject"] = (TOO_LONG, {"n": 300})
        if "body_ids" in values and not values["body_ids"]:
            problems["body_ids"] = NO_BODY
        for row, action in enumerate(values.get("actions") or (), start=1):
            if not (action.get("description") or "").strip():
                problems["actions"] = (ACTION_WITHOUT_TEXT, {"row": row})
                break
            if len((action.get("owner") or "").strip()) > 150:
                problems["actions"] = (TOO_LONG, {"n": 150})
                break
        return problems

    def save(self, record_id: int | None, values: dict, *, overwrite: bool = False) -> int:
        self._overwrite = overwrite
        try:
            return super().save(record_id, values, overwrite=overwrite)
        finally:
            self._overwrite = False

    def apply(self, session: Session, obj: Activity, values: dict) -> None:
        super().apply(session, obj, values)
        for key, (attr, model) in self.LINKS.items():
            if key in values:
                wanted = set(values[key] or ())
                if wanted != {o.id for o in getattr(obj, attr)}:
                    setattr(obj, attr, list(session.scalars(select(model).where(model.id.in_(wanted))))
                            if wanted else [])
        if "actions" in values:
            self._apply_actions(session, obj, values["actions"] or [])

    def _apply_actions(self, session: Session, obj: Activity, rows: list[dict]) -> None:
        existing = {a.id: a for a in obj.actions}
        kept = set()
        for row in rows:
            values = {"description": (row.get("description") or "").strip(),
                      "owner": (row.get("owner") or "").strip(),
                      "due_date": row.get("due_date"), "status": row.get("status") or ActionStatus.OPEN}
            values["owner_contact_id"] = contact_for_owner(session, values["owner"])
            item = existing.get(row.get("id"))
            if item is None:
                obj.actions.append(ActionItem(**values))
                continue
            kept.add(item.id)
            if row.get("version") not in (None, item.version) and not self._overwrite:
                raise errors.EditConflict()
            for key, value in values.items():
                if getattr(item, key) != value:
                    setattr(item, key, value)
        for item_id, item in existing.items():
            if item_id not in kept:
                obj.actions.remove(item)
                session.delete(item)  # explicitly: an orphan deleted by the flush would escape the audit

    def dependents(self, session: Session, obj: Activity) -> list[str]:
        n = session.scalar(select(func.count()).where(ActionItem.activity_id == obj.id))
        return [active()(N_("{n} action items")).format(n=n)] if n else []

    def delete_dependents(self, session: Session, obj: Activity) -> None:
        for item in list(obj.actions):  # one by one, so that the audit trail records each
            session.delete(item)


# --------------------------------------------------------------------------- action items
class ActionItemService(CrudService):
    model = ActionItem
    fields = ("description", "owner", "due_date", "status")

    def list_rows(self, *, status: ActionStatus | None = ActionStatus.OPEN, body_id: int | None = None,
                  owner: str | None = None, due_by: dt.date | None = None, overdue: bool = False,
                  today: dt.date | None = None) -> list[ActionRow]:
        """Action items as named rows (read.coordination.ActionRow).

        ``due_by``: due on or before that date; ``overdue``: open and due before ``today``.
        Sorted by due date (undated last).
        """
        today = _today(today)
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
        with self.db.session() as s:
            rows = s.execute(query).all()
            ids = {r[-1] for r in rows}
            bodies = _acronyms_by_activity(s, ids if len(ids) < 900 else None)

        return [ActionRow(item_id, due, description, owner, state,
                          days_late(due, today, rules.is_action_overdue(state, due, today)),
                          bodies.get(activity_id, ""), subject, activity_id)
                for item_id, due, description, owner, state, subject, activity_id in rows]

    def owner_choices(self) -> list[str]:
        """What an owner cell proposes: the contacts' names, then the other owners already written."""
        with self.db.session() as s:
            contacts = list(s.scalars(select(Contact.name).order_by(Contact.name)))
        known = {c.casefold() for c in contacts}
        return contacts + [o for o in self.owners() if o.casefold() not in known]

    def owners(self) -> list[str]:
        """The distinct owners of open action items, sorted."""
        with self.db.session() as s:
            names = s.scalars(select(ActionItem.owner).where(ActionItem.owner != "",
                                                             ActionItem.status == ActionStatus.OPEN).distinct())
            return sorted(names, key=str.casefold)

    def set_status(self, action_ids: Iterable[int], status: ActionStatus) -> int:
        """Changes the status of several action items in one transaction; returns how many changed."""
        changed = 0
        with self.db.session(write=True) as s:
            for item in s.scalars(select(ActionItem).where(ActionItem.id.in_(list(action_ids)))):
                if item.status != status:
                    item.status = status
                    changed += 1
        return changed

    def activity_of(self, action_id: int) -> int:
        with self.db.session() as s:
            activity_id = s.scalar(select(ActionItem.activity_id).where(ActionItem.id == action_id))
        if activity_id is None:
            raise errors.NotFound()
        return activity_id

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        return {"description": REQUIRED} if not (values.get("description") or "").strip() else {}

    def apply(self, session: Session, obj: ActionItem, values: dict) -> None:
        super().apply(session, obj, values)
        if "owner" in values:
            obj.owner_contact_id = contact_for_owner(session, obj.owner or "")


__all__ = ["CODEI", "CODEI_MEMBERS", "ActionItemService", "ActivityService", "BodyService", "ContactService",
           "reference_body_uids"]
