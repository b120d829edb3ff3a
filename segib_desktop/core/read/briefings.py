"""The named rows of the briefings' history (the briefings' own data is ``core.briefings.data``)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class BriefingRecordRow(NamedTuple):
    """A generated briefing, as the history lists it."""

    id: int
    created_at: dt.datetime  # local time
    created_by: str
    kind: str  # summit, country, body...
    subject: str  # the summit's number, the country's ISO code, the body's acronym
    subject_name: str  # in the reader's language ("" when unknown)
    lang: str
    file_path: str
    sha256: str
