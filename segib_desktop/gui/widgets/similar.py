"""Similar mandates while typing (issue 23): a panel for the mandate form and the paste preview, the
side-by-side view of two texts, and the decision buttons (renews, continues, overlaps, distinct).

The index (core.similarity) is brought up to date off the UI thread when a panel opens; a query then
takes a few milliseconds, so it runs on the UI thread, a moment after the officer stops typing.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from segib_desktop import errors
from segib_desktop.core import similarity
from segib_desktop.core.models import MandateStatus, RelationKind
from segib_desktop.core.read import relations as read_relations
from segib_desktop.core.services.mandates import MandateService
from segib_desktop.core.services.relations import RelationService
from segib_desktop.gui.keyboard import open_with_enter
from segib_desktop.gui.widgets.dialogs import confirm, show_error
from segib_desktop.gui.widgets.flow import FlowRow
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.gui.widgets.table import Column, RowTableModel
from segib_desktop.gui.widgets.tasks import outage_logged, run_in_background
from segib_desktop.i18n import N_, _, active, to_roman

DEBOUNCE_MS = 300
SHOWN = 5
# What a decision writes, asked before it is: its progress entries cannot be changed afterwards ("distinct"
# only keeps the pair from being suggested again: it is not asked).
QUESTIONS = {
    RelationKind.RENEWS: N_("{newer} renews {older}: {older} becomes Superseded, and the progress log of each "
                            "records it (its entries cannot be changed). Record it?"),
    RelationKind.CONTINUES: N_("{newer} continues the work of {older}: the progress log of {newer} records it "
                               "(its entries cannot be changed). Record it?"),
    RelationKind.OVERLAPS: N_("{newer} overlaps with {older}: the progress log of {newer} records it (its "
                              "entries cannot be changed). Record it?"),
}
EARLIER_SUMMIT = N_("Careful: {newer} is of an earlier summit ({newer_summit}) than {older} ({older_summit}).")


def percent(score: float) -> str:
    return active().format_percent(score)


def describe(code: str, summit: int | None, status) -> str:
    """"XXIX-PA-12 · Summit XXIX · Superseded": a mandate as a side of the comparison names it."""
    parts = [code]
    if summit:
        parts.append(_("Summit {number}").format(number=to_roman(summit)))
    if status:
        parts.append(_(MandateStatus(status).label))
    return " · ".join(parts)


def _table(model: RowTableModel, name: str) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    for col, column in enumerate(model.columns):
        if column.stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return view


class Decisions(QWidget):
    """The decision buttons for a pair: which one renews the other, continues, overlaps, distinct.

    ``left`` and ``right`` are mandate ids (the two sides of the comparison); ``decided`` carries
    (newer id, earlier id, kind) once it is saved.
    """

    decided = Signal(int, int, object)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.left: int | None = None
        self.right: int | None = None
        self.versions: dict[int, int] = {}
        self.moved: dict[int, tuple[int, int]] = {}  # the last decision's RelationService.moved
        self.buttons = {
            "left_renews": QPushButton(_("Left renews right ←"), objectName="left_renews"),
            "right_renews": QPushButton(_("Right renews left →"), objectName="right_renews"),
            "continues": QPushButton(_("Left continues right"), objectName="continues"),
            "overlaps": QPushButton(_("They overlap"), objectName="overlaps"),
            "distinct": QPushButton(_("Distinct, not duplicates"), objectName="distinct"),
        }
        tips = {"left_renews": _("The left mandate renews the right one, which becomes Superseded."),
                "right_renews": _("The right mandate renews the left one, which becomes Superseded."),
                "continues": _("The left mandate carries on the work of the right one; both stay as they are."),
                "overlaps": _("They ask for part of the same thing; both stay as they are."),
                "distinct": _("They only share words: the pair will not be suggested again.")}
        # on more lines where the row does not fit: in es and pt it asked 840 pixels, more than a laptop at 150 %
        layout = FlowRow(self)
        for key, button in self.buttons.items():
            button.setToolTip(tips[key])
            button.setAutoDefault(False)  # Enter in the dialog (its threshold, its list) decides nothing
            button.clicked.connect(lambda _c=False, k=key: self.decide(k))
            layout.addWidget(button)
        layout.addStretch(1)
        self.set_pair(None, None)

    def set_pair(self, left: int | None, right: int | None, versions: dict[int, int] | None = None) -> None:
        self.left, self.right, self.versions = left, right, dict(versions or {})
        for button in self.buttons.values():  # a database open read-only records no decision
            button.setEnabled(left is not None and right is not None and not self.ctx.db.readonly)

    def decide(self, key: str) -> bool:
        if self.left is None or self.right is None:
            return False
        newer, older = (self.right, self.left) if key == "right_renews" else (self.left, self.right)
        kind = {"left_renews": RelationKind.RENEWS, "right_renews": RelationKind.RENEWS,
                "continues": RelationKind.CONTINUES, "overlaps": RelationKind.OVERLAPS,
                "distinct": RelationKind.DISTINCT}[key]
        try:
            if kind in QUESTIONS and not confirm(self, self.question(newer, older, kind),
                                                 action=_("Record the decision")):
                return False
            service = RelationService(self.ctx.db)
            service.relate(newer, older, kind, versions=self.versions or None)
            self.moved = service.moved
        except errors.SegibError as exc:
            show_error(self, exc)
            return False
        self.decided.emit(newer, older, kind)
        return True

    def question(self, newer: int, older: int, kind: RelationKind) -> str:
        """What recording ``kind`` writes, by the two mandates' codes; and a warning when the one that renews
        or continues is of an earlier summit than the other."""
        service, entries = MandateService(self.ctx.db), similarity.index_for(self.ctx.db, refresh=False).entries
        names = {"newer": service.get(newer)["code"], "older": service.get(older)["code"]}
        first, second = entries.get(newer), entries.get(older)
        text = _(QUESTIONS[kind]).format(**names)
        if (kind is not RelationKind.OVERLAPS and first and second and first.summit and second.summit
                and first.summit < second.summit):
            text += "\n\n" + _(EARLIER_SUMMIT).format(newer_summit=to_roman(first.summit),
                                                      older_summit=to_roman(second.summit), **names)
        return text


class Comparison(QWidget):
    """Two texts side by side, each under the line that names it, and the decision buttons below."""

    def __init__(self, ctx, parent=None, *, decisions: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.heads, self.texts = [], []
        sides = QHBoxLayout()
        for name, said in (("left", N_("Mandate on the left")), ("right", N_("Mandate on the right"))):
            column = QVBoxLayout()
            head = QLabel(wordWrap=True, objectName=f"{name}_head")
            head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text = QPlainTextEdit(readOnly=True, objectName=f"{name}_text")
            text.setAccessibleName(_(said))  # both were the window's title; its head line is its description
            column.addWidget(head)
            column.addWidget(text, 1)
            sides.addLayout(column, 1)
            self.heads.append(head)
            self.texts.append(text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(sides, 1)
        self.decisions = Decisions(ctx, self) if decisions else None
        if self.decisions is not None:
            layout.addWidget(self.decisions)

    def show_side(self, side: int, head: str, title: str, text: str) -> None:
        self.heads[side].setText(f"<b>{_escape(head)}</b><br>{_escape(title)}")
        self.texts[side].setAccessibleDescription(" · ".join(filter(None, (head, title))))
        self.texts[side].setPlainText(text)

    def show_mandate(self, side: int, mandate_id: int | None, *, score: float | None = None) -> int | None:
        """Shows a saved mandate on one side; returns its edit version (None if it is gone)."""
        if mandate_id is None:
            self.show_side(side, "", "", "")
            return None
        try:
            values = MandateService(self.ctx.db).get(mandate_id)
        except errors.NotFound:
            self.show_side(side, "", _("The record no longer exists; another window may have deleted it."), "")
            return None
        entry = similarity.index_for(self.ctx.db, refresh=False).entries.get(mandate_id)
        head = describe(values["code"], entry.summit if entry else None, values["status"])
        if score is not None:
            head += " · " + _("alike: {score}").format(score=percent(score))
        self.show_side(side, head, values["title"], values["text"])
        return values["version"]


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CompareDialog(FitsScreen, QDialog):
    """What is being written (left) beside an existing mandate (right), with the decisions when the left
    one is saved."""
    help_section = "mandates"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx, *, title: str, text: str, other_id: int, score: float, mandate_id: int | None,
                 heading: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Compare mandates"))
        self.resize(980, 460)
        self.comparison = Comparison(ctx, self, decisions=mandate_id is not None)
        versions = {}
        if mandate_id is not None:
            versions[mandate_id] = self.comparison.show_mandate(0, mandate_id)
            self.comparison.show_side(0, heading, title, text)  # what the form holds now
        else:
            self.comparison.show_side(0, heading, title, text)
        versions[other_id] = self.comparison.show_mandate(1, other_id, score=score)
        if self.comparison.decisions is not None:
            self.comparison.decisions.set_pair(mandate_id, other_id, {k: v for k, v in versions.items() if v})
            self.comparison.decisions.decided.connect(lambda *_a: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.comparison, 1)
        if mandate_id is None:
            layout.addWidget(QLabel(_("Save the mandate first to record how it relates to this one."), wordWrap=True))
        layout.addWidget(buttons)


class HitRow(NamedTuple):
    """A similar mandate as the list shows it."""

    id: int
    alike: str
    code: str
    title: str
    summit: int | None
    status: MandateStatus | None


class SimilarPanel(QWidget):
    """The existing mandates most like the text being written, best first, with summit and status."""

    decided = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.index: similarity.SimilarityIndex | None = None
        self.mandate_id: int | None = None  # the mandate being edited (left out of its own suggestions)
        self.moved: dict[int, tuple[int, int]] = {}  # the last decision's, for the form (RelationService.moved)
        self.heading = ""
        self._title = self._text = ""
        self.model = RowTableModel((
            Column(N_("Alike"), field="alike"),
            Column(N_("Code"), field="code"),
            Column(N_("Title"), stretch=True, field="title"),
            Column(N_("Summit"), "roman", field="summit"),
            Column(N_("Status"), "enum", field="status"),
        ), self)
        self.caption = QLabel(objectName="similar_caption", wordWrap=True)
        self.view = _table(self.model, "similar_view")
        self.view.setAccessibleName(_("Existing mandates like this one"))  # not its tab's name ("Details")
        self.view.setFixedHeight(self.view.verticalHeader().defaultSectionSize() * 4
                                 + self.view.horizontalHeader().sizeHint().height() + 4)
        open_with_enter(self.view, lambda index: self.compare(index.row()))
        self.compare_button = QPushButton(_("Compare side by side…"), objectName="compare")
        self.compare_button.clicked.connect(lambda: self.compare(self.view.currentIndex().row()))
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.update_now)
        self.dialog: CompareDialog | None = None
        self.hits: list[similarity.Hit] = []
        self._show([])
        run_in_background(lambda: similarity.index_for(ctx.db).sort_groups(), self._ready,
                          outage_logged("the similar mandates' index was not read"))

    def _ready(self, index) -> None:
        self.index = index
        self.update_now()

    def set_text(self, title: str, text: str) -> None:
        """What is being written; the suggestions follow a moment after the last keystroke."""
        self._title, self._text = title or "", text or ""
        self.timer.start()

    def update_now(self) -> None:
        self.timer.stop()
        if self.index is None:
            return
        exclude = [self.mandate_id] if self.mandate_id is not None else []
        hits = self.index.similar(self._title, self._text, limit=SHOWN, exclude=exclude)
        self._show(hits)

    def _show(self, hits: list[similarity.Hit]) -> None:
        self.hits = hits
        self.model.set_rows([HitRow(h.id, percent(h.score), h.code, h.title, h.summit,
                                    MandateStatus(h.status) if h.status else None) for h in hits])
        self.view.setVisible(bool(hits))
        self.compare_button.setVisible(bool(hits))
        if hits:
            self.caption.setText(_("Existing mandates like this one (double-click or Enter to compare):"))
            self.view.selectRow(0)
        else:
            self.caption.setText(_("No existing mandate is much like this one.") if self._title or self._text else "")

    def compare(self, row: int) -> CompareDialog | None:
        if not 0 <= row < len(self.hits):
            return None
        hit = self.hits[row]
        self.dialog = CompareDialog(self.ctx, title=self._title, text=self._text, other_id=hit.id, score=hit.score,
                                    mandate_id=self.mandate_id, heading=self.heading or _("This mandate"),
                                    parent=self)
        decisions = self.dialog.comparison.decisions
        if decisions:
            decisions.decided.connect(lambda *_a: (setattr(self, "moved", decisions.moved), self.decided.emit()))
        self.dialog.open()
        return self.dialog


# --- hooks for the mandates page (kept here, so that page only calls them) --------------------------

def attach_to_form(form) -> SimilarPanel:
    """Adds to a MandateForm the similar mandates (under its text) and its chain of versions."""
    panel = SimilarPanel(form.ctx, form)
    panel.mandate_id = form.record_id
    panel.heading = form.windowTitle()
    title, text = form.widget("title"), form.widget("text")
    chain = QLabel(objectName="versions", wordWrap=True, visible=False)
    chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    form.form_layout.addRow(_("Versions"), chain)
    form.form_layout.addRow(panel)
    form.versions_label = chain

    def changed() -> None:
        panel.set_text(title.text(), text.toPlainText())

    def show_chain() -> None:
        label = form.form_layout.labelForField(chain)
        lines = chain_lines(form.ctx.db, form.record_id) if form.record_id is not None else []
        chain.setText("\n".join(lines))
        chain.setVisible(bool(lines))
        if label is not None:
            label.setVisible(bool(lines))

    def after_decision() -> None:
        show_chain()
        if form.record_id is not None:
            form._status_from_log(panel.moved)  # this mandate's status and version may have moved
        panel.update_now()

    title.textChanged.connect(changed)
    text.textChanged.connect(changed)
    panel.decided.connect(after_decision)
    panel._title, panel._text = title.text(), text.toPlainText()
    show_chain()
    return panel


def chain_lines(db, mandate_id: int) -> list[str]:
    """The form's "Versions" row: earlier and later versions, and the other relations, one line each."""
    earlier, later = read_relations.chain(db, mandate_id)
    lines = []
    if earlier:
        lines.append(_("Earlier versions: {codes}").format(codes=" → ".join(code for _i, code in earlier)))
    if later:
        lines.append(_("Later versions: {codes}").format(codes=" → ".join(code for _i, code in later)))
    for r in read_relations.related(db, mandate_id):
        if r.kind == RelationKind.OVERLAPS:
            lines.append(_("Overlaps with {code}").format(code=r.code))
        elif r.kind == RelationKind.DISTINCT:
            lines.append(_("Distinct from {code}").format(code=r.code))
    return lines


def attach_to_paste(dialog) -> SimilarPanel:
    """Adds to the paste preview the mandates like the selected point, under its text."""
    panel = SimilarPanel(dialog.ctx, dialog)
    panel.heading = _("Pasted point")
    dialog.text_edit.parentWidget().addWidget(panel)  # the preview's splitter

    def changed(*_args) -> None:
        row = dialog.table.currentRow()
        if 0 <= row < len(dialog._texts):
            item = dialog.table.item(row, 3)
            panel.set_text(item.text() if item else "", dialog._texts[row])
        else:
            panel.set_text("", "")

    dialog.table.currentCellChanged.connect(changed)
    dialog.table.itemChanged.connect(changed)
    dialog.text_edit.textChanged.connect(changed)
    return panel
