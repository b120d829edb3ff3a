"""How mandates relate (issue 23): renews, continues, overlaps, or distinct (not duplicates).

One relation per pair. Marking a newer mandate as renewing an older one makes the older one
Superseded through its progress log, like every status change; the newer one's log says what it renews
or continues. Both mandates' edit versions are checked (the officer decided on what they saw), and
every relation is a Record, so the audit trail has it. The relations are read through ``read.relations``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from segib_desktop import errors
from segib_desktop.core.models import Mandate, MandateProgress, MandateRelation, MandateStatus, RelationKind
from segib_desktop.core.read import relations as read_relations
from segib_desktop.core.read.relations import CHAIN_KINDS
from segib_desktop.core.services.mandates import _author, _follow_log
from segib_desktop.i18n import N_, active

ITSELF = N_("A mandate cannot be related to itself.")
CYCLE = N_("{code} is already an earlier version of {other}: a mandate cannot renew one of its own renewals.")
RENEWED_BY = N_("Superseded: renewed by {code}.")
RENEWS = N_("Renews {code}.")
CONTINUES = N_("Continues {code}.")
OVERLAPS = N_("Overlaps with {code}.")
NOTES = {RelationKind.RENEWS: RENEWS, RelationKind.CONTINUES: CONTINUES, RelationKind.OVERLAPS: OVERLAPS}


class RelationService:
    def __init__(self, db, *, today: dt.date | None = None):
        self.db = db
        self.today = today
        self.moved: dict[int, tuple[int, int]] = {}  # as ProgressService.moved, for the two mandates of ``relate``

    # --- deciding
    def relate(self, mandate_id: int, other_id: int, kind: RelationKind, *,
               versions: dict[int, int] | None = None, note: str = "") -> int:
        """Records that ``mandate_id`` ``kind`` ``other_id`` (the newer renews or continues the earlier),
        replacing any earlier decision on the pair; returns the relation's id.

        ``versions`` ({id: version}, as the officer saw them): EditConflict if either changed since.
        """
        kind = RelationKind(kind)
        if mandate_id == other_id:
            raise errors.SegibError(ITSELF)
        today = self.today or dt.date.today()
        t = active()
        try:
            with self.db.session(write=True) as s:
                mandate, other = s.get(Mandate, mandate_id), s.get(Mandate, other_id)
                if mandate is None or other is None:
                    raise errors.NotFound()
                for record in (mandate, other):
                    expected = (versions or {}).get(record.id)
                    if expected is not None and expected != record.version:
                        raise errors.EditConflict()
                before = {record.id: record.version for record in (mandate, other)}
                if kind in CHAIN_KINDS and mandate_id in read_relations.earlier_ids(s, other_id):
                    raise errors.SegibError(CYCLE, code=mandate.code, other=other.code)
                for old in s.scalars(select(MandateRelation).where(_pair(mandate_id, other_id))):
                    s.delete(old)
                s.flush()
                relation = MandateRelation(mandate_id=mandate_id, other_id=other_id, kind=kind, note=note.strip())
                s.add(relation)
                author = _author(s, self.db)
                if kind in NOTES:
                    s.add(MandateProgress(mandate_id=mandate_id, entry_date=today, author=author,
                                          text=t(NOTES[kind]).format(code=other.code)))
                if kind == RelationKind.RENEWS and other.status != MandateStatus.SUPERSEDED:
                    s.add(MandateProgress(mandate_id=other_id, entry_date=today, author=author,
                                          text=t(RENEWED_BY).format(code=mandate.code),
                                          new_status=MandateStatus.SUPERSEDED))
                    s.flush()
                    _follow_log(s, other)
                s.flush()
                self.moved = {record.id: (before[record.id], record.version) for record in (mandate, other)}
                return relation.id
        except StaleDataError:
            raise errors.EditConflict() from None

    def forget(self, mandate_id: int, other_id: int) -> int:
        """Removes the decision on a pair (the pair may then come back among the overlaps); how many went.
        A status the decision changed stays: it is in the log, and a new entry changes it."""
        with self.db.session(write=True) as s:
            old = list(s.scalars(select(MandateRelation).where(_pair(mandate_id, other_id))))
            for relation in old:
                s.delete(relation)
        return len(old)

def _pair(a: int, b: int):
    return or_((MandateRelation.mandate_id == a) & (MandateRelation.other_id == b),
               (MandateRelation.mandate_id == b) & (MandateRelation.other_id == a))
