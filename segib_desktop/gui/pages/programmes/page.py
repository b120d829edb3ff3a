"""The IberBLH page: the programme chosen at the top and its five views."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core.enums import MilestoneStatus
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.services.programmes import (
    MemberService,
    MilestoneService,
    ProgrammeService,
)
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.programmes.common import (
    VIEWS,
)
from segib_desktop.gui.pages.programmes.country import CountryView
from segib_desktop.gui.pages.programmes.indicators import IndicatorsView
from segib_desktop.gui.pages.programmes.matrix import (
    MatrixView,
)
from segib_desktop.gui.pages.programmes.members import ProgrammeForm
from segib_desktop.gui.pages.programmes.milestones import MilestoneForm, MilestonesList
from segib_desktop.gui.pages.programmes.timeline import (
    TimelineView,
)
from segib_desktop.gui.widgets.dialogs import show_error
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.i18n import _, active


class ProgrammesPage(QWidget):
    """show_options: open_id (a milestone), delayed=True, country_id, view (matrix, timeline, list,
    country, indicators), programme_id.

    "New milestone…" is above every view: Edit > New (Ctrl+N) presses it where the view shows no list
    (``own_new_button``; ``own_new_changed`` when a programme, or none, is chosen)."""

    own_new_changed = Signal()

    def __init__(self, ctx: AppContext, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today  # None: the real date (tests pass a fixed one)
        self.programmes = ProgrammeService(ctx.db)
        self.milestones = MilestoneService(ctx.db, today=today)
        self.members = MemberService(ctx.db)
        self.programme_id: int | None = None
        self.countries: list[tuple[int, str, str]] = []
        self._stale = set(VIEWS)

        self.programme = QComboBox(objectName="programme")
        self.programme.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.programme_info = QLabel(objectName="programme_info", wordWrap=True)
        self.programme_info.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_programme_button = QPushButton(_("Programme and members…"), objectName="edit_programme")
        self.new_programme_button = QPushButton(_("New programme…"), objectName="new_programme")
        self.new_milestone_button = QPushButton(_("New milestone…"), objectName="new_milestone")
        self.own_new_button = self.new_milestone_button

        self.matrix = MatrixView(self)
        self.timeline = TimelineView(self)
        self.list = MilestonesList(self)
        self.country = CountryView(self)
        self.indicators = IndicatorsView(self)
        self.tabs = QTabWidget(objectName="views")
        self.tabs.addTab(self.matrix, _("Where each country stands"))
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.list, _("Milestones"))
        self.tabs.addTab(self.country, _("Country"))
        self.tabs.addTab(self.indicators, _("Indicators"))

        top = FlowRow()
        top.addWidget(QLabel(_("Programme:"), buddy=self.programme))  # its name for a screen reader
        top.addWidget(self.programme, 1)
        top.addStretch(0)
        top.addWidget(self.new_milestone_button)
        top.addWidget(self.edit_programme_button)
        top.addWidget(self.new_programme_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.programme_info)
        layout.addWidget(self.tabs, 1)

        self.programme.currentIndexChanged.connect(self._programme_chosen)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.edit_programme_button.clicked.connect(lambda: self.open_programme(self.programme_id))
        self.new_programme_button.clicked.connect(lambda: self.open_programme(None))
        self.new_milestone_button.clicked.connect(lambda: self.open_milestone(None))
        self.matrix.cell_activated.connect(self._matrix_cell)
        self.matrix.show_delayed.connect(lambda view: self.show_options(delayed=True, view=view))
        self.indicators.imported.connect(lambda: self._stale.add("country"))

        view = ctx.settings.value("iberblh/view", "matrix")
        self.tabs.setCurrentIndex(VIEWS.index(view) if view in VIEWS else 0)
        remembered = ctx.settings.value("iberblh/programme")
        self.load_programmes(int(remembered) if str(remembered or "").isdigit() else None)

    def today_date(self) -> dt.date:
        return self.today or dt.date.today()

    # --- programmes
    def load_programmes(self, select_id: int | None = None) -> None:
        choices = read_programmes.programmes(self.ctx.db, self.ctx.lang)
        self.programme.blockSignals(True)
        self.programme.clear()
        for programme_id, code, name in choices:
            self.programme.addItem(f"{code} — {name}", programme_id)
        index = self.programme.findData(select_id if select_id is not None else self.programme_id)
        self.programme.setCurrentIndex(max(index, 0) if choices else -1)
        self.programme.blockSignals(False)
        self._programme_chosen()

    def select_programme(self, programme_id: int) -> None:
        index = self.programme.findData(programme_id)
        if index >= 0 and index != self.programme.currentIndex():
            self.programme.setCurrentIndex(index)

    def _programme_chosen(self) -> None:
        self.programme_id = self.programme.currentData()
        has = self.programme_id is not None
        for button in (self.edit_programme_button, self.new_milestone_button):
            button.setEnabled(has)
        self.own_new_changed.emit()
        if has:
            self.ctx.settings.setValue("iberblh/programme", self.programme_id)
            info = read_programmes.programme_summary(self.ctx.db, self.programme_id, self.ctx.lang)
            parts = []
            if info["approved_on"]:
                parts.append(_("Approved on {date}").format(date=active().format_date(info["approved_on"])))
            if info["secretariat"]:
                parts.append(_("Secretariat: {name}").format(name=info["secretariat"]))
            self.programme_info.setText(" · ".join(parts))
            self.programme_info.setToolTip(info["objectives"])
            self.countries = read_programmes.member_countries(self.ctx.db, self.programme_id, self.ctx.lang)
        else:
            self.programme_info.setText(_("There is no programme yet: create one with “New programme…”."))
            self.countries = []
        for view in (self.timeline, self.list, self.country, self.indicators):
            view.set_countries(self.countries)
        self.refresh_all()

    # --- views
    def current_view(self) -> str:
        return VIEWS[self.tabs.currentIndex()]

    def view_widget(self, key: str) -> QWidget:
        return {"matrix": self.matrix, "timeline": self.timeline, "list": self.list, "country": self.country,
                "indicators": self.indicators}[key]

    def refresh_all(self) -> None:
        """Marks every view out of date and reloads the one shown."""
        self._stale = set(VIEWS)
        self._reload_current()

    def refresh(self) -> None:
        """Called by the main window each time the page is shown."""
        self.refresh_all()

    def _reload_current(self) -> None:
        key = self.current_view()
        self._stale.discard(key)
        self.view_widget(key).reload()

    def _tab_changed(self, _index: int) -> None:
        self.ctx.settings.setValue("iberblh/view", self.current_view())
        if self.current_view() in self._stale:
            self._reload_current()

    def show_view(self, key: str) -> None:
        index = VIEWS.index(key)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)  # reloads it if out of date
        elif key in self._stale:
            self._reload_current()

    def show_options(self, *, open_id: int | None = None, delayed: bool | None = None,
                     country_id: int | None = None, view: str | None = None,
                     programme_id: int | None = None, status: str | None = None, **_ignored) -> None:
        if open_id is not None:
            try:
                programme_id = read_programmes.programme_of(self.ctx.db, open_id)
            except errors.NotFound as exc:
                show_error(self, exc)
                return
        if programme_id is not None:
            self.select_programme(programme_id)
        self._stale = set(VIEWS)  # coming from elsewhere: show fresh data
        if view is None and (delayed or country_id is not None or status):
            view = "list"
        if view == "list":
            self._stale.discard("list")
            self.show_view("list")
            self.list.set_filters(country_id=country_id, delayed=bool(delayed),
                                  status=MilestoneStatus(status) if status else None)
        elif view == "timeline":
            for widget in (self.timeline.country, self.timeline.delayed, self.timeline.category):
                widget.blockSignals(True)
            self.timeline.country.setCurrentIndex(max(self.timeline.country.findData(country_id), 0))
            self.timeline.category.setCurrentIndex(0)
            self.timeline.delayed.setChecked(bool(delayed))
            for widget in (self.timeline.country, self.timeline.delayed, self.timeline.category):
                widget.blockSignals(False)
            self._stale.add("timeline")
            self.show_view("timeline")
        elif view == "country" and country_id is not None:
            self.show_view("country")
            self.country.select(country_id)
        elif view in VIEWS:
            self.show_view(view)
        if self.current_view() in self._stale:
            self._reload_current()
        if open_id is not None:
            self.open_milestone(open_id)

    def _matrix_cell(self, country_id, category) -> None:
        self._stale.discard("list")
        self.show_view("list")
        self.list.set_filters(country_id=country_id, category=category)

    # --- forms
    def open_milestone(self, record_id: int | None, defaults: dict | None = None) -> MilestoneForm | None:
        if self.programme_id is None:
            return None
        programme_id = read_programmes.programme_of(self.ctx.db, record_id) if record_id is not None else self.programme_id
        form = MilestoneForm(self.ctx, programme_id, record_id, today=self.today, defaults=defaults, parent=self)
        form.saved.connect(self._milestone_saved)
        form.deleted.connect(lambda _id: self.refresh_all())
        form.open()
        return form

    def _milestone_saved(self, milestone_id: int) -> None:
        self._stale = set(VIEWS) - {"list"}
        self.list.reload(select_id=milestone_id)
        if self.current_view() != "list":
            self._reload_current()

    def open_programme(self, record_id: int | None) -> ProgrammeForm:
        form = ProgrammeForm(self.ctx, record_id, parent=self)
        form.saved.connect(lambda saved_id: self.load_programmes(saved_id))
        form.deleted.connect(lambda _id: self.load_programmes())
        form.finished.connect(lambda _result: self.load_programmes(self.programme_id))
        form.open()
        return form
