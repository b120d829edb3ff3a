"""The audit trail, written by the data layer itself on every flush.

Each create, update and delete of a Record becomes an AuditEntry with the user,
the UTC time and the changed fields as [old, new]. Screens and services never
write it, so no change can slip past it.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import event, inspect
from sqlalchemy.orm import ColumnProperty, RelationshipProperty, Session

from segib_desktop.core.models import AuditEntry, Record, new_uid

SKIPPED = {"id", "uid", "version"}


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Record):
        return value.uid
    return value


def _changes(obj: Record, mode: str) -> dict[str, list]:
    state = inspect(obj)
    out: dict[str, list] = {}
    for attr in state.mapper.attrs:
        if attr.key in SKIPPED:
            continue
        if isinstance(attr, ColumnProperty):
            if mode == "update":
                hist = state.attrs[attr.key].history
                if hist.has_changes():
                    old = hist.deleted[0] if hist.deleted else None
                    new = hist.added[0] if hist.added else None
                    if old != new:
                        out[attr.key] = [_plain(old), _plain(new)]
            else:
                value = _plain(state.attrs[attr.key].value)
                if value not in (None, ""):
                    out[attr.key] = [None, value] if mode == "create" else [value, None]
        elif isinstance(attr, RelationshipProperty) and attr.uselist and attr.secondary is not None:
            hist = state.attrs[attr.key].load_history()
            if hist.added or hist.deleted:
                out[attr.key] = [[_plain(o) for o in hist.deleted], [_plain(o) for o in hist.added]]
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
        session.add(AuditEntry(user=user, table_name=obj.__tablename__, record_id=obj.id,
                               record_uid=obj.uid, action=action, changes=changes))


def install(sessions) -> None:
    """Registers the audit hook on a sessionmaker."""
    event.listen(sessions, "before_flush", _before_flush)
