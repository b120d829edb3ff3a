"""Each read rule agrees with itself: the Python twin, the plain SQL and the Core expression.

Generated data (hypothesis) goes into the real tables of an in-memory database; each rule's three
spellings must pick the same rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, insert, select, text
from sqlalchemy.orm import aliased

from segib_desktop.core.enums import (
    DocumentKind,
    MandateStatus,
    MeetingKind,
    MilestoneCategory,
    MilestoneStatus,
    SummitStatus,
)
from segib_desktop.core.models import Base, Body, Country, Document, Mandate, Meeting, Milestone, Summit
from segib_desktop.core.read import expr, rules

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAY0 = dt.date(2024, 1, 1)
dates = st.one_of(st.none(), st.integers(0, 60).map(lambda n: DAY0 + dt.timedelta(days=n)))
days = st.integers(0, 60).map(lambda n: DAY0 + dt.timedelta(days=n))


@pytest.fixture(scope="module")
def engine():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _ids(conn, query, params=()) -> set[int]:
    if isinstance(query, str):
        return {r[0] for r in conn.exec_driver_sql(query, params)}
    return {r[0] for r in conn.execute(query)}


mandates = st.lists(st.tuples(st.sampled_from(list(MandateStatus)), dates), max_size=12)


@SETTINGS
@given(rows=mandates, today=days, soon=st.integers(0, 40))
def test_mandate_rules_agree(engine, rows, today, soon):
    with engine.begin() as conn:
        conn.execute(delete(Mandate))
        if rows:
            conn.execute(insert(Mandate), [{"id": i + 1, "document_id": 1, "code": f"M{i}", "title": "t",
                                            "status": status, "due_date": due}
                                           for i, (status, due) in enumerate(rows)])
        python = {
            "open": {i + 1 for i, (s, _d) in enumerate(rows) if rules.is_open(s)},
            "overdue": {i + 1 for i, (s, d) in enumerate(rows) if rules.is_overdue(s, d, today)},
            "soon": {i + 1 for i, (s, d) in enumerate(rows) if rules.is_due_soon(s, d, today, soon)},
        }
        core = {
            "open": _ids(conn, select(Mandate.id).where(expr.is_open())),
            "overdue": _ids(conn, select(Mandate.id).where(expr.is_overdue(today))),
            "soon": _ids(conn, select(Mandate.id).where(expr.is_due_soon(today, soon))),
        }
        sql = {name: _ids(conn, f"SELECT id FROM mandates WHERE {cond}", params) for name, (cond, params) in {
            "open": rules.open_sql(), "overdue": rules.overdue_sql(today),
            "soon": rules.due_soon_sql(today, soon)}.items()}
    assert python == core == sql
    # an ongoing mandate is never overdue, nor "due soon"
    assert not any(s is MandateStatus.ONGOING for i, (s, _d) in enumerate(rows) if i + 1 in python["overdue"])


milestones = st.lists(st.tuples(st.sampled_from(list(MilestoneStatus)), dates, dates), max_size=12)


@SETTINGS
@given(rows=milestones, today=days)
def test_delayed_agrees(engine, rows, today):
    with engine.begin() as conn:
        conn.execute(delete(Milestone))
        if rows:
            conn.execute(insert(Milestone), [
                {"id": i + 1, "programme_id": 1, "category": MilestoneCategory.OTHER, "title": "t",
                 "status": status, "planned_end": planned, "actual_end": actual}
                for i, (status, planned, actual) in enumerate(rows)])
        python = {i + 1 for i, (s, p, a) in enumerate(rows) if rules.is_delayed(p, a, s, today)}
        core = _ids(conn, select(Milestone.id).where(expr.is_delayed(today)))
        cond, params = rules.delayed_sql(today)
        sql = _ids(conn, f"SELECT id FROM milestones WHERE {cond}", params)
    assert python == core == sql


# documents: (adopted by a summit?, that summit or the summit of the meeting's cycle (None: no cycle))
documents = st.lists(st.tuples(st.booleans(), st.one_of(st.none(), st.integers(1, 3))), max_size=10)


@SETTINGS
@given(docs=documents, summit=st.integers(1, 3))
def test_a_summits_documents_agree(engine, docs, summit):
    with engine.begin() as conn:
        conn.execute(delete(Document))
        conn.execute(delete(Meeting))
        for i, (by_summit, summit_id) in enumerate(docs):
            meeting_id = None
            if not by_summit or summit_id is None:
                meeting_id = i + 1
                conn.execute(insert(Meeting), {"id": meeting_id, "kind": MeetingKind.FOREIGN_MINISTERS,
                                               "summit_id": summit_id})
            conn.execute(insert(Document), {"id": i + 1, "kind": DocumentKind.DECLARATION, "title": "d",
                                            "summit_id": summit_id if meeting_id is None else None,
                                            "meeting_id": meeting_id})
        python = {i + 1 for i, (by_summit, summit_id) in enumerate(docs)
                  if rules.summit_of_document(summit_id if by_summit and summit_id else None,
                                              None if by_summit and summit_id else summit_id) == summit}
        core = _ids(conn, expr.cycle_documents(summit))
        sql = _ids(conn, f"SELECT d.id FROM documents d LEFT JOIN meetings m ON m.id = d.meeting_id "
                         f"WHERE {rules.summit_of_document_sql()} = ?", (summit,))
    assert python == core == sql


summits = st.lists(st.tuples(dates, dates, st.sampled_from(list(SummitStatus))), max_size=10)


@SETTINGS
@given(rows=summits, today=days)
def test_where_a_summit_stands_agrees(engine, rows, today):
    """Upcoming, under way or held: the Python twin, the home page's SQL and the Core expressions."""
    with engine.begin() as conn:
        conn.execute(delete(Summit))
        if rows:
            conn.execute(insert(Summit), [{"id": i + 1, "number": i + 1, "start_date": start, "end_date": end,
                                           "status": status} for i, (start, end, status) in enumerate(rows)])
        phases = {i + 1: rules.summit_phase(start, end, status, today) for i, (start, end, status) in enumerate(rows)}
        python = {phase: {i for i, p in phases.items() if p is phase} for phase in rules.Phase}
        core = {rules.Phase.HELD: _ids(conn, select(Summit.id).where(expr.is_held(today))),
                rules.Phase.UNDER_WAY: _ids(conn, select(Summit.id).where(expr.is_under_way(today)))}
        core[rules.Phase.UPCOMING] = (_ids(conn, select(Summit.id).where(expr.is_not_held(today)))
                                      - core[rules.Phase.UNDER_WAY])
        cond, params = rules.not_held_sql(today)
        sql = _ids(conn, f"SELECT id FROM summits WHERE {cond}", params)
    assert python == core
    assert sql == python[rules.Phase.UPCOMING] | python[rules.Phase.UNDER_WAY]


def test_a_summit_stands_by_its_dates_and_without_them_is_still_to_come():
    today = dt.date(2026, 12, 4)
    planned, held = SummitStatus.PLANNED, SummitStatus.HELD
    assert rules.summit_phase(None, None, planned, today) is rules.Phase.UPCOMING  # no date fixed yet
    assert rules.summit_phase(None, None, held, today) is rules.Phase.HELD  # recorded as held, undated
    assert rules.summit_phase(today, today + dt.timedelta(days=1), planned, today) is rules.Phase.UNDER_WAY
    assert rules.summit_phase(today - dt.timedelta(days=2), today, planned, today) is rules.Phase.UNDER_WAY
    assert rules.summit_phase(today - dt.timedelta(days=1), None, held, today) is rules.Phase.HELD  # one day
    assert rules.summit_phase(today + dt.timedelta(days=1), None, planned, today) is rules.Phase.UPCOMING


names = st.sampled_from(["", "Brasil", "Brazil", "España"])


@SETTINGS
@given(rows=st.lists(st.tuples(names, names, names), max_size=6), lang=st.sampled_from(["es", "pt", "en", "fr"]))
def test_localised_names_agree(engine, rows, lang):
    with engine.begin() as conn:
        conn.execute(delete(Country))
        conn.execute(delete(Body))
        if rows:
            conn.execute(insert(Country), [{"id": i + 1, "iso2": f"{i:02}", "iso3": "XXX", "name_es": es,
                                            "name_pt": pt, "name_en": en} for i, (es, pt, en) in enumerate(rows)])
        python = {i + 1: rules.localised(lang, Country(name_es=es, name_pt=pt, name_en=en))
                  for i, (es, pt, en) in enumerate(rows)}
        c = aliased(Country, name="c")
        core = dict(conn.execute(select(c.id, expr.localised(lang, c))).all())
        sql = dict(conn.execute(text(f"SELECT id, {rules.localised_sql(lang, 'c')} FROM countries c")).all())
    assert python == core == sql


def test_the_localised_name_falls_back_to_spanish_only():
    def name(es, pt, en):
        return Country(name_es=es, name_pt=pt, name_en=en)

    assert rules.localised("en", name("España", "Espanha", "Spain")) == "Spain"
    assert rules.localised("en", name("España", "Espanha", "")) == "España"
    assert rules.localised("pt", name("España", "", "Spain")) == "España"
    assert rules.localised("fr", name("España", "Espanha", "Spain")) == "España"


def test_counts_by_status_has_every_status():
    counts = rules.counts_by_status(["in_progress", MandateStatus.IN_PROGRESS, "ongoing"])
    assert counts[MandateStatus.IN_PROGRESS] == 2 and counts[MandateStatus.ONGOING] == 1
    assert counts[MandateStatus.FULFILLED] == 0 and list(counts) == list(MandateStatus)


def test_the_english_interface_names_countries_and_bodies_in_english(db):
    """The reference data has English names; the lookups every screen uses give them."""
    from segib_desktop.core.read import lookups

    countries = {c.iso2: c.name for c in lookups.countries(db, "en")}
    assert countries["ES"] == "Spain" and countries["BR"] == "Brazil" and countries["DO"] == "Dominican Republic"
    assert {c.iso2: c.name for c in lookups.countries(db, "pt")}["ES"] == "Espanha"
    assert {b.acronym: b.name for b in lookups.bodies(db, "en")}["SEGIB"] == "Ibero-American General Secretariat"
    assert {b.acronym: b.name for b in lookups.bodies(db, "es")}["SEGIB"] == "Secretaría General Iberoamericana"


@pytest.mark.parametrize("lang", ["es", "pt", "en"])
def test_every_read_of_a_bodys_name_gives_the_same_name(db, lang):
    """The bodies list, the body's page and the activity form's picker gave the Spanish name in English
    (explore17), where the filters and the search gave the English one: one rule, ``localised``."""
    from segib_desktop.core.read import coordination, lookups

    expected = {b.acronym: b.name for b in lookups.bodies(db, lang)}
    assert {b.acronym: b.name for b in coordination.bodies(db, lang)} == expected
    assert {c.label.split(" – ", 1)[0]: c.label.split(" – ", 1)[1]
            for c in coordination.body_choices(db, lang)} == expected
    oei = next(b for b in lookups.bodies(db, lang) if b.acronym == "OEI")
    assert coordination.body_overview(db, oei.id, lang)["name"] == expected["OEI"]
    assert expected["OEI"].startswith({"es": "Organización", "pt": "Organização", "en": "Organization"}[lang])


# --- a mandate's code order (read.rules): one order for every screen, export, briefing and picker --------

def test_a_documents_points_in_their_code_order():
    """As people read them, not as text (1.10 before 1.2) nor by their leading number alone (E10 before 1)."""
    shuffled = ["10", "E10", "1.10", "Preámbulo", "2", "1 bis", "E2", "1", "1.a", "1.2", "E1"]
    assert sorted(shuffled, key=rules.point_order) == [
        "1", "1 bis", "1.2", "1.10", "1.a", "2", "10", "E1", "E2", "E10", "Preámbulo"]


def test_a_documents_place_in_the_code_order():
    """Newest cycle first (no cycle last); a summit's own documents before its meetings' (by date); from one
    source Declaration, Programme of Action, Special Communiqués (by number, as read), Resolutions."""
    D = DocumentKind
    docs = {  # id: (cycle, meeting id, meeting start, kind, number)
        1: (30, None, None, D.RESOLUTION, "1"),
        2: (30, None, None, D.SPECIAL_COMMUNIQUE, "10"),
        3: (30, None, None, D.SPECIAL_COMMUNIQUE, "2"),
        4: (30, None, None, D.ACTION_PROGRAMME, ""),
        5: (30, None, None, D.DECLARATION, ""),
        6: (30, 7, dt.date(2026, 5, 1), D.DECLARATION, ""),
        7: (30, 8, "2026-03-01", D.RESOLUTION, "1/2026"),  # SQLite's driver gives dates as text
        8: (29, None, None, D.DECLARATION, ""),
        9: (None, 9, dt.date(2020, 1, 1), D.DECLARATION, ""),
        10: (31, 10, None, D.OTHER, ""),
    }
    ordered = sorted(docs, key=lambda i: rules.document_order(*docs[i], i))
    assert ordered == [10, 5, 4, 3, 2, 1, 7, 6, 8, 9]


def test_the_code_order_key():
    """(document's place, point as read, id); an unknown document last; rows read by any getters."""
    from operator import attrgetter
    from typing import NamedTuple

    class Row(NamedTuple):
        id: int
        document_id: int
        point: str

    places = {7: 0, 3: 1}
    rows = [Row(1, 3, "1"), Row(2, 7, "10"), Row(3, 7, "2"), Row(4, 99, "1"), Row(5, 7, "2"), Row(6, 3, "E1")]
    key = rules.code_order_key(places, attrgetter("document_id"), attrgetter("point"), attrgetter("id"))
    assert [r.id for r in sorted(rows, key=key)] == [3, 5, 2, 1, 6, 4]
    assert key(rows[0]) == (1, rules.point_order("1"), 1)
    assert sorted([(3, "1", 1), (7, "2", 2)], key=rules.code_order_key(places)) == [(7, "2", 2), (3, "1", 1)]
