"""The named rows of the summits' and meetings' lists."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from segib_desktop.core.enums import DocumentKind, SummitStatus


class SummitRow(NamedTuple):
    id: int
    number: int
    start_date: dt.date | None
    end_date: dt.date | None
    city: str
    host: str  # the host country, in the reader's language
    theme: str
    status: SummitStatus


class MeetingRow(NamedTuple):
    """One row of the meetings' list."""

    id: int
    start_date: dt.date | None
    end_date: dt.date | None
    name: str  # meeting_names, in the reader's language
    city: str
    country: str
    cycle: int | None  # its summit's number
    status: SummitStatus
    documents: int


class DocumentRow(NamedTuple):
    """One row of the documents' list."""

    id: int
    adopted_on: dt.date | None
    kind: DocumentKind
    number: str
    title: str
    adopted_by: str  # the summit's or the meeting's name (and city)
    cycle: int | None
    mandates: int
    open_mandates: int


class UpcomingRow(NamedTuple):
    """A meeting or summit under way or coming soon; ``id`` is "meeting:<id>" or "summit:<id>"."""

    id: str
    start_date: dt.date
    end_date: dt.date | None
    days_to_go: int
    name: str
    city: str
    country: str
    cycle: int | None
    status: SummitStatus
