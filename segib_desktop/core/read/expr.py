"""The rules of ``read.rules`` as SQLAlchemy Core expressions, for the queries built with Core.

Built from the same constants as the SQL text and the Python twins; tests/test_read_rules.py checks
that all three agree on generated data.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql import ColumnElement, Select

from segib_desktop.core.enums import ActionStatus, SummitStatus
from segib_desktop.core.models import ActionItem, Document, Mandate, Meeting, Milestone, Summit
from segib_desktop.core.read import rules


def is_open(status=Mandate.status) -> ColumnElement[bool]:
    return status.in_(rules.OPEN_STATUSES)


def has_deadline(status=Mandate.status) -> ColumnElement[bool]:
    """A deadline to meet (``rules.DEADLINE_STATUSES``): open, and not ongoing ("Permanente"), which never falls due."""
    return status.in_(rules.DEADLINE_STATUSES)


def is_overdue(today: dt.date, status=Mandate.status, due=Mandate.due_date) -> ColumnElement[bool]:
    return and_(has_deadline(status), due < today)


def is_due_soon(today: dt.date, days: int = rules.DUE_SOON_DAYS, status=Mandate.status, due=Mandate.due_date
                ) -> ColumnElement[bool]:
    return and_(has_deadline(status), due >= today, due <= today + dt.timedelta(days=days))


def is_action_overdue(today: dt.date, item=ActionItem) -> ColumnElement[bool]:
    return and_(item.status == ActionStatus.OPEN, item.due_date < today)


def is_delayed(today: dt.date, milestone=Milestone) -> ColumnElement[bool]:
    return and_(milestone.status.in_(rules.PENDING_MILESTONES), milestone.planned_end < today,
                milestone.actual_end.is_(None))


def _last_day(event):
    return func.coalesce(event.end_date, event.start_date)


def is_held(today: dt.date, event=Summit) -> ColumnElement[bool]:
    """Held by its dates (rules: where a summit stands); without any date, by its status."""
    return or_(_last_day(event) < today, and_(_last_day(event).is_(None), event.status == SummitStatus.HELD))


def is_not_held(today: dt.date, event=Summit) -> ColumnElement[bool]:
    """Upcoming or under way: dated ahead, being held, or with no date yet (and not recorded as held)."""
    return or_(_last_day(event) >= today, and_(_last_day(event).is_(None), event.status != SummitStatus.HELD))


def next_summit(today: dt.date) -> Select:
    """The next summit's id (rules: where a summit stands): the first by number that is not held."""
    return select(Summit.id).where(is_not_held(today)).order_by(Summit.number).limit(1)


def is_under_way(today: dt.date, event=Summit) -> ColumnElement[bool]:
    """From its first day to its last, both included."""
    return and_(event.start_date <= today, _last_day(event) >= today)


def summit_of_document(document=Document, meeting=Meeting) -> ColumnElement[int]:
    """The summit whose cycle a document belongs to (``meeting`` outer-joined on document.meeting_id)."""
    return func.coalesce(document.summit_id, meeting.summit_id)


def cycle_documents(summit_id: int):
    """The ids of the documents of a summit's cycle: adopted by it, or by a meeting of its cycle."""
    return (select(Document.id).outerjoin(Meeting, Document.meeting_id == Meeting.id)
            .where(summit_of_document() == summit_id))


def of_summit(summit_id: int) -> ColumnElement[bool]:
    """A summit's mandates: those of its cycle's documents (rules: a summit's mandates)."""
    return Mandate.document_id.in_(cycle_documents(summit_id))


def localised(lang: str, table, prefix: str = "name", languages=rules.LANGUAGES) -> ColumnElement[str]:
    """``table``'s name in ``lang``, Spanish when it has none (``table``: a model or an alias)."""
    spanish = func.coalesce(getattr(table, f"{prefix}_es"), "")
    column = rules.name_column(lang, prefix, languages)
    if column == f"{prefix}_es":
        return spanish
    return func.coalesce(func.nullif(getattr(table, column), ""), spanish)
