"""The rules every text must keep, wherever it comes from: a form, an exchange file, the command line.

Derived from the models, so that a column and its rule cannot disagree:

- a text is at most its column's length (``String(300)``: 300 characters), a long text (``Text``) at most
  ``LONG_TEXT`` characters, a title stored as ``Text`` at most ``TITLE``. Those two are limits of what is
  typed, not of what a database holds: versions before them (schema 0007) stored longer texts, which stay
  as they are. A record that holds one may be saved with it (or a shorter one: ``text_problem``'s ``held``),
  and an exchange file, which carries what a database holds, is not cut by them (``stored_problem``): its
  texts keep only the columns' own lengths, which a server enforces;
- a required value made only of spaces is empty (it would be stored empty);
- a text is valid Unicode (no lone surrogate, which SQLite cannot store as UTF-8);
- a text is stored clean (``clean_text``): composed (NFC: "e" + U+0301 is "é", so that two spellings of one
  name are one), without control characters (a NUL pasted from a PDF, which a PostgreSQL server refuses, or
  an escape), zero-width spaces or byte-order marks; a one-line field's tabs and line breaks become spaces;
- a value that must be unique (an area's name, a programme's code) is checked before it is written, so
  that a second one gets a sentence instead of the database's refusal.

``CrudService.save`` applies them to every record a form or a service saves, the exchange import to every
text of a file, and a form's text field takes its length from them (gui/widgets/form.py).

And the rules of a record's numbers and dates (``value_problems``), which the services' saves and the
exchange import both apply, so that a file cannot store what a form refuses:

- an end is not before its start (a summit's, a meeting's, a milestone's planned and actual dates), nor a
  member's date of leaving before the date it joined;
- a milestone's progress is a whole number from 0 to 100;
- an indicator's figure is not negative, not above ``MAX_VALUE``, and whole if the indicator counts things.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa

from segib_desktop.i18n import N_

LONG_TEXT = 100_000  # about forty printed pages: a note, a mandate's text, a description (a pasted document)
TITLE = 1_000  # a title kept in a Text column (a document's title)
TITLES = {("documents", "title")}

REQUIRED = N_("This field is required.")
TOO_LONG = N_("This is too long: at most {n} characters.")
NOT_UNICODE = N_("This text holds a character that cannot be stored (half of a character pair); retype it.")
TAKEN = N_("Another record already has “{value}” here; it must be unique.")
GONE = N_("What is chosen here no longer exists: someone may have deleted it since this form was opened. "
          "Choose again.")

END_BEFORE_START = N_("The end date cannot be before the start date.")
LEFT_BEFORE_JOINED = N_("The date it left cannot be before the date it joined.")
PROGRESS_RANGE = N_("The progress must be a whole number from 0 to 100.")
NEGATIVE_VALUE = N_("An indicator cannot be negative.")
# No programme counts a million million of anything: a figure above it is a typing slip.
MAX_VALUE = 1e12
TOO_LARGE_VALUE = N_("An indicator cannot be above 1,000,000,000,000; check the figure.")
NOT_WHOLE_VALUE = N_("This indicator counts things, so its figure must be a whole number.")
# Each table's pairs of dates whose second may not come before the first: (start, end, the end's message).
DATE_PAIRS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "summits": (("start_date", "end_date", END_BEFORE_START), ("spt_start", "spt_end", END_BEFORE_START)),
    "meetings": (("start_date", "end_date", END_BEFORE_START),),
    "milestones": (("planned_start", "planned_end", END_BEFORE_START),
                   ("actual_start", "actual_end", END_BEFORE_START)),
    "programme_members": (("joined_on", "left_on", LEFT_BEFORE_JOINED),),
}
VALUE_TABLES = frozenset({*DATE_PAIRS, "milestones", "indicator_values"})  # the tables ``value_problems`` checks

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Never kept: C0 and C1 controls but tab and line breaks, zero-width space, byte-order mark. (Not U+200C/U+200D:
# the joiners some scripts and emoji sequences need.)
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def is_blank(value: Any) -> bool:
    """Empty for a required field: nothing, an empty list, or a text of spaces only."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def max_length(column: sa.Column) -> int | None:
    """The longest text the column takes, or None if it holds no text."""
    if isinstance(column.type, sa.Enum) or not isinstance(column.type, sa.String):
        return None
    if column.type.length:
        return column.type.length
    return TITLE if (column.table.name, column.name) in TITLES else LONG_TEXT


def clean_text(column: sa.Column | None, value: str) -> str:
    """``value`` as it is stored in ``column``: composed (NFC), without control characters (but tab and
    line breaks), zero-width spaces or byte-order marks; in a one-line column (a ``String`` with a length)
    tabs and line breaks become one space."""
    import unicodedata

    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    value = _UNWANTED.sub("", value)
    if column is not None and isinstance(column.type, sa.String) and column.type.length:
        value = _LINE_BREAKS.sub(" ", value)
    return value


def cleaned(model: type, values: dict) -> dict:
    """``values`` with each text of a column of ``model`` as ``clean_text`` stores it."""
    return {key: clean_text(column_of(model, key), value) if isinstance(value, str) and column_of(model, key)
            is not None else value for key, value in values.items()}


def column_of(model: type, key: str) -> sa.Column | None:
    column = model.__table__.columns.get(key)
    return column if isinstance(column, sa.Column) else None


def field_max_length(model: type, key: str) -> int | None:
    """The length a form's text field ``key`` of ``model`` allows (None: not a text column)."""
    column = column_of(model, key)
    return max_length(column) if column is not None else None


def stored_length(column: sa.Column) -> int | None:
    """The longest text the column can store (a ``String(n)``'s n: a server refuses more), or None: a long text
    (``Text``) has no length of its own, only the limit of what is typed (``max_length``)."""
    if isinstance(column.type, sa.Enum) or not isinstance(column.type, sa.String):
        return None
    return column.type.length or None


def text_problem(column: sa.Column, value: str, held: str | None = None) -> tuple[str, dict] | None:
    """What is wrong with a text for this column (too long, not Unicode), or None. ``held``: the text the
    record holds now (an update): a longer text than the limit is taken if it is no longer than that one (a
    mandate's text of 144,000 characters, saved before the limit, stays, and its mandate can be saved)."""
    limit = max_length(column)
    if (limit is not None and len(value) > limit and len(value.strip()) > limit
            and not (held is not None and len(value) <= len(held))):
        return TOO_LONG, {"n": max(limit, len(held or ""))}  # what this record may take: all it holds
    return stored_problem(column, value)


def stored_problem(column: sa.Column, value: str) -> tuple[str, dict] | None:
    """What is wrong with a text that a database holds (an exchange file's) for this column: longer than the
    column can store, or not Unicode; None if nothing."""
    limit = stored_length(column)
    if limit is not None and len(value) > limit and len(value.strip()) > limit:
        return TOO_LONG, {"n": limit}
    if not value.isascii() and _SURROGATE.search(value):
        return NOT_UNICODE, {}
    return None


def check_record(session, model: type, record_id: int | None, values: dict) -> dict[str, str | tuple[str, dict]]:
    """Each text of ``values`` against its column's rules, each unique column against the database, and each
    record chosen (a foreign key: a mandate's area) as still there (another officer may have deleted it)."""
    problems: dict[str, str | tuple[str, dict]] = {}
    table = model.__table__
    unique = {c.name for c in table.columns if c.unique} | {
        next(iter(c.columns)).name for c in table.constraints
        if isinstance(c, sa.UniqueConstraint) and len(c.columns) == 1}
    for key, value in values.items():
        column = column_of(model, key)
        if column is None or column.primary_key or key == "uid":
            continue
        if isinstance(value, str):
            problem = text_problem(column, value)
            if problem and problem[0] == TOO_LONG and record_id is not None:  # the limit is for what is typed
                held = session.scalar(sa.select(column).where(table.c.id == record_id))
                problem = text_problem(column, value, held if isinstance(held, str) else None)
            if problem:
                problems[key] = problem
                continue
            value = value.strip()
        if key in unique and not is_blank(value):
            clash = session.scalar(sa.select(table.c.id).where(column == value, table.c.id != (record_id or -1))
                                   .limit(1))
            if clash is not None:
                problems[key] = (TAKEN, {"value": value})
        if column.foreign_keys and isinstance(value, int) and not isinstance(value, bool):
            target = next(iter(column.foreign_keys)).column
            found = session.info.setdefault("rules_found", set())  # one read per record a transaction checks
            if (target.table.name, value) not in found:
                # FOR KEY SHARE (a server's): it cannot be deleted before this transaction ends; SQLite's one
                # writer at a time needs nothing.
                if session.scalar(sa.select(target).where(target == value).with_for_update(key_share=True)) is None:
                    problems[key] = GONE
                else:
                    found.add((target.table.name, value))
    return problems


# --- numbers and dates

def check_dates(values: dict, start: str, end: str, message: str = END_BEFORE_START) -> dict[str, str]:
    """{end: message} if ``values``' end date comes before its start date, else {}."""
    first, last = values.get(start), values.get(end)
    if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
        return {end: message}
    return {}


def progress_problem(progress: Any) -> str | None:
    """Why a milestone's progress cannot be stored (a msgid), or None (None itself: the default applies)."""
    if progress is not None and not (isinstance(progress, int) and not isinstance(progress, bool)
                                     and 0 <= progress <= 100):
        return PROGRESS_RANGE
    return None


def indicator_value_problem(indicator: Any, value: float) -> str | None:
    """Why a figure cannot be stored for an indicator (a msgid), or None. ``indicator``: an ``Indicator``, or
    None when it is not known (a spreadsheet's unknown name): then only the range is checked."""
    if value < 0:
        return NEGATIVE_VALUE
    if value > MAX_VALUE:
        return TOO_LARGE_VALUE
    if getattr(indicator, "counts_things", False) and not float(value).is_integer():
        return NOT_WHOLE_VALUE
    return None


def value_problems(table: str, values: dict) -> dict[str, str]:
    """The problems of a record's numbers and dates (field -> msgid), for a record of ``table`` holding
    ``values`` (the database's values, fields as the model names them; only those given are checked)."""
    problems: dict[str, str] = {}
    for start, end, message in DATE_PAIRS.get(table, ()):
        problems |= check_dates(values, start, end, message)
    if table == "milestones" and (problem := progress_problem(values.get("progress"))):
        problems["progress"] = problem
    if table == "indicator_values" and isinstance(values.get("value"), int | float) and not isinstance(
            values["value"], bool) and (problem := indicator_value_problem(values.get("indicator"), values["value"])):
        problems["value"] = problem
    return problems
