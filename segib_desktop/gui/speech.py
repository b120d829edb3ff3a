"""What a screen reader is told besides the names of the controls (keyboard.py names them): a control's
description as it changes (the error under a form's field), and a message said at once (a form's general
error). Qt tells the screen reader through its accessibility events; offscreen, nothing listens.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtWidgets import QWidget


def describe(widget: QWidget, text: str) -> None:
    """``text`` is what a screen reader says after ``widget``'s name (the error under a field, "Required"),
    told to it at once, the widget focused or not; "" gives the tooltip back as the description (Qt's own)."""
    if widget.accessibleDescription() == text:
        return
    widget.setAccessibleDescription(text)
    QtGui.QAccessible.updateAccessibility(QtGui.QAccessibleEvent(widget, QtGui.QAccessible.Event.DescriptionChanged))


def announce(widget: QWidget, text: str) -> None:
    """``text`` said by a screen reader now, wherever the focus is (a form's general error, shown in red in a
    line that the keyboard never reaches)."""
    event = QtGui.QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Assertive)
    QtGui.QAccessible.updateAccessibility(event)
