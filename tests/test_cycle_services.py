"""Meetings, documents and the summit's cycle, through their services; and the example data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from segib_desktop import errors, i18n
from segib_desktop.core import demo
from segib_desktop.core.demo import cycle as cycle_demo
from segib_desktop.core.meeting_names import meeting_name
from segib_desktop.core.models import (
    AuditEntry,
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
from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.services.cycle import DocumentService, MeetingService
from segib_desktop.core.services.summits import SummitService

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines


def summit_id(db, number):
    with db.session() as s:
        return s.scalar(select(Summit.id).where(Summit.number == number))


def country_id(db, iso2):
    with db.session() as s:
        return s.scalar(select(Country.id).where(Country.iso2 == iso2))


def add_mandate(db, document_id, status=MandateStatus.NOT_STARTED, code="M-1"):
    with db.session() as s:
        mandate = Mandate(document_id=document_id, code=code, title="Informar sobre la cooperación", status=status)
        s.add(mandate)
        s.flush()
        return mandate.id


def count(db, model):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("kind", "number", "extraordinary", "sector", "lang", "expected"), [
    (MeetingKind.NATIONAL_COORDINATORS, 4, False, "", "es", "IV Reunión de Coordinadores Nacionales"),
    (MeetingKind.NATIONAL_COORDINATORS, 4, False, "", "pt", "IV Reunião de Coordenadores Nacionais"),
    (MeetingKind.FOREIGN_MINISTERS, None, True, "", "es",
     "Reunión Extraordinaria de Ministros de Relaciones Exteriores"),
    (MeetingKind.SECTORAL, 2, False, "Educación", "es", "II Reunión Ministerial Iberoamericana de Educación"),
    (MeetingKind.SECTORAL, None, False, "", "es", "Reunión Ministerial Sectorial"),
    (MeetingKind.FORUM, None, True, "Foro de Gobiernos Locales", "pt", "Foro de Gobiernos Locales (extraordinária)"),
    (MeetingKind.OTHER, None, False, "", "es", "Otra reunión"),  # not "Otro", its kind's label
    (MeetingKind.OTHER, None, True, "", "pt", "Outra reunião (extraordinária)"),
    (MeetingKind.COORDINATORS_AND_OFFICERS, 1, False, "ignored", "es",
     "I Reunión de Coordinadores Nacionales y Responsables de Cooperación"),
])
def test_a_meeting_goes_by_its_ordinal_name(kind, number, extraordinary, sector, lang, expected):
    assert meeting_name(kind, number, extraordinary, sector, i18n.Translator(lang)) == expected


def test_a_meeting_is_saved_with_its_attendance_and_text_kept_exactly(db):
    service = MeetingService(db)
    notes = "Acta «provisional» & <borrador>\nsegunda línea"
    attendees = [country_id(db, "PT"), country_id(db, "BR"), country_id(db, "AD")]
    new_id = service.save(None, {
        "kind": MeetingKind.NATIONAL_COORDINATORS, "number": 4, "extraordinary": False, "sector": "",
        "status": SummitStatus.HELD, "start_date": dt.date(2026, 4, 22), "end_date": dt.date(2026, 4, 23),
        "city": "Cádiz", "country_id": country_id(db, "ES"), "summit_id": summit_id(db, 30), "notes": notes,
        "attendees": attendees})
    values = service.get(new_id)
    assert values["notes"] == notes
    assert values["attendees"] == sorted(attendees)
    service.save(new_id, values | {"attendees": attendees[:1]})
    assert service.get(new_id)["attendees"] == attendees[:1]
    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "meetings")
                            .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["create", "update"]
        assert len(entries[0].changes["attendees"][1]) == 3  # written once, with its attendance
        assert "attendees" in entries[1].changes


@pytest.mark.parametrize(("values", "field"), [
    ({"start_date": dt.date(2026, 5, 2), "end_date": dt.date(2026, 5, 1)}, "end_date"),
    ({"status": SummitStatus.HELD, "start_date": None}, "start_date"),
    ({"status": SummitStatus.HELD, "start_date": dt.date.today() + dt.timedelta(days=1)}, "status"),
    ({"kind": MeetingKind.SECTORAL, "sector": "  "}, "sector"),
    ({"number": 0}, "number"),
    ({"kind": None}, "kind"),
])
def test_invalid_meetings_are_refused_per_field_and_change_nothing(db, values, field):
    base = {"kind": MeetingKind.NATIONAL_COORDINATORS, "status": SummitStatus.PLANNED, "sector": ""}
    with pytest.raises(errors.ValidationError) as info:
        MeetingService(db).save(None, base | values)
    assert field in info.value.field_messages()
    assert count(db, Meeting) == 0


def test_a_summit_or_meeting_is_held_on_its_start_date_not_before(db):
    """Held on a day still to come: the summit's briefing counted it "Celebradas" while the home page listed
    it among the next meetings. Held today is held."""
    tomorrow, today = dt.date.today() + dt.timedelta(days=1), dt.date.today()
    summit = SummitService(db)
    values = summit.get(summit_id(db, 30))
    with pytest.raises(errors.ValidationError) as info:
        summit.save(summit_id(db, 30), values | {"status": SummitStatus.HELD, "start_date": tomorrow,
                                                 "end_date": tomorrow})
    assert info.value.field_messages()["status"] == ("Aún no puede haberse celebrado: su fecha de inicio todavía "
                                                     "no ha llegado. Déjela como Planificada hasta entonces.")
    assert summit.get(summit_id(db, 30))["start_date"] == values["start_date"]  # nothing changed
    meeting = make_meeting(db, status=SummitStatus.HELD, start_date=today)
    assert MeetingService(db).get(meeting)["status"] == SummitStatus.HELD


def make_meeting(db, **values):
    base = {"kind": MeetingKind.FOREIGN_MINISTERS, "status": SummitStatus.PLANNED, "sector": "",
            "summit_id": summit_id(db, 30)}
    return MeetingService(db).save(None, base | values)


def make_document(db, **values):
    base = {"kind": DocumentKind.SPECIAL_COMMUNIQUE, "title": "Comunicado Especial sobre cooperación",
            "number": ""}
    return DocumentService(db).save(None, base | values)


def test_a_document_number_is_used_once_per_kind_within_its_summit_or_meeting(db):
    s30, s29 = summit_id(db, 30), summit_id(db, 29)
    make_document(db, summit_id=s30, number="4")
    with pytest.raises(errors.ValidationError) as info:
        make_document(db, summit_id=s30, number=" 4 ")
    assert info.value.field_messages()["number"] == (
        "Esta cumbre o reunión ya tiene un documento «Comunicado Especial 4».")
    # The same number is free for another kind, another summit, or a meeting.
    make_document(db, summit_id=s30, number="4", kind=DocumentKind.RESOLUTION)
    make_document(db, summit_id=s29, number="4")
    make_document(db, meeting_id=make_meeting(db), number="4")
    assert count(db, Document) == 4


def test_editing_a_document_keeps_its_own_number(db):
    service = DocumentService(db)
    doc = make_document(db, summit_id=summit_id(db, 30), number="1")
    service.save(doc, service.get(doc) | {"title": "Comunicado Especial sobre la Agenda 2030"})
    assert service.get(doc)["title"] == "Comunicado Especial sobre la Agenda 2030"


@pytest.mark.parametrize(("sources", "field"), [({}, "summit_id"), ({"both": True}, "meeting_id")])
def test_a_document_belongs_to_exactly_one_summit_or_meeting(db, sources, field):
    values = {}
    if sources:
        values = {"summit_id": summit_id(db, 30), "meeting_id": make_meeting(db)}
    with pytest.raises(errors.ValidationError) as info:
        make_document(db, **values)
    assert field in info.value.field_messages()
    assert count(db, Document) == 0


def test_deleting_a_meeting_takes_its_documents_and_mandates_only_when_forced(db):
    meeting = make_meeting(db)
    doc = make_document(db, meeting_id=meeting)
    mandate = add_mandate(db, doc)
    other = add_mandate(db, make_document(db, summit_id=summit_id(db, 30)), code="M-2")
    service = MeetingService(db)
    with pytest.raises(errors.DeleteRefused) as info:
        service.delete(meeting)
    assert info.value.user_message() == (
        "Este registro no se puede eliminar mientras otros registros dependan de él: "
        "1 documento que adoptó; 1 mandato de sus documentos.")
    assert count(db, Meeting) == 1
    service.delete(meeting, force=True)
    with db.session() as s:
        assert s.get(Meeting, meeting) is None and s.get(Document, doc) is None and s.get(Mandate, mandate) is None
        assert s.get(Mandate, other) is not None
        deleted = set(s.scalars(select(AuditEntry.table_name).where(AuditEntry.action == "delete")))
        assert deleted == {"meetings", "documents", "mandates"}


def test_deleting_a_document_with_mandates_lists_them(db):
    doc = make_document(db, summit_id=summit_id(db, 30))
    add_mandate(db, doc)
    add_mandate(db, doc, code="M-2")
    with pytest.raises(errors.DeleteRefused) as info:
        DocumentService(db).delete(doc)
    assert "2 mandatos que proceden de él" in info.value.user_message()
    DocumentService(db).delete(doc, force=True)
    assert count(db, Mandate) == 0 and count(db, Document) == 0


def test_a_summit_with_a_cycle_is_never_deleted_even_when_forced(db):
    sid = summit_id(db, 30)
    meeting = make_meeting(db)
    make_meeting(db)
    add_mandate(db, make_document(db, meeting_id=meeting))
    add_mandate(db, make_document(db, summit_id=sid, number="1"), code="M-2")
    make_document(db, summit_id=sid, number="2")
    with pytest.raises(errors.DeleteRefused) as info:
        SummitService(db).delete(sid, force=True)
    assert info.value.user_message().endswith(
        "2 reuniones de su ciclo; 2 documentos que adoptó; 2 mandatos de los documentos de su ciclo.")
    assert count(db, Summit) == 30 and count(db, Mandate) == 2 and count(db, Meeting) == 2


def test_the_cycle_counts_meetings_documents_and_open_mandates(db):
    sid = summit_id(db, 30)
    held = make_meeting(db, status=SummitStatus.HELD, start_date=dt.date(2026, 4, 22))
    make_meeting(db)
    add_mandate(db, make_document(db, meeting_id=held), status=MandateStatus.FULFILLED)
    doc = make_document(db, summit_id=sid, number="1")
    add_mandate(db, doc, status=MandateStatus.IN_PROGRESS, code="M-2")
    add_mandate(db, doc, status=MandateStatus.ONGOING, code="M-3")
    make_document(db, summit_id=summit_id(db, 29))  # another cycle
    assert read_cycle.cycle_summary(db, sid)._asdict() == {"meetings": 2, "held": 1, "documents": 2, "mandates": 3,
                                             "open_mandates": 2}
    rows = read_cycle.documents(db, "es", cycle_id=sid)
    assert [(r[5], r[7], r[8]) for r in rows] == [
        ("Reunión de Ministros de Relaciones Exteriores", 1, 0), ("XXX Cumbre Iberoamericana", 2, 2)]


def test_upcoming_lists_the_next_90_days_nearest_first(db):
    today = dt.date(2026, 9, 1)
    make_meeting(db, kind=MeetingKind.NATIONAL_COORDINATORS, number=4, start_date=dt.date(2026, 11, 2),
                 end_date=dt.date(2026, 11, 3))
    make_meeting(db, start_date=dt.date(2026, 8, 31), end_date=dt.date(2026, 9, 2))  # under way
    make_meeting(db, kind=MeetingKind.CODEI, start_date=dt.date(2026, 11, 30))  # day 90
    make_meeting(db, kind=MeetingKind.CODEI, start_date=dt.date(2026, 12, 1))  # day 91
    make_meeting(db, kind=MeetingKind.CODEI, start_date=dt.date(2026, 8, 31))  # yesterday
    make_meeting(db, kind=MeetingKind.CODEI)  # no date yet
    rows = read_cycle.upcoming(db, "es", today=today)
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (dt.date(2026, 8, 31), 0, "Reunión de Ministros de Relaciones Exteriores"),
        (dt.date(2026, 11, 2), 62, "IV Reunión de Coordinadores Nacionales"),
        (dt.date(2026, 11, 4), 64, "XXX Cumbre Iberoamericana"),
        (dt.date(2026, 11, 30), 90, "Reunión del CODEI"),
    ]
    assert rows[2][0] == f"summit:{summit_id(db, 30)}"


def test_every_reader_agrees_on_the_next_summit_the_one_under_way_and_the_last_held(db):
    """read.rules, where a summit stands: the home page, the upcoming list and the briefings' data. XXX is
    held on 4-5 November 2026 and XXXI is planned, not dated yet. On XXX's last day the briefings had no
    next summit (start >= today) and no new last one (end < today): a running summit was neither."""
    from segib_desktop.core.briefings import data
    from segib_desktop.core.read import home

    SummitService(db).save(None, {"number": 31, "status": SummitStatus.PLANNED})
    xxx, xxxi = summit_id(db, 30), summit_id(db, 31)
    for today, expected_next, expected_last, listed in (
            (dt.date(2026, 11, 3), xxx, 29, [xxx]),
            (dt.date(2026, 11, 4), xxx, 29, [xxx]),  # starts today: under way
            (dt.date(2026, 11, 5), xxx, 29, [xxx]),  # its last day: still under way
            (dt.date(2026, 11, 6), xxxi, 30, [])):  # held; the next has no date, so no place in a list by date
        with db.session() as s:
            assert data.next_summit(s, "es", today).id == expected_next, today
            assert data.last_held_summit(s, "es", today).number == expected_last, today
        assert home.figures(db, today=today).next_summit.id == expected_next, today
        rows = read_cycle.upcoming(db, "es", today=today)
        assert [row.id for row in rows if row.id.startswith("summit:")] == [f"summit:{i}" for i in listed], today
        assert all(row.days_to_go == 0 for row in rows if row.id == f"summit:{xxx}" and today >= dt.date(2026, 11, 4))


def test_the_example_data_records_the_recent_cycles(db):
    added = cycle_demo.fill(demo.DemoContext(db, today=dt.date(2026, 11, 29)))
    assert added >= 20
    with db.session() as s:
        meetings = s.scalars(select(Meeting)).all()
        documents = s.scalars(select(Document)).all()
        assert len(meetings) >= 10 and len(documents) >= 10
        assert all(demo.MARK in m.notes for m in meetings) and all(demo.MARK in d.notes for d in documents)
        for number in (28, 29, 30):
            kinds = {d.kind for d in documents if d.summit and d.summit.number == number}
            assert {DocumentKind.DECLARATION, DocumentKind.ACTION_PROGRAMME} <= kinds
        assert {m.summit.number for m in meetings if m.summit} == {28, 29, 30, 31}  # the next cycle belongs to the planned XXXI
        held = [m for m in meetings if m.status is SummitStatus.HELD]
        assert held and all(m.start_date and m.attendees for m in held)
        assert any("ó" in d.title for d in documents)
    # Every example record passes the forms' own rules.
    for service, records in ((MeetingService(db), meetings), (DocumentService(db), documents)):
        for record in records:
            values = service.get(record.id)
            with db.session() as s:
                assert service.validate(s, record.id, values) == {}
    assert read_cycle.upcoming(db, "es", today=dt.date(2026, 11, 29))


def test_a_summit_is_named_in_pickers_without_a_dangling_dash_while_its_city_or_date_is_unknown(db):
    """The meeting form's and the briefings page's pickers named a summit without a city "XXXI –  2027"."""
    assert read_cycle.summit_label(30, "Madrid", dt.date(2026, 11, 4)) == "XXX – Madrid 2026"
    assert read_cycle.summit_label(31, None, dt.date(2027, 11, 1)) == "XXXI – 2027"
    assert read_cycle.summit_label(31, "  ", None) == "XXXI"
    with db.session() as s:
        s.add(Summit(number=31, start_date=dt.date(2027, 11, 1)))
    assert [c for c in read_cycle.summit_choices(db) if c[1].startswith("XXXI")][0][1] == "XXXI – 2027"
