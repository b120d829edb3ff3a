"""Coordination: activities with the bodies, their open action items, the bodies and the contacts.

The page has four views (tabs): the activities, the open action items across
bodies, the bodies (a body opens its own page: details, contacts, timeline of
activities, open action items and the mandates addressed to it) and the
contacts. ``show_options`` accepts open_id (an activity), view="actions",
overdue=True, body_id and open_contact (the options the home page and the search open it with).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core.models import ActionStatus, ActivityKind, BodyKind
from segib_desktop.core.read import rules
from segib_desktop.core.read.coordination import MeetingChoice, SummitChoice
from segib_desktop.core.services.coordination import (
    CODEI,
    CODEI_MEMBERS,
    ActionItemService,
    ActivityService,
    BodyService,
    ContactService,
)
from segib_desktop.core.services.lookups import LookupService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.dialogs import confirm, show_error
from segib_desktop.gui.widgets.form import DateEdit, Field, FormDialog, delete_with_confirmation
from segib_desktop.gui.widgets.links import open_link
from segib_desktop.gui.widgets.table import Column, ListPage, RowTableModel
from segib_desktop.i18n import N_, _, active, to_roman

ERASE_QUESTION = N_("Delete this contact? Their name, email, phone and notes will be erased everywhere, "
                    "including the history of changes. The activities they took part in are kept. "
                    "This cannot be undone.")


# =========================================================================== small editors for the form
class PickerDialog(QDialog):
    """Choose one or more records from a filterable list (the one list model, RowTableModel)."""

    def __init__(self, title: str, columns: Sequence[Column], rows: list[tuple], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 460)
        self.model = RowTableModel(columns, self)
        self.model.set_rows(rows)
        self.filter_edit = QLineEdit(placeholderText=_("Filter…"), clearButtonEnabled=True, objectName="filter")
        self.filter_edit.textChanged.connect(lambda text: self.model.set_filter(text))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        for col, column in enumerate(columns):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if column.stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(self.accept)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

    def chosen_ids(self) -> list[int]:
        return [self.model.id_at(i.row()) for i in self.view.selectionModel().selectedRows()]


class LinkPicker(QWidget):
    """The records linked to an activity (a list of ids), with Add… and Remove.

    ``fetch(ids)`` returns candidate rows (all of them when ``ids`` is None);
    ``label(row)`` writes one for the list of chosen records.
    """

    changed = Signal()

    def __init__(self, title: str, columns: Sequence[Column], fetch: Callable[[list[int] | None], list[tuple]],
                 label: Callable[[tuple], str], parent=None):
        super().__init__(parent)
        self.title, self.columns, self.fetch, self.label = title, list(columns), fetch, label
        self.dialog: PickerDialog | None = None
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(64)
        self.list.setMaximumHeight(110)
        self.add_button = QPushButton(_("Add…"))
        self.remove_button = QPushButton(_("Remove"))
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def value(self) -> list[int]:
        return sorted(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))

    def set_value(self, ids) -> None:
        self.list.clear()
        self.add_ids(list(ids or ()))

    def add_ids(self, ids: list[int]) -> None:
        present = set(self.value())
        new = [i for i in ids if i not in present]
        if not new:
            return
        for row in self.fetch(new):
            item = QListWidgetItem(self.label(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(item.text())
            self.list.addItem(item)
        self.changed.emit()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def choose(self) -> None:
        """Opens the list of candidates; the chosen ones are added when it is accepted."""
        present = set(self.value())
        rows = [r for r in self.fetch(None) if r.id not in present]
        self.dialog = PickerDialog(self.title, self.columns, rows, self)
        self.dialog.accepted.connect(lambda d=self.dialog: self.add_ids(d.chosen_ids()))
        self.dialog.open()


class FileLinks(QWidget):
    """Files and web pages about an activity: one path or address a line, added and opened from here."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QPlainTextEdit(objectName="files_text")
        self.edit.setPlaceholderText(_("One file path or web address per line"))
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumHeight(90)
        self.add_button = QPushButton(_("Add file…"), objectName="add_file")
        self.open_button = QPushButton(_("Open link"), objectName="open_file")
        self.open_button.setToolTip(_("Open the file or address on the line where the cursor is"))
        self.add_button.clicked.connect(self.add_files)
        self.open_button.clicked.connect(self.open_current)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addLayout(buttons)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, text) -> None:
        self.edit.setPlainText(text or "")

    def add_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(self, _("Add file"))
        if chosen:
            lines = [line for line in self.value().splitlines() if line.strip()]
            self.set_value("\n".join(lines + [c for c in chosen if c not in lines]))

    def current_link(self) -> str:
        return self.edit.textCursor().block().text().strip()

    def open_current(self) -> bool:
        link = self.current_link()
        return bool(link) and open_link(self, link)


class OwnerDelegate(QStyledItemDelegate):
    """An owner cell proposes the contacts' names as one types: an owner who is a contact is linked
    to it (and erased with it); any other name is kept as written."""

    def __init__(self, owners: list[str], parent=None):
        super().__init__(parent)
        self.owners = owners

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        completer = QCompleter(self.owners, editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
        return editor


class ActionsEditor(QWidget):
    """The action items of an activity, edited in place: what, owner, due date, status."""

    COLUMNS = (N_("Action"), N_("Owner"), N_("Due date"), N_("Status"))

    def __init__(self, owners: list[str], today: dt.date, parent=None):
        super().__init__(parent)
        self.owners, self.today = owners, today
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setItemDelegateForColumn(1, OwnerDelegate(owners, self.table))
        self.table.setObjectName("actions_table")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 200)
        header.resizeSection(2, 130)
        header.resizeSection(3, 130)
        self.add_button = QPushButton(_("Add action"))
        self.remove_button = QPushButton(_("Remove action"))
        self.add_button.clicked.connect(lambda: self.add_row(edit=True))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setMinimumHeight(260)

    def add_row(self, values: dict | None = None, *, edit: bool = False) -> int:
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        what = QTableWidgetItem(values.get("description", ""))
        what.setData(Qt.ItemDataRole.UserRole, (values.get("id"), values.get("version")))
        self.table.setItem(row, 0, what)
        self.table.setItem(row, 1, QTableWidgetItem(values.get("owner", "")))
        due = DateEdit()
        due.set_value(values.get("due_date"))
        self.table.setCellWidget(row, 2, due)
        status = QComboBox()
        for member in ActionStatus:
            status.addItem(_(member.label), member)
        status.setCurrentIndex(max(0, status.findData(values.get("status", ActionStatus.OPEN))))
        self.table.setCellWidget(row, 3, status)
        self._mark(row)
        due.dateChanged.connect(lambda _d, w=due: self._mark(self._row_of(w)))
        status.currentIndexChanged.connect(lambda _i, w=status: self._mark(self._row_of(w)))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(what)
        return row

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.table.rowCount()):
            if widget in (self.table.cellWidget(row, 2), self.table.cellWidget(row, 3)):
                return row
        return -1

    def is_overdue(self, row: int) -> bool:
        due = self.table.cellWidget(row, 2).value()
        return (due is not None and due < self.today
                and self.table.cellWidget(row, 3).currentData() == ActionStatus.OPEN)

    def _mark(self, row: int) -> None:
        """An overdue action's due date is shown in red, with a tooltip saying so."""
        if row < 0:
            return
        due = self.table.cellWidget(row, 2)
        late = self.is_overdue(row)
        due.setStyleSheet("color: #b3261e; font-weight: bold;" if late else "")
        due.setToolTip(_("Overdue") if late else "")

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def value(self) -> list[dict]:
        rows = []
        for row in range(self.table.rowCount()):
            what = self.table.item(row, 0)
            owner = self.table.item(row, 1)
            record_id, version = what.data(Qt.ItemDataRole.UserRole) if what else (None, None)
            rows.append({"id": record_id, "version": version, "description": what.text().strip() if what else "",
                         "owner": owner.text().strip() if owner else "",
                         "due_date": self.table.cellWidget(row, 2).value(),
                         "status": self.table.cellWidget(row, 3).currentData()})
        return rows

    def set_value(self, rows) -> None:
        self.table.setRowCount(0)
        for values in rows or ():
            self.add_row(values)


# =========================================================================== forms
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

    def __init__(self, ctx: AppContext, record_id: int | None, *, today: dt.date | None = None,
                 body_ids: Sequence[int] = (), codei: bool = False, parent=None):
        self.ctx = ctx
        today = today or dt.date.today()
        service = ActivityService(ctx.db)
        bodies = BodyService(ctx.db)
        self.codei_id = next(iter(bodies.ids_by_acronym([CODEI])), None)
        self.codei_member_ids = bodies.ids_by_acronym(CODEI_MEMBERS)
        contacts = ContactService(ctx.db)
        body_choices = bodies.choices(ctx.lang)
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
                             lambda ids: contacts.choices(ctx.lang, ids), lambda r: f"{r.name} ({r.where})" if r.where
                             else r.name)),
            Field("summit_ids", N_("Summits"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose summits"), (Column(N_("No."), "roman", width=6, field="number"), Column(N_("City"), field="city"),
                                                   Column(N_("Start"), "date", stretch=True, field="start_date")),
                             service.summit_choices, _summit_label)),
            Field("meeting_ids", N_("Meetings"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose meetings"), (Column(N_("Date"), "date", field="start_date"), Column(N_("Kind"), "enum", field="kind"),
                                                    Column(N_("No."), "int", field="number"), Column(N_("City"), stretch=True, field="city")),
                             service.meeting_choices, _meeting_label)),
            Field("mandate_ids", N_("Mandates"), "custom", tab=N_("People and links"), choices=lambda:
                  LinkPicker(_("Choose mandates"), (Column(N_("Code"), field="code"), Column(N_("Title"), stretch=True, field="title"),
                                                    Column(N_("Status"), "enum", field="status"), Column(N_("Due date"), "date", field="due_date")),
                             service.mandate_choices, lambda r: f"{r.code} – {r.title}")),
            Field("files", N_("Files"), "custom", tab=N_("People and links"), choices=FileLinks),
            Field("actions", "", "custom", tab=N_("Action items"),
                  choices=lambda: ActionsEditor(ActionItemService(ctx.db).owner_choices(), today)),
        ]
        title = _("New activity")
        if record_id is not None:
            title = _("Activity of {date}").format(date=active().format_date(service.get(record_id)["date"]))
        elif codei:
            title = _("New CODEI meeting")
        defaults = {"kind": ActivityKind.MEETING, "date": today, "body_ids": list(body_ids), "actions": []}
        if codei:
            defaults |= {"subject": _("CODEI meeting"), "body_ids": sorted({*body_ids, *bodies.codei_ids()})}
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
    def __init__(self, ctx: AppContext, record_id: int | None, parent=None):
        fields = [
            Field("acronym", N_("Acronym"), required=True, max_length=30),
            Field("kind", N_("Kind"), "enum", required=True, choices=BodyKind),
            Field("name_es", N_("Name (Spanish)"), required=True, max_length=250),
            Field("name_pt", N_("Name (Portuguese)"), max_length=250),
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
    def __init__(self, ctx: AppContext, record_id: int | None, *, body_id: int | None = None, parent=None):
        lookups = LookupService(ctx.db)
        bodies = BodyService(ctx.db).choices(ctx.lang)
        countries = [(cid, name) for cid, _iso, name in lookups.countries(ctx.lang)]
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

    def delete(self) -> bool:
        """Erasing a person: the question says what goes (their data, everywhere) and what stays."""
        if self.record_id is None or not confirm(self, _(ERASE_QUESTION), action=_("Delete")):
            return False
        if not delete_with_confirmation(self, self.service, self.record_id):
            return False
        self.deleted.emit(self.record_id)
        self._loaded = self.values()
        self.accept()
        return True


# =========================================================================== lists
def _combo(name: str, everything: str, items: Sequence[tuple]) -> QComboBox:
    combo = QComboBox(objectName=name)
    combo.addItem(everything, None)
    for value, label in items:
        combo.addItem(label, value)
    # Wide enough for most entries, never so wide that a Portuguese label pushes the page off the screen.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    longest = max([len(everything), *(len(label) for _v, label in items)])
    combo.setMinimumContentsLength(min(16, longest + 1))
    return combo


class _HostedList(ListPage):
    """A list inside the coordination page: it asks the page for "today" and tells it of changes."""

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.page, self.ctx, self.body_id = page, page.ctx, body_id
        super().__init__()

    def _saved(self, record_id: int | None = None) -> None:
        self.page.data_changed(self, record_id)

    def columns_key(self) -> str:
        """A body's page shows these lists half as wide, with fewer columns: its own remembered layout."""
        key = super().columns_key()
        return key if self.body_id is None else key.replace("lists/", "lists/body-", 1)

    def delete_record(self, record_id: int) -> bool:
        deleted = super().delete_record(record_id)
        if deleted:
            self.page.mark_stale(self)
        return deleted

    def _size_columns(self) -> None:
        """On a body's page the lists are half as wide: no column but the stretching one takes much room."""
        super()._size_columns()
        if self.body_id is not None:
            header = self.view.horizontalHeader()
            for col, column in enumerate(self.model.columns):
                if not column.stretch:
                    header.resizeSection(col, min(header.sectionSize(col), 130))
            self._share_room()

    def _park(self, *widgets: QWidget) -> None:
        """Filters that a list inside a body's page does not show (the body is given)."""
        for widget in widgets:
            widget.setParent(self)
            widget.setVisible(False)


class ActivitiesList(_HostedList):
    columns = (
        Column(N_("Date"), "date", field="date"),
        Column(N_("Kind"), "enum", field="kind"),
        Column(N_("Subject"), stretch=True, field="subject"),
        Column(N_("Bodies"), field="bodies"),
        Column(N_("Open actions"), "int", field="open_actions"),
    )
    count_text = N_("{shown} of {total} activities")
    count_text_one = N_("{shown} of {total} activity")

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.service = ActivityService(page.ctx.db)
        self.since: dt.date | None = None  # with since_box ticked, only activities after it
        super().__init__(page, body_id)
        self.kind_filter = _combo("kind_filter", _("All kinds"), [(k, _(k.label)) for k in ActivityKind])
        self.body_filter = _combo("body_filter", _("All bodies"),
                                  [(i, a) for i, a, _n in LookupService(page.ctx.db).bodies(page.ctx.lang)])
        self.year_filter = _combo("year_filter", _("All years"), [])
        self.since_box = QCheckBox(_("Since the last CODEI meeting"), objectName="since_codei", visible=False)
        if body_id is None:
            self.filters_row.addWidget(self.kind_filter)
            self.filters_row.addWidget(self.body_filter)
            self.filters_row.addWidget(self.year_filter)
        else:
            self._park(self.kind_filter, self.body_filter, self.year_filter)
        self.filters_row.addWidget(self.since_box)
        self.codei_button = QPushButton(_("CODEI meeting"), objectName="codei_button")
        self.codei_button.setToolTip(_("New meeting of CODEI, with its five bodies already chosen"))
        self.layout().itemAt(0).layout().insertWidget(2, self.codei_button)
        self.kind_filter.currentIndexChanged.connect(lambda: self.reload())
        self.body_filter.currentIndexChanged.connect(lambda: self.reload())
        self.year_filter.currentIndexChanged.connect(lambda: self.reload())
        self.since_box.toggled.connect(lambda: self.reload())
        self.codei_button.clicked.connect(lambda: self.new_activity(codei=True))
        if body_id is not None:  # its open actions are beside it; deleting is done from the activity
            self.view.setColumnHidden(4, True)
            self.delete_button.setVisible(False)
        self._fill_years()

    def _fill_years(self) -> None:
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        for year in self.service.years():
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(current)))
        self.year_filter.blockSignals(False)

    def query(self) -> dict:
        since = self.since if self.since is not None and self.since_box.isChecked() else None
        return {"kind": self.kind_filter.currentData(),
                "body_id": self.body_id if self.body_id is not None else self.body_filter.currentData(),
                "year": self.year_filter.currentData(), "since": since}

    def fetch(self, **query) -> list[tuple]:
        return self.service.list_rows(self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> ActivityForm | None:
        if record_id is None:
            return self.new_activity()
        try:
            form = ActivityForm(self.ctx, record_id, today=self.page.today(), parent=self)
        except errors.SegibError as exc:  # deleted meanwhile (a search result, another window)
            show_error(self, exc)
            return None
        return self._show(form)

    def new_activity(self, *, codei: bool = False) -> ActivityForm:
        bodies = [self.body_id] if self.body_id is not None else []
        return self._show(ActivityForm(self.ctx, None, today=self.page.today(), body_ids=bodies, codei=codei,
                                       parent=self))

    def _show(self, form: ActivityForm) -> ActivityForm:
        form.saved.connect(self._saved)
        form.deleted.connect(lambda _id: self._saved())
        self.page.last_form = form
        form.open()
        return form


class ActionsList(_HostedList):
    """The action items across bodies (open ones by default), overdue ones in red."""

    columns = (
        Column(N_("Due date"), "date", field="due_date"),
        Column(N_("Action"), stretch=True, field="description"),
        Column(N_("Owner"), width=15, field="owner"),
        Column(N_("Status"), "enum", field="status"),  # shown when the list is not of open items only
        Column(N_("Days overdue"), "int", field="days_overdue"),
        Column(N_("Bodies"), width=12, field="bodies"),
        Column(N_("Activity"), width=18, field="activity"),
    )
    count_text = N_("{shown} of {total} action items")
    count_text_one = N_("{shown} of {total} action item")

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.service = ActionItemService(page.ctx.db)
        super().__init__(page, body_id)
        if body_id is not None:
            for col in (3, 4, 5, 6):  # overdue ones stay red, and the page's summary counts them
                self.view.setColumnHidden(col, True)
        self.model.row_warning = lambda row: row.days_overdue is not None
        self.new_button.setVisible(False)
        self.owner_filter = _combo("owner_filter", _("All owners"), [])
        self.body_filter = _combo("body_filter", _("All bodies"),
                                  [(i, a) for i, a, _n in LookupService(page.ctx.db).bodies(page.ctx.lang)])
        self.status_filter = _combo("status_filter", _("All statuses"), [(s, _(s.label)) for s in ActionStatus])
        self.status_filter.setCurrentIndex(self.status_filter.findData(ActionStatus.OPEN))
        self.due_by = DateEdit()
        self.due_by.setObjectName("due_by")
        self.due_by.setToolTip(_("Only the actions due on or before this date"))
        self.due_by.setSpecialValueText(_("Any due date"))
        self.due_by.setMinimumWidth(self.fontMetrics().horizontalAdvance(_("Any due date")) + 48)
        self.overdue_box = QCheckBox(_("Overdue only"), objectName="overdue_only")
        self.done_button = QPushButton(_("Mark done"), objectName="mark_done")
        self.done_button.setToolTip(_("Mark the selected action items as done"))
        if body_id is None:  # five filters: on a row of their own
            second = QHBoxLayout()
            self.owner_filter.setMinimumContentsLength(20)
            for widget in (self.owner_filter, self.body_filter, QLabel(_("Due by")), self.due_by,
                           self.status_filter):
                second.addWidget(widget)
            second.addStretch(1)
            self.layout().insertLayout(1, second)
            self.filters_row.addWidget(self.overdue_box)
        else:
            self._park(self.owner_filter, self.body_filter, self.status_filter, self.due_by)
            self.filters_row.addWidget(self.overdue_box)
            self.delete_button.setVisible(False)
        self.layout().itemAt(0).layout().insertWidget(2, self.done_button)
        for combo in (self.owner_filter, self.body_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda: self.reload())
        self.status_filter.currentIndexChanged.connect(self._status_column)
        self._status_column()
        self.due_by.dateChanged.connect(lambda: self.reload())
        self.overdue_box.toggled.connect(lambda: self.reload())
        self.done_button.clicked.connect(self.mark_done)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()
        self._fill_owners()

    def _status_column(self) -> None:
        """A list of open items only does not repeat "Open" on every row."""
        self.view.setColumnHidden(3, self.body_id is not None
                                  or self.status_filter.currentData() == ActionStatus.OPEN)

    def _fill_owners(self) -> None:
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        while self.owner_filter.count() > 1:
            self.owner_filter.removeItem(1)
        for owner in self.service.owners():
            self.owner_filter.addItem(owner, owner)
        self.owner_filter.setCurrentIndex(max(0, self.owner_filter.findData(current)))
        self.owner_filter.blockSignals(False)

    def _update_actions(self) -> None:
        super()._update_actions()
        if hasattr(self, "done_button"):
            self.done_button.setEnabled(bool(self.selected_ids()))

    def query(self) -> dict:
        return {"status": self.status_filter.currentData() if self.body_id is None else ActionStatus.OPEN,
                "body_id": self.body_id if self.body_id is not None else self.body_filter.currentData(),
                "owner": self.owner_filter.currentData(), "due_by": self.due_by.value(),
                "overdue": self.overdue_box.isChecked(), "today": self.page.today()}

    def fetch(self, **query) -> list[tuple]:
        return self.service.list_rows(**query)

    def mark_done(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.service.set_status(ids, ActionStatus.DONE)
            self._saved()

    def open_record(self, record_id: int | None) -> None:
        if record_id is None:
            return
        try:
            activity_id = self.service.activity_of(record_id)
        except errors.SegibError as exc:
            show_error(self, exc)
            return
        form = self.page.activities.open_record(activity_id)
        if form is not None:
            form.tabs.setCurrentWidget(form.tab_of("actions"))  # its action items


class BodiesList(_HostedList):
    columns = (
        Column(N_("Acronym"), field="acronym"),
        Column(N_("Name"), stretch=True, field="name"),
        Column(N_("Kind"), "enum", field="kind"),
        Column(N_("Seat"), field="seat"),
        Column(N_("Activities"), "int", field="activities"),
        Column(N_("Open actions"), "int", field="open_actions"),
        Column(N_("Last activity"), "date", field="last_activity"),
    )
    count_text = N_("{shown} of {total} bodies")
    count_text_one = N_("{shown} of {total} body")

    def __init__(self, page: CoordinationPage):
        self.service = BodyService(page.ctx.db)
        super().__init__(page)
        self.kind_filter = _combo("kind_filter", _("All kinds"), [(k, _(k.label)) for k in BodyKind])
        self.filters_row.addWidget(self.kind_filter)
        self.kind_filter.currentIndexChanged.connect(lambda: self.reload())

    def query(self) -> dict:
        return {"kind": self.kind_filter.currentData()}

    def fetch(self, **query) -> list[tuple]:
        return self.service.list_rows(self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> None:
        if record_id is None:
            form = BodyForm(self.ctx, None, parent=self)
            form.saved.connect(self._saved)
            self.page.last_form = form
            form.open()
        else:
            self.page.show_body(record_id)


class ContactsList(_HostedList):
    columns = (
        Column(N_("Name"), field="name"),
        Column(N_("Role"), stretch=True, field="role"),
        Column(N_("Body"), field="body"),
        Column(N_("Country"), field="country"),
        Column(N_("Email"), field="email"),
        Column(N_("Phone"), field="phone"),
    )
    count_text = N_("{shown} of {total} contacts")
    count_text_one = N_("{shown} of {total} contact")

    def __init__(self, page: CoordinationPage, body_id: int | None = None):
        self.service = ContactService(page.ctx.db)
        super().__init__(page, body_id)
        if body_id is not None:  # the body is given; its contacts rarely have a country
            self.view.setColumnHidden(2, True)
            self.view.setColumnHidden(3, True)
            # Beside the body's activities the table is narrow: the email shares the width with the role
            # instead of pushing the table into a sideways scroll.
            self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.body_filter = _combo("body_filter", _("All bodies"),
                                  [(i, a) for i, a, _n in LookupService(page.ctx.db).bodies(page.ctx.lang)])
        if body_id is None:
            self.filters_row.addWidget(self.body_filter)
        else:
            self._park(self.body_filter)
        self.body_filter.currentIndexChanged.connect(lambda: self.reload())

    def query(self) -> dict:
        return {"body_id": self.body_id if self.body_id is not None else self.body_filter.currentData()}

    def fetch(self, **query) -> list[tuple]:
        return self.service.list_rows(self.ctx.lang, **query)

    def open_record(self, record_id: int | None) -> ContactForm | None:
        try:
            form = ContactForm(self.ctx, record_id, body_id=self.body_id, parent=self)
        except errors.SegibError as exc:
            show_error(self, exc)
            return None
        form.saved.connect(self._saved)
        form.deleted.connect(lambda _id: self._saved())
        self.page.last_form = form
        form.open()
        return form

    def delete_record(self, record_id: int) -> bool:
        if not confirm(self, _(ERASE_QUESTION), action=_("Delete")):
            return False
        if delete_with_confirmation(self, self.service, record_id):
            self.page.mark_stale(self)
            return True
        return False


class BodyMandatesList(_HostedList):
    """The mandates addressed to a body; opening one goes to the mandates page."""

    columns = (
        Column(N_("Code"), whole=True, field="code"),
        Column(N_("Title"), stretch=True, field="title"),
        Column(N_("Due date"), "date", field="due_date"),
        Column(N_("Status"), "enum", field="status"),
        Column(N_("Days overdue"), "int", field="days_overdue"),
    )
    count_text = N_("{shown} of {total} mandates")
    count_text_one = N_("{shown} of {total} mandate")

    def __init__(self, page: CoordinationPage, body_id: int):
        super().__init__(page, body_id)
        self.bodies = BodyService(page.ctx.db)
        self.model.row_warning = lambda row: row.days_overdue is not None  # overdue, also in red
        self.view.setColumnHidden(4, True)
        self.new_button.setVisible(False)
        self.delete_button.setVisible(False)
        self.open_only = QCheckBox(_("Open mandates only"), objectName="open_mandates", checked=True)
        self.filters_row.addWidget(self.open_only)
        self.open_only.toggled.connect(self.apply_filter)

    def query(self) -> dict:
        return {"today": self.page.today()}

    def fetch(self, today=None) -> list[tuple]:
        return self.bodies.mandates(self.body_id, today=today)

    def row_filter(self):
        if not self.open_only.isChecked():
            return None
        return lambda row: rules.is_open(row.status)

    def open_record(self, record_id: int | None) -> None:
        if record_id is not None:
            self.ctx.navigate("mandates", open_id=record_id)

    def delete_record(self, record_id: int) -> bool:
        return False


# =========================================================================== a body's page
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
        info = self.service.overview(self.body_id, self.ctx.lang, today=self.page.today())
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


# =========================================================================== the page
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
        if not BodyService(self.ctx.db).exists(body_id):
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
            body_id = next(iter(BodyService(self.ctx.db).ids_by_acronym([body])), None)
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
