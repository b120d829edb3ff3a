"""The meetings of each summit cycle and the documents that summits and meetings adopt."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from segib_desktop.core.enums import DocumentKind, MeetingKind
from segib_desktop.core.models.base import Base, Record, enum_column
from segib_desktop.core.models.reference import Country, Summit, SummitStatus

meeting_countries = Table(
    "meeting_countries",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("country_id", ForeignKey("countries.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(Record, Base):
    __tablename__ = "meetings"

    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind))
    sector: Mapped[str] = mapped_column(String(120), default="")
    number: Mapped[int | None]  # within the cycle: "IV Reunión de Coordinadores Nacionales"
    extraordinary: Mapped[bool] = mapped_column(default=False)
    status: Mapped[SummitStatus] = mapped_column(enum_column(SummitStatus), default=SummitStatus.PLANNED)
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    city: Mapped[str] = mapped_column(String(120), default="")
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id", ondelete="RESTRICT"), index=True)
    summit_id: Mapped[int | None] = mapped_column(ForeignKey("summits.id", ondelete="RESTRICT"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    country: Mapped[Country | None] = relationship()
    summit: Mapped[Summit | None] = relationship()
    attendees: Mapped[list[Country]] = relationship(secondary=meeting_countries)


class Document(Record, Base):
    """Adopted by exactly one summit or one meeting."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("(summit_id IS NULL) != (meeting_id IS NULL)", name="one_source"),
    )

    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    number: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(Text)
    adopted_on: Mapped[dt.date | None]
    summit_id: Mapped[int | None] = mapped_column(ForeignKey("summits.id", ondelete="RESTRICT"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="RESTRICT"), index=True)
    file_path: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    summit: Mapped[Summit | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
