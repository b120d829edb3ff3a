"""Mandates from a spreadsheet (.xlsx): read it, map its columns to fields, check every row, write all or nothing.

The office's spreadsheets differ: the mandates may sit on a sheet after a cover, the header row may sit
under a title, its cells may be merged, a column may hold a formula. ``read`` takes the first sheet whose
header row names the mandates' title (else the first one that names any field, else the first sheet),
finds the header row (the row among the first ten whose cells name the most fields), takes a merged cell's value into every cell it covers, and keeps each formula's saved result
(a formula whose result the file does not hold is a problem of its row). ``guess`` maps headers to fields
by their names in Spanish, Portuguese and English; the officer's own mapping is remembered per set of
headers in the database's settings (``remember``/``remembered``), for the window and the command line.

``check`` turns each row into a mandate's values and lists its problems with their row and column:
the mandate service's rules (a title, a real date, a code nobody else has) and core/rules.py's, plus what
a spreadsheet adds (a status, priority or recurrence written in any of the three languages, an area that
exists). ``import_rows`` writes only a file without problems: a backup first, then every mandate in one
transaction through ``MandateService.create_many`` (audit trail included).

Kept whole: reading a sheet, mapping its columns, checking its rows and writing them are one import
whose steps change together (a column's name, kept by ``read``, is what ``mapping_problem`` and
``check`` name), and the command line and the dialog both use all of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segib_desktop import errors
from segib_desktop.core.dates import parse_date, why_not_a_date
from segib_desktop.core.db import Database
from segib_desktop.core.fsinfo import held_by_another_program
from segib_desktop.i18n import LANGUAGES, N_, Translator, active, fold, plural

EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!")
HEADER_ROWS = 10  # the header row is looked for among the first rows
MAPPINGS_SETTING = "xlsx_import_mappings"
KEPT_MAPPINGS = 30

# The fields a column can fill: key, label (msgid) and other names a header may give it (folded).
FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("point", N_("Point"), ("punto", "ponto", "n", "no", "nº", "n.º", "numero", "num", "number", "parrafo",
                            "paragrafo", "paragraph")),
    ("code", N_("Code"), ("codigo", "code", "ref", "referencia", "reference")),
    ("title", N_("Title"), ("titulo", "title", "mandato", "mandate", "asunto", "assunto", "subject")),
    ("text", N_("Text"), ("texto", "text", "texto del mandato", "texto do mandato", "description",
                          "descripcion", "descricao", "contenido", "conteudo")),
    ("area", N_("Responsible area"), ("area", "area responsable", "area responsavel", "unidad", "unidade",
                                      "responsible area")),
    ("officer", N_("Officer"), ("responsable", "responsavel", "officer", "funcionario", "tecnico",
                                "encargado", "encarregado")),
    # Not "fecha" or "data" alone: a date column may be the adoption's, and its day is no deadline.
    ("due_date", N_("Due date"), ("fecha limite", "plazo", "vencimiento", "fecha de vencimiento", "prazo",
                                  "data limite", "vencimento", "due date", "deadline", "due")),
    ("priority", N_("Priority"), ("prioridad", "prioridade", "priority")),
    ("status", N_("Status"), ("estado", "situacion", "situacao", "status", "estado de cumplimiento")),
    ("recurrence", N_("Recurrence"), ("recurrencia", "periodicidad", "recorrencia", "periodicidade",
                                      "recurrence", "frequency")),
    ("tags", N_("Tags"), ("etiquetas", "tags", "palabras clave", "palavras-chave", "keywords")),
)
FIELD_KEYS = tuple(f[0] for f in FIELDS)
FIELD_LABELS = {f[0]: f[1] for f in FIELDS}

# --- messages
NOT_XLSX = N_("The file {path} cannot be read as an Excel workbook (.xlsx).")
NOT_OPENED = N_("The file {path} cannot be opened: {reason}. Nothing was imported.")
NO_ROWS = N_("The file {path} has no rows of mandates under its header row.")
NO_ROWS_ON_SHEET = N_("The sheet “{sheet}” of {path} has no rows of mandates under its header row; the mandates "
                      "are read from the first sheet whose header row names their fields (such as “Título”), or "
                      "else from the first sheet.")
SHEET_READ = N_("The mandates are read from the sheet “{sheet}”.")
NO_TITLE_COLUMN = N_("Choose the column that holds the mandates' titles.")
NO_TITLE_HEADER = N_("No column of {path} has a header read as the mandates' title (such as “Título” or “Title”): "
                     "rename that column's header, or import the file from the window, where each column's "
                     "field can be chosen.")
TWICE = N_("The field “{field}” is chosen for more than one column ({columns}): keep it for the right one, and "
           "choose another field, or “(not imported)”, for the others.")
HEADERS_TWICE = N_("The columns {columns} of {path} could each be the field “{field}”, so nothing was imported: "
                   "rename the header of the one that is not, or import the file from the window, where each "
                   "column's field can be chosen.")
LISTED = N_("{first} and {last}")
COLUMN_FIELD = N_("Column {column}: {field}.")
COLUMN_IGNORED = N_("Column {column}: not imported.")
UNKNOWN_VALUE = N_("“{value}” is not a known value; use one of: {known}.")
UNKNOWN_AREA = N_("There is no area called “{value}”; add it first (Mandates > Areas and user…) or leave the cell empty.")
FORMULA_WITHOUT_VALUE = N_("The cell holds a formula whose result was not saved in the file; open it in Excel, save it, and try again.")
SAME_CODE = N_("Row {row} gives the same code {code}.")
CELL_ERROR = N_("The cell shows the error {value}.")
PROBLEM_LINE = N_("Row {row}, column {column}: {problem}")
ROW_LINE = N_("Row {row}: {problem}")
HEADLINE = N_("The spreadsheet {path} was not imported, and nothing was changed, because 1 row has problems:")
HEADLINE_MANY = N_("The spreadsheet {path} was not imported, and nothing was changed, because {n} rows have problems:")
IMPORTED = N_("1 mandate imported from {path}.")
IMPORTED_MANY = N_("{n} mandates imported from {path}.")


@dataclass
class Sheet:
    """A spreadsheet's header and rows, as read."""

    path: Path
    headers: list[str]  # one per column ("" for a column without a header)
    header_row: int  # its number as the spreadsheet shows it (1-based)
    rows: list[tuple[int, list[Any]]]  # (row number, cell values); a formula without a result is FORMULA
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row number, column index) without a result
    epoch: Any = None  # the workbook's date system (1900 or 1904), for dates stored as plain numbers
    continued: set[int] = field(default_factory=set)  # columns under a header merged from a column to their left
    name: str = ""  # the worksheet's
    sheets: int = 1  # how many worksheets the workbook has

    def column_name(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(index + 1)
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{letter} ({header})" if header else letter

    def signature(self) -> str:
        """The header set, as the key of a remembered mapping."""
        return "|".join(fold(h).strip() for h in self.headers)


@dataclass
class Problem:
    row: int
    column: str  # "B (Fecha límite)", or "" for the row as a whole
    message: str  # a msgid
    params: dict = field(default_factory=dict)
    key: str | None = None  # the field

    def problem(self, t: Translator | None = None) -> str:
        """The problem alone (a preview shows it on its row, beside its column)."""
        t = t or active()
        return t(self.message).format(**{k: t(v) if k == "field" else v for k, v in self.params.items()})

    def text(self, t: Translator | None = None) -> str:
        t = t or active()
        problem = self.problem(t)
        if self.column:
            return t(PROBLEM_LINE).format(row=self.row, column=self.column, problem=problem)
        return t(ROW_LINE).format(row=self.row, problem=problem)


@dataclass
class Checked:
    """A checked spreadsheet: each row's mandate values (in order) and the problems of every row."""

    points: list[tuple[int, dict[str, Any]]]  # (row number, values for MandateService)
    problems: list[Problem]

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})


class SheetProblems(errors.SegibError):
    """Rows with problems: nothing was written."""

    message = HEADLINE_MANY

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.problems = list(problems)
        rows = len({p.row for p in problems})
        super().__init__(path=str(path), n=rows)
        self.message = HEADLINE if rows == 1 else HEADLINE_MANY

    def lines(self, translator: Translator | None = None) -> list[str]:
        return [p.text(translator) for p in self.problems]

    def user_message(self, translator: Translator | None = None) -> str:
        return "\n".join([super().user_message(translator), *self.lines(translator)])


# --- reading

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)


def _score(cells: Sequence[Any]) -> int:
    names = _header_names()
    return sum(1 for c in cells if isinstance(c, str) and _clean(c) in names)


def _clean(header: str) -> str:
    return re.sub(r"[\s_:*.()]+", " ", fold(header)).strip()


_NAMES: dict[str, str] | None = None


def _header_names() -> dict[str, str]:
    """Folded header name -> field key: each field's label in every language, and its other names."""
    global _NAMES
    if _NAMES is None:
        names: dict[str, str] = {}
        for key, label, others in FIELDS:
            for lang in LANGUAGES:
                names.setdefault(_clean(Translator(lang)(label)), key)
            for other in others:
                names.setdefault(_clean(other), key)
        _NAMES = names
    return _NAMES


def _fields_named(sheet) -> set[str]:
    """The fields that the best of a worksheet's first rows names."""
    names = _header_names()
    found = [{names[_clean(c)] for c in row if isinstance(c, str) and _clean(c) in names}
             for row in sheet.iter_rows(max_row=HEADER_ROWS, values_only=True)]
    return max(found, key=len, default=set())


def _mandates_sheet(book) -> int:
    """The worksheet the mandates are on: the first whose header row names their title, else the first whose
    header row names any field, else the first one."""
    named = [_fields_named(sheet) for sheet in book.worksheets]
    return next((i for i, fields in enumerate(named) if "title" in fields),
                next((i for i, fields in enumerate(named) if fields), 0))


def read(path: Path | str) -> Sheet:
    """The header and rows of the worksheet the mandates are on (``_mandates_sheet``). Raises a known error
    if it is not a workbook or that sheet has no rows."""
    import zipfile

    import openpyxl

    path = Path(path)
    try:
        values_book = openpyxl.load_workbook(path, data_only=True)
        formulas_book = openpyxl.load_workbook(path, data_only=False)
    except OSError as exc:  # not a fault of the workbook: held by another program, gone, not allowed
        reason = active().gettext(errors.HELD) if held_by_another_program(path, exc) else errors.os_reason(exc)
        raise errors.SegibError(NOT_OPENED, path=str(path), reason=reason) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise errors.SegibError(NOT_XLSX, path=str(path)) from exc
    except Exception as exc:  # openpyxl raises its own errors on a damaged workbook
        if type(exc).__module__.startswith(("openpyxl", "xml")):
            raise errors.SegibError(NOT_XLSX, path=str(path)) from exc
        raise
    chosen = _mandates_sheet(values_book)
    sheet, formula_sheet = values_book.worksheets[chosen], formulas_book.worksheets[chosen]
    count = len(values_book.worksheets)
    empty = (errors.SegibError(NO_ROWS_ON_SHEET, path=str(path), sheet=sheet.title) if count > 1
             else errors.SegibError(NO_ROWS, path=str(path)))
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    raw = [list(row) for row in formula_sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:  # every covered cell shows the merged cell's value
        top = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = top
                raw[r - 1][c - 1] = raw[merged.min_row - 1][merged.min_col - 1]
    if not grid:
        raise empty
    best = max(range(min(HEADER_ROWS, len(grid))), key=lambda i: (_score(grid[i]), -i))
    if _score(grid[best]) == 0:  # no known name: the first row that is not empty
        best = next((i for i, row in enumerate(grid) if any(c not in (None, "") for c in row)), 0)
    headers = [_text(c).strip() for c in grid[best]]
    while headers and not headers[-1]:
        headers.pop()
    rows, formulas = [], set()
    for i in range(best + 1, len(grid)):
        cells = grid[i][:len(headers)]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        for c, value in enumerate(cells):
            source = raw[i][c] if c < len(raw[i]) else None
            if value is None and isinstance(source, str) and source.startswith("="):
                formulas.add((i + 1, c))
        rows.append((i + 1, cells))
    if not rows:
        raise empty
    continued = {c - 1 for merged in sheet.merged_cells.ranges if merged.min_row <= best + 1 <= merged.max_row
                 for c in range(merged.min_col + 1, merged.max_col + 1)}
    return Sheet(path, headers, best + 1, rows, formulas, values_book.epoch, continued, sheet.title, count)


# --- mapping

def guess(headers: Sequence[str], continued: set[int] | frozenset = frozenset()) -> list[str | None]:
    """Each column's field, guessed from its header (None: not imported).

    Two headers that name one field both get it, and ``mapping_problem`` names them: which of the two is
    meant is the officer's choice, never a silent one. Only a header merged over several columns (the
    ``continued`` ones) gives its field to its first column alone.
    """
    names = _header_names()
    return [None if i in continued else names.get(_clean(header)) for i, header in enumerate(headers)]


def remembered(db: Database, sheet: Sheet) -> list[str | None] | None:
    from segib_desktop.core.services.settings import SettingsService

    stored = SettingsService(db).get(MAPPINGS_SETTING, {}) or {}
    mapping = stored.get(sheet.signature()) if isinstance(stored, dict) else None
    if not isinstance(mapping, list) or len(mapping) != len(sheet.headers):
        return None
    return [m if m in FIELD_KEYS else None for m in mapping]


def remember(db: Database, sheet: Sheet, mapping: Sequence[str | None]) -> None:
    """Keeps the officer's mapping for this set of headers (the latest ones, at most KEPT_MAPPINGS)."""
    from segib_desktop.core.services.settings import SettingsService

    settings = SettingsService(db)
    stored = settings.get(MAPPINGS_SETTING, {}) or {}
    stored = dict(stored) if isinstance(stored, dict) else {}
    stored.pop(sheet.signature(), None)
    stored[sheet.signature()] = list(mapping)
    settings.set(MAPPINGS_SETTING, dict(list(stored.items())[-KEPT_MAPPINGS:]))


def mapping_for(db: Database, sheet: Sheet) -> list[str | None]:
    return remembered(db, sheet) or guess(sheet.headers, sheet.continued)


def listed(items: Sequence[str], t: Translator | None = None) -> str:
    """“A, B and C”, in the active language."""
    t = t or active()
    if len(items) < 2:
        return "".join(items)
    return t(LISTED).format(first=", ".join(items[:-1]), last=items[-1])


def clashes(mapping: Sequence[str | None]) -> dict[str, list[int]]:
    """Each field chosen for more than one column -> those columns (indexes), in the fields' order."""
    found: dict[str, list[int]] = {}
    for index, key in enumerate(mapping):
        if key:
            found.setdefault(key, []).append(index)
    return {key: found[key] for key in FIELD_KEYS if len(found.get(key, ())) > 1}


def mapping_problem(sheet: Sheet, mapping: Sequence[str | None],
                    t: Translator | None = None) -> tuple[str, dict] | None:
    """What keeps a mapping from being used: a field chosen for several columns (named), or no title column.
    The parameters are translated with ``t``."""
    t = t or active()
    for key, columns in clashes(mapping).items():
        return TWICE, {"field": t(FIELD_LABELS[key]),
                       "columns": listed([sheet.column_name(i) for i in columns], t)}
    if "title" not in mapping:
        return NO_TITLE_COLUMN, {}
    return None


def mapping_lines(sheet: Sheet, mapping: Sequence[str | None], t: Translator | None = None) -> list[str]:
    """Which field each column fills, a line each (the command line shows them, so none is left out unseen)."""
    t = t or active()
    return [t(COLUMN_FIELD).format(column=sheet.column_name(i), field=t(FIELD_LABELS[key])) if key else
            t(COLUMN_IGNORED).format(column=sheet.column_name(i)) for i, key in enumerate(mapping)]


# --- checking

def enum_choices(enum_cls) -> dict[str, Any]:
    """Folded label (in every language) or stored value -> member."""
    out: dict[str, Any] = {}
    for member in enum_cls:
        out[fold(member.value)] = member
        out[fold(member.value.replace("_", " "))] = member
        for lang in LANGUAGES:
            out.setdefault(fold(Translator(lang)(member.label)), member)
    return out


def _excel_date(value: Any, epoch) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000:
        from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

        return from_excel(value, epoch or CALENDAR_WINDOWS_1900).date()  # a date stored as a plain number (1954-2119)
    if isinstance(value, str):
        return parse_date(value)
    return None


def check(db: Database, sheet: Sheet, mapping: Sequence[str | None], document_id: int | None) -> Checked:
    """Every row's values and problems, by the rules a form's save applies (nothing is written)."""
    from sqlalchemy import select

    from segib_desktop.core import rules
    from segib_desktop.core.models import Area, Mandate, MandateStatus, Priority, Recurrence
    from segib_desktop.core.read import mandates as read_mandates
    from segib_desktop.core.services.mandates import MandateService, NewMandates, build_code

    t = active()
    service = MandateService(db)
    enums = {"status": MandateStatus, "priority": Priority, "recurrence": Recurrence}
    choices = {key: enum_choices(cls) for key, cls in enums.items()}
    known = {key: ", ".join(t(m.label) for m in cls) for key, cls in enums.items()}
    columns = {key: i for i, key in enumerate(mapping) if key}
    points: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    codes: dict[str, int] = {}
    prefix = read_mandates.code_prefixes(service.db).get(document_id, "") if document_id is not None else ""
    with db.session() as s:
        areas = {fold(name).strip(): area_id for area_id, name in s.execute(select(Area.id, Area.name))}
        new = NewMandates.read(s)  # read once, not for each row
        for number, cells in sheet.rows:
            values: dict[str, Any] = {"document_id": document_id}
            found: list[Problem] = []

            def problem(key: str | None, message: str, _number=number, _found=found, **params) -> None:
                column = sheet.column_name(columns[key]) if key in columns else ""
                _found.append(Problem(_number, column, message, params, key))

            for key, index in columns.items():
                value = cells[index] if index < len(cells) else None
                if (number, index) in sheet.formulas:
                    problem(key, FORMULA_WITHOUT_VALUE)
                    continue
                if isinstance(value, str) and value in EXCEL_ERRORS:
                    problem(key, CELL_ERROR, value=value)
                    continue
                if key == "due_date":
                    if value is None or (isinstance(value, str) and not value.strip()):
                        values[key] = None
                    else:
                        day = _excel_date(value, sheet.epoch)
                        if day is None:
                            message, params = why_not_a_date(_text(value), t)
                            problem(key, message, **params)
                        values[key] = day
                elif key in enums:
                    text = fold(_text(value)).strip()
                    if not text:
                        values[key] = None
                    elif text in choices[key]:
                        values[key] = choices[key][text]
                    else:
                        problem(key, UNKNOWN_VALUE, value=_text(value).strip(), known=known[key])
                elif key == "area":
                    text = fold(_text(value)).strip()
                    if text and text not in areas:
                        problem(key, UNKNOWN_AREA, value=_text(value).strip())
                    values["area_id"] = areas.get(text)
                elif key == "text":
                    values[key] = _text(value).replace("\r\n", "\n")
                else:
                    values[key] = _text(value).strip()
            values.setdefault("title", "")
            reported = service.validate(s, None, values, new=new)
            for key, message in rules.check_record(s, Mandate, None, values).items():
                reported.setdefault(key, message)  # the same rules as a form's save (CrudService.save)
            for key, message in reported.items():
                if key == "document_id" or any(p.key == key for p in found):
                    continue  # the document is chosen once for the sheet; a cell already has its problem
                msgid, params = message if isinstance(message, tuple) else (message, {})
                problem(key if key in columns or key != "code" else "point", msgid, **params)
            code = (values.get("code") or "").strip() or build_code(prefix, values.get("point", ""))
            if code and code in codes:
                problem("code" if "code" in columns else "point", SAME_CODE, row=codes[code], code=code)
            elif code:
                codes[code] = number
            problems += found
            points.append((number, values))
    return Checked(points, problems)


# --- writing

def import_rows(db: Database, sheet: Sheet, mapping: Sequence[str | None], document_id: int, *,
                backups_dir: Path, progress: Callable[[int, int], None] | None = None) -> tuple[list[int], Path]:
    """Checks again, then backs the database up (into ``backups_dir``: ``backups.import_folder``) and writes
    every row as a mandate, in one transaction; ``progress(written, rows)`` after each one (an exception
    it raises writes nothing).

    Raises SheetProblems (nothing written, no backup made) if any row has a problem. Returns the new
    mandates' ids and the backup's path.
    """
    from segib_desktop.core import backups
    from segib_desktop.core.services.mandates import MandateService

    problem = mapping_problem(sheet, mapping)
    if problem:
        raise errors.SegibError(problem[0], **problem[1])
    checked = check(db, sheet, mapping, document_id)
    if checked.problems:
        raise SheetProblems(sheet.path, checked.problems)
    backup = backups.before_import(db, backups_dir)  # on a server, a pg_dump
    points = []
    for _number, values in checked.points:
        point = {k: v for k, v in values.items() if k != "document_id"}
        points.append(point)
    ids = MandateService(db).create_many(document_id, points, progress=progress)
    return ids, backup


def imported_message(count: int, path: Path | str, translator: Translator | None = None) -> str:
    return plural(count, IMPORTED, IMPORTED_MANY, translator, path=path)


# --- the document, as the command line names it

NO_SUMMIT = N_("There is no summit number {number} in the database.")
# {summit} is the summit's name ("V Ibero-American Summit"), {kind} a document kind's label, a noun of its own
# gender in Spanish and Portuguese: a sentence says "document of the kind {kind}" around it.
NO_DOCUMENT = N_("The {summit} has no document of the kind “{kind}” in the database: add it first (Meetings > "
                 "Documents), then import again.")
SEVERAL_DOCUMENTS = N_("The {summit} adopted several documents of this kind ({numbers}): say which one with "
                       "--number.")
NO_SUCH_NUMBER = N_("The {summit} has no document of the kind “{kind}” numbered “{number}”.")


def summit_document(db: Database, summit: int, kind: str, number: str | None = None) -> tuple[int, str]:
    """(id, label) of the document of ``kind`` adopted by summit number ``summit``; a known error if there is
    none, or several and ``number`` does not say which."""
    from sqlalchemy import select

    from segib_desktop.core.meeting_names import summit_name
    from segib_desktop.core.models import Document, DocumentKind, Summit
    from segib_desktop.core.read import mandates as read_mandates

    t = active()
    kind = DocumentKind(kind)
    with db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == summit))
        if summit_id is None:
            raise errors.SegibError(NO_SUMMIT, number=summit)
        found = s.execute(select(Document.id, Document.number).where(Document.summit_id == summit_id,
                                                                     Document.kind == kind)
                          .order_by(Document.number, Document.id)).all()
        name = summit_name(summit, t)
        if number is not None:
            found = [r for r in found if (r.number or "").strip() == number.strip()]
            if not found:
                raise errors.SegibError(NO_SUCH_NUMBER, summit=name, kind=t(kind.label), number=number)
        if not found:
            raise errors.SegibError(NO_DOCUMENT, summit=name, kind=t(kind.label))
        if len(found) > 1:
            raise errors.SegibError(SEVERAL_DOCUMENTS, summit=name,
                                    numbers=", ".join(r.number or "—" for r in found))
    labels = dict(read_mandates.documents(db, t.lang))
    return found[0].id, labels.get(found[0].id, "")
