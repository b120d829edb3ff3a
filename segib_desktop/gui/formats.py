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


def number(value: int) -> str:
    """A count grouped as the interface language writes it: 20.000 (es, pt), 20,000 (en)."""
    return _locale(i18n.active().lang).toString(value)


def long_date(value: dt.date) -> str:
    """domingo, 15 de marzo de 2026 · domingo, 15 de março de 2026 · Sunday, 15 March 2026."""
    return _locale(i18n.active().lang).toString(QDate(value.year, value.month, value.day),
                                                  QLocale.FormatType.LongFormat)
