"""The meetings of each summit cycle, the documents summits and meetings adopt, and what is coming up."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segib_desktop.core.meeting_names import meeting_name  # the one rule, for the pages too
from segib_desktop.core.models import (
    Country,
    Document,
    DocumentKind,
    Mandate,
    Meeting,
    MeetingKind,
    SummitStatus,
)
from segib_desktop.core.read import rules
from segib_desktop.core.read.cycle import mandate_counts  # also what a delete would take along
from segib_desktop.core.services.base import CrudService, check_held, check_required, chosen_records
from segib_desktop.i18n import N_, Translator, active, plural

NUMBER_POSITIVE = N_("The number must be 1 or more.")
HELD_NEEDS_DATE = N_("A meeting that has been held needs its start date.")
SECTOR_REQUIRED = N_("Say which sector the ministers met for (for example: Education).")
NO_SOURCE = N_("Choose the summit or the meeting that adopted this document.")
TWO_SOURCES = N_("A document is adopted by a summit or by a meeting, not by both: leave one of them empty.")
DOCUMENT_NUMBER_TAKEN = N_("This summit or meeting already has a document “{kind} {number}”.")

OPEN_STATUSES = rules.OPEN_STATUSES


def _delete_mandates_of(session: Session, document_ids: list[int]) -> None:
    """Mandates use ON DELETE RESTRICT on their document: they go first, one by one (audited)."""
    if not document_ids:
        return
    for mandate in session.scalars(select(Mandate).where(Mandate.document_id.in_(document_ids))):
        session.delete(mandate)
    session.flush()


class MeetingService(CrudService):
    model = Meeting
    fields = ("kind", "sector", "number", "extraordinary", "status", "start_date", "end_date", "city",
              "country_id", "summit_id", "notes")
    cascade_on_confirm = True  # its documents and their mandates, once the user has seen the list

    def name(self, record_id: int, lang: str) -> str:
        values = self.get(record_id)
        return meeting_name(values["kind"], values["number"], values["extraordinary"], values["sector"],
                            Translator(lang))

    # --- the form
    def extra_values(self, session: Session, obj: Meeting) -> dict[str, Any]:
        return {"attendees": sorted(c.id for c in obj.attendees)}

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict[str, Any]:
        problems = check_required(values, "kind", "status")
        number = values.get("number")
        if isinstance(number, int) and number < 1:
            problems["number"] = NUMBER_POSITIVE
        if values.get("status") == SummitStatus.HELD and not values.get("start_date"):
            problems["start_date"] = HELD_NEEDS_DATE
        problems |= check_held(values)
        if values.get("kind") == MeetingKind.SECTORAL and not (values.get("sector") or "").strip():
            problems["sector"] = SECTOR_REQUIRED
        return problems

    def apply(self, session: Session, obj: Meeting, values: dict) -> None:
        super().apply(session, obj, values)
        if values.get("kind") not in (MeetingKind.SECTORAL, MeetingKind.FORUM, MeetingKind.OTHER):
            obj.sector = ""  # only these kinds have a sector or a name of their own
        if "attendees" in values:
            obj.attendees = chosen_records(session, Country, values["attendees"], "attendees")

    # --- deleting
    def dependents(self, session: Session, obj: Meeting) -> list[str]:
        t = active()
        found = []
        documents = session.scalar(select(func.count(Document.id)).where(Document.meeting_id == obj.id))
        if documents:
            found.append(plural(documents, N_("1 document it adopted"), N_("{n} documents it adopted"), t))
        mandates, _open = mandate_counts(session, Document.meeting_id == obj.id)
        if mandates:
            found.append(plural(mandates, N_("1 mandate from its documents"), N_("{n} mandates from its documents"), t))
        return found

    def delete_dependents(self, session: Session, obj: Meeting) -> None:
        ids = list(session.scalars(select(Document.id).where(Document.meeting_id == obj.id)))
        _delete_mandates_of(session, ids)
        for document in session.scalars(select(Document).where(Document.id.in_(ids))):
            session.delete(document)
        session.flush()


class DocumentService(CrudService):
    model = Document
    fields = ("kind", "number", "title", "adopted_on", "summit_id", "meeting_id", "file_path", "notes")
    cascade_on_confirm = True  # its mandates, once the user has seen how many

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict[str, Any]:
        problems = check_required(values, "kind", "title")
        summit_id, meeting_id = values.get("summit_id"), values.get("meeting_id")
        if summit_id is None and meeting_id is None:
            problems["summit_id"] = NO_SOURCE
        elif summit_id is not None and meeting_id is not None:
            problems["meeting_id"] = TWO_SOURCES
        number = (values.get("number") or "").strip()
        kind = DocumentKind(values["kind"]) if values.get("kind") else None
        if number and kind and "meeting_id" not in problems and "summit_id" not in problems:
            source = Document.summit_id == summit_id if summit_id is not None else Document.meeting_id == meeting_id
            same = session.scalars(select(Document.number).where(
                source, Document.kind == kind, Document.id != (record_id or -1)))
            if any(n.strip().casefold() == number.casefold() for n in same):
                problems["number"] = (DOCUMENT_NUMBER_TAKEN, {"kind": active()(kind.label), "number": number})
        return problems

    def dependents(self, session: Session, obj: Document) -> list[str]:
        mandates, _open = mandate_counts(session, Document.id == obj.id)
        if not mandates:
            return []
        return [plural(mandates, N_("1 mandate taken from it"), N_("{n} mandates taken from it"), active())]

    def delete_dependents(self, session: Session, obj: Document) -> None:
        _delete_mandates_of(session, [obj.id])
