"""Issue 19: long codes are never broken nor cut, headers never break inside a word."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from reportlab.platypus import Paragraph
from sqlalchemy import select

from segib_desktop.core import briefings
from segib_desktop.core.briefings import fit
from segib_desktop.core.briefings.pdf import make_styles
from segib_desktop.core.models import Document, DocumentKind, MandateStatus, Summit
from segib_desktop.core.services.mandates import MandateService
from tests.conftest import wait_loaded

CODE = "XXVIII-RMRE2022-R / ES1/2022-8"


def _long_code_mandate(db) -> int:
    with db.session(write=True) as s:
        doc = Document(kind=DocumentKind.RESOLUTION, number="ES1", title="Resolución",
                       summit_id=s.scalar(select(Summit.id).where(Summit.number == 29)))
        s.add(doc)
        s.flush()
        document_id = doc.id
    return MandateService(db).save(None, {
        "document_id": document_id, "point": "8", "code": CODE, "title": "Informe sobre la resolución",
        "due_date": dt.date(2025, 1, 31), "status": MandateStatus.IN_PROGRESS})


def test_a_header_word_never_breaks():
    styles = make_styles()
    for word in ("Planificado", "Planejado", "Organismos", "Progresso"):
        width = 14 * 2.8346  # a 14 mm column
        p = Paragraph(word, fit.fitting(styles.cell_head, word, width))
        p.wrap(width, 1000)
        assert len(p.blPara.lines) == 1, word


def test_a_long_code_stays_on_one_line_in_the_briefing(db, tmp_path):
    _long_code_mandate(db)
    out = tmp_path / "nota.pdf"
    briefings.generate(db, "summit", "29", "es", out, user="Lucía", today=dt.date(2026, 11, 20))
    # pypdf (a dev dependency, pinned) as the other briefing tests: poppler's pdftotext is not installed here
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages).replace("\xa0", " ")
    assert text.count(CODE) >= 2  # whole, on one line: in the overdue table as in the annex
    assert "XXVIII-RMRE2022-R /\n" not in text and "XXVIII-RMRE2022-\n" not in text


def test_a_long_code_is_not_cut_in_the_list_and_headers_fit(ctx, qtbot, db):
    from segib_desktop.gui.pages.mandates import MandatesPage

    _long_code_mandate(db)
    page = MandatesPage(ctx)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)
    metrics = page.view.fontMetrics()
    header = page.view.horizontalHeader()
    assert header.sectionSize(0) >= metrics.horizontalAdvance(CODE)
    for col, column in enumerate(page.columns):
        if not column.stretch:
            assert header.sectionSize(col) >= metrics.horizontalAdvance(page.model.headerData(col, header.orientation()))
