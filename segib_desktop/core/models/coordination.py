"""Coordination activities with bodies, and their action items."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from segib_desktop.core.enums import ActionStatus, ActivityKind
from segib_desktop.core.models.base import Base, Record, enum_column
from segib_desktop.core.models.cycle import Meeting
from segib_desktop.core.models.mandates import Mandate
from segib_desktop.core.models.reference import Body, Contact, Summit


def _link(table: str, column: str) -> Table:
    """activity_<table>: (activity_id, <column>) pairs linking an activity to records of ``table``."""
    return Table(
        f"activity_{table}", Base.metadata,
        Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


activity_bodies = _link("bodies", "body_id")
activity_contacts = _link("contacts", "contact_id")
activity_summits = _link("summits", "summit_id")
activity_meetings = _link("meetings", "meeting_id")
activity_mandates = _link("mandates", "mandate_id")


class Activity(Record, Base):
    __tablename__ = "activities"

    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    date: Mapped[dt.date] = mapped_column(index=True)
    subject: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    files: Mapped[str] = mapped_column(Text, default="")  # one path or address a line

    bodies: Mapped[list[Body]] = relationship(secondary=activity_bodies)
    contacts: Mapped[list[Contact]] = relationship(secondary=activity_contacts)
    summits: Mapped[list[Summit]] = relationship(secondary=activity_summits)
    meetings: Mapped[list[Meeting]] = relationship(secondary=activity_meetings)
    mandates: Mapped[list[Mandate]] = relationship(secondary=activity_mandates)
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="activity", cascade="all, delete-orphan",
        order_by="ActionItem.id")  # in the order they were written down


class ActionItem(Record, Base):
    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_status_due_date", "status", "due_date"),)  # the home page (0008)

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(150), default="")  # a contact's name, or a person who is not one
    # The owner when it is a contact (0011): erasing the contact erases the owner's name too.
    owner_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    due_date: Mapped[dt.date | None] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), default=ActionStatus.OPEN)

    activity: Mapped[Activity] = relationship(back_populates="actions")
