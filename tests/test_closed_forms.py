"""A closed record form is deleted: opened as a child of its page, each one stayed alive (+6 MB a form on
20,000 mandates: its similar-mandates pane, its progress tab) until the page went."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QDialogButtonBox

from segib_desktop.gui.pages.mandates.form import MandateForm
from segib_desktop.gui.widgets.form import FormDialog
from tests.test_mandates_gui import data, make_page  # noqa: F401  (data: a fixture)


def test_a_closed_form_does_not_stay_alive_on_its_page(ctx, qtbot, data):  # noqa: F811
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
    assert not [o for o in gc.get_objects() if isinstance(o, MandateForm)]


def test_a_saved_form_is_deleted_once_the_list_has_its_record(ctx, qtbot, data):  # noqa: F811
    page = make_page(ctx, qtbot)
    form = page.open_record(data["m2"])
    form.widget("title").setText("Encuentro iberoamericano de cultura y lengua")
    with qtbot.waitSignal(page.loaded):
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not page.findChildren(FormDialog), timeout=5000)
    assert page.selected_id() == data["m2"]
