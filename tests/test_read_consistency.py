"""The same numbers on every screen and page: on the example database (``demo``), for every summit,
country and body, the home page, the mandates list (filtered as its filters filter) and the briefing
data count the same mandates; the milestones too."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from segib_desktop.core import demo
from segib_desktop.core.briefings import data
from segib_desktop.core.enums import DocumentKind
from segib_desktop.core.models import Body, Country, MandateStatus, Summit
from segib_desktop.core.read import coordination, home, programmes
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.cycle import DocumentService
from segib_desktop.core.services.mandates import MandateService

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def example(db):
    demo.fill(db, today=TODAY)
    return db


def test_home_list_and_briefing_count_the_same_mandates(example):
    db = example
    figures = home.figures(db, today=TODAY)
    rows = read_mandates.list_rows(db, "es", today=TODAY)
    with db.session() as s:
        summits = s.scalars(select(Summit.id)).all()
        countries = s.scalars(select(Country.id)).all()
        bodies = s.scalars(select(Body.id)).all()

        # the whole database
        by_status = data.status_counts(s)
        assert by_status == figures.mandates_by_status
        assert by_status == dict.fromkeys(MandateStatus, 0) | Counter(row.status for row in rows)
        # the cycle rule is exercised: some mandates come from a meeting's document (the list's meeting id)
        assert any(row.meeting_id is not None and row.summit_id is not None for row in rows)
        assert figures.overdue_mandates == sum(row.overdue for row in rows) == data.overdue_count(s, TODAY) > 0
        soon = data.due_between(s, TODAY, TODAY + dt.timedelta(days=home.DUE_SOON_DAYS), limit=None)
        assert figures.due_soon == soon.total

        # every summit: the home page's chart, the list's "source: summit" filter, the summit briefing
        chart = {row.key: row.counts for row in figures.mandates_per_summit}
        assert chart, "the example data gives summits with mandates"
        for summit_id in summits:
            listed = Counter(row.status.value for row in rows if row.summit_id == summit_id)
            briefing = {st.value: n for st, n in data.status_counts(s, data.of_summit(summit_id)).items() if n}
            assert dict(listed) == briefing, summit_id
            if summit_id in chart:
                assert chart[summit_id] == briefing, summit_id
            assert data.follow_up(s, summit_id, limit=None).total == sum(listed.values())
            assert data.overdue_count(s, TODAY, data.of_summit(summit_id)) == sum(
                row.overdue for row in rows if row.summit_id == summit_id)

        # every country and body: the list's addressee filter and the country or body briefing
        for kind, ids, scope in (("country", countries, data.addressed_to_country),
                                 ("body", bodies, data.addressed_to_body)):
            for record_id in ids:
                listed = read_mandates.list_rows(db, "es", today=TODAY, addressee=f"{kind}:{record_id}")
                briefing = data.status_counts(s, scope(record_id))
                assert Counter(row.status for row in listed) == +Counter(briefing), (kind, record_id)
                assert sum(row.overdue for row in listed) == data.overdue_count(s, TODAY, scope(record_id))
                assert data.open_mandates(s, scope(record_id), limit=None).total == sum(
                    row.status.is_open for row in listed)


def test_home_and_briefing_count_the_same_delayed_milestones(example):
    figures = home.figures(example, today=TODAY)
    with example.session() as s:
        iberblh = data.iberblh(s, "es", TODAY, None, TODAY + dt.timedelta(days=180))
        names = data.country_names(s, "es")
    chart = {row.label: row.counts.get(home.DELAYED, 0) for row in figures.milestones_per_country if row.key}
    assert figures.delayed_milestones == iberblh.delayed.total > 0
    for country in iberblh.per_country:
        assert chart.get(country.country, 0) == country.delayed, country.country
    assert set(chart) <= set(names.values())


# --- a mandate's code order (read.rules): the same on every screen, export, briefing and picker ----------
POINTS = ["1", "1 bis", "1.2", "1.10", "1.a", "2", "10", "E1", "E2", "E10"]  # as people read them


def test_a_mandates_code_order_is_the_same_everywhere(example):
    """The mandates list (and so its export), the briefings (a summit's follow-up, a body's mandates by code
    and by due date), the body's page and the pickers list mandates in one order: newest summit first, its
    documents in their usual order (Declaration, Programme of Action, Special Communiqués by number, then
    Resolutions), each document's points as people read them (explore17, defect 4)."""
    db = example
    with db.session() as s:
        numbers = dict(s.execute(select(Summit.id, Summit.number)).all())
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        body = s.scalar(select(Body.id).where(Body.acronym == "OEI"))
    documents, mandates = DocumentService(db), MandateService(db, today=TODAY)

    def document(kind, number):
        return documents.save(None, {"kind": kind, "number": number, "title": f"{kind} {number}",
                                     "summit_id": summit, "meeting_id": None})

    # recorded before the communiqués that precede it, its points in no order
    resolution = document(DocumentKind.RESOLUTION, "7")
    for point in ["1.10", "E10", "10", "1.2", "2", "E2", "1 bis", "1.a", "E1", "1"]:
        mandates.save(None, {"document_id": resolution, "point": point, "title": f"Punto {point}",
                             "due_date": dt.date(2026, 6, 30), "addressees": [f"body:{body}"]})
    for number in ("10", "2"):
        mandates.save(None, {"document_id": document(DocumentKind.SPECIAL_COMMUNIQUE, number), "point": "1",
                             "title": f"Comunicado {number}", "addressees": [f"body:{body}"]})

    rows = read_mandates.list_rows(db, "es", today=TODAY)
    codes = [r.code for r in rows]
    assert [c for c in codes if c.startswith("XXIX-RES7-")] == [f"XXIX-RES7-{p}" for p in POINTS]
    prefixes = list(dict.fromkeys(c.rsplit("-", 1)[0] for c, r in zip(codes, rows, strict=True)
                                  if r.summit_id == summit and r.meeting_id is None))
    assert prefixes == ["XXIX-DEC", "XXIX-PA", "XXIX-CE1", "XXIX-CE2", "XXIX-CE10", "XXIX-RES7"]
    cycles = [numbers[r.summit_id] for r in rows]
    assert cycles == sorted(cycles, reverse=True) and len(set(cycles)) >= 3  # the newest cycle first
    assert [r.code_order for r in rows] == list(range(len(rows)))  # the code column sorts by this

    place = {r.id: n for n, r in enumerate(rows)}
    of_body = read_mandates.list_rows(db, "es", today=TODAY, addressee=f"body:{body}")
    assert [r.id for r in of_body] == sorted((r.id for r in of_body), key=place.__getitem__)

    def by_due(ids):  # the soonest due first (undated last), then in the list's order
        due = {r.id: r.due_date for r in rows}
        return sorted(ids, key=lambda i: (due[i] is None, due[i] or dt.date.min, place[i]))

    with db.session() as s:
        follow_up = data.follow_up(s, summit, limit=None).rows
        assert [r.id for r in follow_up] == [r.id for r in rows if r.summit_id == summit]
        by_code = data.mandates(s, data.addressed_to_body(body), key=data.by_code, limit=None).rows
        assert [r.id for r in by_code] == [r.id for r in of_body]
        open_ones = data.open_mandates(s, data.addressed_to_body(body), limit=None).rows
        assert [r.id for r in open_ones] == by_due(r.id for r in of_body if r.status.is_open)
    page = coordination.body_mandates(db, body, today=TODAY)
    assert [r.id for r in page] == by_due(r.id for r in of_body)
    assert sorted(page, key=lambda r: r.code_order) == sorted(page, key=lambda r: place[r.id])
    assert [r.id for r in coordination.mandate_choices(db)] == [r.id for r in rows]
    assert [c.id for c in programmes.mandate_choices(db)] == [r.id for r in rows]
