"""The Qt interface: one client of the core services."""

import builtins

import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook, undone below)

# PySide6 replaces __import__ with a hook that serves ``from __feature__ import snake_case`` (its
# optional snake_case / true_property API, which this program does not use) and that reads the whole
# source file of every module imported after it, to see whether the module mentions PySide6: 12 ms of
# the start-up. Without a feature selected, PySide6 treats every module alike, hook or not.
if hasattr(builtins, "__orig_import__"):
    builtins.__import__ = builtins.__orig_import__
