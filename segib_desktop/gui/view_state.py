"""What the officer chose to see on a page, carried to the same page when the window is made again in another
language: the filters' text and choices, the boxes ticked, the years, the tab shown.

Values, not labels (a combo box's item data: a status, an id), so that they mean the same in every language;
each control found again by its type, its object name and its place among its namesakes (a page is built
the same way in every language). A control the new page does not have yet, or a value it no longer offers,
is left as the page made it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLineEdit, QSpinBox, QTabWidget, QWidget

State = list[tuple[str, str, int, object]]  # (type, object name, place among namesakes, value)


def _controls(page: QWidget):
    """The page's named controls, in the order they were made; not those of a dialog it opened."""
    seen: dict[tuple[str, str], int] = {}
    for widget in page.findChildren(QWidget):
        name = widget.objectName()
        kind = next((k.__name__ for k in (QLineEdit, QComboBox, QAbstractButton, QSpinBox, QTabWidget)
                     if isinstance(widget, k)), None)
        if kind is None or not name or name.startswith("qt_") or _in_dialog(widget, page):
            continue
        place = seen.get((kind, name), 0)
        seen[(kind, name)] = place + 1
        yield kind, name, place, widget


def _in_dialog(widget: QWidget, page: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QDialog):
            return True
        parent = parent.parentWidget()
    return False


def capture(page: QWidget) -> State:
    state: State = []
    for kind, name, place, widget in _controls(page):
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
        state.append((kind, name, place, value))
    return state


def restore(page: QWidget, state: State) -> None:
    controls = {(kind, name, place): widget for kind, name, place, widget in _controls(page)}
    for kind, name, place, value in state:
        widget = controls.get((kind, name, place))
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
