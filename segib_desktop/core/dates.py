"""A date typed as text (a command's option, a spreadsheet's cell): day/month/year, or year-month-day."""

from __future__ import annotations

import datetime as dt
import re

from segib_desktop.i18n import N_, Translator

NOT_A_DATE = N_("“{text}” is not a date: write it as day/month/year, for example 31/12/2026.")
NO_SUCH_MONTH = N_("“{text}” is not a date: there is no month {month} (write it as day/month/year).")
NO_SUCH_DAY = N_("“{text}” is not a date: {month} has no day {day}.")

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) as written, if ``text`` has a date's form (whether or not that day exists)."""
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match[3]) == 2:
            year += 2000
    else:
        return None
    return year, month, day


def parse_date(text: str) -> dt.date | None:
    """31/12/2026, 31-12-2026, 31.12.2026, 31/12/26 or 2026-12-31 as a date; None if it is not a real date
    (31/02/2026 included). A two-digit year is of this century."""
    parts = _parts((text or "").strip())
    try:
        return dt.date(*parts) if parts else None
    except ValueError:
        return None


def why_not_a_date(text: str, t: Translator) -> tuple[str, dict]:
    """Why ``text``, which ``parse_date`` refused, is not a date: (msgid, its parameters, in ``t``'s language).
    Written as day/month/year but a day its month lacks: that month has no such day, not "write it as
    day/month/year"."""
    text = (text or "").strip()
    parts = _parts(text)
    if parts is None or not 1 <= parts[0] <= 9999:
        return NOT_A_DATE, {"text": text}
    year, month, day = parts
    if not 1 <= month <= 12:
        return NO_SUCH_MONTH, {"text": text, "month": month}
    return NO_SUCH_DAY, {"text": text, "month": t.format_month(dt.date(year, month, 1)), "day": day}
