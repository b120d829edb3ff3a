"""Coordination services: bodies, contacts (and erasing one), activities, action items, example data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from segib_desktop import errors, i18n
from segib_desktop.core import search
from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.demo import coordination as coordination_demo
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    AuditEntry,
    Body,
    BodyKind,
    Contact,
    Document,
    DocumentKind,
    Mandate,
    MandateStatus,
    Summit,
)
from segib_desktop.core.models.coordination import activity_contacts
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.services import coordination as coordination_service
from segib_desktop.core.services.coordination import (
    ActionItemService,
    ActivityService,
    BodyService,
    ContactService,
)

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines

TODAY = dt.date(2026, 3, 1)


def body_id(db, acronym: str) -> int:
    with db.session() as s:
        return s.scalar(select(Body.id).where(Body.acronym == acronym))


def new_activity(db, subject="Reunión de coordinación", *, bodies=("SEGIB", "OEI"), contacts=(), day=TODAY,
                 kind=ActivityKind.MEETING, actions=(), **extra) -> int:
    return ActivityService(db).save(None, {
        "kind": kind, "date": day, "subject": subject, "summary": "", "outcome": "", "files": "",
        "body_ids": [body_id(db, a) for a in bodies], "contact_ids": list(contacts),
        "actions": [dict(a) for a in actions], **extra})


def action(description, owner="Ana (SEGIB)", due=None, status=ActionStatus.OPEN):
    return {"id": None, "version": None, "description": description, "owner": owner, "due_date": due,
            "status": status}


# --------------------------------------------------------------------------- bodies
def test_an_activitys_actions_say_which_one_is_wrong_and_a_row_left_blank_is_no_action(db):
    """A 151-character owner got "This text is too long" with no word of which action; a row added and left
    blank (Esc) was refused as "Action 2: say what is to be done." """
    service = ActivityService(db)
    base = {"kind": ActivityKind.MEETING, "date": TODAY, "subject": "Reunión", "summary": "", "outcome": "",
            "files": "", "body_ids": [body_id(db, "OEI")], "contact_ids": []}
    blank = {"id": None, "version": None, "description": "", "owner": " ", "due_date": None, "status": None}
    with pytest.raises(errors.ValidationError) as info:
        service.save(None, base | {"actions": [action("Enviar el acta"), action("Llamar", owner="x" * 151)]})
    assert info.value.field_messages()["actions"] == ("Acción 2: el nombre del responsable es demasiado largo (como "
                                                      "máximo 150 caracteres).")
    saved = service.save(None, base | {"actions": [action("Enviar el acta\x00"), blank]})
    # and its texts stored clean, as a record's (a NUL: a server refuses it)
    assert [a["description"] for a in service.get(saved)["actions"]] == ["Enviar el acta"]


def test_what_a_body_would_take_along_is_counted_in_words_one_and_many(db):
    """It said "1 contactos" and, for a body (organismo), "mandatos dirigidos a ella" (an area's words)."""
    from segib_desktop.core.models import Body

    bodies = BodyService(db)
    cepal = bodies.save(None, {"acronym": "CEPAL", "kind": BodyKind.INTERNATIONAL, "name_es": "CEPAL",
                               "name_pt": "CEPAL"})
    ContactService(db).save(None, {"name": "Rosa Martín", "body_id": cepal})
    new_activity(db, "Llamada", bodies=("CEPAL",), actions=[action("Enviar el acta")])
    with db.session() as s:
        assert bodies.dependents(s, s.get(Body, cepal)) == ["1 actividad de coordinación", "1 contacto"]
        activity = s.scalars(select(Activity).where(Activity.subject == "Llamada")).one()
        assert ActivityService(db).dependents(s, activity) == ["1 acción de seguimiento"]
    i18n.set_language("pt")
    try:
        ContactService(db).save(None, {"name": "Pedro Alves", "body_id": cepal})
        with db.session() as s:
            assert bodies.dependents(s, s.get(Body, cepal)) == ["1 atividade de coordenação", "2 contatos"]
    finally:
        i18n.set_language("es")


def test_a_body_is_created_with_its_names_in_both_languages(db):
    bodies = BodyService(db)
    new = bodies.save(None, {"acronym": "CEPAL", "kind": BodyKind.INTERNATIONAL,
                             "name_es": "Comisión Económica para América Latina y el Caribe",
                             "name_pt": "Comissão Econômica para a América Latina e o Caribe",
                             "seat": "Santiago de Chile", "website": "https://www.cepal.org", "founded": 1948,
                             "notes": "Observadora\ndesde 2010"})
    values = bodies.get(new)
    assert values["name_pt"] == "Comissão Econômica para a América Latina e o Caribe"
    assert values["notes"] == "Observadora\ndesde 2010"
    rows = {r[1]: r for r in read_coordination.bodies(db, "pt")}
    assert rows["CEPAL"][2] == "Comissão Econômica para a América Latina e o Caribe"
    assert rows["CEPAL"][3] == BodyKind.INTERNATIONAL
    assert [r[1] for r in read_coordination.bodies(db, "es", kind=BodyKind.INTERNATIONAL)] == ["CEPAL"]
    assert not bodies.is_reference(new)
    assert bodies.is_reference(body_id(db, "OEI"))


def test_body_validation_names_each_problem_and_saves_nothing(db):
    bodies = BodyService(db)
    with pytest.raises(errors.ValidationError) as caught:
        bodies.save(None, {"acronym": "oei", "kind": BodyKind.OTHER, "name_es": "", "founded": 92})
    messages = caught.value.field_messages()
    assert messages == {"acronym": "Ya existe un organismo con la sigla oei.",
                        "name_es": "Este campo es obligatorio.",
                        "founded": "Escriba el año con cuatro cifras, por ejemplo 1992."}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Body)) == 6


def test_a_text_too_long_is_said_in_the_words_of_every_other_form(db):
    """explore23, 11: "This text is too long (at most 30 characters)." for a body's acronym, "This is too long:
    at most 300 characters." for a mandate's title: one check, one message (core/rules.py's)."""
    from segib_desktop import i18n

    i18n.set_language("pt")
    with pytest.raises(errors.ValidationError) as caught:
        BodyService(db).save(None, {"acronym": "A" * 31, "kind": BodyKind.OTHER, "name_es": "Organismo"})
    assert caught.value.field_messages() == {"acronym": "É longo demais: no máximo 30 caracteres."}
    with pytest.raises(errors.ValidationError) as caught:
        new_activity(db, "S" * 301)
    assert caught.value.field_messages() == {"subject": "É longo demais: no máximo 300 caracteres."}


def test_reference_bodies_cannot_be_deleted_and_bodies_in_use_say_why(db):
    bodies = BodyService(db)
    with pytest.raises(errors.SegibError) as caught:
        bodies.delete(body_id(db, "OIJ"))
    assert "OIJ es uno de los organismos de referencia" in caught.value.user_message()
    cepal = bodies.save(None, {"acronym": "CEPAL", "kind": BodyKind.INTERNATIONAL, "name_es": "CEPAL"})
    new_activity(db, bodies=("SEGIB", "CEPAL"))
    with pytest.raises(errors.DeleteRefused) as refused:
        bodies.delete(cepal, force=True)
    assert "1 actividad de coordinación" in refused.value.user_message()
    other = bodies.save(None, {"acronym": "OPS", "kind": BodyKind.INTERNATIONAL, "name_es": "OPS"})
    bodies.delete(other)
    with db.session() as s:
        assert s.get(Body, other) is None


def test_a_body_overview_counts_since_the_last_codei_meeting(db):
    new_activity(db, "CODEI de otoño", bodies=("CODEI", "SEGIB", "OEI", "OIJ", "OISS", "COMJIB"),
                 day=dt.date(2025, 10, 1), actions=[action("Acta", due=dt.date(2025, 11, 1))])
    new_activity(db, "CODEI de invierno", bodies=("CODEI", "SEGIB", "OEI", "OIJ", "OISS", "COMJIB"),
                 day=dt.date(2026, 2, 1), actions=[action("Informe", due=dt.date(2026, 4, 1))])
    new_activity(db, "Bilateral", bodies=("SEGIB", "OEI"), day=dt.date(2026, 2, 20))
    new_activity(db, "Previa", bodies=("SEGIB", "OEI"), day=dt.date(2026, 1, 5))
    new_activity(db, "Futura", bodies=("CODEI",), day=dt.date(2026, 6, 1))  # after today: not "the last"
    info = read_coordination.body_overview(db, body_id(db, "OEI"), "es", today=TODAY)
    assert info["last_codei"] == dt.date(2026, 2, 1)
    assert info["since_codei"] == 2  # that meeting and the bilateral one
    assert (info["open_actions"], info["overdue"]) == (2, 1)
    assert info["reference"] is True and info["acronym"] == "OEI"


def test_a_body_lists_the_mandates_addressed_to_it(db):
    oiss = body_id(db, "OISS")
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit)
        s.add(document)
        s.flush()
        late = Mandate(document_id=document.id, code="XXIX-PA-3", title="Informe conjunto",
                       due_date=dt.date(2026, 1, 1), status=MandateStatus.IN_PROGRESS)
        done = Mandate(document_id=document.id, code="XXIX-PA-4", title="Estudio", due_date=dt.date(2025, 1, 1),
                       status=MandateStatus.FULFILLED)
        s.add_all([late, done])
        s.flush()
        s.execute(mandate_bodies.insert(), [{"mandate_id": late.id, "body_id": oiss},
                                            {"mandate_id": done.id, "body_id": oiss}])
    rows = read_coordination.body_mandates(db, oiss, today=TODAY)
    assert [(r[1], r[5]) for r in rows] == [("XXIX-PA-4", None), ("XXIX-PA-3", 59)]


# --------------------------------------------------------------------------- activities
def test_an_activity_keeps_its_links_its_text_and_its_action_items(db):
    contacts = ContactService(db)
    ana = contacts.save(None, {"name": "Ana Souza", "body_id": body_id(db, "OEI")})
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 30))
    activity = new_activity(db, "Reunión «técnica»", bodies=("SEGIB", "OEI", "OIJ"), contacts=[ana],
                            summit_ids=[summit], summary="Primera línea\nSegunda línea",
                            actions=[action("Enviar el acta", due=dt.date(2026, 2, 15)),
                                     action("Preparar el informe", owner="Luis (OEI)")])
    values = ActivityService(db).get(activity)
    assert values["summary"] == "Primera línea\nSegunda línea"
    assert values["body_ids"] == sorted(body_id(db, a) for a in ("SEGIB", "OEI", "OIJ"))
    assert (values["contact_ids"], values["summit_ids"]) == ([ana], [summit])
    assert [a["description"] for a in values["actions"]] == ["Enviar el acta", "Preparar el informe"]
    row = read_coordination.activities(db, "es")[0]
    assert row[1:] == (TODAY, ActivityKind.MEETING, "Reunión «técnica»", "OEI, OIJ, SEGIB", 2)

    # edit one action, drop the other, add a third: one transaction, each change audited
    first, second = values["actions"]
    ActivityService(db).save(activity, values | {"actions": [first | {"status": ActionStatus.DONE},
                                                             action("Nueva tarea")]})
    with db.session() as s:
        items = s.execute(select(ActionItem.description, ActionItem.status)
                          .where(ActionItem.activity_id == activity).order_by(ActionItem.id)).all()
        assert items == [("Enviar el acta", ActionStatus.DONE), ("Nueva tarea", ActionStatus.OPEN)]
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.record_id == second["id"],
                                                        AuditEntry.table_name == "action_items",
                                                        AuditEntry.action == "delete")) == "delete"


def test_an_activity_needs_a_subject_a_date_a_body_and_described_actions(db):
    with pytest.raises(errors.ValidationError) as caught:
        ActivityService(db).save(None, {"kind": ActivityKind.CALL, "date": None, "subject": " ", "body_ids": [],
                                        "actions": [action("Hacer algo"), action("  ")]})
    assert caught.value.field_messages() == {
        "date": "Este campo es obligatorio.", "subject": "Este campo es obligatorio.",
        "body_ids": "Elija al menos un organismo.", "actions": "Acción 2: indique qué hay que hacer."}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_new_activity_given_no_bodies_at_all_is_refused_too(db):
    """The window always sends its bodies; a caller that left them out made an activity of no body, whose
    action items counted on the home page and in no briefing."""
    with pytest.raises(errors.ValidationError) as caught:
        ActivityService(db).save(None, {"kind": ActivityKind.CALL, "date": dt.date(2026, 3, 1), "subject": "Llamada"})
    assert caught.value.field_messages() == {"body_ids": "Elija al menos un organismo."}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_an_action_changed_elsewhere_is_an_edit_conflict(db):
    activity = new_activity(db, actions=[action("Enviar el acta")])
    values = ActivityService(db).get(activity)
    ActionItemService(db).set_status([values["actions"][0]["id"]], ActionStatus.DONE)
    with pytest.raises(errors.EditConflict):
        ActivityService(db).save(activity, values | {"subject": "Otro asunto"})
    assert ActivityService(db).get(activity)["subject"] == "Reunión de coordinación"
    ActivityService(db).save(activity, values | {"subject": "Otro asunto"}, overwrite=True)
    assert ActivityService(db).get(activity)["actions"][0]["status"] == ActionStatus.OPEN


@pytest.mark.parametrize("change", ["add an action", "remove an action", "add a body"])
def test_a_change_to_an_activitys_actions_or_links_alone_is_a_new_version_for_the_other_form(db, change):
    """Only the activity's actions or bodies change (its own row is not written): another officer's form
    opened before is told at its save (EditConflict), not left to undo the change unseen."""
    activity = new_activity(db, actions=[action("Enviar el acta"), action("Circular el informe")])
    theirs, mine = ActivityService(db).get(activity), ActivityService(db).get(activity)
    if change == "add an action":
        theirs["actions"] = [*theirs["actions"], action("Añadida por Luis")]
    elif change == "remove an action":
        theirs["actions"] = theirs["actions"][:1]
    else:
        theirs["body_ids"] = [*theirs["body_ids"], body_id(db, "OIJ")]
    ActivityService(db).save(activity, theirs)
    assert ActivityService(db).get(activity)["version"] == mine["version"] + 1
    before = ActivityService(db).get(activity)
    with pytest.raises(errors.EditConflict):
        ActivityService(db).save(activity, mine | {"subject": "Otro asunto"})
    after = ActivityService(db).get(activity)
    assert [a["description"] for a in after["actions"]] == [a["description"] for a in before["actions"]]
    assert after["body_ids"] == before["body_ids"] and after["subject"] == "Reunión de coordinación"


def test_deleting_an_activity_takes_its_actions_once_confirmed(db):
    activity = new_activity(db, actions=[action("Enviar el acta")])
    with pytest.raises(errors.DeleteRefused):
        ActivityService(db).delete(activity)
    ActivityService(db).delete(activity, force=True)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ActionItem)) == 0
        deleted = s.scalars(select(AuditEntry.table_name).where(AuditEntry.action == "delete")).all()
        assert sorted(deleted) == ["action_items", "activities"]


def test_activities_are_filtered_by_body_kind_year_and_mandate(db):
    new_activity(db, "A", bodies=("SEGIB", "OEI"), day=dt.date(2025, 5, 1))
    new_activity(db, "B", bodies=("OIJ",), day=dt.date(2026, 1, 10), kind=ActivityKind.LETTER)
    assert [r[3] for r in read_coordination.activities(db, "es", body_id=body_id(db, "OEI"))] == ["A"]
    assert [r[3] for r in read_coordination.activities(db, "es", kind=ActivityKind.LETTER)] == ["B"]
    assert [r[3] for r in read_coordination.activities(db, "es", year=2025)] == ["A"]
    assert [r[3] for r in read_coordination.activities(db, "es", since=dt.date(2026, 1, 10))] == ["B"]
    assert read_coordination.activity_years(db) == [2026, 2025]


def test_a_filtered_list_counts_the_open_actions_of_its_own_activities(db):
    """A body's or a mandate's few activities count their own open action items (not every item of the
    database: the mandate form's Coordination tab read them all), and the same as the whole list does."""
    new_activity(db, "A", bodies=("OEI",), actions=[action("Enviar la nota"), action("Convocar"),
                                                    action("Hecho", status=ActionStatus.DONE)])
    new_activity(db, "B", bodies=("OIJ",), actions=[action("Responder")])
    new_activity(db, "C", bodies=("OEI",), actions=[action("Hecho", status=ActionStatus.DONE)])
    whole = {r.subject: r.open_actions for r in read_coordination.activities(db, "es")}
    assert whole == {"A": 2, "B": 1, "C": 0}
    assert {r.subject: r.open_actions for r in read_coordination.activities(db, "es", body_id=body_id(db, "OEI"))} \
        == {"A": 2, "C": 0}
    assert read_coordination.activities(db, "es", body_id=body_id(db, "CODEI")) == []


# --------------------------------------------------------------------------- action items
@pytest.fixture
def actions_sample(db):
    new_activity(db, "CODEI", bodies=("CODEI", "SEGIB", "OEI"), day=dt.date(2026, 1, 10), actions=[
        action("Circular el acta", owner="Ana (SEGIB)", due=dt.date(2026, 1, 31)),          # 29 days late
        action("Informe conjunto", owner="Luis (OEI)", due=dt.date(2026, 3, 15)),
        action("Hecha", owner="Ana (SEGIB)", due=dt.date(2026, 1, 20), status=ActionStatus.DONE)])
    new_activity(db, "Carta a la OIJ", bodies=("SEGIB", "OIJ"), day=dt.date(2026, 2, 1),
                 kind=ActivityKind.LETTER, actions=[
        action("Responder", owner="Ana (SEGIB)", due=dt.date(2026, 2, 28)),                 # 1 day late
        action("Sin fecha", owner="")])


def test_open_actions_and_their_filters_on_a_fixed_date(db, actions_sample):
    rows = read_coordination.action_items(db, today=TODAY)
    assert [(r[2], r[5]) for r in rows] == [("Circular el acta", 29), ("Responder", 1), ("Informe conjunto", None),
                                            ("Sin fecha", None)]
    assert rows[0][6] == "CODEI, OEI, SEGIB" and rows[0][7] == "CODEI"
    assert [r[2] for r in read_coordination.action_items(db, overdue=True, today=TODAY)] == ["Circular el acta", "Responder"]
    assert [r[2] for r in read_coordination.action_items(db, overdue=True, today=dt.date(2026, 2, 1))] == ["Circular el acta"]
    assert [r[2] for r in read_coordination.action_items(db, owner="Luis (OEI)", today=TODAY)] == ["Informe conjunto"]
    assert [r[2] for r in read_coordination.action_items(db, body_id=body_id(db, "OIJ"), today=TODAY)] == ["Responder", "Sin fecha"]
    assert [r[2] for r in read_coordination.action_items(db, due_by=dt.date(2026, 2, 28), today=TODAY)] == ["Circular el acta",
                                                                                         "Responder"]
    assert [r[2] for r in read_coordination.action_items(db, status=None, today=TODAY)][:2] == ["Hecha", "Circular el acta"]
    assert read_coordination.owners(db) == ["Ana (SEGIB)", "Luis (OEI)"]


def test_marking_actions_done_is_one_audited_change(db, actions_sample):
    service = ActionItemService(db)
    ids = [r[0] for r in read_coordination.action_items(db, overdue=True, today=TODAY)]
    assert service.set_status(ids, ActionStatus.DONE) == 2
    assert read_coordination.action_items(db, overdue=True, today=TODAY) == []
    with db.session() as s:
        changes = s.scalars(select(AuditEntry.changes).where(AuditEntry.table_name == "action_items",
                                                             AuditEntry.action == "update")).all()
    assert changes == [{"status": ["open", "done"]}] * 2


# --------------------------------------------------------------------------- contacts and their erasure
def test_contact_validation(db):
    with pytest.raises(errors.ValidationError) as caught:
        ContactService(db).save(None, {"name": "", "email": "ana.souza@", "phone": "1" * 61})
    assert caught.value.field_messages() == {
        "name": "Este campo es obligatorio.",
        "email": "Esto no parece una dirección de correo electrónico (nombre@ejemplo.org).",
        "phone": "Es demasiado largo: como máximo 60 caracteres."}  # as a mandate's title says it


def test_deleting_a_contact_erases_the_personal_data_everywhere_and_keeps_the_activity(db):
    contacts = ContactService(db)
    ana = contacts.save(None, {"name": "Ana Souza Lima", "role": "Directora", "body_id": body_id(db, "OEI"),
                               "email": "ana.souza@oei.example", "phone": "+34 600 000 001", "notes": "Vegetariana"})
    contacts.save(ana, contacts.get(ana) | {"email": "asouza@oei.example", "phone": "+34 600 000 002"})
    luis = contacts.save(None, {"name": "Luis Pérez", "email": "luis@segib.example"})
    activity = new_activity(db, "Reunión con la OEI", contacts=[ana, luis])
    with db.session() as s:
        uid = s.scalar(select(Contact.uid).where(Contact.id == ana))
        assert s.scalar(select(func.count()).where(AuditEntry.record_uid == uid)) == 2
    assert [h.kind for h in search.search(db, "asouza")] == ["contact"]  # the search index has her too

    contacts.delete(ana)

    with db.session() as s:
        assert s.get(Contact, ana) is None
        assert s.scalars(select(activity_contacts.c.contact_id)
                         .where(activity_contacts.c.activity_id == activity)).all() == [luis]
        assert s.get(Activity, activity).subject == "Reunión con la OEI"
        entries = s.execute(select(AuditEntry.table_name, AuditEntry.action, AuditEntry.changes)
                            .where(AuditEntry.record_uid == uid)).all()
        assert entries == [("contacts", "delete", {"personal_data": ["erased", None]})]
        everything = " ".join(str(c) for c in s.scalars(select(AuditEntry.changes)))
    for secret in ("Ana Souza", "ana.souza", "asouza", "600 000 00", "Vegetariana", "Directora"):
        assert secret not in everything
    assert "Luis Pérez" in everything  # the other contact's history is untouched
    assert search.search(db, "asouza") == [] and search.search(db, "Souza Lima") == []
    assert [r[1] for r in read_coordination.contacts(db, "es")] == ["Luis Pérez"]


def test_erasing_a_contact_is_all_or_nothing(db, monkeypatch):
    contacts = ContactService(db)
    ana = contacts.save(None, {"name": "Ana Souza Lima", "email": "ana.souza@oei.example"})
    new_activity(db, contacts=[ana])

    def broken(**_kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(coordination_service, "AuditEntry", broken)
    with pytest.raises(RuntimeError):
        contacts.delete(ana)
    with db.session() as s:
        assert s.get(Contact, ana).name == "Ana Souza Lima"
        assert s.scalar(select(func.count()).select_from(activity_contacts)) == 1
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "contacts")) == 1


# --------------------------------------------------------------------------- example data
def test_the_example_data(db):
    added = coordination_demo.fill(DemoContext(db, today=TODAY))
    assert added > 60
    with db.session() as s:
        subjects = s.scalars(select(Activity.subject)).all()
        assert 35 <= len(subjects) <= 45 and all(MARK in subject for subject in subjects)
        dates = s.scalars(select(Activity.date)).all()
        assert min(dates) >= TODAY - dt.timedelta(days=731) and max(dates) <= TODAY
        assert 18 <= s.scalar(select(func.count()).select_from(Contact)) <= 22
        assert all(MARK in n for n in s.scalars(select(Contact.notes)))
        assert s.scalar(select(func.count()).select_from(Body).where(Body.notes == MARK)) >= 4
    overdue = read_coordination.action_items(db, overdue=True, today=TODAY)
    open_items = read_coordination.action_items(db, today=TODAY)
    assert 0 < len(overdue) < len(open_items)
    info = read_coordination.body_overview(db, body_id(db, "OISS"), "es", today=TODAY)
    assert info["last_codei"] is not None and info["since_codei"] >= 1


def test_the_large_example_data_has_ten_thousand_activities(db):
    coordination_demo.fill(DemoContext(db, scale="large", today=TODAY))
    rows = read_coordination.activities(db, "es")
    assert len(rows) == 10_000
    assert all(r[4] for r in rows)  # every activity has its bodies
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ActionItem)) > 10_000
        assert s.scalar(select(func.count(func.distinct(Activity.uid)))) == 10_000
