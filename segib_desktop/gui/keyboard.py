"""Keyboard and screen-reader rules that every window, page and dialog gets at once.

The App installs one ``KeyboardPolicy`` on the QApplication. It reacts to Show events, and to the keys typed
into a closed list of choices:

- every item view releases Tab (QTableView keeps it for moving between cells by default, which traps
  keyboard users: see PITFALLS);
- when a window (main window, dialog, message box, menu) shows, or something new shows inside it (a page,
  a tab), its buttons, tabs, menu titles and the labels of its fields get mnemonics (``&``), none repeated
  among those shown together (as KDE's accelerator manager does; mnemonics.py), whatever a page adds;
- every focusable control without an accessible name gets one from what a sighted user reads next to it:
  the label that points at it, a filter's "All …" first choice ("Filter by status"), its tooltip or
  placeholder; form labels point at their fields themselves (form.py);
- F1 in a form, a dialog or a message box opens the user guide at its section (help.py), as it does on the
  pages (where the main window's menu takes it first);
- typing into a list of choices (a drop-down that takes no text: a form's area, summit or kind, a list's
  filter) finds the choice as typed, spaces included ("Secretaria para…"), an exact or whole-word match
  first ("XXX", not "XXXI"), accents or not (``choice_search.ChoiceSearch``); Space alone still opens the list.

``ShortcutTranslator`` keeps key names as the platform writes them in menus ("Ctrl+O", not the
"Control+O" of Qt's Spanish catalogue), and fills the few labels of Qt's file dialog that its
catalogues lack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6

# The classes the first screen does not show (tabs, text boxes, lists to choose from, spin boxes, the
# accessibility interface) are looked up through their module when the policy first meets them: PySide6
# makes a class's Python type and its enums when it is first named (docs/performance.md, "The start").
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QMenu, QWidget

from segib_desktop.gui.choice_search import ChoiceSearch
from segib_desktop.gui.mnemonics import (  # noqa: F401 (read as keyboard.mnemonic, keyboard.assign…)
    Mnemonic,
    _strip,
    assign,
    assign_menu_mnemonics,
    assign_mnemonics,
    mnemonic,
    typable,
    window_items,
)
from segib_desktop.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex

# Qt's file dialog asks for these with their mnemonic, its Spanish and Portuguese catalogues have them
# without; and Qt's catalogues spell key names out ("Control", "Mayúsculas") where menus write "Ctrl".
FILE_DIALOG_LABELS = {
    "&Look in:": N_("&Look in:"),
    "Files of &type:": N_("Files of &type:"),
    "File &name:": N_("File &name:"),
}
FILE_TYPE_NAMES = {"Folder": N_("Folder"), "File": N_("File")}


class ShortcutTranslator(QTranslator):
    """Installed after Qt's own catalogue (so asked first): key names and the file dialog's gaps."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 (Qt's signature)
        if context == "QShortcut":
            return source  # "Ctrl", "Shift", "Del": as every program on the platform writes them
        if context == "QFileDialog" and source in FILE_DIALOG_LABELS:
            return _(FILE_DIALOG_LABELS[source])
        if context in ("QAbstractFileIconProvider", "QFileIconProvider") and source in FILE_TYPE_NAMES:
            return _(FILE_TYPE_NAMES[source])
        return None  # a null string: Qt asks the next catalogue (an empty one would be the answer)

    def isEmpty(self) -> bool:
        return False


# --- accessible names
def accessible_name(widget: QWidget) -> str:
    """What a screen reader says for ``widget``: its own name, or the one Qt finds (a label pointing at it)."""
    interface = QtGui.QAccessible.queryAccessibleInterface(widget)
    return interface.text(QtGui.QAccessible.Text.Name).strip() if interface is not None else ""


def _hint(widget: QWidget) -> str:
    """What a sighted user reads about an unnamed control: the words around a number's value ("Due within …
    days": on the screen, they say what it is; a tooltip, which would be read twice, explains more), its
    tooltip or its placeholder."""
    around = ""
    if isinstance(widget, QtWidgets.QSpinBox | QtWidgets.QDoubleSpinBox):
        around = " … ".join(filter(None, (widget.prefix().strip(), widget.suffix().strip())))
    for text in (around,
                 widget.toolTip(),
                 widget.placeholderText() if isinstance(widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit)
                 else "",
                 widget.lineEdit().placeholderText()
                 if isinstance(widget, QtWidgets.QComboBox) and widget.isEditable() else "",
                 widget.specialValueText() if isinstance(widget, QtWidgets.QAbstractSpinBox) else ""):
        if text := plain(text):
            return text
    return ""


def plain(text: str) -> str:
    """A tooltip's words, without its markup."""
    return re.sub(r"<[^>]+>", "", text or "").strip()


def focusable(window: QWidget) -> list[QWidget]:
    """The controls Tab reaches in ``window`` (its own, not those of windows inside it)."""
    from PySide6.QtCore import Qt

    return [w for w in window.findChildren(QWidget)
            if w.window() is window and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.isVisibleTo(window) and w.isEnabled() and not w.focusProxy()]


def first_field(container: QWidget) -> QWidget | None:
    """The first control Tab reaches inside ``container``, past the bars of its tabs (on a page of tabs, the
    shown tab's first field): where the keyboard goes when a page or a form opens, so that the first keys
    typed go into a field rather than choose a tab."""
    from PySide6.QtCore import Qt

    widget = container.nextInFocusChain()
    while widget is not container:
        if (container.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisibleTo(container) and widget.isEnabled() and not widget.focusProxy()
                and not isinstance(widget, QtWidgets.QTabBar)):
            return widget
        widget = widget.nextInFocusChain()
    return None


def give_focus(widget: QWidget) -> None:
    """The keyboard to ``widget`` after a shortcut (Ctrl+1…), with its focus mark: styles draw the mark of a
    button, a radio button or a tab only once the window knows that the keyboard moves the focus
    (Qt.WA_KeyboardFocusChange, which Qt sets for Tab but not for a focus a program gives), and
    ``setFocus`` does nothing to a control that has the focus already."""
    from PySide6.QtCore import Qt

    widget.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    widget.update()


def _context_name(widget: QWidget) -> str:
    """Where an unlabelled control (a table, a text box, a scrolled page) sits: the name of the nearest
    named part around it (a page), the tab it is on, or its window's title."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if parent.accessibleName():
            return parent.accessibleName()
        # a tab's page sits in the tab widget's own stack: the page is the stack's child
        tabs = parent.parentWidget() if isinstance(parent, QtWidgets.QStackedWidget) else parent
        if isinstance(tabs, QtWidgets.QTabWidget) and tabs.indexOf(child) >= 0:
            return _strip(tabs.tabText(tabs.indexOf(child)))
        child, parent = parent, parent.parentWidget()
    return widget.window().windowTitle()


# A filter's first choice says what it filters: "All statuses" is the status filter. Its name says so, which
# its choice (read as the value) does not, nor its page (what a screen reader heard for each of them). Windows
# reads this name; on Linux Qt reads a list of choices by its value and by a label pointing at it, if any.
FILTER_NAMES = {
    N_("All statuses"): N_("Filter by status"),
    N_("All kinds"): N_("Filter by kind"),
    N_("All document kinds"): N_("Filter by document kind"),
    N_("All countries"): N_("Filter by country"),
    N_("All host countries"): N_("Filter by host country"),
    N_("All cycles"): N_("Filter by cycle"),
    N_("All summits and meetings"): N_("Filter by summit or meeting"),
    N_("All areas"): N_("Filter by area"),
    N_("All addressees"): N_("Filter by addressee"),
    N_("All bodies"): N_("Filter by body"),
    N_("All owners"): N_("Filter by owner"),
    N_("All years"): N_("Filter by year"),
    N_("All categories"): N_("Filter by category"),
}


def filter_name(widget: QWidget) -> str:
    """The name of a filter (a list of choices whose first is "All …"), or ""."""
    if not isinstance(widget, QtWidgets.QComboBox) or widget.isEditable() or not widget.count():
        return ""
    first = widget.itemText(0)
    return next((_(name) for everything, name in FILTER_NAMES.items() if _(everything) == first), "")


def _label_text(label: QWidget) -> str:
    if not isinstance(label, QtWidgets.QLabel):
        return ""
    text = re.sub(r"<[^>]+>", "", _strip(label.text())).strip()
    return text.removesuffix("*").strip().removesuffix(":").strip()


def labels(window: QWidget) -> dict[QWidget, str]:
    """The controls of ``window`` that a label names, and its text: the label's buddy, or the field of its form
    row (a label without a buddy there)."""
    named: dict[QWidget, str] = {}
    for layout in window.findChildren(QtWidgets.QFormLayout):
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole)
            field = layout.itemAt(row, QtWidgets.QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and label.widget() is not None and field.widget() is not None:
                named[field.widget()] = _label_text(label.widget())
    for label in window.findChildren(QtWidgets.QLabel):
        if label.buddy() is not None:
            named[label.buddy()] = _label_text(label)
    return {widget: text for widget, text in named.items() if text}


def name_controls(window: QWidget) -> None:
    """Names the unnamed focusable controls of ``window`` after their label, a filter after what it filters,
    the others after their tooltip or placeholder, or else after where they sit. A label comes first: two
    date fields with the same tooltip were both named after it, though "From" and "To" pointed at them."""
    labelled: dict[QWidget, str] | None = None  # looked up once, when a control needs it
    for widget in focusable(window):
        if widget.accessibleName():
            continue
        if labelled is None:
            labelled = labels(window)
        if name := labelled.get(widget) or filter_name(widget):
            widget.setAccessibleName(name)
            continue
        hint = _hint(widget)
        typed = isinstance(widget, QtWidgets.QComboBox | QtWidgets.QAbstractSpinBox | QtWidgets.QLineEdit)
        if hint and (typed or not accessible_name(widget)):
            widget.setAccessibleName(hint)
        elif not accessible_name(widget):
            widget.setAccessibleName(_context_name(widget))


def open_with_enter(view: QAbstractItemView, open_index: Callable[[QModelIndex], object]) -> None:
    """A row of ``view`` opens by double-click and by Enter, as in the lists. Enter goes no further: an item
    view passes it on, and in a form the dialog took it for its default button (Save), which closed it."""
    from PySide6.QtCore import Qt

    view.doubleClicked.connect(open_index)

    def enter() -> None:
        if view.currentIndex().isValid():
            open_index(view.currentIndex())

    for key in ("Return", "Enter"):
        action = QtGui.QAction(view, shortcut=QtGui.QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(enter)
        view.addAction(action)


def text_box(**properties) -> QtWidgets.QPlainTextEdit:
    """A multi-line text box as every one of the program's (a form's notes, a pasted document): Tab moves on to
    the next control (Shift+Tab back) instead of typing a tab into the text, so the keyboard never stays in it."""
    box = QtWidgets.QPlainTextEdit(**properties)
    box.setTabChangesFocus(True)
    return box


def prepare(window: QWidget) -> None:
    """Mnemonics and accessible names for what ``window`` shows now."""
    if not shiboken6.isValid(window):
        return
    if isinstance(window, QMainWindow):
        assign_menu_mnemonics(window)
    assign_mnemonics(window)
    if not isinstance(window, QMenu):
        name_controls(window)


class KeyboardPolicy(QObject):
    """The application-wide event filter (Show events, and keys typed into a list of choices: ``ChoiceSearch``;
    everything else passes untouched).

    At start it waits for the first window's first paint (``App``: ``later=True``, then
    ``install_after_paint``): a Python filter on the application sees every event of every object, and
    the first event of an object whose class PySide6 has not made yet (Qt's own gesture manager, at the
    first widget) makes it make the Python types of all QtCore, QtGui and QtWidgets classes, a few hundred
    enums: a third of the start before the first screen (docs/performance.md, "The start"). What shows
    before it is installed gets at install what its Show events would have given it.
    """

    # Installed at the latest this long after the first window shows, painted or not (minimised, say).
    PAINT_WAIT_MS = 1000

    def __init__(self, qapp: QApplication, *, later: bool = False):
        super().__init__(qapp)
        self._pending: list[QWidget] = []
        self.choice_search = ChoiceSearch()
        self._first: QWidget | None = None  # the window whose first paint installs the filter
        self._waiting = True  # until installed (or removed)
        # Any event loop before the first window (a start-up dialog's) installs it at once.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.install)
        if later:
            self._timer.start(0)
        else:
            self.install()

    def install(self) -> None:
        """Starts filtering; the windows already shown are prepared as their Show events would have."""
        if not self._waiting:
            return
        self._stop_waiting()
        QApplication.instance().installEventFilter(self)
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                for view in window.findChildren(QAbstractItemView):
                    view.setTabKeyNavigation(False)
                self._shown(window)

    def install_after_paint(self, window: QWidget) -> None:
        """Installs the filter once ``window`` (the first main window) has painted, on the event loop's next
        turn: the first screen is then whole on the screen before the filter's first cost."""
        if not self._waiting:
            return
        self._timer.stop()
        self._first = window
        window.installEventFilter(self)

    def remove(self) -> None:
        self._stop_waiting()  # for good: nothing installs it again
        QApplication.instance().removeEventFilter(self)

    def _stop_waiting(self) -> None:
        self._waiting = False
        self._timer.stop()
        if self._first is not None and shiboken6.isValid(self._first):
            self._first.removeEventFilter(self)
        self._first = None

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if self._waiting:  # watching the first window only
            if kind == QEvent.Type.Paint:
                self._timer.start(0)
            elif kind == QEvent.Type.Show:
                self._timer.start(self.PAINT_WAIT_MS)
            return False
        if kind == QEvent.Type.KeyPress and isinstance(obj, QWidget) and event.key() == QtCore.Qt.Key.Key_F1 \
                and not event.modifiers():  # a dialog is a window of its own: the main window's F1 is not heard there
            from segib_desktop.gui import help

            return help.help_for(obj)
        if kind == QEvent.Type.KeyPress and isinstance(obj, QtWidgets.QComboBox):
            return self.choice_search.key_pressed(obj, event)
        if kind == QEvent.Type.LayoutRequest and isinstance(obj, QtWidgets.QTabWidget) and obj.isVisible():
            self._schedule(obj.window())  # a tab's title changed (a count): its mnemonic again
            return False
        if kind != QEvent.Type.Show or not isinstance(obj, QWidget):
            return False
        if isinstance(obj, QAbstractItemView):
            obj.setTabKeyNavigation(False)
        self._shown(obj.window())
        return False

    def _shown(self, window: QWidget) -> None:
        if isinstance(window, QMenu):
            prepare(window)  # before it paints: a menu is shown and gone quickly
        else:
            self._schedule(window)

    def _schedule(self, window: QWidget) -> None:
        if window not in self._pending:
            if not self._pending:
                QTimer.singleShot(0, self._prepare_pending)
            self._pending.append(window)

    def _prepare_pending(self) -> None:
        pending, self._pending = self._pending, []
        for window in pending:
            if shiboken6.isValid(window) and window.isVisible():
                prepare(window)
