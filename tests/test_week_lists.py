"""Issue 19 on the lists: year filters do not become the filter's delay."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from segib_desktop.gui.pages.mandates import MandatesPage
from segib_desktop.gui.pages.meetings import MeetingsPage
from segib_desktop.gui.pages.summits import SummitsPage
from tests.conftest import wait_loaded


def _lists(ctx, qtbot):
    summits, meetings, mandates = SummitsPage(ctx), MeetingsPage(ctx), MandatesPage(ctx)
    for page in (summits, meetings, mandates):
        qtbot.addWidget(page)  # no need to wait for their rows: the filter's timer is what is checked
    return [summits, meetings.meetings, meetings.documents, mandates], (meetings,)


def test_a_year_or_day_count_does_not_become_the_filter_delay(ctx, qtbot):
    """valueChanged(int) once reached QTimer.start(int): the year 2026 became a 2 s delay, for good."""
    checked = 0
    pages, _keep = _lists(ctx, qtbot)
    for page in pages:
        for spin in page.findChildren(QSpinBox):
            if spin.objectName() not in ("year_from", "year_to", "due_filter"):
                continue
            spin.setValue(spin.minimum() + 31)
            assert page._debounce.interval() == 120, (type(page).__name__, spin.objectName())
            assert page._debounce.isActive()
            page._debounce.stop()
            checked += 1
    assert checked >= 5  # summits (2), meetings (2 or more), mandates (1)


def test_one_number_format_on_every_screen(ctx, qtbot, db):
    """The list's count, the mandates' counts by status and the home page group thousands alike."""
    import datetime as dt

    from sqlalchemy import insert, select

    from segib_desktop.core.models import Document, DocumentKind, Mandate, Summit
    from segib_desktop.gui import formats

    assert [formats.number(v) for v in (2000, 20000, 1234.5)] == ["2.000", "20.000", "1.234,5"]
    with db.session(write=True) as s:
        doc = Document(kind=DocumentKind.DECLARATION, title="Declaración",
                       summit_id=s.scalar(select(Summit.id).where(Summit.number == 29)))
        s.add(doc)
        s.flush()
        s.execute(insert(Mandate), [{"uid": f"00000000-0000-4000-8000-{n:012d}", "version": 1, "document_id": doc.id,
                                     "point": str(n), "code": f"X-{n}", "title": f"Mandato {n}", "text": "",
                                     "officer": "", "recurrence": "one_off", "priority": "medium",
                                     "status": "not_started", "tags": "", "due_date": dt.date(2027, 1, 1)}
                                    for n in range(1, 1201)])
    page = MandatesPage(ctx)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)
    assert page.count_label.text() == "1.200 de 1.200 mandatos"
    assert page.counts.text().startswith("1.200 mandatos")
    assert "<b>1.200</b>" in page.counts.text()
