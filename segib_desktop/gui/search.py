"""Search across everything (Ctrl+K): type, see the best matches, Enter opens the record in its module.

The results are a RowTableModel like every list; the query runs in the
background a moment after the last keystroke, and a newer query's results
replace an older one's, never the reverse.
"""

from __future__ import annotations

import html
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import search
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.gui.widgets.table import Column, RowTableModel
from segib_desktop.gui.widgets.tasks import outage_logged, run_in_background
from segib_desktop.i18n import N_, _

COLUMNS = (Column(N_("Kind"), width=13, field="kind"), Column(N_("Record"), width=38, field="record"),
           Column(N_("Found"), stretch=True, field="snippet"))
SNIPPET_COLUMN = 2
# A search result's kind -> the page that opens it and the option that opens the record there.
OPENS: dict[str, tuple[str, str]] = {
    "summit": ("summits", "open_id"),
    "meeting": ("meetings", "open_id"),
    "document": ("meetings", "open_document"),
    "mandate": ("mandates", "open_id"),
    "progress": ("mandates", "open_progress"),  # opens its mandate, on its progress log
    "body": ("coordination", "body_id"),
    "contact": ("coordination", "open_contact"),
    "activity": ("coordination", "open_id"),
    "milestone": ("iberblh", "open_id"),
}
DEBOUNCE_MS = 150
LIMIT = 50
SEARCHING_AFTER_MS = 300  # a search not answered by then is said to be under way


def snippet_html(snippet: str) -> str:
    """The snippet, escaped, with its matches in bold."""
    return (html.escape(snippet).replace(search.MATCH_START, "<b>").replace(search.MATCH_END, "</b>"))


class ResultRow(NamedTuple):
    id: int  # its position among the hits
    kind: str
    record: str
    snippet: str
    snippet_html: str
    match: tuple[int, int] = (-1, -1)  # where the snippet's first match starts and ends (``match_span``)


def match_span(snippet: str) -> tuple[int, int]:
    """The first match's first and last character in the snippet without its marks; (-1, -1) if none."""
    start = snippet.find(search.MATCH_START)
    end = snippet.find(search.MATCH_END, start)
    return (start, end - 2) if start >= 0 and end > start else (-1, -1)


class SnippetDelegate(QStyledItemDelegate):
    """Paints the snippet column with its matched words in bold: each snippet is laid out once per
    result list, not at every paint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._documents: dict[tuple[int, str], QTextDocument] = {}

    def clear(self) -> None:
        self._documents.clear()

    def _document(self, row: int, html_text: str, font) -> QTextDocument:
        doc = self._documents.get((row, font.key()))
        if doc is None:
            doc = self._documents[(row, font.key())] = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(font)
            doc.setHtml(html_text)
        return doc

    @staticmethod
    def shift(doc: QTextDocument, match: tuple[int, int], width: float) -> float:
        """How far left to draw the snippet so that its first match shows within ``width``: a match near the end
        of a long snippet was cut off, the column showing only the words before it (explore19). 0 if it shows."""
        doc.size()  # laid out
        layout = doc.firstBlock().layout()
        if match[0] < 0 or layout is None or layout.lineCount() == 0:
            return 0.0
        line = layout.lineAt(0)
        start, end = line.cursorToX(match[0])[0], line.cursorToX(match[1] + 1)[0]
        if end <= width:
            return 0.0
        return max(0.0, min(start - width / 4, end - width))  # a quarter of the room for the words before it

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return super().paint(painter, option, index)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(index.row(), index.model().row_at(index.row()).snippet_html, opt.font)
        paint = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        paint.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        painter.save()
        ellipsis = opt.fontMetrics.horizontalAdvance("…") + 2
        painter.setPen(opt.palette.color(role))
        shift = self.shift(doc, index.model().row_at(index.row()).match, rect.width() - 2 * ellipsis - 4)
        if shift:  # the words before the match do not all fit: the first ones go, and "…" says so
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), "…")
            rect = rect.adjusted(ellipsis, 0, 0, 0)
        if doc.idealWidth() - shift > rect.width() - 2:  # longer than the column: cut, and say so with "…"
            painter.drawText(rect.adjusted(rect.width() - ellipsis, 0, 0, 0),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), "…")
            rect = rect.adjusted(0, 0, -ellipsis, 0)
        painter.setClipRect(rect)
        painter.translate(rect.left() + 2 - shift, rect.top() + (rect.height() - doc.size().height()) / 2)
        doc.documentLayout().draw(painter, paint)
        painter.restore()


class SearchDialog(FitsScreen, QDialog):
    """One box that finds any record; arrows choose, Enter opens, Esc closes."""
    help_section = "start"  # what F1 opens in the user guide (help.py)

    loaded = Signal()  # the results of the latest query are shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.hits: list[search.Hit] = []
        self._generation = 0
        self._answered = 0  # the last query whose results (or failure) are shown
        self.setObjectName("search_dialog")
        self.setWindowTitle(_("Search"))
        self.edit = QLineEdit(objectName="search_edit", clearButtonEnabled=True)
        self.edit.setPlaceholderText(_("Find a summit, meeting, document, mandate, body, contact, activity or "
                                       "milestone…"))
        self.model = RowTableModel(COLUMNS, self)
        self.view = QTableView(objectName="search_results")
        self.view.setModel(self.model)
        self.delegate = SnippetDelegate(self.view)
        self.view.setItemDelegateForColumn(SNIPPET_COLUMN, self.delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the typing stays in the box; arrows are forwarded
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        metrics = self.fontMetrics()
        for col, column in enumerate(COLUMNS):
            if column.stretch:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(col, metrics.horizontalAdvance("M") * column.width)
        # the kind's column as wide as its longest name in this language ("Nota de acompanhamento")
        header.resizeSection(0, max(header.sectionSize(0), 3 * metrics.averageCharWidth() + max(
            metrics.horizontalAdvance(_(kind)) for kind in search.KINDS.values())))
        self.status = QLabel(objectName="search_status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.resize(980, 520)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.edit.textChanged.connect(self._debounce.start)
        self.edit.installEventFilter(self)
        self.view.doubleClicked.connect(lambda index: self.open_hit(index.row()))
        self._show_hint()

    # --- searching
    def run_search(self) -> None:
        self._generation += 1
        generation, query, db, lang = self._generation, self.edit.text(), self.ctx.db, self.ctx.lang
        expression = search.match_expression(query)  # built once for this query
        if expression is None:
            self.show_hits([], query, searched=False)
            return

        def show(hits):
            if generation == self._generation:
                self._answered = generation
                self.show_hits(hits, query)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and isinstance(exc, errors.ServerConnectionLost):
                self._answered = generation
                self.show_hits([], query, searched=False)  # not the hits of an earlier query under this one
                self.status.setText(_("The server cannot be reached, so nothing was searched. Try again once the "
                                      "window says the server is back."))
            outage_logged("the search was not made")(exc)

        run_in_background(lambda: search.search(db, query, limit=LIMIT, lang=lang, expression=expression), show,
                          failed)
        # A common word among a few hundred thousand records takes seconds: say so, and grey the results of
        # the query before, after a moment (not at every key of a quick search)
        QTimer.singleShot(SEARCHING_AFTER_MS, self, lambda: self._searching(generation))

    def _searching(self, generation: int) -> None:
        if generation == self._generation and self._answered != generation:
            self.status.setText(_("Searching…"))
            self.view.setEnabled(False)

    def show_hits(self, hits: list[search.Hit], query: str, searched: bool = True) -> None:
        self.hits = hits
        self.view.setEnabled(True)
        self.delegate.clear()
        self.model.set_rows([ResultRow(i, h.kind_label, h.title, h.plain_snippet, snippet_html(h.snippet),
                                       match_span(h.snippet))
                             for i, h in enumerate(hits)])
        if hits:
            self.view.selectRow(0)
            if len(hits) == 1:
                self.status.setText(_("One result: Enter opens it."))
            elif len(hits) < LIMIT:
                self.status.setText(_("{count} results: ↑ ↓ to choose, Enter to open.").format(count=len(hits)))
            else:
                self.status.setText(_("The first {count} results: type more to narrow them.").format(count=len(hits)))
        elif not searched:
            self._show_hint()
        else:
            self.status.setText(_("Nothing matches “{query}”.").format(query=query.strip()))
        self.loaded.emit()

    def _show_hint(self) -> None:
        self.status.setText(_("Type a few letters; capitals and accents do not matter."))

    # --- choosing and opening
    def current_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def open_hit(self, row: int) -> None:
        if not 0 <= row < len(self.hits):
            return
        hit = self.hits[row]
        self.accept()
        page, option = OPENS[hit.kind]
        self.ctx.navigate(page, **{option: hit.ref})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive():  # Enter right after typing: search first, then open
                    self._debounce.stop()
                    self.loaded.connect(self._open_when_loaded, Qt.ConnectionType.SingleShotConnection)
                    self.run_search()
                else:
                    self.open_hit(self.current_row())
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._move(key)
                return True
        return super().eventFilter(watched, event)

    def _open_when_loaded(self) -> None:
        self.open_hit(self.current_row())

    def _move(self, key) -> None:
        count = self.model.rowCount()
        if not count:
            return
        page = max(self.view.viewport().height() // max(self.view.verticalHeader().defaultSectionSize(), 1), 1)
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -page, Qt.Key.Key_PageDown: page}[key]
        row = min(max(self.current_row() + step, 0), count - 1)
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.edit.setFocus()
        self.edit.selectAll()


def open_search(window) -> SearchDialog:
    """Shows the window's search dialog (made once, so that it keeps the last query)."""
    dialog = getattr(window, "_search_dialog", None)
    if dialog is None:
        dialog = SearchDialog(window.ctx, window)
        window._search_dialog = dialog
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
