"""The printed page: fonts, styles, user text made safe, long tables, charts and the document.

Everything here is reportlab and knows nothing of the database. The document is
laid out in ONE pass: the canvas keeps every page until the end and then draws
what needs the whole document (header, footer with "Página X de Y", the
contents page with page numbers, the bookmarks). multiBuild would lay out
everything twice for the same result.

Kept whole: the one-pass layout above needs the canvas, the document, the contents page and
the flowables to agree on one set of styles and page decorations; they change together.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import PageBreakIfNotEmpty
from reportlab.platypus.paragraph import cleanBlockQuotedText

from segib_desktop import paths
from segib_desktop.core.briefings import fit
from segib_desktop.core.briefings import model as m
from segib_desktop.core.briefings.model import clean, shorten  # noqa: F401 (shorten: part of this module's API)

FONT = "DejaVuSans"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
BOLD = f"{FONT}-Bold"
ITALIC = f"{FONT}-Oblique"

# The house colours: a sober navy, a muted accent, greys for rules and fills.
NAVY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#B5462E")
INK = colors.HexColor("#222222")
GREY = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C9D3DF")
FILL = colors.HexColor("#EEF2F7")
ZEBRA = colors.HexColor("#F7F9FB")
WARNING = colors.HexColor("#A61B1B")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Registers the bundled DejaVu family once (regular, bold, italic, bold italic)."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = paths.resources_dir() / "fonts"
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=f"{FONT}-BoldOblique")
        _fonts_ready = True


# --- user text -------------------------------------------------------------------------------------------

def esc(text: object) -> str:
    """User text for a Paragraph: markup characters print as typed and line breaks are kept."""
    return escape(clean(text), {'"': "&quot;"}).replace("\n", "<br/>")


# --- styles ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    empty: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    annex_title: ParagraphStyle
    annex_meta: ParagraphStyle
    cover_org: ParagraphStyle
    cover_kind: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_theme: ParagraphStyle
    cover_meta: ParagraphStyle
    contents_title: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.2, textColor=INK, spaceAfter=4)
    small = ParagraphStyle("small", base, fontSize=8, leading=10.4, spaceAfter=2)
    cell = ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0)
    return Styles(
        body=base,
        small=small,
        note=ParagraphStyle("note", small, textColor=GREY, fontName=ITALIC, spaceBefore=2, spaceAfter=6),
        empty=ParagraphStyle("empty", base, fontName=ITALIC, textColor=GREY, leftIndent=8, borderPadding=(4, 6, 4, 6),
                             backColor=ZEBRA, spaceBefore=4, spaceAfter=10),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", cell, fontName=BOLD, textColor=colors.white),
        cell_head_right=ParagraphStyle("cell_head_right", cell, fontName=BOLD, textColor=colors.white,
                                       alignment=TA_RIGHT),
        cell_right=ParagraphStyle("cell_right", cell, alignment=TA_RIGHT),
        # No keepWithNext: reportlab would push a heading and a long table after it to the next page as a
        # block, leaving a blank page end. A CondPageBreak before each heading keeps it off a page's foot.
        h1=ParagraphStyle("h1", base, fontName=BOLD, fontSize=15, leading=19, textColor=NAVY, spaceBefore=4,
                          spaceAfter=10),
        h2=ParagraphStyle("h2", base, fontName=BOLD, fontSize=11.5, leading=15, textColor=NAVY, spaceBefore=12,
                          spaceAfter=6),
        h3=ParagraphStyle("h3", base, fontName=BOLD, fontSize=9.5, leading=13, textColor=INK, spaceBefore=8,
                          spaceAfter=4),
        label=ParagraphStyle("label", cell, fontName=BOLD, fontSize=8.5, leading=11, textColor=NAVY),
        value=ParagraphStyle("value", cell, fontSize=9, leading=12),
        annex_title=ParagraphStyle("annex_title", base, fontName=BOLD, fontSize=10, leading=13.5, textColor=NAVY,
                                   spaceBefore=10, spaceAfter=2),
        annex_meta=ParagraphStyle("annex_meta", small, textColor=GREY, spaceAfter=4),
        cover_org=ParagraphStyle("cover_org", base, fontName=BOLD, fontSize=11, leading=14, textColor=NAVY),
        cover_kind=ParagraphStyle("cover_kind", base, fontName=BOLD, fontSize=12, leading=16, textColor=ACCENT,
                                  spaceAfter=14),
        cover_title=ParagraphStyle("cover_title", base, fontName=BOLD, fontSize=24, leading=30, textColor=NAVY,
                                   spaceAfter=10),
        cover_subtitle=ParagraphStyle("cover_subtitle", base, fontSize=13, leading=18, textColor=INK, spaceAfter=10),
        cover_theme=ParagraphStyle("cover_theme", base, fontName=ITALIC, fontSize=11.5, leading=16, textColor=GREY,
                                   spaceAfter=10),
        cover_meta=ParagraphStyle("cover_meta", base, fontSize=9, leading=13, textColor=GREY),
        contents_title=ParagraphStyle("contents_title", base, fontName=BOLD, fontSize=15, leading=19,
                                      textColor=NAVY),
    )


# Each style's parsed texts: text -> (text as reportlab keeps it, the style the parser gave if it is
# another one, fragments, bullet); under None, the fragment of a plain text in that style (parsed from
# _PLAIN). The values never hold their key (the style): the cache goes with the style.
_PLAIN = "x"
_parsed: weakref.WeakKeyDictionary[ParagraphStyle, dict[str, tuple]] = weakref.WeakKeyDictionary()


class Paragraph(_Paragraph):
    """reportlab's Paragraph, parsing each text once per style and breaking its lines once per width.

    A briefing repeats the same cells hundreds of times (a status, an area, a contact's name):
    half of a summit briefing's 9,000 paragraphs are repeats, and reportlab's markup parser is
    a fifth of its time. A repeat gets copies of the fragments the first one was parsed into.
    A table cell is also wrapped when LongTable measures its row, then again, at the same width,
    by the reportlab Table that draws it: its lines depend on the width alone (the available
    height only decides a split), so they are kept for the width they were broken at.
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs):
        if frags is not None or style is None or bulletText is not None or kwargs or not isinstance(text, str):
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        parsed = _parsed.setdefault(style, {})
        known = parsed.get(text)
        kept = None if known or "<" in text or "&" in text or getattr(style, "bulletText", None) or style.textTransform \
            else cleanBlockQuotedText(text)
        if kept:
            # Plain text (no markup, no entity, not blank): the one fragment the parser would make,
            # from the style's own plain fragment, without running the markup parser at all.
            plain = parsed.get(None)
            if plain is None:
                plain = parsed[None] = _Paragraph(_PLAIN, style).frags[0]
            fragment = plain.clone()
            fragment.text = kept
            known = parsed[text] = (kept, None, [fragment], None)
        if known is None and ("<" in text or "&" in text) and not style.textTransform \
                and not getattr(style, "bulletText", None):
            known = _from_skeleton(parsed, text, style)
        if known is None:
            super().__init__(text, style)
            parsed[text] = (self.text, None if self.style is style else self.style, self.frags, self.bulletText)
            return
        kept_text, kept_style, kept_frags, bullet = known
        super().__init__(kept_text, kept_style or style, bullet, frags=[f.clone() for f in kept_frags])

    def wrap(self, availWidth, availHeight):
        if getattr(self, "_wrapped_at", None) == availWidth and hasattr(self, "blPara"):  # split() drops it
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


def _from_skeleton(parsed: dict[str, tuple], text: str, style: ParagraphStyle) -> tuple | None:
    """A marked-up text's parse, from the parse of its skeleton: the same tags and entities with each stretch
    of plain text between them replaced by a placeholder, parsed once per style, its fragments then given
    the stretches' texts.

    The cells of one column differ in their words, seldom in their tags (a bold date, a line break, a
    coloured deadline): the markup parser, which took two thirds of the time spent making the paragraphs,
    then runs once per shape. As reportlab does, the text is first cleaned (whitespace folded); reportlab's
    parser makes one fragment of each stretch of text between two tags or entities, and keeps the entities
    (each its own fragment) in the skeleton. None when the skeleton's parse is not one fragment per stretch
    in the given style, or for a bare "&": reportlab then parses the text itself.
    """
    cleaned = cleanBlockQuotedText(text)
    pieces = _TAGS.split(cleaned)  # text, tag or entity, text, ..., text
    stretches = pieces[0::2]
    if len(stretches) > _MAX_STRETCHES or any("&" in s for s in stretches):
        return None
    holders = [chr(_PLACEHOLDER + i) if s else "" for i, s in enumerate(stretches)]
    pieces[0::2] = holders
    skeleton = "".join(pieces)
    shape = parsed.get(skeleton)
    if shape is None:
        shape = _Paragraph(skeleton, style)
        shape = parsed[skeleton] = (shape.text, None if shape.style is style else shape.style, shape.frags,
                                    shape.bulletText)
    if shape[0] != skeleton or shape[1] is not None or shape[3]:
        return None
    values = {h: s for h, s in zip(holders, stretches, strict=True) if h}
    frags = []
    for frag in shape[2]:
        value = values.pop(frag.text, None)
        if value is None:  # a line break's empty fragment or an entity's character, as the text has it
            if any(_PLACEHOLDER <= ord(c) < _PLACEHOLDER + len(holders) for c in frag.text):
                return None
            value = frag.text
        frags.append(frag.clone(text=value))
    if values:
        return None
    known = parsed[text] = (cleaned, None, frags, None)
    return known


# Markup tags and character entities; each stretch of text between them gets a placeholder from a private
# use plane, where no text of the program has characters.
_TAGS = re.compile(r"(<[^>]*>|&(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)")
_PLACEHOLDER = 0xF0000
_MAX_STRETCHES = 0xFFFD


# --- headings that register themselves in the contents and the bookmarks ---------------------------------

class Heading(Paragraph):
    """A section heading: on the page where it lands, it leaves a mark for the contents and the outline.

    It never sits at the foot of a page: with less than ``reserve`` points below
    it, it moves to the next page (with what follows).
    """

    def __init__(self, text: str, style: ParagraphStyle, *, level: int, key: str, outline: str,
                 in_contents: bool = True, reserve: float = 0):
        super().__init__(text, style)
        self.level, self.key, self.outline, self.in_contents = level, key, clean(outline), in_contents
        self.reserve = reserve

    def wrap(self, availWidth, availHeight):
        width, height = super().wrap(availWidth, availHeight)
        if height + self.reserve > availHeight:
            return width, availHeight + 1  # does not fit here: the frame moves it on
        return width, height

    def split(self, availWidth, availHeight):
        return []  # a heading never splits

    def draw(self):
        canv = self.canv
        _x, y = canv.absolutePosition(0, self.height)
        marks = getattr(canv, "marks", None)
        if marks is not None:
            marks.append(Mark(self.level, self.key, self.outline, y, self.in_contents))
        super().draw()


@dataclass
class Mark:
    level: int
    key: str
    title: str
    top: float
    in_contents: bool = True
    page: int = 0


class ContentsPage(Flowable):
    """Reserves the page on which the canvas later writes the contents."""

    def wrap(self, availWidth, availHeight):
        return availWidth, 0

    def draw(self):
        self.canv.is_contents = True


def table_style(*commands) -> TableStyle:
    """A TableStyle on the bundled font: reportlab's cells default to Helvetica (not embedded) even when
    they hold only Paragraphs, so every table names the font first."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8, 10), *commands])


# --- long tables -----------------------------------------------------------------------------------------

PAD = 3


class LongTable(Flowable):
    """A table of any length: each page gets a reportlab Table of the rows that fit, under the header.

    Row heights are measured once, so laying out N rows costs O(N) instead of the
    O(N x pages) of one big Table; there is no header repeated in mid-page as
    with fixed chunks; a row taller than a page is split inside (splitInRow).
    """

    def __init__(self, header: Sequence, rows: Sequence[Sequence], widths: Sequence[float], *,
                 styles: Styles, align: Sequence[str] | None = None, zebra: bool = True, head: bool = True):
        super().__init__()
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.styles = styles
        self.align = list(align or ["LEFT"] * len(self.widths))
        self.zebra, self.head = zebra, head
        self._heights: list[float] | None = None
        self._head_height = 0.0
        self._first = 0  # index of the first row, for zebra continuity after a split
        self._continued = False  # follows a row split inside: no header unless at the top of a page
        self._show_head = head

    # cells are Paragraphs (wrapped text) or short strings (one line)
    def _cell_height(self, value, width: float) -> float:
        if isinstance(value, Flowable):
            return value.wrap(width - 2 * PAD, 10 ** 6)[1]
        return 10.0

    def _measure(self) -> None:
        if self._heights is not None:
            return
        self._heights = [max(self._cell_height(v, w) for v, w in zip(row, self.widths, strict=True)) + 2 * PAD
                         for row in self.rows]
        if self.head:
            self._head_height = max(self._cell_height(v, w) for v, w in zip(self.header, self.widths, strict=True)) \
                + 2 * PAD

    def _head_room(self) -> float:
        return self._head_height if self._show_head else 0.0

    def wrap(self, availWidth, availHeight):
        self._measure()
        frame = getattr(self, "_frame", None)
        at_top = frame is None or bool(getattr(frame, "_atTop", 1))
        self._show_head = self.head and (not self._continued or at_top)
        self.width = sum(self.widths)
        self.height = self._head_room() + sum(self._heights)
        return self.width, self.height

    def _table(self, rows: list[list], heights: list[float] | None, first: int) -> Table:
        head = self._show_head
        data = ([self.header] if head else []) + rows
        row_heights = None if heights is None else ([self._head_height] if head else []) + heights
        table = Table(data, colWidths=self.widths, rowHeights=row_heights, repeatRows=1 if head else 0,
                      splitInRow=1, hAlign="LEFT")
        offset = 1 if head else 0
        commands = [
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
            ("LINEBELOW", (0, offset), (-1, -1), 0.4, RULE),
        ]
        for col, align in enumerate(self.align):
            if align != "LEFT":
                commands.append(("ALIGN", (col, 0), (col, -1), align))
        if head:
            commands += [("BACKGROUND", (0, 0), (-1, 0), NAVY), ("FONT", (0, 0), (-1, 0), BOLD, 8, 10),
                         ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
        for i in range(len(rows)):
            if self.zebra and (first + i) % 2 == 1:
                commands.append(("BACKGROUND", (0, i + offset), (-1, i + offset), ZEBRA))
        table.setStyle(table_style(*commands))
        return table

    def _rest(self, start: int) -> LongTable:
        rest = LongTable(self.header, self.rows[start:], self.widths, styles=self.styles, align=self.align,
                         zebra=self.zebra, head=self.head)
        rest._heights = self._heights[start:]
        rest._head_height = self._head_height
        rest._first = self._first + start
        return rest

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        room = availHeight - self._head_room()
        used, count = 0.0, 0
        for h in self._heights:
            if used + h > room:
                break
            used += h
            count += 1
        if count == len(self.rows):
            return [self]
        if count == 0:
            # Not even one row fits: split that row inside if there is real room, else go to the next page.
            if room < 40:
                return []
            table = self._table(self.rows[:1], None, self._first)
            table.wrap(availWidth, availHeight)
            parts = table.split(availWidth, availHeight)
            if not parts:
                return []
            if len(self.rows) == 1:
                return parts
            rest = self._rest(1)
            rest._continued = True
            return [*parts, rest]
        page = self._table(self.rows[:count], self._heights[:count], self._first)
        return [page, self._rest(count)]

    def draw(self):
        table = self._table(self.rows, self._heights, self._first)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


# --- charts ----------------------------------------------------------------------------------------------

def bar_chart(items: Sequence[tuple[str, int, colors.Color]], width: float, *, value_text: Callable[[int], str]
              ) -> Drawing:
    """Horizontal bars, one per (label, value, colour), with the value at the end of each bar."""
    register_fonts()
    bar, gap = 11.0, 6.0
    label_width = min(width * 0.42, max((pdfmetrics.stringWidth(label, FONT, 8) for label, _v, _c in items),
                                        default=0) + 8)
    value_room = 44.0
    height = len(items) * (bar + gap) + gap + 12
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # the renderer's starting font; Helvetica (not embedded) otherwise
    top = max((v for _l, v, _c in items), default=0) or 1
    plot = width - label_width - value_room
    # a light grid of quarters
    for q in range(5):
        x = label_width + plot * q / 4
        drawing.add(Line(x, 10, x, height - 2, strokeColor=RULE, strokeWidth=0.4))
    drawing.add(Line(label_width, 10, label_width, height - 2, strokeColor=GREY, strokeWidth=0.6))
    y = height - gap - bar
    for label, value, colour in items:
        drawing.add(String(label_width - 6, y + 3, label, fontName=FONT, fontSize=8, fillColor=INK,
                           textAnchor="end"))
        length = plot * value / top
        if value:
            drawing.add(Rect(label_width, y, max(length, 1.2), bar, fillColor=colour, strokeColor=None))
        drawing.add(String(label_width + length + 4, y + 3, value_text(value), fontName=BOLD, fontSize=8,
                           fillColor=INK))
        y -= bar + gap
    return drawing


# --- the document ----------------------------------------------------------------------------------------

@dataclass
class PageDecor:
    """What every page shows, already in the briefing's language."""

    org: str  # "Secretaría General Iberoamericana"
    short_title: str  # header, right
    date_text: str  # footer, left
    page_text: str  # "Página {page} de {pages}"
    classification: str
    contents_title: str
    contents_page_word: str  # column header over the page numbers
    marks: list[Mark] = field(default_factory=list)
    pages: int = 0  # known once the document is saved


class BriefingCanvas(Canvas):
    """Keeps the pages until save(), then adds what needs the whole document."""

    def __init__(self, *args, decor: PageDecor, **kwargs):
        super().__init__(*args, **kwargs)
        self.decor = decor
        self.pages: list[dict] = []
        self.marks: list[Mark] = []
        self.is_contents = False
        self.template = "body"

    def showPage(self):
        self.pages.append(dict(self.__dict__))
        self.marks = []
        self.is_contents = False
        self._startPage()

    def save(self):
        total = len(self.pages)
        marks = []
        for number, state in enumerate(self.pages, 1):
            for mark in state["marks"]:
                mark.page = number
                marks.append(mark)
        self.decor.marks = marks
        self.decor.pages = total
        for number, state in enumerate(self.pages, 1):
            self.__dict__.update(state)
            for mark in self.marks:
                self.bookmarkPage(mark.key, fit="XYZ", left=0, top=mark.top + 6, zoom=0)
                self.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=mark.level > 0)
            if self.is_contents:
                self._draw_contents(marks)
            if self.template == "cover":
                self._draw_cover_frame()
            else:
                self._draw_header_footer(number, total)
            Canvas.showPage(self)
        if marks:
            self.showOutline()
        Canvas.save(self)

    def _draw_header_footer(self, number: int, total: int) -> None:
        d = self.decor
        self.saveState()
        top = PAGE_HEIGHT - 13 * mm
        self.setFillColor(NAVY)
        self.setFont(BOLD, 9)
        self.drawString(MARGIN_X, top, "SEGIB")
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY)
        self.drawString(MARGIN_X + pdfmetrics.stringWidth("SEGIB", BOLD, 9) + 5, top, d.org)
        title = d.short_title
        room = TEXT_WIDTH * 0.55
        while title and pdfmetrics.stringWidth(title, FONT, 7.5) > room:
            title = title[:-2].rstrip() + "…" if len(title) > 2 else ""
        self.drawRightString(PAGE_WIDTH - MARGIN_X, top, title)
        self.setStrokeColor(NAVY)
        self.setLineWidth(0.8)
        self.line(MARGIN_X, top - 4, PAGE_WIDTH - MARGIN_X, top - 4)

        bottom = 11 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, bottom + 9, PAGE_WIDTH - MARGIN_X, bottom + 9)
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY)
        self.drawString(MARGIN_X, bottom, d.date_text)
        self.drawCentredString(PAGE_WIDTH / 2, bottom, d.classification)
        self.setFillColor(INK)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, d.page_text.format(page=number, pages=total))
        self.restoreState()

    def _draw_cover_frame(self) -> None:
        self.saveState()
        self.setFillColor(NAVY)
        self.rect(0, PAGE_HEIGHT - 16 * mm, PAGE_WIDTH, 16 * mm, stroke=0, fill=1)
        self.setFillColor(ACCENT)
        self.rect(0, PAGE_HEIGHT - 17.6 * mm, PAGE_WIDTH, 1.6 * mm, stroke=0, fill=1)
        self.setFillColor(colors.white)
        self.setFont(BOLD, 13)
        self.drawString(MARGIN_X, PAGE_HEIGHT - 10.5 * mm, "SEGIB")
        self.setFont(FONT, 9)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 10 * mm, self.decor.org)
        self.setFillColor(NAVY)
        self.rect(0, 0, PAGE_WIDTH, 6 * mm, stroke=0, fill=1)
        self.restoreState()

    def _draw_contents(self, marks: list[Mark]) -> None:
        d = self.decor
        entries = [m for m in marks if m.in_contents]
        top = PAGE_HEIGHT - MARGIN_TOP - 4
        bottom = MARGIN_BOTTOM + 6
        # Deeper levels go first if the page is too short for every entry.
        for depth in (2, 1, 0):
            shown = [m for m in entries if m.level <= depth]
            height = sum(22 if m.level == 0 else 14 for m in shown)
            if height <= top - bottom - 40:
                break
        self.saveState()
        self.setFillColor(NAVY)
        self.setFont(BOLD, 15)
        self.drawString(MARGIN_X, top - 15, d.contents_title)
        self.setStrokeColor(NAVY)
        self.setLineWidth(0.8)
        self.line(MARGIN_X, top - 22, PAGE_WIDTH - MARGIN_X, top - 22)
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, top - 15, d.contents_page_word)
        y = top - 30
        right = PAGE_WIDTH - MARGIN_X
        for mark in shown:
            size, font, indent = (10.5, BOLD, 0) if mark.level == 0 else (9, FONT, 14 * mark.level)
            y -= 22 if mark.level == 0 else 14
            x = MARGIN_X + indent
            page = str(mark.page)
            room = right - x - pdfmetrics.stringWidth(page, font, size) - 24
            title = mark.title
            while title and pdfmetrics.stringWidth(title, font, size) > room:
                title = title[:-2].rstrip() + "…" if len(title) > 2 else ""
            self.setFont(font, size)
            self.setFillColor(NAVY if mark.level == 0 else INK)
            self.drawString(x, y, title)
            self.drawRightString(right, y, page)
            # dotted leader between the title and the page number
            start = x + pdfmetrics.stringWidth(title, font, size) + 6
            end = right - pdfmetrics.stringWidth(page, font, size) - 6
            if end > start:
                self.setStrokeColor(RULE)
                self.setLineWidth(0.7)
                self.setDash(0.8, 2.4)
                self.line(start, y + 1.5, end, y + 1.5)
                self.setDash()
            self.linkRect("", mark.key, (x, y - 3, right, y + size), relative=0, thickness=0)
        self.restoreState()


class BriefingDoc(BaseDocTemplate):
    def __init__(self, target, *, decor: PageDecor, title: str, author: str, subject: str, lang: str,
                 keywords: str, creator: str, on_flowable: Callable[[int, int], None] | None = None):
        register_fonts()
        super().__init__(target, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                         bottomMargin=MARGIN_BOTTOM, title=clean(title), author=clean(author),
                         subject=clean(subject), keywords=clean(keywords), creator=creator, lang=lang,
                         initialFontName=FONT, initialFontSize=9.5, initialLeading=13)
        self.decor = decor
        self.on_flowable = on_flowable
        # The cover: title block from the top, dates and classification at the foot.
        foot_height = 62 * mm
        cover = Frame(MARGIN_X, 24 * mm + foot_height, TEXT_WIDTH, PAGE_HEIGHT - 24 * mm - foot_height - 42 * mm,
                      id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover_foot = Frame(MARGIN_X, 24 * mm, TEXT_WIDTH, foot_height, id="cover_foot", leftPadding=0,
                           rightPadding=0, topPadding=0, bottomPadding=0)
        body = Frame(MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover, cover_foot], onPage=lambda canv, doc: setattr(canv, "template", "cover")),
            PageTemplate("body", [body], onPage=lambda canv, doc: setattr(canv, "template", "body")),
        ])
        if on_flowable is not None:
            self.setProgressCallBack(self._progress)
        self._size = 0

    def _progress(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self._size = value
        elif kind == "PROGRESS" and self._size:
            self.on_flowable(value, self._size)

    def build_story(self, story: list) -> None:
        self.build(story, canvasmaker=lambda *a, **k: BriefingCanvas(*a, decor=self.decor, **k))


def cover_break() -> list:
    """After the cover: the contents page, then the body pages."""
    return [NextPageTemplate("body"), PageBreak(), ContentsPage(), PageBreak()]


def key_values(rows: Sequence[tuple[str, str]], styles: Styles, label_width: float = 52 * mm) -> Table:
    """A two-column fact sheet: label (bold, navy) and value (already escaped markup)."""
    data = [[Paragraph(esc(label), styles.label), Paragraph(value, styles.value)] for label, value in rows]
    table = Table(data, colWidths=[label_width, TEXT_WIDTH - label_width], hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style(
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (0, -1), FILL),
    ))
    return table



# --- the backend: a model.Document laid out as this PDF ------------------------------------------------

RESERVE = {1: 50 * mm, 2: 32 * mm, 3: 24 * mm}  # room a heading needs below it, by level


def _escaped(text: str) -> str:
    """A run's text (already clean: the model cleans every text it is given) as Paragraph text."""
    return escape(text, _QUOTE).replace("\n", "<br/>")


_QUOTE = {'"': "&quot;"}


def markup(text: m.Text) -> str:
    """Runs as Paragraph markup (user text escaped)."""
    if len(text) == 1:
        run = text[0]
        if not (run.bold or run.italic or run.colour or run.size or run.br):
            return _escaped(run.text)
    parts = []
    for run in text:
        value = _escaped(run.text)
        if run.bold:
            value = f"<b>{value}</b>"
        if run.italic:
            value = f"<i>{value}</i>"
        if run.size or run.colour:
            size = f' size="{run.size:g}"' if run.size else ""
            colour = f' color="{run.colour}"' if run.colour else ""
            value = f"<font{size}{colour}>{value}</font>"
        if run.br:
            parts.append("<br/>")
        parts.append(value)
    return "".join(parts)


class _Layout:
    def __init__(self, styles: Styles):
        self.st = styles
        self.para_styles = {"body": styles.body, "small": styles.small, "note": styles.note, "empty": styles.empty,
                            "annex_title": styles.annex_title, "annex_meta": styles.annex_meta}

    def cell(self, value: m.Cell):
        return value if isinstance(value, str) else Paragraph(markup(value), self.st.cell)

    def code(self, code: str, width: float) -> Paragraph:
        return Paragraph(esc(fit.unbroken(code)), fit.fitting(self.st.cell, code, width - 2 * PAD, whole=True))

    def blocks(self, blocks) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            out += self.block(block)
        return out

    def block(self, b) -> list[Flowable]:
        st = self.st
        if isinstance(b, m.Table):
            widths = list(b.widths)
            if b.codes is not None:
                i = b.codes
                fitted = fit.code_column([row[i] for row in b.rows], st.cell, PAD)
                widths[i + 1] += widths[i] - fitted
                widths[i] = fitted
            # a header never breaks inside a word, nor a code anywhere: their type gets smaller instead
            head = [Paragraph(esc(h), fit.fitting(st.cell_head_right if a == "RIGHT" else st.cell_head, h,
                                                  w - 2 * PAD))
                    for h, a, w in zip(b.header, b.align, widths, strict=True)]
            body = [[self.code(c, widths[j]) if j == b.codes else self.cell(c) for j, c in enumerate(row)]
                    for row in b.rows]
            return [LongTable(head, body, widths, styles=st, align=b.align)]
        if isinstance(b, m.Para):
            return [Paragraph(markup(b.text), self.para_styles[b.style])]
        if isinstance(b, m.Heading):
            style = {1: st.h1, 2: st.h2, 3: st.h3}[b.level]
            heading = Heading(esc(b.title), style, level=b.level - 1, key=b.key, outline=b.title,
                              in_contents=b.in_contents, reserve=RESERVE[b.level])
            return [PageBreakIfNotEmpty(), heading] if b.level == 1 else [heading]
        if isinstance(b, m.Facts):
            return [key_values([(label, markup(value)) for label, value in b.rows], st)]
        if isinstance(b, m.Figures):
            return [self.figures(b)]
        if isinstance(b, m.Together):
            return [KeepTogether(self.blocks(b.blocks))]
        if isinstance(b, m.Space):
            return [Spacer(1, b.height)]
        if isinstance(b, m.KeepRoom):
            return [CondPageBreak(b.height)]
        raise TypeError(f"no PDF layout for {type(b).__name__}")

    def figures(self, b: m.Figures) -> Table:
        st = self.st
        head = [Paragraph(esc(h), st.cell_head if i == 0 else st.cell_head_right) for i, h in enumerate(b.header)]
        table = Table([head, *[[self.cell(c) for c in row] for row in b.rows]], colWidths=b.widths, hAlign="LEFT")
        table.setStyle(table_style(
            ("FONT", (1, -1), (-1, -1), BOLD, 8, 10),
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ))
        width = sum(b.widths)
        chart_width = TEXT_WIDTH - width - 8 * mm
        values = {bar.value: bar.value_text for bar in b.bars}
        chart = bar_chart([(bar.label, bar.value, colors.HexColor(bar.colour)) for bar in b.bars], chart_width,
                          value_text=values.__getitem__)
        both = Table([[table, chart]], colWidths=[width + 8 * mm, chart_width], hAlign="LEFT")
        both.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)))
        return both

    def cover(self, c: m.Cover) -> list[Flowable]:
        st = self.st
        story: list[Flowable] = [
            Paragraph(esc(c.org), st.cover_org),
            Spacer(1, 22 * mm),
            Paragraph(esc(c.kind_line), st.cover_kind),
            Paragraph(esc(c.title), st.cover_title),
        ]
        if c.subtitle:
            story.append(Paragraph(esc(c.subtitle), st.cover_subtitle))
        if c.theme:
            story.append(Paragraph(esc(c.theme), st.cover_theme))
        story.append(FrameBreak())  # what follows sits at the foot of the cover
        rows = [[Paragraph(esc(label), st.label), Paragraph(esc(value), st.value)] for label, value in c.facts]
        meta = Table(rows, colWidths=[45 * mm, TEXT_WIDTH - 45 * mm], hAlign="LEFT")
        meta.setStyle(table_style(("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY), ("LINEBELOW", (0, -1), (-1, -1), 0.8, NAVY),
                                  ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")))
        story.append(meta)
        story.append(Spacer(1, 8 * mm))
        stamp = Table([[Paragraph(esc(c.classification), st.label)]], colWidths=[TEXT_WIDTH], hAlign="LEFT")
        stamp.setStyle(table_style(("BOX", (0, 0), (-1, -1), 1, ACCENT), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)))
        story.append(stamp)
        return story + cover_break()


def render(doc: m.Document, target, *, creator: str, on_flowable: Callable[[int, int], None] | None = None) -> int:
    """Lays ``doc`` out as a PDF into ``target`` (a binary file); returns the number of pages."""
    layout = _Layout(make_styles())
    story = layout.cover(doc.cover) + layout.blocks(doc.blocks)
    decor = PageDecor(org=doc.org, short_title=doc.short_title, date_text=doc.date_text, page_text=doc.page_text,
                      classification=doc.classification, contents_title=doc.contents_title,
                      contents_page_word=doc.contents_page_word)
    BriefingDoc(target, decor=decor, title=doc.title, author=doc.author, subject=doc.subject,
                lang=doc.language_tag, keywords=doc.keywords, creator=creator,
                on_flowable=on_flowable).build_story(story)
    return decor.pages
