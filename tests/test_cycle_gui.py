"""The summit's cycle, the meetings page and the meeting and document forms, driven through their widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from sqlalchemy import func, select, update

from segib_desktop import i18n
from segib_desktop.core.models import (
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
from segib_desktop.core.services.summits import SummitService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.cycle import DocumentForm, MeetingForm
from segib_desktop.gui.pages.meetings import MeetingsPage
from segib_desktop.gui.pages.summits import SummitForm, SummitsPage
from segib_desktop.gui.widgets import dialogs as dialogs_module
from segib_desktop.gui.widgets import form as form_module
from segib_desktop.gui.widgets import links as links_module
from segib_desktop.gui.widgets import table as table_module
from tests.conftest import wait_loaded

# --- helpers

def summit_id(db, number):
    with db.session() as s:
        return s.scalar(select(Summit.id).where(Summit.number == number))


def ids_of(db, *isos):
    with db.session() as s:
        return [s.scalar(select(Country.id).where(Country.iso2 == iso)) for iso in isos]


def count(db, model):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def add_meeting(db, **values):
    base = {"kind": MeetingKind.NATIONAL_COORDINATORS, "status": SummitStatus.PLANNED,
            "summit_id": summit_id(db, 30)}
    with db.session() as s:
        meeting = Meeting(**(base | values))
        s.add(meeting)
        s.flush()
        return meeting.id


def add_document(db, **values):
    base = {"kind": DocumentKind.DECLARATION, "title": "Declaración de Madrid"}
    with db.session() as s:
        document = Document(**(base | values))
        s.add(document)
        s.flush()
        return document.id


def add_mandate(db, document_id, status=MandateStatus.NOT_STARTED, code="M-1"):
    with db.session() as s:
        s.add(Mandate(document_id=document_id, code=code, title="Informe anual", status=status))


def fill(form, qtbot, **values):
    """Types into line edits; picks combo items by their data; dates and check boxes directly."""
    for key, value in values.items():
        widget = form.widget(key)
        if isinstance(value, dt.date) or (value is None and hasattr(widget, "set_value")):
            widget.set_value(value)
        elif isinstance(value, bool):
            if widget.isChecked() != value:
                widget.setFocus()
                qtbot.keyClick(widget, Qt.Key.Key_Space)
        elif hasattr(widget, "setText"):
            widget.clear()
            if str(value).isascii():
                qtbot.keyClicks(widget, str(value))
            else:  # QTest types ASCII only; insert() is what typing does to a line edit
                widget.insert(str(value))
        else:
            index = widget.findData(value)
            assert index >= 0, (key, value)
            widget.setCurrentIndex(index)


def tick(form, country_ids, checked=True):
    checklist = form.widget("attendees")
    for i in range(checklist.count()):
        item = checklist.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in country_ids:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def error(form, key):
    label = form.findChild(QLabel, f"error_{key}")
    return "" if label.isHidden() else label.text()


def save(form):
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def shown(page, column):
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def opened(parent, kind):
    forms = [f for f in parent.findChildren(kind) if f.isVisible()]
    assert len(forms) == 1
    return forms[0]


def loaded(qtbot, form):
    """Waits for the lists inside a form just opened (a load must not outlive its test)."""
    lists = [getattr(form, name) for name in ("meetings", "documents") if hasattr(form, name)]
    if lists:
        with qtbot.waitSignals([lists_.loaded for lists_ in lists], timeout=5000):
            pass
    return form


@pytest.fixture
def page(ctx, qtbot):
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignals([page.meetings.loaded, page.upcoming.loaded, page.documents.loaded], timeout=5000):
        pass
    return page


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch):
    """Forms left edited at the end of a test close without asking."""
    monkeypatch.setattr(form_module.QMessageBox, "question",
                        lambda *a, **k: form_module.QMessageBox.StandardButton.Discard)


@pytest.fixture
def answers(monkeypatch):
    """Answers the confirmation questions (yes by default) and records them and the errors shown."""
    record = {"asked": [], "errors": [], "replies": []}

    def confirm(_parent, text, **_kw):
        record["asked"].append(text)
        return record["replies"].pop(0) if record["replies"] else True

    monkeypatch.setattr(table_module, "confirm", confirm)
    monkeypatch.setattr(form_module, "confirm", confirm)
    monkeypatch.setattr(form_module, "show_error", lambda _p, e: record["errors"].append(e.user_message()))
    monkeypatch.setattr(dialogs_module, "confirm", confirm)  # deleting: dialogs.delete_with_confirmation
    monkeypatch.setattr(dialogs_module, "show_error", lambda _p, e: record["errors"].append(e.user_message()))
    monkeypatch.setattr(links_module, "show_error", lambda _p, e: record["errors"].append(e))
    return record


# --- summits

def test_a_summit_is_created_edited_and_deleted_through_its_form(ctx, qtbot, db, answers):
    page = SummitsPage(ctx)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)
    page.new_button.click()
    form = opened(page, SummitForm)
    assert form.tabs.count() == 1  # a new summit has no cycle yet
    fill(form, qtbot, number=31, city="Lisboa", host_country_id=ids_of(db, "PT")[0],
         start_date=dt.date(2028, 11, 9), end_date=dt.date(2028, 11, 10))
    with qtbot.waitSignal(page.loaded):
        save(form)
    new_id = page.selected_id()
    with db.session() as s:
        assert s.get(Summit, new_id).city == "Lisboa"

    form = loaded(qtbot, page.open_record(new_id))
    assert [form.tabs.tabText(i) for i in range(form.tabs.count())][1:] == [
        "Reuniones del ciclo (0)", "Documentos y mandatos (0)", "Historial"]
    fill(form, qtbot, city="Oporto")
    with qtbot.waitSignal(page.loaded):
        save(form)
    assert "Oporto" in shown(page, 3)

    with qtbot.waitSignal(page.loaded):
        page.delete_button.click()
    assert answers["asked"] == ["¿Eliminar el registro seleccionado? No se puede deshacer."]
    with db.session() as s:
        assert s.get(Summit, new_id) is None


def test_a_summit_number_is_used_once(ctx, qtbot, db):
    form = SummitForm(ctx, None)
    qtbot.addWidget(form)
    fill(form, qtbot, number=29, start_date=dt.date(2030, 5, 2), end_date=dt.date(2030, 5, 1))
    save(form)
    assert error(form, "number") == "Ya existe la cumbre 29."
    assert error(form, "end_date") == "La fecha de fin no puede ser anterior a la de inicio."
    assert count(db, Summit) == 30


def test_a_summit_or_meeting_number_may_be_typed_as_a_roman_numeral(ctx, qtbot, db):
    """Names show them so ("III Coordinadores Nacionales"): "II" typed in the number was refused silently."""
    from PySide6.QtWidgets import QLineEdit

    form = SummitForm(ctx, None)
    qtbot.addWidget(form)
    number = form.widget("number")
    qtbot.keyClicks(number, "xxxii")
    assert number.text() == "xxxii" and form.values()["number"] == 32
    number.clear()
    qtbot.keyClicks(number, "31b")  # a letter that is no numeral is refused as before
    assert number.text() == "31" and form.values()["number"] == 31
    assert isinstance(number, QLineEdit) and number.placeholderText() == "3 o III"
    meeting = MeetingForm(ctx, None)
    qtbot.addWidget(meeting)
    qtbot.keyClicks(meeting.widget("number"), "II")
    assert meeting.values()["number"] == 2


def test_the_summit_form_shows_its_whole_cycle(ctx, qtbot, db):
    sid = summit_id(db, 30)
    later = add_meeting(db, number=4, start_date=dt.date(2026, 11, 2), status=SummitStatus.HELD)
    add_meeting(db, kind=MeetingKind.FOREIGN_MINISTERS, start_date=dt.date(2025, 9, 25), status=SummitStatus.HELD)
    add_meeting(db, kind=MeetingKind.CODEI, summit_id=summit_id(db, 29), start_date=dt.date(2024, 2, 20))
    add_mandate(db, add_document(db, summit_id=sid), status=MandateStatus.IN_PROGRESS)
    doc = add_document(db, kind=DocumentKind.RESOLUTION, number="1/2026", title="Resolución de Coordinadores",
                       meeting_id=later)
    add_mandate(db, doc, status=MandateStatus.FULFILLED)
    add_mandate(db, doc, code="M-2")
    add_document(db, summit_id=summit_id(db, 29), title="Declaración de Cuenca")

    form = SummitForm(ctx, sid)
    qtbot.addWidget(form)
    with qtbot.waitSignals([form.meetings.loaded, form.documents.loaded]):
        pass
    assert shown(form.meetings, 2) == ["Reunión de Ministros de Relaciones Exteriores",
                                       "IV Reunión de Coordinadores Nacionales"]  # in date order
    assert form.tabs.tabText(1) == "Reuniones del ciclo (2)"
    assert form.cycle_summary.text() == "Reuniones de este ciclo: 2, de las que se han celebrado 2."
    assert sorted(shown(form.documents, 3)) == ["Declaración de Madrid", "Resolución de Coordinadores"]
    assert form.mandates_summary.text() == (
        "Documentos de este ciclo: 2. Mandatos que contienen: 3, de los que siguen abiertos 2.")
    row = form.documents.model.row_of_id(doc)
    assert [form.documents.model.data(form.documents.model.index(row, c)) for c in (4, 6, 7)] == [
        "IV Reunión de Coordinadores Nacionales", "2", "1"]

    navigated = []
    ctx.navigate = lambda key, **options: navigated.append((key, options))
    form.show()
    form.mandates_button.click()
    assert navigated == [("mandates", {"summit_id": sid})] and not form.isVisible()


def test_a_summit_with_its_cycle_is_not_deleted_and_the_reason_is_shown(ctx, qtbot, db, answers):
    sid = summit_id(db, 28)
    meeting = add_meeting(db, summit_id=sid)
    add_mandate(db, add_document(db, meeting_id=meeting))
    add_document(db, summit_id=sid)
    add_document(db, summit_id=sid, kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción")
    form = loaded(qtbot, SummitForm(ctx, sid))
    qtbot.addWidget(form)
    assert form.delete() is False
    assert answers["errors"] == ["Este registro no se puede eliminar mientras otros registros dependan de él: "
                                 "1 reunión de su ciclo; 2 documentos que adoptó; "
                                 "1 mandato de los documentos de su ciclo."]
    assert (count(db, Summit), count(db, Meeting), count(db, Document), count(db, Mandate)) == (30, 1, 3, 1)


# --- meetings

def test_a_meeting_with_its_attendance_is_created_edited_and_deleted(page, ctx, qtbot, db, answers):
    lists = page.meetings
    lists.new_button.click()
    form = opened(lists, MeetingForm)
    fill(form, qtbot, kind=MeetingKind.NATIONAL_COORDINATORS, number=4, status=SummitStatus.HELD,
         start_date=dt.date(2026, 4, 22), end_date=dt.date(2026, 4, 23), city="Cádiz",
         country_id=ids_of(db, "ES")[0], summit_id=summit_id(db, 30))
    assert form.name_label.text() == "IV Reunión de Coordinadores Nacionales"
    assert not form.widget("sector").isVisibleTo(form)  # only sectoral meetings, forums and others have one
    qtbot.mouseClick(form.findChild(type(form.delete_button), "attend_all"), Qt.MouseButton.LeftButton)
    tick(form, ids_of(db, "VE", "NI"), checked=False)
    form.widget("notes").setPlainText("Primera lectura de la «Declaración de Madrid».\nSin incidencias.")
    with qtbot.waitSignal(lists.loaded):
        save(form)
    with db.session() as s:
        meeting = s.scalar(select(Meeting))
        assert (meeting.number, meeting.city, meeting.summit.number) == (4, "Cádiz", 30)
        assert len(meeting.attendees) == 20
        assert not {"VE", "NI"} & {c.iso2 for c in meeting.attendees}
        assert meeting.notes == "Primera lectura de la «Declaración de Madrid».\nSin incidencias."
        meeting_id = meeting.id
    assert lists.selected_id() == meeting_id
    assert shown(lists, 2) == ["IV Reunión de Coordinadores Nacionales"]
    assert shown(lists, 5) == ["XXX"]

    lists.view.doubleClicked.emit(lists.model.index(0, 0))
    form = loaded(qtbot, opened(lists, MeetingForm))
    assert form.windowTitle() == "IV Reunión de Coordinadores Nacionales"
    fill(form, qtbot, extraordinary=True, number=1)
    tick(form, ids_of(db, "PT"), checked=False)
    assert form.name_label.text() == "I Reunión Extraordinaria de Coordinadores Nacionales"
    with qtbot.waitSignal(lists.loaded):
        save(form)
    with db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert (meeting.number, meeting.extraordinary, len(meeting.attendees)) == (1, True, 19)
    assert shown(lists, 2) == ["I Reunión Extraordinaria de Coordinadores Nacionales"]

    lists.select_id(meeting_id)
    with qtbot.waitSignal(lists.loaded):
        lists.delete_button.click()
    assert len(answers["asked"]) == 1  # nothing depends on it: one question
    assert count(db, Meeting) == 0


def test_a_new_meeting_is_of_the_next_summits_cycle_unless_a_cycle_is_chosen(page, ctx, qtbot, db):
    """explore19: with one summit planned, each new meeting still had to be given it by hand (forgotten, the
    meeting is missing from that summit's briefing). The next summit is the one rule's (read.rules)."""
    SummitService(db).save(None, {"number": 31, "city": "Punta del Este", "status": SummitStatus.PLANNED})
    with db.session() as s:  # XXX is held today: its dates are past (the reference data)
        s.execute(update(Summit).where(Summit.number == 30).values(start_date=dt.date(2026, 11, 4),
                                                                   end_date=dt.date(2026, 11, 5)))
    lists = page.meetings
    lists.new_button.click()
    form = opened(lists, MeetingForm)
    assert form.widget("summit_id").currentData() == summit_id(db, 31)
    form.reject()
    lists.cycle_filter.setCurrentIndex(lists.cycle_filter.findData(summit_id(db, 30)))
    lists.new_button.click()
    assert opened(lists, MeetingForm).widget("summit_id").currentData() == summit_id(db, 30)  # the one shown


def test_a_sectoral_meeting_shows_and_needs_its_sector(ctx, qtbot, db):
    form = MeetingForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    fill(form, qtbot, kind=MeetingKind.SECTORAL)
    sector = form.widget("sector")
    assert sector.isVisible()
    assert form.form_layout.labelForField(sector.parentWidget()).text() == "Sector"
    save(form)
    assert error(form, "sector") == "Indique el sector de la reunión ministerial (por ejemplo: Educación)."
    fill(form, qtbot, sector="Educación")
    assert form.name_label.text() == "Reunión Ministerial Iberoamericana de Educación"
    fill(form, qtbot, kind=MeetingKind.FORUM)
    assert form.form_layout.labelForField(sector.parentWidget()).text() == "Nombre"
    assert count(db, Meeting) == 0


def test_meeting_dates_are_checked_inline(ctx, qtbot, db):
    form = MeetingForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    fill(form, qtbot, status=SummitStatus.HELD)
    save(form)
    assert error(form, "start_date") == "Una reunión ya celebrada necesita su fecha de inicio."
    assert form.general_error.text() == "Corrija los campos señalados."
    fill(form, qtbot, start_date=dt.date(2026, 5, 2), end_date=dt.date(2026, 5, 1))
    save(form)
    assert error(form, "start_date") == ""
    assert error(form, "end_date") == "La fecha de fin no puede ser anterior a la de inicio."
    assert form.isVisible() and count(db, Meeting) == 0
    fill(form, qtbot, end_date=dt.date(2026, 5, 3))
    save(form)
    assert not form.isVisible() and count(db, Meeting) == 1


def test_deleting_a_meeting_lists_its_documents_and_mandates_and_asks_again(page, qtbot, db, answers):
    meeting = add_meeting(db, number=2, start_date=dt.date(2026, 4, 22))
    doc = add_document(db, meeting_id=meeting, kind=DocumentKind.RESOLUTION, title="Resolución 1")
    add_mandate(db, doc)
    add_mandate(db, doc, code="M-2")
    lists = page.meetings
    with qtbot.waitSignal(lists.loaded):
        lists.reload(select_id=meeting)
    asked = answers["asked"]
    # First question yes, second (the list of what would go) no: nothing is deleted.
    answers["replies"] = [True, False]
    lists.delete_button.click()
    assert asked[1] == ("Este registro no se puede eliminar mientras otros registros dependan de él: "
                        "1 documento que adoptó; 2 mandatos de sus documentos.\n\n"
                        "¿Eliminarlo junto con todo lo anterior?")
    assert (count(db, Meeting), count(db, Document), count(db, Mandate)) == (1, 1, 2)
    with qtbot.waitSignal(lists.loaded):
        lists.delete_button.click()
    assert (count(db, Meeting), count(db, Document), count(db, Mandate)) == (0, 0, 0)
    assert lists.model.rowCount() == 0


# --- documents

def test_a_document_is_created_from_its_meeting_edited_and_deleted(page, ctx, qtbot, db, answers, tmp_path,
                                                                    monkeypatch):
    meeting = add_meeting(db, kind=MeetingKind.FOREIGN_MINISTERS, start_date=dt.date(2025, 9, 25))
    form = loaded(qtbot, page.meetings.open_record(meeting))
    form.tabs.setCurrentWidget(form.documents)
    form.documents.new_button.click()
    doc_form = opened(form.documents, DocumentForm)
    assert doc_form.widget("meeting_id").currentData() == meeting
    pdf = tmp_path / "Resolución 1-2025.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    fill(doc_form, qtbot, kind=DocumentKind.RESOLUTION, number="1/2025",
         title="Resolución sobre la preparación de la XXX Cumbre", adopted_on=dt.date(2025, 9, 25),
         file_path=str(pdf))
    with qtbot.waitSignal(form.documents.loaded):
        save(doc_form)
    assert form.tabs.tabText(1) == "Documentos adoptados (1)"
    with db.session() as s:
        document = s.scalar(select(Document))
        assert (document.meeting_id, document.summit_id, document.number) == (meeting, None, "1/2025")
        assert document.file_path == str(pdf)
        doc_id = document.id

    # The file opens with the system's viewer; a missing one is said plainly.
    urls = []
    monkeypatch.setattr(links_module.QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    doc_form = form.documents.open_record(doc_id)
    doc_form.open_button.click()
    assert [u.toLocalFile() for u in urls] == [str(pdf)]
    fill(doc_form, qtbot, file_path=str(tmp_path / "no-existe.pdf"), title="Resolución 1/2025")
    doc_form.open_button.click()
    assert len(urls) == 1 and "no-existe.pdf" in answers["errors"][0]
    with qtbot.waitSignal(form.documents.loaded):
        save(doc_form)
    assert shown(form.documents, 3) == ["Resolución 1/2025"]

    form.documents.select_id(doc_id)
    with qtbot.waitSignal(form.documents.loaded):
        form.documents.delete_button.click()
    assert count(db, Document) == 0


def test_document_rules_are_checked_inline(ctx, qtbot, db):
    sid = summit_id(db, 30)
    add_document(db, summit_id=sid, kind=DocumentKind.SPECIAL_COMMUNIQUE, number="4", title="Comunicado 4")
    meeting = add_meeting(db)
    form = DocumentForm(ctx, None, defaults={"summit_id": sid})
    qtbot.addWidget(form)
    form.show()
    fill(form, qtbot, kind=DocumentKind.SPECIAL_COMMUNIQUE, number="4", title="Comunicado Especial sobre Haití")
    save(form)
    assert error(form, "number") == "Esta cumbre o reunión ya tiene un documento «Comunicado Especial 4»."
    form.widget("summit_id").setCurrentIndex(0)
    save(form)
    assert error(form, "summit_id") == "Elija la cumbre o la reunión que adoptó este documento."
    assert error(form, "number") == ""
    form.widget("summit_id").setCurrentIndex(form.widget("summit_id").findData(sid))
    fill(form, qtbot, meeting_id=meeting)
    save(form)
    assert error(form, "meeting_id") == ("Un documento lo adopta una cumbre o una reunión, no ambas: "
                                         "deje vacía una de las dos.")
    assert count(db, Document) == 1
    form.widget("summit_id").setCurrentIndex(0)  # the same number, at a meeting: fine
    save(form)
    assert not form.isVisible() and count(db, Document) == 2


def test_a_documents_meeting_field_has_a_name_that_stands_alone(ctx, qtbot, db):
    """A screen reader read "o por la reunión" ("or by the meeting") alone, after "Adoptado por la cumbre"."""
    names = []
    for lang in ("es", "pt"):
        i18n.set_language(lang)
        form = DocumentForm(ctx, None)
        qtbot.addWidget(form)
        names.append([form.widget(key).accessibleName() for key in ("summit_id", "meeting_id")])
        form.done(0)
    assert names == [["Adoptado por la cumbre", "Adoptado por la reunión"],
                     ["Adotado pela cúpula", "Adotado pela reunião"]]


def test_deleting_a_document_with_mandates_asks_with_the_count(page, qtbot, db, answers):
    doc = add_document(db, summit_id=summit_id(db, 29), title="Programa de Acción de Cuenca",
                       kind=DocumentKind.ACTION_PROGRAMME)
    add_mandate(db, doc)
    lists = page.documents
    with qtbot.waitSignal(lists.loaded):
        lists.reload(select_id=doc)
    with qtbot.waitSignal(lists.loaded):
        lists.delete_button.click()
    assert answers["asked"][1].startswith("Este registro no se puede eliminar mientras otros registros dependan "
                                          "de él: 1 mandato que procede de él.")
    assert count(db, Document) == 0 and count(db, Mandate) == 0


# --- the page: filters, upcoming, navigation

def test_the_meetings_filters(page, qtbot, db):
    add_meeting(db, number=3, city="Cádiz", country_id=ids_of(db, "ES")[0], start_date=dt.date(2026, 4, 22),
                status=SummitStatus.HELD)
    add_meeting(db, kind=MeetingKind.SECTORAL, sector="Educación", city="Quito", country_id=ids_of(db, "EC")[0],
                summit_id=summit_id(db, 29), start_date=dt.date(2024, 6, 27), status=SummitStatus.HELD)
    add_meeting(db, kind=MeetingKind.CODEI, city="Madrid", country_id=ids_of(db, "ES")[0],
                start_date=dt.date(2027, 2, 1))
    lists = page.meetings
    with qtbot.waitSignal(lists.loaded):
        lists.reload()
    assert lists.count_label.text() == "3 de 3 reuniones"
    qtbot.keyClicks(lists.filter_edit, "CADIZ")
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1)
    assert shown(lists, 3) == ["Cádiz"]
    lists.filter_edit.clear()
    qtbot.keyClicks(lists.filter_edit, "educacion ministerial")
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1)
    lists.filter_edit.clear()
    qtbot.waitUntil(lambda: lists.model.rowCount() == 3)

    def pick(combo, value):
        with qtbot.waitSignal(lists.loaded):
            combo.setCurrentIndex(combo.findData(value))

    pick(lists.kind_filter, MeetingKind.SECTORAL)
    assert shown(lists, 2) == ["Reunión Ministerial Iberoamericana de Educación"]
    pick(lists.kind_filter, None)
    pick(lists.country_filter, ids_of(db, "ES")[0])
    assert sorted(shown(lists, 3)) == ["Cádiz", "Madrid"]
    pick(lists.status_filter, SummitStatus.PLANNED)
    assert shown(lists, 3) == ["Madrid"]
    pick(lists.status_filter, None)
    pick(lists.country_filter, None)
    pick(lists.cycle_filter, summit_id(db, 29))
    assert shown(lists, 3) == ["Quito"]
    pick(lists.cycle_filter, None)
    lists.year_from.setValue(2025)
    lists.year_to.setValue(2026)
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1)
    assert shown(lists, 3) == ["Cádiz"]


def test_the_upcoming_view_on_a_fixed_date(page, qtbot, db):
    add_meeting(db, number=4, city="Madrid", start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 11, 3))
    add_meeting(db, kind=MeetingKind.FOREIGN_MINISTERS, city="Nueva York", start_date=dt.date(2026, 9, 24))
    add_meeting(db, kind=MeetingKind.CODEI, city="Lisboa", start_date=dt.date(2026, 12, 15))  # too far
    add_meeting(db, kind=MeetingKind.CODEI, city="Madrid", start_date=dt.date(2026, 8, 3))  # past
    upcoming = page.upcoming
    upcoming.today = dt.date(2026, 9, 1)
    with qtbot.waitSignal(upcoming.loaded):
        upcoming.reload()
    assert upcoming.range_label.text() == "Del 01/09/2026 al 30/11/2026"
    assert shown(upcoming, 3) == ["Reunión de Ministros de Relaciones Exteriores",
                                  "IV Reunión de Coordinadores Nacionales", "XXX Cumbre Iberoamericana"]
    assert shown(upcoming, 2) == ["23", "62", "64"]
    assert upcoming.count_label.text() == "3 de 3 reuniones y cumbres"
    assert not upcoming.delete_button.isVisible()
    upcoming.view.doubleClicked.emit(upcoming.model.index(2, 0))
    summit_form = loaded(qtbot, opened(upcoming, SummitForm))
    assert summit_form.widget("city").text() == "Madrid"
    upcoming.today = dt.date(2026, 12, 1)  # Lisboa alone: the singular, not "1 de 1 reuniones y cumbres"
    with qtbot.waitSignal(upcoming.loaded):
        upcoming.reload()
    assert upcoming.count_label.text() == "1 de 1 reunión o cumbre"


def test_navigation_options_open_the_right_view(page, qtbot, db):
    meeting = add_meeting(db, kind=MeetingKind.CODEI, start_date=dt.date(2026, 2, 10))
    doc = add_document(db, meeting_id=meeting, kind=DocumentKind.COMMITMENT, title="Compromiso del CODEI")
    page.show_options(upcoming=True)
    assert page.tabs.currentWidget() is page.upcoming
    page.show_options(view="documents")
    assert page.tabs.currentWidget() is page.documents
    with qtbot.waitSignal(page.meetings.loaded):
        page.show_options(summit_id=summit_id(db, 30), kind="codei")
    assert page.tabs.currentWidget() is page.meetings
    assert page.meetings.kind_filter.currentData() == MeetingKind.CODEI
    assert shown(page.meetings, 2) == ["Reunión del CODEI"]
    page.show_options(open_id=meeting)
    assert loaded(qtbot, opened(page.meetings, MeetingForm)).record_id == meeting
    page.show_options(open_document=doc)
    assert page.tabs.currentWidget() is page.documents
    assert opened(page.documents, DocumentForm).widget("title").text() == "Compromiso del CODEI"


def test_every_new_list_model_passes_the_qt_model_tests(page, qtbot, qtmodeltester, db):
    meeting = add_meeting(db, start_date=dt.date(2026, 9, 20), city="Madrid")
    add_document(db, meeting_id=meeting)
    add_mandate(db, add_document(db, summit_id=summit_id(db, 30)))
    page.upcoming.today = dt.date(2026, 9, 1)
    for lists in (page.meetings, page.upcoming, page.documents):
        with qtbot.waitSignal(lists.loaded):
            lists.reload()
        assert lists.model.rowCount() >= 1
        qtmodeltester.check(lists.model)


# --- in Portuguese

@pytest.fixture
def portuguese(workspace, dirs, qapp):
    from segib_desktop.gui.app import make_settings

    i18n.set_language("pt")
    return AppContext(workspace, "pt", make_settings(dirs))


def test_the_pages_and_forms_in_portuguese(portuguese, qtbot, db):
    sid = summit_id(db, 30)
    meeting = add_meeting(db, number=2, kind=MeetingKind.COORDINATORS_AND_OFFICERS, start_date=dt.date(2026, 9, 20),
                          country_id=ids_of(db, "ES")[0], city="Madrid")
    add_document(db, summit_id=sid, kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción de Madrid")
    page = MeetingsPage(portuguese)
    qtbot.addWidget(page)
    page.upcoming.today = dt.date(2026, 9, 1)
    with qtbot.waitSignals([page.meetings.loaded, page.upcoming.loaded, page.documents.loaded]):
        page.upcoming.reload()
    assert [page.tabs.tabText(i) for i in range(3)] == ["Reuniões", "Próximos 90 dias", "Documentos"]
    assert shown(page.meetings, 2) == ["II Reunião de Coordenadores Nacionais e Responsáveis de Cooperação"]
    assert shown(page.meetings, 4) == ["Espanha"]
    assert page.meetings.count_label.text() == "1 de 1 reunião"  # one row: the singular
    assert page.meetings.model.headerData(6, Qt.Orientation.Horizontal) == "Status"
    assert shown(page.upcoming, 3)[-1] == "XXX Cúpula Ibero-Americana"
    assert shown(page.documents, 1) == ["Programa de Ação"]
    assert shown(page.documents, 4) == ["XXX Cúpula Ibero-Americana"]

    form = loaded(qtbot, page.meetings.open_record(meeting))
    assert form.name_label.text() == "II Reunião de Coordenadores Nacionais e Responsáveis de Cooperação"
    assert form.tabs.tabText(0) == "Dados"
    fill(form, qtbot, status=SummitStatus.HELD, start_date=None)
    save(form)
    assert error(form, "start_date") == "Uma reunião já realizada precisa da sua data de início."

    summit_form = SummitForm(portuguese, sid)
    qtbot.addWidget(summit_form)
    with qtbot.waitSignals([summit_form.meetings.loaded, summit_form.documents.loaded]):
        pass
    assert summit_form.tabs.tabText(1) == "Reuniões do ciclo (1)"
    assert summit_form.mandates_summary.text() == (
        "Documentos deste ciclo: 1. Mandatos que contêm: 0, dos quais 0 ainda em aberto.")

    doc_form = DocumentForm(portuguese, None, defaults={"meeting_id": meeting, "summit_id": sid})
    qtbot.addWidget(doc_form)
    fill(doc_form, qtbot, title="Declaração")
    save(doc_form)
    assert error(doc_form, "meeting_id").startswith("Um documento é adotado por uma cúpula ou por uma reunião")


def test_other_pages_reach_the_meetings_and_summits_through_the_window(gui, qtbot):
    window = gui.window
    page = window.navigate("meetings", upcoming=True)
    assert isinstance(page, MeetingsPage) and page.tabs.currentWidget() is page.upcoming
    with qtbot.waitSignals([page.meetings.loaded, page.upcoming.loaded, page.documents.loaded], timeout=5000):
        pass
    summits = window.navigate("summits")
    wait_loaded(qtbot, summits)
    with gui.workspace.db.session() as s:
        sid = s.scalar(select(Summit.id).where(Summit.number == 29))
    window.navigate("summits", open_id=sid)
    form = loaded(qtbot, opened(summits, SummitForm))
    assert form.windowTitle() == "Cumbre XXIX"
