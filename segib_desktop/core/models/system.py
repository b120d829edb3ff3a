"""Settings, the audit trail and the record of generated briefings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from segib_desktop.core.models.base import Base, Record


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class AuditEntry(Base):
    """Who changed what, when (UTC), with old and new values. Written by the data layer only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(150), default="")
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None]
    record_uid: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [old, new]


class BriefingRecord(Record, Base):
    __tablename__ = "briefings"

    kind: Mapped[str] = mapped_column(String(20))  # summit, country, body
    subject: Mapped[str] = mapped_column(String(60))  # summit number, ISO code or acronym
    lang: Mapped[str] = mapped_column(String(5))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    file_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(150), default="")
