"""The rules every text must keep, wherever it comes from: a form, an exchange file, the command line.

Derived from the models, so that a column and its rule cannot disagree:

- a text is at most its column's length (``String(300)``: 300 characters), a long text (``Text``) at most
  ``LONG_TEXT`` characters, a title stored as ``Text`` at most ``TITLE``;
- a required value made only of spaces is empty (it would be stored empty);
- a text is valid Unicode (no lone surrogate, which SQLite cannot store as UTF-8);
- a text is stored clean (``clean_text``): composed (NFC: "e" + U+0301 is "é", so that two spellings of one
  name are one), without control characters (a NUL pasted from a PDF, which a PostgreSQL server refuses, or
  an escape), zero-width spaces or byte-order marks; a one-line field's tabs and line breaks become spaces;
- a value that must be unique (an area's name, a programme's code) is checked before it is written, so
  that a second one gets a sentence instead of the database's refusal.

``CrudService.save`` applies them to every record a form or a service saves, the exchange import to every
text of a file, and a form's text field takes its length from them (gui/widgets/form.py).
"""

from __future__ import annotations

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


def text_problem(column: sa.Column, value: str) -> tuple[str, dict] | None:
    """What is wrong with a text for this column (too long, not Unicode), or None."""
    limit = max_length(column)
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
                if session.scalar(sa.select(target).where(target == value)) is None:
                    problems[key] = GONE
                else:
                    found.add((target.table.name, value))
    return problems
