"""Countries, bodies, contacts and summits: the foundation's records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from segib_desktop.core.enums import BodyKind, SummitStatus
from segib_desktop.core.models.base import Base, Record, enum_column


class Country(Record, Base):
    __tablename__ = "countries"

    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    iso3: Mapped[str] = mapped_column(String(3))
    name_es: Mapped[str] = mapped_column(String(120))
    name_pt: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    member_since: Mapped[int | None]
    region: Mapped[str] = mapped_column(String(60), default="")

    def name(self, lang: str) -> str:
        from segib_desktop.core.read.rules import localised

        return localised(lang, self)


class Body(Record, Base):
    """SEGIB, the Ibero-American bodies, and any organisation the user adds."""

    __tablename__ = "bodies"

    acronym: Mapped[str] = mapped_column(String(30), unique=True)
    name_es: Mapped[str] = mapped_column(String(250))
    name_pt: Mapped[str] = mapped_column(String(250), default="")
    name_en: Mapped[str] = mapped_column(String(250), default="")
    kind: Mapped[BodyKind] = mapped_column(enum_column(BodyKind), default=BodyKind.IBERO_AMERICAN)
    seat: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(250), default="")
    founded: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class Contact(Record, Base):
    """A person at a body or a country. Personal data: deleted for real when asked."""

    __tablename__ = "contacts"

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    body: Mapped[Body | None] = relationship()
    country: Mapped[Country | None] = relationship()


class Summit(Record, Base):
    __tablename__ = "summits"

    number: Mapped[int] = mapped_column(unique=True)
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    city: Mapped[str] = mapped_column(String(120), default="")
    host_country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id", ondelete="RESTRICT"), index=True)
    theme_es: Mapped[str] = mapped_column(Text, default="")
    theme_pt: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SummitStatus] = mapped_column(enum_column(SummitStatus), default=SummitStatus.PLANNED)
    # The Secretaría Pro Tempore of the cycle that ends with this summit.
    spt_country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id", ondelete="RESTRICT"), index=True)
    spt_start: Mapped[dt.date | None]
    spt_end: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    host_country: Mapped[Country | None] = relationship(foreign_keys=[host_country_id])
    spt_country: Mapped[Country | None] = relationship(foreign_keys=[spt_country_id])
