"""Mandates as the screens, the briefings and the command line read them: named rows and their rules.

The rules (open, overdue, due soon, a summit's mandates) are ``read.rules``'; this module holds the
rows the mandates list shows, the text of a progress entry in the reader's language, a mandate's log,
the areas and addressees offered in pickers, and the codes already taken. (The list's own query and
the documents' labels and code prefixes are still ``services.mandates``': a mandate's code, which the
writes build, comes from the same labels.)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, select

from segib_desktop import errors
from segib_desktop.core.db import Database
from segib_desktop.core.enums import DocumentKind, MandateStatus, Priority, Recurrence
from segib_desktop.core.models import Area, Body, Country, Mandate, MandateProgress
from segib_desktop.core.read import expr
from segib_desktop.core.read.cycle import Choice
from segib_desktop.i18n import N_, Translator, active, fold

# The entries the program writes itself, by code: translated when shown, never stored as text.
STATUS_FROM_FORM = "status_from_form"
AREA_CHANGED = "area_changed"  # parameters: old, new (area names; "" for none)
PROGRESS_MESSAGES = {
    STATUS_FROM_FORM: N_("Status changed in the mandate's form."),
    AREA_CHANGED: N_("Responsible area changed from {old} to {new}."),
}
NONE = N_("(none)")  # an empty parameter
SEGIB_AREA = N_("SEGIB: {area}")


class MandateRow(NamedTuple):
    """One row of the mandates list: the shown columns first, then what its filters need."""

    id: int
    code: str
    title: str
    source: str
    area: str
    due_date: dt.date | None
    status: MandateStatus
    priority: Priority
    overdue: bool  # rules.is_overdue on the list's day
    summit_id: int | None  # the summit of its document's cycle (rules: a summit's mandates)
    meeting_id: int | None
    kind: DocumentKind | None
    area_id: int | None
    recurrence: Recurrence
    review_date: dt.date | None  # rules.is_to_review


class ProgressRow(NamedTuple):
    id: int
    entry_date: dt.date
    author: str
    text: str  # in the reader's language for an entry the program wrote (progress_text)
    new_status: MandateStatus | None
    evidence: str
    delivered: bool  # a delivered report: a recurring mandate's due date moved on (core.mandate_dates)


def progress_params(params: dict | None = None) -> str:
    """How an entry's parameters are stored (JSON, keys sorted: the same entry, the same text)."""
    return json.dumps(params, ensure_ascii=False, sort_keys=True) if params else ""


def progress_text(text: str, code: str = "", params: str = "", t: Translator | None = None) -> str:
    """An entry's text in the reader's language: the message the program wrote, if any, in the reader's
    language, then what the officer wrote."""
    message = PROGRESS_MESSAGES.get(code or "")
    if message is None:
        return text or ""
    t = t or active()
    values = {key: value or t(NONE) for key, value in (json.loads(params) if params else {}).items()}
    return "\n".join(filter(None, [t(message).format(**values), text or ""]))


class AddresseeChoice(NamedTuple):
    key: str  # addressee_key: "area:3", "body:2", "country:14"
    label: str


class StatusAndVersion(NamedTuple):
    status: MandateStatus
    version: int


class AreaRow(NamedTuple):
    """One of SEGIB's areas and how many mandates it is responsible for."""

    id: int
    name: str
    mandates: int


def addressee_key(kind: str, record_id: int) -> str:
    """Addressees are chosen in one list: "area:3", "body:2", "country:14"."""
    return f"{kind}:{record_id}"


def addressee_choices(db: Database, lang: str) -> list[AddresseeChoice]:
    """Every possible addressee, keyed (``addressee_key``): SEGIB's areas, then the bodies, then the countries."""
    name = expr.localised(lang, Country)
    with db.session() as s:
        areas = s.execute(select(Area.id, Area.name).order_by(Area.name)).all()
        bodies = s.execute(select(Body.id, Body.acronym).order_by(Body.acronym)).all()
        countries = s.execute(select(Country.id, name.label("name"))).all()
    t = Translator(lang)
    out = [AddresseeChoice(addressee_key("area", a.id), t(SEGIB_AREA).format(area=a.name)) for a in areas]
    out += [AddresseeChoice(addressee_key("body", b.id), b.acronym) for b in bodies]
    out += [AddresseeChoice(addressee_key("country", c.id), c.name) for c in sorted(countries, key=lambda c: fold(c.name))]
    return out


def area_choices(db: Database) -> list[Choice]:
    """SEGIB's areas by name, for pickers and filters."""
    with db.session() as s:
        return [Choice(*r) for r in s.execute(select(Area.id, Area.name).order_by(Area.name))]


def progress_rows(db: Database, mandate_id: int, lang: str | None = None) -> list[ProgressRow]:
    """Its log, newest first; the entries the program wrote in ``lang`` (the active language if None)."""
    t = Translator(lang) if lang else active()
    with db.session() as s:
        return [ProgressRow(r.id, r.entry_date, r.author, progress_text(r.text, r.code, r.params, t), r.new_status,
                            r.evidence, r.delivered) for r in s.execute(
            select(MandateProgress.id, MandateProgress.entry_date, MandateProgress.author, MandateProgress.text,
                   MandateProgress.code, MandateProgress.params, MandateProgress.new_status,
                   MandateProgress.evidence, MandateProgress.delivered)
            .where(MandateProgress.mandate_id == mandate_id)
            .order_by(MandateProgress.entry_date.desc(), MandateProgress.id.desc()))]


def status_and_version(db: Database, mandate_id: int) -> StatusAndVersion:
    """Its status and edit version now (the form's after a progress entry changed them)."""
    with db.session() as s:
        row = s.execute(select(Mandate.status, Mandate.version).where(Mandate.id == mandate_id)).one_or_none()
    if row is None:
        raise errors.NotFound()
    return StatusAndVersion(row.status, row.version)


def existing_codes(db: Database, codes: Iterable[str]) -> set[str]:
    """Which of ``codes`` mandates already have."""
    codes = [c for c in codes if c]
    with db.session() as s:
        return set(s.scalars(select(Mandate.code).where(Mandate.code.in_(codes))))


def area_rows(db: Database) -> list[AreaRow]:
    """The areas by name, with how many mandates each is responsible for."""
    with db.session() as s:
        counts = dict(s.execute(select(Mandate.area_id, func.count()).group_by(Mandate.area_id)).all())
        return [AreaRow(r.id, r.name, counts.get(r.id, 0))
                for r in s.execute(select(Area.id, Area.name).order_by(Area.name))]
