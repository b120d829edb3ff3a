"""A record's History tab: its audit trail, newest first, read-only.

Every FormDialog on an existing record has one (added by form.py). It reads
``AuditTrail.history`` when first shown, and names each field as the form
labels it. Nothing here can change the trail.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from segib_desktop.core.read.history import AuditTrail, Change, HistoryEntry
from segib_desktop.gui.keyboard import open_with_enter
from segib_desktop.gui.widgets.table import Column, RowTableModel
from segib_desktop.i18n import N_, _, active

MAX_SHOWN = 160  # characters of one value in the table; the tooltip has all of it
EMPTY = "—"


def _short(text: str) -> str:
    text = " ¶ ".join(line for line in text.splitlines() if line.strip()) if "\n" in text else text
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1].rstrip() + "…"


def humanize(key: str) -> str:
    """A field the form does not show (``tags``, ``search_text``): its name, readable."""
    text = key.removesuffix("_id").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class HistoryRow(NamedTuple):
    """An audit entry as the history shows it."""

    id: int
    when: str
    who: str
    what: str
    changes: str


class HistoryModel(RowTableModel):
    """The shared row model, with each cell's text at the top of its (multi-line) row."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return super().data(index, role)


class HistoryTab(QWidget):
    """The audit entries of one record, with the form's field labels."""

    columns = (
        Column(N_("When"), width=16, field="when"),
        Column(N_("Who"), width=12, field="who"),
        Column(N_("What"), width=10, field="what"),
        Column(N_("Changes"), stretch=True, field="changes"),
    )

    def __init__(self, form, parent=None):
        super().__init__(parent)
        self.setObjectName("history")
        self.form = form
        self.entries: list[HistoryEntry] = []
        self._loaded = False
        self.note = QLabel(_("Every change to this record, newest first: when, who, and each field's value "
                             "before and after. The program keeps this history; it cannot be edited."),
                           wordWrap=True, objectName="history_note")
        self.empty = QLabel(_("No change to this record has been recorded yet."), objectName="history_empty",
                            wordWrap=True, visible=False)
        self.model = HistoryModel(self.columns, self)
        self.view = QTableView(objectName="history_table")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        metrics = self.view.fontMetrics()
        for col, column in enumerate(self.columns):
            if column.stretch:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(col, metrics.horizontalAdvance("M") * column.width)
        open_with_enter(self.view, lambda index: self.show_entry(index.row()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)

    # --- labels
    def labels(self) -> dict[str, str]:
        """Field key -> the label the form shows (or its tab's title, for a field without one); for a stored
        field the form does not show, the label the form gives it (``unshown_labels``: a milestone's programme)."""
        out = {key: _(label) for key, label in getattr(self.form, "unshown_labels", {}).items()}
        for f in self.form.fields:
            if f.label:
                out[f.key] = _(f.label)
            elif f.tab:
                out[f.key] = _(f.tab)
        return out

    def label_for(self, key: str, labels: dict[str, str], links: bool = False) -> str:
        """The form's label for a stored field; for a collection of links the form edits under another name
        (``addressee_bodies`` under "addressees"), that field's label; else the name, readable. Only a link
        collection goes by its name's first word: a column ("name_en") matched so took another's label."""
        if key in labels:
            return labels[key]
        if links:
            stem = key.split("_")[0].removesuffix("s")
            for field_key, label in labels.items():
                if field_key.split("_")[0].removesuffix("s") == stem and not field_key.endswith("_id"):
                    return label
        return _(humanize(key))

    def describe(self, entry: HistoryEntry, *, whole: bool = False) -> str:
        """One line per field, in the form's order: "City: Madrid → Lisboa" (long values cut unless ``whole``)."""
        labels = self.labels()
        order = {f.key: i for i, f in enumerate(self.form.fields)}
        changes = sorted(entry.changes, key=lambda c: (order.get(c.key, len(order)), c.key))
        return "\n".join(self._line(self.label_for(c.key, labels, c.links), c, entry.action, whole)
                         for c in changes)

    @staticmethod
    def _line(label: str, change: Change, action: str, whole: bool = False) -> str:
        old, new = (change.old, change.new) if whole else (_short(change.old), _short(change.new))
        if change.links:
            parts = []
            if new:
                parts.append(_("added {names}").format(names=new))
            if old:
                parts.append(_("removed {names}").format(names=old))
            return f"{label}: " + "; ".join(parts)
        if action == "create":
            return f"{label}: {new or EMPTY}"
        if action == "delete":
            return f"{label}: {old or EMPTY}"
        return f"{label}: {old or EMPTY} → {new or EMPTY}"

    # --- loading
    def showEvent(self, event) -> None:
        if not self._loaded:
            self.load()
        super().showEvent(event)

    def load(self) -> list[HistoryEntry]:
        form = self.form
        self.entries = AuditTrail(form.service.db).history_of(form.service.model, form.record_id)
        t = active()
        rows = []
        for entry in self.entries:
            moment = entry.local_time
            when = f"{t.format_date(moment.date())} {moment:%H:%M}"
            rows.append(HistoryRow(entry.id, when, entry.user or EMPTY, entry.action_label(), self.describe(entry)))
        self.model.set_rows(rows)
        self._size_columns(rows)
        self.view.resizeRowsToContents()
        self.empty.setVisible(not rows)
        self._loaded = True
        return self.entries

    def _size_columns(self, rows: list[HistoryRow]) -> None:
        """When, who and what as wide as their texts; the changes take the rest."""
        metrics = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        for col in range(len(self.columns) - 1):
            texts = [_(self.columns[col].header)] + [self.model.value(row, col) for row in rows[:200]]
            header.resizeSection(col, min(max(metrics.horizontalAdvance(t) for t in texts) + 24, 260))

    def show_entry(self, row: int) -> None:
        """The whole entry, long texts included, in a message (double-click on a row)."""
        entry = self.entries[row]
        moment = entry.local_time
        head = f"{active().format_date(moment.date())} {moment:%H:%M} · {entry.user or EMPTY} · {entry.action_label()}"
        box = QMessageBox(QMessageBox.Icon.NoIcon, _("History"), head, parent=self)
        box.setObjectName("history_entry")
        box.setInformativeText(self.describe(entry, whole=True))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()

    def shown_rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests and screenshots)."""
        return [tuple(self.model.data(self.model.index(r, c)) for c in range(self.model.columnCount()))
                for r in range(self.model.rowCount())]
