"""Text that must not break inside a table cell: codes (on one line) and header words.

reportlab splits a word wider than its cell anywhere ("Planificad / o", "XXVIII-RMRE2022-R / ES1/2022-8"
across two lines). A header cell gets a smaller size until its longest word fits; a code is kept
on one line (its spaces made non-breaking) and its column is made as wide as the longest code, within
bounds, and a code still too wide for that prints smaller rather than broken.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

MIN_SIZE = 5.5  # points: below this a header or a code is not legible on paper
NBSP = "\u00a0"


def _width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


@cache
def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{size:.2f}", style, fontSize=size, leading=size * style.leading / style.fontSize)


def fitting(style: ParagraphStyle, text: str, width: float, *, whole: bool = False) -> ParagraphStyle:
    """``style``, or the same in a smaller size, so that each word of ``text`` (all of it, if ``whole``)
    fits in ``width`` points."""
    pieces = [text] if whole else text.split()
    widest = max((_width(p, style) for p in pieces), default=0.0)
    if widest <= width:
        return style
    return _sized(style, round(max(MIN_SIZE, style.fontSize * width / widest * 0.98), 2))


def unbroken(code: str) -> str:
    """A code that a line break cannot split at its spaces."""
    return code.replace(" ", NBSP)


def code_column(codes, style: ParagraphStyle, padding: float, *, least: float = 30 * mm,
                most: float = 46 * mm) -> float:
    """The width of a column of codes: the longest code at ``style``'s size, between ``least`` and ``most``."""
    widest = max((_width(c, style) for c in codes), default=0.0) + 2 * padding + 1
    return min(max(least, widest), most)
