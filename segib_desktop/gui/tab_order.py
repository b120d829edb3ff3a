"""Tab follows the reading order: top to bottom, left to right, as the layouts place things.

Qt's Tab goes in the order widgets were made. A widget made after the others but placed between them came
after Save and Cancel: a meeting's "All countries" and "No country" under its attendance, a progress
entry's "Choose a file…" under its evidence, the Briefings page's sections (made again when the kind of
briefing changes) above "Generate briefing". One rule for every form, page and list instead:

- ``reading_order(root)``: ``root`` and everything in it as its layouts place it, each container just
  before what it holds: a form's rows in order (label, then field), a row's items left to right, a grid by
  row then column, a tab widget's bar before its pages, a splitter's parts in order. Widgets outside any
  layout (a table's cell editors, a scroll area's contents) follow their parent, in the order they have.
  A part with its own rule gives its own order (``tab_chain()``: a list puts its table before the buttons
  above it, see ListPage).
- ``follow(order)`` makes Qt's focus chain that order, containers included: ``keyboard.first_field``, which
  looks for a container's first control from the container's place in the chain, stays right.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QGridLayout, QLayout, QSplitter, QTabWidget, QWidget

_ROLE = {QFormLayout.ItemRole.LabelRole: 0, QFormLayout.ItemRole.SpanningRole: 0, QFormLayout.ItemRole.FieldRole: 1}


def _in_layout(layout: QLayout, widgets: list[QWidget]) -> list[QWidget]:
    """Those of ``widgets`` that ``layout`` (or a layout in it) places, in reading order.

    Found through ``indexOf``, never ``itemAt``: a Python wrapper of a layout's item outlives the item (it is
    not a QObject, so nothing tells PySide when it goes) and was taken, once Qt reused its address, for the
    widget made there next ("'QWidgetItem' object has no attribute 'setVisible'").
    """
    placed: list[tuple[int, QWidget | QLayout]] = [(layout.indexOf(w), w) for w in widgets]
    placed += [(layout.indexOf(inner), inner) for inner in layout.children() if isinstance(inner, QLayout)]
    placed = [(i, part) for i, part in placed if i >= 0]
    if isinstance(layout, QFormLayout):  # its items are kept in the order they were added, not by row
        row_role = {i: layout.getItemPosition(i) for i, _part in placed}
        placed.sort(key=lambda pair: (row_role[pair[0]][0], _ROLE[row_role[pair[0]][1]]))
    elif isinstance(layout, QGridLayout):
        cells = {i: layout.getItemPosition(i)[:2] for i, _part in placed}
        placed.sort(key=lambda pair: cells[pair[0]])
    else:
        placed.sort(key=lambda pair: pair[0])
        if isinstance(layout, QBoxLayout) and layout.direction() in (QBoxLayout.Direction.RightToLeft,
                                                                     QBoxLayout.Direction.BottomToTop):
            placed.reverse()
    found: list[QWidget] = []
    for _i, part in placed:
        found += _in_layout(part, widgets) if isinstance(part, QLayout) else [part]
    return found


def _children(widget: QWidget) -> list[QWidget]:
    """``widget``'s child widgets (not windows of their own) as placed, then those no layout places."""
    children = [c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow()]
    if isinstance(widget, QTabWidget):
        placed = [widget.tabBar()]
    elif isinstance(widget, QSplitter):
        placed = [widget.widget(i) for i in range(widget.count())]
    elif widget.layout() is not None:
        placed = _in_layout(widget.layout(), children)
    else:
        placed = []
    placed = [w for w in placed if w in children]
    return placed + [c for c in children if c not in placed]


def reading_order(root: QWidget) -> list[QWidget]:
    """``root`` and the widgets inside it, in reading order (see the module's docstring)."""
    found: list[QWidget] = []

    def visit(widget: QWidget) -> None:
        found.append(widget)
        for child in _children(widget):
            own = getattr(child, "tab_chain", None)
            if callable(own):
                found.extend(own())
            else:
                visit(child)

    visit(root)
    return found


def follow(order: Sequence[QWidget]) -> None:
    """Qt's focus chain in ``order`` (from its first widget, which stays where it is). Qt links only the
    widgets that take the focus: the others (containers) take it for the time of the linking. A part whose
    focus goes to another widget (a spin box's text) stays with the control it belongs to."""
    chain = [w for w in order if w.focusProxy() is None]
    lent = [w for w in chain if w.focusPolicy() == Qt.FocusPolicy.NoFocus]
    for widget in lent:
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    try:
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
    finally:
        for widget in lent:
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def follow_reading_order(root: QWidget) -> None:
    """Tab through ``root`` in reading order."""
    follow(reading_order(root))
