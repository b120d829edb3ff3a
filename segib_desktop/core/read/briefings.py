"""The briefings' history as the Briefings page lists it (the briefings' own data is ``core.briefings.data``)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import select

from segib_desktop.core.db import Database
from segib_desktop.core.models import Body, BriefingRecord, Country, Summit
from segib_desktop.core.read import expr


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


def local_time(value: dt.datetime) -> dt.datetime:
    """Records keep UTC; people read their own clock."""
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def history_rows(db: Database, lang: str) -> list[BriefingRecordRow]:
    """The generated briefings, newest first, each subject named in ``lang``."""
    with db.session() as s:
        rows = s.execute(select(BriefingRecord.id, BriefingRecord.created_at, BriefingRecord.created_by,
                                BriefingRecord.kind, BriefingRecord.subject, BriefingRecord.lang,
                                BriefingRecord.file_path, BriefingRecord.sha256)
                         .order_by(BriefingRecord.created_at.desc(), BriefingRecord.id.desc())).all()
        countries = dict(s.execute(select(Country.iso2, expr.localised(lang, Country))).all())
        bodies = dict(s.execute(select(Body.acronym, expr.localised(lang, Body))).all())
        summits = {str(r.number): " ".join(x for x in (r.city, str(r.start_date.year) if r.start_date else "") if x)
                   for r in s.execute(select(Summit.number, Summit.city, Summit.start_date))}
    out = []
    for r in rows:
        name = {"country": countries, "body": bodies, "summit": summits}.get(r.kind, {}).get(r.subject, "")
        out.append(BriefingRecordRow(r.id, local_time(r.created_at), r.created_by, r.kind, r.subject, name,
                                     r.lang, r.file_path, r.sha256))
    return out
