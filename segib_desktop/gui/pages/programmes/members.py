"""A programme's member countries and the programme's own form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
)

from segib_desktop.core.read import cycle as read_cycle
from segib_desktop.core.read import lookups
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.services.programmes import (
    MemberService,
    ProgrammeService,
)
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.form import Field, FormDialog
from segib_desktop.gui.widgets.table import Column, ListPage
from segib_desktop.i18n import N_, _


class MembersList(ListPage):
    columns = (
        Column(N_("Country"), stretch=True, field="country"),
        Column(N_("ISO code"), field="iso2"),
        Column(N_("Joined on"), "date", field="joined_on"),
        Column(N_("Left on"), "date", field="left_on"),
    )
    count_text = N_("{shown} of {total} member countries")
    count_text_one = N_("{shown} of {total} member country")
    default_sort = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, ctx: AppContext, programme_id: int):
        self.ctx, self.programme_id = ctx, programme_id
        self.service = MemberService(ctx.db)
        super().__init__()
        self.reload()

    def fetch(self) -> list[tuple]:
        return read_programmes.members(self.ctx.db, self.programme_id, self.ctx.lang)

    def open_record(self, record_id: int | None) -> None:
        form = MemberForm(self.ctx, self.programme_id, record_id, parent=self)
        form.saved.connect(lambda saved_id: self.reload(select_id=saved_id))
        form.deleted.connect(lambda _id: self.reload())
        form.open()


class MemberForm(FormDialog):
    help_section = "iberblh"  # what F1 opens in the user guide (help.py)
    unshown_labels = {"programme_id": N_("Programme")}  # its History names it (set by the page, not shown)

    def __init__(self, ctx: AppContext, programme_id: int, record_id: int | None, parent=None):
        self.programme_id = programme_id
        countries = lookups.countries(ctx.db, ctx.lang)
        fields = [
            Field("country_id", N_("Country"), "choice", required=True,
                  choices=lambda: [(cid, name) for cid, _iso, name in countries]),
            Field("joined_on", N_("Joined on"), "date"),
            Field("left_on", N_("Left on"), "date"),
        ]
        title = _("New member country") if record_id is None else _("Member country")
        super().__init__(MemberService(ctx.db), fields, record_id, title=title, parent=parent)

    def values(self) -> dict:
        return super().values() | {"programme_id": self.programme_id}


class ProgrammeForm(FormDialog):
    """A cooperation programme; once saved, its member countries in a second tab."""
    help_section = "iberblh"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, parent=None):
        summits = read_cycle.summit_choices(ctx.db)
        fields = [
            Field("code", N_("Short name"), required=True, max_length=30, placeholder=N_("For example IberBLH")),
            Field("name_es", N_("Name (Spanish)"), required=True, max_length=250),
            Field("name_pt", N_("Name (Portuguese)"), max_length=250),
            Field("approved_summit_id", N_("Approved at the summit"), "choice", choices=lambda: summits),
            Field("approved_on", N_("Approved on"), "date"),
            Field("secretariat", N_("Secretariat"), max_length=250),
            Field("objectives_es", N_("Objectives (Spanish)"), "multiline"),
            Field("objectives_pt", N_("Objectives (Portuguese)"), "multiline"),
            Field("notes", N_("Notes"), "multiline"),
        ]
        service = ProgrammeService(ctx.db)
        title = _("New programme") if record_id is None else _("Programme {code}").format(
            code=service.get(record_id)["code"])
        super().__init__(service, fields, record_id, title=title, parent=parent)
        self.members: MembersList | None = None
        if record_id is not None:
            self.members = MembersList(ctx, record_id)
            self.add_tab(self.members, _("Member countries"))
        else:
            note = QLabel(_("Save the programme first; then open it again to add its member countries."),
                          wordWrap=True)
            note.setAlignment(Qt.AlignmentFlag.AlignTop)
            self.add_tab(note, _("Member countries"))
        self.resize(720, 640)
