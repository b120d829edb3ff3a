"""Mandates received by SEGIB and their progress log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from segib_desktop.core.enums import MandateStatus, Priority, Recurrence
from segib_desktop.core.models.base import Base, Record, enum_column
from segib_desktop.core.models.cycle import Document
from segib_desktop.core.models.reference import Body, Country


class Area(Record, Base):
    """A SEGIB area responsible for mandates (editable in the settings)."""

    __tablename__ = "areas"

    name: Mapped[str] = mapped_column(String(150), unique=True)


mandate_bodies = Table(
    "mandate_bodies", Base.metadata,
    Column("mandate_id", ForeignKey("mandates.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True),
)
mandate_countries = Table(
    "mandate_countries", Base.metadata,
    Column("mandate_id", ForeignKey("mandates.id", ondelete="CASCADE"), primary_key=True),
    Column("country_id", ForeignKey("countries.id", ondelete="CASCADE"), primary_key=True),
)
mandate_areas = Table(
    "mandate_areas", Base.metadata,
    Column("mandate_id", ForeignKey("mandates.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


class Mandate(Record, Base):
    __tablename__ = "mandates"
    # The home page's counts read these indexes alone (0008, 0015): open and overdue, per document, to review.
    __table_args__ = (Index("ix_mandates_status_due_date", "status", "due_date"),
                      Index("ix_mandates_document_id_status", "document_id", "status"),
                      Index("ix_mandates_status_review_date", "status", "review_date"))

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"), index=True)
    point: Mapped[str] = mapped_column(String(30), default="")
    code: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"), index=True)
    officer: Mapped[str] = mapped_column(String(150), default="")
    due_date: Mapped[dt.date | None] = mapped_column(index=True)
    # When the mandate should be reviewed (kept, merged or closed), as the UN80 review asks (0011).
    review_date: Mapped[dt.date | None] = mapped_column(index=True)
    recurrence: Mapped[Recurrence] = mapped_column(enum_column(Recurrence), default=Recurrence.ONE_OFF)
    priority: Mapped[Priority] = mapped_column(enum_column(Priority), default=Priority.MEDIUM)
    status: Mapped[MandateStatus] = mapped_column(enum_column(MandateStatus), default=MandateStatus.NOT_STARTED,
                                                  index=True)
    tags: Mapped[str] = mapped_column(String(300), default="")  # comma-separated

    document: Mapped[Document] = relationship()
    area: Mapped[Area | None] = relationship(foreign_keys=[area_id])
    addressee_bodies: Mapped[list[Body]] = relationship(secondary=mandate_bodies)
    addressee_countries: Mapped[list[Country]] = relationship(secondary=mandate_countries)
    addressee_areas: Mapped[list[Area]] = relationship(secondary=mandate_areas)
    progress: Mapped[list[MandateProgress]] = relationship(
        back_populates="mandate", cascade="all, delete-orphan",
        order_by="desc(MandateProgress.entry_date), desc(MandateProgress.id)")


class MandateProgress(Record, Base):
    """One dated entry of a mandate's log. Never edited: a correction is a new entry."""

    __tablename__ = "mandate_progress"

    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id", ondelete="CASCADE"), index=True)
    entry_date: Mapped[dt.date]
    author: Mapped[str] = mapped_column(String(150), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # An entry the program wrote itself: a message code and its parameters (JSON), translated into the
    # reader's language when shown (core.read.mandates.progress_text); its ``text`` is then empty.
    code: Mapped[str] = mapped_column(String(40), default="")
    params: Mapped[str] = mapped_column(Text, default="")
    new_status: Mapped[MandateStatus | None] = mapped_column(enum_column(MandateStatus))
    evidence: Mapped[str] = mapped_column(Text, default="")
    # The entry records a delivered report: a recurring mandate's next due date counts from it (0011).
    delivered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    mandate: Mapped[Mandate] = relationship(back_populates="progress")
