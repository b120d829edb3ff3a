"""How mandates relate, as the mandate's form, the overlaps view and the briefings read it (issue 23).

The relations are written by ``services.relations`` (one per pair, audited); the chain of versions
follows "renews" and "continues" back and forth.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from segib_desktop.core.db import Database
from segib_desktop.core.models import Mandate, MandateRelation, MandateStatus, RelationKind
from segib_desktop.core.read.mandates import in_code_order

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


def decided_pairs(db: Database) -> list[tuple[int, int]]:
    """Every pair an officer has decided on (whatever the relation), as (mandate, other)."""
    with db.read() as conn:
        return conn.execute("SELECT mandate_id, other_id FROM mandate_relations").fetchall()


def related(db: Database, mandate_id: int) -> list[Related]:
    """Every mandate this one has a relation with, the earlier chain first."""
    with db.session() as s:
        rows = s.execute(select(MandateRelation.mandate_id, MandateRelation.other_id, MandateRelation.kind)
                         .where(or_(MandateRelation.mandate_id == mandate_id,
                                    MandateRelation.other_id == mandate_id))).all()
        others = {r.other_id if r.mandate_id == mandate_id else r.mandate_id for r in rows}
        ordered = in_code_order(s, select(Mandate.id, Mandate.code, Mandate.title, Mandate.status, Mandate.document_id,
                                          Mandate.point).where(Mandate.id.in_(others)))
    info = {m.id: m for m in ordered}
    place = {m.id: n for n, m in enumerate(ordered)}  # a mandate's code order (read.rules)
    out = []
    for r in rows:
        earlier = r.mandate_id == mandate_id
        m = info[r.other_id if earlier else r.mandate_id]
        out.append(Related(m.id, m.code, m.title, m.status, r.kind, earlier))
    return sorted(out, key=lambda x: (not x.earlier, x.kind not in CHAIN_KINDS, place[x.id]))


def chain(db: Database, mandate_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(earlier versions, oldest first; later versions, nearest first) as (id, code), through
    renews and continues."""
    with db.session() as s:
        earlier = earlier_ids(s, mandate_id)
        later = later_ids(s, mandate_id)
        codes = dict(s.execute(select(Mandate.id, Mandate.code).where(Mandate.id.in_(earlier + later))).all())
    return [(i, codes[i]) for i in reversed(earlier)], [(i, codes[i]) for i in later]


def earlier_ids(session, mandate_id: int) -> list[int]:
    """The mandates this one renews or continues, nearest first, following the chain (in ``session``: the
    write service checks a new relation against it in its own transaction)."""
    return _follow(session, mandate_id, MandateRelation.mandate_id, MandateRelation.other_id)


def later_ids(session, mandate_id: int) -> list[int]:
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


def earlier_versions_in(execute, ids) -> dict[int, list[str]]:
    """mandate id -> the codes of its earlier versions (renewed or continued), oldest first, for the mandates
    in ``ids`` that have some. ``execute(sql, params)`` returns rows: a connection's or a session's (a\n    briefing reads it inside its own transaction)."""
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


def earlier_versions(db: Database, ids) -> dict[int, list[str]]:
    """mandate id -> the codes of its earlier versions, oldest first (only those that have some)."""
    with db.read() as conn:
        return earlier_versions_in(lambda sql, params: conn.execute(sql, params).fetchall(), ids)
