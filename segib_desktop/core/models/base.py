"""Declarative base and the columns every record shares."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

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


def enum_column(enum_cls: type[enum.Enum]):
    """Enums are stored as their short English value in a plain string column."""
    from sqlalchemy import Enum

    return Enum(enum_cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e],
                validate_strings=True, create_constraint=False)
