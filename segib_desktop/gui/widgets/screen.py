"""Windows no bigger than the screen: the main window and every dialog, whatever the scale.

On a 1366×768 or 1024×768 laptop at 150 %, the screen's free area is about 683×512 logical pixels. A
dialog sized for a desktop screen (a form 680 pixels tall) would put its last fields and its Save button
past the bottom edge, where no resizing brings them back. ``fit_to_screen`` makes a window, its frame
included, at most the free area (its minimum size too) and moves it back onto the screen. A window the
window manager has not framed yet (at its first show; on Linux, until some time after it) reports no
frame: a typical title bar and borders are left for, so that the frame added afterwards stays on the
screen too. ``scrolled`` puts a form's fields in a scroll area, so that a form can be that small: its
fields scroll, its buttons stay in view; ``capped_combo`` keeps a long choice from making it wider.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QMargins, QObject, QSize, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFrame, QScrollArea, QToolTip, QWidget

# A title bar and borders (Windows 10 and 11: 31 and 8 logical pixels, at any scale), for a window whose
# frame the window manager has not made yet.
TYPICAL_FRAME = QMargins(8, 32, 8, 8)


def frame_margins(window: QWidget) -> QMargins:
    """The window's title bar and borders: as the window manager made them, else the typical ones."""
    frame, inner = window.frameGeometry(), window.geometry()
    known = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                     frame.right() - inner.right(), frame.bottom() - inner.bottom())
    if known.isNull() and not window.windowFlags() & Qt.WindowType.FramelessWindowHint:
        return TYPICAL_FRAME
    return known


def fit_to_screen(window: QWidget) -> None:
    """``window`` within its screen's free area (the task bar left out), frame included: its size (and its
    minimum size, which a scale of 150 % or 200 % may make too large) no more than that, and moved onto
    the screen if it was past an edge. Once shown, as large as it was or the user made it."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    margins = frame_margins(window)
    room_w = free.width() - margins.left() - margins.right()
    room_h = free.height() - margins.top() - margins.bottom()
    minimum = window.minimumSize()
    if minimum.width() > room_w or minimum.height() > room_h:
        window.setMinimumSize(min(minimum.width(), room_w), min(minimum.height(), room_h))
    width, height = min(window.width(), room_w), min(window.height(), room_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.geometry().marginsAdded(margins)
    if not free.contains(frame):
        window.move(max(free.left(), min(frame.left(), free.right() + 1 - frame.width())),
                    max(free.top(), min(frame.top(), free.bottom() + 1 - frame.height())))


class FitsScreen:
    """For a dialog's class (first among its bases): it opens no larger than the screen (``fit_to_screen``),
    before Qt centres it on its window. A dialog given no size opens as large as its contents ask, not at
    most two thirds of the screen (Qt's own first size): its minimum, once its fields scroll, no longer
    made it larger."""

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not event.spontaneous():
            if not self.testAttribute(Qt.WidgetAttribute.WA_Resized):  # sized by Qt, not by the program
                self.resize(self.sizeHint().expandedTo(self.minimumSize()))
            fit_to_screen(self)
        super().showEvent(event)


class FieldsPage(QWidget):
    """A page of fields for ``scrolled``: the scroll area gives it its fields' minimum heights before it
    scrolls (a text box's 70 pixels, not the 190 it would like), as a dialog without a scroll area would.

    A form whose long rows wrap (its label above its field, when narrow) tells the scroll area its height
    for a width; Qt's answer is the fields' preferred heights, which made a summit's form scroll even on a
    large screen. Here: that answer, less what the fields' preferred heights add to their minimum ones.
    """

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return super().heightForWidth(width)
        preferred_extra = layout.totalSizeHint().height() - layout.totalMinimumSize().height()
        return layout.totalHeightForWidth(width) - preferred_extra


class _ScrollArea(QScrollArea):
    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """What it holds, whole: Qt's hint stops at 24 lines of text, which made a form open shorter than its
        fields on a screen with room for them all (``fit_to_screen`` makes it smaller where there is not)."""
        content = self.widget()
        return super().sizeHint() if content is None else content.sizeHint()


def scrolled(content: QWidget) -> QScrollArea:
    """``content`` in a scroll area that shows it whole when there is room, and scrolls it when there is
    not (a form's fields on a small screen). No frame, no background of its own, no stop for Tab: it looks
    and behaves as ``content`` alone; Tab to a field out of view scrolls it into view (QScrollArea)."""
    area = _ScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return area


CHOICE_LETTERS = 30  # a typical record's label in a drop-down: "XXIX – Cuenca 2024", an area's name


def cap_width(combo: QComboBox, letters: int = CHOICE_LETTERS) -> None:
    """``combo`` as wide as ``letters`` ask, not as its longest label: a mandate's title ("XXX-DEC-3 – Solicitar
    à SEGIB que apoie a Rede…") made a milestone's form scroll sideways, a document's made its dialog wider than
    the screen. The field still grows with its form; its list shows the labels whole. Before Qt measures it:
    QComboBox keeps the minimum width it measured first, whatever its policy becomes afterwards (under the
    program's style sheet a form measures its fields as it adds its first tab)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    combo.installEventFilter(_whole_choice())


class _WholeChoice(QObject):
    """A capped choice cut at the field's edge shows itself whole when the pointer rests on it (its own
    tooltip, if it has one, as before)."""

    def eventFilter(self, combo, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ToolTip and isinstance(combo, QComboBox) and not combo.toolTip():
            text = combo.currentText()
            # the text's room: the field less its arrow and frame (a generous estimate: a tooltip too many is harmless)
            if text and combo.fontMetrics().horizontalAdvance(text) > combo.width() - 4 * combo.fontMetrics().height():
                QToolTip.showText(event.globalPos(), text, combo)
                return True
        return False


@cache
def _whole_choice() -> _WholeChoice:
    return _WholeChoice()  # one for every capped field, made with the first (nothing at import time)


def capped_combo(letters: int = CHOICE_LETTERS) -> QComboBox:
    """A new drop-down, capped (``cap_width``): a form's choice among records (a mandate, a meeting, an area)."""
    combo = QComboBox()
    cap_width(combo, letters)
    return combo
