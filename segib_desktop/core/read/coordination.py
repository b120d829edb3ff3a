"""The named rows of the coordination module's lists and pickers (rules: ``read.rules``)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from segib_desktop.core.enums import ActionStatus, ActivityKind, BodyKind, MandateStatus, MeetingKind


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
