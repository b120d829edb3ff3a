"""Cooperation programmes (IberBLH first): members, milestones and yearly indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from segib_desktop.core.models.base import Base, LabelledEnum, Record, enum_column
from segib_desktop.core.models.mandates import Mandate
from segib_desktop.core.models.reference import Country, Summit
from segib_desktop.i18n import N_


class MilestoneCategory(LabelledEnum):
    BANK_OPENED = "bank_opened", N_("Milk bank opened")
    POST_OPENED = "post_opened", N_("Collection post opened")
    TRAINING = "training", N_("Training course")
    CERTIFICATION = "certification", N_("Certification")
    CONGRESS = "congress", N_("Congress or forum")
    AGREEMENT = "agreement", N_("Agreement signed")
    REPORT = "report", N_("Annual production report")
    OTHER = "other", N_("Other")


class MilestoneStatus(LabelledEnum):
    PLANNED = "planned", N_("Planned")
    IN_PROGRESS = "in_progress", N_("In progress")
    ACHIEVED = "achieved", N_("Achieved")
    CANCELLED = "cancelled", N_("Cancelled")


class Indicator(LabelledEnum):
    BANKS = "banks", N_("Milk banks in operation")
    POSTS = "posts", N_("Collection posts")
    DONORS = "donors", N_("Donors")
    LITRES_COLLECTED = "litres_collected", N_("Litres collected")
    LITRES_DISTRIBUTED = "litres_distributed", N_("Litres distributed")
    NEWBORNS = "newborns", N_("Newborns served")


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
