"""A briefing as a document, before any file format: headings, paragraphs, tables, notes.

``compose`` builds one ``Document`` from the gathered value; ``pdf`` (reportlab)
and ``word`` (python-docx) each lay the same ``Document`` out, so the sections,
the headings, the table headers and the rows are decided once. Everything here
is immutable, plain Python: no database, no reportlab, no python-docx.

Text is a tuple of ``Run``s (plain text with bold, italic, a colour, a size, a
line break before it); a table cell is a ``Text`` (wrapped) or a ``str`` (one
short line: a date, a number). Sizes are in points; widths in points too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

# A4 and the page's margins, as reportlab counts them (points).
CM = 72.0 / 2.54
MM = CM * 0.1
PAGE_WIDTH = 21 * CM
TEXT_WIDTH = PAGE_WIDTH - 2 * 20 * MM

# The house colours (the PDF and the Word document use the same ones).
NAVY = "#1F3A5F"
ACCENT = "#B5462E"
INK = "#222222"
GREY = "#5F6B7A"
RULE = "#C9D3DF"
FILL = "#EEF2F7"
ZEBRA = "#F7F9FB"
WARNING = "#A61B1B"
FONT_FAMILY = "DejaVu Sans"  # the bundled family's name, as Word knows it


class Run(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False
    colour: str = ""  # "#RRGGBB", or the paragraph's
    size: float = 0  # points, or the paragraph's
    br: bool = False  # a line break before this run


Text = tuple[Run, ...]
Cell = Text | str


def text(value: object, **style) -> Text:
    """User or program text as one run (made clean: NFC, no control characters)."""
    return (Run(clean(value), **style),)


def lines(values) -> Text:
    """Several texts, one per line."""
    return tuple(Run(clean(v), br=i > 0) for i, v in enumerate(values))


def plain(value: Text | str) -> str:
    """A text's characters, line breaks as newlines."""
    if isinstance(value, str):
        return value
    return "".join(("\n" if r.br else "") + r.text for r in value)


@dataclass(frozen=True, slots=True)
class Para:
    text: Text
    style: str = "body"  # body | small | note | empty | annex_title | annex_meta


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading: level 1 begins a section (and a page), 2 a subsection, 3 a sub-subsection."""

    title: str
    level: int
    key: str
    in_contents: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    align: tuple[str, ...]  # LEFT | RIGHT, per column
    # The column of codes (plain strings), never broken inside a code: a layout that measures text makes it
    # as wide as its longest code and gives or takes the difference from the column after it.
    codes: int | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """A two-column fact sheet: label and value."""

    rows: tuple[tuple[str, Text], ...]


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    value_text: str
    colour: str


@dataclass(frozen=True, slots=True)
class Figures:
    """Mandates per status: a table (its last row the total) beside a bar chart."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Together:
    """Blocks kept on one page."""

    blocks: tuple


def headings(blocks) -> list[Heading]:
    """Every heading among ``blocks``, in order, including those inside a ``Together`` (a subsection kept on
    one page with its figures is still a subsection): what a contents list is made of."""
    out: list[Heading] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(b)
        elif isinstance(b, Together):
            out += headings(b.blocks)
    return out


@dataclass(frozen=True, slots=True)
class Space:
    height: float


@dataclass(frozen=True, slots=True)
class KeepRoom:
    """Begin a new page unless this much room is left (so that a title never ends a page)."""

    height: float


@dataclass(frozen=True, slots=True)
class Cover:
    org: str
    kind_line: str
    title: str
    subtitle: str
    theme: str
    facts: tuple[tuple[str, str], ...]
    classification: str


Block = Para | Heading | Table | Facts | Figures | Together | Space | KeepRoom


@dataclass(frozen=True, slots=True)
class Document:
    lang: str  # es | pt
    language_tag: str  # es-ES | pt-BR
    title: str
    short_title: str  # page header
    subject: str
    keywords: str
    author: str
    org: str
    date_text: str  # footer, left
    page_text: str  # "Página {page} de {pages}"
    classification: str
    contents_title: str
    contents_page_word: str
    cover: Cover
    blocks: tuple[Block, ...]


# --- user text -------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: object) -> str:
    """Plain text as typed, in NFC, without control characters."""
    value = unicodedata.normalize("NFC", "" if value is None else str(value))
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", value)


def shorten(value: object, limit: int) -> str:
    value = clean(value).strip()
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0] if " " in value[:limit] else value[:limit]
    return cut.rstrip(" ,;:.") + "…"
