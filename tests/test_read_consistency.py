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
from segib_desktop.core.models import Body, Country, MandateStatus, Summit
from segib_desktop.core.read import home
from segib_desktop.core.read import mandates as read_mandates

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
