"""Tab follows the reading order, top to bottom and left to right, with real Tab presses (explore15, 6):
buttons a form places between its fields, and the Briefings page's sections (made again when the kind of
briefing changes), came after Save and Cancel, or at the end of the page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from segib_desktop.gui import keyboard, tab_order
from segib_desktop.gui.pages.briefings import BriefingsPage
from segib_desktop.gui.pages.cycle import MeetingForm
from segib_desktop.gui.pages.mandates import ProgressForm
from tests.test_mandates_gui import data  # noqa: F401 (the fixture: documents, areas, four mandates)


def tabbing(qtbot, window: QWidget, start: QWidget, presses: int, key=Qt.Key.Key_Tab) -> list[QWidget]:
    """The controls Tab (or Shift+Tab) reaches from ``start``, one a press, in ``window`` made active."""
    window.activateWindow()  # what the desktop does; offscreen has no window manager
    qtbot.waitUntil(window.isActiveWindow)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    reached = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), key)
        widget = QApplication.focusWidget()
        reached.append(widget.focusProxy() or widget)
    return reached


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_meetings_all_and_none_buttons_come_between_its_attendance_and_its_notes(ctx, qtbot):
    form = shown(qtbot, MeetingForm(ctx, None))
    every, none = (form.findChild(QWidget, name) for name in ("attend_all", "attend_none"))
    reached = tabbing(qtbot, form, form.widget("attendees"), 4)
    assert reached == [every, none, form.widget("notes"), form.buttons.button(QDialogButtonBox.StandardButton.Save)]
    back = tabbing(qtbot, form, form.widget("notes"), 3, Qt.Key.Key_Backtab)
    assert back == [none, every, form.widget("attendees")]


def test_a_progress_entrys_choose_a_file_comes_after_its_evidence_before_save(ctx, qtbot, data):  # noqa: F811
    form = shown(qtbot, ProgressForm(ctx, data["m1"]))
    browse = form.findChild(QWidget, "browse_evidence")
    reached = tabbing(qtbot, form, form.widget("evidence"), 3)
    assert reached == [browse, form.buttons.button(QDialogButtonBox.StandardButton.Save),
                       form.buttons.button(QDialogButtonBox.StandardButton.Cancel)]


def test_a_form_still_opens_on_its_first_field(ctx, qtbot):
    """The order is set as the form shows; the keyboard then goes to the first field of the first tab."""
    form = shown(qtbot, MeetingForm(ctx, None))
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.widget("kind"))
    assert keyboard.first_field(form.tabs.currentWidget()) is form.widget("kind")


def test_the_briefings_sections_come_between_the_format_and_generate_whatever_the_kind(ctx, qtbot, db):
    page = shown(qtbot, BriefingsPage(ctx))
    page.resize(1100, 760)
    for kind in ("summit", "country"):  # the sections are made again for each kind
        page.set_kind(kind)
        sections = list(page.section_checks.values())
        qtbot.waitUntil(lambda s=sections: all(check.isVisible() for check in s))  # shown once the kind is chosen
        reached = tabbing(qtbot, page, page.file_format, len(sections) + 1)
        assert reached == [*sections, page.generate_button], kind
        back = tabbing(qtbot, page, sections[0], 1, Qt.Key.Key_Backtab)
        assert back == [page.file_format], kind


def test_the_reading_order_follows_the_layouts_not_the_order_widgets_were_made(qtbot):
    """A row inserted above the others, a grid filled from its end, a splitter's parts: as they show."""
    from PySide6.QtWidgets import QFormLayout, QGridLayout, QLineEdit, QPushButton, QSplitter, QVBoxLayout

    window = QWidget()
    outer = QVBoxLayout(window)
    form = QFormLayout()
    second, first = QLineEdit(objectName="second"), QLineEdit(objectName="first")
    form.addRow("2", second)
    form.insertRow(0, "1", first)
    grid = QGridLayout()
    cells = {}
    for row, col in ((1, 1), (1, 0), (0, 1), (0, 0)):
        cells[row, col] = QPushButton(f"{row}{col}")
        grid.addWidget(cells[row, col], row, col)
    splitter = QSplitter()
    left, right = QLineEdit(objectName="left"), QLineEdit(objectName="right")
    splitter.addWidget(right)
    splitter.insertWidget(0, left)
    outer.addWidget(splitter)
    outer.insertLayout(0, grid)
    outer.insertLayout(0, form)
    tab_order.follow_reading_order(window)
    shown(qtbot, window)
    expected = [first, second, cells[0, 0], cells[0, 1], cells[1, 0], cells[1, 1], left, right]
    assert tabbing(qtbot, window, expected[0], len(expected) - 1) == expected[1:]
