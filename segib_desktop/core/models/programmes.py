"""Cooperation programmes (IberBLH first): members, milestones and yearly indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from segib_desktop.core.enums import Indicator, MilestoneCategory, MilestoneStatus
from segib_desktop.core.models.base import Base, Record, enum_column
from segib_desktop.core.models.mandates import Mandate
from segib_desktop.core.models.reference import Country, Summit


class Programme(Record, Base):
    __tablename__ = "programmes"

    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_es: Mapped[str] = mapped_column(String(250))
    name_pt: Mapped[str] = mapped_column(String(250), default="")
    approved_summit_id: Mapped[int | None] = mapped_column(ForeignKey("summits.id", ondelete="SET NULL"))
    approved_on: Mapped[dt.date | None]
    secretariat: Mapped[str] = mapped_column(String(250), default="")
    objectives_es: Mapped[str] = mapped_column(Text, default="")
    objectives_pt: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    approved_summit: Mapped[Summit | None] = relationship()
    members: Mapped[list[ProgrammeMember]] = relationship(
        back_populates="programme", cascade="all, delete-orphan")


class ProgrammeMember(Record, Base):
    __tablename__ = "programme_members"
    __table_args__ = (UniqueConstraint("programme_id", "country_id"),)

    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id", ondelete="RESTRICT"), index=True)
    joined_on: Mapped[dt.date | None]
    left_on: Mapped[dt.date | None]

    programme: Mapped[Programme] = relationship(back_populates="members")
    country: Mapped[Country] = relationship()


class Milestone(Record, Base):
    """Planned and actual dates as IATI models them; "delayed" is derived, never stored."""

    __tablename__ = "milestones"
    # The home page's chart per country and status, read from the index alone (0008).
    __table_args__ = (Index("ix_milestones_chart", "programme_id", "country_id", "status", "planned_end",
                            "actual_end"),)

    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id", ondelete="RESTRICT"), index=True)
    category: Mapped[MilestoneCategory] = mapped_column(enum_column(MilestoneCategory))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    planned_start: Mapped[dt.date | None]
    planned_end: Mapped[dt.date | None] = mapped_column(index=True)
    actual_start: Mapped[dt.date | None]
    actual_end: Mapped[dt.date | None]
    status: Mapped[MilestoneStatus] = mapped_column(enum_column(MilestoneStatus), default=MilestoneStatus.PLANNED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    responsible: Mapped[str] = mapped_column(String(150), default="")
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id", ondelete="SET NULL"), index=True)

    programme: Mapped[Programme] = relationship()
    country: Mapped[Country | None] = relationship()
    mandate: Mapped[Mandate | None] = relationship()


class IndicatorValue(Record, Base):
    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("programme_id", "country_id", "year", "indicator"),)

    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int]
    indicator: Mapped[Indicator] = mapped_column(enum_column(Indicator))
    value: Mapped[float]
