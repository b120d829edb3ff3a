"""A date typed as text (core/dates.py): what is read, and why what is not a date is not."""

from __future__ import annotations

import datetime as dt

import pytest

from segib_desktop.core.dates import parse_date, why_not_a_date
from segib_desktop.i18n import Translator


@pytest.mark.parametrize("text, expected", [
    ("31/12/2026", dt.date(2026, 12, 31)), ("31-12-2026", dt.date(2026, 12, 31)), ("31.12.26", dt.date(2026, 12, 31)),
    ("2026-12-31", dt.date(2026, 12, 31)), (" 1/2/2027 ", dt.date(2027, 2, 1)),
    ("31/02/2027", None), ("12/13/2026", None), ("ayer", None), ("", None), ("2026/12/31", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("lang, text, said", [
    ("es", "31/02/2027", "“31/02/2027” no es una fecha: febrero de 2027 no tiene día 31."),
    ("pt", "31/02/2027", "“31/02/2027” não é uma data: fevereiro de 2027 não tem dia 31."),
    ("en", "2026-04-31", "“2026-04-31” is not a date: April 2026 has no day 31."),
    ("es", "12/13/2026", "“12/13/2026” no es una fecha: no existe el mes 13 (escríbala como día/mes/año)."),
    ("es", "ayer", "“ayer” no es una fecha: escríbala como día/mes/año, por ejemplo 31/12/2026."),
])
def test_a_day_its_month_lacks_is_said_so_not_how_to_write_a_date(lang, text, said):
    """“31/02/2027” is written as day/month/year: the month lacks the day (it said "write it as day/month/year")."""
    t = Translator(lang)
    message, params = why_not_a_date(text, t)
    assert t(message).format(**params) == said
