"""The named rows of the summits' and meetings' lists."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from segib_desktop.core.enums import SummitStatus


class SummitRow(NamedTuple):
    id: int
    number: int
    start_date: dt.date | None
    end_date: dt.date | None
    city: str
    host: str  # the host country, in the reader's language
    theme: str
    status: SummitStatus
