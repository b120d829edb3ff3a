"""Splitting a pasted document (a Programa de Acción, a Declaración) into numbered points.

No Qt here: the paste dialog, the command line and the tests all call ``split``.

Recognised at the start of a line (after any spaces), in every style of the summits' texts:

- a number: ``1.``, ``12.``, ``3)``, ``4.-``, ``5 -``, ``Punto 4`` (``PUNTO 4.``, ``Punto 4:``), and in
  Portuguese texts ``Ponto 4``;
- two levels: ``2.3``, ``2.3.``, and ``3.2 texto`` (no dot after the number);
- a number and a letter: ``1.a)``, ``1 a)``, ``1.a.``, ``1a)``;
- a letter under the current number: ``a)``, ``b.``, ``(c)``; labelled ``1.a``;
- a small roman numeral under a letter or a number: ``i.``, ``ii)``, ``(iii)``; labelled ``1.a.i``.

A number is a new point when it goes forward (any jump: points are sometimes omitted) or
restarts at 1; a letter when it is ``a`` or follows the previous letter; a numeral when it is
``i`` or follows the previous one. A line that looks like a point but breaks the sequence
(``5.`` after ``12.``, ``d)`` after ``a)``) is kept in the text of the point before it, and
never silently: that point's ``notes`` say so, and the preview shows them. A forward jump of
more than ``MAX_JUMP`` is noted too. ``2030. Además…`` (four digits) is text. Lines in capitals
(``I. COHESIÓN SOCIAL``, ``CULTURA``) are section headings: they close the point before them
and are kept as the ``section`` of the points after. Text before the first point is the
``preamble``. A point's text is kept exactly as pasted (accents, line breaks), without its
number; its title comes from its own words, cut at a word with an ellipsis.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from segib_desktop.i18n import N_

# "12.", "12)", "12.-", "12 -", "12.3", "12.3.", with the text after it.
_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2})?)(?:\s*[.)]-?|\s+[-–])(?:\s+(.*?))?\s*$")
# "3.2 texto": two levels and the text, with no punctuation after the number.
_SUBNUMBER = re.compile(r"^\s*(\d{1,3})\.(\d{1,2})\s+(\S.*?)\s*$")
# The word before a number, in Spanish or Portuguese texts: "Punto 4", "PUNTO 4.", "Punto 4:", "Punto 4.-",
# "Punto 4.2", "Ponto 5.".
_POINT_WORD = re.compile(r"^\s*(?:punto|ponto)\s+(\d{1,3}(?:\.\d{1,2})?)\s*(?:[.):]-?|[-–])?(?:\s+(.*?))?\s*$",
                         re.IGNORECASE)
# "1.a)", "1 a)", "1.a.", "1a)", "1.a.-"
_NUMBER_LETTER = re.compile(r"^\s*(\d{1,3})[.\s]?\s*([a-z])\s*[.)]-?(?:\s+(.*?))?\s*$")
# "a)", "b.", "(c)", "d.-"
_LETTER = re.compile(r"^\s*\(?([a-z])(?:\)|\.-?)(?:\s+(.*?))?\s*$")
# "i.", "ii)", "(iii)", "iv.-"
_ROMAN = re.compile(r"^\s*\(?(i{1,3}|iv|vi{0,3}|ix|xi{0,2})(?:\)|\.-?)(?:\s+(.*?))?\s*$")
ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
# A heading: "I. COHESIÓN SOCIAL", "CULTURA", "Capítulo II" is not one (lower case).
_ROMAN_HEADING = re.compile(r"^\s*[IVXLC]+\s*[.)-]\s+\S")

TITLE_LENGTH = 90
MAX_JUMP = 10  # a longer jump forward still starts a point, with a note to check it

# What a point's notes say (English msgids, translated where shown).
KEPT_AS_TEXT = N_("Line {line} starts like point {label} but breaks the numbering: it was kept in this point's text.")
JUMP = N_("The numbering jumps from {before} to {after}: check that no point is missing.")


@dataclass
class Point:
    """One proposed mandate: its label as printed ("12", "1.a"), its text and a proposed title."""

    label: str
    text: str
    title: str = ""
    section: str = ""
    include: bool = True
    line: int = 0  # 1-based line of the pasted text where it starts
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (msgid, params): what the officer should check

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
    return flat[: cut if cut > 0 else length - 1].rstrip(" ,;:") + "…"


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1)


def split(text: str) -> Split:
    """Splits ``text`` into its preamble and numbered points (see the module's notes)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    result = Split()
    preamble: list[str] = []
    state = {"current": None, "label": "", "start": 0, "section": "", "number": None, "letter": None,
             "roman": None, "notes": []}

    def close() -> None:
        if state["current"] is not None:
            body = _clean(state["current"])
            if body:
                result.points.append(Point(state["label"], body, section=state["section"], line=state["start"],
                                           notes=state["notes"]))
            state["current"] = None

    def open_point(new_label: str, first: str | None, line_no: int) -> None:
        close()
        state.update(current=[first or ""], label=new_label, start=line_no, notes=[])

    def number_point(whole: str, first: str | None, line_no: int) -> bool:
        """A number (or number.sub) as a new point, if it goes forward or restarts; else False."""
        number = int(whole.split(".")[0])
        last = state["number"]
        if "." in whole and number == last:  # 3.2 after 3 or 3.1
            fits = True
        else:
            fits = last is None or number == 1 or number > last
        if not fits:
            return False
        if last is not None and number > last + MAX_JUMP:
            notes = [(JUMP, {"before": last, "after": number})]
        else:
            notes = []
        state.update(number=number, letter=None, roman=None)
        open_point(whole, first, line_no)
        state["notes"] = notes
        return True

    def kept(line_no: int, label: str, line: str) -> None:
        target = state["notes"] if state["current"] is not None else None
        if target is not None:
            target.append((KEPT_AS_TEXT, {"line": line_no, "label": label}))
        (state["current"] if state["current"] is not None else preamble).append(line)

    previous_blank = True
    for line_no, line in enumerate(text.split("\n"), start=1):
        after_blank, previous_blank = previous_blank, not line.strip()
        current = state["current"]
        if not line.strip():
            (current if current is not None else preamble).append("")
            continue
        last_number, last_letter, last_roman = state["number"], state["letter"], state["roman"]
        m = _POINT_WORD.match(line)
        if m:
            if not number_point(m.group(1), m.group(2), line_no):
                kept(line_no, m.group(1), line)
            continue
        m = _NUMBER_LETTER.match(line)
        if m and ((m.group(2) == "a" and (last_number is None or int(m.group(1)) != last_number))
                  or (int(m.group(1)) == last_number and last_letter and m.group(2) == _next_letter(last_letter))):
            state.update(number=int(m.group(1)), letter=m.group(2), roman=None)
            open_point(f"{m.group(1)}.{m.group(2)}", m.group(3), line_no)
            continue
        m = _NUMBER.match(line) or _SUBNUMBER.match(line)
        if m:
            if m.re is _SUBNUMBER:
                whole, first = f"{m.group(1)}.{m.group(2)}", m.group(3)
                # No dot after it: a subpoint of the current number, or the first of the next one.
                ok = int(m.group(1)) == last_number or (
                    last_number is not None and int(m.group(1)) == last_number + 1 and m.group(2) == "1")
                if ok and number_point(whole, first, line_no):
                    continue
            elif number_point(m.group(1), m.group(2), line_no):
                continue
            else:
                kept(line_no, m.group(1), line)
                continue
        letter = _LETTER.match(line)
        roman = _ROMAN.match(line)
        parent = f"{last_number}.{last_letter}" if last_letter else str(last_number)
        if letter and last_number is not None and current is not None and (
                last_letter is not None and last_roman is None and letter.group(1) == _next_letter(last_letter)):
            state.update(letter=letter.group(1))
            open_point(f"{last_number}.{letter.group(1)}", letter.group(2), line_no)
            continue
        if roman and last_number is not None and current is not None and (
                (last_roman is None and roman.group(1) == "i")
                or (last_roman is not None and ROMANS.index(last_roman) + 1 < len(ROMANS)
                    and roman.group(1) == ROMANS[ROMANS.index(last_roman) + 1])):
            if last_roman is not None:
                parent = state["label"].rsplit(".", 1)[0]
            state.update(roman=roman.group(1))
            open_point(f"{parent}.{roman.group(1)}", roman.group(2), line_no)
            continue
        if letter and last_number is not None and current is not None and (
                (last_letter is None and letter.group(1) == "a")
                or (last_letter is not None and letter.group(1) == _next_letter(last_letter))):
            state.update(letter=letter.group(1), roman=None)
            open_point(f"{last_number}.{letter.group(1)}", letter.group(2), line_no)
            continue
        if letter and last_number is not None and current is not None and (letter.group(2) or "")[:1].isalpha():
            kept(line_no, f"{last_number}.{letter.group(1)}", line)
            continue
        if after_blank and _is_heading(line):
            close()
            state["section"] = " ".join(line.split())
            if not result.points and state["current"] is None:
                preamble.append(line)
            continue
        (current if current is not None else preamble).append(line)
    close()
    result.preamble = _clean(preamble)

    # A number whose own text only introduces its lettered points ("1. Encomendar a la SEGIB:")
    # is proposed as left out; the officer can keep it. Every title comes from the point's own words.
    labels = {p.label for p in result.points}
    for p in result.points:
        if p.text.rstrip().endswith(":") and (f"{p.label}.a" in labels or f"{p.label}.i" in labels):
            p.include = False
        if p.title[:1].islower():
            p.title = p.title[0].upper() + p.title[1:]
    return result
