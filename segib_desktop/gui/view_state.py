"""What the officer chose to see on a page, carried to the same page when the window is made again in another
language: its lists' filters (the text, the choices, the boxes ticked, the years) and the tabs shown.

Values, not labels (a combo box's item data: a status, an id), so that they mean the same in every language;
each control found again by its path (the types and names of the widgets holding it), its type, its object
name and its place among its namesakes there (a page is built the same way in every language), looked up
again after each step (a choice may rebuild part of the page). Only a list's controls and the tabs: a
form's (a briefing's language, its sections) start as the page sets them. A control the new page does not
have (a panel not opened again), or a value it no longer offers, is left as the page made it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLineEdit, QSpinBox, QTabWidget, QWidget

from segib_desktop.gui.widgets.table import ListPage

State = list[tuple[tuple, str, str, int, object]]  # (path, type, object name, place among namesakes, value)


def _controls(page: QWidget):
    """The page's named controls of its lists, and its tabs, in the order they were made; not a dialog's."""
    seen: dict[tuple, int] = {}
    for widget in page.findChildren(QWidget):
        name = widget.objectName()
        kind = next((k.__name__ for k in (QLineEdit, QComboBox, QAbstractButton, QSpinBox, QTabWidget)
                     if isinstance(widget, k)), None)
        if kind is None or not name or name.startswith("qt_"):
            continue
        path, in_list = _path(widget, page)
        if path is None or not (in_list or kind == "QTabWidget"):
            continue
        place = seen.get((path, kind, name), 0)
        seen[(path, kind, name)] = place + 1
        yield path, kind, name, place, widget


def _path(widget: QWidget, page: QWidget) -> tuple[tuple | None, bool]:
    """The types and names of the widgets between the page and ``widget``, and whether a list holds it;
    None inside a dialog."""
    path, in_list, parent = [], isinstance(page, ListPage), widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QDialog):
            return None, False
        in_list = in_list or isinstance(parent, ListPage)
        path.append((type(parent).__name__, parent.objectName()))
        parent = parent.parentWidget()
    return tuple(reversed(path)), in_list


def capture(page: QWidget) -> State:
    state: State = []
    for path, kind, name, place, widget in _controls(page):
        if kind == "QLineEdit" and not widget.isReadOnly():
            value = widget.text()
        elif kind == "QComboBox":
            value = ("data", widget.currentData()) if widget.currentData() is not None else ("index",
                                                                                             widget.currentIndex())
        elif kind == "QAbstractButton" and widget.isCheckable():
            value = widget.isChecked()
        elif kind == "QSpinBox":
            value = widget.value()
        elif kind == "QTabWidget":
            value = widget.currentIndex()
        else:
            continue
        state.append((path, kind, name, place, value))
    return state


def restore(page: QWidget, state: State) -> None:
    for path, kind, name, place, value in state:
        # looked up at each step: a choice may have rebuilt what follows it
        widget = next((w for p, k, n, i, w in _controls(page) if (p, k, n, i) == (path, kind, name, place)), None)
        if widget is None:
            continue
        if kind == "QLineEdit":
            if widget.text() != value:
                widget.setText(value)
        elif kind == "QComboBox":
            how, wanted = value
            index = widget.findData(wanted) if how == "data" else wanted
            if 0 <= index < widget.count() and index != widget.currentIndex():
                widget.setCurrentIndex(index)
        elif kind == "QAbstractButton":
            if widget.isChecked() != value:
                widget.setChecked(value)
        elif kind == "QSpinBox":
            widget.setValue(value)
        elif kind == "QTabWidget" and 0 <= value < widget.count():
            widget.setCurrentIndex(value)
