"""The activity, body and contact forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidgetItem,
)

from segib_desktop.core.models import ActivityKind, BodyKind
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.read import lookups
from segib_desktop.core.read.coordination import MeetingChoice, SummitChoice
from segib_desktop.core.services.coordination import (
    CODEI,
    CODEI_MEMBERS,
    ActivityService,
    BodyService,
    ContactService,
)
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.coordination.editors import (
    ActionsEditor,
    FileLinks,
    LinkPicker,
)
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.table import Column
from segib_desktop.i18n import N_, _, active, to_roman

ERASE_QUESTION = N_("Delete this contact? Their name, email, phone and notes will be erased everywhere, "
                    "including the history of changes. The activities they took part in are kept. "
                    "This cannot be undone.")


def _summit_label(row: SummitChoice) -> str:
    year = row.start_date.year if row.start_date else ""
    return f"{to_roman(row.number)} – {row.city} {year}".strip()


def _meeting_label(row: MeetingChoice) -> str:
    number = f"{to_roman(row.number)} " if row.number else ""
    parts = [active().format_date(row.start_date), number + _(row.kind.label), row.city]
    return " · ".join(p for p in parts if p)


class ActivityForm(FormDialog):
    """An activity: what, when, with whom, what came out of it, what it concerns, and its action items.

    A meeting whose bodies include CODEI involves its five members: ticking CODEI
    (or ``codei=True``, the "CODEI meeting" button) ticks SEGIB, OEI, OIJ, OISS and COMJIB too.
    """
    help_section = "codei"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, *, today: dt.date | None = None,
                 body_ids: Sequence[int] = (), codei: bool = False, parent=None):
        self.ctx = ctx
        today = today or dt.date.today()
        service = ActivityService(ctx.db)
        self.codei_id = next(iter(read_coordination.body_ids(ctx.db, [CODEI])), None)
        self.codei_member_ids = read_coordination.body_ids(ctx.db, CODEI_MEMBERS)
        body_choices = read_coordination.body_choices(ctx.db, ctx.lang)
        fields = [
            Field("kind", N_("Kind"), "enum", required=True, choices=ActivityKind),
            Field("date", N_("Date"), "date", required=True),
            Field("subject", N_("Subject"), required=True, max_length=300),
            Field("body_ids", N_("Bodies"), "checklist", required=True, choices=lambda: body_choices),
            Field("summary", N_("Summary"), "multiline"),
            Field("outcome", N_("Outcome"), "multiline"),
            Field("contact_ids", N_("Contacts who took part"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose contacts"), (Column(N_("Name"), field="name"), Column(N_("Role"), stretch=True, field="role"),
                                                    Column(N_("Body or country"), field="where")),
                             lambda ids: read_coordination.contact_choices(ctx.db, ctx.lang, ids), lambda r: f"{r.name} ({r.where})" if r.where
                             else r.name,
                             add=_("Add contacts…"), remove=_("Remove contacts"))),
            Field("summit_ids", N_("Summits"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose summits"), (Column(N_("No."), "roman", width=6, field="number"), Column(N_("City"), field="city"),
                                                   Column(N_("Start"), "date", stretch=True, field="start_date")),
                             lambda ids: read_coordination.summit_choices(ctx.db, ids), _summit_label,
                             add=_("Add summits…"), remove=_("Remove summits"))),
            Field("meeting_ids", N_("Meetings"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose meetings"), (Column(N_("Date"), "date", field="start_date"), Column(N_("Kind"), "enum", field="kind"),
                                                    Column(N_("No."), "int", field="number"), Column(N_("City"), stretch=True, field="city")),
                             lambda ids: read_coordination.meeting_choices(ctx.db, ids), _meeting_label,
                             add=_("Add meetings…"), remove=_("Remove meetings"))),
            Field("mandate_ids", N_("Mandates"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose mandates"), (Column(N_("Code"), field="code", sort_field="code_order"), Column(N_("Title"), stretch=True, field="title"),
                                                    Column(N_("Status"), "enum", field="status"), Column(N_("Due date"), "date", field="due_date")),
                             lambda ids: read_coordination.mandate_choices(ctx.db, ids), lambda r: f"{r.code} – {r.title}",
                             add=_("Add mandates…"), remove=_("Remove mandates"))),
            Field("files", N_("Files"), "custom", tab=N_("People and links"), choices=FileLinks),
            Field("actions", "", "custom", tab=N_("Action items"),
                  choices=lambda: ActionsEditor(read_coordination.owner_choices(ctx.db), today)),
        ]
        title = _("New activity")
        if record_id is not None:
            title = _("Activity of {date}").format(date=active().format_date(service.get(record_id)["date"]))
        elif codei:
            title = _("New CODEI meeting")
        defaults = {"kind": ActivityKind.MEETING, "date": today, "body_ids": list(body_ids), "actions": []}
        if codei:
            defaults |= {"subject": _("CODEI meeting"), "body_ids": sorted({*body_ids, *read_coordination.codei_ids(ctx.db)})}
        super().__init__(service, fields, record_id, title=title, defaults=defaults, parent=parent)
        self.resize(760, 680)
        self.widget("body_ids").setMinimumHeight(190)  # the reference bodies and a few more, unscrolled
        self.widget("body_ids").itemChanged.connect(self._codei_ticked)

    def _codei_ticked(self, item: QListWidgetItem) -> None:
        if (item.data(Qt.ItemDataRole.UserRole) == self.codei_id and item.checkState() == Qt.CheckState.Checked
                and self.widget("kind").currentData() == ActivityKind.MEETING):
            self.select_codei_members()

    def select_codei_members(self) -> None:
        bodies = self.widget("body_ids")
        for i in range(bodies.count()):
            item = bodies.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in self.codei_member_ids:
                item.setCheckState(Qt.CheckState.Checked)


class BodyForm(FormDialog):
    help_section = "codei"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, parent=None):
        fields = [
            Field("acronym", N_("Acronym"), required=True, max_length=30),
            Field("kind", N_("Kind"), "enum", required=True, choices=BodyKind),
            Field("name_es", N_("Name (Spanish)"), required=True, max_length=250),
            Field("name_pt", N_("Name (Portuguese)"), max_length=250),
            Field("name_en", N_("Name (English)"), max_length=250),  # the English interface's (else the Spanish)
            Field("seat", N_("Seat"), max_length=120),
            Field("website", N_("Web address"), max_length=250, placeholder=N_("https://…")),
            Field("founded", N_("Founded in"), "int"),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = BodyService(ctx.db)
        title = _("New body") if record_id is None else service.get(record_id)["acronym"]
        super().__init__(service, fields, record_id, title=title, defaults={"kind": BodyKind.INTERNATIONAL},
                         parent=parent)


class ContactForm(FormDialog):
    help_section = "codei"  # what F1 opens in the user guide (help.py)

    delete_question = ERASE_QUESTION  # erasing a person: what goes (their data, everywhere) and what stays

    def __init__(self, ctx: AppContext, record_id: int | None, *, body_id: int | None = None, parent=None):
        bodies = read_coordination.body_choices(ctx.db, ctx.lang)
        countries = [(cid, name) for cid, _iso, name in lookups.countries(ctx.db, ctx.lang)]
        fields = [
            Field("name", N_("Name"), required=True, max_length=200),
            Field("role", N_("Role"), max_length=200),
            Field("body_id", N_("Body"), "choice", choices=lambda: bodies),
            Field("country_id", N_("Country"), "choice", choices=lambda: countries),
            Field("email", N_("Email"), max_length=200),
            Field("phone", N_("Phone"), max_length=60),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = ContactService(ctx.db)
        title = _("New contact") if record_id is None else service.get(record_id)["name"]
        super().__init__(service, fields, record_id, title=title, defaults={"body_id": body_id}, parent=parent)

