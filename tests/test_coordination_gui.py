"""The coordination page, driven through its widgets: bodies, contacts, activities, action items."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QTableWidget
from sqlalchemy import func, select

from segib_desktop.core.demo import DemoContext
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
from segib_desktop.core.models.coordination import activity_contacts, activity_mandates
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.services.coordination import ActivityService, ContactService
from segib_desktop.gui import theme
from segib_desktop.gui.pages.coordination import ActivityForm, BodyForm, ContactForm, CoordinationPage
from segib_desktop.gui.pages.coordination import lists as lists_module
from segib_desktop.gui.pages.coordination import page as page_module
from segib_desktop.gui.widgets import table as table_module

TODAY = dt.date(2026, 3, 1)


def body_id(db, acronym: str) -> int:
    with db.session() as s:
        return s.scalar(select(Body.id).where(Body.acronym == acronym))


def make_page(ctx, qtbot) -> CoordinationPage:
    page = CoordinationPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.activities.loaded, timeout=5000):
        pass
    return page


def show_view(qtbot, page, view: str):
    lst = {"actions": page.actions, "bodies": page.bodies, "contacts": page.contacts,
           "activities": page.activities}[view]
    with qtbot.waitSignal(lst.loaded, timeout=5000):
        page.show_view(view)
    return lst


def column(lst, col: int) -> list[str]:
    return [lst.model.data(lst.model.index(r, col)) for r in range(lst.model.rowCount())]


def save(qtbot, form, lst):
    """Clicks Save and waits for the list to show the result."""
    with qtbot.waitSignal(lst.loaded, timeout=5000):
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def type_into(qtbot, widget, text: str) -> None:
    """Types ASCII key by key; QTest cannot type "ó", so the rest is inserted as a paste would."""
    widget.clear()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def error_of(form, key: str) -> QLabel:
    return form.findChild(QLabel, f"error_{key}")


@pytest.fixture
def sample(db):
    """Two contacts and two activities with action items, on fixed dates around TODAY."""
    contacts = ContactService(db)
    ana = contacts.save(None, {"name": "Ana Souza Lima", "role": "Directora de Cooperación",
                               "body_id": body_id(db, "OEI"), "email": "ana.souza@oei.example",
                               "phone": "+34 600 000 001"})
    luis = contacts.save(None, {"name": "Luis Pérez Núñez", "role": "Coordinador", "body_id": body_id(db, "OIJ"),
                                "email": "luis.perez@oij.example"})
    activities = ActivityService(db)

    def act(subject, bodies, day, actions, contact_ids=(), kind=ActivityKind.MEETING):
        return activities.save(None, {
            "kind": kind, "date": day, "subject": subject, "body_ids": [body_id(db, b) for b in bodies],
            "contact_ids": list(contact_ids),
            "actions": [{"description": d, "owner": o, "due_date": due, "status": st} for d, o, due, st in actions]})

    codei = act("Reunión ordinaria del CODEI", ("CODEI", "SEGIB", "OEI", "OIJ", "OISS", "COMJIB"),
                dt.date(2026, 1, 15), [("Circular el acta", "Ana (SEGIB)", dt.date(2026, 1, 31), ActionStatus.OPEN),
                                       ("Informe conjunto", "Luis (OEI)", dt.date(2026, 4, 1), ActionStatus.OPEN),
                                       ("Reservar sala", "Ana (SEGIB)", dt.date(2026, 1, 10), ActionStatus.DONE)],
                [ana, luis])
    letter = act("Carta a la OIJ sobre el Foro", ("SEGIB", "OIJ"), dt.date(2026, 2, 10),
                 [("Responder a la carta", "Marta (OIJ)", dt.date(2026, 2, 25), ActionStatus.OPEN)],
                 [luis], kind=ActivityKind.LETTER)
    old = act("Reunión bilateral SEGIB–OEI", ("SEGIB", "OEI"), dt.date(2025, 11, 5), [])
    return {"ana": ana, "luis": luis, "codei": codei, "letter": letter, "old": old}


# --------------------------------------------------------------------------- the list models
def test_every_list_model_passes_qt_model_tests(ctx, qtbot, qtmodeltester, db):
    coordination_demo.fill(DemoContext(db, today=TODAY))
    oei = body_id(db, "OEI")
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.DECLARATION, title="Declaración", summit_id=summit)
        s.add(document)
        s.flush()
        mandate = Mandate(document_id=document.id, code="XXIX-DEC-1", title="Informe", due_date=dt.date(2026, 1, 1))
        s.add(mandate)
        s.flush()
        s.execute(mandate_bodies.insert().values(mandate_id=mandate.id, body_id=oei))
    page = make_page(ctx, qtbot)
    lists = [page.activities, show_view(qtbot, page, "actions"), show_view(qtbot, page, "bodies"),
             show_view(qtbot, page, "contacts")]
    for lst in lists:
        assert lst.model.rowCount() > 0
        qtmodeltester.check(lst.model)
    panel = page.show_body(body_id(db, "OEI"))
    qtbot.waitUntil(lambda: all(p.model.total_count() > 0 for p in panel.lists()), timeout=5000)
    for lst in panel.lists():
        qtmodeltester.check(lst.model)


# --------------------------------------------------------------------------- bodies
def test_creating_a_body_through_its_form(ctx, qtbot, db):
    page = make_page(ctx, qtbot)
    bodies = show_view(qtbot, page, "bodies")
    assert bodies.model.rowCount() == 6
    bodies.new_button.click()
    form = page.last_form
    assert isinstance(form, BodyForm)
    type_into(qtbot, form.widget("acronym"), "OEI")
    form.widget("kind").setCurrentIndex(form.widget("kind").findData(BodyKind.INTERNATIONAL))
    assert form.save() is False
    assert error_of(form, "acronym").text() == "Ya existe un organismo con la sigla OEI."
    assert error_of(form, "name_es").text() == "Este campo es obligatorio."
    type_into(qtbot, form.widget("acronym"), "CEPAL")
    type_into(qtbot, form.widget("name_es"), "Comisión Económica para América Latina y el Caribe")
    type_into(qtbot, form.widget("name_pt"), "Comissão Econômica para a América Latina e o Caribe")
    type_into(qtbot, form.widget("seat"), "Santiago de Chile")
    type_into(qtbot, form.widget("website"), "https://www.cepal.org")
    type_into(qtbot, form.widget("founded"), "1948")
    save(qtbot, form, bodies)
    with db.session() as s:
        cepal = s.scalar(select(Body).where(Body.acronym == "CEPAL"))
        assert (cepal.kind, cepal.seat, cepal.founded) == (BodyKind.INTERNATIONAL, "Santiago de Chile", 1948)
        assert cepal.name_pt == "Comissão Econômica para a América Latina e o Caribe"
    assert bodies.model.rowCount() == 7
    assert bodies.selected_id() == cepal.id
    row = bodies.model.row_of_id(cepal.id)
    assert bodies.model.data(bodies.model.index(row, 2)) == "Organización internacional"


def test_a_body_page_shows_what_happened_since_the_last_codei_meeting(ctx, qtbot, db, sample):
    navigated = []
    ctx.navigate = lambda key, **options: navigated.append((key, options))
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.DECLARATION, title="Declaración", summit_id=summit)
        s.add(document)
        s.flush()
        mandate = Mandate(document_id=document.id, code="XXIX-DEC-7", title="Plan conjunto de juventud",
                          due_date=dt.date(2026, 2, 1), status=MandateStatus.IN_PROGRESS)
        s.add(mandate)
        s.flush()
        mandate_id = mandate.id
    oij = body_id(db, "OIJ")
    with db.session() as s:
        s.execute(mandate_bodies.insert().values(mandate_id=mandate_id, body_id=oij))
    page = make_page(ctx, qtbot)
    page.show_options(body_id=oij)
    panel = page.body_panel
    qtbot.waitUntil(lambda: all(p.model.total_count() > 0 for p in panel.lists()), timeout=5000)
    assert page.tabs.currentIndex() == 2
    assert "OIJ – Organismo Internacional de Juventud para Iberoamérica" in panel.title.text()
    assert panel.summary.text() == (
        "Última reunión del CODEI: 15/01/2026. Actividades con este organismo desde entonces, incluida esa "
        "reunión: 2. Acciones pendientes: 3, de ellas 2 con plazo vencido.")
    assert panel.activities.since_box.isChecked()
    assert column(panel.activities, 2) == ["Carta a la OIJ sobre el Foro", "Reunión ordinaria del CODEI"]
    assert column(panel.actions, 1) == ["Circular el acta", "Responder a la carta", "Informe conjunto"]
    assert column(panel.contacts, 0) == ["Luis Pérez Núñez"]
    assert column(panel.mandates, 0) == ["XXIX-DEC-7"]
    assert panel.mandates.model.data(panel.mandates.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) \
        == theme.current().warning_brush
    panel.mandates.view.doubleClicked.emit(panel.mandates.model.index(0, 1))
    assert navigated == [("mandates", {"open_id": mandate_id})]
    # another body: the same page; its whole timeline; and back to the list of bodies
    with qtbot.waitSignal(panel.activities.loaded, timeout=5000):
        page.show_options(body_id=body_id(db, "OEI"))
    assert panel.title.text().startswith("<h2>OEI")
    assert column(panel.activities, 2) == ["Reunión ordinaria del CODEI"]
    with qtbot.waitSignal(panel.activities.loaded, timeout=5000):
        panel.activities.since_box.click()
    assert column(panel.activities, 2) == ["Reunión ordinaria del CODEI", "Reunión bilateral SEGIB–OEI"]
    assert panel.activities.count_label.text() == "2 de 2 actividades"
    with qtbot.waitSignal(page.bodies.loaded, timeout=5000):
        panel.back_button.click()
    assert page.body_stack.currentWidget() is page.bodies


# --------------------------------------------------------------------------- contacts
def test_creating_a_contact_through_its_form(ctx, qtbot, db):
    page = make_page(ctx, qtbot)
    contacts = show_view(qtbot, page, "contacts")
    contacts.new_button.click()
    form = page.last_form
    assert isinstance(form, ContactForm)
    type_into(qtbot, form.widget("name"), "Inês Carvalho Matos")
    type_into(qtbot, form.widget("role"), "Coordenadora Nacional Adjunta")
    form.widget("country_id").setCurrentIndex(form.widget("country_id").findText("Portugal"))
    type_into(qtbot, form.widget("email"), "ines.carvalho@")
    assert form.save() is False
    assert error_of(form, "email").text() == ("Esto no parece una dirección de correo electrónico "
                                              "(nombre@ejemplo.org).")
    type_into(qtbot, form.widget("email"), "ines.carvalho@mne.example")
    save(qtbot, form, contacts)
    with db.session() as s:
        ines = s.scalar(select(Contact).where(Contact.name == "Inês Carvalho Matos"))
        assert (ines.email, ines.body_id) == ("ines.carvalho@mne.example", None)
    assert column(contacts, 0) == ["Inês Carvalho Matos"]
    assert column(contacts, 3) == ["Portugal"]


def test_deleting_a_contact_erases_their_data_and_keeps_the_activities(ctx, qtbot, db, monkeypatch, sample):
    page = make_page(ctx, qtbot)
    contacts = show_view(qtbot, page, "contacts")
    with db.session() as s:
        uid = s.scalar(select(Contact.uid).where(Contact.id == sample["ana"]))
    asked = []
    monkeypatch.setattr(lists_module, "confirm", lambda parent, text, **k: asked.append(text) or True)
    contacts.select_id(sample["ana"])
    with qtbot.waitSignal(contacts.loaded, timeout=5000):
        contacts.delete_button.click()
    assert "se borrarán de todas partes, también del historial de cambios" in asked[0]
    assert column(contacts, 0) == ["Luis Pérez Núñez"]
    with db.session() as s:
        assert s.get(Contact, sample["ana"]) is None
        assert s.get(Activity, sample["codei"]).subject == "Reunión ordinaria del CODEI"
        assert s.scalars(select(activity_contacts.c.contact_id)
                         .where(activity_contacts.c.activity_id == sample["codei"])).all() == [sample["luis"]]
        assert s.execute(select(AuditEntry.action, AuditEntry.changes).where(AuditEntry.record_uid == uid)).all() \
            == [("delete", {"personal_data": ["erased", None]})]
        history = " ".join(str(c) for c in s.scalars(select(AuditEntry.changes)))
    assert "Ana Souza" not in history and "ana.souza" not in history and "600 000 001" not in history
    # the activity still opens, without her
    activities = show_view(qtbot, page, "activities")
    form = activities.open_record(sample["codei"])
    assert form.widget("contact_ids").list.count() == 1
    assert form.widget("contact_ids").list.item(0).text() == "Luis Pérez Núñez (OIJ)"


def test_a_contact_form_says_what_deleting_erases(ctx, qtbot, db, monkeypatch, sample):
    form = ContactForm(ctx, sample["luis"])
    qtbot.addWidget(form)
    asked = []
    monkeypatch.setattr("segib_desktop.gui.widgets.form.confirm", lambda parent, text, **k: asked.append(text) or True)
    assert form.delete() is True
    assert "Las actividades en las que participó se conservan" in asked[0]
    with db.session() as s:
        assert s.get(Contact, sample["luis"]) is None


# --------------------------------------------------------------------------- activities
def test_recording_an_activity_with_bodies_contacts_and_action_items(ctx, qtbot, db, sample, monkeypatch, tmp_path):
    page = make_page(ctx, qtbot)
    activities = page.activities
    activities.new_button.click()
    form = page.last_form
    assert isinstance(form, ActivityForm)
    form.widget("kind").setCurrentIndex(form.widget("kind").findData(ActivityKind.AGREEMENT))
    form.widget("date").set_value(dt.date(2026, 2, 27))
    type_into(qtbot, form.widget("subject"), "Memorando SEGIB–OEI–OIJ sobre juventud")
    form.widget("outcome").setPlainText("Firmado por los tres.\nEntra en vigor en marzo.")
    bodies = form.widget("body_ids")
    for i in range(bodies.count()):
        if bodies.item(i).text().split(" – ")[0] in ("OEI", "OIJ", "SEGIB"):
            bodies.item(i).setCheckState(Qt.CheckState.Checked)

    contacts = form.widget("contact_ids")
    for name in ("souza", "PEREZ"):  # accent- and case-insensitive
        contacts.add_button.click()
        picker = contacts.dialog
        qtbot.keyClicks(picker.filter_edit, name)
        assert picker.model.rowCount() == 1
        picker.view.selectRow(0)
        picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert [contacts.list.item(i).text() for i in range(contacts.list.count())] == [
        "Ana Souza Lima (OEI)", "Luis Pérez Núñez (OIJ)"]

    minutes = tmp_path / "Acta firmada.pdf"
    minutes.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(minutes)], ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    files = form.widget("files")
    files.set_value("https://www.segib.org/memorando")
    files.add_button.click()
    assert files.value() == f"https://www.segib.org/memorando\n{minutes}"
    files.edit.moveCursor(QTextCursor.MoveOperation.End)
    files.open_button.click()
    assert opened == [str(minutes)]

    editor = form.widget("actions")
    form.tabs.setCurrentIndex(2)
    editor.add_button.click()
    assert editor.table.state() == QTableWidget.State.EditingState  # ready to type the action
    editor.table.item(0, 0).setText("Publicar el memorando")
    editor.table.item(0, 1).setText("Lucía (SEGIB)")
    editor.table.cellWidget(0, 2).set_value(dt.date(2026, 3, 15))
    editor.add_button.click()
    editor.table.item(1, 0).setText("Nombrar el grupo de seguimiento")
    editor.table.cellWidget(1, 2).set_value(dt.date(2026, 2, 28))
    assert editor.is_overdue(1) and not editor.is_overdue(0)
    # a screen reader names a row's editors after their columns (they were named after the window's title)
    assert [editor.table.cellWidget(1, col).accessibleName() for col in (2, 3)] == ["Fecha límite", "Estado"]
    save(qtbot, form, activities)

    with db.session() as s:
        activity = s.scalar(select(Activity).where(Activity.subject == "Memorando SEGIB–OEI–OIJ sobre juventud"))
        assert activity.kind == ActivityKind.AGREEMENT and activity.date == dt.date(2026, 2, 27)
        assert activity.outcome == "Firmado por los tres.\nEntra en vigor en marzo."
        assert activity.files == f"https://www.segib.org/memorando\n{minutes}"
        assert sorted(b.acronym for b in activity.bodies) == ["OEI", "OIJ", "SEGIB"]
        assert sorted(c.name for c in activity.contacts) == ["Ana Souza Lima", "Luis Pérez Núñez"]
        assert [(a.description, a.owner, a.due_date, a.status) for a in activity.actions] == [
            ("Publicar el memorando", "Lucía (SEGIB)", dt.date(2026, 3, 15), ActionStatus.OPEN),
            ("Nombrar el grupo de seguimiento", "", dt.date(2026, 2, 28), ActionStatus.OPEN)]
    assert activities.selected_id() == activity.id
    row = activities.model.row_of_id(activity.id)
    assert [activities.model.data(activities.model.index(row, c)) for c in range(5)] == [
        "27/02/2026", "Acuerdo o memorando", "Memorando SEGIB–OEI–OIJ sobre juventud", "OEI, OIJ, SEGIB", "2"]


def test_the_buttons_beside_a_list_of_links_are_read_by_what_they_do(ctx, qtbot, db):
    """A screen reader said "Contactos participantes, botón" for Add… and for Remove alike (and "Archivos" for
    Add file… and Open link): every part of the field had taken its label's name. A button says what it does
    (what it links: four "Add…" were alike), its field as its description; the list (the box of files) takes
    the label's name, and the label's letter."""
    from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit

    from segib_desktop.gui import keyboard
    from segib_desktop.gui.pages.coordination.editors import FileLinks, LinkPicker

    form = ActivityForm(ctx, None, today=TODAY)
    qtbot.addWidget(form)
    labels = {label.text(): label for label in form.findChildren(QLabel)}
    heard = {}
    for key, label in (("contact_ids", "Contactos participantes"), ("summit_ids", "Cumbres"),
                       ("meeting_ids", "Reuniones"), ("mandate_ids", "Mandatos"), ("files", "Archivos")):
        field = form.widget(key)
        assert isinstance(field, LinkPicker | FileLinks)
        box = field.list if isinstance(field, LinkPicker) else field.findChild(QPlainTextEdit)
        assert keyboard.accessible_name(box) == label
        assert labels[label].buddy() is box  # Alt and the label's letter go into the list
        for button in field.findChildren(QAbstractButton):
            heard[(key, keyboard.accessible_name(button))] = button.accessibleDescription()
    assert heard == {(key, f"{verb} {what.lower()}{dots}"): label
                     for key, label, what in (("contact_ids", "Contactos participantes", "contactos"),
                                              ("summit_ids", "Cumbres", "cumbres"), ("meeting_ids", "Reuniones", "reuniones"),
                                              ("mandate_ids", "Mandatos", "mandatos"))
                     for verb, dots in (("Añadir", "…"), ("Quitar", ""))} | {
        ("files", "Añadir archivo…"): "Archivos", ("files", "Abrir enlace"): "Archivos"}
    form.done(0)


def test_an_activity_without_bodies_is_refused_with_a_message(ctx, qtbot, db):
    page = make_page(ctx, qtbot)
    page.activities.new_button.click()
    form = page.last_form
    type_into(qtbot, form.widget("subject"), "Llamada sin organismo")
    assert form.save() is False
    assert error_of(form, "body_ids").text() == "Elija al menos un organismo."
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_codei_meeting_preselects_its_five_bodies(ctx, qtbot, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    page = make_page(ctx, qtbot)
    five = {"SEGIB", "OEI", "OIJ", "OISS", "COMJIB"}

    def ticked(form):
        bodies = form.widget("body_ids")
        return {bodies.item(i).text().split(" – ")[0] for i in range(bodies.count())
                if bodies.item(i).checkState() == Qt.CheckState.Checked}

    page.activities.codei_button.click()
    form = page.last_form
    assert form.windowTitle() == "Nueva reunión del CODEI"
    assert form.widget("kind").currentData() == ActivityKind.MEETING
    assert form.widget("subject").text() == "Reunión del CODEI"
    assert ticked(form) == five | {"CODEI"}
    form.reject()

    page.activities.new_button.click()  # a meeting: ticking CODEI ticks its members
    form = page.last_form
    assert ticked(form) == set()
    bodies = form.widget("body_ids")
    codei = next(bodies.item(i) for i in range(bodies.count()) if bodies.item(i).text().startswith("CODEI"))
    codei.setCheckState(Qt.CheckState.Checked)
    assert ticked(form) == five | {"CODEI"}
    form.reject()

    page.activities.new_button.click()  # a letter to CODEI is just that
    form = page.last_form
    form.widget("kind").setCurrentIndex(form.widget("kind").findData(ActivityKind.LETTER))
    bodies = form.widget("body_ids")
    next(bodies.item(i) for i in range(bodies.count())
         if bodies.item(i).text().startswith("CODEI")).setCheckState(Qt.CheckState.Checked)
    assert ticked(form) == {"CODEI"}
    form.reject()


def test_linking_an_activity_to_a_mandate(ctx, qtbot, db, sample):
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit)
        s.add(document)
        s.flush()
        for code, title in (("XXIX-PA-1", "Informe sobre movilidad académica"),
                            ("XXIX-PA-2", "Plan iberoamericano de juventud")):
            s.add(Mandate(document_id=document.id, code=code, title=title))
        s.flush()
        wanted = s.scalar(select(Mandate.id).where(Mandate.code == "XXIX-PA-2"))
    page = make_page(ctx, qtbot)
    form = page.activities.open_record(sample["letter"])
    picker = form.widget("mandate_ids")
    picker.add_button.click()
    qtbot.keyClicks(picker.dialog.filter_edit, "juventud")
    assert picker.dialog.model.rowCount() == 1
    picker.dialog.view.selectRow(0)
    picker.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert picker.list.item(0).text() == "XXIX-PA-2 – Plan iberoamericano de juventud"
    save(qtbot, form, page.activities)
    with db.session() as s:
        assert s.execute(select(activity_mandates.c.activity_id, activity_mandates.c.mandate_id)).all() == [
            (sample["letter"], wanted)]
    assert [r[3] for r in read_coordination.activities(db, mandate_id=wanted)] == ["Carta a la OIJ sobre el Foro"]

    # the other side: the mandate's form lists it on its "Coordinación" tab, and opens it from there
    from segib_desktop.gui.pages.mandates import MandateForm

    navigated = []
    ctx.navigate = lambda key, **options: navigated.append((key, options))
    mandate_form = MandateForm(ctx, wanted, today=TODAY)
    qtbot.addWidget(mandate_form)
    tab = mandate_form.coordination
    assert mandate_form.tabs.tabText(mandate_form.tabs.indexOf(tab)) == "Coordinación"
    assert [tab.model.data(tab.model.index(0, c)) for c in range(4)] == [
        "10/02/2026", "Carta o nota verbal", "Carta a la OIJ sobre el Foro", "OIJ, SEGIB"]
    tab.view.doubleClicked.emit(tab.model.index(0, 2))
    assert navigated == [("coordination", {"open_id": sample["letter"]})]
    page.show_options(**navigated[0][1])
    assert page.last_form.record_id == sample["letter"]
    assert page.last_form.widget("mandate_ids").value() == [wanted]


def test_the_mandates_picker_keeps_the_keys_of_every_list(ctx, qtbot, db, sample):
    """explore19, 5: filtered to one row, Enter linked nothing and closed, silently; Down stayed in the filter;
    in the table Down selected nothing. As in every list: Down passes to the list, Enter takes the chosen row
    (or the only one left); OK is off while nothing is chosen."""
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit)
        s.add(document)
        s.flush()
        for code, title in (("XXIX-PA-1", "Informe sobre movilidad académica"),
                            ("XXIX-PA-2", "Plan iberoamericano de juventud"),
                            ("XXIX-PA-3", "Foro de juventud y empleo")):
            s.add(Mandate(document_id=document.id, code=code, title=title))
        s.flush()
        code_of = dict(s.execute(select(Mandate.id, Mandate.code)).all())
    page = make_page(ctx, qtbot)
    form = page.activities.open_record(sample["letter"])
    picker = form.widget("mandate_ids")

    def open_dialog():
        picker.add_button.click()
        dialog = picker.dialog
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.filter_edit, timeout=5000)
        return dialog

    def linked():
        return [code_of[i] for i in picker.value()]

    dialog = open_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # nothing chosen yet: no OK that links nothing
    qtbot.keyClicks(dialog.filter_edit, "juventud")  # two rows, none chosen
    assert dialog.model.rowCount() == 2 and not ok.isEnabled()
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)  # nothing to take: the dialog stays
    assert dialog.isVisible() and linked() == []
    qtbot.keyClicks(dialog.filter_edit, " empleo")  # one row left: Enter takes it
    assert dialog.model.rowCount() == 1 and ok.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert linked() == ["XXIX-PA-3"]

    dialog = open_dialog()  # Down passes to the list, its first row selected; Down again, Enter there
    qtbot.keyClicks(dialog.filter_edit, "PA")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.view
    assert dialog.chosen_ids() and [code_of[i] for i in dialog.chosen_ids()] == ["XXIX-PA-1"]
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    assert [code_of[i] for i in dialog.chosen_ids()] == ["XXIX-PA-2"]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert linked() == ["XXIX-PA-2", "XXIX-PA-3"]

    dialog = open_dialog()  # the last one alone, without filtering: Enter takes the only row
    assert dialog.model.rowCount() == 1 and dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert linked() == ["XXIX-PA-1", "XXIX-PA-2", "XXIX-PA-3"]


def test_a_ctrl_click_into_a_picker_takes_the_row_clicked_alone(ctx, qtbot, db, sample):
    """The review: the list entered with nothing selected selects its current row, for the keyboard; entered by a
    Ctrl+click, that first row was taken too, and a mandate never chosen was linked."""
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit)
        s.add(document)
        s.flush()
        for n in (1, 2, 3):
            s.add(Mandate(document_id=document.id, code=f"XXIX-PA-{n}", title=f"Mandato {n}"))
        s.flush()
        code_of = dict(s.execute(select(Mandate.id, Mandate.code)).all())
    page = make_page(ctx, qtbot)
    picker = page.activities.open_record(sample["letter"]).widget("mandate_ids")
    picker.add_button.click()
    dialog = picker.dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.filter_edit, timeout=5000)
    view = dialog.view
    third = view.visualRect(dialog.model.index(2, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, third)
    assert QApplication.focusWidget() is view and [code_of[i] for i in dialog.chosen_ids()] == ["XXIX-PA-3"]


def test_a_picker_keeps_the_rows_chosen_under_an_earlier_filter(ctx, qtbot, db, sample):
    """A filter typed to find the next mandate hid the ones chosen before it, and Qt dropped them: OK linked the
    last one alone. They stay chosen, are counted under the list, and are shown chosen when a filter shows them."""
    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 29))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit)
        s.add(document)
        s.flush()
        for code, title in (("XXIX-PA-1", "Informe sobre movilidad académica"),
                            ("XXIX-PA-2", "Plan iberoamericano de juventud"),
                            ("XXIX-PA-3", "Foro de cultura")):
            s.add(Mandate(document_id=document.id, code=code, title=title))
        s.flush()
        code_of = dict(s.execute(select(Mandate.id, Mandate.code)).all())
    page = make_page(ctx, qtbot)
    picker = page.activities.open_record(sample["letter"]).widget("mandate_ids")
    picker.add_button.click()
    dialog = picker.dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.filter_edit, timeout=5000)

    def refilter(text):
        dialog.filter_edit.setFocus()
        dialog.filter_edit.selectAll()
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Delete)
        qtbot.keyClicks(dialog.filter_edit, text)

    def ctrl_click(row):
        point = dialog.view.visualRect(dialog.model.index(row, 0)).center()
        qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)

    refilter("movilidad")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)  # the only row, chosen by the keyboard
    refilter("cultura")
    ctrl_click(0)
    refilter("juventud")
    ctrl_click(0)
    assert dialog.chosen_label.text() == "3 elegidos"
    refilter("")  # every row shown: the three chosen, shown chosen; one unchosen
    assert len(dialog.view.selectionModel().selectedRows()) == 3
    row_of_1 = dialog.model.row_of_id(next(i for i, c in code_of.items() if c == "XXIX-PA-1"))
    ctrl_click(row_of_1)
    assert dialog.chosen_label.text() == "2 elegidos"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert sorted(code_of[i] for i in picker.value()) == ["XXIX-PA-2", "XXIX-PA-3"]


# --------------------------------------------------------------------------- action items
def test_the_open_actions_view_and_its_filters_on_a_fixed_date(ctx, qtbot, db, sample):
    page = make_page(ctx, qtbot)
    actions = show_view(qtbot, page, "actions")
    assert column(actions, 1) == ["Circular el acta", "Responder a la carta", "Informe conjunto"]
    assert column(actions, 4) == ["29", "4", ""]  # days overdue on 1 March 2026
    assert column(actions, 5)[1] == "OIJ, SEGIB"
    model = actions.model
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) == theme.current().warning_brush
    assert model.data(model.index(2, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert actions.count_label.text() == "3 de 3 acciones"

    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.overdue_box.click()
    assert column(actions, 1) == ["Circular el acta", "Responder a la carta"]
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.owner_filter.setCurrentIndex(actions.owner_filter.findText("Marta (OIJ)"))
    assert column(actions, 1) == ["Responder a la carta"]
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.owner_filter.setCurrentIndex(0)
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.body_filter.setCurrentIndex(actions.body_filter.findText("CODEI"))
    assert column(actions, 1) == ["Circular el acta"]
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.overdue_box.click()
    assert column(actions, 1) == ["Circular el acta", "Informe conjunto"]
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.due_by.set_value(dt.date(2026, 3, 31))
    assert column(actions, 1) == ["Circular el acta"]
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.status_filter.setCurrentIndex(0)  # every status
    assert column(actions, 1) == ["Reservar sala", "Circular el acta"]
    qtbot.keyClicks(actions.filter_edit, "reservar")
    qtbot.waitUntil(lambda: actions.model.rowCount() == 1, timeout=5000)


def test_marking_an_action_done(ctx, qtbot, db, sample):
    page = make_page(ctx, qtbot)
    actions = show_view(qtbot, page, "actions")
    assert not actions.done_button.isEnabled()
    with db.session() as s:
        target = s.scalar(select(ActionItem.id).where(ActionItem.description == "Circular el acta"))
    actions.select_id(target)
    assert actions.done_button.isEnabled()
    with qtbot.waitSignal(actions.loaded, timeout=5000):
        actions.done_button.click()
    assert column(actions, 1) == ["Responder a la carta", "Informe conjunto"]
    with db.session() as s:
        assert s.get(ActionItem, target).status == ActionStatus.DONE
    # the activity list, shown next, counts one open action less
    activities = show_view(qtbot, page, "activities")
    row = activities.model.row_of_id(sample["codei"])
    assert activities.model.data(activities.model.index(row, 4)) == "1"


def test_opening_an_action_opens_its_activity_on_the_action_items(ctx, qtbot, db, sample):
    page = make_page(ctx, qtbot)
    actions = show_view(qtbot, page, "actions")
    actions.view.doubleClicked.emit(actions.model.index(1, 1))  # "Responder a la carta"
    form = page.last_form
    assert form.widget("subject").text() == "Carta a la OIJ sobre el Foro"
    assert form.tabs.currentIndex() == 2
    editor = form.widget("actions")
    editor.table.cellWidget(0, 3).setCurrentIndex(editor.table.cellWidget(0, 3).findData(ActionStatus.CANCELLED))
    save(qtbot, form, page.actions)
    assert column(page.actions, 1) == ["Circular el acta", "Informe conjunto"]


# --------------------------------------------------------------------------- the page's contract
def test_show_options_follow_the_agreed_contract(ctx, qtbot, db, sample):
    page = make_page(ctx, qtbot)
    with qtbot.waitSignal(page.actions.loaded, timeout=5000):
        page.show_options(view="actions", overdue=True)
    assert page.tabs.currentWidget() is page.actions
    assert column(page.actions, 1) == ["Circular el acta", "Responder a la carta"]
    page.show_options(open_id=sample["old"])
    assert page.tabs.currentWidget() is page.activities
    assert page.last_form.widget("subject").text() == "Reunión bilateral SEGIB–OEI"
    page.last_form.reject()
    page.show_options(open_contact=sample["ana"])
    assert page.tabs.currentWidget() is page.contacts
    assert page.last_form.widget("email").text() == "ana.souza@oei.example"
    page.last_form.reject()
    page.show_options(body_id=body_id(db, "OEI"))
    assert page.body_stack.currentWidget() is page.body_panel
    assert page.body_panel.title.text().startswith("<h2>OEI")


def test_a_record_deleted_meanwhile_gets_a_message_not_a_crash(ctx, qtbot, db, monkeypatch, sample):
    page = make_page(ctx, qtbot)
    shown = []
    for module in (lists_module, page_module):  # a list opens an activity or a contact, the page a body
        monkeypatch.setattr(module, "show_error", lambda parent, error: shown.append(error.user_message()))
    ActivityService(db).delete(sample["old"])
    page.show_options(open_id=sample["old"])
    page.show_options(open_contact=999)
    page.show_options(body_id=999)
    assert shown == ["El registro ya no existe; puede que otra ventana lo haya eliminado."] * 3
    assert page.last_form is None


def test_the_page_opens_from_the_main_window(gui, qtbot):
    window = gui.window
    page = window.navigate("coordination", view="actions")
    assert isinstance(page, CoordinationPage)
    assert page.tabs.currentWidget() is page.actions
    qtbot.waitUntil(lambda: page.actions.count_label.text() == "0 de 0 acciones", timeout=5000)


def test_deleting_from_a_list_asks_first(ctx, qtbot, db, monkeypatch, sample):
    page = make_page(ctx, qtbot)
    activities = page.activities
    activities.select_id(sample["old"])
    monkeypatch.setattr(table_module, "confirm", lambda *a, **k: False)
    activities.delete_button.click()
    with db.session() as s:
        assert s.get(Activity, sample["old"]) is not None
    monkeypatch.setattr(table_module, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(activities.loaded, timeout=5000):
        activities.delete_button.click()
    with db.session() as s:
        assert s.get(Activity, sample["old"]) is None
    assert activities.model.rowCount() == 2


def test_a_list_that_opened_empty_is_sized_again_when_its_first_rows_come(ctx, qtbot, db):
    """Sized from its headers alone, the briefings made and the activities lists cut their dates to "04/…026";
    those widths were kept for the next start too."""
    page = make_page(ctx, qtbot)
    page.resize(1100, 700)
    page.show()
    activities = page.activities
    assert activities.model.rowCount() == 0
    header = activities.view.horizontalHeader()
    assert ctx.settings.value(activities.columns_key()) is None  # widths from the headers alone: not kept
    ActivityService(db).save(None, {"kind": ActivityKind.MEETING, "date": dt.date(2026, 2, 27),
                                    "subject": "Reunión de coordinación con la Organización Iberoamericana de Juventud",
                                    "body_ids": [body_id(db, "OIJ")]})
    with qtbot.waitSignal(activities.loaded, timeout=5000):
        activities.reload()
    metrics = activities.view.fontMetrics()
    assert header.sectionSize(0) > metrics.horizontalAdvance("27/02/2026")
    assert header.sectionSize(1) > metrics.horizontalAdvance("Reunión")
    assert ctx.settings.value(activities.columns_key()) is not None  # sized from rows: kept


def test_tab_goes_through_each_action_rows_editors_before_the_forms_buttons(ctx, qtbot, db, sample):
    """Made after Save, Delete and Cancel, a row's date and status came after them in the Tab order."""
    from PySide6.QtWidgets import QApplication

    page = make_page(ctx, qtbot)
    page.activities.new_button.click()
    form = page.last_form
    editor = form.widget("actions")
    form.tabs.setCurrentIndex(2)
    editor.add_button.click()
    editor.add_button.click()
    editor.table.setTabKeyNavigation(False)  # as the window's keyboard policy makes every table do
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    editor.table.setFocus()
    qtbot.waitUntil(editor.table.hasFocus)
    reached = []
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        reached.append(widget.focusProxy() or widget)
        if widget is editor.add_button:
            break
    rows = [editor.table.cellWidget(row, col) for row in range(2) for col in (2, 3)]
    owners = [next((r for r in rows if w is r or r.isAncestorOf(w)), w) for w in reached]
    # (Tab goes through a date's day, month and year: the same editor several times in a row)
    assert [w for i, w in enumerate(owners) if i == 0 or w is not owners[i - 1]] == [*rows, editor.add_button]
