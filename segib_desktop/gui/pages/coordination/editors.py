"""The activity form's own editors: the record pickers (contacts, summits, meetings, mandates), the
linked files and the action items' table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.models import ActionStatus
from segib_desktop.core.read import rules
from segib_desktop.gui import theme
from segib_desktop.gui.keyboard import text_box
from segib_desktop.gui.widgets.form import DateEdit
from segib_desktop.gui.widgets.links import open_link
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.gui.widgets.table import Column, ListKeys, RowTableModel, chosen_row
from segib_desktop.i18n import C_, N_, _, plural


class PickerDialog(FitsScreen, QDialog):
    """Choose one or more records from a filterable list (the one list model, RowTableModel), with the keys of
    every list (``ListKeys``): Down passes from the filter to the list, Enter takes the chosen rows, else the
    current one, else the only one left. OK is off while none of these is there: it linked nothing, silently.

    The rows chosen stay chosen under another filter (one typed to find the next record hid, and dropped, the
    ones chosen before it): the dialog says how many are chosen, and shows them chosen again when a filter
    shows them."""

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
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.keys = ListKeys(self.filter_edit, self.view, self.take_chosen)
        self._picked: dict[int, None] = {}  # the records chosen, in the order chosen, shown or not
        self._resetting = False
        self.view.selectionModel().selectionChanged.connect(self._note_choice)
        self.view.selectionModel().currentChanged.connect(self._update_ok)
        self.model.modelAboutToBeReset.connect(lambda: setattr(self, "_resetting", True))
        self.model.modelReset.connect(self._show_chosen)  # a filter: Qt drops the selection, silently
        self.chosen_label = QLabel(objectName="chosen_count")
        bottom = QHBoxLayout()
        bottom.addWidget(self.chosen_label, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._update_ok()

    def chosen_ids(self) -> list[int]:
        """The records chosen under any filter, else the current row's, else the only row's."""
        if self._picked:
            return list(self._picked)
        row = chosen_row(self.view)
        return [] if row is None else [self.model.id_at(row)]

    def _note_choice(self, selected, deselected) -> None:
        if not self._resetting:
            for index in deselected.indexes():
                if index.column() == 0:
                    self._picked.pop(self.model.id_at(index.row()), None)
            for index in selected.indexes():
                if index.column() == 0:
                    self._picked[self.model.id_at(index.row())] = None
        self._update_ok()

    def _show_chosen(self) -> None:
        """After a filter: the chosen rows it shows, selected again (the rest stay chosen, hidden)."""
        selection = QItemSelection()
        if self._picked:
            for row in range(self.model.rowCount()):
                if self.model.id_at(row) in self._picked:
                    selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._resetting = False
        self._update_ok()

    def take_chosen(self) -> None:
        """Enter: the chosen records, if there are any (else nothing: the dialog stays, OK off)."""
        if self.chosen_ids():
            self.accept()

    def _update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(bool(self.chosen_ids()))
        n = len(self._picked)
        self.chosen_label.setText(plural(n, N_("1 chosen"), N_("{n} chosen")) if n else "")


class LinkPicker(QWidget):
    """The records linked to an activity (a list of ids), with Add… and Remove.

    ``fetch(ids)`` returns candidate rows (all of them when ``ids`` is None);
    ``label(row)`` writes one for the list of chosen records. ``add`` and ``remove`` name the buttons by what
    they link ("Add contacts…"): four pickers side by side, each with "Add…" and "Remove", were four buttons
    alike to a screen reader, and left some of them no letter to reach them by.
    """

    changed = Signal()

    def __init__(self, title: str, columns: Sequence[Column], fetch: Callable[[list[int] | None], list[tuple]],
                 label: Callable[[tuple], str], parent=None, *, add: str = "", remove: str = ""):
        super().__init__(parent)
        self.title, self.columns, self.fetch, self.label = title, list(columns), fetch, label
        self.dialog: PickerDialog | None = None
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(64)
        self.list.setMaximumHeight(110)
        self.add_button = QPushButton(add or _("Add…"))
        self.remove_button = QPushButton(remove or _("Remove"))
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
        self.edit = text_box(objectName="files_text")
        self.edit.setPlaceholderText(_("One file path or web address per line"))
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
        due.setAccessibleName(_("Due date"))  # its column's header (unnamed, it was named after the window)
        due.set_value(values.get("due_date"))
        self.table.setCellWidget(row, 2, due)
        status = QComboBox()
        status.setAccessibleName(_("Status"))
        for member in ActionStatus:
            status.addItem(_(member.label), member)
        status.setCurrentIndex(max(0, status.findData(values.get("status", ActionStatus.OPEN))))
        self.table.setCellWidget(row, 3, status)
        self._mark(row)
        due.dateChanged.connect(lambda _d, w=due: self._mark(self._row_of(w)))
        status.currentIndexChanged.connect(lambda _i, w=status: self._mark(self._row_of(w)))
        self._order_tabs()
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(what)
        return row

    def _order_tabs(self) -> None:
        """Tab goes from the table through each row's date and status, then to Add and Remove: made after the
        form's buttons, the editors came after Save, Delete and Cancel."""
        chain = [self.table]
        for row in range(self.table.rowCount()):
            chain += [self.table.cellWidget(row, 2), self.table.cellWidget(row, 3)]
        chain += [self.add_button, self.remove_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.table.rowCount()):
            if widget in (self.table.cellWidget(row, 2), self.table.cellWidget(row, 3)):
                return row
        return -1

    def is_overdue(self, row: int) -> bool:
        return rules.is_action_overdue(self.table.cellWidget(row, 3).currentData(), self.table.cellWidget(row, 2).value(),
                                       self.today)

    def _mark(self, row: int) -> None:
        """An overdue action's due date is shown in red, with a tooltip saying so."""
        if row < 0:
            return
        due = self.table.cellWidget(row, 2)
        late = self.is_overdue(row)
        due.setStyleSheet(theme.warning_style(bold=True) if late else "")
        due.setToolTip(_(C_("an action item", "Overdue")) if late else "")

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
