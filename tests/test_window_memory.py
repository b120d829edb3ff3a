"""What the window no longer keeps as it is used through a working day: the rows of every earlier load of a
list (+8 MB a reload on 20,000 mandates), every record form opened and closed (+6 MB a form)."""

from __future__ import annotations

import gc
import weakref
from typing import NamedTuple

from PySide6.QtWidgets import QDialogButtonBox

from segib_desktop.gui.pages.mandates.form import MandateForm
from segib_desktop.gui.widgets.form import FormDialog
from segib_desktop.gui.widgets.table import Column, ListPage
from tests.test_mandates_gui import data, make_page  # noqa: F401  (data: a fixture)


class _Row(NamedTuple):
    id: int
    name: str
    number: int


class _LongList(ListPage):
    """Long enough that its other columns are ranked in the background after each load."""

    columns = (Column("Name", field="name"), Column("Number", "int", field="number"))

    def fetch(self, **query):
        return [_Row(i, f"row {i:05}", 5000 - i) for i in range(5000)]

    def open_record(self, record_id):
        return None


def _live_row_lists() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is list and len(o) == 5000 and type(o[0]) is _Row)


def test_reloading_a_list_keeps_only_its_current_rows(qtbot):
    from PySide6.QtCore import QThreadPool

    page = _LongList()
    qtbot.addWidget(page)
    for _ in range(4):
        with qtbot.waitSignal(page.loaded, timeout=10000):
            page.reload()
        # the other columns' ranking, started once the rows are painted, has come back
        qtbot.waitUntil(lambda: len(page.model._ranks) == len(page.columns), timeout=10000)
    QThreadPool.globalInstance().waitForDone()
    gc.collect()
    assert _live_row_lists() == 1


def test_a_closed_form_does_not_stay_alive_on_its_page(ctx, qtbot, data):  # noqa: F811
    gc.collect()
    earlier = {id(o) for o in gc.get_objects() if isinstance(o, MandateForm)}  # other tests' (the whole suite's)
    page = make_page(ctx, qtbot)
    refs = []
    for _ in range(3):
        form = page.open_record(data["m1"])
        qtbot.waitUntil(form.isVisible, timeout=5000)
        form.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        refs.append(weakref.ref(form))
        del form
    qtbot.waitUntil(lambda: not page.findChildren(FormDialog), timeout=5000)
    page.dialog = None  # the page's reference to its last dialog, kept for the tests
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]
    assert not [o for o in gc.get_objects() if isinstance(o, MandateForm) and id(o) not in earlier]


def test_a_saved_form_is_deleted_once_the_list_has_its_record(ctx, qtbot, data):  # noqa: F811
    page = make_page(ctx, qtbot)
    form = page.open_record(data["m2"])
    form.widget("title").setText("Encuentro iberoamericano de cultura y lengua")
    with qtbot.waitSignal(page.loaded):
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not page.findChildren(FormDialog), timeout=5000)
    assert page.selected_id() == data["m2"]
