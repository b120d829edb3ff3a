"""One catalogue for every user-facing string, with no Qt in it.

Strings in code are English (``_("Summits")``); Spanish and Portuguese come from
gettext catalogues under ``resources/i18n/<lang>/*.po`` (one file per module, so
modules never edit the same file). The GUI, the command line and the briefing
renderer all use it; a briefing takes its own ``Translator`` so that its
language is independent of the interface's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from segib_desktop import paths

LANGUAGES = ("es", "pt", "en")
DEFAULT_LANGUAGE = "es"
LANGUAGE_NAMES = {"es": "Español", "pt": "Português", "en": "English"}
# Babel locale per language (Portuguese as written in Brazil, as Qt's qtbase_pt_BR).
LOCALES = {"es": "es_ES", "pt": "pt_BR", "en": "en_GB"}
# Short dates in lists, the same in every language: day first, as the secretariat writes them.
SHORT_DATE = "{0.day:02d}/{0.month:02d}/{0.year:04d}"


_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")
_NUMBERS = re.compile(r"(\d+)")


def N_(message: str) -> str:
    """Marks a string for the catalogue without translating it yet."""
    return message


class InContext(str):
    """An English msgid that another word of the same spelling must not share: "Open" as the status of
    an action item is "Abierta" (an acción), the summit's "Held" is "Celebrada" (a cumbre), while the
    plain msgids stay for the other uses. Its translation is the catalogue's msgctxt entry, else the
    plain one; it is its English text everywhere else."""

    context: str


def C_(context: str, message: str) -> str:
    """Marks ``message`` for the catalogue under ``context`` (a .po file's msgctxt) without translating it
    yet: ``_()`` and any ``Translator`` translate it in its context."""
    marked = InContext(message)
    marked.context = context
    return marked


def message_key(context: str | None, message: str) -> str:
    """The compiled table's key of a message: gettext's own (the context, EOT, the msgid)."""
    return message if context is None else f"{context}\x04{message}"


# Each language's .po files (one per module) compiled into one JSON table of msgid -> translation:
# read in a fifth of a millisecond at start (gettext's .mo reader takes 1.5 ms; the .po files, 33).
COMPILED = "messages.json"


@cache
def _catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation, from every catalogue of the language."""
    if lang == "en":
        return {}
    return read_language(paths.resources_dir() / "i18n" / lang)


def read_language(folder: Path) -> dict[str, str]:
    """A language's messages: its compiled file when it is up to date, else its .po files themselves
    (parsing them all costs a tenth of a second at every start)."""
    pos = sorted(folder.glob("*.po"))
    compiled = _fresh_compiled(folder, pos)
    if compiled is not None:
        try:
            messages = json.loads(compiled.read_bytes())
        except (OSError, ValueError):  # damaged: the .po files still say it all
            pass
        else:
            if isinstance(messages, dict):
                return messages
    return _read_po_files(pos)


def _read_po_files(pos: list[Path]) -> dict[str, str]:
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for po in pos:  # in name order: a later file's translation of the same msgid wins
        with po.open("rb") as fh:
            messages.update({message_key(m.context, m.id): m.string for m in read_po(fh, locale=LOCALES[po.parent.name])
                             if m.id and m.string and not m.fuzzy})
    return messages


def _fresh_compiled(folder: Path, pos: list[Path]) -> Path | None:
    """The compiled file, if it is at least as new as every .po (an edited .po wins over it)."""
    compiled = folder / COMPILED
    try:
        built = compiled.stat().st_mtime
    except OSError:
        return None
    return compiled if all(po.stat().st_mtime <= built for po in pos) else None


def compile_catalogues(folder: Path | None = None) -> list[Path]:
    """Writes each language's compiled file when it is missing or older than one of its .po files
    (make does it; so does build.spec)."""
    written = []
    for language in sorted(Path(folder or paths.resources_dir() / "i18n").iterdir()):
        pos = sorted(language.glob("*.po"))
        if not pos or _fresh_compiled(language, pos) is not None:
            continue
        compiled = language / COMPILED
        partial = compiled.with_suffix(".partial")
        partial.write_text(json.dumps(_read_po_files(pos), ensure_ascii=False, sort_keys=True), encoding="utf-8")
        partial.replace(compiled)  # whole or not at all
        written.append(compiled)
    return written


class Translator:
    """Translates and formats for one language."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.locale = LOCALES[lang]
        self._messages = _catalogue(lang)

    def gettext(self, message: str) -> str:
        context = getattr(message, "context", None)  # C_()
        if context is not None:
            found = self._messages.get(message_key(context, message))
            if found is not None:
                return found
        return self._messages.get(message, message)

    __call__ = gettext

    def format_date(self, value: dt.date | None, style: str = "short") -> str:
        """``short``: 04/11/2026; ``long``: 4 de noviembre de 2026 (or a Babel pattern)."""
        if value is None:
            return ""
        if style == "short":  # no locale data needed: no Babel (the first screen does without it)
            return SHORT_DATE.format(value)
        return _format_date(value, style, self.locale)

    def format_month(self, value: dt.date) -> str:
        """"febrero de 2027", "fevereiro de 2027", "February 2027"."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", value, locale=self.locale)

    def format_number(self, value: float | int, pattern: str | None = None) -> str:
        """A number as this language writes it (Babel's ``pattern``, else the locale's): 1.234,5.

        Any number a database may hold: Babel rounds in Python's decimal context, whose 28 digits made every
        figure of 29 digits or more (5e28, stored from a file by an older version) raise InvalidOperation,
        and a briefing die with "Unexpected error". Here the context holds every digit of the largest float
        (309 before the point); infinity prints as "∞"."""
        import decimal

        from babel.numbers import format_decimal

        with decimal.localcontext() as context:
            context.prec = 400
            return format_decimal(value, format=pattern, locale=self.locale)

    def format_percent(self, share: float) -> str:
        """A share (0.46) as a percentage as this language writes it: "46 %" (es), "46%" (pt, en); whole."""
        from babel.numbers import format_percent

        return format_percent(share, locale=self.locale)


@lru_cache(maxsize=4096)
def _format_date(value: dt.date, pattern: str, locale: str) -> str:
    """Babel's date, remembered: lists and briefings show the same dates thousands of times."""
    from babel.dates import format_date

    return format_date(value, pattern, locale=locale)


_active: Translator | None = None


def set_language(lang: str) -> Translator:
    """Makes ``lang`` the interface language (called by main() and the View menu)."""
    global _active
    _active = Translator(lang)
    return _active


def active() -> Translator:
    """The interface language's translator (Spanish until main() says otherwise)."""
    global _active
    if _active is None:
        _active = Translator(DEFAULT_LANGUAGE)
    return _active


def _(message: str) -> str:
    """Translates into the interface language."""
    return active().gettext(message)


def plural(n: int, one: str, many: str, translator: Translator | None = None, *, zero: str | None = None,
           written: str | None = None, **params) -> str:
    """"1 documento" or "3 documentos": two msgids, the one for ``n`` translated and filled with {n}, or
    ``written`` if given (the number as the caller writes it: "1.234"), and any other ``params`` ({path}).
    ``zero``, if given, is the msgid for none, where a 0 would read badly ("0 of these are overdue" ->
    "none of these is overdue")."""
    message = zero if n == 0 and zero is not None else one if n == 1 else many
    return (translator or active()).gettext(message).format(n=n if written is None else written, **params)


@cache  # a few dozen numbers, each written for thousands of documents, rows and labels
def to_roman(number: int) -> str:
    """Summit numbers are written as Roman numerals: 30 -> XXX."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def from_roman(text: str) -> int | None:
    """"XXXI" -> 31, in any case; None if ``text`` is not made of Roman numerals. Read as written, a smaller
    numeral before a larger one taken away ("IIII" is 4, as a clock writes it)."""
    values = [ROMAN_VALUES.get(ch) for ch in text.strip().upper()]
    if not values or None in values:
        return None
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form for filtering: 'Cádiz' -> 'cadiz'.

    Called on every text of 20,000-row lists: plain ASCII takes the quick path.
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def natural_key(text: str | None) -> tuple:
    """The order people expect of texts with numbers in them: DEC-2 before DEC-10, "Punto 9" before "Punto 10"
    (folded, as ``fold``). Every list and briefing sorts codes and titles by it. Keys compare with keys only."""
    folded = fold(text)
    if not _NUMBERS.search(folded):
        return (folded,)
    parts: list = _NUMBERS.split(folded)
    parts[1::2] = [int(n) for n in parts[1::2]]
    return tuple(parts)
