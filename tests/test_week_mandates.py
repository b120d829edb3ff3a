"""Issue 19 on the mandates: recurrence, review date, status changes, the edit conflict, empty dates."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from segib_desktop.core.models import Document, DocumentKind, MandateStatus, Recurrence, Summit
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService
from segib_desktop.gui.pages.mandates import MandateForm

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def document_id(db):
    with db.session(write=True) as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 29))
        doc = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción de Cuenca", summit_id=summit_id)
        s.add(doc)
        s.flush()
        return doc.id


def _form(ctx, qtbot, record_id=None, **defaults):
    form = MandateForm(ctx, record_id, today=TODAY, defaults=defaults or None)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_an_empty_date_in_a_form_saves_empty_after_a_validation_error(ctx, qtbot, db, document_id):
    """Save with no title puts the focus on the error; an empty due date tabbed through stays empty."""
    form = _form(ctx, qtbot, document_id=document_id)
    form.widget("point").setText("77")
    due = form.widget("due_date")
    due.setFocus()
    qtbot.keyClick(due, Qt.Key.Key_Tab)
    assert not form.save()  # no title
    form.widget("title").setText("Informe anual")
    due.setFocus()  # back on the empty date, as after an error there
    assert form.save()
    assert MandateService(db).get(form.record_id)["due_date"] is None


# --- recurrence ---------------------------------------------------------------------------------

def test_the_due_date_rules_of_recurring_mandates():
    from segib_desktop.core.mandate_dates import add_months, due_after_deliveries, next_due_date

    june = dt.date(2025, 6, 30)
    assert next_due_date(Recurrence.ANNUAL, june, dt.date(2025, 6, 2)) == dt.date(2026, 6, 30)
    assert next_due_date(Recurrence.EACH_CYCLE, june, dt.date(2025, 6, 2)) == dt.date(2027, 6, 30)
    assert next_due_date(Recurrence.ONE_OFF, june, dt.date(2025, 6, 2)) == june
    assert next_due_date(Recurrence.ANNUAL, None, dt.date(2025, 3, 1)) == dt.date(2026, 3, 1)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    # Two reports behind: one delivery answers one due date.
    assert due_after_deliveries(Recurrence.ANNUAL, dt.date(2024, 6, 30), [dt.date(2026, 1, 10)]) == june


def _recurring(db, document_id, recurrence=Recurrence.ANNUAL, due=dt.date(2026, 6, 30)):
    return MandateService(db, today=TODAY).save(None, {
        "document_id": document_id, "point": "9", "title": "Informe anual de la Cooperación Sur-Sur",
        "due_date": due, "recurrence": recurrence, "status": MandateStatus.IN_PROGRESS})


def test_a_delivered_report_rolls_a_recurring_mandate_forward(db, document_id):
    from segib_desktop.core.services.mandates import ProgressService

    annual = _recurring(db, document_id)
    once = MandateService(db, today=TODAY).save(None, {"document_id": document_id, "point": "10", "title": "Seminario", "due_date": dt.date(2026, 6, 30)})
    cycle = MandateService(db, today=TODAY).save(None, {
        "document_id": document_id, "point": "11", "title": "Informe a cada Cumbre",
        "due_date": dt.date(2026, 11, 1), "recurrence": Recurrence.EACH_CYCLE})
    for mandate_id in (annual, once, cycle):
        ProgressService(db, mandate_id, today=TODAY).save(None, {
            "entry_date": dt.date(2026, 11, 2), "text": "Informe entregado a la SPT.", "delivered": True})
    service = MandateService(db, today=TODAY)
    assert service.get(annual)["due_date"] == dt.date(2027, 6, 30)
    assert service.get(once)["due_date"] == dt.date(2026, 6, 30)  # a one-off mandate's date never moves
    assert service.get(cycle)["due_date"] == dt.date(2028, 11, 1)
    # An ordinary entry moves nothing; the log shows which entries were deliveries.
    ProgressService(db, annual, today=TODAY).save(None, {"entry_date": TODAY, "text": "Borrador en curso."})
    assert service.get(annual)["due_date"] == dt.date(2027, 6, 30)
    assert [row.delivered for row in read_mandates.progress_rows(db, annual)] == [False, True]
    # The list reads the rolled date: no longer overdue.
    row = next(r for r in read_mandates.list_rows(db, "es", today=TODAY) if r.id == annual)
    assert row.due_date == dt.date(2027, 6, 30) and row.overdue is False


def test_delivering_through_the_form_rolls_the_date_and_the_open_form_follows(ctx, qtbot, db, document_id):
    annual = _recurring(db, document_id, due=dt.date(2026, 6, 30))
    form = _form(ctx, qtbot, annual)
    entry = form.progress.add_entry()
    entry.widget("text").setPlainText("Informe 2026 entregado.")
    entry.widget("delivered").setChecked(True)
    assert entry.save()
    assert form.widget("due_date").value() == dt.date(2027, 6, 30)
    assert not form.is_dirty()  # the entry is saved: Cancel has nothing to ask about
    assert MandateService(db).get(annual)["due_date"] == dt.date(2027, 6, 30)


# --- review date ----------------------------------------------------------------------------------

def test_a_review_date_is_optional_and_saved_from_the_form(ctx, qtbot, db, document_id):
    form = _form(ctx, qtbot, document_id=document_id)
    form.widget("point").setText("3")
    form.widget("title").setText("Revisar el mandato")
    form.widget("review_date").set_value(dt.date(2027, 3, 31))
    assert form.save()
    assert MandateService(db).get(form.record_id)["review_date"] == dt.date(2027, 3, 31)
    other = _recurring(db, document_id)
    assert MandateService(db).get(other)["review_date"] is None


# --- status through the log -----------------------------------------------------------------------

def test_change_status_in_the_form_writes_the_log_at_once_and_cancel_keeps_it(ctx, qtbot, db, document_id,
                                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    mandate_id = _recurring(db, document_id)
    form = _form(ctx, qtbot, mandate_id)
    assert not form.widget("status").isEnabled()
    assert form.status_button.isVisible()
    assert "at once" in form.status_note.text() or "de inmediato" in form.status_note.text()
    entry = form.change_status(MandateStatus.FULFILLED)
    assert entry.widget("new_status").currentData() == MandateStatus.FULFILLED
    assert entry.save()
    assert form.widget("status").currentData() == MandateStatus.FULFILLED
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Discard)
    form.reject()  # Cancel: nothing unsaved to ask about, and the entry stays
    assert not asked
    assert read_mandates.status_and_version(db, mandate_id)[0] == MandateStatus.FULFILLED
    rows = read_mandates.progress_rows(db, mandate_id)
    assert rows[0][4] == MandateStatus.FULFILLED


def test_overwrite_in_the_conflict_dialog_keeps_the_status_the_log_set(ctx, qtbot, db, document_id, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from segib_desktop.core.services.mandates import ProgressService

    mandate_id = _recurring(db, document_id)
    stale = _form(ctx, qtbot, mandate_id)  # opened before the other change
    ProgressService(db, mandate_id, today=TODAY).save(None, {
        "entry_date": TODAY, "text": "Cumplido.", "new_status": MandateStatus.FULFILLED})
    stale.widget("title").setText("Informe anual (título corregido)")

    def overwrite(box):
        box.clickedButton = lambda: next(b for b in box.buttons() if b.text() == "Sobrescribir")

    monkeypatch.setattr(QMessageBox, "exec", lambda box: overwrite(box))
    assert stale.save()
    saved = MandateService(db).get(mandate_id)
    assert saved["title"] == "Informe anual (título corregido)"
    assert saved["status"] == MandateStatus.FULFILLED  # not back to In progress


def test_a_status_changed_from_a_stale_form_does_not_take_in_the_other_officers_change(ctx, qtbot, db,
                                                                                      document_id, monkeypatch):
    """Another officer saves the mandate; this form then changes its status (written at once) and is saved:
    the save asks which version to keep, and Cancel writes nothing over the other officer's title."""
    from PySide6.QtWidgets import QMessageBox

    mandate_id = _recurring(db, document_id)
    form = _form(ctx, qtbot, mandate_id)
    theirs = MandateService(db).get(mandate_id)
    MandateService(db).save(mandate_id, theirs | {"title": "Título de Luis"})
    entry = form.change_status(MandateStatus.FULFILLED)
    assert entry.save()
    form.widget("officer").setText("Ana (responsable)")
    asked = []

    def cancel(box):
        asked.append(box.text())
        box.clickedButton = lambda: box.button(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    assert not form.save()
    assert asked and "Otra persona" in asked[0]
    saved = MandateService(db).get(mandate_id)
    assert saved["title"] == "Título de Luis" and saved["status"] == MandateStatus.FULFILLED
    assert saved["officer"] != "Ana (responsable)"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    form.reject()  # its unsaved officer: discarded


def test_a_status_changed_from_the_form_alone_lets_its_save_through(ctx, qtbot, db, document_id, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    mandate_id = _recurring(db, document_id)
    form = _form(ctx, qtbot, mandate_id)
    entry = form.change_status(MandateStatus.FULFILLED)
    assert entry.save()
    form.widget("officer").setText("Ana (responsable)")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"asked: {box.text()}"))
    assert form.save()
    assert MandateService(db).get(mandate_id)["officer"] == "Ana (responsable)"


def test_overwrite_keeps_the_due_date_a_delivery_moved_on(ctx, qtbot, db, document_id, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from segib_desktop.core.services.mandates import ProgressService

    mandate_id = _recurring(db, document_id, due=dt.date(2026, 6, 30))
    stale = _form(ctx, qtbot, mandate_id)
    ProgressService(db, mandate_id, today=TODAY).save(None, {
        "entry_date": TODAY, "text": "Informe 2026 entregado.", "delivered": True})
    stale.widget("officer").setText("Carmen Sáenz")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: setattr(
        box, "clickedButton", lambda: next(b for b in box.buttons() if b.text() == "Sobrescribir")))
    assert stale.save()
    saved = MandateService(db).get(mandate_id)
    assert saved["officer"] == "Carmen Sáenz" and saved["due_date"] == dt.date(2027, 6, 30)


def test_the_to_review_view_and_the_home_figure_agree(ctx, qtbot, db, document_id):
    from segib_desktop.core.read import home as dashboard
    from segib_desktop.gui.pages.home import HomePage
    from segib_desktop.gui.pages.mandates import MandatesPage
    from tests.conftest import wait_loaded

    service = MandateService(db, today=TODAY)

    def mandate(point, review, status=MandateStatus.IN_PROGRESS):
        return service.save(None, {"document_id": document_id, "point": point, "title": f"Mandato {point}",
                                   "review_date": review, "status": status})

    past = mandate("1", dt.date(2026, 9, 1))
    soon = mandate("2", TODAY + dt.timedelta(days=30))
    mandate("3", TODAY + dt.timedelta(days=31))  # later: not yet
    mandate("4", None)  # no review date
    mandate("5", dt.date(2026, 1, 1), MandateStatus.FULFILLED)  # closed: nothing to review
    assert dashboard.figures(db, today=TODAY).to_review == 2

    home = HomePage(ctx, today=TODAY)
    qtbot.addWidget(home)
    qtbot.waitUntil(lambda: home.figures is not None)
    assert home.cards["to_review"].value_label.text() == "2"
    opened = []
    ctx.navigate = lambda page, **options: opened.append((page, options))
    qtbot.mouseClick(home.cards["to_review"], Qt.MouseButton.LeftButton)
    assert opened == [("mandates", {"to_review": True})]

    page = MandatesPage(ctx)
    page.today = TODAY
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)
    page.show_options(**opened[0][1])
    assert page.review_filter.isChecked()
    assert sorted(page.model.id_at(r) for r in range(page.model.rowCount())) == sorted([past, soon])


def test_the_example_data_shows_every_home_figure(db):
    from segib_desktop.core import demo
    from segib_desktop.core.models import MandateProgress
    from segib_desktop.core.read import home as dashboard

    today = dt.date(2026, 12, 3)
    demo.fill(db, today=today)
    d = dashboard.figures(db, today=today)
    assert d.due_soon > 0 and d.to_review > 0 and d.overdue_mandates > 0
    assert d.next_summit is not None and d.next_summit.days > 0 and d.next_summit.number == 31
    assert d.mandates_by_status[MandateStatus.ONGOING] > 0  # permanent mandates
    assert d.next_meetings and d.open_actions and d.delayed_milestones
    with db.session() as s:
        from segib_desktop.core.models import Mandate

        delivered = s.scalars(select(MandateProgress).where(MandateProgress.delivered)).all()
        assert delivered
        for entry in delivered:  # a delivery rolled a recurring mandate's date forward
            assert entry.mandate.recurrence is not Recurrence.ONE_OFF
        recurring = s.scalars(select(Mandate).where(Mandate.recurrence != Recurrence.ONE_OFF)).all()
        assert any(m.due_date and m.due_date > today and any(p.delivered for p in m.progress) for m in recurring)
