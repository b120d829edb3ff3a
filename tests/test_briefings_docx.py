"""Briefings: gathered once into a frozen value, rendered without the database, as PDF and as Word.

The Word document is read back with python-docx and compared with the PDF's text
(pypdf), section by section: every paragraph and cell of the Word section is found,
in the same order, in the PDF's section, and what the PDF has besides is only what a
printed page repeats (the page's header and footer, a table's header on a new page,
the chart's labels).
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from segib_desktop.core import briefings
from segib_desktop.core.briefings import compose, model, pdf, value, word
from segib_desktop.core.briefings.gather import gather
from tests.briefing_fixtures import TODAY, USER, fill, pdf_text
from tests.conftest import wait_loaded
from tests.test_briefings_gui import choose, generate

ROOT = Path(__file__).resolve().parent.parent
KINDS = [("summit", "30"), ("country", "AR"), ("body", "OEI")]
RENDERERS = ["compose", "story", "model", "value", "pdf", "word"]


@pytest.fixture
def world(db):
    fill(db)
    return db


def test_the_renderers_import_no_database_code():
    modules = ", ".join(f"segib_desktop.core.briefings.{name}" for name in RENDERERS)
    code = (f"import sys, {modules}\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' or m in ("
            "'segib_desktop.core.db', 'segib_desktop.core.models', 'segib_desktop.core.briefings.data', "
            "'segib_desktop.core.briefings.gather', 'segib_desktop.core.services', 'sqlite3'))\n"
            "print(bad)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def walk(thing, path="value"):
    """Every list, dict, set or unfrozen dataclass inside ``thing``: what would make it mutable."""
    if isinstance(thing, list | dict | set | bytearray):
        yield path, type(thing).__name__
    elif dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        if not thing.__dataclass_params__.frozen:
            yield path, type(thing).__name__
        for f in dataclasses.fields(thing):
            yield from walk(getattr(thing, f.name), f"{path}.{f.name}")
    elif isinstance(thing, tuple):
        for i, item in enumerate(thing):
            yield from walk(item, f"{path}[{i}]")


@pytest.mark.parametrize("kind,subject", KINDS)
def test_the_gathered_value_is_frozen_all_the_way_down_and_renders_after_the_database_is_closed(
        world, kind, subject):
    briefing = gather(world, kind, subject, "es", compose.SECTIONS[kind], today=TODAY, user=USER)
    assert list(walk(briefing)) == []
    assert type(briefing) is {"summit": value.SummitBriefing, "country": value.CountryBriefing,
                              "body": value.BodyBriefing}[kind]
    with pytest.raises(dataclasses.FrozenInstanceError):
        briefing.common.user = "someone else"
    world.close()  # from here on, nothing can be read: the renderers get the value and nothing else
    document = compose.document(briefing)
    assert list(walk(document)) == []
    pages = pdf.render(document, io.BytesIO(), creator="test")
    assert pages > 2
    out = io.BytesIO()
    word.render(document, out, creator="test")
    assert docx.Document(io.BytesIO(out.getvalue())).paragraphs


# --- the Word document against the PDF ------------------------------------------------------------------

def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_sections(path: Path) -> list[list[str]]:
    """Per Heading 1, the texts of its paragraphs and table cells, in document order."""
    document = docx.Document(str(path))
    sections: list[list[str]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            if paragraph.style.name == "Heading 1":
                sections.append([])
            chunks = [paragraph.text]
        elif element.tag == qn("w:tbl"):
            table = docx.table.Table(element, document)
            chunks = [cell.text for row in table.rows for cell in row.cells]
        else:
            continue
        if sections:
            sections[-1] += [squeeze(c) for c in chunks if squeeze(c)]
    return sections


def pdf_sections(path: Path, doc: model.Document) -> list[str]:
    """Per section (each begins a page), its pages' text without the page's header and footer."""
    reader = PdfReader(path)
    starts = [reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)]
    total = len(reader.pages)
    pages = [""] * starts[0]  # the cover and the contents
    for number, printed in enumerate(reader.pages[starts[0]:], starts[0] + 1):
        text = squeeze(printed.extract_text())
        furniture = squeeze("SEGIB" + doc.org + doc.short_title + doc.date_text + doc.classification
                            + doc.page_text.format(page=number, pages=total))
        assert text.endswith(furniture), f"page {number}: no header and footer"
        pages.append(text[:-len(furniture)])
    ends = [*starts[1:], total]
    return ["".join(pages[a:b]) for a, b in zip(starts, ends, strict=True)]


def repeats(doc: model.Document) -> list[str]:
    """What a printed page repeats: table headers (on each new page) and the chart's labels and values."""
    out: set[str] = set()

    def visit(blocks):
        for b in blocks:
            if isinstance(b, model.Table | model.Figures):
                out.update(squeeze(h) for h in b.header)
            if isinstance(b, model.Figures):
                out.update(squeeze(x) for bar in b.bars for x in (bar.label, bar.value_text))
            if isinstance(b, model.Together):
                visit(b.blocks)

    visit(doc.blocks)
    return sorted((x for x in out if x), key=len, reverse=True)


def leftover(gap: str, allowed: list[str]) -> str:
    for piece in allowed:
        gap = gap.replace(piece, "")
    return gap


@pytest.mark.parametrize("lang", ["es", "pt"])
@pytest.mark.parametrize("kind,subject", KINDS)
def test_the_word_document_says_what_the_pdf_says_section_by_section(world, tmp_path, kind, subject, lang):
    out_pdf = briefings.generate(world, kind, subject, lang, tmp_path / "b.pdf", user=USER, today=TODAY)
    out_docx = briefings.generate(world, kind, subject, lang, tmp_path / "b.docx", user=USER, today=TODAY)
    document = compose.document(gather(world, kind, subject, lang, compose.SECTIONS[kind], today=TODAY, user=USER))
    in_word, in_pdf = docx_sections(out_docx), pdf_sections(out_pdf, document)
    assert len(in_word) == len(in_pdf) == len(compose.SECTIONS[kind])
    allowed = repeats(document)
    for number, (chunks, printed) in enumerate(zip(in_word, in_pdf, strict=True), 1):
        assert chunks[0].startswith(f"{number}."), chunks[0]
        position, gaps = 0, []
        for chunk in chunks:
            found = printed.find(chunk, position)
            assert found >= 0, f"section {number}: {chunk!r} is not in the PDF after what came before"
            gaps.append(printed[position:found])
            position = found + len(chunk)
        gaps.append(printed[position:])
        extra = [g for g in (leftover(gap, allowed) for gap in gaps) if g]
        assert extra == [], f"section {number}: the PDF has text the Word document lacks: {extra}"


def docx_contents(path: Path) -> list[str]:
    """The entries the Word contents shows before Word updates it: the paragraphs of the TOC field's result."""
    document = docx.Document(str(path))
    entries: list[str] | None = None
    for paragraph in document.paragraphs:
        xml = paragraph._p
        if entries is None:
            codes = "".join(t.text or "" for t in xml.iter(qn("w:instrText")))
            if codes.strip().startswith("TOC"):
                entries = []  # this paragraph holds the field's code and the "update it" hint, no entry
            continue
        entries.append(paragraph.text)
        if any(c.get(qn("w:fldCharType")) == "end" for c in xml.iter(qn("w:fldChar"))):
            return entries
    raise AssertionError("no contents field in the Word document")


def pdf_contents(path: Path) -> list[str]:
    """The entries of the PDF's contents page (page 2), as printed: "2.1 Cifras por estado … 4"."""
    # pypdf (pinned, as every briefing test reads PDFs): poppler's pdftotext is not installed by the project
    printed = PdfReader(path).pages[1].extract_text(extraction_mode="layout")
    return [m.group(1) for m in re.finditer(r"^\s*(\d+\.(?:\d+)? .*?)\s{2,}\d+\s*$", printed, re.M)]


@pytest.mark.parametrize("lang", ["es", "pt"])
@pytest.mark.parametrize("kind,subject", KINDS)
def test_the_word_contents_lists_what_the_pdf_contents_lists(world, tmp_path, kind, subject, lang):
    """Before Word updates the field (LibreOffice, or printing at once) the contents is what the program wrote:
    it lists "x.1 Figures by status" (a subsection kept on one page with its figures) like any other."""
    out_pdf = briefings.generate(world, kind, subject, lang, tmp_path / "b.pdf", user=USER, today=TODAY)
    out_docx = briefings.generate(world, kind, subject, lang, tmp_path / "b.docx", user=USER, today=TODAY)
    in_word, in_pdf = docx_contents(out_docx), pdf_contents(out_pdf)
    assert len(in_pdf) > len(compose.SECTIONS[kind])  # subsections too, not only the sections
    figures = {"es": "Cifras por estado", "pt": "Números por status"}[lang]
    assert any(e.endswith(f".1 {figures}") for e in in_pdf), in_pdf
    assert len(in_word) == len(in_pdf), (in_word, in_pdf)
    for word_entry, pdf_entry in zip(in_word, in_pdf, strict=True):
        if pdf_entry.endswith("…"):  # the PDF shortens a title wider than the page
            assert word_entry.startswith(pdf_entry[:-1].rstrip()), (word_entry, pdf_entry)
        else:
            assert word_entry == pdf_entry


def briefing_texts(db, tmp_path, kind, subject, lang) -> tuple[str, str]:
    """The PDF's and the Word document's text, whitespace folded."""
    name = f"{kind}-{subject}-{lang}"
    out_pdf = briefings.generate(db, kind, subject, lang, tmp_path / f"{name}.pdf", user=USER, today=TODAY)
    out_docx = briefings.generate(db, kind, subject, lang, tmp_path / f"{name}.docx", user=USER, today=TODAY)
    document = docx.Document(str(out_docx))
    in_word = " ".join([p.text for p in document.paragraphs]
                       + [c.text for t in document.tables for row in t.rows for c in row.cells])
    return pdf_text(out_pdf)[0], " ".join(in_word.split())


FIGURES = {  # (kind, subject) -> the figures' sentence, es and pt, in the world of briefing_fixtures
    ("country", "ES"): ("Tiene 1 mandato dirigido; 1 está abierto y no tiene el plazo vencido.",
                        "Há 1 mandato dirigido a ele; 1 está aberto e não está com o prazo vencido."),
    ("body", "OEI"): ("Tiene 2 mandatos dirigidos; 1 está abierto y tiene el plazo vencido.",
                      "Há 2 mandatos dirigidos a ele; 1 está aberto e está com o prazo vencido."),
    ("country", "AR"): ("Tiene 2 mandatos dirigidos; 2 están abiertos y 1 de ellos tiene el plazo vencido.",
                        "Há 2 mandatos dirigidos a ele; 2 estão abertos e 1 deles está com o prazo vencido."),
    ("summit", "30"): ("Hay 5 mandatos registrados; 3 están abiertos y 1 de ellos tiene el plazo vencido.",
                       "Há 5 mandatos registrados; 3 estão abertos e 1 deles está com o prazo vencido."),
}
# XXIX-PA-1, the one overdue mandate, given a later due date: open ones, none overdue
NONE_OVERDUE = {
    ("country", "AR"): ("Tiene 2 mandatos dirigidos; 2 están abiertos y ninguno tiene el plazo vencido.",
                        "Há 2 mandatos dirigidos a ele; 2 estão abertos e nenhum está com o prazo vencido."),
    ("summit", "30"): ("Hay 5 mandatos registrados; 3 están abiertos y ninguno tiene el plazo vencido.",
                       "Há 5 mandatos registrados; 3 estão abertos e nenhum está com o prazo vencido."),
    ("body", "OEI"): ("Tiene 2 mandatos dirigidos; 1 está abierto y no tiene el plazo vencido.",
                      "Há 2 mandatos dirigidos a ele; 1 está aberto e não está com o prazo vencido."),
}
# XXIX-PA-1 fulfilled: the OEI's two mandates are both done
NONE_OPEN = {
    ("body", "OEI"): ("Tiene 2 mandatos dirigidos; ninguno está abierto.", "Há 2 mandatos dirigidos a ele; nenhum está aberto."),
}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_figures_sentence_says_one_and_none_in_words_in_the_pdf_and_in_word(world, tmp_path, lang):
    """"1 is open and 0 of these are overdue" read badly: one open mandate is overdue or is not, and none is
    said in words ("none of these", "none is open"). The PDF and the Word document share the sentence."""
    from sqlalchemy import select

    from segib_desktop.core.models import Mandate, MandateStatus

    def check(expected: dict, step: str):
        for (kind, subject), sentences in expected.items():
            sentence = sentences[0 if lang == "es" else 1]
            for where, text in zip(("PDF", "Word"), briefing_texts(world, tmp_path, kind, subject, lang), strict=True):
                assert sentence in text, f"{step}, {kind} {subject}, {where}: {sentence!r}"
                assert not re.search(r"\b0 (de ellos|deles|está|están|estão)", text), f"{step}, {kind} {subject}"

    check(FIGURES, "as filled")
    with world.session(write=True) as s:
        s.scalar(select(Mandate).where(Mandate.code == "XXIX-PA-1")).due_date = TODAY.replace(year=2027)
    check(NONE_OVERDUE, "none overdue")
    with world.session(write=True) as s:
        s.scalar(select(Mandate).where(Mandate.code == "XXIX-PA-1")).status = MandateStatus.FULFILLED
    check(NONE_OPEN, "none open")


@pytest.mark.parametrize("lang,sentence", [("es", "No hay ningún mandato registrado."),
                                           ("pt", "Não há nenhum mandato registrado.")])
def test_a_summit_briefing_without_mandates_says_so_in_words(db, tmp_path, lang, sentence):
    for where, text in zip(("PDF", "Word"), briefing_texts(db, tmp_path, "summit", "30", lang), strict=True):
        assert sentence in text, where
        assert not re.search(r"\b0 (mandatos|de ellos|deles|está|están|estão)", text), where


def test_the_word_document_is_word_shaped(world, tmp_path):
    out = briefings.generate(world, "summit", "30", "pt", tmp_path / "nota.docx", user=USER, today=TODAY)
    document = docx.Document(str(out))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. A cúpula em resumo" and headings[-1].startswith("5. Anexo")
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml  # the contents, which Word updates from the headings
    # every table's first row is a header row that Word repeats on each page
    def fill(cell):
        shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
        return shading.get(qn("w:fill")) if shading is not None else ""

    def repeated(table):
        return table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    headed = [t for t in document.tables if fill(t.rows[0].cells[0]) == model.NAVY.lstrip("#")]
    assert all(repeated(t) for t in headed)
    assert len(headed) >= 10
    # the footer: "Página X de Y" as PAGE and NUMPAGES fields, beside the classification
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Uso oficial — distribuição restrita" in document.sections[0].footer.paragraphs[0].text
    assert "USO OFICIAL — DISTRIBUIÇÃO RESTRITA" in [p.text for p in document.paragraphs]
    # the language of the text, for Word's spelling check, and the bundled fonts by name
    defaults = etree.tostring(document.styles.element.find(qn("w:docDefaults")), encoding="unicode")
    assert 'w:val="pt-BR"' in defaults and 'w:ascii="DejaVu Sans"' in defaults
    assert document.styles["Heading 1"].font.name == "DejaVu Sans"
    assert str(document.styles["Heading 1"].font.color.rgb) == model.NAVY.lstrip("#")
    assert document.core_properties.language == "pt-BR"
    assert document.core_properties.title == "Nota informativa: XXX Cúpula Ibero-Americana (Madrid, 2026)"


def test_the_record_says_which_format(world, tmp_path):
    from segib_desktop.core.briefings.history import BriefingHistoryService
    from segib_desktop.core.read.briefings import history_rows

    briefings.generate(world, "body", "OEI", "es", tmp_path / "a.docx", user=USER, today=TODAY)
    (record,) = history_rows(world, "es")
    params = BriefingHistoryService(world).parameters(record.id)
    assert params["format"] == "docx" and params["file_path"].endswith("a.docx")
    with pytest.raises(ValueError):
        briefings.generate(world, "body", "OEI", "es", tmp_path / "a.odt", user=USER, today=TODAY)
    assert not (tmp_path / "a.odt").exists()


# --- the command line and the Briefings page ------------------------------------------------------------

def test_the_command_line_picks_the_format_by_the_files_extension(tmp_path):
    from tests.test_briefings_cli import run

    db = tmp_path / "segib.sqlite3"
    out = tmp_path / "nota.docx"
    assert run("db", "upgrade", "--db", str(db), home=tmp_path).returncode == 0  # briefing never creates it
    result = run("briefing", "--body", "OEI", "--out", str(out), "--db", str(db), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Nota informativa escrita en {out}."
    document = docx.Document(str(out))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "1. El organismo de un vistazo"

    odt = tmp_path / "nota.odt"
    result = run("briefing", "--body", "OEI", "--out", str(odt), "--db", str(db), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("El archivo de la nota informativa debe terminar en .pdf (PDF) o .docx (Word), "
                                     "por ejemplo nota.docx.")
    assert not odt.exists()


@pytest.fixture
def page(ctx, qtbot, db, monkeypatch):
    from segib_desktop.gui.pages import briefings as page_module

    shown = []
    monkeypatch.setattr(page_module, "show_error", lambda parent, error: shown.append(error))
    fill(db)
    widget = page_module.BriefingsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    wait_loaded(qtbot, widget.history)
    yield widget
    assert shown == []


def test_the_briefings_page_makes_a_word_document_and_regenerates_it_as_one(page, qtbot, db, monkeypatch):
    from PySide6.QtCore import Qt

    from segib_desktop.gui.pages import briefings as page_module

    choose(page, qtbot, "country", "AR", "pt", sections=("overview", "mandates"))
    page.file_format.setCurrentIndex(page.file_format.findData("docx"))
    assert page.file_format.currentText() == "Documento de Word (para editar)"
    path = Path(generate(page, qtbot))
    assert path.suffix == ".docx" and path.parent == page.ctx.workspace.dirs.data / "briefings"
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. O país em resumo", "2. Mandatos dirigidos ao país"]
    assert page.preview_title.text() == f"{path.name} · un documento de Word: ábralo para leerlo o editarlo."
    assert page.open_button.isEnabled() and page.save_button.isEnabled() and not page.print_button.isEnabled()
    opened = []
    monkeypatch.setattr(page_module, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(path)]
    assert page.ctx.settings.value("briefings/format") == "docx"

    page.file_format.setCurrentIndex(page.file_format.findData("pdf"))
    page.history.view.selectRow(0)
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker:
        qtbot.mouseClick(page.history.regenerate_button, Qt.MouseButton.LeftButton)
    assert page.status.text().endswith(".docx")
    assert blocker.args[0].endswith(".docx") and page.file_format.currentData() == "docx"
    with db.session() as s:
        from sqlalchemy import select

        from segib_desktop.core.models import BriefingRecord

        records = s.scalars(select(BriefingRecord)).all()
        assert [r.params["format"] for r in records] == ["docx", "docx"]


def test_user_text_with_markup_and_control_characters_is_text_in_word(world, tmp_path):
    from sqlalchemy import select

    from segib_desktop.core.models import Body

    with world.session(write=True) as s:
        s.scalar(select(Body).where(Body.acronym == "OEI")).notes = "Cooperacio\u0301n\x07 con\tla\x00 OEI <b>&amp;"
    out = briefings.generate(world, "body", "OEI", "es", tmp_path / "oei.docx", today=TODAY)
    cells = [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
    assert "Cooperación con    la OEI <b>&amp;" in cells  # NFC, the bell and the NUL dropped, markup as typed
