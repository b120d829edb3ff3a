"""The mandate form."""

from __future__ import annotations

import datetime as dt
import weakref

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from segib_desktop.core.models import MandateStatus, Priority, Recurrence
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService, build_code
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.pages.mandates.common import size_document_picker
from segib_desktop.gui.pages.mandates.tabs import CoordinationTab, ProgressForm, ProgressTab
from segib_desktop.gui.widgets import similar
from segib_desktop.gui.widgets.form import Field, FormDialog, set_value
from segib_desktop.i18n import N_, _


class _Documents:
    """One language's documents for the pickers of one database: the read layer's kept labels and a Qt
    model of them, which every form's picker shows (filling a combo box item by item with 3,400 documents
    cost a form tens of milliseconds)."""

    def __init__(self, db, lang: str):
        self.kept = read_mandates.KeptDocuments(db, lang)
        self.model: QStandardItemModel | None = None

    def current(self) -> QStandardItemModel:
        if self.kept.refresh() or self.model is None:
            # A new model: a form still open keeps the one it shows (DocumentPicker holds it).
            self.model = QStandardItemModel()
            items = []
            for choice in self.kept.choices:
                item = QStandardItem(choice.label)
                item.setData(choice.id, Qt.ItemDataRole.UserRole)
                item.setEditable(False)
                items.append(item)
            self.model.insertColumn(0, items)
        return self.model


_documents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Database -> {lang: _Documents}


def kept_documents(ctx: AppContext) -> _Documents:
    """The documents of the context's database in its language, up to date."""
    by_lang = _documents.setdefault(ctx.db, {})
    if ctx.lang not in by_lang:
        by_lang[ctx.lang] = _Documents(ctx.db, ctx.lang)
    return by_lang[ctx.lang]


class DocumentPicker(QComboBox):
    """The source document, chosen among every document (newest source first) from the kept model; none
    chosen shows "Choose the document…"."""

    def __init__(self, model: QStandardItemModel):
        super().__init__()
        self.shown_model = model  # kept alive as long as the picker, even once a newer model replaced it
        self.setModel(model)
        # Sized by a typical label, not by measuring every document's (the form's layout asks for its size at
        # each tab added: 3,400 labels measured took 0.2 s a form); the field grows with the form anyway.
        size_document_picker(self)
        self.setPlaceholderText(_("Choose the document…"))
        self.setCurrentIndex(-1)

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, value: int | None) -> None:
        self.setCurrentIndex(self.findData(value) if value is not None else -1)


class MandateForm(FormDialog):
    help_section = "mandates"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, record_id: int | None, *, today: dt.date | None = None,
                 defaults: dict | None = None, parent=None):
        self.ctx = ctx
        service = MandateService(ctx.db, today=today)
        documents = kept_documents(ctx)
        model = documents.current()
        self._prefixes = documents.kept.prefixes
        areas = read_mandates.area_choices(ctx.db)
        addressees = read_mandates.addressee_choices(ctx.db, ctx.lang)
        fields = [
            Field("document_id", N_("Source document"), "custom", required=True,
                  choices=lambda: DocumentPicker(model)),
            Field("point", N_("Point"), placeholder=N_("As printed: 12, 1.a"), max_length=30),
            Field("code", N_("Code"), placeholder=N_("Built from the source and the point"), max_length=60),
            Field("title", N_("Title"), required=True, max_length=300),
            Field("text", N_("Text of the mandate"), "multiline"),
            Field("area_id", N_("Responsible area"), "choice", choices=lambda: areas),
            Field("officer", N_("Officer"), max_length=150),
            Field("due_date", N_("Due date"), "date"),
            Field("recurrence", N_("Recurrence"), "enum", required=True, choices=Recurrence),
            Field("review_date", N_("Review by"), "date"),
            Field("priority", N_("Priority"), "enum", required=True, choices=Priority),
            Field("status", N_("Status"), "enum", required=True, choices=MandateStatus),
            Field("tags", N_("Tags"), placeholder=N_("Separated by commas"), max_length=300),
            Field("addressees", "", "checklist", choices=lambda: addressees, tab=N_("Addressees")),
        ]
        base = {"recurrence": Recurrence.ONE_OFF, "priority": Priority.MEDIUM, "status": MandateStatus.NOT_STARTED}
        super().__init__(service, fields, record_id, title=_("New mandate"), defaults=base | (defaults or {}),
                         parent=parent)
        if record_id is not None:  # named by the code just loaded (reading the mandate again cost a tenth)
            self.setWindowTitle(_("Mandate {code}").format(code=self._loaded["code"]))
        self.resize(780, 680)
        self.widget("text").setMinimumHeight(150)
        self.progress = ProgressTab(ctx, service, record_id, today, self)
        if record_id is not None:
            self._status_through_log()
        if self.read_only:  # an entry could not be saved: its buttons are off, as Save is
            self.progress.add_button.setEnabled(False)
            if record_id is not None:
                self.status_button.setEnabled(False)
        self.progress.entry_added.connect(self._status_from_log)
        self.add_tab(self.progress, _("Progress log"))
        self.coordination = CoordinationTab(service, record_id, self)
        self.coordination.open_activity.connect(self._open_activity)
        self.add_tab(self.coordination, _("Coordination"))
        self._auto_code = self._built_code()
        self.widget("document_id").currentIndexChanged.connect(self._update_code)
        self.widget("point").textChanged.connect(self._update_code)
        self.similar = similar.attach_to_form(self)  # similar mandates and the chain of versions (issue 23)

    def _built_code(self) -> str:
        values = self.values()
        return build_code(self._prefixes.get(values["document_id"], ""), values["point"])

    def _update_code(self) -> None:
        """The code follows the source and the point until the officer writes another one."""
        code = self.widget("code")
        new = self._built_code()
        if code.text().strip() in ("", self._auto_code):
            code.setText(new)
        self._auto_code = new

    def _status_through_log(self) -> None:
        """An existing mandate's status changes through its log: "Change status…" writes the entry."""
        status = self.widget("status")
        status.setEnabled(False)
        status.setToolTip(_("The status follows the progress log."))
        self.status_button = QPushButton(_("Change status…"), objectName="change_status")
        self.status_button.clicked.connect(lambda: self.change_status())
        self.status_note = QLabel(_("Writes an entry in the progress log, saved at once."), objectName="status_note",
                                  wordWrap=True)  # on two lines rather than widening the form past a small screen
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status_button)
        row.addWidget(self.status_note, 1)
        status.parentWidget().layout().insertLayout(1, row)
        self.widget("due_date").setToolTip(_("For an annual or once-per-cycle mandate, the next due date: "
                                             "an entry recording a delivered report moves it on."))

    def change_status(self, new_status: MandateStatus | None = None) -> ProgressForm:
        entry = self.progress.add_entry(new_status)
        entry.setWindowTitle(_("Change status"))
        entry.widget("new_status").setFocus()  # the officer picks the new status first
        return entry

    def _status_from_log(self, moved: dict[int, tuple[int, int]] | None = None) -> None:
        """An entry (or a decision) written from this form moved the mandate's status. The form takes the new
        version only if that write moved it from the version the form shows (``moved``: the service's); else
        another officer's change came in between, which the form has not read: it keeps its version, so that
        its Save asks which version to keep instead of writing over that change."""
        status, version = read_mandates.status_and_version(self.service.db, self.record_id)
        set_value(self.field("status"), status)
        if (moved or {}).get(self.record_id) == (self._version, version):
            self._version = version
        self._loaded["status"] = status
        due = self.service.get(self.record_id)["due_date"]  # a delivered report moves a recurring one on
        if self.values()["due_date"] == self._loaded["due_date"]:
            set_value(self.field("due_date"), due)
        self._loaded["due_date"] = due
        self.saved.emit(self.record_id)  # the list shows the new status

    def _open_activity(self, activity_id: int) -> None:
        self.reject()
        if not self.isVisible():
            self.ctx.navigate("coordination", open_id=activity_id)
