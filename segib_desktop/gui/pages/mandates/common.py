"""What the mandates' screens share: the list filters' special values, the small tables of the form's
tabs and dialogs, the width of a source document's drop-down, and opening a progress entry's evidence."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QWidget,
)

from segib_desktop.gui.widgets.links import open_link
from segib_desktop.gui.widgets.screen import cap_width
from segib_desktop.gui.widgets.table import RowTableModel

NO_AREA = -1  # the area filter's "no responsible area"
OPEN = "open"  # the status filter's "every open status"
DOCUMENT_LETTERS = 40  # a typical source document's label: "XXIX · Programa de Acción — Programa de Acción de…"


def size_document_picker(combo: QComboBox) -> None:
    """A source document's drop-down (the mandate form's, a pasted document's, a spreadsheet's) as wide as a
    typical label, not the longest: "XXX · Reunión Ministerial Sectorial (Cultura) 2025 · Declaración —
    Declaración de Sevilla…" made it 970 pixels wide, and its dialog wider than a 1024-pixel screen. Its list
    still shows the labels whole; the chosen one is cut at the field's end when the dialog is narrow."""
    cap_width(combo, DOCUMENT_LETTERS)


def small_table(model: RowTableModel, name: str) -> QTableView:
    """A read-only table for a tab or a dialog, over the shared row model."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    for col, column in enumerate(model.columns):
        if column.stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        elif column.width:
            header.resizeSection(col, view.fontMetrics().horizontalAdvance("M") * column.width)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return view


def open_evidence(evidence: str, parent: QWidget | None = None) -> None:
    """Opens a file or an address with the system's viewer."""
    open_link(parent, evidence)
