"""The briefing as a Word document: the same ``model.Document`` the PDF lays out, with python-docx.

Word's own structure, so that an officer can finish it in Word: the section
titles in Heading 1/2/3 (Word's table of contents, a TOC field at the Contents
place, updates from them), tables whose header row repeats on every page, the
DejaVu family and the house colours by name, "Página X de Y" as PAGE and
NUMPAGES fields in the footer, the text's language (es-ES or pt-BR) set on the
document's defaults so that Word spell-checks in it, and the classification on
the cover and in every footer. No database here.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from segib_desktop.core.briefings import model as m
from segib_desktop.i18n import N_, Translator

UPDATE_CONTENTS = N_("Update this table (F9 in Word) to see the page numbers.")

BODY_SIZE = 9.5
CELL_SIZE = 8
# The paragraph styles: name -> (size, bold, italic, colour, space before, space after)
PARA_STYLES = {
    "body": ("Normal", None),
    "small": ("Briefing Small", (8, False, False, m.INK, 0, 2)),
    "note": ("Briefing Note", (8, False, True, m.GREY, 2, 6)),
    "empty": ("Briefing Empty", (BODY_SIZE, False, True, m.GREY, 4, 10)),
    "annex_title": ("Annex Title", (10, True, False, m.NAVY, 10, 2)),
    "annex_meta": ("Annex Meta", (8, False, False, m.GREY, 0, 4)),
}
HEADINGS = {1: (15, m.NAVY, 4, 10), 2: (11.5, m.NAVY, 12, 6), 3: (BODY_SIZE, m.INK, 8, 4)}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _set_fonts(rpr, language: str | None = None) -> None:
    """The DejaVu family by name for every script (no theme font), and the proofing language."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), m.FONT_FAMILY)
    if language:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), language)


def _shade(element, fill: str) -> None:
    """A cell's (or a paragraph's) background."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#"))
    element.append(shading)


def _borders(tag: str, **sides: tuple[float, str]) -> OxmlElement:
    """<w:tblBorders> or <w:pBdr>: side -> (width in points, colour)."""
    borders = OxmlElement(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side not in sides:
            continue
        width, colour = sides[side]
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(max(2, round(width * 8))))
        edge.set(qn("w:space"), "1" if tag == "w:pBdr" else "0")
        edge.set(qn("w:color"), colour.lstrip("#"))
        borders.append(edge)
    return borders


def _field_char(paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)  # begin | separate | end
    paragraph.add_run()._r.append(char)


def _field_code(paragraph, instruction: str) -> None:
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)


def _field(paragraph, instruction: str, shown: str = "1") -> None:
    """A field (PAGE, NUMPAGES) whose result Word computes; ``shown`` until it does."""
    _field_char(paragraph, "begin")
    _field_code(paragraph, instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


class _Writer:
    def __init__(self, doc: m.Document):
        self.model = doc
        self.doc = new_document()
        self._ = Translator(doc.lang)
        self._style_ids: dict[str, str] = {}
        self._styles()
        self._page()

    # --- set-up
    def _styles(self) -> None:
        styles = self.doc.styles
        language = self.model.language_tag
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr, language)
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_SIZE)
        normal.font.color.rgb = _rgb(m.INK)
        _set_fonts(normal.element.get_or_add_rPr(), language)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = Pt(13.2)
        for level, (size, colour, before, after) in HEADINGS.items():
            style = styles[f"Heading {level}"]
            style.font.size, style.font.bold, style.font.italic = Pt(size), True, False
            style.font.color.rgb = _rgb(colour)
            _set_fonts(style.element.get_or_add_rPr(), language)
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(before), Pt(after), True
            fmt.line_spacing = 1.0
            fmt.page_break_before = level == 1  # each section begins a page, as in the PDF
        for _key, (name, spec) in PARA_STYLES.items():
            if spec is None:
                continue
            size, bold, italic, colour, before, after = spec
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
            style.font.color.rgb = _rgb(colour)
            style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
            style.paragraph_format.line_spacing = 1.0
        cell = styles.add_style("Table Cell", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(CELL_SIZE)
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.line_spacing = 1.0
        empty = styles["Briefing Empty"]
        _shade(empty.element.get_or_add_pPr(), m.ZEBRA)
        empty.paragraph_format.left_indent = Pt(8)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(24), Mm(20)
        section.header_distance, section.footer_distance = Mm(10), Mm(9)
        section.different_first_page_header_footer = True  # the cover has none
        width = section.page_width - section.left_margin - section.right_margin

        header = section.header.paragraphs[0]
        header.style = self.doc.styles["Normal"]  # not "Header": its own tab stops would come first
        header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        self._run(header, m.Run("SEGIB", bold=True, colour=m.NAVY, size=9))
        self._run(header, m.Run(f"  {self.model.org}", colour=m.GREY, size=7.5))
        self._run(header, m.Run(f"\t{self.model.short_title}", colour=m.GREY, size=7.5))
        header._p.get_or_add_pPr().append(_borders("w:pBdr", bottom=(0.8, m.NAVY)))

        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles["Normal"]
        footer.paragraph_format.tab_stops.add_tab_stop(width // 2, WD_TAB_ALIGNMENT.CENTER)
        footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        footer._p.get_or_add_pPr().append(_borders("w:pBdr", top=(0.5, m.RULE)))
        self._run(footer, m.Run(self.model.date_text, colour=m.GREY, size=7.5))
        self._run(footer, m.Run(f"\t{self.model.classification}", colour=m.GREY, size=7.5))
        self._run(footer, m.Run("\t", size=7.5))
        before, rest = self.model.page_text.split("{page}", 1)
        middle, after = rest.split("{pages}", 1)
        for piece, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
            if piece:
                self._run(footer, m.Run(piece, size=7.5))
            if field:
                _field(footer, field)
        for run in footer.runs:
            run.font.size = Pt(7.5)

    # --- text
    def _run(self, paragraph, run: m.Run):
        if run.br:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        pieces = run.text.split("\n")
        out = None
        for i, piece in enumerate(pieces):
            out = paragraph.add_run(piece)
            if i < len(pieces) - 1:
                out.add_break(WD_BREAK.LINE)
            if run.bold:
                out.bold = True
            if run.italic:
                out.italic = True
            if run.colour:
                out.font.color.rgb = _rgb(run.colour)
            if run.size:
                out.font.size = Pt(run.size)
        return out

    def _text(self, paragraph, text: m.Text | str) -> None:
        if isinstance(text, str):
            self._run(paragraph, m.Run(text))
        else:
            for run in text:
                self._run(paragraph, run)

    def para(self, text: m.Text | str, style: str = "body", container=None):
        paragraph = (container or self.doc).add_paragraph()
        self._style(paragraph, PARA_STYLES[style][0])
        self._text(paragraph, text)
        return paragraph

    def _style(self, paragraph, name: str) -> None:
        """Sets a paragraph's style by its id (python-docx's ``paragraph.style = …`` scans every style)."""
        ids = self._style_ids
        if name not in ids:
            ids[name] = self.doc.styles[name].style_id
        paragraph._p.style = ids[name]

    # --- blocks
    def cover(self, c: m.Cover) -> None:
        def line(value: str, size: float, colour: str, bold=False, italic=False, before=0, after=0):
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(before), Pt(after)
            paragraph.paragraph_format.line_spacing = 1.15
            self._run(paragraph, m.Run(value, bold=bold, italic=italic, colour=colour, size=size))
            return paragraph

        line(c.org, 11, m.NAVY, bold=True, after=62)
        line(c.kind_line, 12, m.ACCENT, bold=True, after=14)
        line(c.title, 24, m.NAVY, bold=True, after=10)
        if c.subtitle:
            line(c.subtitle, 13, m.INK, after=10)
        if c.theme:
            line(c.theme, 11.5, m.GREY, italic=True, after=10)
        line("", 9, m.INK, after=120)
        table = self._new_table((45 * m.MM, m.TEXT_WIDTH - 45 * m.MM))
        table._tbl.tblPr.append(_borders("w:tblBorders", top=(0.8, m.NAVY), bottom=(0.8, m.NAVY)))
        for label, value in c.facts:
            cells = table.add_row().cells
            self._cell(cells[0], (m.Run(label, bold=True, colour=m.NAVY, size=8.5),), Mm(45))
            self._cell(cells[1], (m.Run(value, size=9),), Mm(125))
        stamp = line(c.classification, 8.5, m.NAVY, bold=True, before=22, after=0)
        stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        stamp._p.get_or_add_pPr().append(_borders("w:pBdr", top=(1, m.ACCENT), bottom=(1, m.ACCENT),
                                                  left=(1, m.ACCENT), right=(1, m.ACCENT)))
        stamp.runs[-1].add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        title = self.doc.add_paragraph(style="TOC Heading" if "TOC Heading" in self.doc.styles else None)
        self._run(title, m.Run(self.model.contents_title, bold=True, colour=m.NAVY, size=15))
        # The same headings as the PDF's contents (its marks come from every heading laid out, those inside a
        # Together too): "x.1 Figures by status" is kept on one page with its figures, and is no less an entry.
        entries = [b for b in m.headings(self.model.blocks) if b.in_contents and b.level <= 2]
        # One field over several paragraphs: its result, until Word updates it, is the headings' titles.
        first = self.doc.add_paragraph()
        _field_char(first, "begin")
        _field_code(first, 'TOC \\o "1-2" \\h \\z \\u')
        _field_char(first, "separate")
        self._run(first, m.Run(self._(UPDATE_CONTENTS), italic=True, colour=m.GREY, size=8))
        last = first
        for heading in entries:
            last = self.doc.add_paragraph()
            last.paragraph_format.left_indent = Pt(14 * (heading.level - 1))
            last.paragraph_format.space_before = Pt(8 if heading.level == 1 else 2)
            self._run(last, m.Run(heading.title, bold=heading.level == 1,
                                  colour=m.NAVY if heading.level == 1 else m.INK, size=10.5 if heading.level == 1 else 9))
        _field_char(last, "end")

    def _cell(self, cell, text: m.Text | str, width=None, *, align: str = "LEFT", fill: str = "") -> None:
        paragraph = cell.paragraphs[0]
        self._style(paragraph, "Table Cell")
        if align == "RIGHT":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._text(paragraph, text)
        if width is not None:
            cell.width = width
        if fill:
            _shade(cell._tc.get_or_add_tcPr(), fill)

    def _new_table(self, widths):
        """A table of fixed column widths (points): Word and LibreOffice read them from the grid."""
        table = self.doc.add_table(rows=0, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
        margins = OxmlElement("w:tblCellMar")  # 3 points around a cell's text, as in the PDF
        for side in ("top", "left", "bottom", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(3 * 20))
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        table._tbl.tblPr.append(margins)
        return table

    def table(self, header, rows, widths, align, *, head: bool = True, zebra: bool = True) -> None:
        table = self._new_table(widths)
        table._tbl.tblPr.append(_borders("w:tblBorders", bottom=(0.4, m.RULE), insideH=(0.4, m.RULE)))
        sizes = [Pt(w) for w in widths]
        if head:
            cells = table.add_row()
            tr_pr = cells._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
            for cell, title, width, a in zip(cells.cells, header, sizes, align, strict=True):
                self._cell(cell, (m.Run(title, bold=True, colour="#FFFFFF"),), width, align=a, fill=m.NAVY)
        for i, row in enumerate(rows):
            cells = table.add_row().cells
            fill = m.ZEBRA if zebra and i % 2 == 1 else ""
            for cell, value, width, a in zip(cells, row, sizes, align, strict=True):
                self._cell(cell, value, width, align=a, fill=fill)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def facts(self, rows) -> None:
        table = self._new_table((52 * m.MM, m.TEXT_WIDTH - 52 * m.MM))
        table._tbl.tblPr.append(_borders("w:tblBorders", top=(0.8, m.NAVY), bottom=(0.4, m.RULE),
                                         insideH=(0.4, m.RULE)))
        for label, value in rows:
            cells = table.add_row().cells
            self._cell(cells[0], (m.Run(label, bold=True, colour=m.NAVY, size=8.5),), Pt(52 * m.MM), fill=m.FILL)
            self._cell(cells[1], tuple(r._replace(size=r.size or 9) for r in value), Pt(m.TEXT_WIDTH - 52 * m.MM))
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def block(self, b, keep: bool = False) -> None:
        if isinstance(b, m.Heading):
            paragraph = self.doc.add_paragraph()
            self._style(paragraph, f"Heading {b.level}")
            self._run(paragraph, m.Run(b.title))
        elif isinstance(b, m.Para):
            paragraph = self.para(b.text, b.style)
            if keep or b.style == "annex_title":
                paragraph.paragraph_format.keep_with_next = True
        elif isinstance(b, m.Table):
            self.table(b.header, b.rows, b.widths, b.align)
        elif isinstance(b, m.Figures):
            self.table(b.header, b.rows, b.widths, ("LEFT",) + ("RIGHT",) * (len(b.header) - 1), zebra=False)
        elif isinstance(b, m.Facts):
            self.facts(b.rows)
        elif isinstance(b, m.Together):
            for inner in b.blocks:
                self.block(inner, keep=True)
        elif isinstance(b, m.Space):
            spacer = self.doc.add_paragraph()
            spacer.paragraph_format.space_after = Pt(b.height)
            spacer.paragraph_format.line_spacing = Pt(1)
        elif isinstance(b, m.KeepRoom):
            pass  # Word keeps the annex title with its text (keep_with_next)
        else:
            raise TypeError(f"no Word layout for {type(b).__name__}")

    def build(self, target, creator: str) -> None:
        props = self.doc.core_properties
        props.title, props.subject, props.author = self.model.title, self.model.subject, self.model.author
        props.keywords, props.language, props.comments = self.model.keywords, self.model.language_tag, creator
        props.last_modified_by = self.model.author
        # The default template's empty first paragraph goes: the cover begins the document.
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        self.cover(self.model.cover)
        self.contents()
        for b in self.model.blocks:
            self.block(b)
        self.doc.save(target)


def render(doc: m.Document, target, *, creator: str) -> None:
    """Writes ``doc`` as a .docx into ``target`` (a path or a binary file)."""
    # Zipped in memory, then written: python-docx does not close its zip file when a write into the file
    # fails (a full disk), and the zip file's __del__ then printed a traceback after the error was said.
    packed = io.BytesIO()
    _Writer(doc).build(packed, creator)
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(packed.getbuffer())
    else:
        target.write(packed.getbuffer())
