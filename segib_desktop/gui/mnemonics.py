"""Mnemonics (``&``): the underlined letters that Alt types, given to what a window shows (keyboard.py's
policy calls ``assign_mnemonics`` when a window, a page or a tab shows): its menu titles, tabs, buttons
and the labels of its fields, none repeated; a mnemonic written in a translation is kept when it is free,
the others are chosen from the text, so that every language gets its own; only plain letters and digits,
which Alt and one key type on Spanish and Portuguese keyboards too.
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtWidgets
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMenu, QWidget


def _strip(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def mnemonic(text: str) -> str:
    """The letter after a single ``&`` (lower case), or ""."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else ""


def typable(letter: str) -> bool:
    """A letter that Alt and one key type on every keyboard of the officers (Spanish, Portuguese, English): a
    plain letter or digit. Accented letters (á, í, ó, ú) are typed with a dead key, which does nothing with
    Alt, ñ has no key on a Portuguese keyboard, and Qt matches Alt+Á, not Alt+A: an underline there would
    promise a key that does not exist."""
    return len(letter) == 1 and letter.isascii() and letter.isalnum()


def _places(plain: str) -> list[int]:
    """Where a mnemonic may go in ``plain``, best first: the starts of its words, then every other letter;
    typable letters only, each letter once."""
    starts = [m.start() for m in re.finditer(r"\b\w", plain)]
    places, seen = [], set()
    for i in starts + list(range(len(plain))):
        letter = plain[i].lower()
        if typable(letter) and letter not in seen:
            seen.add(letter)
            places.append(i)
    return places


def _marked(plain: str, i: int) -> str:
    return plain[:i].replace("&", "&&") + "&" + plain[i:].replace("&", "&&")


class Mnemonic:
    """One item that takes a mnemonic: a button, a tab, an action or a label, read and written alike. A
    ``fixed`` one (a menu bar's title) keeps its letter even when another item could have no letter otherwise;
    a ``weak`` one (a field's label: Tab reaches the field too) gives its letter up to a button or a tab that
    would have none."""

    def __init__(self, get, put, *, fixed: bool = False, weak: bool = False):
        self.get, self.put, self.fixed, self.weak = get, put, fixed, weak


def window_items(window: QWidget) -> list[Mnemonic]:
    """What shares one window's mnemonics: its menu bar's menus, then its shown tabs, buttons and the labels
    that point at a control (a form's "Title": Alt and its letter go to the field)."""
    items: list[Mnemonic] = []
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.text():
                items.append(Mnemonic(action.text, action.setText, fixed=True))
    if isinstance(window, QMenu):
        for action in window.actions():
            if action.text() and not action.isSeparator():
                items.append(Mnemonic(action.text, action.setText))
        return items
    for bar in window.findChildren(QtWidgets.QTabBar):
        if bar.window() is window and bar.isVisible():
            for i in range(bar.count()):
                items.append(Mnemonic(lambda b=bar, i=i: b.tabText(i), lambda t, b=bar, i=i: b.setTabText(i, t)))
    for button in window.findChildren(QAbstractButton):
        if button.window() is window and button.isVisible() and button.text().strip():
            items.append(Mnemonic(button.text, button.setText))
    for label in window.findChildren(QtWidgets.QLabel):
        buddy = label.buddy()
        if (buddy is not None and label.window() is window and label.isVisible() and label.text().strip()
                and "<" not in label.text() and buddy.isEnabled() and (buddy.focusProxy() or buddy).focusPolicy()
                & QtCore.Qt.FocusPolicy.TabFocus):  # a letter that goes nowhere would be a broken promise
            items.append(Mnemonic(label.text, label.setText, weak=True))
    return items


def assign(items: list[Mnemonic]) -> None:
    """Gives ``items`` a mnemonic each, none repeated, typable letters only; the ones they have first, so
    that they stay put. An item left without a free letter ("País" once p, a, i and s are taken) takes one
    from an item that can move to another free letter (a matching, as KDE's accelerator manager makes)."""
    letter_of: dict[int, str] = {}  # item's index -> its letter
    owner: dict[str, int] = {}  # letter -> its item's index
    plains = [_strip(item.get()) for item in items]
    for n, item in enumerate(items):  # translated or earlier mnemonics keep their letter while it is free
        letter = mnemonic(item.get())
        if letter and letter not in owner and typable(letter):
            letter_of[n], owner[letter] = letter, n

    def take(n: int, letter: str) -> None:
        old = letter_of.get(n)
        if old is not None and owner.get(old) == n:
            del owner[old]
        letter_of[n], owner[letter] = letter, n

    def place(n: int, tried: set[str]) -> bool:
        """A letter for item ``n``: a free one, else one whose item moves to another (never back)."""
        letters = [plains[n][i].lower() for i in _places(plains[n])]
        free = next((c for c in letters if c not in owner and c not in tried), None)
        if free is not None:
            take(n, free)
            return True
        for letter in letters:
            other = owner.get(letter)
            if letter in tried or other is None or other == n or items[other].fixed:
                continue
            tried.add(letter)
            if place(other, tried):
                take(n, letter)
                return True
        return False

    for n in range(len(items)):
        if n not in letter_of:
            place(n, set())
    for n in range(len(items)):  # a button or a tab still without a letter takes a label's, if it can
        if n not in letter_of and not items[n].weak:
            letters = [plains[n][i].lower() for i in _places(plains[n])]
            label = next((owner[c] for c in letters if c in owner and items[owner[c]].weak), None)
            if label is not None:
                take(n, letter_of.pop(label))
                place(label, set())
    for n, item in enumerate(items):
        text, letter = item.get(), letter_of.get(n)
        if letter is None:
            new = plains[n].replace("&", "&&")  # no letter left: none rather than a repeated one
        elif mnemonic(text) == letter:
            continue
        else:
            new = _marked(plains[n], next(i for i in _places(plains[n]) if plains[n][i].lower() == letter))
        if new != text:
            item.put(new)


def assign_mnemonics(window: QWidget) -> None:
    """What ``window`` shows now: its menu bar's menus, tabs, buttons and labels (a menu: its entries)."""
    assign(window_items(window))


def assign_menu_mnemonics(window: QMainWindow) -> None:
    """The menu bar's titles, and the entries of every menu and submenu: one letter each within its menu."""
    assign([Mnemonic(a.text, a.setText) for a in window.menuBar().actions() if a.text()])
    pending = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    while pending:
        menu = pending.pop()
        assign_mnemonics(menu)
        pending += [a.menu() for a in menu.actions() if a.menu() is not None]
