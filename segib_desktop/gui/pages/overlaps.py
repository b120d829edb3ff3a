"""The overlaps view (issue 23): pairs of mandates of different summits that say much the same,
strongest first, the two texts side by side, and the decision buttons. A decided pair does not come
back. Reached from the mandates page ("Overlaps…") and the View menu.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from segib_desktop.core import similarity
from segib_desktop.gui.widgets.screen import FitsScreen
from segib_desktop.gui.widgets.similar import Comparison, _table, percent
from segib_desktop.gui.widgets.table import Column, MiddleElided, RowTableModel
from segib_desktop.gui.widgets.tasks import outage_logged, run_in_background
from segib_desktop.i18n import N_, _, plural

SHOWN = 300


class PairRow(NamedTuple):
    """A pair as the list shows it; ``id`` is the pair's place in ``OverlapsDialog.pairs``."""

    id: int
    alike: str
    first_code: str
    first_summit: int | None
    first_title: str
    second_code: str
    second_summit: int | None
    second_title: str


class OverlapsDialog(FitsScreen, QDialog):
    help_section = "mandates"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Overlapping mandates"))
        self.resize(1180, 760)
        self.pairs: dict[int, similarity.Pair] = {}
        self._generation = 0
        self.threshold = QDoubleSpinBox(objectName="threshold", minimum=0.2, maximum=1.0, singleStep=0.05,
                                        decimals=2, value=similarity.PAIR_SCORE)
        self.threshold.setToolTip(_("How alike two mandates must be to be listed, from 0 to 1."))
        self.threshold.valueChanged.connect(lambda _v: self.reload())
        self.summary = QLabel(objectName="overlaps_summary", wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("At least this alike:")))
        top.addWidget(self.threshold)
        top.addWidget(self.summary, 1)
        self.model = RowTableModel((
            Column(N_("Alike"), field="alike"),
            Column(N_("Code"), field="first_code"),
            Column(N_("Summit"), "roman", field="first_summit"),
            Column(N_("Title"), stretch=True, field="first_title"),
            Column(N_("Code"), field="second_code"),
            Column(N_("Summit"), "roman", field="second_summit"),
            Column(N_("Title"), stretch=True, field="second_title"),
        ), self)
        self.view = _table(self.model, "pairs_view")
        self._give_the_titles_room()
        self.view.selectionModel().currentRowChanged.connect(lambda current, _p: self.show_pair(current.row()))
        self.comparison = Comparison(ctx, self)
        self.comparison.decisions.decided.connect(self._decided)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.comparison)
        splitter.setSizes([330, 400])
        hint = QLabel(_("Pairs of mandates of different summits, the most alike first. Decide on each: a "
                        "decided pair is not listed again."), wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)  # Enter closes nothing either:
        buttons.rejected.connect(self.reject)  # it is typed in the threshold and on the list (Esc closes)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.loading = False
        self.more = False
        self.reload()

    TYPICAL_CODE = "XXVIII-DEC-12"

    def _give_the_titles_room(self) -> None:
        """The titles, what one compares, take the room: the other columns fit their texts up to a typical
        code's width, a longer code cut in the middle (its end tells it from its neighbours'). The codes took
        180 pixels each as wide as the longest, the titles 70 ("Informe …")."""
        self.view.setWordWrap(False)  # one line a row: a cut at a word's end left "XXIX-…024-…" of a code
        header, metrics = self.view.horizontalHeader(), self.view.fontMetrics()
        headings = [metrics.horizontalAdvance(_(c.header)) + 28 for c in self.model.columns if not c.stretch]
        header.setMaximumSectionSize(max(metrics.horizontalAdvance(self.TYPICAL_CODE) + 16, *headings))
        for col, column in enumerate(self.model.columns):
            if column.field.endswith("_code"):
                self.view.setItemDelegateForColumn(col, MiddleElided(self.view))

    def reload(self) -> None:
        self._generation += 1
        generation, db, score = self._generation, self.ctx.db, self.threshold.value()
        self.loading = True
        self.summary.setText(_("Looking for similar mandates…"))
        # one more than it shows: whether there are more than SHOWN
        run_in_background(lambda: similarity.overlapping_pairs(db, min_score=score, limit=SHOWN + 1),
                          lambda pairs: self._loaded(pairs) if generation == self._generation else None,
                          outage_logged("the overlapping mandates were not read"))

    def _loaded(self, pairs: list[similarity.Pair]) -> None:
        self.loading = False
        self.more = len(pairs) > SHOWN  # the list holds the SHOWN most alike of more pairs
        self.pairs = {i: p for i, p in enumerate(pairs[:SHOWN])}
        self.model.set_rows([PairRow(i, percent(p.score), p.first.code, p.first.summit, p.first.title,
                                     p.second.code, p.second.summit, p.second.title) for i, p in self.pairs.items()])
        self._count()
        if self.pairs:
            self.view.selectRow(0)
        else:
            self.show_pair(-1)

    def _count(self) -> None:
        n = self.model.rowCount()
        if self.more:
            self.summary.setText(_("The {n} most alike of more pairs to decide on: raise the threshold to see "
                                   "fewer.").format(n=n))
        else:
            self.summary.setText(plural(n, N_("1 pair to decide on."), N_("{n} pairs to decide on.")) if n else
                                 _("No pairs to decide on at this threshold."))

    def show_pair(self, row: int) -> None:
        pair = self.pairs.get(self.model.id_at(row)) if 0 <= row < self.model.rowCount() else None
        if pair is None:
            self.comparison.show_mandate(0, None)
            self.comparison.show_mandate(1, None)
            self.comparison.decisions.set_pair(None, None)
            return
        left = self.comparison.show_mandate(0, pair.first.id, score=pair.score)
        right = self.comparison.show_mandate(1, pair.second.id)
        versions = {k: v for k, v in ((pair.first.id, left), (pair.second.id, right)) if v}
        self.comparison.decisions.set_pair(pair.first.id, pair.second.id, versions)

    def _decided(self, newer: int, older: int, _kind) -> None:
        """The pair leaves the list; the next one is shown."""
        row = self.view.currentIndex().row()
        keep = [r for r in self.model.all_rows() if {self.pairs[r.id].first.id, self.pairs[r.id].second.id}
                != {newer, older}]
        self.model.set_rows(keep)
        self._count()
        if keep:
            self.view.selectRow(min(max(row, 0), len(keep) - 1))
        else:
            self.show_pair(-1)


def open_overlaps(ctx, parent=None) -> OverlapsDialog:
    dialog = OverlapsDialog(ctx, parent)
    dialog.open()
    return dialog


def overlaps_button(page) -> QPushButton:
    """The mandates page's "Overlaps…" button."""
    button = QPushButton(_("Overlaps…"), objectName="overlaps")
    button.setToolTip(_("Pairs of mandates of different summits that say much the same"))

    def clicked() -> None:
        page.dialog = open_overlaps(page.ctx, page)

    button.clicked.connect(clicked)
    return button
