"""The record of generated briefings: the list, one record's parameters, and whether its file is intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from segib_desktop.core.briefings import format_of, sha256_of
from segib_desktop.core.models import Body, BriefingRecord, Country, Summit
from segib_desktop.core.read import expr
from segib_desktop.core.read.briefings import BriefingRecordRow
from segib_desktop.core.services.base import CrudService


def local_time(value: dt.datetime) -> dt.datetime:
    """Records keep UTC; people read their own clock."""
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


class BriefingHistoryService(CrudService):
    """Read and delete only: a briefing record is written by ``generate`` and never edited."""

    model = BriefingRecord
    fields = ("kind", "subject", "lang", "params", "file_path", "sha256", "created_by")

    def list_rows(self, lang: str) -> list[BriefingRecordRow]:
        """The generated briefings, newest first."""
        with self.db.session() as s:
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

    def parameters(self, record_id: int) -> dict[str, Any]:
        """What ``generate`` needs to make the same briefing again (with today's data)."""
        values = self.get(record_id)
        params = values["params"] or {}
        return {"kind": values["kind"], "subject": values["subject"], "lang": values["lang"],
                "sections": list(params.get("sections") or []) or None,
                "format": params.get("format") or format_of(values["file_path"]) or "pdf",
                "file_path": values["file_path"], "sha256": values["sha256"]}

    def file_state(self, record_id: int) -> str:
        """"ok", "missing" (moved or deleted) or "changed" (not the file that was generated)."""
        values = self.get(record_id)
        path = Path(values["file_path"])
        if not path.is_file():
            return "missing"
        try:
            return "ok" if sha256_of(path) == values["sha256"] else "changed"
        except OSError:
            return "missing"
