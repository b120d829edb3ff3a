"""Reading the audit trail: one record's history, newest first, with its values made readable.

The trail is written by the data layer (core/audit.py) and only read here:
there is no way to change or delete an entry from the program. Stored values are
plain (enum values, ISO dates, ids of linked records, uids in many-to-many
lists); ``history`` turns them into what a person reads: the enum's translated
label, the date as the lists show it, the linked record's name.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import ColumnProperty, RelationshipProperty, Session

from segib_desktop.core.db import Database
from segib_desktop.core.models import AuditEntry, Base, Record
from segib_desktop.core.read import rules
from segib_desktop.i18n import N_, Translator, active, to_roman

ACTIONS = {"create": N_("Created"), "update": N_("Changed"), "delete": N_("Deleted")}
MISSING_RECORD = N_("(deleted record)")


@dataclass(frozen=True)
class Change:
    """One field of an entry: its key (the model's attribute) and its old and new values as text.

    For a list of linked records (``links``), ``old`` names the ones taken out and ``new`` the ones added.
    """

    key: str
    old: str
    new: str
    links: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: dt.datetime  # UTC, naive, as stored
    user: str
    action: str  # create, update, delete
    changes: tuple[Change, ...]

    @property
    def local_time(self) -> dt.datetime:
        """The moment in this computer's time zone."""
        return self.at.replace(tzinfo=dt.UTC).astimezone()

    def action_label(self, translator: Translator | None = None) -> str:
        return (translator or active())(ACTIONS.get(self.action, self.action))


@cache
def _models() -> dict[str, type]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers
            if issubclass(m.class_, Record)}


def model_for(table_name: str) -> type | None:
    return _models().get(table_name)


def _label_columns(model: type, lang: str) -> list[str]:
    names = set(model.__table__.columns.keys())
    wanted = ["acronym", f"name_{lang}", "name_es", "name", "title", "subject", "description", "code"]
    return [n for n in wanted if n in names]


def record_labels(session: Session, model: type, *, ids: Sequence[int] = (), uids: Sequence[str] = (),
                  lang: str = "es") -> dict[Any, str]:
    """A readable name for each record of ``model`` asked for by id or uid (a summit: "XXX – Madrid")."""
    if not ids and not uids:
        return {}
    table = model.__table__
    columns = _label_columns(model, lang)
    extra = [c for c in ("number", "city", "date", "start_date") if c in table.columns]
    query = select(table.c.id, table.c.uid, *(table.c[c] for c in columns + extra))
    keys = [table.c.id.in_(list(ids))] if ids else []
    keys += [table.c.uid.in_(list(uids))] if uids else []
    out: dict[Any, str] = {}
    for row in session.execute(query.where(sa.or_(*keys))).mappings():
        text = next((row[c] for c in columns if row[c]), "")
        if not text and "number" in extra and "city" in extra and row["number"]:
            text = f"{to_roman(row['number'])} – {row['city'] or ''}".strip(" –")
        if not text:
            text = " ".join(str(row[c]) for c in extra if row[c]) or f"#{row['id']}"
        out[row["id"]] = out[row["uid"]] = text
    return out


class AuditTrail:
    """The audit trail, read-only."""

    def __init__(self, db: Database):
        self.db = db

    def uid_of(self, model: type, record_id: int) -> str | None:
        with self.db.session() as s:
            return s.scalar(select(model.uid).where(model.id == record_id))

    def history(self, uid: str, *, translator: Translator | None = None) -> list[HistoryEntry]:
        """Every entry of the record ``uid``, newest first, with its values made readable."""
        t = translator or active()
        with self.db.session() as s:
            rows = s.execute(select(AuditEntry.id, AuditEntry.at, AuditEntry.user, AuditEntry.table_name,
                                    AuditEntry.action, AuditEntry.changes)
                             .where(AuditEntry.record_uid == uid)
                             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).all()
            if not rows:
                return []
            model = model_for(rows[0].table_name)
            readable = _Readable(s, model, rows, t)
            return [HistoryEntry(r.id, r.at, r.user, r.action,
                                 tuple(Change(key, readable.text(key, old), readable.text(key, new),
                                              readable.is_links(key))
                                       for key, (old, new) in _pairs(r.changes)))
                    for r in rows]

    def history_of(self, model: type, record_id: int, *,
                   translator: Translator | None = None) -> list[HistoryEntry]:
        uid = self.uid_of(model, record_id)
        return self.history(uid, translator=translator) if uid else []


def _pairs(changes: Any) -> list[tuple[str, tuple[Any, Any]]]:
    """The entry's fields in the model's order is not known here: alphabetical, stable."""
    if not isinstance(changes, dict):
        return []
    out = []
    for key in sorted(changes):
        value = changes[key]
        if isinstance(value, list | tuple) and len(value) == 2:
            out.append((key, (value[0], value[1])))
    return out


class _Readable:
    """Turns stored values into text for one model, resolving linked records in a few queries."""

    def __init__(self, session: Session, model: type | None, rows, translator: Translator):
        self.t = translator
        self.kinds: dict[str, tuple[str, Any]] = {}
        self.labels: dict[str, dict[Any, str]] = {}
        if model is None:
            return
        wanted: dict[str, tuple[type, set]] = {}
        mapper = sa.inspect(model)
        for attr in mapper.attrs:
            if isinstance(attr, ColumnProperty):
                column = attr.columns[0]
                if isinstance(column.type, sa.Enum) and column.type.enum_class is not None:
                    self.kinds[attr.key] = ("enum", column.type.enum_class)
                elif isinstance(column.type, sa.DateTime):
                    self.kinds[attr.key] = ("datetime", None)
                elif isinstance(column.type, sa.Date):
                    self.kinds[attr.key] = ("date", None)
                elif isinstance(column.type, sa.Boolean):
                    self.kinds[attr.key] = ("bool", None)
                elif column.foreign_keys:
                    target = model_for(next(iter(column.foreign_keys)).column.table.name)
                    if target is not None:
                        self.kinds[attr.key] = ("ref", target)
                        wanted[attr.key] = (target, set())
            elif isinstance(attr, RelationshipProperty) and attr.uselist and attr.secondary is not None:
                self.kinds[attr.key] = ("refs", attr.mapper.class_)
                wanted[attr.key] = (attr.mapper.class_, set())
        for row in rows:
            for key, (old, new) in _pairs(row.changes):
                if key in wanted:
                    for value in (old, new):
                        if isinstance(value, list):
                            wanted[key][1].update(v for v in value if isinstance(v, str))
                        elif value is not None:
                            wanted[key][1].add(value)
        lang = translator.lang
        for key, (target, keys) in wanted.items():
            ids = [k for k in keys if isinstance(k, int)]
            uids = [k for k in keys if isinstance(k, str)]
            self.labels[key] = record_labels(session, target, ids=ids, uids=uids, lang=lang)

    def is_links(self, key: str) -> bool:
        return self.kinds.get(key, ("text", None))[0] == "refs"

    def text(self, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return ""
        kind, extra = self.kinds.get(key, ("text", None))
        try:
            if kind == "enum":
                member = extra(value)
                return self.t(member.label) if hasattr(member, "label") else str(member.value)
            if kind == "date":
                return self.t.format_date(dt.date.fromisoformat(str(value)[:10]))
            if kind == "datetime":
                moment = dt.datetime.fromisoformat(str(value))
                return f"{self.t.format_date(moment.date())} {moment:%H:%M}"
            if kind == "bool":
                return self.t("Yes") if value else self.t("No")
            if kind == "ref":
                return self.labels.get(key, {}).get(value, self.t(MISSING_RECORD))
            if kind == "refs":
                names = [self.labels.get(key, {}).get(v, self.t(MISSING_RECORD)) for v in value]
                return ", ".join(sorted(names))
        except (ValueError, TypeError):
            pass
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)


def last_change(db) -> int:
    """The newest entry of the audit trail (0: none): every change the program saves writes one, the
    import's bulk writes too, so a window on a shared database sees that someone changed something when
    this grows (gui/server_watch.py). One cheap query: the trail's primary key index (``rules.LAST_CHANGE_SQL``)."""
    with db.read() as conn:
        return conn.execute(rules.LAST_CHANGE_SQL).fetchone()[0]


@dataclass(frozen=True)
class RecordState:
    """Where one record stands now: its version (None: it was deleted) and the trail's newest entry on it
    (who, when, what), if the trail has one."""

    version: int | None
    user: str = ""
    at: dt.datetime | None = None  # UTC, naive, as stored
    action: str = ""

    @property
    def local_time(self) -> dt.datetime | None:
        return None if self.at is None else self.at.replace(tzinfo=dt.UTC).astimezone()


def record_state(db: Database, model: type, record_id: int) -> RecordState:
    """The record's version now and who changed it last, for an open form to tell that it has become stale
    (gui/widgets/form.py). Two queries, on indexes while the record exists."""
    with db.session() as s:
        version = s.scalar(select(model.version).where(model.id == record_id))
        if version is not None:  # by the record's uid: the trail's index
            entry = AuditEntry.record_uid == select(model.uid).where(model.id == record_id).scalar_subquery()
        else:  # deleted, uid and all: by its table and id (rare, and the trail's newest entries come first)
            entry = sa.and_(AuditEntry.table_name == model.__tablename__, AuditEntry.record_id == record_id)
        last = s.execute(select(AuditEntry.user, AuditEntry.at, AuditEntry.action).where(entry)
                         .order_by(AuditEntry.id.desc()).limit(1)).first()
    if last is None:
        return RecordState(version)
    return RecordState(version, last.user, last.at, last.action)
