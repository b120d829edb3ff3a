"""A body's own page: its details, the figures since the last CODEI meeting and its four lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.services.coordination import (
    CODEI,
    CODEI_MEMBERS,
    BodyService,
)
from segib_desktop.gui.pages.coordination.forms import (
    BodyForm,
)
from segib_desktop.gui.pages.coordination.lists import (
    ActionsList,
    ActivitiesList,
    BodyMandatesList,
    ContactsList,
)
from segib_desktop.gui.widgets.table import ListPage
from segib_desktop.i18n import _, active

if TYPE_CHECKING:
    from segib_desktop.gui.pages.coordination.page import CoordinationPage


class BodyPanel(QWidget):
    """One body: its details, the figures since the last CODEI meeting, and four lists."""

    back = Signal()

    def __init__(self, page: CoordinationPage, body_id: int):
        super().__init__()
        self.page, self.ctx, self.body_id = page, page.ctx, body_id
        self._shown_body: int | None = None
        self.service = BodyService(self.ctx.db)
        self.title = QLabel(objectName="body_title", wordWrap=True)
        self.details = QLabel(objectName="body_details", wordWrap=True, openExternalLinks=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel(objectName="body_summary", wordWrap=True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.back_button = QPushButton(_("← All bodies"), objectName="back")
        self.edit_button = QPushButton(_("Edit details…"), objectName="edit_body")
        self.new_activity_button = QPushButton(_("New activity"), objectName="new_activity")
        self.back_button.clicked.connect(self.back.emit)
        self.edit_button.clicked.connect(self.edit)

        self.activities = ActivitiesList(page, body_id)
        self.actions = ActionsList(page, body_id)
        self.contacts = ContactsList(page, body_id)
        self.mandates = BodyMandatesList(page, body_id)
        self.new_activity_button.clicked.connect(lambda: self.activities.new_activity())
        self.activities.new_button.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_activity_button)
        buttons.addWidget(self.activities.codei_button)
        buttons.addWidget(self.edit_button)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self._box(_("Activities (newest first)"), self.activities))
        top.addWidget(self._box(_("Open action items"), self.actions))
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self._box(_("Contacts"), self.contacts))
        bottom.addWidget(self._box(_("Mandates addressed to it"), self.mandates))
        for splitter in (top, bottom):
            splitter.setChildrenCollapsible(False)
        top.setSizes([500, 500])
        bottom.setSizes([560, 460])  # four contact columns whose headers must fit (1280 px, es and pt)
        rows = QSplitter(Qt.Orientation.Vertical)
        rows.addWidget(top)
        rows.addWidget(bottom)
        rows.setChildrenCollapsible(False)
        rows.setSizes([380, 240])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.summary)
        layout.addWidget(rows, 1)
        self.refresh()

    @staticmethod
    def _box(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addWidget(widget)
        return box

    def lists(self) -> tuple[ListPage, ...]:
        return (self.activities, self.actions, self.contacts, self.mandates)

    def set_body(self, body_id: int) -> None:
        self.body_id = body_id
        for page in self.lists():
            page.body_id = body_id
        self.refresh()

    def refresh(self) -> None:
        """Reads the body again and reloads its four lists."""
        info = read_coordination.body_overview(self.ctx.db, self.body_id, self.ctx.lang, today=self.page.today())
        t = active()
        self.title.setText(f"<h2>{_escape(info['acronym'])} – {_escape(info['name'])}</h2>")
        kind = info["kind"]
        parts = [_(kind.label)]
        if info["seat"]:
            parts.append(_("Seat: {seat}").format(seat=_escape(info["seat"])))
        if info["founded"]:
            parts.append(_("Founded in {year}").format(year=info["founded"]))
        if info["website"]:
            url = _escape(info["website"])
            href = url if "://" in url else f"https://{url}"
            parts.append(f'<a href="{href}">{url}</a>')
        if info["reference"]:
            parts.append(_("Reference body"))
        text = " · ".join(parts)
        if info["notes"]:
            text += "<br>" + _escape(info["notes"]).replace("\n", "<br>")
        self.details.setText(text)
        if info["last_codei"] is not None:
            summary = _("Last CODEI meeting: {date}. Activities with this body since then, that meeting "
                        "included: {n}.").format(
                date=t.format_date(info["last_codei"]), n=info["since_codei"])
        else:
            summary = _("No CODEI meeting recorded yet.")
        summary += " " + _("Open action items: {open}, of which {overdue} overdue.").format(
            open=info["open_actions"], overdue=info["overdue"])
        self.summary.setText(summary)
        self.activities.since = info["last_codei"]
        self.activities.since_box.setVisible(info["last_codei"] is not None)
        if self._shown_body != self.body_id:  # a body opens on what happened since the last CODEI meeting
            self._shown_body = self.body_id
            self.activities.since_box.blockSignals(True)
            self.activities.since_box.setChecked(info["last_codei"] is not None)
            self.activities.since_box.blockSignals(False)
        codei_related = info["acronym"] in (CODEI, *CODEI_MEMBERS)
        self.activities.codei_button.setVisible(codei_related)
        for page in self.lists():
            page.reload()

    def edit(self) -> BodyForm:
        form = BodyForm(self.ctx, self.body_id, parent=self)
        form.saved.connect(lambda _id: self.page.data_changed(self))
        form.deleted.connect(lambda _id: (self.back.emit(), self.page.data_changed(self)))
        self.page.last_form = form
        form.open()
        return form


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
