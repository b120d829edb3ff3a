"""Declarative base and the columns every record shares."""

from __future__ import annotations

import enum
import uuid
from functools import cache

from sqlalchemy import MetaData, String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, Session, declared_attr, mapped_column

# Stable constraint names, so that batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Reference records get the same UUID in every database, derived from their natural key.
REFERENCE_NAMESPACE = uuid.UUID("6f1c2a0e-3b7d-5e8a-9c41-5e6b1d2f7a90")


def new_uid() -> str:
    return str(uuid.uuid4())


def reference_uid(kind: str, key: str | int) -> str:
    return str(uuid.uuid5(REFERENCE_NAMESPACE, f"{kind}:{key}"))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record:
    """Mixin for every user-visible record: integer key, stable UUID, edit version.

    ``version`` is SQLAlchemy's optimistic lock: an UPDATE whose version no longer
    matches touches no row and raises StaleDataError, which services turn into
    EditConflict.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


@cache
def _owned(mapper: Mapper) -> tuple[str, ...]:
    """The collections a record's form saves with it: its links over an association table (a mandate's
    addressees, an activity's bodies) and the rows it owns (an activity's action items)."""
    return tuple(rel.key for rel in mapper.relationships
                 if rel.uselist and (rel.secondary is not None or rel.cascade.delete_orphan))


def new_version_for_links(session: Session, _context, _instances) -> None:
    """A flush hook (core/db.py): a record whose links or owned rows changed, and none of its own columns, gets
    a new version all the same. SQLAlchemy moves the version only when the row itself is written, so
    another officer's open form of that record was not told, and its save undid the change unseen."""
    for obj in session.dirty:
        if not isinstance(obj, Record) or session.is_modified(obj, include_collections=False):
            continue  # not a record, or its row is written anyway (and its version moves with it)
        state = inspect(obj)
        if any(state.attrs[key].history.has_changes() for key in _owned(state.mapper)):
            obj.version = obj.version + 1  # written as UPDATE … SET version = v + 1 WHERE version = v


def enum_column(enum_cls: type[enum.Enum]):
    """Enums are stored as their short English value in a plain string column."""
    from sqlalchemy import Enum

    return Enum(enum_cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e],
                validate_strings=True, create_constraint=False)
