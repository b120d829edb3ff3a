"""The shared list and form, driven through the summits."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from segib_desktop.core.models import AuditEntry, Summit, SummitStatus
from segib_desktop.gui.pages.summits import SummitForm, SummitsPage
from segib_desktop.gui.widgets import dialogs as dialogs_module
from segib_desktop.gui.widgets import form as form_module
from segib_desktop.gui.widgets import table as table_module
from tests.conftest import wait_loaded


def make_page(ctx, qtbot):
    page = SummitsPage(ctx)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)
    return page


def shown_cities(page):
    return [page.model.data(page.model.index(r, 3)) for r in range(page.model.rowCount())]


def test_the_list_model_passes_qt_model_tests(ctx, qtbot, qtmodeltester):
    page = make_page(ctx, qtbot)
    qtmodeltester.check(page.model)


def test_typing_filters_accent_and_case_insensitively(ctx, qtbot):
    page = make_page(ctx, qtbot)
    qtbot.keyClicks(page.filter_edit, "CADIZ")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert shown_cities(page) == ["Cádiz"]
    assert page.count_label.text() == "1 de 30 cumbres"
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "cartagena indias")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "celebrada")  # the translated status is searchable too
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)


def test_status_and_year_filters(ctx, qtbot, db):
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 30)).status = SummitStatus.PLANNED
    page = make_page(ctx, qtbot)
    with qtbot.waitSignal(page.loaded):
        page.status_filter.setCurrentIndex(page.status_filter.findData(SummitStatus.PLANNED))
    assert shown_cities(page) == ["Madrid"]
    with qtbot.waitSignal(page.loaded):
        page.status_filter.setCurrentIndex(0)
    page.year_from.setValue(2016)
    page.year_to.setValue(2021)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert sorted(shown_cities(page)) == ["Andorra (Soldeu)", "Cartagena de Indias", "La Antigua Guatemala"]


def test_clicking_a_header_sorts_by_that_column(ctx, qtbot):
    page = make_page(ctx, qtbot)
    header = page.view.horizontalHeader()
    page.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    cities = shown_cities(page)
    assert cities == sorted(cities, key=lambda c: table_module.fold(c))
    assert cities[0] == "Andorra (Soldeu)"
    page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert page.model.data(page.model.index(0, 0)) == "XXX"
    assert header.sortIndicatorSection() == 1


def fill(form, qtbot, **values):
    for key, value in values.items():
        widget = form.widget(key)
        if isinstance(value, dt.date):
            widget.set_value(value)
        elif hasattr(widget, "clear") and hasattr(widget, "setText"):
            widget.clear()
            qtbot.keyClicks(widget, str(value))
        else:
            widget.setCurrentIndex(widget.findData(value))


def test_creating_a_summit_through_the_form(ctx, qtbot, db):
    page = make_page(ctx, qtbot)
    form = SummitForm(ctx, None, parent=page)
    fill(form, qtbot, number=31, city="Lisboa", start_date=dt.date(2028, 11, 9), end_date=dt.date(2028, 11, 10))
    form.widget("theme_es").setPlainText("Una Iberoamérica «unida»\ny solidaria")
    with qtbot.waitSignal(page.loaded):
        form.saved.connect(lambda saved_id: page.reload(select_id=saved_id))
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with db.session() as s:
        summit = s.scalar(select(Summit).where(Summit.number == 31))
        assert (summit.city, summit.end_date) == ("Lisboa", dt.date(2028, 11, 10))
        assert summit.theme_es == "Una Iberoamérica «unida»\ny solidaria"
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.record_uid == summit.uid)) == "create"
    assert page.model.rowCount() == 31
    assert page.selected_id() == summit.id


def test_validation_errors_show_inline_and_save_nothing(ctx, qtbot, db):
    form = SummitForm(ctx, None)
    qtbot.addWidget(form)
    fill(form, qtbot, number=30, start_date=dt.date(2030, 5, 2), end_date=dt.date(2030, 5, 1))
    assert form.save() is False
    assert form.findChild(type(form.general_error), "error_number").text() == "Ya existe la cumbre 30."
    assert form.findChild(type(form.general_error), "error_end_date").text() == (
        "La fecha de fin no puede ser anterior a la de inicio.")
    assert not form.findChild(type(form.general_error), "error_city").isVisible()
    with db.session() as s:
        assert len(s.scalars(select(Summit)).all()) == 30


def test_closing_with_unsaved_changes_asks_first(ctx, qtbot, monkeypatch, db):
    sid = db.session
    with sid() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 29))
    form = SummitForm(ctx, summit_id)
    qtbot.addWidget(form)
    form.show()
    assert not form.is_dirty()
    fill(form, qtbot, city="Quito")
    assert form.is_dirty()
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or next(answers))
    form.reject()
    assert form.isVisible()  # cancelled: still open, still edited
    form.reject()
    assert not form.isVisible()
    assert len(asked) == 2 and "Guardar los cambios" in asked[0]
    with db.session() as s:
        assert s.scalar(select(Summit.city).where(Summit.id == summit_id)) == "Cuenca"


def test_deleting_asks_for_confirmation(ctx, qtbot, monkeypatch, db):
    page = make_page(ctx, qtbot)
    new_id = page.service.save(None, {"number": 31, "city": "Lisboa", "status": SummitStatus.PLANNED})
    with qtbot.waitSignal(page.loaded):
        page.reload(select_id=new_id)
    monkeypatch.setattr(table_module, "confirm", lambda *a, **k: False)
    page.delete_button.click()
    assert page.service.get(new_id)["city"] == "Lisboa"
    monkeypatch.setattr(table_module, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(page.loaded):
        page.delete_button.click()
    assert page.model.rowCount() == 30
    assert not page.delete_button.isEnabled()  # nothing is selected any more
    with db.session() as s:
        assert s.get(Summit, new_id) is None


def test_deleting_a_summit_with_dependents_shows_the_reason(ctx, qtbot, monkeypatch, db):
    from segib_desktop.core.models import Document, DocumentKind

    with db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 28))
        s.add(Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit_id))
    form = SummitForm(ctx, summit_id)
    qtbot.addWidget(form)
    shown = []
    monkeypatch.setattr(form_module, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs_module, "confirm", lambda *a, **k: True)  # the delete asks and answers here
    monkeypatch.setattr(dialogs_module, "show_error", lambda parent, error: shown.append(error.user_message()))
    assert form.delete() is False
    assert shown and "1 documento que adoptó" in shown[0]
    with db.session() as s:
        assert s.get(Summit, summit_id) is not None


def test_the_selection_follows_its_record_when_the_list_is_sorted(ctx, qtbot):
    page = make_page(ctx, qtbot)
    with qtbot.waitSignal(page.loaded):
        page.reload()
    madrid = page.model.id_at(0)  # XXX, Madrid: newest first
    page.view.selectRow(0)
    assert page.selected_id() == madrid
    page.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # by city: Madrid moves down the list
    assert page.model.row_of_id(madrid) != 0
    assert page.selected_id() == madrid
    assert page.view.currentIndex().row() == page.model.row_of_id(madrid)
