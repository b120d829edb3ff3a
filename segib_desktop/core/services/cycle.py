"""The meetings of each summit cycle, the documents summits and meetings adopt, and what is coming up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from segib_desktop.core.meeting_names import SUMMIT_TITLE, meeting_name  # the one rule, for the pages too
from segib_desktop.core.models import (
    Country,
    Document,
    DocumentKind,
    Mandate,
    Meeting,
    MeetingKind,
    Summit,
    SummitStatus,
)
from segib_desktop.core.read import expr, rules
from segib_desktop.core.read.cycle import DocumentRow, MeetingRow, UpcomingRow
from segib_desktop.core.services.base import CrudService, check_dates, check_required
from segib_desktop.i18n import N_, Translator, active, plural, to_roman

NUMBER_POSITIVE = N_("The number must be 1 or more.")
HELD_NEEDS_DATE = N_("A meeting that has been held needs its start date.")
SECTOR_REQUIRED = N_("Say which sector the ministers met for (for example: Education).")
NO_SOURCE = N_("Choose the summit or the meeting that adopted this document.")
TWO_SOURCES = N_("A document is adopted by a summit or by a meeting, not by both: leave one of them empty.")
DOCUMENT_NUMBER_TAKEN = N_("This summit or meeting already has a document “{kind} {number}”.")

OPEN_STATUSES = rules.OPEN_STATUSES

def summit_name(number: int, t: Translator | None = None) -> str:
    """"XXX Cumbre Iberoamericana"."""
    return (t or active())(SUMMIT_TITLE).format(number=to_roman(number))


def mandate_counts(session: Session, *conditions) -> tuple[int, int]:
    """(all, open) mandates whose document matches ``conditions`` (on Document and the Meeting alias)."""
    is_open = case((Mandate.status.in_(OPEN_STATUSES), 1), else_=0)
    row = session.execute(
        select(func.count(Mandate.id), func.coalesce(func.sum(is_open), 0))
        .join(Document, Mandate.document_id == Document.id)
        .outerjoin(Meeting, Document.meeting_id == Meeting.id)
        .where(*conditions)).one()
    return int(row[0]), int(row[1])


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

    # --- the list
    def list_rows(self, lang: str, *, year_from: int | None = None, year_to: int | None = None,
                  kind: MeetingKind | None = None, country_id: int | None = None,
                  status: SummitStatus | None = None, summit_id: int | None = None) -> list[MeetingRow]:
        """The meetings' list, by date."""
        t = Translator(lang)
        country_name = expr.localised(lang, Country)
        documents = (select(func.count(Document.id)).where(Document.meeting_id == Meeting.id)
                     .correlate(Meeting).scalar_subquery())
        query = (select(Meeting.id, Meeting.start_date, Meeting.end_date, Meeting.kind, Meeting.number,
                        Meeting.extraordinary, Meeting.sector, Meeting.city, country_name, Summit.number,
                        Meeting.status, documents)
                 .outerjoin(Country, Meeting.country_id == Country.id)
                 .outerjoin(Summit, Meeting.summit_id == Summit.id)
                 .order_by(Meeting.start_date, Meeting.id))
        if year_from:
            query = query.where(Meeting.start_date >= dt.date(year_from, 1, 1))
        if year_to:
            query = query.where(Meeting.start_date <= dt.date(year_to, 12, 31))
        if kind:
            query = query.where(Meeting.kind == kind)
        if country_id:
            query = query.where(Meeting.country_id == country_id)
        if status:
            query = query.where(Meeting.status == status)
        if summit_id:
            query = query.where(Meeting.summit_id == summit_id)
        with self.db.session() as s:
            rows = s.execute(query).all()
        return [MeetingRow(r[0], r[1], r[2], meeting_name(r[3], r[4], r[5], r[6], t), r[7], r[8], r[9], r[10],
                           r[11]) for r in rows]

    def choices(self, lang: str) -> list[tuple[int, str]]:
        """(id, "IV Reunión de Coordinadores Nacionales – 12/03/2026 (XXX)") for pickers, newest first."""
        t = Translator(lang)
        with self.db.session() as s:
            rows = s.execute(select(Meeting.id, Meeting.kind, Meeting.number, Meeting.extraordinary,
                                    Meeting.sector, Meeting.start_date, Summit.number)
                             .outerjoin(Summit, Meeting.summit_id == Summit.id)
                             .order_by(Meeting.start_date.desc(), Meeting.id.desc())).all()
        out = []
        for r in rows:
            label = meeting_name(r[1], r[2], r[3], r[4], t)
            if r[5]:
                label += f" – {t.format_date(r[5])}"
            if r[6]:
                label += f" ({to_roman(r[6])})"
            out.append((r[0], label))
        return out

    def name(self, record_id: int, lang: str) -> str:
        values = self.get(record_id)
        return meeting_name(values["kind"], values["number"], values["extraordinary"], values["sector"],
                            Translator(lang))

    # --- the form
    def extra_values(self, session: Session, obj: Meeting) -> dict[str, Any]:
        return {"attendees": sorted(c.id for c in obj.attendees)}

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict[str, Any]:
        problems = check_required(values, "kind", "status")
        problems |= check_dates(values, "start_date", "end_date")
        number = values.get("number")
        if isinstance(number, int) and number < 1:
            problems["number"] = NUMBER_POSITIVE
        if values.get("status") == SummitStatus.HELD and not values.get("start_date"):
            problems["start_date"] = HELD_NEEDS_DATE
        if values.get("kind") == MeetingKind.SECTORAL and not (values.get("sector") or "").strip():
            problems["sector"] = SECTOR_REQUIRED
        return problems

    def apply(self, session: Session, obj: Meeting, values: dict) -> None:
        super().apply(session, obj, values)
        if values.get("kind") not in (MeetingKind.SECTORAL, MeetingKind.FORUM, MeetingKind.OTHER):
            obj.sector = ""  # only these kinds have a sector or a name of their own
        if "attendees" in values:
            wanted = set(values["attendees"] or ())
            with session.no_autoflush:  # a new meeting is written once, with its attendance
                found = list(session.scalars(select(Country).where(Country.id.in_(wanted)))) if wanted else []
            obj.attendees = found

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

    # --- what is coming
    def upcoming(self, lang: str, *, today: dt.date | None = None, days: int = 90) -> list[UpcomingRow]:
        """The meetings and summits under way or starting in the next ``days`` days, nearest first."""
        t = Translator(lang)
        today = today or dt.date.today()
        last = today + dt.timedelta(days=days)
        country_name = expr.localised(lang, Country)
        rows = []
        with self.db.session() as s:
            coming = or_(Meeting.start_date.between(today, last),
                         and_(Meeting.start_date < today, Meeting.end_date >= today))
            for r in s.execute(select(Meeting.id, Meeting.start_date, Meeting.end_date, Meeting.kind,
                                      Meeting.number, Meeting.extraordinary, Meeting.sector, Meeting.city,
                                      country_name, Summit.number, Meeting.status)
                               .outerjoin(Country, Meeting.country_id == Country.id)
                               .outerjoin(Summit, Meeting.summit_id == Summit.id).where(coming)):
                rows.append(UpcomingRow(f"meeting:{r[0]}", r[1], r[2], max((r[1] - today).days, 0),
                             meeting_name(r[3], r[4], r[5], r[6], t), r[7], r[8], r[9], r[10]))
            coming = or_(Summit.start_date.between(today, last),
                         and_(Summit.start_date < today, Summit.end_date >= today))
            for r in s.execute(select(Summit.id, Summit.start_date, Summit.end_date, Summit.number, Summit.city,
                                      country_name, Summit.status)
                               .outerjoin(Country, Summit.host_country_id == Country.id).where(coming)):
                rows.append(UpcomingRow(f"summit:{r[0]}", r[1], r[2], max((r[1] - today).days, 0),
                             summit_name(r[3], t), r[4], r[5], r[3], r[6]))
        return sorted(rows, key=lambda row: (row.start_date, row.name))


class DocumentService(CrudService):
    model = Document
    fields = ("kind", "number", "title", "adopted_on", "summit_id", "meeting_id", "file_path", "notes")
    cascade_on_confirm = True  # its mandates, once the user has seen how many

    def list_rows(self, lang: str, *, summit_id: int | None = None, meeting_id: int | None = None,
                  cycle_id: int | None = None, kind: DocumentKind | None = None,
                  year_from: int | None = None, year_to: int | None = None) -> list[DocumentRow]:
        """The documents' list, by adoption date.

        ``summit_id``/``meeting_id``: adopted by that summit or meeting; ``cycle_id``: adopted by
        that summit or by a meeting of its cycle.
        """
        t = Translator(lang)
        cycle = aliased(Summit)
        is_open = case((Mandate.status.in_(OPEN_STATUSES), 1), else_=0)
        counts = (select(Mandate.document_id, func.count(Mandate.id).label("total"),
                         func.sum(is_open).label("open")).group_by(Mandate.document_id).subquery())
        query = (select(Document.id, Document.adopted_on, Document.kind, Document.number, Document.title,
                        Summit.number, Meeting.kind, Meeting.number, Meeting.extraordinary, Meeting.sector,
                        Meeting.city, cycle.number, func.coalesce(counts.c.total, 0), func.coalesce(counts.c.open, 0))
                 .outerjoin(Summit, Document.summit_id == Summit.id)
                 .outerjoin(Meeting, Document.meeting_id == Meeting.id)
                 .outerjoin(cycle, Meeting.summit_id == cycle.id)
                 .outerjoin(counts, counts.c.document_id == Document.id)
                 .order_by(Document.adopted_on, Document.id))
        if summit_id:
            query = query.where(Document.summit_id == summit_id)
        if meeting_id:
            query = query.where(Document.meeting_id == meeting_id)
        if cycle_id:
            query = query.where(or_(Document.summit_id == cycle_id, Meeting.summit_id == cycle_id))
        if kind:
            query = query.where(Document.kind == kind)
        if year_from:
            query = query.where(Document.adopted_on >= dt.date(year_from, 1, 1))
        if year_to:
            query = query.where(Document.adopted_on <= dt.date(year_to, 12, 31))
        with self.db.session() as s:
            rows = s.execute(query).all()
        out = []
        for r in rows:
            if r[5] is not None:
                by = summit_name(r[5], t)
            else:
                by = ", ".join(filter(None, (meeting_name(r[6], r[7], r[8], r[9], t), r[10])))
            out.append(DocumentRow(r[0], r[1], r[2], r[3], r[4], by, r[5] if r[5] is not None else r[11], r[12],
                                   r[13]))
        return out

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


class CycleService:
    """A summit's whole cycle, for its page: meetings, documents and the mandates they gave."""

    def __init__(self, db):
        self.db = db

    def mandate_counts(self, summit_id: int) -> tuple[int, int]:
        """(all, open) mandates from the documents of the summit and of the meetings of its cycle."""
        with self.db.session() as s:
            return mandate_counts(s, or_(Document.summit_id == summit_id, Meeting.summit_id == summit_id))

    def summary(self, summit_id: int) -> dict[str, int]:
        """Counts for the summit's page: meetings (held), documents, mandates (open)."""
        with self.db.session() as s:
            meetings, held = s.execute(
                select(func.count(Meeting.id), func.coalesce(func.sum(case(
                    (Meeting.status == SummitStatus.HELD, 1), else_=0)), 0))
                .where(Meeting.summit_id == summit_id)).one()
            documents = s.scalar(select(func.count(Document.id))
                                 .outerjoin(Meeting, Document.meeting_id == Meeting.id)
                                 .where(or_(Document.summit_id == summit_id, Meeting.summit_id == summit_id)))
            mandates, open_ = mandate_counts(s, or_(Document.summit_id == summit_id, Meeting.summit_id == summit_id))
        return {"meetings": int(meetings), "held": int(held), "documents": int(documents or 0),
                "mandates": mandates, "open_mandates": open_}
