"""The mandates page, driven through its widgets: list, filters, form, progress log, paste, bulk, areas."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton
from sqlalchemy import func, insert, select

from segib_desktop.core.models import (
    Activity,
    ActivityKind,
    Area,
    AuditEntry,
    Body,
    Country,
    Document,
    DocumentKind,
    Mandate,
    MandateProgress,
    MandateStatus,
    Meeting,
    MeetingKind,
    Priority,
    Recurrence,
    Setting,
    Summit,
)
from segib_desktop.core.models.coordination import activity_mandates
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService, ProgressService
from segib_desktop.gui.pages import mandates as page_module
from segib_desktop.gui.pages.mandates import MandateForm, MandatesPage
from segib_desktop.gui.pages.mandates import areas as areas_module
from segib_desktop.gui.pages.mandates import page as mandates_page
from segib_desktop.gui.widgets import dialogs as dialogs_module
from segib_desktop.gui.widgets import table as table_module
from tests.conftest import wait_loaded
from tests.test_faults import held_by_another_connection, short_busy_timeout  # noqa: F401

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def data(db):
    """Three documents (a summit's Programme of Action, a summit's Declaration, a ministers' Resolution),
    three areas and four mandates."""
    with db.session() as s:
        summit = {n: s.scalar(select(Summit.id).where(Summit.number == n)) for n in (28, 29)}
        areas = [Area(name=n) for n in ("Cultura", "Cooperación Sur-Sur", "Gabinete")]
        s.add_all(areas)
        meeting = Meeting(kind=MeetingKind.FOREIGN_MINISTERS, summit_id=summit[29], start_date=dt.date(2025, 5, 8),
                          city="Quito")
        s.add(meeting)
        s.flush()
        docs = {
            "pa": Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción de Santo Domingo",
                           summit_id=summit[28], adopted_on=dt.date(2023, 3, 25)),
            "dec": Document(kind=DocumentKind.DECLARATION, title="Declaración de Cuenca", summit_id=summit[29]),
            "res": Document(kind=DocumentKind.RESOLUTION, number="1", title="Resolución de seguimiento",
                            meeting_id=meeting.id),
        }
        s.add_all(docs.values())
        s.flush()
        ids = {"summit28": summit[28], "summit29": summit[29], "meeting": meeting.id,
               "cultura": areas[0].id, "sur": areas[1].id, "gabinete": areas[2].id,
               **{k: d.id for k, d in docs.items()}}
        ids["oei"] = s.scalar(select(Body.id).where(Body.acronym == "OEI"))
        ids["ar"] = s.scalar(select(Country.id).where(Country.iso2 == "AR"))
    service = MandateService(db, today=TODAY)
    ids["m1"] = service.save(None, {
        "document_id": ids["pa"], "point": "1", "title": "Informe sobre la ejecución del PACCI",
        "text": "Encomendar a la SEGIB que informe sobre la ejecución\ndel III PACCI.", "area_id": ids["sur"],
        "due_date": dt.date(2024, 6, 30), "status": MandateStatus.IN_PROGRESS, "priority": Priority.HIGH,
        "addressees": [f"body:{ids['oei']}"]})
    ids["m2"] = service.save(None, {
        "document_id": ids["pa"], "point": "2", "title": "Encuentro iberoamericano de cultura",
        "text": "Organizar un encuentro sobre industrias culturales.", "area_id": ids["cultura"],
        "due_date": dt.date(2026, 12, 15), "recurrence": Recurrence.ANNUAL})
    ids["m3"] = service.save(None, {
        "document_id": ids["dec"], "point": "5", "title": "Seminario en Cádiz",
        "text": "Celebrar un seminario sobre la lengua española.", "due_date": dt.date(2025, 1, 10),
        "status": MandateStatus.FULFILLED})
    ids["m4"] = service.save(None, {
        "document_id": ids["res"], "point": "1", "title": "Seguimiento de la Carta Medioambiental",
        "text": "Dar seguimiento a la Carta en cada Cumbre.", "area_id": ids["cultura"],
        "status": MandateStatus.ONGOING, "recurrence": Recurrence.EACH_CYCLE, "addressees": [f"country:{ids['ar']}"]})
    return ids


def make_page(ctx, qtbot):
    page = MandatesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)
    return page


def codes(page):
    return [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]


def choose(combo, value):
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


# --- the list

def test_the_list_model_passes_qt_model_tests(ctx, qtbot, qtmodeltester, data):
    page = make_page(ctx, qtbot)
    qtmodeltester.check(page.model)


def test_the_list_shows_code_title_source_area_due_status_priority(ctx, qtbot, data):
    page = make_page(ctx, qtbot)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Código", "Título", "Origen", "Área responsable", "Fecha límite", "Estado", "Prioridad"]
    # Newest cycle first; the ministers' meeting belongs to summit XXIX's cycle.
    assert codes(page) == ["XXIX-DEC-5", "XXIX-RMRE2025-RES1-1", "XXVIII-PA-1", "XXVIII-PA-2"]
    row = codes(page).index("XXVIII-PA-1")
    shown = [page.model.data(page.model.index(row, c)) for c in range(7)]
    assert shown == ["XXVIII-PA-1", "Informe sobre la ejecución del PACCI", "XXVIII · Programa de Acción",
                     "Cooperación Sur-Sur", "30/06/2024", "En curso", "Alta"]
    assert page.count_label.text() == "4 de 4 mandatos"


def test_overdue_rows_are_marked_on_a_fixed_date(ctx, qtbot, data):
    page = make_page(ctx, qtbot)
    marked = [codes(page)[r] for r in range(page.model.rowCount())
              if page.model.data(page.model.index(r, 1), Qt.ItemDataRole.ForegroundRole) is not None]
    assert marked == ["XXVIII-PA-1"]  # in progress and due 30/06/2024; the fulfilled one is not overdue


def test_an_overdue_row_is_marked_by_a_sign_and_in_words_not_by_its_colour_alone(ctx, qtbot, data):
    """explore20, 7 (WCAG 1.4.1): an overdue mandate was only red; a colour-blind officer saw nothing, and a
    screen reader read it as any other. Its first cell now holds a warning sign, says "Plazo vencido" under
    the pointer, and its name, as the table's accessibility interface gives it, says so."""
    from PySide6.QtGui import QAccessible, QIcon

    page = make_page(ctx, qtbot)
    model, late, other = page.model, codes(page).index("XXVIII-PA-1"), codes(page).index("XXVIII-PA-2")
    assert isinstance(model.data(model.index(late, 0), Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.data(model.index(late, 0), Qt.ItemDataRole.ToolTipRole) == "Plazo vencido"
    for row, column in ((other, 0), (late, 1)):  # the others, and the rest of the row, as they were
        assert model.data(model.index(row, column), Qt.ItemDataRole.DecorationRole) is None
        assert model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole) is None
    table = QAccessible.queryAccessibleInterface(page.view)
    cells = [table.child(i) for i in range(table.childCount())]
    names = {c.text(QAccessible.Text.Name) for c in cells if c.role() == QAccessible.Role.Cell}
    assert "XXVIII-PA-1 (Plazo vencido)" in names and "XXVIII-PA-1" not in names
    assert "XXVIII-PA-2" in names
    page.view.viewport().grab()  # painted, the sign included
    assert page.view.columnWidth(0) >= page.view.fontMetrics().horizontalAdvance("XXVIII-PA-1") + \
        page.view.iconSize().width()  # the code beside its sign is not cut


def test_the_texts_are_folded_once_the_rows_are_painted(ctx, qtbot, data):
    """The background work after a load (folding the texts, ranking the columns) waits for the rows'
    paint: a thread started before it would hold Python's lock through half of the paint."""
    page = make_page(ctx, qtbot)  # not shown: nothing will paint it, the texts are folded at once
    qtbot.waitUntil(lambda: page._folded is not None)
    assert len(page._folded) == 4
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    before = page._folded
    at_load = []
    page.loaded.connect(lambda: at_load.append((len(page._after_paint), page._folded is before)))
    page.reload()
    wait_loaded(qtbot, page)
    assert at_load == [(1, True)]  # shown: the folding waits for the paint, not started
    page.view.viewport().repaint()
    qtbot.waitUntil(lambda: page._folded is not before)
    assert page._after_paint == [] and len(page._folded) == 4


def test_typing_filters_code_title_and_text_without_accents(ctx, qtbot, data):
    page = make_page(ctx, qtbot)
    qtbot.waitUntil(lambda: page._folded is not None)
    qtbot.keyClicks(page.filter_edit, "ejecucion")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert codes(page) == ["XXVIII-PA-1"]
    assert page.status_counts[MandateStatus.IN_PROGRESS] == 1 and sum(page.status_counts.values()) == 1
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "LENGUA espanola")  # words of the text, in any case, without accents
    qtbot.waitUntil(lambda: codes(page) == ["XXIX-DEC-5"])
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "xxviii-pa")  # the code
    qtbot.waitUntil(lambda: codes(page) == ["XXVIII-PA-1", "XXVIII-PA-2"])
    assert page.count_label.text() == "2 de 4 mandatos"


def test_each_filter(ctx, qtbot, data):
    page = make_page(ctx, qtbot)
    choose(page.source_filter, f"summit:{data['summit29']}")  # the summit and the meetings of its cycle
    assert codes(page) == ["XXIX-DEC-5", "XXIX-RMRE2025-RES1-1"]
    choose(page.source_filter, f"meeting:{data['meeting']}")
    assert codes(page) == ["XXIX-RMRE2025-RES1-1"]
    page.source_filter.setCurrentIndex(0)

    choose(page.kind_filter, DocumentKind.ACTION_PROGRAMME)
    assert codes(page) == ["XXVIII-PA-1", "XXVIII-PA-2"]
    page.kind_filter.setCurrentIndex(0)

    choose(page.status_filter, MandateStatus.FULFILLED)
    assert codes(page) == ["XXIX-DEC-5"]
    page.status_filter.setCurrentIndex(0)

    choose(page.area_filter, data["cultura"])
    assert codes(page) == ["XXIX-RMRE2025-RES1-1", "XXVIII-PA-2"]
    choose(page.area_filter, page_module.NO_AREA)
    assert codes(page) == ["XXIX-DEC-5"]
    page.area_filter.setCurrentIndex(0)

    page.overdue_filter.setChecked(True)
    assert codes(page) == ["XXVIII-PA-1"]
    page.overdue_filter.setChecked(False)

    page.recurring_filter.setChecked(True)
    assert codes(page) == ["XXIX-RMRE2025-RES1-1", "XXVIII-PA-2"]
    page.recurring_filter.setChecked(False)

    page.due_filter.setValue(30)  # open mandates due from 20/11/2026 to 20/12/2026
    qtbot.waitUntil(lambda: codes(page) == ["XXVIII-PA-2"])
    page.due_filter.setValue(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    with qtbot.waitSignal(page.loaded):  # the addressee is filtered by the database
        choose(page.addressee_filter, f"country:{data['ar']}")
    assert codes(page) == ["XXIX-RMRE2025-RES1-1"]
    with qtbot.waitSignal(page.loaded):
        choose(page.addressee_filter, f"body:{data['oei']}")
    assert codes(page) == ["XXVIII-PA-1"]


def test_a_status_and_its_count_stay_on_one_line_however_narrow(ctx, qtbot, data):
    """explore19: in Portuguese the counts line broke between "Cumprido:" and its "0"."""
    from PySide6.QtGui import QTextDocument

    page = make_page(ctx, qtbot)
    document = QTextDocument()
    document.setHtml(page.counts.text())
    for width in (250, 370, 520):
        document.setTextWidth(width)
        document.size()  # laid out
        layout = document.firstBlock().layout()
        text = document.firstBlock().text()
        ends = [text[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()].rstrip()
                for i in range(layout.lineCount())]
        assert layout.lineCount() > 1 and not any(line.endswith(":") for line in ends), ends


def test_filters_combine_and_the_counts_follow_them(ctx, qtbot, data):
    page = make_page(ctx, qtbot)
    assert page.status_counts[MandateStatus.IN_PROGRESS] == 1
    assert "4 mandatos" in page.counts.text() and "En curso</a>: <b>1</b>" in page.counts.text()
    choose(page.area_filter, data["cultura"])
    assert page.status_counts == {s: 0 for s in MandateStatus} | {
        MandateStatus.NOT_STARTED: 1, MandateStatus.ONGOING: 1}
    assert page.counts.text().startswith("2 mandatos")
    # The counts are those of the other filters: choosing a status does not hide the other counts.
    choose(page.status_filter, MandateStatus.ONGOING)
    assert codes(page) == ["XXIX-RMRE2025-RES1-1"]
    assert page.status_counts[MandateStatus.NOT_STARTED] == 1
    # A click on a count filters by that status.
    page.counts.linkActivated.emit("not_started")
    assert codes(page) == ["XXVIII-PA-2"]


def test_show_options_from_other_pages(ctx, qtbot, data, monkeypatch):
    page = make_page(ctx, qtbot)
    page.show_options(overdue=True, area_id=data["sur"])
    assert codes(page) == ["XXVIII-PA-1"]
    page.show_options(status="fulfilled")
    assert codes(page) == ["XXIX-DEC-5"] and not page.overdue_filter.isChecked()
    page.show_options(due_within=30)
    assert codes(page) == ["XXVIII-PA-2"]
    page.show_options(summit_id=data["summit28"])
    assert codes(page) == ["XXVIII-PA-1", "XXVIII-PA-2"]
    page.show_options(summit_id=data["summit29"], status="open")
    assert codes(page) == ["XXIX-RMRE2025-RES1-1"]
    page.show_options(status="overdue")
    assert codes(page) == ["XXVIII-PA-1"]
    opened = []
    monkeypatch.setattr(page, "open_record", opened.append)
    page.show_options(open_id=data["m3"])
    assert opened == [data["m3"]]


def test_sorting_by_a_header(ctx, qtbot, data):
    page = make_page(ctx, qtbot)
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    titles = [page.model.data(page.model.index(r, 1)) for r in range(4)]
    assert titles == ["Encuentro iberoamericano de cultura", "Informe sobre la ejecución del PACCI",
                      "Seguimiento de la Carta Medioambiental", "Seminario en Cádiz"]
    page.view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # by date, undated last
    assert codes(page)[0] == "XXVIII-PA-1" and codes(page)[-1] == "XXIX-RMRE2025-RES1-1"


def test_the_code_header_sorts_as_the_list_opens(ctx, qtbot, db, data):
    """The list opens in a mandate's code order (read.rules): the newest summit first, a Declaration before a
    Communiqué recorded after it, the points as people read them; a click on the code header gives that order
    (and its reverse), not the codes' text order (XXIX before XXVIII before XXX, CE1 before DEC)."""
    from segib_desktop.core.services.cycle import DocumentService

    documents, service = DocumentService(db), MandateService(db, today=TODAY)
    with db.session() as s:
        summit30 = s.scalar(select(Summit.id).where(Summit.number == 30))
    for summit, kind, number, points in ((data["summit29"], DocumentKind.SPECIAL_COMMUNIQUE, "1", ["1"]),
                                         (summit30, DocumentKind.DECLARATION, "", ["1"])):
        doc = documents.save(None, {"kind": kind, "number": number, "title": "Documento", "summit_id": summit,
                                    "meeting_id": None})
        for point in points:
            service.save(None, {"document_id": doc, "point": point, "title": f"Punto {point}"})
    for point in ("E2", "10", "1.10", "1.2"):
        service.save(None, {"document_id": data["pa"], "point": point, "title": f"Punto {point}"})
    page = make_page(ctx, qtbot)
    expected = ["XXX-DEC-1", "XXIX-DEC-5", "XXIX-CE1-1", "XXIX-RMRE2025-RES1-1", "XXVIII-PA-1", "XXVIII-PA-1.2",
                "XXVIII-PA-1.10", "XXVIII-PA-2", "XXVIII-PA-10", "XXVIII-PA-E2"]
    assert codes(page) == expected
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert codes(page) == expected[::-1]
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert codes(page) == expected
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    page.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # no sort: back to the order it opened in
    assert codes(page) == expected


# --- the form

def fill_text(qtbot, widget, text):
    """Types ``text`` (QTest types ASCII only: the rest is set as if pasted)."""
    widget.clear()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.setText(text)


def test_creating_a_mandate_through_the_form(ctx, qtbot, db, data):
    page = make_page(ctx, qtbot)
    page.new_button.click()
    form = page.dialog
    assert isinstance(form, MandateForm) and form.windowTitle() == "Nuevo mandato"
    choose(form.widget("document_id"), data["pa"])
    qtbot.keyClicks(form.widget("point"), "12")
    assert form.widget("code").text() == "XXVIII-PA-12"  # built from the source and the point
    fill_text(qtbot, form.widget("title"), "Cooperación en ciencia")
    form.widget("text").setPlainText("Encomendar a la SEGIB «un informe»\nsobre I+D & innovación <2027>.")
    choose(form.widget("area_id"), data["cultura"])
    form.widget("due_date").set_value(dt.date(2027, 3, 31))
    addressees = form.widget("addressees")
    for i in range(addressees.count()):
        if addressees.item(i).text() in ("OEI", "Argentina", "SEGIB: Gabinete"):
            addressees.item(i).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(page.loaded):
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with db.session() as s:
        m = s.scalar(select(Mandate).where(Mandate.code == "XXVIII-PA-12"))
        assert (m.point, m.title, m.area_id, m.due_date) == ("12", "Cooperación en ciencia", data["cultura"],
                                                            dt.date(2027, 3, 31))
        assert m.text == "Encomendar a la SEGIB «un informe»\nsobre I+D & innovación <2027>."
        assert m.status == MandateStatus.NOT_STARTED
        assert [b.acronym for b in m.addressee_bodies] == ["OEI"]
        assert [c.iso2 for c in m.addressee_countries] == ["AR"]
        assert [a.name for a in m.addressee_areas] == ["Gabinete"]
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.record_uid == m.uid)) == "create"
    assert page.selected_id() == m.id and page.model.rowCount() == 5


def test_the_document_picker_is_read_once_and_again_when_a_source_changes(ctx, qtbot, db, data):
    """The documents' labels are kept between forms (3,400 documents took 150 ms a form) and read again when
    a document, a meeting or a summit changed, through the program or past the audit trail."""
    from segib_desktop.core.services.cycle import DocumentService, MeetingService

    kept = read_mandates.KeptDocuments(db, "es")
    assert kept.refresh() and kept.generation == 1
    assert kept.choices[0].label.startswith("XXIX · Declaración")  # newest source first
    assert kept.prefixes[data["res"]] == "XXIX-RMRE2025-RES1"
    MandateService(db, today=TODAY).save(data["m3"], MandateService(db).get(data["m3"]) | {"officer": "Ana"})
    assert not kept.refresh()  # a mandate's change leaves the labels alone
    documents = DocumentService(db)
    documents.save(data["dec"], documents.get(data["dec"]) | {"title": "Declaración de Cuenca (revisada)"})
    assert kept.refresh() and dict(kept.choices)[data["dec"]].endswith("Declaración de Cuenca (revisada)")
    meetings = MeetingService(db)
    meetings.save(data["meeting"], meetings.get(data["meeting"]) | {"start_date": dt.date(2024, 5, 8)})
    assert kept.refresh() and kept.prefixes[data["res"]] == "XXIX-RMRE2024-RES1"
    with db.session() as s:  # the example data's bulk insert writes no audit entry
        s.execute(insert(Document.__table__), [{"uid": "00000000-0000-4000-8000-000000000001", "version": 1,
                                                "kind": DocumentKind.DECLARATION, "number": "", "title": "Anexo",
                                                "summit_id": data["summit28"], "file_path": "", "notes": ""}])
    assert kept.refresh() and kept.generation == 4 and len(kept.choices) == 4

    first = MandateForm(ctx, data["m1"], today=TODAY)
    qtbot.addWidget(first)
    second = MandateForm(ctx, None, today=TODAY)
    qtbot.addWidget(second)
    picker = first.widget("document_id")
    assert second.widget("document_id").model() is picker.model()  # one model, filled once
    assert picker.currentData() == data["pa"] and picker.count() == 4
    assert second.values()["document_id"] is None and second.widget("document_id").currentText() == ""
    assert second.widget("document_id").placeholderText() == "Elija el documento…"
    documents.save(data["pa"], documents.get(data["pa"]) | {"title": "Programa de Acción de Santo Domingo II"})
    third = MandateForm(ctx, data["m1"], today=TODAY)
    qtbot.addWidget(third)
    assert third.widget("document_id").currentText().endswith("Santo Domingo II")
    assert picker.count() == 4 and picker.currentData() == data["pa"]  # the open form keeps what it showed
    assert not first.is_dirty()


def test_editing_a_mandate_keeps_a_code_written_by_hand(ctx, qtbot, db, data):
    form = MandateForm(ctx, data["m2"], today=TODAY)
    qtbot.addWidget(form)
    assert form.windowTitle() == "Mandato XXVIII-PA-2"
    assert not form.widget("status").isEnabled()  # the status follows the log
    fill_text(qtbot, form.widget("point"), "3")
    assert form.widget("code").text() == "XXVIII-PA-3"
    fill_text(qtbot, form.widget("code"), "PA-ESPECIAL")
    fill_text(qtbot, form.widget("point"), "4")
    assert form.widget("code").text() == "PA-ESPECIAL"
    fill_text(qtbot, form.widget("title"), "Encuentro de industrias culturales")
    assert form.save()
    with db.session() as s:
        m = s.get(Mandate, data["m2"])
        assert (m.code, m.point, m.title, m.version) == ("PA-ESPECIAL", "4", "Encuentro de industrias culturales", 2)


def test_validation_shows_each_problem_and_saves_nothing(ctx, qtbot, db, data):
    form = MandateForm(ctx, None, today=TODAY)
    qtbot.addWidget(form)
    assert form.save() is False
    error = lambda key: form.findChild(QLabel, f"error_{key}").text()  # noqa: E731
    assert error("document_id") == "Este campo es obligatorio."
    assert error("title") == "Este campo es obligatorio."
    choose(form.widget("document_id"), data["pa"])
    qtbot.keyClicks(form.widget("point"), "1")  # XXVIII-PA-1 exists
    qtbot.keyClicks(form.widget("title"), "Repetido")
    assert form.save() is False
    assert error("code") == "Ya hay otro mandato con el código XXVIII-PA-1."
    assert not form.findChild(QLabel, "error_title").isVisible()
    with db.session() as s:
        assert len(s.scalars(select(Mandate)).all()) == 4


def test_a_due_date_must_be_a_date(db, data):
    from segib_desktop import errors

    service = MandateService(db)
    with pytest.raises(errors.ValidationError) as caught:
        service.save(None, {"document_id": data["pa"], "title": "Fecha mal escrita", "due_date": "31/02/2027"})
    assert caught.value.field_messages() == {"due_date": "Escriba una fecha (día/mes/año)."}


# --- the progress log

def add_entry(qtbot, form, *, day, text="", status=None, evidence=""):
    entry = form.progress.add_entry()
    entry.widget("entry_date").set_value(day)
    entry.widget("text").setPlainText(text)
    if status is not None:
        choose(entry.widget("new_status"), status)
    qtbot.keyClicks(entry.widget("evidence"), evidence)
    return entry, entry.save()


def test_progress_entries_newest_first_and_the_status_follows(ctx, qtbot, db, data):
    db.user = "Ana Costa"
    form = MandateForm(ctx, data["m2"], today=TODAY)
    qtbot.addWidget(form)
    form.tabs.setCurrentWidget(form.progress)
    assert form.progress.model.rowCount() == 0
    _entry, ok = add_entry(qtbot, form, day=dt.date(2026, 2, 3), text="Nota enviada a los países.\nSegunda línea.",
                           status=MandateStatus.IN_PROGRESS, evidence="https://www.segib.org/nota.pdf")
    assert ok
    assert form.widget("status").currentData() == MandateStatus.IN_PROGRESS
    _entry, ok = add_entry(qtbot, form, day=dt.date(2026, 9, 1), text="Encuentro celebrado en Lisboa.",
                           status=MandateStatus.FULFILLED)
    assert ok
    # A correction dated earlier does not undo the latest change.
    _entry, ok = add_entry(qtbot, form, day=dt.date(2026, 5, 1), text="Corrección: la nota salió en mayo.")
    assert ok
    model = form.progress.model
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["01/09/2026", "01/05/2026", "03/02/2026"]
    assert [model.data(model.index(r, 3)) for r in range(3)] == ["Cumplido", "", "En curso"]
    assert model.data(model.index(0, 1)) == "Ana Costa"
    assert form.widget("status").currentData() == MandateStatus.FULFILLED
    with db.session() as s:
        assert s.get(Mandate, data["m2"]).status == MandateStatus.FULFILLED
        first = s.scalar(select(MandateProgress).where(MandateProgress.entry_date == dt.date(2026, 2, 3)))
        assert first.text == "Nota enviada a los países.\nSegunda línea."
        assert first.evidence == "https://www.segib.org/nota.pdf"
    # The form saves after the log changed the status: no conflict, no second entry.
    fill_text(qtbot, form.widget("officer"), "Ana Costa")
    assert form.save()
    with db.session() as s:
        assert len(s.scalars(select(MandateProgress).where(MandateProgress.mandate_id == data["m2"])).all()) == 3


def test_a_bad_entry_is_refused_and_entries_are_final(ctx, qtbot, db, data):
    from segib_desktop import errors
    from segib_desktop.core.services.mandates import ProgressService

    form = MandateForm(ctx, data["m1"], today=TODAY)
    qtbot.addWidget(form)
    entry, ok = add_entry(qtbot, form, day=dt.date(2026, 12, 1), text="Desde el futuro")
    assert not ok
    assert entry.findChild(QLabel, "error_entry_date").text() == "La fecha no puede ser posterior a hoy."
    entry.widget("entry_date").set_value(TODAY)
    entry.widget("text").setPlainText("")
    assert not entry.save()
    assert entry.findChild(QLabel, "error_text").text() == "Escriba lo que se hizo o elija un nuevo estado."
    service = ProgressService(db, data["m1"], today=TODAY)
    entry_id = service.save(None, {"entry_date": TODAY, "text": "Hecho."})
    with pytest.raises(errors.SegibError, match="cannot be changed"):
        service.save(entry_id, {"entry_date": TODAY, "text": "Reescrito."})
    with pytest.raises(errors.SegibError):
        service.delete(entry_id)
    with db.session() as s:
        assert s.get(MandateProgress, entry_id).text == "Hecho."


def test_a_new_mandate_has_no_log_yet(ctx, qtbot, data):
    form = MandateForm(ctx, None, today=TODAY)
    qtbot.addWidget(form)
    assert not form.progress.add_button.isEnabled()
    assert "Guarde primero el mandato" in form.progress.hint.text()


def test_the_coordination_tab_lists_the_linked_activities(ctx, qtbot, db, data, monkeypatch):
    with db.session() as s:
        activity = Activity(kind=ActivityKind.MEETING, date=dt.date(2026, 3, 2), subject="Reunión con la OEI")
        activity.bodies = [s.get(Body, data["oei"])]
        s.add(activity)
        s.flush()
        s.execute(insert(activity_mandates), [{"activity_id": activity.id, "mandate_id": data["m1"]}])
        activity_id = activity.id
    navigated = []
    ctx.navigate = lambda key, **options: navigated.append((key, options))
    form = MandateForm(ctx, data["m1"], today=TODAY)
    qtbot.addWidget(form)
    model = form.coordination.model
    assert model.rowCount() == 1
    assert [model.data(model.index(0, c)) for c in range(4)] == ["02/03/2026", "Reunión", "Reunión con la OEI", "OEI"]
    # Enter opens the activity, as a double-click does (it used to press the form's default button, Save)
    view = shown_in_form(form, qtbot, form.coordination.view)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert navigated == [("coordination", {"open_id": activity_id})]


def shown_in_form(form, qtbot, view):
    """``form`` shown and active, ``view``'s tab current, ``view`` with the keyboard on its first row."""
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()  # what the desktop does for a new window; offscreen has no window manager
    qtbot.waitUntil(form.isActiveWindow)
    form.tabs.setCurrentWidget(view.parentWidget())
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.waitUntil(view.hasFocus)
    return view


def test_enter_on_a_progress_entry_opens_its_evidence_and_leaves_the_form_open(ctx, qtbot, db, data, monkeypatch):
    from segib_desktop.gui.pages.mandates import tabs

    ProgressService(db, data["m1"], today=TODAY).save(None, {"entry_date": TODAY, "text": "Informe enviado.",
                                                            "evidence": "informe.pdf"})
    opened = []
    monkeypatch.setattr(tabs, "open_evidence", lambda evidence, parent=None: opened.append(evidence))
    form = MandateForm(ctx, data["m1"], today=TODAY)
    qtbot.addWidget(form)
    view = shown_in_form(form, qtbot, form.progress.view)
    qtbot.keyClick(view, Qt.Key.Key_Enter)  # the keypad's
    assert opened == ["informe.pdf"]
    assert form.isVisible() and form.result() == 0


def test_deleting_a_mandate_with_a_log_asks_twice(ctx, qtbot, db, data, monkeypatch):
    page = make_page(ctx, qtbot)
    ProgressServiceEntry = MandateService(db, today=TODAY)
    ProgressServiceEntry.bulk_set_status([data["m1"]], MandateStatus.FULFILLED)
    page.select_id(data["m1"])
    questions = []
    monkeypatch.setattr(table_module, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs_module, "confirm", lambda parent, text, **k: questions.append(text) or True)
    with qtbot.waitSignal(page.loaded):
        page.delete_button.click()
    assert "1 entrada de su seguimiento" in questions[0]
    with db.session() as s:
        assert s.get(Mandate, data["m1"]) is None
        assert not s.scalars(select(MandateProgress).where(MandateProgress.mandate_id == data["m1"])).all()


# --- bulk changes

def select_codes(page, wanted):
    page.view.clearSelection()
    for row, code in enumerate(codes(page)):
        if code in wanted:
            page.view.selectionModel().select(
                page.model.index(row, 0),
                page.view.selectionModel().SelectionFlag.Select | page.view.selectionModel().SelectionFlag.Rows)


def test_bulk_status_change_writes_an_entry_per_mandate(ctx, qtbot, db, data, monkeypatch):
    db.user = "Lucía"
    page = make_page(ctx, qtbot)
    told: list[str] = []
    monkeypatch.setattr(mandates_page, "show_info", lambda _p, text: told.append(text))
    assert not page.status_button.isEnabled()
    select_codes(page, {"XXVIII-PA-1", "XXVIII-PA-2"})
    assert page.status_button.isEnabled()
    page.status_button.click()
    dialog = page.dialog
    assert "2 mandatos seleccionados" in dialog.findChild(QLabel).text()
    choose(dialog.choice, MandateStatus.SUPERSEDED)
    dialog.note.setPlainText("Sustituidos por el Programa de Acción de Cuenca.")
    dialog.show()
    dialog.note.setFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)  # on to the buttons, not a tab typed into the note (explore19)
    assert not dialog.note.hasFocus() and "\t" not in dialog.note.toPlainText()
    with qtbot.waitSignal(page.loaded):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with db.session() as s:
        for key in ("m1", "m2"):
            assert s.get(Mandate, data[key]).status == MandateStatus.SUPERSEDED
            entries = s.execute(select(MandateProgress.entry_date, MandateProgress.author, MandateProgress.text,
                                       MandateProgress.new_status)
                                .where(MandateProgress.mandate_id == data[key])).all()
            assert [tuple(e) for e in entries] == [
                (TODAY, "Lucía", "Sustituidos por el Programa de Acción de Cuenca.", MandateStatus.SUPERSEDED)]
        assert s.get(Mandate, data["m3"]).status == MandateStatus.FULFILLED  # not selected: untouched
    assert page.status_counts[MandateStatus.SUPERSEDED] == 2
    assert told == ["2 mandatos cambiados."]


def test_bulk_area_change_writes_an_entry_per_mandate(ctx, qtbot, db, data, monkeypatch):
    page = make_page(ctx, qtbot)
    monkeypatch.setattr(mandates_page, "show_info", lambda *a: None)
    select_codes(page, {"XXVIII-PA-1", "XXIX-DEC-5"})
    page.area_button.click()
    dialog = page.dialog
    choose(dialog.choice, data["gabinete"])
    with qtbot.waitSignal(page.loaded):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with db.session() as s:
        assert s.get(Mandate, data["m1"]).area_id == data["gabinete"]
        assert s.get(Mandate, data["m3"]).area_id == data["gabinete"]
        assert s.get(Mandate, data["m3"]).status == MandateStatus.FULFILLED
    # stored as a code and its parameters, read in the reader's language
    texts = {key: [r.text for r in read_mandates.progress_rows(db, data[key], "es")] for key in ("m1", "m3")}
    assert texts == {"m1": ["Área responsable cambiada de Cooperación Sur-Sur a Gabinete."],
                     "m3": ["Área responsable cambiada de (ninguna) a Gabinete."]}
    choose(page.area_filter, data["gabinete"])
    assert codes(page) == ["XXIX-DEC-5", "XXVIII-PA-1"]


def test_a_bulk_change_refused_keeps_the_dialog_its_choice_and_note_until_saved(
        short_busy_timeout, ctx, qtbot, db, data, monkeypatch):  # noqa: F811
    """Explore 21 D5: the change ran once the dialog had closed; refused (another program writing, a full
    disk), the note typed was gone. Now the dialog stays, with its choice and note, until OK saves; while
    the database is waited for, a progress dialog says so."""
    from PySide6.QtWidgets import QMessageBox

    page = make_page(ctx, qtbot)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(mandates_page, "show_info", lambda *a: None)
    select_codes(page, {"XXVIII-PA-1", "XXVIII-PA-2"})
    page.status_button.click()
    dialog = page.dialog
    choose(dialog.choice, MandateStatus.SUPERSEDED)
    note = "Sustituidos por el Programa de Acción de Cuenca. " * 10
    dialog.note.setPlainText(note)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with held_by_another_connection(db.path):
        ok.click()
        assert dialog.progress.isVisible()
        qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert len(shown) == 1 and "está ocupada" in shown[0]
    assert dialog.progress is None and ok.isEnabled()
    assert dialog.isVisible() and dialog.result() == 0  # still open, still holding the officer's work
    assert dialog.choice.currentData() == MandateStatus.SUPERSEDED and dialog.note.toPlainText() == note
    assert read_mandates.progress_rows(db, data["m1"]) == []
    with qtbot.waitSignal(page.loaded):
        ok.click()  # the other program is done: the same dialog saves
    assert not dialog.isVisible() and dialog.result() == 1
    with db.session() as s:
        assert s.get(Mandate, data["m1"]).status == MandateStatus.SUPERSEDED
        assert s.scalar(select(MandateProgress.text).where(MandateProgress.mandate_id == data["m2"])) == note.strip()


def test_a_bulk_change_runs_under_a_progress_dialog_that_cancels_it(ctx, qtbot, db, data, monkeypatch):
    """Explore22 #1: 5,000 mandates froze the window for 15-25 s, no progress, no cancel, no result said.
    The change runs in a thread under a progress dialog (the window's loop runs meanwhile); Cancel writes
    nothing and keeps the dialog, its choice and its note; then the result is said, 1.200 as lists write it."""
    import threading

    ids = MandateService(db, today=TODAY).create_many(data["pa"], [{"point": str(n), "title": f"Punto {n}"}
                                                                  for n in range(10, 1208)])
    page = make_page(ctx, qtbot)
    told: list[str] = []
    monkeypatch.setattr(mandates_page, "show_info", lambda _p, text: told.append(text))
    go = threading.Event()
    real = page.service.bulk_set_status

    def held(*args, **kwargs):  # the real change, once the test has looked at the window
        go.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(page.service, "bulk_set_status", held)
    page.view.selectAll()
    page.status_button.click()
    dialog = page.dialog
    choose(dialog.choice, MandateStatus.SUPERSEDED)
    dialog.note.setPlainText("Sustituidos.")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # returns at once: the change waits in its thread
    progress = dialog.progress
    assert progress.isVisible() and not ok.isEnabled()
    assert progress.labelText() == "Cambiando 1.202 mandatos…"
    progress.findChild(QPushButton).click()  # Cancel
    go.set()
    qtbot.waitUntil(lambda: dialog.progress is None, timeout=30000)
    assert dialog.isVisible() and ok.isEnabled() and told == []
    assert dialog.choice.currentData() == MandateStatus.SUPERSEDED and dialog.note.toPlainText() == "Sustituidos."
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(MandateProgress)) == 0
    with qtbot.waitSignal(page.loaded, timeout=30000):
        ok.click()
    assert not dialog.isVisible() and told == ["1.202 mandatos cambiados."]
    with db.session() as s:
        assert s.get(Mandate, ids[-1]).status == MandateStatus.SUPERSEDED


def test_escape_asks_before_throwing_away_the_note_of_a_bulk_change(ctx, qtbot, db, data, monkeypatch):
    """Explore 20 #5: Escape closed the dialog and its note unasked. It asks whether to lose the note, Cancel
    first (the review: the forms' question had Save first, and Escape then Enter changed every mandate chosen);
    Discard closes; with no note typed, Escape closes at once."""
    from PySide6.QtWidgets import QMessageBox

    page = make_page(ctx, qtbot)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or answer[0])
    monkeypatch.setattr(mandates_page, "show_info", lambda *a: None)
    select_codes(page, {"XXVIII-PA-1"})
    for press in ("Escape", "Cancel"):
        page.area_button.click()
        dialog = page.dialog
        qtbot.waitExposed(dialog)
        if press == "Escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        assert asked == [] and not dialog.isVisible()
    page.area_button.click()
    dialog = page.dialog
    choose(dialog.choice, data["gabinete"])
    dialog.note.setPlainText("Reorganización del Gabinete.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["¿Cerrar y perder lo escrito aquí?"] and dialog.isVisible()
    with qtbot.waitSignal(page.loaded):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    with db.session() as s:
        assert s.get(Mandate, data["m1"]).area_id == data["gabinete"]
    page.status_button.click()
    dialog = page.dialog
    dialog.note.setPlainText("Una nota que no se guarda.")
    answer[0] = QMessageBox.StandardButton.Discard
    dialog.close()  # the window's ×: asked too
    assert len(asked) == 2 and not dialog.isVisible()
    assert [r.text for r in read_mandates.progress_rows(db, data["m1"], "es")] == [
        "Área responsable cambiada de Cooperación Sur-Sur a Gabinete.\nReorganización del Gabinete."]


# --- a pasted document

DOCUMENTO = """\
Programa de Acción de la XXX Cumbre Iberoamericana

1. Encomendar a la SEGIB la elaboración de un informe
sobre la cooperación en ciencia e innovación.
2. Solicitar a la SEGIB:
a) un seminario sobre la lengua portuguesa;
b) la difusión de la Carta en español y portugués.
3. Apoyar la candidatura de Cádiz.
"""


def test_pasting_a_document_creates_its_mandates_in_one_go(ctx, qtbot, db, data, monkeypatch):
    page = make_page(ctx, qtbot)
    monkeypatch.setattr(mandates_page, "show_info", lambda *a: None)
    page.paste_button.click()
    dialog = page.dialog
    choose(dialog.document, data["dec"])
    choose(dialog.area, data["cultura"])
    dialog.due.set_value(dt.date(2027, 6, 30))
    dialog.source.setPlainText(DOCUMENTO)
    dialog.split_button.click()
    table = dialog.table
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == ["1", "2", "2.a", "2.b", "3"]
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == [
        "XXIX-DEC-1", "XXIX-DEC-2", "XXIX-DEC-2.a", "XXIX-DEC-2.b", "XXIX-DEC-3"]
    assert table.item(1, 0).checkState() == Qt.CheckState.Unchecked  # "Solicitar a la SEGIB:" only opens a list
    assert "Programa de Acción de la XXX Cumbre" in dialog.preamble.text()
    assert dialog.summary.text() == "5 puntos encontrados; 4 se guardarán como mandatos."
    # The officer drops point 3, shortens a title, renumbers a point and fixes a text.
    table.item(4, 0).setCheckState(Qt.CheckState.Unchecked)
    table.item(0, 3).setText("Informe sobre ciencia e innovación")
    table.item(3, 1).setText("2.c")
    assert table.item(3, 2).text() == "XXIX-DEC-2.c"
    table.setCurrentCell(2, 3)
    dialog.text_edit.setPlainText("un seminario sobre la lengua portuguesa\nen Lisboa;")
    assert dialog.summary.text() == "5 puntos encontrados; 3 se guardarán como mandatos."
    with qtbot.waitSignal(page.loaded):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with db.session() as s:
        made = s.execute(select(Mandate.code, Mandate.title, Mandate.text, Mandate.area_id, Mandate.due_date)
                         .where(Mandate.document_id == data["dec"], Mandate.code != "XXIX-DEC-5")
                         .order_by(Mandate.id)).all()
    assert [m.code for m in made] == ["XXIX-DEC-1", "XXIX-DEC-2.a", "XXIX-DEC-2.c"]
    assert made[0].title == "Informe sobre ciencia e innovación"
    assert made[0].text == "Encomendar a la SEGIB la elaboración de un informe\nsobre la cooperación en ciencia e innovación."
    assert made[1].text == "un seminario sobre la lengua portuguesa\nen Lisboa;"
    assert made[1].title.startswith("Un seminario sobre la lengua portuguesa")  # its own words (issue 19)
    assert {(m.area_id, m.due_date) for m in made} == {(data["cultura"], dt.date(2027, 6, 30))}
    assert page.model.rowCount() == 7


def test_a_pasted_document_with_a_clash_saves_nothing(ctx, qtbot, db, data):
    page = make_page(ctx, qtbot)
    dialog = page.paste_document()
    choose(dialog.document, data["dec"])
    dialog.source.setPlainText("4. Primer mandato.\n5. Punto que ya existe.\n6. Tercero.")
    dialog.split()
    assert dialog.table.item(1, 2).toolTip() == "Ya hay otro mandato con este código."
    assert dialog.save() is False
    assert dialog.error.text() == "Punto 5: Ya hay otro mandato con el código XXIX-DEC-5."
    assert dialog.isVisible() or not dialog.result()
    with db.session() as s:
        assert len(s.scalars(select(Mandate)).all()) == 4
    dialog.document.setCurrentIndex(0)
    assert dialog.save() is False
    assert dialog.error.text() == "Elija el documento del que proceden los mandatos."


# --- areas and the user's name

def test_areas_and_user_name(ctx, qtbot, db, data, monkeypatch):
    page = make_page(ctx, qtbot)
    page.settings_button.click()
    dialog = page.dialog
    assert [dialog.model.data(dialog.model.index(r, 0)) for r in range(3)] == [
        "Cooperación Sur-Sur", "Cultura", "Gabinete"]
    assert dialog.model.data(dialog.model.index(1, 1)) == "2"  # mandates Cultura is responsible for
    form = dialog.edit_area(None)
    fill_text(qtbot, form.widget("name"), "Comunicación")
    assert form.save()
    form = dialog.edit_area(data["gabinete"])
    fill_text(qtbot, form.widget("name"), "cultura")
    assert not form.save()
    assert form.findChild(QLabel, "error_name").text() == "Ya existe un área llamada cultura."
    fill_text(qtbot, form.widget("name"), "Gabinete de la Secretaría General")
    assert form.save()
    shown = []
    monkeypatch.setattr(areas_module, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs_module, "show_error", lambda parent, error: shown.append(error.user_message()))
    assert not dialog.delete_area(data["cultura"])  # in use: refused with the reason
    assert "2 mandatos de los que es responsable" in shown[0]
    assert dialog.delete_area(data["gabinete"])
    fill_text(qtbot, dialog.user_name, "María José Fernández")
    dialog.accept()
    assert page.area_filter.findText("Comunicación") >= 0
    with db.session() as s:
        assert sorted(s.scalars(select(Area.name))) == ["Comunicación", "Cooperación Sur-Sur", "Cultura"]
        assert s.get(Setting, "user_name").value == "María José Fernández"
    assert db.user == "María José Fernández"
    form = MandateForm(ctx, data["m4"], today=TODAY)
    qtbot.addWidget(form)
    _entry, ok = add_entry(qtbot, form, day=TODAY, text="Informe presentado.")
    assert ok and form.progress.model.data(form.progress.model.index(0, 1)) == "María José Fernández"


# --- in Portuguese

def test_the_page_in_portuguese(ctx, qtbot, data):
    from segib_desktop import i18n

    i18n.set_language("pt")
    ctx.lang = "pt"
    page = make_page(ctx, qtbot)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Código", "Título", "Origem", "Área responsável", "Prazo", "Status", "Prioridade"]
    assert page.model.data(page.model.index(codes(page).index("XXVIII-PA-1"), 5)) == "Em andamento"
    assert page.overdue_filter.text() == "Vencidos"
    assert page.count_label.text() == "4 de 4 mandatos"
