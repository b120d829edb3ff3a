"""Issue 19 on the mandates: recurrence, review date, status changes, the edit conflict, empty dates."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from segib_desktop.core.models import Document, DocumentKind, Summit
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
