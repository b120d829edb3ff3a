"""The record of generated briefings: one record's parameters, whether its file is intact, and deleting a
record (the list is ``read.briefings.history_rows``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from segib_desktop.core.briefings import format_of, sha256_of
from segib_desktop.core.models import BriefingRecord
from segib_desktop.core.services.base import CrudService


class BriefingHistoryService(CrudService):
    """Read and delete only: a briefing record is written by ``generate`` and never edited."""

    model = BriefingRecord
    fields = ("kind", "subject", "lang", "params", "file_path", "sha256", "created_by")

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
