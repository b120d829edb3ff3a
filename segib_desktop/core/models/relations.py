"""Relations between mandates (issue 23): one mandate renews, continues or overlaps another, or an
officer decided that two similar mandates are distinct.

``mandate_id`` is the newer mandate (the one that renews or continues), ``other_id`` the earlier one;
for "overlaps" and "distinct" the order is the one the officer chose. One relation per pair, in either
direction: the service replaces the old decision.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from segib_desktop.core.enums import RelationKind
from segib_desktop.core.models.base import Base, Record, enum_column


class MandateRelation(Record, Base):
    __tablename__ = "mandate_relations"
    __table_args__ = (UniqueConstraint("mandate_id", "other_id"),)

    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("mandates.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind))
    note: Mapped[str] = mapped_column(Text, default="")
