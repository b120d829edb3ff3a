"""Typing into a closed list of choices (a drop-down that takes no text: a form's area, summit or kind, a
list's filter) finds the choice as typed, spaces included; the application's keyboard policy (keyboard.py)
hands it the keys typed into every such list of the program."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from segib_desktop.i18n import fold


def best_choice(texts: Sequence[str], typed: str, current: int, enabled: Callable[[int], bool] = lambda _row: True,
                *, first_key: bool = False) -> int | None:
    """The row that ``typed`` chooses among ``texts`` (folded, as ``fold``), the list standing on ``current``.

    The rows that begin with what was typed: the one that is exactly it first, then one where it is whole words
    ("XXX – Madrid", not "XXXI – Punta del Este"), then the others; among equals, the current row, then the
    ones after it. A first key steps to the next row that begins with it, and the same key again to the next
    (as Qt's search, and Windows', does): "s", "s" is the second choice beginning with S unless one begins "ss".
    None: nothing begins so (the choice stays)."""
    wanted = fold(typed)
    count = len(texts)
    if not wanted or not count:
        return None
    start = current if 0 <= current < count else 0
    after = [(start + step) % count for step in range(1, count + 1)]  # the next rows, the current one last
    if not first_key:

        def rank(text: str) -> int | None:
            if not text.startswith(wanted):
                return None
            if len(text) == len(wanted):
                return 0
            return 1 if not text[len(wanted)].isalnum() else 2

        found = [(rank(texts[r]), n, r) for n, r in enumerate([start, *after[:-1]]) if enabled(r)]
        found = [item for item in found if item[0] is not None]
        if found:
            return min(found)[2]
        if len(set(wanted)) > 1:
            return None
    # a first key, or the same key again: the next row beginning with it
    return next((r for r in after if enabled(r) and texts[r].startswith(wanted[0])), None)


class ChoiceSearch:
    """Typing into a closed list of choices (a QComboBox that takes no text) finds the choice as typed.

    Qt's own search took a space as "open the list", which lost the rest of what was typed ("Secretaria para"
    chose "Secretaria de Asuntos…", the first area beginning "Secretaria"), and chose the first row beginning
    with the letters ("XXX" chose "XXXI", the newest summit first). Here the keys typed within
    QApplication.keyboardInputInterval() of each other are one search, spaces included, matched as
    ``best_choice`` does (accents or not); Space alone, no search under way, opens the list, as Qt does."""

    def __init__(self):
        self.combo: QtWidgets.QComboBox | None = None
        self.typed = ""
        self.last = 0.0  # when the last key of the search was typed (time.monotonic)
        self.texts: list[str] = []

    def key_pressed(self, combo: QtWidgets.QComboBox, event: QtGui.QKeyEvent) -> bool:
        """True when the key was a search's (the combo must not have it too)."""
        text = event.text()
        if combo.isEditable() or not text or not text[0].isprintable():
            self.typed = ""  # an arrow, Tab, Return: a search that follows starts anew
            return False
        now = time.monotonic()
        under_way = (combo is self.combo and self.typed
                     and now - self.last <= QApplication.keyboardInputInterval() / 1000)
        if not under_way:
            self.combo, self.typed = combo, ""
            if text == " ":
                return False  # Space alone: the list opens (Qt)
            self.texts = [fold(combo.itemText(row)) for row in range(combo.count())]
        elif len(self.texts) != combo.count():  # its choices changed meanwhile
            self.texts = [fold(combo.itemText(row)) for row in range(combo.count())]
        self.typed += text
        self.last = now
        model, column = combo.model(), combo.modelColumn()

        def enabled(row: int) -> bool:
            return bool(model.flags(model.index(row, column, combo.rootModelIndex())) & Qt.ItemFlag.ItemIsEnabled)

        row = best_choice(self.texts, self.typed, combo.currentIndex(), enabled, first_key=not under_way)
        if row is not None and row != combo.currentIndex():
            combo.setCurrentIndex(row)
            combo.activated.emit(row)  # as Qt's search says a choice the user made
            combo.textActivated.emit(combo.itemText(row))
        return True
