"""Cooperation programmes (IberBLH first, any other alike): members, milestones, indicators.

Nothing here knows a programme by name: every call takes a ``programme_id``.
"Delayed" is derived, never stored: the planned end has passed, there is no
actual end, and the milestone is not cancelled. Everything that depends on it
takes ``today``.

Kept whole: the write services of one domain (programmes, members, milestones, indicators and
the indicators' import) with the reads inside their own write transactions. What the screens read
(the lists, the matrix, the timeline, a country's standing, the indicators) is ``core.read.programmes``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segib_desktop import errors
from segib_desktop.core import rules
from segib_desktop.core.models import (
    Country,
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    ProgrammeMember,
)
from segib_desktop.core.read import rules as read_rules
from segib_desktop.core.read.programmes import (  # the list's filter value, a message
    NO_PROGRAMME,
)
from segib_desktop.core.services.base import REQUIRED, CrudService
from segib_desktop.core.services.base import check_required as _check_required
from segib_desktop.i18n import N_, Translator, active, fold, plural

YEAR_RANGE = (1990, 2100)

CODE_TAKEN = N_("A programme with the code {code} already exists.")
COUNTRY_ALREADY_MEMBER = N_("This country is already a member of the programme.")
NOT_A_MEMBER = N_("This country is not a member of the programme; add it to the members first.")
ACHIEVED_NEEDS_END = N_("An achieved milestone needs its actual end date.")
ACTUAL_END_NEEDS_STATUS = N_("A milestone with an actual end date is achieved or cancelled; change its status.")
ACTUAL_END_FUTURE = N_("The actual end cannot be in the future.")
BAD_YEAR = N_("The year must be between 1990 and 2100.")


def check_required(values: dict, *keys: str) -> dict[str, str]:
    """As the shared check, but a text of spaces only counts as empty too."""
    problems = _check_required(values, *keys)
    problems |= {k: REQUIRED for k in keys if isinstance(values.get(k), str) and not values[k].strip()}
    return problems


is_delayed = read_rules.is_delayed  # (planned_end, actual_end, status, today)







# --- programmes and their members


class ProgrammeService(CrudService):
    model = Programme
    fields = ("code", "name_es", "name_pt", "approved_summit_id", "approved_on", "secretariat",
              "objectives_es", "objectives_pt", "notes")
    cascade_on_confirm = True


    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems = check_required(values, "code", "name_es")
        code = (values.get("code") or "").strip()
        if code:
            clash = session.scalar(select(Programme.id).where(func.lower(Programme.code) == code.lower(),
                                                              Programme.id != (record_id or -1)))
            if clash:
                problems["code"] = (CODE_TAKEN, {"code": code})
        return problems

    def dependents(self, session: Session, obj: Programme) -> list[str]:
        t = active()
        found = []
        milestones = session.scalar(select(func.count()).where(Milestone.programme_id == obj.id))
        values = session.scalar(select(func.count()).where(IndicatorValue.programme_id == obj.id))
        if milestones:
            found.append(plural(milestones, N_("1 milestone"), N_("{n} milestones"), t))
        if values:
            found.append(plural(values, N_("1 indicator value"), N_("{n} indicator values"), t))
        return found

    def delete_dependents(self, session: Session, obj: Programme) -> None:
        # Through the ORM, so that the audit trail records each one.
        for model in (Milestone, IndicatorValue):
            for row in session.scalars(select(model).where(model.programme_id == obj.id)):
                session.delete(row)
        session.flush()



class MemberService(CrudService):
    """A country's membership of a programme, with the dates it joined and left."""

    model = ProgrammeMember
    fields = ("programme_id", "country_id", "joined_on", "left_on")



    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems = check_required(values, "programme_id", "country_id")
        if values.get("programme_id") and values.get("country_id"):
            clash = session.scalar(select(ProgrammeMember.id).where(
                ProgrammeMember.programme_id == values["programme_id"],
                ProgrammeMember.country_id == values["country_id"], ProgrammeMember.id != (record_id or -1)))
            if clash:
                problems["country_id"] = COUNTRY_ALREADY_MEMBER
        return problems

    def dependents(self, session: Session, obj: ProgrammeMember) -> list[str]:
        t = active()
        found = []
        milestones = session.scalar(select(func.count()).where(Milestone.programme_id == obj.programme_id,
                                                               Milestone.country_id == obj.country_id))
        values = session.scalar(select(func.count()).where(IndicatorValue.programme_id == obj.programme_id,
                                                           IndicatorValue.country_id == obj.country_id))
        if milestones:
            found.append(plural(milestones, N_("1 milestone of this country (record the date it left instead)"),
                                N_("{n} milestones of this country (record the date it left instead)"), t))
        if values:
            found.append(plural(values, N_("1 indicator value of this country"),
                                N_("{n} indicator values of this country"), t))
        return found


# --- milestones


# A member's joined date, when nobody wrote one, is that of its adhesion: the earliest achieved
# "Agreement signed" milestone of that country (its actual end, else its actual start). The
# officer may change it in the member's form; a date written there is never replaced.
# (Migration 0011 fills existing databases with the same rule in SQL.)
def joined_from_adhesion(session: Session, members: Collection[int] | None = None) -> int:
    """Fills the empty joined dates of programme members (of those whose ids are ``members``, if given) from
    their adhesion milestones; how many. (Also what an import of a file from before 0011 applies.)"""
    session.flush()
    day = func.coalesce(Milestone.actual_end, Milestone.actual_start)
    filled = 0
    for member in session.scalars(select(ProgrammeMember).where(ProgrammeMember.joined_on.is_(None))):
        if members is not None and member.id not in members:
            continue
        adhesion = session.scalar(select(func.min(day)).where(
            Milestone.programme_id == member.programme_id, Milestone.country_id == member.country_id,
            Milestone.category == MilestoneCategory.AGREEMENT, Milestone.status == MilestoneStatus.ACHIEVED,
            day.is_not(None)))
        if adhesion is not None:
            member.joined_on = adhesion if isinstance(adhesion, dt.date) else dt.date.fromisoformat(adhesion)
            filled += 1
    return filled


class MilestoneService(CrudService):
    model = Milestone
    fields = ("programme_id", "country_id", "category", "title", "description", "planned_start", "planned_end",
              "actual_start", "actual_end", "status", "progress", "responsible", "mandate_id")

    def __init__(self, db, today: dt.date | None = None):
        super().__init__(db)
        self.today = today  # None: the real date, read at each call

    def _today(self, today: dt.date | None = None) -> dt.date:
        return today or self.today or dt.date.today()


    def extra_values(self, session: Session, obj: Milestone) -> dict:
        return {"delayed": is_delayed(obj.planned_end, obj.actual_end, obj.status, self._today())}

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems = check_required(values, "programme_id", "category", "title", "status")
        status, actual_end = values.get("status"), values.get("actual_end")
        if status == MilestoneStatus.ACHIEVED and actual_end is None:
            problems["actual_end"] = ACHIEVED_NEEDS_END
        elif actual_end is not None and status in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS):
            problems["status"] = ACTUAL_END_NEEDS_STATUS
        if isinstance(actual_end, dt.date) and actual_end > self._today() and "actual_end" not in problems:
            problems["actual_end"] = ACTUAL_END_FUTURE  # (an end before its start is said instead: core/rules.py)
        programme_id, country_id = values.get("programme_id"), values.get("country_id")
        if programme_id and session.get(Programme, programme_id) is None:
            problems["programme_id"] = NO_PROGRAMME
        elif programme_id and country_id:
            member = session.scalar(select(ProgrammeMember.id).where(ProgrammeMember.programme_id == programme_id,
                                                                     ProgrammeMember.country_id == country_id))
            if member is None:
                problems["country_id"] = NOT_A_MEMBER
        return problems

    def apply(self, session: Session, obj: Milestone, values: dict) -> None:
        values = dict(values)
        if values.get("progress") is None:
            values["progress"] = 100 if values.get("status") == MilestoneStatus.ACHIEVED else 0
        for key in ("description", "responsible"):
            if values.get(key) is None:
                values[key] = ""
        # Free text keeps its line breaks and spaces exactly; only the title is trimmed.
        for f in self.fields:
            if f in values:
                value = values[f]
                setattr(obj, f, value.strip() if f == "title" and isinstance(value, str) else value)
        if obj.category == MilestoneCategory.AGREEMENT and obj.status == MilestoneStatus.ACHIEVED:
            joined_from_adhesion(session)



    # --- where each country stands









# --- indicators


class ImportRejected(errors.SegibError):
    """A file with bad rows: each problem is (line number, msgid, params). Nothing was imported."""

    message = N_("Nothing was imported, because some rows of the file have problems. Correct them and "
                 "import the file again:")
    SHOWN = 30

    def __init__(self, problems: list[tuple[int, str, dict]]):
        self.problems = problems
        super().__init__()

    def lines(self, translator: Translator | None = None) -> list[str]:
        t = translator or active()
        return [t(msgid).format(line=line, **params) for line, msgid, params in self.problems]

    def user_message(self, translator: Translator | None = None) -> str:
        t = translator or active()
        lines = self.lines(t)
        shown = lines[:self.SHOWN]
        if len(lines) > self.SHOWN:
            shown.append(plural(len(lines) - self.SHOWN, N_("… and 1 more problem."), N_("… and {n} more problems."), t))
        return "\n".join([t(self.message), *shown])


class FileUnreadable(errors.SegibError):
    message = N_("The file {path} cannot be read. Check that it exists and that you may open it.")


# Messages about one line of an imported file.
COLUMNS_MISSING = N_("Line {line}: the first line must name the columns country, year, indicator and value; "
                     "{missing} is missing.")
FILE_EMPTY = N_("Line {line}: the file has no rows to import.")
NOT_CSV = N_("Line {line}: the line cannot be read as CSV text.")
CELL_EMPTY = {
    "country": N_("Line {line}: the country is empty."),
    "year": N_("Line {line}: the year is empty."),
    "indicator": N_("Line {line}: the indicator is empty."),
    "value": N_("Line {line}: the value is empty."),
}
COUNTRY_UNKNOWN = N_("Line {line}: the country “{value}” is not known; write its two-letter code (such as AR) "
                     "or its name.")
COUNTRY_NOT_MEMBER = N_("Line {line}: {country} is not a member of this programme.")
YEAR_INVALID = N_("Line {line}: “{value}” is not a year between 1990 and 2100.")
INDICATOR_UNKNOWN = N_("Line {line}: the indicator “{value}” is not known; use one of: {known}.")
VALUE_INVALID = N_("Line {line}: the value “{value}” is not a number.")
VALUE_AMBIGUOUS = N_("Line {line}: the value “{value}” is ambiguous; write it without a thousands separator "
                     "(for example 12500, or 12,5 for twelve and a half).")
VALUE_NEGATIVE = N_("Line {line}: the value {value} is negative; an indicator cannot be negative.")
VALUE_TOO_LARGE = N_("Line {line}: the value {value} is above 1,000,000,000,000; check the figure.")
VALUE_NOT_WHOLE = N_("Line {line}: the value {value} is not a whole number, but {indicator} counts things.")
# A figure's problem (core/rules.py), said of a line of the file.
VALUE_PROBLEM = {rules.NEGATIVE_VALUE: VALUE_NEGATIVE, rules.TOO_LARGE_VALUE: VALUE_TOO_LARGE,
                 rules.NOT_WHOLE_VALUE: VALUE_NOT_WHOLE}
DUPLICATE_ROW = N_("Line {line}: {country}, {year} and {indicator} already appear on line {first}.")

# Column names accepted in the first line, in English, Spanish and Portuguese.
HEADER_NAMES = {
    "country": {"country", "pais", "iso", "iso2"},
    "year": {"year", "ano", "anio"},
    "indicator": {"indicator", "indicador"},
    "value": {"value", "valor"},
}


def parse_number(text: str) -> float | None:
    """A value as officers type it: 12500, 12500.5, 12500,5, 12.500,5, 12,500.5, 12 500.

    Returns None if it is not a number; raises ValueError if it is ambiguous
    (one separator followed by exactly three digits after a group that could lead thousands:
    12.500 or 12,500; but 0,001 and 1234,567 can only be decimals).
    """
    text = text.strip().replace("\u00a0", " ").replace(" ", "")
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", text):
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _sep, frac = text.rpartition(decimal)
        if decimal in whole or not re.fullmatch(r"[+-]?\d{1,3}(" + re.escape(thousands) + r"\d{3})*", whole):
            return None
        return float(whole.replace(thousands, "") + "." + frac)
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(text)
    count = dots or commas
    if count > 1:  # 1.234.567: thousands only
        if not re.fullmatch(r"[+-]?\d{1,3}(" + re.escape(sep) + r"\d{3})+", text):
            return None
        return float(text.replace(sep, ""))
    whole, frac = text.split(sep)
    if not whole.lstrip("+-") or not frac:
        return None
    if len(frac) == 3 and re.fullmatch(r"[1-9]\d{0,2}", whole.lstrip("+-")):
        raise ValueError(text)
    return float(whole + "." + frac)


def _read_text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise FileUnreadable(path=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # a spreadsheet saved on Windows


class IndicatorService:
    """Yearly indicators per country: the grid, the chart series and the CSV import."""

    def __init__(self, db):
        self.db = db




    def set_value(self, programme_id: int, country_id: int, year: int, indicator: Indicator,
                  value: float | None) -> None:
        """Stores one value (None clears it), in one transaction."""
        if value is not None:
            if problem := rules.indicator_value_problem(indicator, value):
                raise errors.ValidationError({"value": problem})
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise errors.ValidationError({"year": BAD_YEAR})
        with self.db.session(write=True) as s:
            if s.scalar(select(ProgrammeMember.id).where(ProgrammeMember.programme_id == programme_id,
                                                         ProgrammeMember.country_id == country_id)) is None:
                raise errors.ValidationError({"country_id": NOT_A_MEMBER})
            row = s.scalar(select(IndicatorValue).where(
                IndicatorValue.programme_id == programme_id, IndicatorValue.country_id == country_id,
                IndicatorValue.year == year, IndicatorValue.indicator == indicator))
            if value is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(IndicatorValue(programme_id=programme_id, country_id=country_id, year=year,
                                     indicator=indicator, value=float(value)))
            elif row.value != value:
                row.value = float(value)

    # --- the CSV import

    def import_csv(self, programme_id: int, path: Path) -> dict[str, int]:
        """Imports ``country, year, indicator, value`` rows: all of them, or none.

        Every row is checked first; if any is bad, raises ImportRejected listing each
        bad row by its line number and writes nothing. Otherwise adds or updates every
        value in one transaction and returns {"added": n, "updated": m}.
        """
        text = _read_text(path)
        with self.db.session() as s:
            if s.get(Programme, programme_id) is None:
                raise errors.NotFound(NO_PROGRAMME)
            countries = s.execute(select(Country.id, Country.iso2, Country.iso3, Country.name_es,
                                         Country.name_pt, Country.name_en)).all()
            members = set(s.scalars(select(ProgrammeMember.country_id)
                                    .where(ProgrammeMember.programme_id == programme_id)))
            rows, problems = self._check(text, countries, members)
            if problems:
                raise ImportRejected(problems)
            existing = {(v.country_id, v.year, v.indicator): v for v in s.scalars(
                select(IndicatorValue).where(IndicatorValue.programme_id == programme_id))}
            added = updated = 0
            for country_id, year, indicator, value in rows:
                current = existing.get((country_id, year, indicator))
                if current is None:
                    s.add(IndicatorValue(programme_id=programme_id, country_id=country_id, year=year,
                                         indicator=indicator, value=value))
                    added += 1
                elif current.value != value:
                    current.value = value
                    updated += 1
            return {"added": added, "updated": updated, "rows": len(rows)}

    @staticmethod
    def _check(text: str, countries, members: set[int]) -> tuple[list[tuple], list[tuple[int, str, dict]]]:
        t = active()
        by_key: dict[str, tuple[int, str]] = {}
        for c in countries:
            name = read_rules.localised(t.lang, c)
            for key in filter(None, (c.iso2, c.iso3, c.name_es, c.name_pt, c.name_en)):
                by_key[fold(key)] = (c.id, name)
        indicators: dict[str, Indicator] = {}
        for indicator in Indicator:
            indicators[fold(indicator.value)] = indicator
            for lang in ("en", "es", "pt"):
                indicators[fold(Translator(lang)(indicator.label))] = indicator
        known = ", ".join(i.value for i in Indicator)

        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        problems: list[tuple[int, str, dict]] = []
        try:
            header = next(reader, None)
        except csv.Error:
            return [], [(1, NOT_CSV, {})]
        if header is None:
            return [], [(1, FILE_EMPTY, {})]
        columns: dict[str, int] = {}
        for index, name in enumerate(header):
            for key, names in HEADER_NAMES.items():
                if fold(name).strip() in names and key not in columns:
                    columns[key] = index
        missing = [key for key in HEADER_NAMES if key not in columns]
        if missing:
            return [], [(1, COLUMNS_MISSING, {"missing": ", ".join(missing)})]

        rows: list[tuple] = []
        seen: dict[tuple, int] = {}
        line = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:
                problems.append((reader.line_num, NOT_CSV, {}))
                break
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            cells = {key: (record[i].strip() if i < len(record) else "") for key, i in columns.items()}
            bad = False
            for key in HEADER_NAMES:
                if not cells[key]:
                    problems.append((line, CELL_EMPTY[key], {}))
                    bad = True
            if bad:
                continue
            country = by_key.get(fold(cells["country"]))
            if country is None:
                problems.append((line, COUNTRY_UNKNOWN, {"value": cells["country"]}))
            elif country[0] not in members:
                problems.append((line, COUNTRY_NOT_MEMBER, {"country": country[1]}))
                country = None
            year = int(cells["year"]) if re.fullmatch(r"\d{4}", cells["year"]) else None
            if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                problems.append((line, YEAR_INVALID, {"value": cells["year"]}))
                year = None
            indicator = indicators.get(fold(cells["indicator"]))
            if indicator is None:
                problems.append((line, INDICATOR_UNKNOWN, {"value": cells["indicator"], "known": known}))
            try:
                value = parse_number(cells["value"])
            except ValueError:
                problems.append((line, VALUE_AMBIGUOUS, {"value": cells["value"]}))
                continue
            if value is None:
                problems.append((line, VALUE_INVALID, {"value": cells["value"]}))
                continue
            if problem := rules.indicator_value_problem(indicator, value):  # the rules of every figure
                problems.append((line, VALUE_PROBLEM[problem], {
                    "value": cells["value"], "indicator": t(indicator.label) if indicator is not None else ""}))
                continue
            if country is None or year is None or indicator is None:
                continue
            key = (country[0], year, indicator)
            if key in seen:
                problems.append((line, DUPLICATE_ROW, {"country": country[1], "year": year,
                                                       "indicator": t(indicator.label), "first": seen[key]}))
                continue
            seen[key] = line
            rows.append((country[0], year, indicator, value))
        if not rows and not problems:
            problems.append((2, FILE_EMPTY, {}))  # where the first row should have been
        return rows, problems

