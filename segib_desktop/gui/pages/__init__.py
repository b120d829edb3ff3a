"""The pages of the main window, in navigation order.

Each page is built on its first visit (``factory`` is imported lazily), receives
the AppContext, and may implement ``show_options(**options)`` (navigate to a
filtered view) and ``refresh()`` (called each time it is shown again: a page just built
has just read its data).
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from PySide6.QtWidgets import QWidget

from segib_desktop.gui.context import AppContext
from segib_desktop.i18n import N_


class PageSpec(NamedTuple):
    key: str
    title: str  # English msgid
    factory: str  # "module:Class", imported on first visit

    def build(self, ctx: AppContext, parent: QWidget | None = None) -> QWidget:
        """The page, made inside ``parent``: moved there afterwards, it would be styled again, whole."""
        module, name = self.factory.split(":")
        return getattr(importlib.import_module(module), name)(ctx, parent=parent)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", N_("Home"), "segib_desktop.gui.pages.home:HomePage"),
    PageSpec("summits", N_("Summits"), "segib_desktop.gui.pages.summits:SummitsPage"),
    PageSpec("meetings", N_("Meetings"), "segib_desktop.gui.pages.meetings:MeetingsPage"),
    PageSpec("mandates", N_("Mandates"), "segib_desktop.gui.pages.mandates:MandatesPage"),
    PageSpec("coordination", N_("Coordination"), "segib_desktop.gui.pages.coordination:CoordinationPage"),
    PageSpec("iberblh", N_("IberBLH"), "segib_desktop.gui.pages.programmes:ProgrammesPage"),
    PageSpec("briefings", N_("Briefings"), "segib_desktop.gui.pages.briefings:BriefingsPage"),
)


def page_spec(key: str) -> PageSpec:
    return next(p for p in PAGES if p.key == key)
