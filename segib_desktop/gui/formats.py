"""Counts and long dates on screen, from Qt's own locale data (the CLDR, as Babel's).

The first screen shows both: QLocale is loaded with Qt already, while Babel's import and first use
would add a tenth to the start-up. Briefings and the command line format with Babel (the core has no
Qt); short dates (04/11/2026) are i18n's, the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from PySide6.QtCore import QDate, QLocale

from segib_desktop import i18n


@cache
def _locale(lang: str) -> QLocale:
    return QLocale(i18n.LOCALES[lang])


def number(value: int | float) -> str:
    """A number as the interface language writes it: 2.000 and 20.000 (es, pt), 20,000 (en); 1.234,5.

    The one number format of every screen (home figures, list counts, mandates by status, IberBLH
    indicators), and the same as the briefings' (Babel): a list must not say "20000 de 20000" beside
    a home page's "20.000". Thousands are always grouped (Qt leaves 4-digit numbers ungrouped in
    Spanish, Babel does not); the separators are the locale's.
    """
    locale = _locale(i18n.active().lang)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    whole, _dot, decimals = (f"{abs(value):.2f}".rstrip("0").rstrip(".") if isinstance(value, float)
                             else str(abs(value))).partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = locale.groupSeparator().join([whole, *groups])
    if decimals:
        text += locale.decimalPoint() + decimals
    return ("-" if value < 0 else "") + text


def long_date(value: dt.date) -> str:
    """domingo, 15 de marzo de 2026 · domingo, 15 de março de 2026 · Sunday, 15 March 2026."""
    return _locale(i18n.active().lang).toString(QDate(value.year, value.month, value.day),
                                                  QLocale.FormatType.LongFormat)
