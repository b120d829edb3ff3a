"""The audit trail, written by the data layer itself on every flush.

Each create, update and delete of a Record becomes an AuditEntry with the user,
the UTC time and the changed fields as [old, new]. Screens and services never
write it, so no change can slip past it. The one writer besides this hook is the
exchange import's bulk path (core/exchange.py), which builds the same entries
with the helpers below (``plain``, ``tracked``, ``recorded``, ``entry_row``).
"""

from __future__ import annotations

import datetime as dt
import enum
from functools import cache

from sqlalchemy import event, inspect
from sqlalchemy.orm import ColumnProperty, Mapper, RelationshipProperty, Session

from segib_desktop.core.models import AuditEntry, Record, new_uid

SKIPPED = {"id", "uid", "version"}


def plain(value):
    """A value as an entry records it: enums by their stored value, dates in ISO format, records by uid."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Record):
        return value.uid
    return value


@cache
def tracked(mapper: Mapper) -> tuple[tuple[str, bool], ...]:
    """The attributes an entry records, in the order it records them: (key, is it a many-to-many link).

    Columns except the key, the uid and the edit version; links are the collections over an
    association table, recorded as lists of uids.
    """
    out = []
    for attr in mapper.attrs:
        if attr.key in SKIPPED:
            continue
        if isinstance(attr, ColumnProperty):
            out.append((attr.key, False))
        elif isinstance(attr, RelationshipProperty) and attr.uselist and attr.secondary is not None:
            out.append((attr.key, True))
    return tuple(out)


def recorded(value) -> bool:
    """Whether a created (or deleted) record's field is recorded: it has a value (already ``plain``)."""
    return value not in (None, "")


def entry_row(user: str, table_name: str, record_id: int | None, record_uid: str, action: str,
              changes: dict[str, list]) -> dict:
    """The columns of one entry (its time is the column's default: now, UTC).

    ``action`` is create, update or delete; ``changes`` maps each changed attribute to
    [old, new] (``plain`` values; for a link, [uids removed, uids added]). A record being
    created has no id yet when its entry is made, so its ``record_id`` is None.
    """
    return {"user": user, "table_name": table_name, "record_id": record_id, "record_uid": record_uid,
            "action": action, "changes": changes}


def _changes(obj: Record, mode: str) -> dict[str, list]:
    state = inspect(obj)
    out: dict[str, list] = {}
    for key, link in tracked(state.mapper):
        if not link:
            if mode == "update":
                hist = state.attrs[key].history
                if hist.has_changes():
                    old = hist.deleted[0] if hist.deleted else None
                    new = hist.added[0] if hist.added else None
                    if old != new:
                        out[key] = [plain(old), plain(new)]
            else:
                value = plain(state.attrs[key].value)
                if recorded(value):
                    out[key] = [None, value] if mode == "create" else [value, None]
        else:
            hist = state.attrs[key].load_history()
            if hist.added or hist.deleted:
                out[key] = [[plain(o) for o in hist.deleted], [plain(o) for o in hist.added]]
    return out


def _before_flush(session: Session, _context, _instances) -> None:
    user = session.info.get("user", "")
    entries = []
    for obj in session.new:
        if isinstance(obj, Record):
            obj.uid = obj.uid or new_uid()
            entries.append(("create", obj))
    entries += [("update", obj) for obj in session.dirty
                if isinstance(obj, Record) and session.is_modified(obj, include_collections=True)]
    entries += [("delete", obj) for obj in session.deleted if isinstance(obj, Record)]
    for action, obj in entries:
        changes = _changes(obj, action)
        if action == "update" and not changes:
            continue
        session.add(AuditEntry(**entry_row(user, obj.__tablename__, obj.id, obj.uid, action, changes)))


def install(sessions) -> None:
    """Registers the data layer's flush hooks on a sessionmaker: the audit trail, and the version a change to
    a record's links alone moves (``models.base.new_version_for_links``)."""
    from segib_desktop.core.models.base import new_version_for_links

    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "before_flush", new_version_for_links)
