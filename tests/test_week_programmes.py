"""Issue 19 on IberBLH: a member's joined date comes from its adhesion milestone, and stays editable."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from segib_desktop.core.models import MilestoneCategory, MilestoneStatus, ProgrammeMember
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.services.programmes import MemberService, MilestoneService
from tests.test_programmes_service import TODAY, ids

D = dt.date


def _member(db, programme, country):
    with db.session() as s:
        return s.scalar(select(ProgrammeMember.id).where(ProgrammeMember.programme_id == programme,
                                                         ProgrammeMember.country_id == country))


def _adhesion(db, programme, country, status, actual_end=None):
    return MilestoneService(db, today=TODAY).save(None, {
        "programme_id": programme, "country_id": country, "category": MilestoneCategory.AGREEMENT,
        "title": "Adhesión al acuerdo multilateral de IberBLH", "description": "", "responsible": "",
        "planned_start": D(2010, 3, 1), "planned_end": D(2010, 6, 9), "actual_end": actual_end, "status": status})


def test_the_adhesion_milestone_gives_the_joined_date_and_the_officer_can_change_it(db):
    programme, c = ids(db)
    members = MemberService(db)
    ar, br = _member(db, programme, c["AR"]), _member(db, programme, c["BR"])
    assert members.get(ar)["joined_on"] is None
    _adhesion(db, programme, c["AR"], MilestoneStatus.PLANNED)  # not achieved: no date yet
    assert members.get(ar)["joined_on"] is None
    _adhesion(db, programme, c["AR"], MilestoneStatus.ACHIEVED, D(2010, 6, 9))
    assert members.get(ar)["joined_on"] == D(2010, 6, 9)
    row = next(r for r in read_programmes.members(db, programme, "es") if r[0] == ar)
    assert row[3] == D(2010, 6, 9)  # "Miembro desde" in the list
    # Editable: the officer's date stays, even when another adhesion milestone is recorded.
    members.save(ar, members.get(ar) | {"joined_on": D(2009, 11, 30)})
    _adhesion(db, programme, c["AR"], MilestoneStatus.ACHIEVED, D(2011, 1, 1))
    assert members.get(ar)["joined_on"] == D(2009, 11, 30)
    assert members.get(br)["joined_on"] is None  # another country's adhesion is its own


def test_the_example_data_has_joined_dates(db):
    from segib_desktop.core import demo

    demo.fill(db, today=D(2026, 12, 3))
    programme, _c = ids(db)
    rows = read_programmes.members(db, programme, "es")
    assert rows and all(r[3] is not None for r in rows)
