"""What a briefing shows, gathered once: one immutable value per kind (summit, country, body).

``gather`` fills these from the database in one read transaction; ``compose``
turns one into a document. Frozen dataclasses of tuples, no database code:
the rows inside are the read layer's own immutable records (``data``'s
MandateRow, ActivityRow, MilestoneRow…), read by attribute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from segib_desktop.core.enums import (
    BodyKind,
    DocumentKind,
    Indicator,
    MandateStatus,
    Recurrence,
    SummitStatus,
)
from segib_desktop.core.read.rules import Phase

Row = Any  # one of the read layer's frozen records


@dataclass(frozen=True, slots=True)
class Listed:
    """The rows a briefing prints, and how many there are in all."""

    rows: tuple[Row, ...]
    total: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


NOTHING = Listed((), 0)


@dataclass(frozen=True, slots=True)
class SummitRef:
    number: int
    name: str  # "XXIX Cumbre Iberoamericana"
    city: str
    start: dt.date | None
    end: dt.date | None
    phase: Phase | None = None  # where it stands on the briefing's day (read.rules), when it was read

    @property
    def year(self) -> int | None:
        return self.start.year if self.start else None


@dataclass(frozen=True, slots=True)
class Meeting:
    start: dt.date | None
    end: dt.date | None
    name: str
    city: str
    country: str
    status: SummitStatus
    held: bool  # by its dates, as every screen judges it (read.rules: where a summit stands)


@dataclass(frozen=True, slots=True)
class Coordination:
    title: str  # a body's name, or "" for a country's own activities
    acronym: str
    activities: tuple[Row, ...]
    activity_total: int
    actions: Listed


@dataclass(frozen=True, slots=True)
class Programme:
    name: str
    code: str
    approved_summit: str  # the summit's name, or ""
    approved_on: dt.date | None
    secretariat: str
    objectives: str
    members: int


@dataclass(frozen=True, slots=True)
class IberBLH:
    programme: Programme | None
    per_country: tuple[Row, ...]
    achieved: Listed
    delayed: Listed
    upcoming: Listed
    horizon: dt.date
    indicators: tuple[tuple[Indicator, tuple[tuple[int, float], ...]], ...] = ()  # in Indicator order
    member_since: dt.date | None = None
    is_member: bool = False


@dataclass(frozen=True, slots=True)
class AnnexMandate:
    """A mandate as the annex prints it."""

    row: Row
    text: str
    point: str
    officer: str
    recurrence: Recurrence
    document_kind: DocumentKind
    document_title: str
    document_number: str
    source: str  # "XXIX Cumbre Iberoamericana (Madrid)" or the meeting's name and city, or ""
    addressees: tuple[str, ...]
    latest: Row | None
    earlier: tuple[str, ...] = ()  # codes of the mandates it renews or continues, oldest first


@dataclass(frozen=True, slots=True)
class Addressed:
    """The mandates addressed to a country or a body."""

    counts: tuple[tuple[MandateStatus, int], ...]  # every status, in MandateStatus order
    open: Listed
    overdue: int
    latest: tuple[tuple[int, Row], ...]  # mandate id -> its latest progress entry


@dataclass(frozen=True, slots=True)
class Common:
    """What every kind has."""

    lang: str
    today: dt.date
    user: str
    sections: tuple[str, ...]
    previous: SummitRef | None  # where "since" counts from: the last summit held before the period
    annex: tuple[AnnexMandate, ...]


@dataclass(frozen=True, slots=True)
class SummitBriefing:
    common: Common
    summit: SummitRef
    previous: SummitRef | None  # the summit numbered before it (whose mandates it follows up)
    theme: str
    host: str
    spt: str
    spt_start: dt.date | None
    spt_end: dt.date | None
    status: SummitStatus
    meetings: tuple[Meeting, ...]
    counts: tuple[tuple[MandateStatus, int], ...]
    previous_counts: tuple[tuple[MandateStatus, int], ...]
    follow_up: Listed
    follow_up_latest: tuple[tuple[int, Row], ...]
    overdue: Listed
    horizon: dt.date | None  # the summit's start, when it is still to come and has a date
    before: Listed  # due from today to the horizon (or on, with no date yet); nothing once it has begun
    coordination: tuple[Coordination, ...]
    iberblh: IberBLH | None
    kind = "summit"


@dataclass(frozen=True, slots=True)
class CountryBriefing:
    common: Common
    id: int
    iso2: str
    iso3: str
    name: str
    member_since: int | None
    region: str
    hosted: tuple[SummitRef, ...]
    spt: tuple[SummitRef, ...]  # start and end: the Pro Tempore Secretariat's
    upcoming: SummitRef | None
    meetings: tuple[Meeting, ...]
    contacts: tuple[tuple[str, str, str, str], ...]
    addressed: Addressed | None
    coordination: Coordination | None
    iberblh: IberBLH | None
    kind = "country"


@dataclass(frozen=True, slots=True)
class BodyBriefing:
    common: Common
    id: int
    acronym: str
    name: str
    body_kind: BodyKind
    seat: str
    website: str
    founded: int | None
    notes: str
    contacts: tuple[tuple[str, str, str, str], ...]
    addressed: Addressed | None
    coordination: Coordination | None
    kind = "body"


Briefing = SummitBriefing | CountryBriefing | BodyBriefing
