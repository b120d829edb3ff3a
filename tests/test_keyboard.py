"""Keyboard only: the main task with key events, Tab out of tables, the filter box to the list, the Edit
menu's shortcuts from anywhere on a page, mnemonics in every window, remembered columns, printing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QCalendarWidget, QComboBox, QDialog, QMenu, QTableView, QWidget

from segib_desktop.core.models import MandateStatus
from segib_desktop.gui import choice_search, keyboard
from segib_desktop.gui.pages import PAGES
from tests.conftest import wait_loaded
from tests.test_mandates_gui import data  # noqa: F401 (the fixture: documents, areas, four mandates)

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def db(gui):
    """The program's own database (the mandates fixture fills it before the page is first shown)."""
    return gui.workspace.db


def focus() -> QWidget:
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    """A key, to whatever has the focus (as the keyboard sends it)."""
    for _ in range(times):
        assert focus() is not None, "no control has the keyboard"
        qtbot.keyClick(focus(), key, modifier)


def tab_to(qtbot, target: QWidget, limit: int = 40) -> None:
    """Tab until ``target`` has the focus (it must be reachable: a trap fails here)."""
    for _ in range(limit):
        if focus() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName() or type(target).__name__}; stuck on "
                         f"{focus().objectName() or type(focus()).__name__}")


def active_dialog(qtbot, kind=QDialog) -> QDialog:
    """The dialog just opened, once it has the keyboard (as the window manager gives it)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=5000)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()  # what the desktop does for a new window; offscreen has no window manager
    qtbot.waitUntil(lambda: focus() is not None and focus().window() is dialog, timeout=5000)
    return dialog


def back_to(qtbot, window: QWidget) -> None:
    """A dialog closed: the keyboard is back in ``window`` (the desktop reactivates it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: focus() is not None and focus().window() is window, timeout=5000)


def mandates_page(gui, qtbot):
    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_4, CTRL)  # View > Mandates
    page = window.pages["mandates"]
    if page.model.total_count() == 0:
        wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)
    qtbot.waitUntil(lambda: page._folded is not None, timeout=5000)  # the texts searchable (folded off the UI)
    return page


def test_the_main_task_with_the_keyboard_only(gui, qtbot, data):  # noqa: F811
    """Find a mandate, open it, log a step that fulfils it, save, and see it fulfilled in the list."""
    window = gui.window
    page = mandates_page(gui, qtbot)
    assert window.current_key() == "mandates"

    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focus() is page.filter_edit
    qtbot.keyClicks(page.filter_edit, "encuentro cultura")
    press(qtbot, Qt.Key.Key_Return)  # the only row left opens
    form = active_dialog(qtbot)
    assert form.record_id == data["m2"]

    for _ in range(form.tabs.count()):  # Ctrl+Tab to the progress log
        if form.tabs.currentWidget() is form.progress:
            break
        press(qtbot, Qt.Key.Key_Tab, CTRL)
    assert form.tabs.currentWidget() is form.progress
    tab_to(qtbot, form.progress.add_button)  # Tab leaves the log's table
    press(qtbot, Qt.Key.Key_Space)
    entry = active_dialog(qtbot)
    assert entry is form.progress.form
    tab_to(qtbot, entry.widget("new_status"))
    combo: QComboBox = entry.widget("new_status")
    for _ in range(combo.count()):
        if combo.currentData() == MandateStatus.FULFILLED:
            break
        press(qtbot, Qt.Key.Key_Down)
    tab_to(qtbot, entry.widget("text"))
    qtbot.keyClicks(entry.widget("text"), "Encuentro celebrado en Lisboa.")
    press(qtbot, Qt.Key.Key_S, CTRL)  # saves the entry
    qtbot.waitUntil(lambda: not entry.isVisible(), timeout=5000)
    back_to(qtbot, form)
    assert form.widget("status").currentData() == MandateStatus.FULFILLED
    press(qtbot, Qt.Key.Key_S, CTRL)  # saves the mandate
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    back_to(qtbot, window)

    qtbot.waitUntil(lambda: page.selected_id() == data["m2"], timeout=5000)  # the selection stays on it
    row = page.model.row_of_id(data["m2"])
    status = [c.header for c in page.model.columns].index("Status")
    assert page.model.data(page.model.index(row, status)) == "Cumplido"
    # and the whole list again, filtered by the new status
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focus() is page.filter_edit and page.filter_edit.selectedText() == "encuentro cultura"
    press(qtbot, Qt.Key.Key_Delete)
    tab_to(qtbot, page.status_filter)
    for _ in range(page.status_filter.count()):
        if page.status_filter.currentData() == MandateStatus.FULFILLED:
            break
        press(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)  # Cádiz was fulfilled already
    assert data["m2"] in {page.model.id_at(r) for r in range(page.model.rowCount())}


def test_tab_leaves_every_table_and_goes_filter_box_filters_table_buttons(gui, qtbot, data):  # noqa: F811
    page = mandates_page(gui, qtbot)
    page.filter_edit.setFocus()
    order = [focus()]
    for _ in range(30):
        press(qtbot, Qt.Key.Key_Tab)
        if focus() is page.filter_edit or not page.isAncestorOf(focus()):
            break
        order.append(focus())
    names = [w.objectName() for w in order]
    table = order.index(page.view)
    assert names[0] == "filter"
    assert {"source_filter", "kind_filter", "status_filter", "area_filter", "addressee_filter"} <= set(names[:table])
    assert {"export_list", "paste"} <= set(names[table + 1:])  # reachable forward, after the table
    assert not any(isinstance(w, QTableView) and w.tabKeyNavigation() for w in gui.window.findChildren(QTableView)
                   if w.isVisible())


def test_down_enters_the_list_selecting_its_row_and_return_opens_it(gui, qtbot, data):  # noqa: F811
    page = mandates_page(gui, qtbot)
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Down)
    assert focus() is page.view and page.selected_id() == page.model.id_at(0)
    press(qtbot, Qt.Key.Key_Down)
    second = page.model.id_at(1)
    assert page.selected_id() == second
    press(qtbot, Qt.Key.Key_Return)
    form = active_dialog(qtbot)
    assert form.record_id == second
    # the focus on the first field of its first tab, not on the tabs' bar: the first keystroke types
    assert form.tabs.currentIndex() == 0 and form.tabs.currentWidget().isAncestorOf(focus())
    form.reject()
    back_to(qtbot, gui.window)


def test_ctrl_and_a_page_number_puts_the_keyboard_in_that_page_on_a_field(gui, qtbot, data):  # noqa: F811
    """From the list of pages or from another page, Ctrl+1… gives the keyboard to the page's first field (the
    shown tab's first field on a page of tabs: its bar would take the next keys to choose a tab), and back on
    a page, to where it was when the page was left."""
    from PySide6.QtWidgets import QTabBar

    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    for start_in_nav in (True, False):
        for row, spec in enumerate(PAGES):
            if start_in_nav:
                window.nav.setFocus()
            press(qtbot, getattr(Qt.Key, f"Key_{row + 1}"), CTRL)
            page = window.pages[spec.key]
            if spec.key == "home":
                continue  # figures to read: nothing to type into
            assert page.isAncestorOf(focus()), (spec.key, focus())
            assert not isinstance(focus(), QTabBar), spec.key
    meetings = window.pages["meetings"]
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert focus() is meetings.meetings.filter_edit  # the shown tab's list, its filter first
    tab_to(qtbot, meetings.meetings.view)
    press(qtbot, Qt.Key.Key_4, CTRL)
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert focus() is meetings.meetings.view  # where it was left


def test_from_another_page_ctrl_and_a_number_types_into_the_first_field_not_into_the_tab_bar(gui, qtbot, data):  # noqa: F811
    """With the keyboard on a page, Ctrl+5 and Ctrl+3 showed the page with the keyboard on its tab bar (Qt
    hands the focus on to the next page's first focusable control, its tabs' bar): no mark showed it there,
    and "OEI" typed next was lost."""
    from PySide6.QtWidgets import QTabBar

    window = gui.window
    page = mandates_page(gui, qtbot)
    assert page.isAncestorOf(focus())  # the keyboard on a page, as after Ctrl+F
    for key, first, typed in ((Qt.Key.Key_5, lambda: window.pages["coordination"].activities.filter_edit, "OEI"),
                              (Qt.Key.Key_3, lambda: window.pages["meetings"].meetings.filter_edit, "Lisboa")):
        press(qtbot, key, CTRL)  # the page's first visit
        assert not isinstance(focus(), QTabBar)
        assert focus() is first()
        qtbot.keyClicks(focus(), typed)
        assert first().text() == typed
        press(qtbot, Qt.Key.Key_4, CTRL)
        assert focus() is page.filter_edit  # where the keyboard was on Mandates
    press(qtbot, Qt.Key.Key_5, CTRL)  # a later visit: where it was left
    assert focus() is window.pages["coordination"].activities.filter_edit


def test_the_first_visit_to_a_page_keeps_the_keyboard_in_the_window(gui, qtbot, data):  # noqa: F811
    """Building the IberBLH page showed its milestones' country filter for a moment as a window of its own
    (made visible before it had a parent): the main window lost the keyboard to it."""
    from PySide6.QtCore import QEvent, QObject

    class Windows(QObject):
        shown: list[str] = []

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
                self.shown.append(obj.objectName() or type(obj).__name__)
            return False

    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.nav.setFocus()
    spy = Windows()
    QApplication.instance().installEventFilter(spy)
    try:
        for row, spec in enumerate(PAGES):
            press(qtbot, getattr(Qt.Key, f"Key_{row + 1}"), CTRL)
            qtbot.wait(30)
            assert spy.shown == [], spec.key
            assert QApplication.activeWindow() is window, spec.key
            assert spec.key == "home" or window.pages[spec.key].isAncestorOf(focus()), spec.key
    finally:
        QApplication.instance().removeEventFilter(spy)


def test_the_control_a_page_shortcut_reaches_shows_its_focus_mark(gui, qtbot, data):  # noqa: F811
    """Ctrl+7 put the keyboard on the briefings' first radio button with no mark: the style draws one only
    once the window knows the keyboard moves the focus (Qt.WA_KeyboardFocusChange)."""
    from PySide6.QtWidgets import QRadioButton

    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    for start in (window.nav, None):  # from the list of pages, and from another page
        for key in (Qt.Key.Key_7, Qt.Key.Key_4, Qt.Key.Key_7):
            if start is not None:
                start.setFocus(Qt.FocusReason.MouseFocusReason)
            window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)  # as after a click
            press(qtbot, key, CTRL)
            assert window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange), key
    radio = focus()
    assert isinstance(radio, QRadioButton) and window.pages["briefings"].isAncestorOf(radio)
    marked = radio.grab().toImage()
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    assert radio.grab().toImage() != marked  # the mark is what the attribute draws


def test_the_edit_menu_works_from_anywhere_on_the_page(gui, qtbot, data):  # noqa: F811
    window = gui.window
    page = mandates_page(gui, qtbot)
    page.status_filter.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)  # New, from a filter
    form = active_dialog(qtbot)
    assert form.record_id is None
    form.reject()
    back_to(qtbot, window)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_F, CTRL)  # Find, from the navigation list
    assert focus() is page.filter_edit
    texts = {a.objectName(): (a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
             for a in window.findChildren(type(window.menuBar().actions()[0])) if a.objectName()}
    assert texts["new_record"][1] == "Ctrl+N" and texts["find"][1] == "Ctrl+F"
    assert texts["print_action"][1] == "Ctrl+P" and texts["help_action"][1] == "F1"


def test_the_list_actions_are_off_where_the_page_shows_no_list(gui, qtbot, db, data):  # noqa: F811
    """On Home and on IberBLH's "Where each country stands", Edit > New, Open and Delete record were enabled,
    and Ctrl+N or Del did nothing, without a word. They are off there, and on again where a list shows. IberBLH
    has its own New above every view ("New milestone…"): Ctrl+N makes a milestone from any view (explore19, 7:
    as the page opened, Ctrl+N did nothing, though the guide says "New (Ctrl+N) records a milestone")."""
    from PySide6.QtGui import QAction

    window = gui.window
    actions = [window.findChild(QAction, n) for n in ("new_record", "open_record", "delete_record")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)

    def enabled() -> list[bool]:
        return [a.isEnabled() for a in actions]

    def ctrl_n_opens_a_form(kind=QDialog) -> bool:
        before = set(QApplication.topLevelWidgets())
        press(qtbot, Qt.Key.Key_N, CTRL)
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog in before:
            return False
        assert isinstance(dialog, kind) and dialog.record_id is None
        dialog.reject()
        back_to(qtbot, window)
        return True

    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)  # Home
    assert enabled() == [False, False, False]
    assert not ctrl_n_opens_a_form()
    press(qtbot, Qt.Key.Key_4, CTRL)  # Mandates
    assert enabled() == [True, True, True]
    assert ctrl_n_opens_a_form()

    from segib_desktop.gui.pages.programmes import MilestoneForm

    press(qtbot, Qt.Key.Key_6, CTRL)  # IberBLH, on its first view: where each country stands
    iberblh = window.pages["iberblh"]
    assert iberblh.tabs.currentWidget() is iberblh.matrix and iberblh.new_milestone_button.isVisible()
    assert enabled() == [True, False, False]  # no list to open or delete from; its own New milestone
    assert ctrl_n_opens_a_form(MilestoneForm)
    for _ in range(10):  # from the programme to the views (Ctrl+Tab changes the view from there)
        if iberblh.tabs.isAncestorOf(focus()):
            break
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # the timeline: no list either
    assert iberblh.tabs.currentWidget() is iberblh.timeline and enabled() == [True, False, False]
    assert ctrl_n_opens_a_form(MilestoneForm)
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # the milestones
    assert iberblh.tabs.currentWidget() is iberblh.list and enabled() == [True, True, True]
    assert ctrl_n_opens_a_form(MilestoneForm)
    press(qtbot, Qt.Key.Key_Tab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Tab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert iberblh.tabs.currentWidget() is iberblh.matrix and enabled() == [True, False, False]
    from sqlalchemy import select

    from segib_desktop.core.models import Programme

    with db.session() as s:  # no programme to add a milestone to: its New is off, and Edit > New with it
        for programme in s.scalars(select(Programme)):
            s.delete(programme)
    iberblh.load_programmes()
    assert not iberblh.new_milestone_button.isEnabled() and enabled() == [False, False, False]
    assert not ctrl_n_opens_a_form()

    press(qtbot, Qt.Key.Key_7, CTRL)  # Briefings: its history opens and deletes, it makes nothing new
    assert enabled() == [False, True, True]
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert enabled() == [False, False, False]


def test_typing_into_a_list_of_choices_takes_spaces_and_prefers_the_whole_word(gui, qtbot, db, data,  # noqa: F811
                                                                             monkeypatch):
    """explore19, 8: in a drop-down that takes no text, Qt's search took a space as "open the list" and lost the
    rest ("Secretaria para" chose the first area beginning "Secretaria"), and "XXX" chose "XXXI". Every list of
    choices of the program (the application's keyboard policy): one search while keys follow each other, spaces
    included, the exact or whole-word match first, accents or not; Space alone still opens the list."""
    from PySide6.QtWidgets import QMessageBox

    from segib_desktop.core.models import Area, Summit
    from segib_desktop.gui.pages.cycle import DocumentForm

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    with db.session() as s:
        s.add_all(Area(name=n) for n in ("Secretaría de Asuntos Iberoamericanos",
                                         "Secretaría para la Cooperación Iberoamericana",
                                         "Secretaría para la Cooperación Sur-Sur"))
        s.add(Summit(number=31, city="Punta del Este", start_date=dt.date(2028, 11, 16)))
    page = mandates_page(gui, qtbot)
    press(qtbot, Qt.Key.Key_N, CTRL)
    form = active_dialog(qtbot)
    area: QComboBox = form.widget("area_id")
    tab_to(qtbot, area)
    qtbot.keyClicks(area, "Secretaria para la Cooperacion I")  # accents or not
    assert area.currentText() == "Secretaría para la Cooperación Iberoamericana"
    assert not area.view().isVisible()  # the spaces searched; they opened nothing
    qtbot.wait(QApplication.keyboardInputInterval() + 100)  # a new search
    qtbot.keyClicks(area, "gab")
    assert area.currentText() == "Gabinete"
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    press(qtbot, Qt.Key.Key_Space)  # Space alone: the list opens, as Qt has it
    qtbot.waitUntil(area.view().isVisible, timeout=5000)
    qtbot.keyClick(area.view(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not area.view().isVisible(), timeout=5000)
    assert area.currentText() == "Gabinete"
    form.reject()
    back_to(qtbot, gui.window)

    documents = DocumentForm(page.ctx, None, parent=gui.window)
    documents.open()
    assert active_dialog(qtbot) is documents
    summit: QComboBox = documents.widget("summit_id")
    assert summit.itemText(1).startswith("XXXI")  # newest first
    tab_to(qtbot, summit)
    qtbot.keyClicks(summit, "XXX")
    assert summit.currentText() == "XXX – Madrid 2026"  # the whole number, not XXXI
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    qtbot.keyClicks(summit, "xxi")
    assert summit.currentText().startswith("XXI – ")  # not XXIX, nor XXII
    documents.reject()
    back_to(qtbot, gui.window)


def test_the_same_key_again_steps_through_the_choices_beginning_with_it():
    """As Qt's search (and Windows'): a first key goes to the next choice beginning with it; the same key again,
    to the next one, unless a choice begins with the keys as typed."""
    from segib_desktop.i18n import fold

    texts = [fold(t) for t in ("—", "Cultura", "Cooperación Sur-Sur", "Comunicación", "Gabinete", "CCC")]
    assert choice_search.best_choice(texts, "c", 0, first_key=True) == 1
    assert choice_search.best_choice(texts, "c", 1, first_key=True) == 2
    assert choice_search.best_choice(texts, "cc", 2) == 5  # a choice begins so
    assert choice_search.best_choice(texts[:5], "cc", 2) == 3  # none does: the next C
    assert choice_search.best_choice(texts, "coop", 1) == 2
    assert choice_search.best_choice(texts, "cz", 1) is None  # nothing: the choice stays
    assert choice_search.best_choice(texts, "c", 0, lambda row: row != 1, first_key=True) == 2  # not a disabled one


@pytest.mark.parametrize("lang", ["es", "pt", "en"])
def test_menus_write_shortcuts_as_the_platform_does(gui, lang):
    gui.set_language(lang)
    window = gui.window
    shortcuts = [a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                 for menu in window.menuBar().findChildren(QMenu) for a in menu.actions() if not a.shortcut().isEmpty()]
    assert "Ctrl+1" in shortcuts and "Ctrl+O" in shortcuts and "Ctrl+Q" in shortcuts
    assert not [s for s in shortcuts if "Control" in s or "Mayús" in s]


def test_the_start_policy_waits_for_the_first_paint_then_gives_what_shows_what_show_events_would(qapp, qtbot):
    """At start the policy is installed after the first window's first paint (docs/performance.md, "The
    start"); what already shows then gets its mnemonics, and its tables release Tab, as if it had been
    installed all along."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QDialog()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    table, first, second = QTableView(), QPushButton("Abrir"), QPushButton("Aceptar")
    for widget in (table, first, second):
        layout.addWidget(widget)
    policy = keyboard.KeyboardPolicy(qapp, later=True)
    try:
        policy.install_after_paint(window)
        window.show()
        assert table.tabKeyNavigation(), "the application's filter is not installed before the first paint"
        qtbot.waitUntil(lambda: not table.tabKeyNavigation(), timeout=5000)
        qtbot.waitUntil(lambda: not _mnemonic_problems(window), timeout=5000)
        assert {keyboard.mnemonic(first.text()), keyboard.mnemonic(second.text())} == {"a", "c"}
        later = QTableView()  # shown after the install: the application's filter sees its Show event
        layout.addWidget(later)
        later.show()
        assert not later.tabKeyNavigation()
    finally:
        policy.remove()


def _mnemonic_problems(window: QWidget) -> list[str]:
    """Buttons, tabs, menu titles and field labels that ``window`` shows without a mnemonic, or with one
    already taken. A label may have none when every letter of it is taken (a page of many buttons): Tab
    reaches its field too."""
    problems, seen = [], {}
    items = keyboard.window_items(window)
    taken = {keyboard.mnemonic(item.get()) for item in items}
    for item in items:
        text = item.get()
        letter = keyboard.mnemonic(text)
        if not letter and item.weak and not {c.lower() for c in text if keyboard.typable(c.lower())} - taken:
            continue
        if not letter:
            problems.append(f"no mnemonic: {text!r}")
        elif not keyboard.typable(letter):
            problems.append(f"{text!r}: no key types Alt+{letter} on a Spanish or Portuguese keyboard")
        elif letter in seen:
            problems.append(f"{text!r} repeats the {letter!r} of {seen[letter]!r}")
        else:
            seen[letter] = text
    for menu in window.findChildren(QMenu):
        if menu.window() is menu and menu.actions() and not _inside_calendar(menu):
            letters = [keyboard.mnemonic(a.text()) for a in menu.actions() if a.text() and not a.isSeparator()]
            if "" in letters or len(set(letters)) != len(letters) or not all(map(keyboard.typable, letters)):
                problems.append(f"menu {menu.title()!r}: {[a.text() for a in menu.actions()]}")
    return problems


def _inside_calendar(widget: QWidget) -> bool:
    """Qt's own month menu of a date field's calendar: month names, which take no mnemonics."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QCalendarWidget):
        parent = parent.parentWidget()
    return parent is not None


def _until_prepared(qtbot, window: QWidget) -> None:
    """The policy prepares a window on the event loop's next turn, which a busy machine may delay."""
    from pytestqt.exceptions import TimeoutError as QtTimeout

    try:
        qtbot.waitUntil(lambda: not _mnemonic_problems(window), timeout=3000)
    except QtTimeout:
        pass  # reported by the caller, with the problems


def _settle(qtbot) -> None:
    qtbot.wait(30)  # the policy prepares a window on the event loop's next turn


@pytest.mark.parametrize("lang", ["es", "pt", "en"])
def test_every_window_and_dialog_has_mnemonics_none_repeated(gui, qtbot, data, lang):  # noqa: F811
    """Each page of the main window (and each of its tabs), then each dialog that a page opens."""
    gui.set_language(lang)
    window = gui.window
    problems = []
    for spec in PAGES:
        page = window.navigate(spec.key)
        _settle(qtbot)
        problems += [f"{spec.key}: {p}" for p in _mnemonic_problems(window)]
        del page
    for dialog in open_every_dialog(gui, qtbot):
        _settle(qtbot)
        _until_prepared(qtbot, dialog)
        problems += [f"{dialog.objectName() or type(dialog).__name__}: {p}" for p in _mnemonic_problems(dialog)]
        dialog.done(0)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["es", "pt", "en"])
def test_alt_and_a_labels_letter_go_to_its_field(gui, qtbot, data, lang):  # noqa: F811
    """The forms' labels had no letter, where the buttons and tabs beside them had: a keyboard user went through
    up to 13 fields with Tab. Each label of a mandate's form takes a letter no other control there has, and Alt
    with it puts the keyboard in its field."""
    from PySide6.QtWidgets import QLabel

    gui.set_language(lang)
    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    form = window.navigate("mandates").open_record(data["m1"])
    dialog = active_dialog(qtbot)
    assert dialog is form
    _until_prepared(qtbot, form)
    assert not _mnemonic_problems(form)
    labels = [label for label in form.findChildren(QLabel) if label.isVisible() and label.buddy() is not None]
    reached = []
    for label in labels:
        letter = keyboard.mnemonic(label.text())
        if not letter:
            continue
        press(qtbot, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
        buddy = label.buddy()
        qtbot.waitUntil(lambda b=buddy: focus() is b or (focus() is not None and b.isAncestorOf(focus())),
                        timeout=2000)
        reached.append(label.text())
    assert len(reached) >= 8, [label.text() for label in labels]
    form.done(0)


def test_underlined_letters_are_keys_of_a_spanish_or_portuguese_keyboard(gui, qtbot, data):  # noqa: F811
    """In Portuguese the briefings showed "C&úpula" and "Pa&ís": Alt+ú and Alt+í cannot be typed (a dead key
    does nothing with Alt), so the underline promised a key that is not there. Each radio button gets a plain
    letter instead, even "País", whose p, a, i and s other controls have: Alt and that letter choose it."""
    from PySide6.QtWidgets import QRadioButton

    gui.set_language("pt")
    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_7, CTRL)
    page = window.pages["briefings"]
    _until_prepared(qtbot, window)
    assert not _mnemonic_problems(window)
    radios = {b.text().replace("&", ""): b for b in page.findChildren(QRadioButton)}
    for text in ("País", "Cúpula", "Organismo", "País"):
        radio = radios[text]
        letter = keyboard.mnemonic(radio.text())
        assert keyboard.typable(letter), radio.text()
        press(qtbot, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(radio.isChecked, timeout=2000)


def test_a_translated_mnemonic_on_an_accented_letter_moves_to_a_plain_one():
    """Whatever a translation writes ("Alterar &área…"), and however few letters are left."""
    texts = ["&Arquivo", "Alterar &área…", "S&ó com atraso", "Ex&portar…", "Página &inteira", "&Salvar como…",
             "País", "C&úpula"]
    items = [keyboard.Mnemonic(lambda n=n: texts[n], lambda t, n=n: texts.__setitem__(n, t)) for n in range(len(texts))]
    keyboard.assign(items)
    letters = [keyboard.mnemonic(t) for t in texts]
    assert all(map(keyboard.typable, letters)) and len(set(letters)) == len(letters), texts
    assert texts[0] == "&Arquivo" and texts[4] == "Página &inteira"  # plain letters stay, unless one is needed
    assert texts[6] == "&País" and texts[3] == "&Exportar…"  # "Exportar" had another letter to move to
    assert [t.replace("&", "") for t in texts][1:3] == ["Alterar área…", "Só com atraso"]


def test_a_button_takes_a_labels_letter_when_it_would_have_none():
    """A label leads to a field that Tab reaches too; a button or a tab has nothing else: when letters run
    short, the label gives its letter up (and takes another, if one is free)."""
    texts = ["&Mi", "&Im", "M"]  # two labels with m and i, and a button shown later: M alone
    items = [keyboard.Mnemonic(lambda n=n: texts[n], lambda t, n=n: texts.__setitem__(n, t), weak=n < 2)
             for n in range(len(texts))]
    keyboard.assign(items)
    assert texts == ["Mi", "&Im", "&M"]
    texts[:] = ["&Mi", "Dim", "M"]  # a letter left for the label: it takes it
    keyboard.assign(items)
    assert texts == ["M&i", "&Dim", "&M"]


def open_every_dialog(gui, qtbot):
    """The dialogs a user opens from the pages: each page's New form, a mandate's form and its progress
    entry, the paste and bulk dialogs, the areas, the search, the help, a message box."""
    window = gui.window
    mandates = window.navigate("mandates")
    if mandates.model.total_count() == 0:
        wait_loaded(qtbot, mandates)
    for spec in PAGES:
        page = window.navigate(spec.key)
        shown = window.current_list()
        if shown is None or getattr(shown, "_read_only", False):
            continue
        before = set(QApplication.topLevelWidgets())  # not a dialog an earlier test left open
        window.findChild(type(window.menuBar().actions()[0]), "new_record").trigger()
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog not in before:
            yield dialog
        del page
    mandates = window.navigate("mandates")
    yield mandates.open_record(mandates.model.id_at(0))
    form = mandates.open_record(mandates.model.id_at(0))
    form.tabs.setCurrentWidget(form.progress)
    yield form.progress.add_entry()  # closed first: a closed form is deleted, with the entry it opened
    yield form
    yield mandates.paste_document()
    mandates.view.selectRow(0)
    yield mandates.change_status()
    yield mandates.edit_areas()
    yield window.open_search()  # this window's, not any dialog an earlier test left open
    window.show_help()
    yield window.help_window


def test_lists_remember_widths_order_sort_and_hidden_columns(gui, qtbot, qapp, dirs, data):  # noqa: F811
    from segib_desktop.gui.app import App, make_settings

    page = mandates_page(gui, qtbot)
    header = page.view.horizontalHeader()
    for col in range(header.count()):  # every column can be resized
        assert header.sectionResizeMode(col) == header.ResizeMode.Interactive
    header.resizeSection(0, 211)
    header.moveSection(header.visualIndex(2), 0)
    page.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    menu = page.column_menu(header.mapToGlobal(header.rect().center()))
    hide = next(a for a in menu.actions() if a.text().replace("&", "") == "Prioridad")
    hide.trigger()
    menu.close()
    assert header.isSectionHidden(6)
    first = page.model.id_at(0)
    gui.window.close()
    gui.close()
    again = App(qapp, dirs, make_settings(dirs), "es")
    assert again.open(None)
    try:
        page = again.window.navigate("mandates")
        if page.model.total_count() == 0:
            wait_loaded(qtbot, page)
        header = page.view.horizontalHeader()
        assert header.sectionSize(0) == 211
        assert header.logicalIndex(0) == 2
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (4, Qt.SortOrder.DescendingOrder)
        assert header.isSectionHidden(6)
        assert page.model.id_at(0) == first
        page.reset_columns()
        assert not header.isSectionHidden(6) and header.logicalIndex(0) == 0
    finally:
        again.window.close()
        again.close()


def test_ctrl_p_prints_the_list_shown(gui, qtbot, data, tmp_path):  # noqa: F811
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    page = mandates_page(gui, qtbot)
    qtbot.keyClicks(page.filter_edit, "cultura")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "lista.pdf"))
    assert page.print_list(printer)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "lista.pdf").pages)
    assert "Mandatos" in text and "Encuentro iberoamericano de cultura" in text
    assert "Seguimiento de la Carta Medioambiental" not in text and "Seminario en Cádiz" not in text
    assert dt.date.today().strftime("%d/%m/%Y") in text


def test_the_column_menu_opens_from_the_keyboard_too(gui, qtbot, data):  # noqa: F811
    page = mandates_page(gui, qtbot)
    page.view.setFocus()
    press(qtbot, Qt.Key.Key_Menu)
    menu = page.column_menu_shown
    assert menu is not None and menu.isVisible()
    assert [a.text().replace("&", "") for a in menu.actions() if a.isCheckable()][:2] == ["Código", "Título"]
    menu.close()
