"""A list as a spreadsheet: headers and rows to CSV or XLSX, with no Qt in it.

The caller (the shared list, ``gui.widgets.table.ListPage``) passes the shown
headers and the visible rows in their shown order, each cell either the text
the list shows or, for dates and plain numbers, the value itself, so that a
spreadsheet gets real dates and numbers.

CSV: UTF-8 with a byte order mark (so that Excel reads "Cádiz" and "São Paulo"
as written), fields separated by ``;`` (Excel in Spanish and Portuguese uses
the comma as the decimal sign and expects ``;`` between fields; LibreOffice asks
and offers it), lines ending in CRLF, fields quoted when they hold ``;``, quotes
or line breaks. Dates are written as the list shows them (04/11/2026), decimals
with the language's decimal sign. A text that starts with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return) gets a leading apostrophe, so that a
spreadsheet program shows it as text instead of running it as a formula.

XLSX (openpyxl): a bold, frozen header row with a filter, dates as dates
(shown dd/mm/yyyy), numbers as numbers, every text as text (never a formula),
column widths from the contents.

Both are written to a temporary file readable by the owner only, synced and
renamed over the target, like the exchange file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from segib_desktop.i18n import Translator, active

DELIMITER = ";"
FORMATS = ("xlsx", "csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60  # characters
SAMPLE_ROWS = 500  # rows looked at to size the columns
# What XML 1.0 (and so XLSX) cannot hold: control characters other than tab and line breaks.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int | float | dt.date | dt.datetime | None


def _csv_text(value: Any, translator: Translator) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{translator.format_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return translator.format_date(value)
    if isinstance(value, bool):
        return translator("Yes") if value else translator("No")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        from babel.numbers import get_decimal_symbol

        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", get_decimal_symbol(translator.locale))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *,
              translator: Translator | None = None) -> bytes:
    """The CSV file's bytes: BOM, ``;``-separated, CRLF."""
    t = translator or active()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([_csv_text(h, t) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v, t) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Sheet"
    return cleaned[:31]


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, title: str = "") -> bytes:
    """The XLSX file's bytes: one sheet, bold frozen header, typed cells, sized columns."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    sample = list(rows[:SAMPLE_ROWS])
    for col, header in enumerate(headers):
        width = max([_width(header) + 2] + [_width(row[col]) + 1 for row in sample if col < len(row)])
        sheet.column_dimensions[get_column_letter(col + 1)].width = min(max(width, 6), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"

    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_ILLEGAL.sub("", str(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=_ILLEGAL.sub("", value))
                cell.data_type = "s"  # openpyxl takes a text starting with "=" for a formula: it is text
                if "\n" in value:
                    cell.alignment = wrap
            elif isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, int | float):
                cell = WriteOnlyCell(sheet, value=value)
            else:
                cell = WriteOnlyCell(sheet, value=None if value is None else _ILLEGAL.sub("", str(value)))
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def format_of(path: Path) -> str:
    """``xlsx`` or ``csv`` from the file name (XLSX unless it ends in .csv)."""
    return "csv" if Path(path).suffix.lower() == ".csv" else "xlsx"


def write(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, title: str = "",
          translator: Translator | None = None) -> Path:
    """Writes the rows to ``path`` as CSV or XLSX (by its suffix), readable by the owner only.

    Raises the exchange file's known errors (ExportFailed, ExportDiskFull); nothing is
    left behind on failure.
    """
    from segib_desktop.core.exchange import write_private

    path = Path(path)
    if format_of(path) == "csv":
        data = csv_bytes(headers, rows, translator=translator)
    else:
        data = xlsx_bytes(headers, rows, title=title)
    write_private(path, data)
    return path


def suggested_name(title: str, fmt: str = "xlsx", today: dt.date | None = None) -> str:
    """``Mandatos-2026-11-29.xlsx``: the list's title and the date, safe as a file name."""
    stem = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).split()).strip(".") or "list"
    return f"{stem}-{(today or dt.date.today()).isoformat()}.{fmt}"
