"""A row of controls that wraps onto more lines when its page is too narrow for it.

A list's filters and buttons side by side need more than 1,000 px in Portuguese: at 1024 px, or at 150 % on a
laptop's screen, a plain row made the page wider than the window, which then scrolled sideways and hid the
New and Delete buttons past its edge. This row puts what does not fit on the next line instead. On each
line the room left over goes to the items given a stretch, as in a ``QHBoxLayout``; a stretch
(``addStretch``) pushes what follows it on its line to the right. Qt has no such layout (its documentation
has one as an example): this is that example, with stretches and the items at the end of the row.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QStyle, QWidget, QWidgetItem


class FlowRow(QLayout):
    """Items left to right, wrapping; ``add_end`` keeps an item after everything added later (a list's New
    and Delete buttons stay last whatever filters its page adds)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list[list] = []  # [item, stretch]
        self._ends = 0  # how many items at the end stay there
        self.setContentsMargins(0, 0, 0, 0)

    # --- adding
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.insert(len(self._items) - self._ends, [item, 0])

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        super().addWidget(widget)
        self._items[len(self._items) - self._ends - 1][1] = stretch

    def addStretch(self, stretch: int = 0) -> None:  # noqa: N802
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self._items[len(self._items) - self._ends - 1][1] = stretch

    def add_end(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.append([QWidgetItem(widget), 0])
        self._ends += 1
        self.invalidate()

    # --- QLayout's interface
    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index][0] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        if index >= len(self._items) - self._ends:
            self._ends -= 1
        return self._items.pop(index)[0]

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """On one line, as a QHBoxLayout would ask."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item, _stretch in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((item.sizeHint().height() for item, _stretch in shown), default=0)
        return QSize(width, height) + self._margins()

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as its widest item: the rest goes onto more lines."""
        size = QSize()
        for item, _stretch in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins()

    # --- placing
    def _shown(self) -> list[list]:
        return [entry for entry in self._items if not entry[0].isEmpty() or isinstance(entry[0], QSpacerItem)]

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        gap = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) if style is not None else -1
        return gap if gap >= 0 else 6

    def _margins(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lays the items out in ``rect`` (or only measures, ``place=False``); returns the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list] = [[]]
        used = 0
        for item, stretch in self._shown():
            width = min(item.sizeHint().width(), area.width())
            if lines[-1] and used + gap + width > area.width():
                if isinstance(item, QSpacerItem):
                    continue  # a stretch at a line's end pushes nothing
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append([item, stretch, max(width, item.minimumSize().width())])
        y = area.y()
        for line in lines:
            if not line:
                continue
            spare = area.width() - sum(w for _item, _s, w in line) - gap * (len(line) - 1)
            stretches = sum(s for _item, s, _w in line)
            for entry in line:
                item, stretch, width = entry
                if spare > 0 and stretches:
                    width += spare * stretch // stretches
                entry[2] = min(width, item.maximumSize().width())
            heights = [item.heightForWidth(w) if item.hasHeightForWidth() else item.sizeHint().height()
                       for item, _s, w in line]
            height = max(heights)
            if place:
                x = area.x()
                for (item, _s, width), own in zip(line, heights, strict=True):
                    if not isinstance(item, QSpacerItem):
                        item.setGeometry(QRect(QPoint(x, y + (height - own) // 2), QSize(width, own)))
                    x += width + gap
            y += height + gap
        return y - gap - area.y() + m.top() + m.bottom() if y > area.y() else m.top() + m.bottom()
