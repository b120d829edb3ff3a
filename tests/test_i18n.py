"""The catalogue: every interface string in Spanish and Portuguese, formats per language."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from segib_desktop import i18n

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import i18n_missing  # noqa: E402


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_interface_string_is_translated(lang):
    assert i18n_missing.missing(lang) == {}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_translations_keep_their_placeholders(lang):
    for msgid, text in i18n._catalogue(lang).items():
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", text)), msgid


def test_dates_read_naturally_in_each_language():
    day = dt.date(2026, 11, 4)
    assert i18n.Translator("es").format_date(day, "long") == "4 de noviembre de 2026"
    assert i18n.Translator("pt").format_date(day, "long") == "4 de novembro de 2026"
    assert i18n.Translator("es").format_date(day) == "04/11/2026"


def test_a_translator_is_independent_of_the_interface_language():
    i18n.set_language("es")
    assert i18n.Translator("pt")("Summits") == "Cúpulas"
    assert i18n._("Summits") == "Cumbres"
    assert i18n.Translator("en")("Summits") == "Summits"


def test_fold_ignores_case_and_accents():
    assert i18n.fold("Cádiz COOPERACIÓN São") == "cadiz cooperacion sao"


def test_roman_numerals():
    assert [i18n.to_roman(n) for n in (1, 4, 9, 14, 19, 24, 29, 30)] == [
        "I", "IV", "IX", "XIV", "XIX", "XXIV", "XXIX", "XXX"]
