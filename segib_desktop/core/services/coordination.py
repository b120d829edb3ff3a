"""Coordination with the Ibero-American bodies and other organisations: the writes.

Bodies (the reference ones and any the user adds), the contacts who work there,
the coordination activities (meetings, letters, agreements...) with one or more
bodies, and the action items each activity leaves behind: their forms' loads, validation, saves
and deletes (a contact's erasure reaches its history). What the screens read (the lists, a body's
page, the pickers) is ``core.read.coordination``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from segib_desktop import errors
from segib_desktop.core import rules
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    AuditEntry,
    Body,
    Contact,
    Mandate,
    Meeting,
    Summit,
)
from segib_desktop.core.models.coordination import (
    activity_bodies,
    activity_contacts,
)
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.models.system import (
    AuditEntry as Trail,  # the trail's rows, scrubbed of an erased name
)
from segib_desktop.core.read.coordination import BODY_FIELDS, CODEI, CODEI_MEMBERS, reference_body_uids
from segib_desktop.core.rules import TOO_LONG
from segib_desktop.core.services.base import REQUIRED, CrudService, check_required, chosen_records
from segib_desktop.i18n import C_, N_, active, plural

ACRONYM_TAKEN = N_("There is already a body with the acronym {acronym}.")
REFERENCE_BODY = N_("{acronym} is one of the reference bodies of the Ibero-American Conference and "
                    "cannot be deleted. You can still edit its details.")
BAD_EMAIL = N_("This does not look like an email address (name@example.org).")
BAD_YEAR = N_("Write the year with four digits, for example 1992.")
NO_BODY = N_("Choose at least one body.")
ACTION_WITHOUT_TEXT = N_("Action {row}: say what is to be done.")
OWNER_TOO_LONG = N_("Action {row}: the owner is too long (at most {n} characters).")
# What the audit trail keeps of an erased contact: that its personal data was erased, nothing else.
ERASED = {"personal_data": ["erased", None]}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --------------------------------------------------------------------------- bodies
def _actions(rows) -> list[dict]:
    """An activity's action rows as saved: a new row left blank (added, then given nothing: the officer
    changed their mind) is no action, not one to be told to describe."""
    def given(row: dict) -> bool:
        return bool((row.get("description") or "").strip() or (row.get("owner") or "").strip() or row.get("due_date"))

    # each row's texts stored clean, as a record's (CrudService.save: rules.clean_text)
    return [rules.cleaned(ActionItem, row) for row in rows or () if row.get("id") is not None or given(row)]


class BodyService(CrudService):
    model = Body
    fields = BODY_FIELDS


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
            found.append(plural(activities, N_("1 coordination activity"), N_("{n} coordination activities"), t))
        if contacts:
            found.append(plural(contacts, N_("1 contact"), N_("{n} contacts"), t))
        if mandates:  # a body (es "organismo", pt "organismo": masculine), not an area (feminine): its own words
            found.append(plural(mandates, C_("a body", "1 mandate addressed to it"),
                                C_("a body", "{n} mandates addressed to it"), t))
        return found

    def delete(self, record_id: int, *, force: bool = False) -> None:
        with self.db.session() as s:
            uid, acronym = s.execute(select(Body.uid, Body.acronym).where(Body.id == record_id)).one_or_none() \
                or (None, None)
        if uid in reference_body_uids():
            raise errors.SegibError(REFERENCE_BODY, acronym=acronym)
        super().delete(record_id, force=force)

    # --- a body's page


# --------------------------------------------------------------------------- contacts
class ContactService(CrudService):
    """Contacts are personal data: deleting one erases it everywhere, the history included."""

    model = Contact
    fields = ("name", "role", "body_id", "country_id", "email", "phone", "notes")


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
    """The contact's name as written in a text: whole, without its organisation in brackets ("Lucía
    Fernández" for "Lucía Fernández (SEGIB)"), or, for a name of three words or more, its first two (the
    given name and first surname, as Spanish and Portuguese names are often written: "Mariana Souza" for
    "Mariana Souza Lima"); never a lone first name, which would take others'."""
    name = " ".join(name.split())
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    forms = {name, bare, " ".join(bare.split()[:2]) if len(bare.split()) >= 3 else bare}
    forms = sorted((f for f in forms if len(f.split()) >= 2 or (f == name and len(f) >= 4)), key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.IGNORECASE)


def _erase_in_texts(session: Session, name: str) -> None:
    """Erases a contact's name where someone typed it: an activity's subject, summary and outcome, an
    action item's description and owner ("Mariana Souza (OEI)": the owner of an item the contact does not
    own in the data), and the same fields' values in the trail (the search index follows)."""
    pattern = _name_pattern(name)
    if pattern is None:
        return
    texts = {Activity: ("subject", "summary", "outcome"), ActionItem: ("description", "owner")}
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
        if (record_id is None or "body_ids" in values) and not values.get("body_ids"):  # a new one names its body
            problems["body_ids"] = NO_BODY
        for row, action in enumerate(_actions(values.get("actions")), start=1):
            if not (action.get("description") or "").strip():
                problems["actions"] = (ACTION_WITHOUT_TEXT, {"row": row})
                break
            if len((action.get("owner") or "").strip()) > 150:
                problems["actions"] = (OWNER_TOO_LONG, {"row": row, "n": 150})
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
                    setattr(obj, attr, chosen_records(session, model, wanted, key))
        if "actions" in values:
            self._apply_actions(session, obj, _actions(values["actions"]))

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
        return [plural(n, N_("1 action item"), N_("{n} action items"))] if n else []

    def delete_dependents(self, session: Session, obj: Activity) -> None:
        for item in list(obj.actions):  # one by one, so that the audit trail records each
            session.delete(item)


# --------------------------------------------------------------------------- action items
class ActionItemService(CrudService):
    model = ActionItem
    fields = ("description", "owner", "due_date", "status")


    def set_status(self, action_ids: Iterable[int], status: ActionStatus) -> int:
        """Changes the status of several action items in one transaction; returns how many changed."""
        changed = 0
        with self.db.session(write=True) as s:
            for item in s.scalars(select(ActionItem).where(ActionItem.id.in_(list(action_ids)))):
                if item.status != status:
                    item.status = status
                    changed += 1
        return changed


    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        return {"description": REQUIRED} if not (values.get("description") or "").strip() else {}

    def apply(self, session: Session, obj: ActionItem, values: dict) -> None:
        super().apply(session, obj, values)
        if "owner" in values:
            obj.owner_contact_id = contact_for_owner(session, obj.owner or "")


__all__ = ["CODEI", "CODEI_MEMBERS", "ActionItemService", "ActivityService", "BodyService", "ContactService",
           "reference_body_uids"]
