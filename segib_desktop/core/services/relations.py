"""How mandates relate (issue 23): renews, continues, overlaps, or distinct (not duplicates).

One relation per pair. Marking a newer mandate as renewing an older one makes the older one
Superseded through its progress log, like every status change; the newer one's log says what it renews
or continues. Both mandates' edit versions are checked (the officer decided on what they saw), and
every relation is a Record, so the audit trail has it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from segib_desktop import errors
from segib_desktop.core.models import Mandate, MandateProgress, MandateRelation, MandateStatus, RelationKind
from segib_desktop.core.services.mandates import _author, _follow_log
from segib_desktop.i18n import N_, active

ITSELF = N_("A mandate cannot be related to itself.")
CYCLE = N_("{code} is already an earlier version of {other}: a mandate cannot renew one of its own renewals.")
RENEWED_BY = N_("Superseded: renewed by {code}.")
RENEWS = N_("Renews {code}.")
CONTINUES = N_("Continues {code}.")
OVERLAPS = N_("Overlaps with {code}.")
NOTES = {RelationKind.RENEWS: RENEWS, RelationKind.CONTINUES: CONTINUES, RelationKind.OVERLAPS: OVERLAPS}
CHAIN_KINDS = (RelationKind.RENEWS, RelationKind.CONTINUES)


@dataclass(frozen=True, slots=True)
class Related:
    """A mandate as the form lists it beside another: how it relates, and enough to recognise it."""

    id: int
    code: str
    title: str
    status: MandateStatus
    kind: RelationKind
    earlier: bool  # True: it is the earlier one of the two (the other renews or continues it)


class RelationService:
    def __init__(self, db, *, today: dt.date | None = None):
        self.db = db
        self.today = today

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
                if kind in CHAIN_KINDS and mandate_id in self._earlier_ids(s, other_id):
                    raise errors.SegibError(CYCLE, code=mandate.code, other=other.code)
                for old in s.scalars(select(MandateRelation).where(_pair(mandate_id, other_id))):
                    s.delete(old)
                s.flush()
                relation = MandateRelation(mandate_id=mandate_id, other_id=other_id, kind=kind, note=note.strip())
                s.add(relation)
                author = _author(s, self.db.user)
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

    # --- reading
    def decided_pairs(self) -> list[tuple[int, int]]:
        with self.db.read() as conn:
            return conn.execute("SELECT mandate_id, other_id FROM mandate_relations").fetchall()

    def related(self, mandate_id: int) -> list[Related]:
        """Every mandate this one has a relation with, the earlier chain first."""
        with self.db.session() as s:
            rows = s.execute(select(MandateRelation.mandate_id, MandateRelation.other_id, MandateRelation.kind)
                             .where(or_(MandateRelation.mandate_id == mandate_id,
                                        MandateRelation.other_id == mandate_id))).all()
            others = {r.other_id if r.mandate_id == mandate_id else r.mandate_id for r in rows}
            info = {r.id: r for r in s.execute(select(Mandate.id, Mandate.code, Mandate.title, Mandate.status)
                                               .where(Mandate.id.in_(others)))}
        out = []
        for r in rows:
            earlier = r.mandate_id == mandate_id
            m = info[r.other_id if earlier else r.mandate_id]
            out.append(Related(m.id, m.code, m.title, m.status, r.kind, earlier))
        return sorted(out, key=lambda x: (not x.earlier, x.kind not in CHAIN_KINDS, x.code))

    def chain(self, mandate_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """(earlier versions, oldest first; later versions, nearest first) as (id, code), through
        renews and continues."""
        with self.db.session() as s:
            earlier = self._earlier_ids(s, mandate_id)
            later = self._later_ids(s, mandate_id)
            codes = dict(s.execute(select(Mandate.id, Mandate.code).where(Mandate.id.in_(earlier + later))).all())
        return [(i, codes[i]) for i in reversed(earlier)], [(i, codes[i]) for i in later]

    def earlier_versions(self, ids) -> dict[int, list[str]]:
        """mandate id -> the codes of its earlier versions, oldest first (only those that have some)."""
        with self.db.read() as conn:
            return earlier_versions(lambda sql, params: conn.execute(sql, params).fetchall(), ids)

    @staticmethod
    def _earlier_ids(session, mandate_id: int) -> list[int]:
        """The mandates this one renews or continues, nearest first, following the chain."""
        return _follow(session, mandate_id, MandateRelation.mandate_id, MandateRelation.other_id)

    @staticmethod
    def _later_ids(session, mandate_id: int) -> list[int]:
        """The mandates that renew or continue this one, nearest first, following the chain."""
        return _follow(session, mandate_id, MandateRelation.other_id, MandateRelation.mandate_id)


def _follow(session, mandate_id: int, start, step) -> list[int]:
    out, current = [], mandate_id
    while True:
        found = session.scalar(select(step).where(start == current, MandateRelation.kind.in_(CHAIN_KINDS))
                               .order_by(MandateRelation.id).limit(1))
        if found is None or found in out or found == mandate_id:
            return out
        out.append(found)
        current = found

def _pair(a: int, b: int):
    return or_((MandateRelation.mandate_id == a) & (MandateRelation.other_id == b),
               (MandateRelation.mandate_id == b) & (MandateRelation.other_id == a))


def earlier_versions(execute, ids) -> dict[int, list[str]]:
    """mandate id -> the codes of its earlier versions (renewed or continued), oldest first, for the mandates
    in ``ids`` that have some. ``execute(sql, params)`` returns rows: a sqlite3 connection's or a session's."""
    links = execute("SELECT mandate_id, other_id FROM mandate_relations WHERE kind IN (?, ?)",
                    tuple(k.value for k in CHAIN_KINDS))
    if not links:
        return {}
    codes = dict(execute("SELECT id, code FROM mandates WHERE id IN (SELECT other_id FROM mandate_relations)", ()))
    back: dict[int, int] = {}
    for newer, older in sorted(links):
        back.setdefault(newer, older)
    out = {}
    for mid in set(ids):
        chain, seen, current = [], {mid}, back.get(mid)
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(codes.get(current, ""))
            current = back.get(current)
        if chain:
            out[mid] = list(reversed(chain))
    return out
