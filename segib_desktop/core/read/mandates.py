"""Mandates as the screens, the briefings and the command line read them: named rows and their rules.

The rules (open, overdue, due soon, a summit's mandates) are ``read.rules``'; this module holds the
rows the mandates list shows and the text of a progress entry in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from segib_desktop.core.enums import ActivityKind, DocumentKind, MandateStatus, Priority, Recurrence
from segib_desktop.i18n import N_, Translator, active

# The entries the program writes itself, by code: translated when shown, never stored as text.
STATUS_FROM_FORM = "status_from_form"
AREA_CHANGED = "area_changed"  # parameters: old, new (area names; "" for none)
PROGRESS_MESSAGES = {
    STATUS_FROM_FORM: N_("Status changed in the mandate's form."),
    AREA_CHANGED: N_("Responsible area changed from {old} to {new}."),
}
NONE = N_("(none)")  # an empty parameter


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


class LinkedActivityRow(NamedTuple):
    """A coordination activity linked to a mandate, on the mandate's form."""

    id: int
    date: dt.date | None
    kind: ActivityKind
    subject: str
    bodies: str  # their acronyms, comma-separated


class AreaRow(NamedTuple):
    """One of SEGIB's areas and how many mandates it is responsible for."""

    id: int
    name: str
    mandates: int
