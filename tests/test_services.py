"""The shared service contract on summits: validation, conflicts, deletes and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from segib_desktop import errors
from segib_desktop.core.models import AuditEntry, Document, DocumentKind, MeetingKind, Summit, SummitStatus
from segib_desktop.core.services.summits import SummitService

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines


def summit_id(db, number):
    with db.session() as s:
        return s.scalar(select(Summit.id).where(Summit.number == number))


def test_save_creates_and_updates_and_keeps_text_exactly(db):
    service = SummitService(db)
    theme = "Lema con acentos: cooperación, «comillas» & <signos>\nsegunda línea"
    new_id = service.save(None, {"number": 31, "city": "Lisboa", "theme_es": theme,
                                 "status": SummitStatus.PLANNED, "start_date": dt.date(2028, 11, 1)})
    values = service.get(new_id)
    assert values["theme_es"] == theme
    assert values["status"] is SummitStatus.PLANNED
    service.save(new_id, values | {"city": "Oporto"})
    assert service.get(new_id)["city"] == "Oporto"


@pytest.mark.parametrize(("values", "field"), [
    ({"number": None}, "number"),
    ({"number": 30}, "number"),
    ({"number": 0}, "number"),
    ({"number": 40, "start_date": dt.date(2030, 5, 2), "end_date": dt.date(2030, 5, 1)}, "end_date"),
])
def test_invalid_input_is_refused_with_a_message_per_field_and_changes_nothing(db, values, field):
    service = SummitService(db)
    with pytest.raises(errors.ValidationError) as info:
        service.save(None, values)
    assert field in info.value.field_messages()
    with db.session() as s:
        assert len(s.scalars(select(Summit)).all()) == 30


def test_a_stale_version_is_an_edit_conflict_unless_overwriting(db):
    service = SummitService(db)
    sid = summit_id(db, 29)
    mine, theirs = service.get(sid), service.get(sid)
    service.save(sid, theirs | {"city": "Cuenca (Ecuador)"})
    with pytest.raises(errors.EditConflict):
        service.save(sid, mine | {"city": "Mi Cuenca"})
    assert service.get(sid)["city"] == "Cuenca (Ecuador)"
    service.save(sid, mine | {"city": "Mi Cuenca"}, overwrite=True)
    assert service.get(sid)["city"] == "Mi Cuenca"


def test_a_change_to_a_meetings_countries_alone_is_a_new_version_and_the_trail_keeps_it(db):
    """The links over an association table move the record's version like its columns do (and a save that
    changes nothing moves nothing)."""
    from segib_desktop.core.models import Country
    from segib_desktop.core.services.cycle import MeetingService

    with db.session() as s:
        countries = s.scalars(select(Country.id).order_by(Country.id).limit(2)).all()
    service = MeetingService(db)
    meeting = service.save(None, {"kind": MeetingKind.NATIONAL_COORDINATORS, "summit_id": summit_id(db, 29),
                                  "status": SummitStatus.PLANNED, "city": "Madrid",
                                  "attendees": [countries[0]]})
    mine = service.get(meeting)
    service.save(meeting, service.get(meeting))  # nothing changed
    assert service.get(meeting)["version"] == mine["version"]
    service.save(meeting, service.get(meeting) | {"attendees": countries})
    assert service.get(meeting)["version"] == mine["version"] + 1
    with pytest.raises(errors.EditConflict):
        service.save(meeting, mine | {"city": "Lisboa"})
    assert sorted(service.get(meeting)["attendees"]) == sorted(countries)
    with db.session() as s:
        changes = s.scalars(select(AuditEntry.changes).where(AuditEntry.table_name == "meetings",
                                                             AuditEntry.action == "update")).all()
    assert [list(c) for c in changes] == [["attendees"]]  # the version is not a change the trail shows


def test_a_choice_deleted_meanwhile_is_said_under_its_field_and_nothing_is_written(db):
    """Another officer deletes the area this form offered: the save said "Unexpected error" with SQL."""
    from segib_desktop.core.services.mandates import AreaService, MandateService

    with db.session(write=True) as s:
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="PA", summit_id=summit_id(db, 29))
        s.add(document)
        s.flush()
        document = document.id
    mandate = MandateService(db).save(None, {"document_id": document, "point": "1", "code": "XXIX-PA-1",
                                             "title": "Informe"})
    area = AreaService(db).save(None, {"name": "Área efímera"})
    values = MandateService(db).get(mandate)
    AreaService(db).delete(area)  # the other officer
    with pytest.raises(errors.ValidationError) as info:
        MandateService(db).save(mandate, values | {"area_id": area, "officer": "Ana"})
    assert info.value.field_messages()["area_id"].startswith("Lo que está elegido aquí ya no existe")
    # an addressee ticked in the form: refused by name too, not dropped unseen
    with pytest.raises(errors.ValidationError) as info:
        MandateService(db).save(mandate, values | {"addressees": [f"area:{area}"], "officer": "Ana"})
    assert info.value.field_messages()["addressees"].startswith("Lo que está elegido aquí ya no existe")
    assert MandateService(db).get(mandate)["officer"] != "Ana"


def test_deleting_a_summit_with_documents_is_refused_with_the_reason(db):
    service = SummitService(db)
    sid = summit_id(db, 28)
    with db.session() as s:
        s.add(Document(kind=DocumentKind.DECLARATION, title="Declaración de Santo Domingo", summit_id=sid))
    with pytest.raises(errors.DeleteRefused) as info:
        service.delete(sid, force=True)
    assert "1 documento que adoptó" in info.value.user_message()
    assert service.get(sid)["number"] == 28


def test_every_change_is_in_the_audit_trail(db):
    service = SummitService(db)
    new_id = service.save(None, {"number": 31, "city": "Lisboa", "status": SummitStatus.PLANNED})
    service.save(new_id, service.get(new_id) | {"city": "Oporto"})
    service.delete(new_id)
    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "summits")
                            .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["create", "update", "delete"]
        assert entries[0].changes["city"] == [None, "Lisboa"]
        assert entries[1].changes == {"city": ["Lisboa", "Oporto"]}
        assert entries[2].changes["number"] == [31, None]
        assert {e.user for e in entries} == {"tester"}
        assert len({e.record_uid for e in entries}) == 1


def test_deleting_a_record_audits_the_children_it_takes_along(db):
    from segib_desktop.core.models import Mandate, MandateProgress, MandateStatus

    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit)
        mandate = Mandate(document=document, code="XXIX-PA-1", title="Informe anual")
        mandate.progress = [MandateProgress(entry_date=dt.date(2025, 1, 10), text="Primer paso",
                                            new_status=MandateStatus.IN_PROGRESS)]
        s.add(mandate)
    with db.session() as s:
        progress_uid = s.scalar(select(MandateProgress.uid))
        s.delete(s.get(Mandate, mandate.id))
    with db.session() as s:
        assert s.scalar(select(MandateProgress.id)) is None
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.record_uid == progress_uid)).all()
        assert actions == ["create", "delete"]


@pytest.mark.parametrize("value", [5, 1.5, "12", "José Pérez", None, True, {"a": [1, "ñ"]}, [3, 4], 2 ** 70])
def test_a_setting_reads_back_as_it_was_saved(db, value):
    """Settings are read with plain SQL (at start, before SQLAlchemy): every JSON value comes back whole,
    numbers included (SQLite keeps a bare number as a number)."""
    from segib_desktop.core.models import Setting
    from segib_desktop.core.services.settings import SettingsService

    settings = SettingsService(db)
    settings.set("example", value)
    assert settings.get("example", "absent") == value
    with db.session() as s:
        assert s.get(Setting, "example").value == value  # the ORM reads the same
    assert settings.get("never_set", "absent") == "absent"
