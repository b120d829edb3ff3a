"""The one way to build a detail form: fields from a list, load, validate, save, delete.

A form is a FormDialog over a CrudService. It loads the record's values, shows
each field's error under it, saves through the service (which validates and
writes in one transaction), warns before closing with unsaved changes, and asks
before deleting. Modules add tabs (a summit's cycle, a mandate's log) with
``add_tab``. On a shared database, a record someone else changes while its form
is open is said at once in a bar above the fields (``check_stale``, asked by the
window's change watch; widgets/stale.py), not only when Save is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QIntValidator, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import rules
from segib_desktop.core.services.base import CrudService
from segib_desktop.gui import keyboard, speech, tab_order, theme
from segib_desktop.gui.widgets.date_edit import DateEdit
from segib_desktop.gui.widgets.dialogs import (  # noqa: F401 (delete_with_confirmation: read here too)
    close_unless_kept,
    confirm,
    delete_with_confirmation,
    read_only_banner,
    show_error,
)
from segib_desktop.gui.widgets.screen import FieldsPage, FitsScreen, capped_combo, scrolled
from segib_desktop.i18n import N_, _, from_roman


@dataclass
class Field:
    """A form field. ``label`` is an English msgid.

    kinds: text, multiline, int, ordinal (an int also typed as a Roman numeral: a summit's or a meeting's
    number, written "XXX" everywhere else), date, enum (``choices`` is the enum class),
    choice (``choices`` returns [(id, label)]), bool, checklist (same, many),
    custom (``choices`` makes a widget with ``value()`` and ``set_value(v)``).
    ``tab`` (an English msgid) puts the field on its own tab instead of "Details";
    an empty ``label`` gives the field the whole row.
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Any = None
    placeholder: str = ""
    max_length: int | None = None
    widget: QWidget | None = field(default=None, repr=False)
    tab: str = ""


def _make_widget(f: Field) -> QWidget:
    if f.kind == "text":
        w = QLineEdit(placeholderText=_(f.placeholder) if f.placeholder else "")
        # No setMaxLength: it cuts a pasted text without a word; the save says the field's length instead.
    elif f.kind == "multiline":
        w = keyboard.text_box()
        w.setMinimumHeight(70)
    elif f.kind == "int":
        w = QLineEdit()
        w.setValidator(QIntValidator(-999999, 999999))
        w.setMaximumWidth(120)
    elif f.kind == "ordinal":
        w = QLineEdit(placeholderText=_("3 or III"))
        w.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{1,6}|[IVXLCDMivxlcdm]{1,15}"), w))
        w.setMaximumWidth(120)
    elif f.kind == "date":
        w = DateEdit()
    elif f.kind in ("enum", "choice"):
        w = QComboBox() if f.kind == "enum" else capped_combo()  # records' names: a long one widens nothing
        items = [(m, _(m.label)) for m in f.choices] if f.kind == "enum" else list(f.choices())
        if not f.required:
            w.addItem("—", None)
        for value, label in items:
            w.addItem(label, value)
    elif f.kind == "bool":
        w = QCheckBox()
    elif f.kind == "checklist":
        w = QListWidget()
        for value, label in f.choices():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            w.addItem(item)
        w.setMinimumHeight(120)
    elif f.kind == "custom":
        w = f.choices()
    else:
        raise ValueError(f"unknown field kind {f.kind}")
    w.setObjectName(f.key)
    return w


def label_field(label: QLabel, widget: QWidget) -> None:
    """Points ``label`` at the control itself (not a box around it): a screen reader reads it as the
    control's name. A control made of several (a custom field: a list with Add… and Remove) gives the name
    to its parts that have none of their own, and points the label at the first of them (Alt and the label's
    letter go there); a button keeps its text as its name ("Add…", not the field's, for Add and Remove
    alike), the field being its description."""
    name = label.text().removesuffix(" *")
    widget.setAccessibleName(name)  # Qt looks for a buddy among the control's siblings only
    buddy = widget
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        for part in widget.findChildren(QWidget):
            if not part.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            if isinstance(part, QAbstractButton) and part.text().strip():
                part.setAccessibleDescription(part.accessibleDescription() or name)
            elif not part.accessibleName():
                part.setAccessibleName(name)
                buddy = part if buddy is widget else buddy
    label.setBuddy(buddy)


def get_value(f: Field) -> Any:
    w = f.widget
    if f.kind == "text":
        return w.text().strip()
    if f.kind == "multiline":
        return w.toPlainText()
    if f.kind == "int":
        text = w.text().strip()
        return int(text) if text.lstrip("-").isdigit() else None
    if f.kind == "ordinal":
        text = w.text().strip()
        return int(text) if text.isdigit() else from_roman(text)
    if f.kind == "date":
        return w.value()
    if f.kind == "enum":
        value = w.currentData()  # Qt hands back a StrEnum member as a plain str
        return None if value is None else f.choices(value)
    if f.kind == "choice":
        return w.currentData()
    if f.kind == "bool":
        return w.isChecked()
    if f.kind == "checklist":
        return [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
                if w.item(i).checkState() == Qt.CheckState.Checked]
    if f.kind == "custom":
        return w.value()
    raise ValueError(f.kind)


def set_value(f: Field, value: Any) -> None:
    w = f.widget
    if f.kind in ("text", "int", "ordinal"):
        w.setText("" if value is None else str(value))
    elif f.kind == "multiline":
        w.setPlainText(value or "")
    elif f.kind == "date":
        w.set_value(value)
    elif f.kind in ("enum", "choice"):
        index = w.findData(value)
        w.setCurrentIndex(max(index, 0))
    elif f.kind == "bool":
        w.setChecked(bool(value))
    elif f.kind == "checklist":
        chosen = set(value or ())
        for i in range(w.count()):
            item = w.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)
    elif f.kind == "custom":
        w.set_value(value)


class FormDialog(FitsScreen, QDialog):
    """Edits one record of ``service``; ``record_id`` None creates one.

    ``saved(id)`` and ``deleted(id)`` tell the list to refresh.
    """

    saved = Signal(int)
    deleted = Signal(int)
    delete_question = N_("Delete this record? This cannot be undone.")  # what Delete asks first

    def __init__(self, service: CrudService, fields: Sequence[Field], record_id: int | None = None, *,
                 title: str = "", defaults: dict | None = None, parent=None):
        super().__init__(parent)
        if parent is not None:  # a child of its page would stay alive, with its panes, until the page goes
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.service = service
        self.fields = list(fields)
        self.record_id = record_id
        self._version: int | None = None
        self._loaded: dict[str, Any] = {}
        self._errors: dict[str, QLabel] = {}
        self.setWindowTitle(title)
        self.setMinimumWidth(560)

        form_page = FieldsPage()
        self.form_layout = QFormLayout(form_page)
        # Each tab of fields scrolls when the screen is too small for it (150 % on a laptop): Save stays in view.
        self._tab_pages: dict[str, QWidget] = {"": scrolled(form_page)}
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for f in self.fields:
            if f.kind == "text" and f.max_length is None:  # the column's rule (core/rules.py), as for imports
                f.max_length = rules.field_max_length(service.model, f.key)
            f.widget = _make_widget(f)
            error = QLabel(wordWrap=True, visible=False, objectName=f"error_{f.key}")
            error.setStyleSheet(theme.warning_style())
            self._errors[f.key] = error
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(2)
            inner.addWidget(f.widget)
            inner.addWidget(error)
            layout = self.form_layout
            if f.tab:
                if f.tab not in self._tab_pages:
                    self._tab_pages[f.tab] = scrolled(FieldsPage())
                    QFormLayout(self._tab_pages[f.tab].widget())
                layout = self._tab_pages[f.tab].widget().layout()
            if f.label:
                label = QLabel(_(f.label) + (" *" if f.required else ""))
                label_field(label, f.widget)
                layout.addRow(label, box)
            else:
                layout.addRow(box)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._tab_pages[""], _("Details"))
        for tab, page in list(self._tab_pages.items())[1:]:
            self.tabs.addTab(page, _(tab))
        self.general_error = QLabel(wordWrap=True, visible=False, objectName="general_error")
        self.general_error.setStyleSheet(theme.warning_style())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = QPushButton(_("Delete…"))
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setVisible(record_id is not None)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self.delete)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        for keys, step in (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Backtab", -1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, activated=lambda s=step: self.next_tab(s))  # from any field

        layout = QVBoxLayout(self)
        self.read_only = bool(getattr(getattr(service, "db", None), "readonly", False))
        if self.read_only:
            layout.addWidget(read_only_banner(service.db))
        from segib_desktop.gui.widgets.stale import StaleBar

        self.stale_bar = StaleBar(self)
        layout.addWidget(self.stale_bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.load(defaults)
        if self.read_only:
            self.set_read_only()
        self.history_tab = None
        if record_id is not None:  # the record's audit trail, read-only, always the last tab
            from segib_desktop.gui.widgets.history import HistoryTab

            self.history_tab = HistoryTab(self)
            self.tabs.addTab(self.history_tab, _("History"))

    def set_read_only(self) -> None:
        """A database open read-only: the fields can be read and copied, not changed; no Save, no Delete."""
        for f in self.fields:
            widget = f.widget
            if isinstance(widget, QLineEdit | QPlainTextEdit | QDateEdit):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.delete_button.setEnabled(False)

    # --- fields
    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def widget(self, key: str) -> QWidget:
        return self.field(key).widget

    def values(self) -> dict[str, Any]:
        return {f.key: get_value(f) for f in self.fields}

    def tab_of(self, key: str) -> QWidget:
        """The tab (its scroll area) that holds the field ``key``."""
        return self._tab_pages[self.field(key).tab]

    def next_tab(self, step: int = 1) -> None:
        """Ctrl+Tab (Ctrl+Shift+Tab back): the next tab, its first control focused."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self._focus_first_control()

    def _focus_first_control(self) -> None:
        (keyboard.first_field(self.tabs.currentWidget()) or self.tabs.tabBar()).setFocus(
            Qt.FocusReason.TabFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)  # no larger than the screen (FitsScreen)
        if not getattr(self, "_focused_once", False):  # the first keystroke types into the first field
            self._focused_once = True  # (Qt gave the focus to the tabs' bar, the first in the tab order)
            tab_order.follow_reading_order(self)  # the buttons a form adds between its fields come before Save
            self._focus_first_control()

    def add_tab(self, widget: QWidget, title: str) -> None:
        if getattr(self, "history_tab", None) is not None:  # the History tab stays last
            self.tabs.insertTab(self.tabs.indexOf(self.history_tab), widget, title)
        else:
            self.tabs.addTab(widget, title)

    # --- load / dirty
    def load(self, defaults: dict | None = None) -> None:
        if self.record_id is not None:
            data = self.service.get(self.record_id)
            self._version = data.get("version")
        else:
            data = defaults or {}
        for f in self.fields:
            if f.key in data:
                set_value(f, data[f.key])
        self._loaded = self.values()
        self.show_errors({})
        self.stale_bar.hide()  # what is shown now is the record as it stands

    def is_dirty(self) -> bool:
        return self.values() != self._loaded

    # --- save
    def show_errors(self, messages: dict[str, str], general: str = "") -> None:
        for key, label in self._errors.items():
            label.setText(messages.get(key, ""))
            label.setVisible(key in messages)
        unplaced = [m for k, m in messages.items() if k not in self._errors]
        text = "\n".join(filter(None, [general, *unplaced]))
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))
        self._tell_screen_reader(messages, text)
        first = next((f for f in self.fields if f.key in messages), None)
        if first is not None:
            area = self._tab_pages[first.tab]
            self.tabs.setCurrentWidget(area)
            area.ensureWidgetVisible(first.widget)  # scrolled to, on a small screen
            first.widget.setFocus()
            # down to it, never sideways: a field wider than the view scrolled the labels' first letters away
            area.horizontalScrollBar().setValue(0)

    def _tell_screen_reader(self, messages: dict[str, str], general: str) -> None:
        """What the form shows, heard too: each field's error is its description (read with its name as the
        focus comes to it), else "Required" for a required one (its label's " *" is not read); the general
        error is said at once."""
        for f in self.fields:
            target = f.widget
            if not target.focusPolicy() & Qt.FocusPolicy.TabFocus:  # a custom field: its list, which is read
                target = keyboard.first_field(target) or target
            said = messages.get(f.key) or (_("Required") if f.required else "")
            hint = keyboard.plain(target.toolTip())  # a description takes the tooltip's place: it keeps it
            speech.describe(target, "\n".join(filter(None, (said, hint))) if said else "")
        if general and self.isVisible():
            speech.announce(self.general_error, general)

    def save(self, *, overwrite: bool = False) -> bool:
        values = self.values() | {"version": self._version}
        try:
            record_id = self.service.save(self.record_id, values, overwrite=overwrite)
        except errors.ValidationError as exc:
            self.show_errors(exc.field_messages(), exc.user_message())
            return False
        except errors.EditConflict as exc:
            return self._resolve_conflict(exc)
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        self.record_id = record_id
        self.saved.emit(record_id)
        self._loaded = self.values()
        self.accept()
        return True

    def _resolve_conflict(self, exc: errors.EditConflict) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("SEGIB Desktop"), exc.user_message(), parent=self)
        reload_button = box.addButton(_("Reload"), QMessageBox.ButtonRole.ResetRole)
        overwrite_button = box.addButton(_("Overwrite"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is overwrite_button:
            return self.save(overwrite=True)
        if box.clickedButton() is reload_button:
            self.load()
        return False

    # --- changed by someone else meanwhile (a shared database)
    def check_stale(self) -> None:
        """Asked by the window's change watch: the bar above the fields says so if the record has changed."""
        self.stale_bar.check()

    # --- delete
    def delete(self) -> bool:
        if self.record_id is None or not confirm(self, _(self.delete_question), action=_("Delete")):
            return False
        if not delete_with_confirmation(self, self.service, self.record_id):
            return False
        self.deleted.emit(self.record_id)
        self._loaded = self.values()
        self.accept()
        return True

    # --- closing
    def reject(self) -> None:
        close_unless_kept(self, self.is_dirty(), self.save, super().reject)

    def closeEvent(self, event) -> None:
        if self.is_dirty() and self.isVisible():
            event.ignore()
            self.reject()
        else:
            super().closeEvent(event)
