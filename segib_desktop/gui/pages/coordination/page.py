"""The Coordination page: its four views (tabs) and the options the home page and the search open it with."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.coordination.body import BodyPanel
from segib_desktop.gui.pages.coordination.lists import (
    ActionsList,
    ActivitiesList,
    BodiesList,
    ContactsList,
)
from segib_desktop.gui.widgets.dialogs import show_error
from segib_desktop.gui.widgets.form import FormDialog
from segib_desktop.gui.widgets.table import ListPage
from segib_desktop.i18n import _


class CoordinationPage(QWidget):
    """The "coordination" page: activities, open action items, bodies (each with its page) and contacts."""

    VIEWS = ("activities", "actions", "bodies", "contacts")

    def __init__(self, ctx: AppContext, *, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.fixed_today = today
        self.last_form: FormDialog | None = None  # the form opened last (for tests and show_options)
        self.body_panel: BodyPanel | None = None

        self.activities = ActivitiesList(self)
        self.actions = ActionsList(self)
        self.bodies = BodiesList(self)
        self.contacts = ContactsList(self)
        self.body_stack = QStackedWidget()
        self.body_stack.addWidget(self.bodies)

        self.tabs = QTabWidget(objectName="coordination_views")
        self.tabs.addTab(self.activities, _("Activities"))
        self.tabs.addTab(self.actions, _("Open action items"))
        self.tabs.addTab(self.body_stack, _("Bodies"))
        self.tabs.addTab(self.contacts, _("Contacts"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._stale: set[QWidget] = {self.actions, self.body_stack, self.contacts}
        self.activities.reload()

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    # --- views
    def current_lists(self) -> list[ListPage]:
        widget = self.tabs.currentWidget()
        if widget is self.body_stack:
            if self.body_stack.currentWidget() is self.body_panel and self.body_panel is not None:
                return list(self.body_panel.lists())
            return [self.bodies]
        return [widget]

    def _tab_changed(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        if widget in self._stale:
            self._stale.discard(widget)
            if widget is self.body_stack and self.body_panel is not None \
                    and self.body_stack.currentWidget() is self.body_panel:
                self.body_panel.refresh()
            else:
                for page in self.current_lists():
                    page.reload()

    def show_view(self, view: str) -> None:
        self.tabs.setCurrentIndex(self.VIEWS.index(view))

    def show_body(self, body_id: int) -> BodyPanel | None:
        """Opens a body's page in the "Bodies" view."""
        if not read_coordination.body_exists(self.ctx.db, body_id):
            show_error(self, errors.NotFound())
            return None
        if self.body_panel is None:
            self.body_panel = BodyPanel(self, body_id)
            self.body_panel.back.connect(self.show_bodies)
            self.body_stack.addWidget(self.body_panel)
        else:
            self.body_panel.set_body(body_id)
        self.body_stack.setCurrentWidget(self.body_panel)
        self._stale.discard(self.body_stack)
        self.tabs.setCurrentWidget(self.body_stack)
        return self.body_panel

    def show_bodies(self) -> None:
        self.body_stack.setCurrentWidget(self.bodies)
        self.bodies.reload()

    def mark_stale(self, source: QWidget | None = None) -> None:
        """Something changed: every view but the current one reloads when it is next shown."""
        self._stale = {self.activities, self.actions, self.body_stack, self.contacts}
        self._stale.discard(self.tabs.currentWidget())

    def data_changed(self, source: QWidget | None = None, record_id: int | None = None) -> None:
        """After a save or delete: reload what is shown, and the other views when next shown."""
        self.mark_stale(source)
        current = self.tabs.currentWidget()
        if self.body_panel is not None and current is self.body_stack \
                and self.body_stack.currentWidget() is self.body_panel:
            self.body_panel.refresh()
            return
        for page in self.current_lists():
            page.reload(select_id=record_id if page is source else None)
        if current is self.activities:
            self.activities._fill_years()
        if current is self.actions:
            self.actions._fill_owners()

    def refresh(self) -> None:
        """Shown again (from another page): other modules may have changed what we show."""
        self._stale = {self.activities, self.actions, self.body_stack, self.contacts}
        self._tab_changed(self.tabs.currentIndex())

    # --- the contract with the other pages
    def show_options(self, *, open_id: int | None = None, view: str | None = None, overdue: bool | None = None,
                     body_id: int | None = None, open_contact: int | None = None, body: str | None = None,
                     **_ignored) -> None:
        """Also ``body="OEI"``: a body's page by its acronym (briefings and screenshots know acronyms)."""
        if body is not None and body_id is None:
            body_id = next(iter(read_coordination.body_ids(self.ctx.db, [body])), None)
        if view in self.VIEWS:
            self.show_view(view)
        if overdue:
            self.show_view("actions")
            self.actions.overdue_box.setChecked(True)
        if body_id is not None:
            self.show_body(body_id)
        if open_id is not None:
            self.show_view("activities")
            self.activities.select_id(open_id)
            self.activities.open_record(open_id)
        if open_contact is not None:
            self.show_view("contacts")
            self.contacts.select_id(open_contact)
            self.contacts.open_record(open_contact)
