"""A date typed as text (a command's option, a spreadsheet's cell): day/month/year, or year-month-day."""

from __future__ import annotations

import datetime as dt
import re

from segib_desktop.i18n import N_

NOT_A_DATE = N_("“{text}” is not a date: write it as day/month/year, for example 31/12/2026.")

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date | None:
    """31/12/2026, 31-12-2026, 31.12.2026, 31/12/26 or 2026-12-31 as a date; None if it is not a real date
    (31/02/2026 included). A two-digit year is of this century."""
    text = (text or "").strip()
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match[3]) == 2:
            year += 2000
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
