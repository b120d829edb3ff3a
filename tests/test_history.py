"""The History tab: each record's audit trail, newest first, readable, read-only, in every form."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QMessageBox
from sqlalchemy import select, update

from segib_desktop import i18n
from segib_desktop.core.models import AuditEntry, Country, Meeting, MeetingKind, Summit, SummitStatus
from segib_desktop.core.read.history import AuditTrail, Change, HistoryEntry
from segib_desktop.core.services.cycle import MeetingService
from segib_desktop.core.services.summits import SummitService
from segib_desktop.gui.pages.cycle import MeetingForm
from segib_desktop.gui.pages.summits import SummitForm
from segib_desktop.gui.widgets.form import get_value


def ids(db, *isos: str) -> list[int]:
    with db.session() as s:
        return [s.scalar(select(Country.id).where(Country.iso2 == iso)) for iso in isos]


def summit_id(db, number: int = 30) -> int:
    with db.session() as s:
        return s.scalar(select(Summit.id).where(Summit.number == number))


def change_summit(db, user: str, **values) -> None:
    db.user = user
    service = SummitService(db)
    sid = summit_id(db)
    service.save(sid, service.get(sid) | values)


def set_times(db, uid: str, *moments: dt.datetime) -> None:
    """Fixed UTC times for a record's entries, oldest first (the clock is not part of the test)."""
    with db.session() as s:
        entry_ids = s.scalars(select(AuditEntry.id).where(AuditEntry.record_uid == uid)
                              .order_by(AuditEntry.id)).all()
        for entry_id, moment in zip(entry_ids, moments, strict=True):
            s.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(at=moment))


@pytest.fixture
def madrid_timezone(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Madrid")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- the query (no Qt)

def test_a_records_history_is_newest_first_with_readable_values(db):
    change_summit(db, "ana", city="Lisboa", host_country_id=ids(db, "PT")[0], start_date=dt.date(2026, 11, 5))
    change_summit(db, "luis", status=SummitStatus.POSTPONED, notes="Aplazada\npor la DANA")
    service = AuditTrail(db)
    entries = service.history_of(Summit, summit_id(db))
    assert [(e.user, e.action) for e in entries] == [("luis", "update"), ("ana", "update")]
    latest, first = entries
    assert {c.key: (c.old, c.new) for c in first.changes} == {
        "city": ("Madrid", "Lisboa"),
        "host_country_id": ("España", "Portugal"),  # the linked record's name, not its id
        "start_date": ("04/11/2026", "05/11/2026"),  # a date as the lists show it
    }
    assert {c.key: (c.old, c.new) for c in latest.changes} == {
        "status": ("Celebrada", "Aplazada"),  # the enum's translated label (a cumbre: feminine)
        "notes": ("", "Aplazada\npor la DANA"),  # user text exactly as typed
    }
    in_portuguese = service.history_of(Summit, summit_id(db), translator=i18n.Translator("pt"))
    assert {c.key: c.new for c in in_portuguese[0].changes}["status"] == "Adiada"
    assert in_portuguese[0].action_label(i18n.Translator("pt")) == "Alterado"


def test_links_added_and_removed_are_named_and_a_deleted_record_keeps_its_history(db):
    meetings = MeetingService(db)
    pt, ar, cl = ids(db, "PT", "AR", "CL")
    meeting_id = meetings.save(None, {"kind": MeetingKind.FOREIGN_MINISTERS, "status": SummitStatus.PLANNED,
                                      "city": "Quito", "attendees": [pt, ar], "summit_id": summit_id(db)})
    meetings.save(meeting_id, meetings.get(meeting_id) | {"attendees": [ar, cl]})
    uid = AuditTrail(db).uid_of(Meeting, meeting_id)
    meetings.delete(meeting_id)
    deleted, changed, created = AuditTrail(db).history(uid)
    assert [deleted.action, changed.action, created.action] == ["delete", "update", "create"]
    links = {c.key: c for c in changed.changes}["attendees"]
    assert links.links and (links.old, links.new) == ("Portugal", "Chile")
    values = {c.key: c.new for c in created.changes}
    assert values["attendees"] == "Argentina, Portugal"
    assert values["summit_id"] == "XXX – Madrid" and values["kind"] == "Ministros de Relaciones Exteriores"
    assert {c.key: c.old for c in deleted.changes}["city"] == "Quito"


def test_the_trail_is_only_read_here():
    public = sorted(name for name in dir(AuditTrail) if not name.startswith("_"))
    assert public == ["history", "history_of", "uid_of"]


def test_times_are_shown_in_local_time(db, madrid_timezone):
    change_summit(db, "ana", city="Lisboa")
    uid = AuditTrail(db).uid_of(Summit, summit_id(db))
    set_times(db, uid, dt.datetime(2026, 7, 1, 22, 30))  # UTC; Madrid is two hours ahead in summer
    (entry,) = AuditTrail(db).history(uid)
    assert entry.at == dt.datetime(2026, 7, 1, 22, 30)
    assert entry.local_time.replace(tzinfo=None) == dt.datetime(2026, 7, 2, 0, 30)


# --- the tab, in every form

def history_rows(form):
    form.tabs.setCurrentWidget(form.history_tab)
    form.history_tab.load()
    return form.history_tab.shown_rows()


def test_the_history_tab_shows_who_changed_what_and_when(ctx, db, qtbot, qtmodeltester, madrid_timezone):
    change_summit(db, "ana", city="Lisboa", status=SummitStatus.POSTPONED)
    change_summit(db, "luis", theme_es="Una Iberoamérica\nunida")
    uid = AuditTrail(db).uid_of(Summit, summit_id(db))
    set_times(db, uid, dt.datetime(2026, 11, 2, 9, 5), dt.datetime(2026, 11, 3, 16, 40))
    form = SummitForm(ctx, summit_id(db))
    qtbot.addWidget(form)
    assert form.tabs.tabText(form.tabs.count() - 1) == "Historial"
    assert form.tabs.widget(form.tabs.count() - 1) is form.history_tab
    rows = history_rows(form)
    assert [r[:3] for r in rows] == [("03/11/2026 17:40", "luis", "Modificado"),
                                     ("02/11/2026 10:05", "ana", "Modificado")]
    assert rows[1][3] == "Estado: Celebrada → Aplazada\nCiudad: Madrid → Lisboa"  # the form's order and labels
    assert rows[0][3] == "Lema (español): — → Una Iberoamérica ¶ unida"  # empty before; a line break shown as ¶
    assert [form.history_tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Cuándo", "Quién", "Qué", "Cambios"]
    qtmodeltester.check(form.history_tab.model)


def test_the_history_cannot_be_edited_from_the_form(ctx, db, qtbot):
    change_summit(db, "ana", city="Lisboa")
    form = SummitForm(ctx, summit_id(db))
    qtbot.addWidget(form)
    history_rows(form)
    view, model = form.history_tab.view, form.history_tab.model
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 3), "otra cosa")
    assert form.history_tab.findChildren(QDialogButtonBox) == []
    with db.session() as s:
        assert s.scalar(select(AuditEntry.changes).where(AuditEntry.record_uid == AuditTrail(db).uid_of(
            Summit, summit_id(db)))) == {"city": ["Madrid", "Lisboa"]}


def test_a_new_record_has_no_history_tab_and_a_created_one_shows_its_values(ctx, db, qtbot):
    form = SummitForm(ctx, None)
    qtbot.addWidget(form)
    assert form.history_tab is None and form.tabs.count() == 1
    form.widget("number").setText("31")
    form.widget("city").setText("Lisboa")
    assert form.save()
    created = SummitForm(ctx, form.record_id)
    qtbot.addWidget(created)
    ((_when, who, what, details),) = history_rows(created)
    assert (who, what) == ("tester", "Creado")
    assert details.splitlines()[:3] == ["Número: 31", "Estado: Planificada", "Ciudad: Lisboa"]


def test_a_bodys_english_name_is_set_in_its_form_and_its_history_says_so(ctx, db, qtbot):
    """explore23, 4: an English name changed (by an exchange file: the form had no field for it) was
    "Name (Spanish): … → …" in the History, and a body added in the window had no English name at all."""
    from segib_desktop.core.models import Body
    from segib_desktop.core.read import coordination as read_coordination
    from segib_desktop.gui.pages.coordination import BodyForm

    with db.session() as s:
        oei = s.scalar(select(Body.id).where(Body.acronym == "OEI"))
    form = BodyForm(ctx, oei)
    qtbot.addWidget(form)
    form.widget("name_en").setText("Organisation of Ibero-American States")
    assert form.save()
    assert dict(read_coordination.body_choices(db, "en"))[oei] == "OEI – Organisation of Ibero-American States"
    again = BodyForm(ctx, oei)
    qtbot.addWidget(again)
    ((_when, _who, _what, details),) = history_rows(again)
    assert details.startswith("Nombre (inglés): ") and details.endswith(" → Organisation of Ibero-American States")


def test_every_stored_field_is_named_in_the_history_as_its_form_names_it(ctx, db, qtbot):
    """A column the form did not show was named by its first word: "name_en" took "Name (Spanish)", the label
    of the first field whose key began with "name". Each form names each stored field (its own fields, or
    ``unshown_labels``); only a collection of links goes by its first word ("addressee_bodies": Addressees)."""
    from segib_desktop.core import audit
    from segib_desktop.gui.pages.coordination import ActivityForm, BodyForm, ContactForm
    from segib_desktop.gui.pages.cycle import DocumentForm
    from segib_desktop.gui.pages.mandates import MandateForm
    from segib_desktop.gui.pages.programmes import MilestoneForm
    from segib_desktop.gui.pages.programmes.members import MemberForm, ProgrammeForm
    from segib_desktop.gui.widgets.history import HistoryTab
    from tests.test_programmes_service import ids as programme_ids

    programme = programme_ids(db)[0]
    forms = [SummitForm(ctx, None), MeetingForm(ctx, None), DocumentForm(ctx, None), MandateForm(ctx, None),
             ActivityForm(ctx, None), BodyForm(ctx, None), ContactForm(ctx, None), ProgrammeForm(ctx, None),
             MemberForm(ctx, programme, None), MilestoneForm(ctx, programme, None)]
    def label(tab: HistoryTab, key: str, links: bool = False) -> str:
        """What the History writes before a change of ``key``."""
        entry = HistoryEntry(1, dt.datetime(2026, 11, 2), "ana", "update", (Change(key, "a", "b", links),))
        return tab.describe(entry).partition(":")[0]

    unnamed = {}
    for form in forms:
        qtbot.addWidget(form)
        tab = HistoryTab(form)
        labels = tab.labels()
        for key, links in audit.tracked(form.service.model.__mapper__):
            if key not in labels and not (links and label(tab, key, links) in labels.values()):
                unnamed[f"{type(form).__name__}.{key}"] = label(tab, key, links)
    assert unnamed == {}
    tab = HistoryTab(ProgrammeForm(ctx, None))  # a programme has no English name: never the Spanish one's label
    assert label(tab, "name_en") != "Nombre (español)"
    assert label(HistoryTab(MandateForm(ctx, None)), "addressee_bodies", links=True) == "Destinatarios"


def test_reference_records_without_entries_say_so(ctx, db, qtbot):
    form = SummitForm(ctx, summit_id(db, 12))
    qtbot.addWidget(form)
    assert history_rows(form) == []
    assert not form.history_tab.empty.isHidden()


def test_tabs_a_form_adds_go_before_the_history(ctx, db, qtbot):
    meetings = MeetingService(db)
    pt, ar = ids(db, "PT", "AR")
    meeting_id = meetings.save(None, {"kind": MeetingKind.NATIONAL_COORDINATORS, "status": SummitStatus.PLANNED,
                                      "attendees": [pt], "summit_id": summit_id(db)})
    meetings.save(meeting_id, meetings.get(meeting_id) | {"attendees": [ar]})
    form = MeetingForm(ctx, meeting_id)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.documents.loaded, timeout=5000):
        pass
    titles = [form.tabs.tabText(i) for i in range(form.tabs.count())]
    assert titles[0] == "Datos" and titles[-1] == "Historial" and titles[1].startswith("Documentos adoptados")
    changed = history_rows(form)[0][3]
    assert changed == "Países asistentes: añadidos Argentina; quitados Portugal"


def test_a_whole_entry_opens_on_double_click(ctx, db, qtbot, monkeypatch):
    long_text = "Párrafo largo. " * 40
    change_summit(db, "ana", notes=long_text.strip())
    form = SummitForm(ctx, summit_id(db))
    qtbot.addWidget(form)
    rows = history_rows(form)
    assert rows[0][3].endswith("…") and len(rows[0][3]) < 200
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    view = form.history_tab.view
    view.doubleClicked.emit(form.history_tab.model.index(0, 3))
    assert shown == [f"Notas: — → {long_text.strip()}"]  # all of it


def test_enum_fields_give_the_services_enum_members(ctx, db, qtbot):
    form = SummitForm(ctx, summit_id(db))
    qtbot.addWidget(form)
    status = form.field("status")
    assert get_value(status) is SummitStatus.HELD
    status.widget.setCurrentIndex(status.widget.findData(SummitStatus.POSTPONED))
    assert type(form.values()["status"]) is SummitStatus and form.is_dirty()
    meeting = MeetingForm(ctx, None)
    qtbot.addWidget(meeting)
    assert type(meeting.values()["kind"]) is MeetingKind


# --- edit conflicts: two forms open on the same record

@pytest.fixture
def conflict_box(monkeypatch):
    """Answers the conflict question with ``answer`` and records what it said and offered."""
    record = {"shown": [], "answer": "Volver a cargar"}

    def fake_exec(box):
        record["shown"].append((box.text(), [b.text() for b in box.buttons()]))
        if record["answer"] == "Cancel":
            chosen = box.button(QMessageBox.StandardButton.Cancel)
        else:
            (chosen,) = [b for b in box.buttons() if b.text() == record["answer"]]
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return record


def two_forms(ctx, db, qtbot):
    from segib_desktop.gui.widgets.table import ListPage

    forms = []
    for _ in range(2):
        form = SummitForm(ctx, summit_id(db))
        qtbot.addWidget(form)
        with qtbot.waitSignals([page.loaded for page in form.findChildren(ListPage)], timeout=5000):
            pass
        forms.append(form)
    return forms


def click_save(form) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def stored_city(db) -> str:
    with db.session() as s:
        return s.scalar(select(Summit.city).where(Summit.id == summit_id(db)))


def test_the_second_save_asks_and_reload_shows_the_other_persons_change(ctx, db, qtbot, conflict_box):
    first, second = two_forms(ctx, db, qtbot)
    first.widget("city").setText("Lisboa")
    click_save(first)
    assert first.result() == 1 and stored_city(db) == "Lisboa"
    second.widget("city").setText("Oporto")
    click_save(second)
    ((text, buttons),) = conflict_box["shown"]
    assert text.startswith("Otra persona guardó este registro después de que usted lo abriera")
    assert {"Volver a cargar", "Sobrescribir"} <= set(buttons) and len(buttons) == 3  # and Cancel
    assert second.result() == 0 and second.widget("city").text() == "Lisboa" and not second.is_dirty()
    assert stored_city(db) == "Lisboa"  # never a silent overwrite
    second.widget("notes").setPlainText("Revisado tras recargar")
    click_save(second)  # the reloaded form holds the new version: it saves without asking again
    assert len(conflict_box["shown"]) == 1 and second.result() == 1
    with db.session() as s:
        summit = s.get(Summit, summit_id(db))
        assert (summit.city, summit.notes) == ("Lisboa", "Revisado tras recargar")


def test_overwrite_keeps_the_second_persons_values_and_the_trail_keeps_both(ctx, db, qtbot, conflict_box):
    first, second = two_forms(ctx, db, qtbot)
    db.user = "ana"
    first.widget("city").setText("Lisboa")
    click_save(first)
    db.user = "luis"
    second.widget("city").setText("Oporto")
    conflict_box["answer"] = "Sobrescribir"
    click_save(second)
    assert len(conflict_box["shown"]) == 1 and second.result() == 1
    assert stored_city(db) == "Oporto"
    entries = AuditTrail(db).history_of(Summit, summit_id(db))
    assert [(e.user, [(c.old, c.new) for c in e.changes]) for e in entries] == [
        ("luis", [("Lisboa", "Oporto")]), ("ana", [("Madrid", "Lisboa")])]


def test_cancel_keeps_the_form_open_with_its_changes_unsaved(ctx, db, qtbot, conflict_box):
    first, second = two_forms(ctx, db, qtbot)
    first.widget("city").setText("Lisboa")
    click_save(first)
    second.widget("city").setText("Oporto")
    conflict_box["answer"] = "Cancel"
    click_save(second)
    assert second.result() == 0 and second.widget("city").text() == "Oporto" and second.is_dirty()
    assert stored_city(db) == "Lisboa"


def test_a_record_deleted_in_the_other_form_is_said_so_on_saving(ctx, db, qtbot, monkeypatch):
    from segib_desktop.gui.widgets import dialogs as dialogs_module
    from segib_desktop.gui.widgets import form as form_module

    new_id = SummitService(db).save(None, {"number": 31, "city": "Lisboa", "status": SummitStatus.PLANNED})
    first, second = (SummitForm(ctx, new_id), SummitForm(ctx, new_id))
    for form in (first, second):
        qtbot.addWidget(form)
    monkeypatch.setattr(form_module, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs_module, "confirm", lambda *a, **k: True)  # the delete asks here too
    shown = []
    monkeypatch.setattr(form_module, "show_error", lambda _p, e: shown.append(e.user_message()))
    assert first.delete()
    second.widget("city").setText("Oporto")
    click_save(second)
    assert shown == ["El registro ya no existe; puede que otra ventana lo haya eliminado."]
    assert second.result() == 0


@pytest.mark.both_engines
def test_record_state_gives_the_version_now_and_who_changed_or_deleted_the_record_last(db):
    """What an open form asks to tell that it is stale (read.history.record_state), on both engines."""
    from segib_desktop.core.read.history import record_state
    from segib_desktop.core.services.mandates import AreaService

    db.user = "ana"
    service = AreaService(db)
    area = service.save(None, {"name": "Cultura"})
    created = record_state(db, service.model, area)
    assert (created.version, created.user, created.action) == (service.get(area)["version"], "ana", "create")
    db.user = "luis"
    service.save(area, service.get(area) | {"name": "Cultura y deporte"})
    changed = record_state(db, service.model, area)
    assert changed.version != created.version and (changed.user, changed.action) == ("luis", "update")
    assert changed.at >= created.at and changed.local_time.tzinfo is not None
    service.delete(area)
    deleted = record_state(db, service.model, area)
    assert (deleted.version, deleted.user, deleted.action) == (None, "luis", "delete")


def test_a_read_only_forms_bar_speaks_only_of_reload(ctx, db, qtbot):
    """A reader cannot type nor save: the bar no longer says what typing and saving would do."""
    form = SummitForm(ctx, summit_id(db))
    qtbot.addWidget(form)
    form.read_only = True
    form.set_read_only()
    change_summit(db, "ana", city="Lisboa")
    form.check_stale()
    qtbot.waitUntil(lambda: not form.stale_bar.isHidden(), timeout=5000)
    text = form.stale_bar.text.text()
    assert text.startswith("ana cambió este registro el ") and text.endswith("«Volver a cargar» muestra su versión.")
