"""The calendar file (.ics): read back with the icalendar library, from the core and from the command line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import icalendar
import pytest
from sqlalchemy import select

from segib_desktop.core import ical
from segib_desktop.core.models import (
    ActionItem,
    Activity,
    ActivityKind,
    Country,
    Document,
    DocumentKind,
    Mandate,
    MandateStatus,
    Meeting,
    MeetingKind,
    Summit,
    SummitStatus,
)
from segib_desktop.core.read import expr
from segib_desktop.core.services.summits import SummitService

THEME = "Juntos por una Iberoamérica justa, sostenible; y con\nsaltos de línea, comas y punto y coma"


@pytest.fixture
def data(db):
    """Summit XXX with a tricky theme, a meeting of its cycle, an open mandate and an open action item."""
    with db.session(write=True) as s:
        summit = s.scalar(select(Summit).where(Summit.number == 30))
        summit.start_date, summit.end_date = dt.date(2026, 11, 4), dt.date(2026, 11, 5)
        summit.theme_es, summit.city = THEME, "Madrid"
        spain = s.scalar(select(Country).where(Country.iso2 == "ES"))
        meeting = Meeting(kind=MeetingKind.NATIONAL_COORDINATORS, number=4, start_date=dt.date(2026, 3, 10),
                          end_date=dt.date(2026, 3, 12), city="Cádiz", country_id=spain.id, summit_id=summit.id,
                          status=SummitStatus.PLANNED)
        doc = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit.id)
        s.add_all([meeting, doc])
        s.flush()
        s.add(Mandate(document_id=doc.id, code="XXX-PA-1", title="Informe anual", due_date=dt.date(2026, 6, 30),
                      status=MandateStatus.IN_PROGRESS))
        s.add(Mandate(document_id=doc.id, code="XXX-PA-2", title="Cumplido", due_date=dt.date(2026, 6, 1),
                      status=MandateStatus.FULFILLED))
        s.add(Mandate(document_id=doc.id, code="XXX-PA-3", title="Permanente", due_date=dt.date(2026, 5, 1),
                      status=MandateStatus.ONGOING))
        activity = Activity(kind=ActivityKind.MEETING, date=dt.date(2026, 2, 1), subject="Reunión con la OEI")
        s.add(activity)
        s.flush()
        s.add(ActionItem(activity_id=activity.id, description="Enviar el borrador", owner="Ana",
                         due_date=dt.date(2026, 4, 15)))
        s.flush()
        return {"summit": summit.uid, "meeting": meeting.uid}


def events(path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_file_is_valid_icalendar_with_all_day_events(db, data, tmp_path):
    path = tmp_path / "c.ics"
    count = ical.export(db, path, ical.Options(first=dt.date(2026, 1, 1), last=dt.date(2026, 12, 31), lang="es"))
    raw = path.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    found = events(path)
    assert count == len(found) == 2  # the summit and its meeting; no deadlines unless asked
    summit = found[f"{data['summit']}@segib-desktop"]
    assert summit["summary"] == "XXX Cumbre Iberoamericana"
    assert str(summit["location"]) == "Madrid, España"
    assert THEME in str(summit["description"])  # commas, semicolons and line breaks come back as written
    assert b"sostenible\\; y con\\nsaltos" in raw.replace(b"\r\n ", b"")  # escaped in the file
    assert "DTSTART;VALUE=DATE:20261104" in raw.decode()
    assert summit.decoded("dtstart") == dt.date(2026, 11, 4)
    assert summit.decoded("dtend") == dt.date(2026, 11, 6)  # exclusive: the day after the last
    meeting = found[f"{data['meeting']}@segib-desktop"]
    assert meeting["summary"] == "IV Reunión de Coordinadores Nacionales"
    assert str(meeting["location"]) == "Cádiz, España"
    assert "XXX Cumbre Iberoamericana (Madrid 2026)" in str(meeting["description"])
    assert meeting.decoded("dtend") == dt.date(2026, 3, 13)
    assert meeting.decoded("sequence") == 0  # a new record (edit version 1)
    assert summit.decoded("sequence") == 1  # the reference summit, edited once above
    for event in found.values():
        assert isinstance(event.decoded("dtstamp"), dt.datetime)


def test_uids_are_stable_and_an_edit_raises_the_sequence(db, data, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    options = ical.Options(deadlines=True, lang="pt")
    ical.export(db, first, options)
    before = events(first)
    with db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 30))
    values = SummitService(db).get(summit_id)
    SummitService(db).save(summit_id, values | {"theme_pt": "Juntos por uma Ibero-América justa"})
    ical.export(db, second, options)
    after = events(second)
    assert set(before) == set(after)  # the same events: a calendar program updates them, no duplicates
    uid = f"{data['summit']}@segib-desktop"
    assert after[uid].decoded("sequence") == before[uid].decoded("sequence") + 1
    assert after[uid]["summary"] == "XXX Cúpula Ibero-Americana"
    assert "last-modified" in after[uid]
    assert "Juntos por uma Ibero-América justa" in str(after[uid]["description"])
    meeting = f"{data['meeting']}@segib-desktop"
    assert after[meeting].to_ical() == before[meeting].to_ical()  # unchanged record, unchanged event


def test_deadlines_are_open_mandates_and_open_action_items(db, data, tmp_path):
    path = tmp_path / "c.ics"
    ical.export(db, path, ical.Options(first=dt.date(2026, 4, 1), last=dt.date(2026, 12, 31), deadlines=True,
                                       lang="en"))
    summaries = sorted(str(e["summary"]) for e in events(path).values())
    assert summaries == ["Deadline: Enviar el borrador", "Due: XXX-PA-1 Informe anual",
                         "XXX Ibero-American Summit"]  # the meeting (March) is outside; the fulfilled one too
    # nor the ongoing one: "Permanente" never falls due, as on the home page, in the lists and the briefings
    with db.session() as s:
        with_deadline = s.scalars(select(Mandate.code).where(Mandate.due_date.is_not(None),
                                                             expr.has_deadline())).all()
        overdue = s.scalars(select(Mandate.code).where(expr.is_overdue(dt.date(2026, 12, 31)))).all()
    assert with_deadline == overdue == ["XXX-PA-1"]
    summit = next(e for e in events(path).values() if str(e["summary"]) == "XXX Ibero-American Summit")
    assert str(summit["location"]) == "Madrid, Spain"  # the country's English name (the one rule, read.rules)
    due = next(e for e in events(path).values() if str(e["summary"]).startswith("Due"))
    assert due.decoded("dtstart") == dt.date(2026, 6, 30) and due.decoded("dtend") == dt.date(2026, 7, 1)
    assert str(due["uid"]).startswith("due-")


def test_the_command_line(tmp_path):
    out = tmp_path / "agenda.ics"
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(tmp_path / "home")}
    missing = subprocess.run([sys.executable, "-m", "segib_desktop", "calendar", "--db", str(tmp_path / "x.sqlite3"),
                              "--out", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert missing.returncode == 1 and "no existe" in missing.stderr  # a reading command creates nothing
    made = subprocess.run([sys.executable, "-m", "segib_desktop", "db", "upgrade", "--db", str(tmp_path / "x.sqlite3")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    ok = subprocess.run([sys.executable, "-m", "segib_desktop", "calendar", "--db", str(tmp_path / "x.sqlite3"),
                         "--out", str(out), "--from", "01/01/2026", "--to", "2026-12-31", "--deadlines"],
                        capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["XXX Cumbre Iberoamericana"]
    assert str(out) in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "segib_desktop", "calendar", "--out", str(out), "--from",
                          "31/02/2026"], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2
    assert "“31/02/2026” no es una fecha: febrero de 2026 no tiene día 31." in bad.stderr  # written as asked
    assert "Traceback" not in bad.stderr
    reversed_ = subprocess.run([sys.executable, "-m", "segib_desktop", "calendar", "--out", str(out), "--from",
                                "01/12/2026", "--to", "01/01/2026"], capture_output=True, text=True, env=env,
                               timeout=120)
    assert reversed_.returncode == 2 and len(reversed_.stderr.strip().splitlines()) == 1


def test_days_the_wrong_way_round_change_nothing(db, tmp_path):
    from segib_desktop import errors

    path = tmp_path / "c.ics"
    with pytest.raises(errors.SegibError) as caught:
        ical.export(db, path, ical.Options(first=dt.date(2026, 12, 1), last=dt.date(2026, 1, 1)))
    assert caught.value.user_message() == "El primer día (01/12/2026) es posterior al último (01/01/2026)."
    assert not path.exists()
