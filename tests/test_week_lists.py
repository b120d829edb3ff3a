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
        qtbot.addWidget(page)
    wait_loaded(qtbot, summits)
    wait_loaded(qtbot, mandates)
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
