"""What every module's service shares: list rows, load, validate, save and delete one record."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from segib_desktop import errors
from segib_desktop.core import rules
from segib_desktop.core.db import Database
from segib_desktop.core.models import Record
from segib_desktop.core.rules import REQUIRED
from segib_desktop.i18n import N_

HELD_LATER = N_("It cannot have been held yet: its start date is still to come. Leave it Planned until then.")


def chosen_records(session: Session, model: type, ids, field: str) -> list:
    """The records ticked in a form's list (a mandate's addressees, an activity's bodies), every one: one that
    another officer deleted meanwhile is said under ``field`` (nothing is saved), not dropped unseen."""
    wanted = set(ids or ())
    if not wanted:
        return []
    with session.no_autoflush:  # a new record is written once, with its links
        # FOR KEY SHARE: none of them can be deleted before this transaction ends (as ``rules.check_record``)
        found = list(session.scalars(select(model).where(model.id.in_(wanted)).with_for_update(key_share=True)))
    if len(found) != len(wanted):
        raise errors.ValidationError({field: rules.GONE})
    return found


def check_required(values: dict, *keys: str) -> dict[str, str]:
    return {k: REQUIRED for k in keys if rules.is_blank(values.get(k))}


def check_held(values: dict, today: dt.date | None = None) -> dict[str, str]:
    """A summit or a meeting held on a day still to come: the briefing would count it held ("Celebradas")
    while the home page lists it as coming."""
    from segib_desktop.core.models import SummitStatus

    start = values.get("start_date")
    if values.get("status") == SummitStatus.HELD and isinstance(start, dt.date) and start > (today or dt.date.today()):
        return {"status": HELD_LATER}
    return {}


class CrudService:
    """Load, validate, save and delete records of one model, one transaction per call.

    Subclasses name the plain column ``fields`` the form edits, and override
    ``validate`` (field -> message), ``dependents`` (what a delete would take
    along) and ``apply`` (for relations such as many-to-many lists).
    """

    model: ClassVar[type[Record]]
    fields: ClassVar[tuple[str, ...]]
    # True if, once the user confirms, a delete may take its dependents along.
    cascade_on_confirm: ClassVar[bool] = False

    def __init__(self, db: Database):
        self.db = db

    # --- reading
    def get(self, record_id: int) -> dict[str, Any]:
        with self.db.session() as s:
            obj = s.get(self.model, record_id)
            if obj is None:
                raise errors.NotFound()
            values = {f: getattr(obj, f) for f in self.fields}
            values.update(self.extra_values(s, obj))
            values["id"], values["version"] = obj.id, obj.version
            return values

    def extra_values(self, session: Session, obj: Record) -> dict[str, Any]:
        return {}

    # --- writing
    def validate(self, session: Session, record_id: int | None, values: dict) -> dict[str, str]:
        return {}

    def apply(self, session: Session, obj: Record, values: dict) -> None:
        for f in self.fields:
            if f in values:
                value = values[f]
                setattr(obj, f, value.strip() if isinstance(value, str) else value)

    def save(self, record_id: int | None, values: dict, *, overwrite: bool = False) -> int:
        """Creates (record_id None) or updates a record; returns its id.

        Raises ValidationError (nothing written), NotFound, or EditConflict when
        the record changed since ``values["version"]`` was read.
        """
        values = rules.cleaned(self.model, values)  # stored clean, compared clean (a unique name)
        try:
            with self.db.session(write=True) as s:
                problems = self.validate(s, record_id, values)
                # numbers and dates: the same rules as an import's (core/rules.py), said where they apply
                problems |= rules.value_problems(self.model.__tablename__, values)
                for key, problem in rules.check_record(s, self.model, record_id, values).items():
                    problems.setdefault(key, problem)  # the same rules as an import's (core/rules.py)
                if problems:
                    raise errors.ValidationError(problems)
                if record_id is None:
                    obj = self.model()
                    s.add(obj)
                else:
                    obj = s.get(self.model, record_id)
                    if obj is None:
                        raise errors.NotFound()
                    expected = values.get("version")
                    if expected is not None and expected != obj.version and not overwrite:
                        raise errors.EditConflict()
                self.apply(s, obj, values)
                s.flush()
                return obj.id
        except StaleDataError:
            raise errors.EditConflict() from None

    def dependents(self, session: Session, obj: Record) -> list[str]:
        """Translated descriptions of the records a delete would take along ("3 documents")."""
        return []

    def delete(self, record_id: int, *, force: bool = False) -> None:
        """Deletes a record. With dependents and no ``force``, raises DeleteRefused listing them."""
        with self.db.session(write=True) as s:
            # FOR UPDATE (a server's): a save linking a record to it, which holds it FOR KEY SHARE
            # (``rules.check_record``), ends first and is counted below, or waits and finds it gone.
            obj = s.get(self.model, record_id, with_for_update=True)
            if obj is None:
                raise errors.NotFound()
            deps = self.dependents(s, obj)
            if deps and not (force and self.cascade_on_confirm):
                raise errors.DeleteRefused(dependents="; ".join(deps))
            self.delete_dependents(s, obj)
            s.delete(obj)

    def delete_dependents(self, session: Session, obj: Record) -> None:
        """Deletes what ``dependents`` listed (called only after the user confirmed)."""

