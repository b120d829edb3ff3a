"""SEGIB's areas and the user's name, edited in one dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.keyboard import open_with_enter
from segib_desktop.gui.pages.mandates.common import small_table
from segib_desktop.gui.widgets.dialogs import confirm
from segib_desktop.gui.widgets.form import Field, FormDialog, delete_with_confirmation
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.gui.widgets.table import Column, RowTableModel
from segib_desktop.i18n import N_, _


class AreasDialog(FitsScreen, QDialog):
    """The list of SEGIB's areas (add, rename, delete) and the name written as author of entries."""
    help_section = "mandates"  # what F1 opens in the user guide (help.py)

    changed = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = AreaService(ctx.db)
        self.settings = SettingsService(ctx.db)
        self.setWindowTitle(_("Areas and user name"))
        self.resize(560, 480)
        self.model = RowTableModel((Column(N_("Area"), stretch=True, field="name"), Column(N_("Mandates"), "int", field="mandates")), self)
        self.view = small_table(self.model, "areas_view")
        open_with_enter(self.view, lambda index: self.edit_area(self.model.id_at(index.row())))
        self.add_button = QPushButton(_("Add…"), objectName="add_area")
        self.rename_button = QPushButton(_("Rename…"), objectName="rename_area")
        self.delete_button = QPushButton(_("Delete"), objectName="delete_area")
        self.add_button.clicked.connect(lambda: self.edit_area(None))
        self.rename_button.clicked.connect(lambda: self._with_selected(self.edit_area))
        self.delete_button.clicked.connect(lambda: self._with_selected(self.delete_area))
        buttons = QVBoxLayout()
        for b in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        areas_row = QHBoxLayout()
        areas_row.addWidget(self.view, 1)
        areas_row.addLayout(buttons)

        self.user_name = QLineEdit(self.settings.own_name(), objectName="user_name")
        self.user_name.setMaxLength(150)
        self.user_name.setPlaceholderText(self.ctx.db.user)  # who signs meanwhile (a server: the login)
        name_hint = QLabel(_("Written as the author of the progress entries you add, and in the audit trail."),
                           wordWrap=True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("SEGIB's areas responsible for mandates:")))
        layout.addLayout(areas_row, 1)
        name_row = QFormLayout()
        name_row.addRow(_("Your name"), self.user_name)
        layout.addLayout(name_row)
        layout.addWidget(name_hint)
        layout.addWidget(close)
        self.form: FormDialog | None = None
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(read_mandates.area_rows(self.ctx.db))

    def _with_selected(self, action: Callable[[int], object]) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            action(self.model.id_at(rows[0].row()))

    def edit_area(self, area_id: int | None) -> FormDialog:
        self.form = FormDialog(self.service, [Field("name", N_("Name"), required=True, max_length=150)], area_id,
                               title=_("New area") if area_id is None else _("Rename the area"), parent=self)
        self.form.saved.connect(lambda _id: (self.reload(), self.changed.emit()))
        self.form.open()
        return self.form

    def delete_area(self, area_id: int) -> bool:
        if not confirm(self, _("Delete the selected area?"), action=_("Delete")):
            return False
        if delete_with_confirmation(self, self.service, area_id):
            self.reload()
            self.changed.emit()
            return True
        return False

    def save_name(self) -> None:
        name = self.user_name.text().strip()
        if name != self.settings.own_name():
            self.settings.set_own_name(name)
            self.changed.emit()

    def done(self, result: int) -> None:
        self.save_name()
        super().done(result)
