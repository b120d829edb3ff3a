"""Summits: the form's load and save, and the delete safeguard (the list is ``core.read.cycle``'s)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from segib_desktop.core.models import Document, Meeting, Summit
from segib_desktop.core.read.cycle import mandate_counts
from segib_desktop.core.services.base import CrudService, check_held, check_required
from segib_desktop.i18n import N_, plural

NUMBER_TAKEN = N_("Summit {number} already exists.")
NUMBER_POSITIVE = N_("The number must be 1 or more.")


class SummitService(CrudService):
    model = Summit
    fields = ("number", "start_date", "end_date", "city", "host_country_id", "theme_es", "theme_pt",
              "status", "spt_country_id", "spt_start", "spt_end", "notes")

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict[str, str]:
        problems = check_required(values, "number")
        problems |= check_held(values)
        number = values.get("number")
        if isinstance(number, int):
            if number < 1:
                problems["number"] = NUMBER_POSITIVE
            else:
                clash = session.scalar(select(Summit.id).where(Summit.number == number, Summit.id != (record_id or -1)))
                if clash:
                    problems["number"] = (NUMBER_TAKEN, {"number": number})
        return problems

    def dependents(self, session: Session, obj: Summit) -> list[str]:
        """What stands in the way of deleting a summit: its cycle's meetings, documents and mandates.

        A summit is never deleted together with its cycle (``cascade_on_confirm`` stays False):
        the officer deletes the meetings and documents first, each with its own confirmation.
        """
        found = []
        meetings = session.scalar(select(func.count()).where(Meeting.summit_id == obj.id))
        documents = session.scalar(select(func.count()).where(Document.summit_id == obj.id))
        mandates, _open = mandate_counts(session, or_(Document.summit_id == obj.id, Meeting.summit_id == obj.id))
        if meetings:
            found.append(plural(meetings, N_("1 meeting of its cycle"), N_("{n} meetings of its cycle")))
        if documents:
            found.append(plural(documents, N_("1 document it adopted"), N_("{n} documents it adopted")))
        if mandates:
            found.append(plural(mandates, N_("1 mandate from the documents of its cycle"),
                                N_("{n} mandates from the documents of its cycle")))
        return found
