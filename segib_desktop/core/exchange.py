"""The exchange file: the whole database as versioned JSON, to move or merge data between workstations.

The format is documented in docs/exchange-format.md, and described exactly by
docs/exchange-format.schema.json (made by ``json_schema()``; regenerate it with
``python tools/exchange_schema.py`` when a model changes). In short:

- one JSON object: ``format``, ``format_version``, ``schema_revision``, then one
  list per table, named as the table (``"mandates": [...]``);
- each record is an object with its ``uid`` and its fields; a link to another
  record is that record's uid (``"document": "<uid>"`` for ``document_id``), a
  many-to-many link a sorted list of uids (``"attendees": [...]``); dates are
  ``YYYY-MM-DD``, statuses their stored value (``"in_progress"``);
- local keys (``id``) and edit versions are not written: they mean nothing in
  another database. Neither are the settings (this workstation's configuration)
  nor the audit trail (this file's own history; an import is itself recorded in
  the importing database's trail, and a trail that a file could fill in would be
  a trail anyone could forge);
- keys sorted, records sorted by uid, no time stamp inside: exporting the same
  data twice gives the same bytes. The export time goes in the file's name.

Importing matches records by uid. A record already in the database is updated
with the file's values (the file wins: importing is the user's deliberate choice
to take in that data; what it replaces stays in the audit trail and in the
backup made just before); a record only in the database is kept (an import never
deletes). Everything is checked before anything is written; the writing is one
transaction, so a failure or a kill leaves the database as it was.

Kept whole: the format's table layout, the export and the import (its checks and its one write
transaction) are one versioned interface, documented as one in docs/exchange-format.md; it stays
outside the read layer, bound to the database it exports and imports.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import enum
import json
import logging
import math
import operator
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from unicodedata import is_normalized as is_nfc

import orjson
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from segib_desktop import errors, paths
from segib_desktop.core import collector, rules
from segib_desktop.core.db import Database, json_text
from segib_desktop.core.models import Base
from segib_desktop.i18n import N_, Translator, active, plural

log = logging.getLogger(__name__)

FORMAT = "segib-desktop-exchange"
FORMAT_VERSION = 1
HEADER = ("format", "format_version", "schema_revision")
# Tables that are not exchanged, and why (docs/exchange-format.md says the same).
EXCLUDED = {
    "settings": "this workstation's configuration (user name, backup folder)",
    "audit_log": "the history of one database file, written only by its own data layer",
}
UID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?$"
_UID, _DATE = re.compile(UID_PATTERN), re.compile(DATE_PATTERN)
INT_RANGE = (-(2**63), 2**63 - 1)
CHUNK = 500
MAX_LISTED = 200  # problems listed in a message; the count says how many more
MAX_KEPT = 10_000  # problems kept (all are counted): a hostile file of 4 MB can hold millions
# The largest file read is derived from this computer's memory: an import may take half of it. Its peak
# is about six times the file's size (measured, VmHWM of the whole import: the 20,000-mandate database's
# 52 MB file at 270 MB over the program's own, the 200,000-mandate one's 522 MB file at 2.7 GB), and a file
# of tiny values far more per byte, so the values are counted too (one comma each): a file of empty records
# (`{},` again and again) takes 330 bytes a value, the most measured (the 522 MB file: 214 bytes a value,
# 12.9 million of them). A computer of 8 GB reads files of up to 682 MB and 13 million values.
MEMORY_SHARE = 0.5  # of this computer's memory, that one import may take
BYTES_PER_FILE_BYTE = 6
BYTES_PER_VALUE = 330
ASSUMED_MEMORY = 2 * 1024**3  # a computer whose memory cannot be told: a small one
MEMORY: int | None = None  # this computer's memory in bytes (None: asked of the system); a test sets it


def physical_memory() -> int:
    """This computer's memory in bytes (``ASSUMED_MEMORY`` if the system does not say)."""
    if MEMORY is not None:
        return MEMORY
    try:
        if sys.platform == "win32":
            import ctypes

            class Status(ctypes.Structure):
                _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong),
                            *((name, ctypes.c_ulonglong) for name in ("total", "free", "page_total", "page_free",
                                                                     "virtual_total", "virtual_free", "extended"))]

            status = Status()
            status.length = ctypes.sizeof(status)
            if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
                return int(status.total)
            return ASSUMED_MEMORY
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (OSError, ValueError, AttributeError):
        return ASSUMED_MEMORY


def file_limits() -> tuple[int, int]:
    """(bytes, values): the largest exchange file this computer reads."""
    budget = physical_memory() * MEMORY_SHARE
    return int(budget / BYTES_PER_FILE_BYTE), int(budget / BYTES_PER_VALUE)


Progress = Callable[[int, int], None]

# --- messages (English msgids, translated where shown)
NOT_TEXT = N_("not text")
NOT_INT = N_("not a whole number")
INT_TOO_BIG = N_("a number too large to store")
NOT_NUMBER = N_("not a number")
NOT_BOOL = N_("not true or false")
NOT_DATE = N_("not a date (write it as 2026-11-04)")
NOT_DATETIME = N_("not a date and time (write it as 2026-11-04T09:30:00)")
NOT_ONE_OF = N_("not one of: {values}")
MISSING = N_("missing; a value is required")
EMPTY = N_("empty; a value is required")
UNKNOWN_FIELD = N_("unknown field")
UNKNOWN_SECTION = N_("unknown section (the file may come from a newer version of SEGIB Desktop)")
NOT_UNICODE = N_("a text that is not valid Unicode (it holds half of a character, {escape}); correct it in the "
                 "program that wrote the file")
NOT_LIST = N_("not a list")
NOT_RECORD = N_("not a record (an object with fields)")
NOT_UID = N_("not a record identifier (a UUID such as 6f1c2a0e-3b7d-5e8a-9c41-5e6b1d2f7a90)")
DUPLICATE_UID = N_("the same record appears twice in the file (also at {other})")
DUPLICATE_LINK = N_("the same record is listed twice")
UNKNOWN_REF = N_("refers to a record that is neither in the file nor in the database ({uid})")
TAKEN_IN_FILE = N_("the same value as {other} ({fields}), which must be unique")
TAKEN_IN_DB = N_("another record in the database already has this value ({fields}), which must be unique")
BROKEN_RULE = N_("breaks the rule {rule} of the database")
RULES = {
    "one_source": N_("a document must be adopted by exactly one summit or one meeting"),
}


# --- errors

class ExchangeError(errors.SegibError):
    """A file that cannot be imported or written; nothing was changed."""


class FileUnreadable(ExchangeError):
    message = N_("The file {path} cannot be read (it does not exist or you may not open it). Nothing was changed.")


class NotJSON(ExchangeError):
    message = N_("The file {path} is not a SEGIB Desktop exchange file: it is not valid JSON (line {line}, "
                 "column {column}). Nothing was changed.")


class NotExchangeFile(ExchangeError):
    message = N_("The file {path} is not a SEGIB Desktop exchange file. Nothing was changed.")


class FileTooNew(ExchangeError):
    message = N_("The file {path} was written by a newer version of SEGIB Desktop. Nothing was changed; "
                 "install the newer version to import it.")


class FileTooLarge(ExchangeError):
    message = N_("The file {path} is too large to import on this computer: SEGIB Desktop reads exchange files of "
                 "up to {limit} MB and {values} values here, so that reading one never takes more than half of "
                 "the computer's memory. Nothing was changed.")


class ImportCancelled(ExchangeError):
    message = N_("The import was cancelled. Nothing was changed.")


class ImportConflict(ExchangeError):
    message = N_("The file {path} could not be imported because its records conflict with the database. "
                 "Nothing was changed.")


class ExportFailed(ExchangeError):
    message = N_("The file {path} could not be written: {reason}. Nothing was saved.")


class ExportDiskFull(ExchangeError):
    message = N_("The file {path} could not be written because the disk is full. Nothing was saved.")


SHOWN = 60  # characters of a name or value from the file that a problem repeats; a longer one is cut ("…")
_QUOTED = ("uid",)  # the parameters that repeat a value from the file (the others are the program's own)


def shown(text: str) -> str:
    """A name or value from the file as a message repeats it: at most ``SHOWN`` characters, then "…" (a field
    name of 100,000 characters made a message of 100,000 characters)."""
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


@dataclass(frozen=True)
class Problem:
    """One problem of a file: where (``mandates[12].due_date``) and what (a msgid and its parameters).

    The place's names and the values it quotes come from the file: each is cut to ``SHOWN`` characters."""

    place: str
    message: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if len(self.place) > SHOWN:  # a section's or a field's name: each part of the place on its own
            object.__setattr__(self, "place", ".".join(shown(part) for part in self.place.split(".")))
        if any(isinstance(self.params.get(key), str) and len(self.params[key]) > SHOWN for key in _QUOTED):
            object.__setattr__(self, "params", {key: shown(value) if key in _QUOTED and isinstance(value, str)
                                                else value for key, value in self.params.items()})

    def text(self, translator: Translator | None = None) -> str:
        t = translator or active()
        params = {k: t.gettext(v) if k == "rule" else v for k, v in self.params.items()}
        return f"{self.place}: {t.gettext(self.message).format(**params)}"


class _Problems(list):
    """The problems of a file: every one counted (``total``), the first ``MAX_KEPT`` kept. A list of two
    million bad links in a 5 MB file made two million problems: 860 MB and 25 seconds, to list 200."""

    def __init__(self):
        super().__init__()
        self.total = 0

    def append(self, problem: Problem) -> None:
        self.total += 1
        if len(self) < MAX_KEPT:
            super().append(problem)


class ImportProblems(ExchangeError):
    """The file has problems: each with its place in the file. Nothing was changed."""

    message = N_("The file {path} was not imported, and nothing was changed, because it has {n} problems:")
    message_one = N_("The file {path} was not imported, and nothing was changed, because it has one problem:")
    more = N_("… and {n} more.")

    def __init__(self, path: Path, problems: list[Problem]):
        self.problems = list(problems)  # a plain list: the error travels from the import's process to the window
        self.count = getattr(problems, "total", len(problems))  # all of them, kept or not
        super().__init__(path=str(path), n=self.count)

    def lines(self, translator: Translator | None = None) -> list[str]:
        t = translator or active()
        out = [p.text(t) for p in self.problems[:MAX_LISTED]]
        if self.count > MAX_LISTED:
            out.append(t.gettext(self.more).format(n=self.count - MAX_LISTED))
        return out

    def headline(self, translator: Translator | None = None) -> str:
        return plural(self.count, self.message_one, self.message, translator, path=self.params["path"])

    def user_message(self, translator: Translator | None = None) -> str:
        return "\n".join([self.headline(translator), *self.lines(translator)])


# --- the layout: what is exchanged, derived from the models

@dataclass(frozen=True, eq=False)
class FieldSpec:
    name: str  # key in the file
    column: sa.Column
    attr: str  # ORM attribute
    kind: str  # uid, ref, text, int, float, bool, date, datetime, enum, json
    required: bool
    nullable: bool
    target: str | None = None  # referenced table (kind ref)
    values: tuple[str, ...] = ()  # allowed values (kind enum)
    enum_class: type | None = None
    max_length: int | None = None  # kind text: the longest text a database stores (core/rules.py; None: any)


@dataclass(frozen=True, eq=False)
class LinkSpec:
    name: str  # key in the owner's records
    table: sa.Table  # the association table
    owner_column: sa.Column
    target_column: sa.Column
    target: str  # the linked records' table
    relationship: str | None  # the owner's ORM relationship over this table, if any


@dataclass(frozen=True, eq=False)
class TableSpec:
    name: str
    table: sa.Table
    model: type
    fields: tuple[FieldSpec, ...]
    links: tuple[LinkSpec, ...]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


def _kind(column: sa.Column) -> str:
    t = column.type
    checks = ((sa.Enum, "enum"), (sa.Boolean, "bool"), (sa.DateTime, "datetime"), (sa.Date, "date"),
              (sa.Integer, "int"), (sa.Float, "float"), (sa.Numeric, "float"), (sa.JSON, "json"),
              (sa.String, "text"))
    for cls, kind in checks:
        if isinstance(t, cls):
            return kind
    raise TypeError(f"column {column} has a type the exchange file does not know: {t!r}")


def _is_association(table: sa.Table) -> bool:
    cols = list(table.columns)
    return len(cols) == 2 and all(c.primary_key and c.foreign_keys for c in cols)


@cache
def layout() -> dict[str, TableSpec]:
    """The exchanged tables, parents before children, with their fields and links."""
    models = {m.local_table.name: m for m in Base.registry.mappers}
    specs: dict[str, TableSpec] = {}
    associations = []
    for table in Base.metadata.sorted_tables:
        if table.name in EXCLUDED:
            continue
        if _is_association(table):
            associations.append(table)
            continue
        if "uid" not in table.columns:
            raise TypeError(f"table {table.name} has no uid: the exchange file cannot identify its records")
        mapper = models[table.name]
        version = mapper.version_id_col
        fields = []
        for column in table.columns:
            if column.primary_key or column is version:
                continue
            attr = mapper.get_property_by_column(column).key
            required = not column.nullable and column.default is None and column.server_default is None
            if column.foreign_keys:
                (fk,) = column.foreign_keys
                name = column.name[:-3] if column.name.endswith("_id") else column.name
                fields.append(FieldSpec(name, column, attr, "ref", required, column.nullable,
                                        target=fk.column.table.name))
                continue
            kind = "uid" if column.name == "uid" else _kind(column)
            values = tuple(column.type.enums) if kind == "enum" else ()
            enum_class = getattr(column.type, "enum_class", None) if kind == "enum" else None
            fields.append(FieldSpec(column.name, column, attr, kind, required or kind == "uid", column.nullable,
                                    values=values, enum_class=enum_class,
                                    max_length=rules.stored_length(column) if kind == "text" else None))
        names = [f.name for f in fields]
        if len(set(names)) != len(names):
            raise TypeError(f"table {table.name}: two columns give the same field name")
        specs[table.name] = TableSpec(table.name, table, mapper.class_, tuple(fields), ())
    for table in associations:
        owner_col, target_col = list(table.columns)
        owner = next(iter(owner_col.foreign_keys)).column.table.name
        target = next(iter(target_col.foreign_keys)).column.table.name
        spec = specs[owner]
        rel = next((r.key for r in models[owner].relationships if r.secondary is table), None)
        name = rel or table.name
        if name in {f.name for f in spec.fields} | {lk.name for lk in spec.links}:
            raise TypeError(f"table {table.name}: its field name {name} is taken in {owner}")
        specs[owner] = TableSpec(spec.name, spec.table, spec.model, spec.fields,
                                 (*spec.links, LinkSpec(name, table, owner_col, target_col, target, rel)))
    return specs


# The newest migration that changed what a file holds (its tables, their columns and rules): a file carries
# it as its ``schema_revision``. A later migration that only adds an index or a trigger (0013-0015) leaves
# the files as they were, and the programs from before it go on reading them; one that changes an exported
# table must be named here (tests/test_exchange.py compares the tables at this revision and at the head).
LAYOUT_REVISION = "0012"


def schema_revision() -> str:
    return LAYOUT_REVISION


# Fields that the program of an older file always wrote as null (it had no value for them), with the migration
# that gave them one: a null in a file of an earlier revision means "not given" (the database's value is kept),
# and after the import that migration's rule fills them, as it did when that file's own database was upgraded.
# (Migration 0011 dated programme members from their adhesion: services.programmes.joined_from_adhesion.)
NOT_GIVEN_BEFORE = {("programme_members", "joined_on"): "0011"}


def _older(revision: str | None, than: str) -> bool:
    """True if a file's ``schema_revision`` comes before the migration ``than`` (none given: today's file)."""
    return isinstance(revision, str) and revision < than


# --- values: database <-> file

def _to_file(f: FieldSpec, value: Any, uids: dict[str, dict[int, str]]) -> Any:
    if value is None:
        return None
    if f.kind == "ref":
        return uids[f.target][value]
    if f.kind == "enum":
        return value.value if isinstance(value, enum.Enum) else value
    if f.kind in ("date", "datetime"):
        return value.isoformat()
    if f.kind == "float":
        return float(value)
    if f.kind == "int":
        return int(value)
    return value


def _from_file(f: FieldSpec, value: Any) -> tuple[Any, tuple[str, dict] | None]:
    """(database value, problem); ``ref`` values stay uids here."""
    if value is None:
        return None, (EMPTY, {}) if not (f.nullable or f.kind == "json") else None
    kind = f.kind
    if kind in ("uid", "ref"):
        if isinstance(value, str) and _UID.match(value):
            return value, None
        return None, (NOT_UID, {})
    if kind == "text":
        if not isinstance(value, str):
            return None, (NOT_TEXT, {})
        value = rules.clean_text(f.column, value)  # as a form's save stores it (a NUL: a server refuses it)
        if f.required and rules.is_blank(value):
            return None, (EMPTY, {})  # spaces only: it would be stored empty, as a form refuses it
        problem = rules.stored_problem(f.column, value)  # what a database holds (a form's limit is for typing)
        return (None, problem) if problem else (value, None)
    if kind == "int":
        if isinstance(value, float) and value.is_integer() and not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return None, (INT_TOO_BIG, {})  # orjson reads a whole number beyond 64 bits as a float
        if isinstance(value, bool) or not isinstance(value, int):
            return None, (NOT_INT, {})
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return None, (INT_TOO_BIG, {})
        return value, None
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, (NOT_NUMBER, {})
        try:
            number = float(value)
        except OverflowError:
            return None, (INT_TOO_BIG, {})
        return (number, None) if math.isfinite(number) else (None, (NOT_NUMBER, {}))
    if kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, (NOT_BOOL, {}))
    if kind == "date":
        if isinstance(value, str) and _DATE.match(value):
            with contextlib.suppress(ValueError):
                return dt.date.fromisoformat(value), None
        return None, (NOT_DATE, {})
    if kind == "datetime":
        if isinstance(value, str) and len(value) >= 19 and value[10] == "T":
            with contextlib.suppress(ValueError):
                moment = dt.datetime.fromisoformat(value)
                if moment.tzinfo is not None:
                    moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
                return moment, None
        return None, (NOT_DATETIME, {})
    if kind == "enum":
        if isinstance(value, str) and value in f.values:
            return (f.enum_class(value) if f.enum_class else value), None
        return None, (NOT_ONE_OF, {"values": ", ".join(f.values)})
    return value, None  # json: any JSON value


# --- export

def export_data(db: Database) -> dict[str, Any]:
    """The whole database as the exchange file's object (plain JSON values)."""
    specs = layout()
    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": schema_revision()}
    with db.engine.connect() as conn, conn.begin():
        uids = {name: dict(conn.execute(select(spec.table.c.id, spec.table.c.uid)).all())
                for name, spec in specs.items()}
        for name, spec in specs.items():
            links: dict[str, dict[int, list[str]]] = {}
            for link in spec.links:
                by_owner: dict[int, list[str]] = {}
                for owner_id, target_id in conn.execute(select(link.owner_column, link.target_column)):
                    by_owner.setdefault(owner_id, []).append(uids[link.target][target_id])
                links[link.name] = by_owner
            records = []
            for row in conn.execute(select(spec.table)).mappings():
                record = {f.name: _to_file(f, row[f.column.name], uids) for f in spec.fields}
                for link in spec.links:
                    record[link.name] = sorted(links[link.name].get(row["id"], []))
                records.append(record)
            doc[name] = sorted(records, key=lambda r: r["uid"])
    return doc


def dumps(doc: dict[str, Any]) -> bytes:
    """Stable bytes: sorted keys, one value a line, UTF-8 (accents as they are), a final newline."""
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n").encode("utf-8")


def suggested_name(now: dt.datetime | None = None) -> str:
    """The file name the export time goes into (it is never inside the file)."""
    return f"segib-desktop-{(now or dt.datetime.now()).strftime('%Y-%m-%d-%H%M%S')}.json"


def write_private(path: Path, data: bytes) -> None:
    """Writes a file readable by its owner only, atomically: a temporary file, synced, then renamed."""
    path = Path(path)
    partial = path.parent / f".{path.name}.partial"
    try:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        # O_BINARY: Windows' C runtime opens a file in text mode otherwise, and its writes turn every "\n" into
        # "\r\n": an export differed from the same database's on Linux, and a spreadsheet (a zip) was corrupted.
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if exc.errno == 28:
            raise ExportDiskFull(path=str(path)) from exc
        raise ExportFailed(path=str(path), reason=errors.os_reason(exc)) from exc
    from segib_desktop.core.backups import fsync_dir

    fsync_dir(path.parent)


def export_file(db: Database, path: Path) -> dict[str, int]:
    """Writes the whole database to ``path`` (a directory: the suggested name in it); counts per table."""
    path = Path(path)
    if path.is_dir():
        path = path / suggested_name()
    doc = export_data(db)
    write_private(path, dumps(doc))
    log.info("exported %s to %s", db.path, path)
    return {name: len(doc[name]) for name in layout()}


# --- import: reading and checking

@dataclass(slots=True)
class _Record:
    index: int
    uid: str
    values: dict[str, Any]  # field name -> database value (refs as uids), only the fields given
    links: dict[str, list[str]]
    ok: bool = True  # False: it has problems of its own (its links are still checked)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    backup: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self, path: Path | str, translator: Translator | None = None) -> str:
        """What the import did, in a sentence (the window and the command line say the same)."""
        t = translator or active()
        return t.gettext(N_("{path} imported. Records added: {created}; updated: {updated}; unchanged: "
                            "{unchanged}.")).format(path=path, created=t.format_number(self.created),
                                                    updated=t.format_number(self.updated),
                                                    unchanged=t.format_number(self.unchanged))


def exported_message(count: int, path: Path | str, translator: Translator | None = None) -> str:
    t = translator or active()
    return plural(count, N_("1 record exported to {path}."), N_("{n} records exported to {path}."), t,
                  written=t.format_number(count), path=path)


def read_file(path: Path) -> dict[str, Any]:
    """The file's JSON object, or a known error; never evaluates anything from it."""
    path = Path(path)
    max_bytes, max_values = file_limits()
    too_large = FileTooLarge(path=str(path), limit=max_bytes // 1024**2, values=f"{max_values:,}".replace(",", " "))
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise too_large  # said before a byte is read
            raw = fh.read(size + 1)  # (a read of the cap would ask for the cap's memory at once)
            if len(raw) > size:  # it grows meanwhile: read no further than the cap
                raw += fh.read(max_bytes + 1 - len(raw))
    except OSError as exc:
        raise FileUnreadable(path=str(path)) from exc
    if len(raw) > max_bytes or raw.count(b",") > max_values:
        raise too_large

    try:  # orjson reads a valid file three times faster than the json module
        doc = orjson.loads(raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw)
    except orjson.JSONDecodeError:  # the json module's own errors and places, exactly as before orjson
        doc = _read_strictly(raw, path)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise NotExchangeFile(path=str(path))
    version = doc.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise NotExchangeFile(path=str(path))
    if version > FORMAT_VERSION:
        raise FileTooNew(path=str(path))
    revision = doc.get("schema_revision")
    if revision is not None:
        from segib_desktop.core import migrate

        if not isinstance(revision, str):
            raise NotExchangeFile(path=str(path))
        if revision not in migrate.known_revisions()[1]:
            raise FileTooNew(path=str(path))
    return doc


def _read_strictly(raw: bytes, path: Path) -> Any:
    """What the json module reads, or the known error it leads to: a file that orjson refused. It refuses
    what the json module refuses (the errors said from here, with the json module's line and column), and
    a few things that it reads (a lone surrogate escape, a number too large for a float), taken as before."""

    def no_constants(name):
        raise ValueError(f"{name} is not allowed")

    try:
        doc = json.loads(raw.decode("utf-8-sig"), parse_constant=no_constants)
    except UnicodeDecodeError as exc:
        raise NotExchangeFile(path=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise NotJSON(path=str(path), line=exc.lineno, column=exc.colno) from exc
    except (ValueError, RecursionError) as exc:
        raise NotExchangeFile(path=str(path)) from exc
    problems = _Problems()
    for problem in _not_unicode(doc, ""):
        problems.append(problem)
    if problems:  # said now, at check time, before any backup: such a text cannot be stored
        raise ImportProblems(path, problems)
    return doc


def _not_unicode(value: Any, place: str) -> Iterator[Problem]:
    """Each text (value or field name) holding a lone surrogate ("\\ud800"), with its JSON path."""
    if isinstance(value, str):
        bad = _SURROGATE.search(value)
        if bad:
            yield Problem(place, NOT_UNICODE, {"escape": f"\\u{ord(bad[0]):04x}"})
    elif isinstance(value, dict):
        for key, item in value.items():
            bad = _SURROGATE.search(key)
            if bad:  # the field name itself: the record is the place, the name is shown as "?"
                yield Problem(place or "(file)", NOT_UNICODE, {"escape": f"\\u{ord(bad[0]):04x}"})
            name = "?" if bad else key
            yield from _not_unicode(item, f"{place}.{name}" if place else name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _not_unicode(item, f"{place}[{i}]")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _Parsed(dict):
    """A file's records by table (``_Record`` lists), and the file's ``schema_revision``."""

    def __init__(self, revision: str | None):
        super().__init__()
        self.revision = revision


def _parse(doc: dict[str, Any], problems: list[Problem]) -> dict[str, list[_Record]]:
    """Checks each record on its own (types, required fields, identifiers)."""
    specs = layout()
    for key in doc:
        if key not in HEADER and key not in specs:
            problems.append(Problem(key, UNKNOWN_SECTION))
    revision = doc.get("schema_revision")
    parsed = _Parsed(revision if isinstance(revision, str) else None)
    dates: dict[str, dt.date] = {}  # each date text read once
    good_uids: set[str] = set()  # each identifier matched once (links and references repeat them)
    for name, spec in specs.items():
        items = doc.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(name, NOT_LIST))
            continue
        fields = {f.name: f for f in spec.fields}
        links = {lk.name: lk for lk in spec.links}
        # The common values are taken on a fast path (a text, a well-formed uid, a known enum value
        # or date, a whole number in range, a list of distinct well-formed uids, an empty value where
        # one is allowed); anything else goes through _from_file, which says what is wrong with it.
        kinds = {f.name: f.kind for f in spec.fields}
        limits = {f.name: f.max_length or sys.maxsize for f in spec.fields if f.kind == "text"}
        text_columns = {f.name: f.column for f in spec.fields if f.kind == "text"}
        members = {f.name: {v: f.enum_class(v) if f.enum_class else v for v in f.values}
                   for f in spec.fields if f.kind == "enum"}
        required = {f.name for f in spec.fields if f.required}
        empty_ok = {f.name for f in spec.fields if f.nullable or f.kind == "json"}
        not_given = [key for (table, key), since in NOT_GIVEN_BEFORE.items()
                     if table == name and _older(parsed.revision, since)]
        seen: dict[str, int] = {}
        records = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                problems.append(Problem(f"{name}[{i}]", NOT_RECORD))
                continue
            values, record_links, ok = {}, {}, True
            for key, value in item.items():
                kind = kinds.get(key)
                if type(value) is str:
                    if kind == "text":
                        # stored as a save stores it (rules.clean_text); two C scans tell the common text
                        # that needs nothing (one line of printable, composed characters)
                        if not (value.isprintable() and (value.isascii() or is_nfc("NFC", value))):
                            value = rules.clean_text(text_columns[key], value)
                        if len(value) <= limits[key] and (key not in required or value.strip()):
                            values[key] = value
                            continue
                    if kind == "ref" or kind == "uid":
                        if value in good_uids or (_UID.match(value) and not good_uids.add(value)):
                            values[key] = value
                            continue
                    elif kind == "enum":
                        member = members[key].get(value)
                        if member is not None:
                            values[key] = member
                            continue
                    elif kind == "date":
                        day = dates.get(value)
                        if day is not None:
                            values[key] = day
                            continue
                elif value is None:
                    if key in empty_ok:
                        values[key] = None
                        continue
                elif kind is None:
                    if type(value) is list and key in links and len(set(
                            u if type(u) is str and (u in good_uids or (_UID.match(u) and not good_uids.add(u)))
                            else None for u in value) - {None}) == len(value):
                        record_links[key] = list(value)  # distinct well-formed uids
                        continue
                elif kind == "int":
                    if type(value) is int and INT_RANGE[0] <= value <= INT_RANGE[1]:
                        values[key] = value
                        continue
                elif kind == "bool":
                    if type(value) is bool:
                        values[key] = value
                        continue
                if key in links:
                    place = f"{name}[{i}].{key}"
                    if not isinstance(value, list):
                        problems.append(Problem(place, NOT_LIST))
                        ok = False
                        continue
                    for j, uid in enumerate(value):
                        if not (isinstance(uid, str) and _UID.match(uid)):
                            problems.append(Problem(f"{place}[{j}]", NOT_UID))
                            ok = False
                    if len(set(map(str, value))) != len(value):
                        problems.append(Problem(place, DUPLICATE_LINK))
                        ok = False
                    record_links[key] = list(value)
                    continue
                if kind is None:
                    problems.append(Problem(f"{name}[{i}].{key}", UNKNOWN_FIELD))
                    ok = False
                    continue
                converted, problem = _from_file(fields[key], value)
                if problem:
                    problems.append(Problem(f"{name}[{i}].{key}", problem[0], problem[1]))
                    ok = False
                else:
                    values[key] = converted
                    if kind == "date" and converted is not None:
                        dates[value] = converted
            if not required <= item.keys():
                for f in spec.fields:
                    if f.required and f.name not in item:
                        problems.append(Problem(f"{name}[{i}].{f.name}", MISSING))
                        ok = False
            for key in not_given:  # an older program's null: not given
                if key in values and values[key] is None:
                    del values[key]
            uid = values.get("uid")
            if uid is not None:
                if uid in seen:
                    problems.append(Problem(f"{name}[{i}].uid", DUPLICATE_UID, {"other": f"{name}[{seen[uid]}]"}))
                    ok = False
                else:
                    seen[uid] = i
            records.append(_Record(i, uid, values, record_links, ok))
        parsed[name] = records
    return parsed


def _db_state(conn, spec: TableSpec, wanted: set[str], uids: dict[str, dict[int, str]],
              columns: set[str]) -> dict[str, dict[str, Any]]:
    """The database's values (file names; refs as uids) of some records, for the fields in ``columns``."""
    fields = [f for f in spec.fields if f.name in columns or f.name == "uid"]
    out: dict[str, dict[str, Any]] = {}
    cols = [f.column for f in fields]
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), CHUNK):
        chunk = wanted_list[start:start + CHUNK]
        for row in conn.execute(select(*cols).where(spec.table.c.uid.in_(chunk))):
            values = {}
            for f, value in zip(fields, row, strict=True):
                values[f.name] = uids[f.target].get(value) if f.kind == "ref" and value is not None else value
            out[values["uid"]] = values
    return out


def _unique_sets(spec: TableSpec) -> list[tuple[str, ...]]:
    """The field names of each unique rule of a table, except the uid."""
    by_column = {f.column.name: f.name for f in spec.fields}
    sets = []
    groups = [c.columns for c in spec.table.constraints if isinstance(c, sa.UniqueConstraint)]
    groups += [i.columns for i in spec.table.indexes if i.unique]
    for columns in groups:
        names = tuple(by_column[c.name] for c in columns if c.name in by_column)
        if names and names != ("uid",) and len(names) == len(columns) and names not in sets:
            sets.append(names)
    return sets


def _rule_message(constraint: sa.CheckConstraint) -> str:
    name = str(constraint.name or "")
    for key, message in RULES.items():
        if name == key or name.endswith("_" + key):
            return message
    return name


def _key(values) -> tuple:
    return tuple(v.value if isinstance(v, enum.Enum) else v for v in values)


def _db_keys(conn, spec: TableSpec, names: tuple[str, ...], uids: dict[str, dict[int, str]]) -> dict[tuple, str]:
    """Each database record's value of a unique rule (refs as uids) -> its uid."""
    out = {}
    for row in conn.execute(select(spec.table.c.uid, *(spec.field(n).column for n in names))):
        key = _key(uids[spec.field(n).target].get(v) if spec.field(n).kind == "ref" else v
                   for n, v in zip(names, row[1:], strict=True))
        if None not in key:
            out[key] = row[0]
    return out


def _rewrite_refs(spec: TableSpec, records: list[_Record], aliases: dict[str, dict[str, str]]) -> None:
    if not any(aliases[f.target] for f in spec.fields if f.kind == "ref") and not any(
            aliases[link.target] for link in spec.links):
        return  # no record it refers to was matched to another uid
    for r in records:
        for f in spec.fields:
            if f.kind == "ref" and r.values.get(f.name) in aliases[f.target]:
                r.values[f.name] = aliases[f.target][r.values[f.name]]
        for link in spec.links:
            if link.name in r.links:
                r.links[link.name] = [aliases[link.target].get(u, u) if isinstance(u, str) else u
                                      for u in r.links[link.name]]


def _adopt(conn, spec: TableSpec, records: list[_Record], ids: dict[str, int], uids: dict[str, dict[int, str]],
           aliases: dict[str, str], in_file: set[str]) -> None:
    """A new record whose unique value (an area's name, say) a database record already has *is*
    that record, created on two workstations: it updates it (under the database's uid) instead
    of being refused."""
    newcomers = [r for r in records if r.uid not in ids]
    if not newcomers:
        return
    for names in _unique_sets(spec):
        db_keys = _db_keys(conn, spec, names, uids)
        for r in newcomers:
            if r.uid in ids or any(n not in r.values for n in names):
                continue
            key = _key(r.values[n] for n in names)
            target = db_keys.get(key)
            if target is not None and target not in in_file:
                aliases[r.uid] = target
                in_file.add(target)
                r.uid = target


def _check(conn, parsed: dict[str, list[_Record]], problems: list[Problem]) -> None:
    """Checks the records against each other and the database (matching records created twice)."""
    specs = layout()
    ids = {name: {uid: i for i, uid in conn.execute(select(spec.table.c.id, spec.table.c.uid))}
           for name, spec in specs.items()}
    uids = {name: {i: uid for uid, i in by_uid.items()} for name, by_uid in ids.items()}
    aliases: dict[str, dict[str, str]] = {name: {} for name in specs}
    for name, spec in specs.items():  # parents first: a child's unique value may hold a parent's uid
        records = parsed.get(name, [])
        _rewrite_refs(spec, records, aliases)
        _adopt(conn, spec, [r for r in records if r.ok], ids[name], uids, aliases[name],
               {r.uid for r in records if r.uid})
    for name, spec in specs.items():
        _rewrite_refs(spec, parsed.get(name, []), aliases)
    in_file = {name: {r.uid for r in records if r.uid} for name, records in parsed.items()}

    known: dict[str, set[str]] = {}  # each table's uids, in the database or in the file

    def known_in(table: str) -> set[str]:
        if table not in known:
            known[table] = ids[table].keys() | in_file.get(table, set())
        return known[table]

    for name, records in parsed.items():
        spec = specs[name]
        refs = [(f.name, known_in(f.target)) for f in spec.fields if f.kind == "ref"]
        links = [(link.name, known_in(link.target)) for link in spec.links]
        for r in records:
            for key, uids_there in refs:
                uid = r.values.get(key)
                if uid is not None and uid not in uids_there:
                    problems.append(Problem(f"{name}[{r.index}].{key}", UNKNOWN_REF, {"uid": uid}))
            if r.links:
                for key, uids_there in links:
                    linked = r.links.get(key, ())
                    if not (r.ok and uids_there.issuperset(linked)):
                        for j, uid in enumerate(linked):  # what is not even text was reported as such
                            if isinstance(uid, str) and uid not in uids_there:
                                problems.append(Problem(f"{name}[{r.index}].{key}[{j}]", UNKNOWN_REF, {"uid": uid}))

        # Unique rules, check rules and the rules of numbers and dates apply to the records as they will be:
        # the database's values, overlaid with the file's.
        records = [r for r in records if r.ok]
        unique_sets = _unique_sets(spec)
        checks = [c for c in spec.table.constraints if isinstance(c, sa.CheckConstraint)]
        valued = name in rules.VALUE_TABLES
        if not records or not (unique_sets or checks or valued):
            continue
        needed = {f.name for f in spec.fields} if checks or valued else {n for s in unique_sets for n in s}
        existing = {r.uid for r in records if r.uid in ids[name]}
        current = _db_state(conn, spec, existing, uids, needed)
        merged = {r.uid: {**current.get(r.uid, {}), **r.values} for r in records}
        place = {r.uid: f"{name}[{r.index}]" for r in records}
        for names in unique_sets:
            owners = {key: uid for key, uid in _db_keys(conn, spec, names, uids).items() if uid not in merged}
            for r in records:
                key = _key(merged[r.uid].get(n) for n in names)
                if None in key:
                    continue
                other = owners.get(key)
                fields_text = ", ".join(names)
                where = f"{place[r.uid]}.{names[0]}"
                if other is None:
                    owners[key] = r.uid
                elif other in place:
                    problems.append(Problem(where, TAKEN_IN_FILE, {"other": place[other], "fields": fields_text}))
                else:
                    problems.append(Problem(where, TAKEN_IN_DB, {"fields": fields_text}))
        for constraint in checks:
            _check_rule(spec, constraint, records, merged, place, problems)
        if valued:  # the same rules as a form's save (core/rules.py): a progress of 250 %, an end before its start
            for r in records:
                for key, message in rules.value_problems(name, merged[r.uid]).items():
                    problems.append(Problem(f"{place[r.uid]}.{key}", message))


def _check_rule(spec: TableSpec, constraint: sa.CheckConstraint, records: list[_Record],
                merged: dict[str, dict], place: dict[str, str], problems: list[Problem]) -> None:
    """Evaluates a CHECK rule with SQLite itself, on a scratch in-memory table: nothing is written."""
    columns = [f.column.name for f in spec.fields]
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.execute(f"CREATE TABLE scratch ({', '.join(columns)}, CHECK ({constraint.sqltext}))")
        sql = f"INSERT INTO scratch VALUES ({', '.join('?' * len(columns))})"
        for r in records:
            values = merged[r.uid]
            row = []
            for f in spec.fields:
                v = values.get(f.name)
                if f.kind == "ref" and v is not None:
                    v = 1
                elif isinstance(v, enum.Enum):
                    v = v.value
                elif isinstance(v, dt.date | dt.datetime):
                    v = v.isoformat()
                elif f.kind == "json":
                    v = json.dumps(v)
                row.append(v)
            try:
                scratch.execute(sql, row)
            except sqlite3.IntegrityError:
                problems.append(Problem(place[r.uid], BROKEN_RULE, {"rule": _rule_message(constraint)}))
    finally:
        scratch.close()


def _order(doc: dict[str, Any]):
    """Problems in the order of the file: its sections as they come, then record by record."""
    sections = {key: i for i, key in enumerate(doc)}
    place = re.compile(r"^(\w+)(?:\[(\d+)\])?(.*)$")

    def key(problem: Problem):
        match = place.match(problem.place)
        if not match:
            return (len(sections), 0)
        return (sections.get(match[1], len(sections)), int(match[2] or -1))

    return key


def check_file(db: Database, path: Path) -> tuple[dict[str, list[_Record]], int]:
    """Reads and checks a file against the database, writing nothing; (records, how many).

    Raises a known error for a file that is not an exchange file, ImportProblems for the rest.
    """
    with collector.paused():
        doc = read_file(path)
        problems = _Problems()
        parsed = _parse(doc, problems)
        with db.engine.connect() as conn, conn.begin():
            _check(conn, parsed, problems)
    problems.sort(key=_order(doc))
    if problems:
        raise ImportProblems(path, problems)
    return parsed, sum(len(r) for r in parsed.values())


# --- import: writing

def import_file(db: Database, path: Path, *, progress: Progress | None = None,
                backups_dir: Path | None = None) -> ImportResult:
    """Reads an exchange file into the database: all of it, or (on any problem) nothing.

    Checks everything first (ImportProblems lists each problem with its place);
    then backs the database up (into ``backups_dir``, else the database's backup
    folder) and writes everything in one transaction. ``progress(done, total)``
    is called as records are written; if it raises, nothing is written.

    The commit is durable but leaves the write-ahead log unfolded (a large file's log is the size of
    its records; folding it in writes them all again): the caller does ``db.checkpoint()`` once the
    user has the result (the import job, after its reply), or closing the last connection does it.
    """
    from segib_desktop.core import backups, search

    path = Path(path)
    try:
        with collector.paused():
            parsed, _count = check_file(db, path)
            result = ImportResult(counts={name: len(records) for name, records in parsed.items()})
            result.backup = backups.before_import(
                db, backups_dir or backups.import_folder(db, paths.user_dirs().backups))
            # the index takes in the written records at the end, not one FTS5 flush per row
            with db.session(write=True, fold_log=False) as s, _page_cache(s, path.stat().st_size), \
                    search.paused(s, whole=False) as index:
                older = {table for (table, _key), since in NOT_GIVEN_BEFORE.items()
                         if _older(parsed.revision, since)}
                unchanged: dict[str, set[str]] = {table: set() for table in older}
                _write(s, parsed, result, progress, index, unchanged)
                if "programme_members" in older:
                    _joined_from_adhesion(s, parsed, result, unchanged["programme_members"])
    except IntegrityError as exc:  # a rule the checks did not foresee: nothing was written
        log.warning("import of %s refused by the database: %s", path, exc)
        raise ImportConflict(path=str(path)) from exc
    log.info("imported %s into %s: %d new, %d updated", path, db.path, result.created, result.updated)
    return result


@contextlib.contextmanager
def _page_cache(s, size: int) -> Iterator[None]:
    """SQLite's page cache as large as the file (the records it writes) for the block, then as before.

    The records are written in the order of their uids, so the indexes of their references (a progress
    entry's mandate, say) take them at random places: with SQLite's default cache (2 MB) those pages are
    written out to the log and read back again and again, and a ten times larger import took 14 to 18
    times as long to write (the 522 MB file of 200,000 mandates: the writing 45 s of processor time
    with the default cache, 34 s with a larger one). The cache takes memory only as pages are used,
    up to the file's size: less than the file's reading took before it (``BYTES_PER_FILE_BYTE``).
    """
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = s.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()  # negative: KiB, else pages
    kib = -before if before < 0 else before * conn.exec_driver_sql("PRAGMA page_size").scalar() // 1024
    if size // 1024 <= kib:
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size={-(size // 1024)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={before}")  # a pooled connection goes back as it was


def _set_indexes_aside(conn, tables: list[str]) -> Callable[[], None]:
    """Drops the indexes of ``tables`` that a bulk write would fill (not those behind a key or a UNIQUE rule,
    which the write needs) and returns what makes them again, as they were (their SQL read from the file).

    For a write that more than doubles a table: SQLite then builds each index once, from its sorted keys,
    instead of inserting every row's key at a random place in it (the 200,000-mandate file's writing:
    19.8 s, against 14.0 s and 2.5 s to make the indexes). On SQLite only, in the write's transaction: a
    failure rolls the drops back with the rest, and other connections read their snapshot, indexes and
    all, until the commit. A server's indexes stay: dropping one there would lock other officers out.
    """
    if conn.dialect.name != "sqlite" or not tables:
        return lambda: None
    marks = ", ".join("?" for _t in tables)
    indexes = conn.exec_driver_sql(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                   f"AND tbl_name IN ({marks}) ORDER BY name", tuple(tables)).all()
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')

    def restore() -> None:
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)

    return restore


def _joined_from_adhesion(s, parsed: dict[str, list[_Record]], result: ImportResult, unchanged: set[str]) -> None:
    """The programme members of a file from before migration 0011, brought to today's rules as that migration
    brought their database: an empty joined date takes the adhesion's (``services.programmes.
    joined_from_adhesion``, the one rule of the forms, the example data and the migration). A member the file
    left as it was and whose date is filled counts as updated."""
    from segib_desktop.core.models import ProgrammeMember
    from segib_desktop.core.services.programmes import joined_from_adhesion

    table = ProgrammeMember.__table__
    uids = [r.uid for r in parsed.get("programme_members", [])]
    empty: dict[int, str] = {}
    for start in range(0, len(uids), CHUNK):
        empty.update(s.execute(select(table.c.id, table.c.uid).where(
            table.c.uid.in_(uids[start:start + CHUNK]), table.c.joined_on.is_(None))).all())
    if not empty or not joined_from_adhesion(s, members=empty.keys()):
        return
    s.flush()
    filled = s.scalars(select(table.c.id).where(table.c.id.in_(list(empty)), table.c.joined_on.is_not(None)))
    moved = sum(1 for record_id in filled if empty[record_id] in unchanged)
    result.unchanged -= moved
    result.updated += moved


def _write(s, parsed: dict[str, list[_Record]], result: ImportResult, progress: Progress | None,
           index: Any = None, unchanged: dict[str, set[str]] | None = None) -> None:
    """Writes the checked records in bulk, in the session's transaction, with their audit entries.

    Every record's id is known before anything is written (the database's, or for a new record
    a new one: ``_new_ids``), so inserts, updates, links and the audit entries
    are built as plain rows and written with one executemany per table and chunk. A record is
    updated only where the file's values differ from the database's; the audit entries are the
    ones the ORM hook (core/audit.py) would write for the same edits, made with its own helpers.

    New records, their links and the audit entries go to the driver as tuples,
    each value converted by its column type's own bind processor, as SQLAlchemy's executemany would
    convert it, without its per-row work: an entry's changes by the JSON column's processor, that is
    the engine's ``json_serializer``, the same as for the ORM's entries. Updates, and a new record
    whose file leaves out a field (its default is then the column's), go through SQLAlchemy Core.
    ``index`` (a ``search.Written``) is told which records were created and changed. A table the file more
    than doubles has its indexes made again once the rows are in (``_set_indexes_aside``). ``unchanged``: for
    the tables it names, the uids of the records the file left as they were are added to its sets.
    """
    from segib_desktop.core import audit
    from segib_desktop.core.models import AuditEntry
    from segib_desktop.core.models.system import utcnow

    specs = layout()
    conn = s.connection()
    dialect = conn.dialect
    user = s.info.get("user", "")
    position = {name: i for i, name in enumerate(specs)}
    total = sum(len(r) for r in parsed.values()) + sum(
        1 for records in parsed.values() for r in records if r.links)
    done = 0

    def report(step: int) -> None:
        nonlocal done
        done += step
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)

    # Every record's id: the database's, or a new one (``_new_ids``) for a record the file adds.
    ids: dict[str, dict[str, int]] = {}
    new: dict[str, set[str]] = {}
    for name, spec in specs.items():
        mapping = dict(conn.execute(select(spec.table.c.uid, spec.table.c.id)).all())
        adding = [r.uid for r in parsed.get(name, []) if r.uid not in mapping]
        given = _new_ids(conn, spec.table, max(mapping.values(), default=0), len(adding))
        if index is not None and adding:
            index.created(name, given[0] - 1)
        mapping.update(zip(adding, given, strict=True))
        new[name] = set(adding)
        ids[name] = mapping
    trail = AuditEntry.__table__
    growing = [n for n in specs if len(new[n]) > len(ids[n]) - len(new[n])]
    # the trail's entries: about one a new record (its largest id: a count would read the whole trail)
    trail_rows = conn.execute(select(sa.func.max(trail.c.id))).scalar() or 0
    restore_indexes = _set_indexes_aside(conn, [
        *growing, *(lk.table.name for n in growing for lk in specs[n].links),
        *([trail.name] if sum(map(len, new.values())) > trail_rows else [])])
    uids: dict[str, dict[int, str]] = {}

    def uid_of(table: str, record_id: int) -> str:
        if table not in uids:
            uids[table] = {i: uid for uid, i in ids[table].items()}
        return uids[table][record_id]

    trail_keys = ["at", *audit.entry_row("", "", None, "", "", {})]
    write_trail = _inserter(conn, trail, trail_keys)
    # An entry's changes (always an object) as the engine's json_serializer stores them: the same function,
    # called without the JSON type's checks for SQL NULL, which cost more than the serializing itself.
    # (a server's driver takes a datetime as it is: no processor there)
    stored_json, stored_time = json_text, _processor(trail.c.at, dialect) or (lambda value: value)
    entry_row = audit.entry_row

    later_rows: dict[str, list[dict]] = {}  # references to records written after their own
    link_rows: dict[LinkSpec, tuple[list[int], list[tuple[int, int]]]] = {}  # owners to clear, pairs to insert
    for name, spec in specs.items():
        records = parsed.get(name, [])
        if not records:
            continue
        table = spec.table
        fields = [f for f in spec.fields if f.kind != "uid"]
        names = [f.name for f in fields]
        keys = [f.column.key for f in fields]
        refs = [ids[f.target] if f.kind == "ref" else None for f in fields]
        ref_at = [i for i, m in enumerate(refs) if m is not None]
        stored = [_converter(_processor(f.column, dialect), f.kind) for f in fields]
        convert_at = [i for i, c in enumerate(stored) if c is not None]
        take = operator.itemgetter(*names) if len(names) > 1 else (lambda given, names=names: [given[n] for n in names])
        later = [i for i in ref_at if position[fields[i].target] >= position[name]]
        later_keys = {keys[i] for i in later}
        constants = _constant_defaults(table, {"id", "uid", *keys})
        write_new = _inserter(conn, table, ["id", "uid", *keys, *constants])
        constant_values = tuple(v if p is None else p(v) for p, v in
                                ((_processor(table.c[k], dialect), v) for k, v in constants.items()))
        at = {f.attr: i for i, f in enumerate(fields)}
        links = {lk.relationship: lk for lk in spec.links if lk.relationship}
        # What an entry records, in its order: (key, field index or None, the link or None, audit.plain
        # for enums and dates as a converter, the other values being plain already: texts, numbers, ids).
        tracked = []
        for key, is_link in audit.tracked(spec.model.__mapper__):
            if is_link and key in links:
                tracked.append((key, None, links[key], None))
            elif not is_link and key in at:
                i = at[key]
                tracked.append((key, i, None, _converter(audit.plain, fields[i].kind)
                                if fields[i].kind in ("enum", "date", "datetime") else None))
        # A new record's entry: its fields, then its links, then all in tracked()'s order (the ORM's).
        tracked_fields = [(key, i, plain) for key, i, lk, plain in tracked if lk is None]
        tracked_links = [(key, lk) for key, _i, lk, _plain in tracked if lk is not None]
        tracked_order = [key for key, *_rest in tracked]
        for lk in spec.links:
            link_rows.setdefault(lk, ([], []))
        new_links = [(lk, link_rows[lk][1], ids[lk.target]) for lk in spec.links]
        mapping, created = ids[name], new[name]
        for start in range(0, len(records), CHUNK):
            chunk = records[start:start + CHUNK]
            old = [mapping[r.uid] for r in chunk if r.uid not in created]
            current = _current(conn, spec, fields, old)
            current_links = {lk: _current_links(conn, lk, old) for lk in spec.links}
            inserts, partial, updates, entries, changed_ids = [], [], [], [], []
            now = stored_time(utcnow())

            def entry(record_id, uid, action, changes, now=now, name=str(name)):  # a plain str: not adapted
                row = entry_row(user, name, record_id, uid, action, changes)
                row["changes"] = stored_json(row["changes"])
                return (now, *row.values())  # in the order of trail_keys

            for r in chunk:
                record_id = mapping[r.uid]
                given = r.values
                if r.uid in created:
                    result.created += 1
                    whole = len(given) == len(fields) + 1  # every field and the uid
                    values = list(take(given)) if whole else [given.get(n, _ABSENT) for n in names]
                    for i in ref_at:
                        value = values[i]
                        if value is not None and value is not _ABSENT:
                            values[i] = refs[i][value]
                    row = values
                    for i in later:  # inserted empty, set once every record exists
                        if values[i] is not None and values[i] is not _ABSENT:
                            later_rows.setdefault(name, []).append({"_id": record_id, keys[i]: values[i]})
                        if values[i] is not _ABSENT:
                            row = row if row is not values else list(values)
                            row[i] = None
                    if whole:
                        row = list(row)
                        for i in convert_at:
                            row[i] = stored[i][row[i]]
                        inserts.append((record_id, r.uid, *row, *constant_values))
                    else:
                        partial.append({"id": record_id, "uid": r.uid,
                                        **{k: row[i] for i, k in enumerate(keys) if row[i] is not _ABSENT}})
                    record_links = r.links
                    if record_links:
                        for lk, pairs, target_ids in new_links:
                            targets = record_links.get(lk.name)
                            if targets:
                                pairs.extend([(record_id, target_ids[t]) for t in targets])
                    # audit.recorded's test, written out: it runs for every field of every new record
                    changes = {key: [None, value] for key, i, plain in tracked_fields
                               if (value := values[i] if plain is None else plain[values[i]]) is not _ABSENT
                               and value is not None and value != ""}
                    if record_links:
                        for key, lk in tracked_links:
                            if record_links.get(lk.name):
                                changes[key] = [[], list(record_links[lk.name])]
                        changes = {key: changes[key] for key in tracked_order if key in changes}
                    entries.append(entry(None, r.uid, "create", changes))
                    continue
                values = {}  # column key -> database value (references as ids), the fields the file gives
                for i, n in enumerate(names):
                    if n in given:
                        value = given[n]
                        if refs[i] is not None and value is not None:
                            value = refs[i][value]
                        values[keys[i]] = value
                wanted = {lk: [ids[lk.target][u] for u in r.links[lk.name]] for lk in spec.links
                          if lk.name in r.links} if r.links else {}
                late = {c: values[c] for c in later_keys if c in values}
                before = current[record_id]
                changed = {c: [before[c], v] for c, v in values.items() if before[c] != v}
                changed_links = {}
                for lk, targets in wanted.items():
                    had = current_links[lk].get(record_id, [])
                    if set(had) != set(targets):
                        changed_links[lk] = ([t for t in had if t not in targets], [t for t in targets if t not in had])
                        link_rows[lk][0].append(record_id)
                        link_rows[lk][1].extend((record_id, t) for t in targets)
                if not (changed or changed_links):
                    result.unchanged += 1
                    if unchanged and name in unchanged:
                        unchanged[name].add(r.uid)
                    continue
                result.updated += 1
                # The edit version goes up, as an ORM edit of a field or of a link alone makes it
                # (models.base.new_version_for_links)
                updates.append({"_id": record_id, **({c: v for c, v in values.items() if c not in later_keys}
                                                     if changed else {})})
                if changed:
                    changed_ids.append(record_id)
                    if late and not late.keys().isdisjoint(changed):
                        later_rows.setdefault(name, []).append({"_id": record_id, **late})
                changes = {}
                for key, i, lk, _plain in tracked:
                    if lk is None and keys[i] in changed:
                        changes[key] = [audit.plain(v) for v in changed[keys[i]]]
                    elif lk is not None and lk in changed_links:
                        gone, added = changed_links[lk]
                        changes[key] = [[uid_of(lk.target, t) for t in gone], [uid_of(lk.target, t) for t in added]]
                if changes:
                    entries.append(entry(record_id, r.uid, "update", changes))
            if inserts:
                write_new(inserts)
            for rows in _by_keys(partial):
                conn.execute(sa.insert(table), rows)
            for rows in _by_keys(updates):
                conn.execute(sa.update(table).where(table.c.id == sa.bindparam("_id"))
                             .values(version=table.c.version + 1), rows)
            if entries:
                write_trail(entries)
            if index is not None and changed_ids:
                index.updated(name, changed_ids)
            report(len(chunk))

    for name, rows in later_rows.items():  # every record exists now
        table = specs[name].table
        for group in _by_keys(rows):
            conn.execute(sa.update(table).where(table.c.id == sa.bindparam("_id")), group)

    for name, spec in specs.items():
        owners = sum(1 for r in parsed.get(name, []) if r.links)
        if not owners:
            continue
        for lk in spec.links:
            clear, pairs = link_rows.get(lk, ([], []))
            for start in range(0, len(clear), CHUNK):
                conn.execute(sa.delete(lk.table).where(lk.owner_column.in_(clear[start:start + CHUNK])))
            if pairs:
                _inserter(conn, lk.table, [lk.owner_column.key, lk.target_column.key])(pairs)
        for start in range(0, owners, CHUNK):
            report(min(CHUNK, owners - start))
    restore_indexes()


_ABSENT = object()  # a field the file leaves out


class _Remembered(dict):
    """A conversion of values that repeat (enum members, dates, flags): each one converted once."""

    def __init__(self, convert: Callable[[Any], Any]):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        out = self[value] = self.convert(value)
        return out


class _Applied:
    """A conversion of values that do not repeat or cannot be remembered (JSON values, times)."""

    __slots__ = ("convert",)

    def __init__(self, convert: Callable[[Any], Any]):
        self.convert = convert

    def __getitem__(self, value):
        return self.convert(value)


def _converter(convert: Callable[[Any], Any] | None, kind: str) -> _Remembered | _Applied | None:
    """``convert`` as ``converter[value]`` (None: nothing to convert)."""
    if convert is None:
        return None
    return _Remembered(convert) if kind in ("enum", "date", "bool") else _Applied(convert)


def _processor(column: sa.Column, dialect) -> Callable[[Any], Any] | None:
    """The column type's conversion of a value to what the driver stores (None: stored as it is)."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _new_ids(conn, table: sa.Table, largest: int, count: int) -> list[int]:
    """``count`` ids for new records of ``table``, ascending, whose largest id now is ``largest``: on SQLite
    the next ones (the import holds the write lock); on a server, from the table's id sequence, as any other
    insert takes them, so that another officer adding a record or importing a file meanwhile takes others
    (the next ones after the largest would be the ones their inserts take too: one of the two refused)."""
    if not count:
        return []
    if conn.dialect.name != "postgresql":
        return list(range(largest + 1, largest + 1 + count))
    return sorted(conn.execute(sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                                       "FROM generate_series(1, :count)"), {"table": table.name, "count": count})
                  .scalars())


def _inserter(conn, table: sa.Table, keys: list[str]) -> Callable[[list[tuple]], None]:
    """A writer of new rows of ``table`` (tuples of the columns ``keys``, values as the driver stores them) in
    ``conn``'s transaction: SQLite's executemany of one INSERT; on a server PostgreSQL's COPY (issue 22),
    one stream for all the rows where psycopg's executemany sends one statement per row and waits for
    the server's answers (the import of the large example database: 16 s, against 5 s for the same rows
    by SQLAlchemy's multi-row inserts)."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.quote(table.c[k].name) for k in keys)
    if dialect.name == "postgresql":
        sql = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"

        def copy(rows: list[tuple]) -> None:
            with conn.connection.dbapi_connection.cursor() as cursor, cursor.copy(sql) as stream:
                for row in rows:
                    stream.write_row(row)

        return copy
    sql = f"INSERT INTO {quote.format_table(table)} ({columns}) VALUES ({', '.join('?' for _k in keys)})"
    return lambda rows: conn.exec_driver_sql(sql, rows)


def _constant_defaults(table: sa.Table, given: set[str]) -> dict[str, Any]:
    """The values of the columns an insert does not give (the edit version's 1): their constant defaults.
    A column whose default is computed per row (none today) would need SQLAlchemy's own insert."""
    out = {}
    for column in table.columns:
        if column.key in given or column.default is None:
            continue  # given, or NULL or the database's own default
        if not column.default.is_scalar:
            raise TypeError(f"{table.name}.{column.key}: a default computed per row is not exchanged")
        out[column.key] = column.default.arg
    return out


def _by_keys(rows: list[dict]) -> list[list[dict]]:
    """Rows grouped by their keys (one executemany needs the same columns in every row), in chunks."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return [group[i:i + CHUNK] for group in groups.values() for i in range(0, len(group), CHUNK)]


def _current(conn, spec: TableSpec, fields: list[FieldSpec], record_ids: list[int]) -> dict[int, dict]:
    """The database's values of some records: id -> {column key: value} (references as ids)."""
    if not record_ids:
        return {}
    table = spec.table
    rows = conn.execute(select(table.c.id, *(f.column for f in fields)).where(table.c.id.in_(record_ids)))
    keys = [f.column.key for f in fields]
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}


def _current_links(conn, link: LinkSpec, owner_ids: list[int]) -> dict[int, list[int]]:
    """The linked records' ids of some owners, in the order the database keeps them."""
    out: dict[int, list[int]] = {}
    if owner_ids:
        query = (select(link.owner_column, link.target_column).where(link.owner_column.in_(owner_ids))
                 .order_by(link.owner_column, link.target_column))
        for owner, target in conn.execute(query):
            out.setdefault(owner, []).append(target)
    return out


# --- the documented schema

def json_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) of the exchange file, derived from the models."""
    specs = layout()
    defs: dict[str, Any] = {
        "uid": {"type": "string", "pattern": UID_PATTERN, "description": "A record's stable identifier (UUID)."},
    }
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "schema_revision": {"type": "string",
                            "description": "The newest database schema revision that changed what a file holds."},
    }
    for name, spec in specs.items():
        props: dict[str, Any] = {}
        for f in spec.fields:
            props[f.name] = _field_schema(f)
        for link in spec.links:
            props[link.name] = {"type": "array", "uniqueItems": True, "items": {"$ref": "#/$defs/uid"},
                                "description": f"Linked records of {link.target} (uids, sorted)."}
        defs[name] = {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in spec.fields if f.required],
            "properties": props,
        }
        properties[name] = {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "SEGIB Desktop exchange file",
        "description": "The whole database of SEGIB Desktop, as written by `segib-desktop export`. "
                       "See exchange-format.md.",
        "type": "object",
        "required": ["format", "format_version"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
    }


def _field_schema(f: FieldSpec) -> dict[str, Any]:
    types = {"text": "string", "int": "integer", "float": "number", "bool": "boolean"}
    nullable = ["null"] if f.nullable else []
    if f.kind == "uid":
        return {"$ref": "#/$defs/uid"}
    if f.kind == "ref":
        out = {"type": ["string", *nullable], "pattern": UID_PATTERN,
               "description": f"The uid of a record of {f.target}."}
    elif f.kind == "enum":
        out = {"enum": [*f.values, *([None] if f.nullable else [])]}
    elif f.kind == "date":
        out = {"type": ["string", *nullable], "pattern": DATE_PATTERN}
    elif f.kind == "datetime":
        out = {"type": ["string", *nullable], "pattern": DATETIME_PATTERN, "description": "UTC."}
    elif f.kind == "json":
        out = {}
    else:
        out = {"type": [types[f.kind], *nullable]}
    if isinstance(out.get("type"), list) and len(out["type"]) == 1:
        out["type"] = out["type"][0]
    return out
