"""Splitting a pasted document (a Programa de Acción, a Declaración) into numbered points.

No Qt here: the paste dialog, the command line and the tests all call ``split``.

Recognised at the start of a line (after any spaces):

- a number: ``1.``, ``12.``, ``3)``, ``4.-``, ``5 -`` and two levels ``2.3``;
- a number and a letter: ``1.a)``, ``1 a)``, ``1.a.``, ``1a)``;
- a letter under the current number: ``a)``, ``b.``, ``(c)``; labelled ``1.a``.

A number is taken as a new point only if it continues the numbering (the next
few numbers, or 1 again when a section restarts it), and a letter only if it
is ``a`` or follows the previous letter; anything else (``2030. Además…``) is
part of the point's text. Lines in capitals (``I. COHESIÓN SOCIAL``,
``CULTURA``) are section headings: they close the point before them and are
kept as the ``section`` of the points after. Text before the first point is the
``preamble``. A point's text is kept exactly as pasted (accents, line breaks),
without its number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# "12.", "12)", "12.-", "12 -", "12.3", "12.3.", with the text after it.
_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2})?)(?:\s*[.)]-?|\s+[-–])(?:\s+(.*?))?\s*$")
# "1.a)", "1 a)", "1.a.", "1a)", "1.a.-"
_NUMBER_LETTER = re.compile(r"^\s*(\d{1,3})[.\s]?\s*([a-z])\s*[.)]-?(?:\s+(.*?))?\s*$")
# "a)", "b.", "(c)", "d.-"
_LETTER = re.compile(r"^\s*\(?([a-z])(?:\)|\.-?)(?:\s+(.*?))?\s*$")
# A heading: "I. COHESIÓN SOCIAL", "CULTURA", "Capítulo II" is not one (lower case).
_ROMAN_HEADING = re.compile(r"^\s*[IVXLC]+\s*[.)-]\s+\S")

TITLE_LENGTH = 90
MAX_JUMP = 10  # a number may skip this many points (an omitted or removed point)


@dataclass
class Point:
    """One proposed mandate: its label as printed ("12", "1.a"), its text and a proposed title."""

    label: str
    text: str
    title: str = ""
    section: str = ""
    include: bool = True
    line: int = 0  # 1-based line of the pasted text where it starts

    def __post_init__(self):
        if not self.title:
            self.title = propose_title(self.text)


@dataclass
class Split:
    preamble: str = ""
    points: list[Point] = field(default_factory=list)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(letters) < 3 or len(stripped) > 120:
        return False
    if _ROMAN_HEADING.match(stripped):
        rest = _ROMAN_HEADING.sub("", stripped)
        letters = [ch for ch in rest if ch.isalpha()] or letters
    return all(ch.isupper() for ch in letters)


def _clean(lines: list[str]) -> str:
    """The lines of a point as pasted, without blank lines at its ends."""
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(line.rstrip() for line in lines)


def propose_title(text: str, length: int = TITLE_LENGTH) -> str:
    """A short title from the text: its first sentence, cut at a word before ``length`` characters."""
    flat = " ".join(text.split())
    for stop in (". ", "; ", ": "):
        cut = flat.find(stop)
        if 0 < cut < length:
            flat = flat[:cut]
            break
    flat = flat.rstrip(" .;:,")
    if len(flat) <= length:
        return flat
    cut = flat.rfind(" ", 0, length - 1)
    return flat[: cut if cut > 20 else length - 1].rstrip(" ,;:") + "…"


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1)


def split(text: str) -> Split:
    """Splits ``text`` into its preamble and numbered points (see the module's notes)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    result = Split()
    preamble: list[str] = []
    current: list[str] | None = None  # lines of the open point
    label = ""
    start_line = 0
    section = ""
    last_number: int | None = None
    last_letter: str | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            body = _clean(current)
            if body:
                result.points.append(Point(label, body, section=section, line=start_line))
            current = None

    def open_point(new_label: str, first: str, line_no: int) -> None:
        nonlocal current, label, start_line
        close()
        current, label, start_line = [first], new_label, line_no

    def number_fits(n: int) -> bool:
        return last_number is None or n == 1 or last_number < n <= last_number + MAX_JUMP

    previous_blank = True
    for line_no, line in enumerate(text.split("\n"), start=1):
        after_blank, previous_blank = previous_blank, not line.strip()
        if not line.strip():
            (current if current is not None else preamble).append("")
            continue
        m = _NUMBER_LETTER.match(line)
        if m and ((m.group(2) == "a" and number_fits(int(m.group(1))))
                  or (int(m.group(1)) == last_number and last_letter
                      and m.group(2) == _next_letter(last_letter))):
            number = int(m.group(1))
            last_number, last_letter = number, m.group(2)
            open_point(f"{number}.{m.group(2)}", m.group(3) or "", line_no)
            continue
        m = _NUMBER.match(line)
        if m:
            whole = m.group(1)
            number = int(whole.split(".")[0])
            fits = number_fits(number) or ("." in whole and number == last_number)
            if fits:
                last_number, last_letter = number, None
                open_point(whole, m.group(2) or "", line_no)
                continue
        m = _LETTER.match(line)
        if m and last_number is not None and current is not None and (
                (last_letter is None and m.group(1) == "a")
                or (last_letter is not None and m.group(1) == _next_letter(last_letter))):
            last_letter = m.group(1)
            open_point(f"{last_number}.{m.group(1)}", m.group(2) or "", line_no)
            continue
        if after_blank and _is_heading(line):
            close()
            section = " ".join(line.split())
            if not result.points and current is None:
                preamble.append(line)
            continue
        (current if current is not None else preamble).append(line)
    close()
    result.preamble = _clean(preamble)

    # A number whose own text only introduces its lettered points ("1. Encomendar a la SEGIB:")
    # is proposed as dropped; the officer can keep it.
    # Its lettered points get titles that read on their own: "Solicitar a la SEGIB la actualización…".
    by_label = {p.label: p for p in result.points}
    for p in result.points:
        if p.text.rstrip().endswith(":") and f"{p.label}.a" in by_label:
            p.include = False
        parent = by_label.get(p.label.rsplit(".", 1)[0]) if p.label[-1:].isalpha() else None
        if parent is not None and parent.text.rstrip().endswith(":"):
            p.title = propose_title(parent.text.rstrip().rstrip(":") + " " + p.text)
        elif p.title[:1].islower():
            p.title = p.title[0].upper() + p.title[1:]
    return result
