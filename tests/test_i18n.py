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


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_compiled_catalogues_say_what_the_po_files_say(lang, tmp_path):
    """The program reads .mo files when they are fresh: they must hold exactly the .po's translations."""
    import shutil

    from babel.messages.pofile import read_po

    folder = tmp_path / "i18n"
    shutil.copytree(Path(i18n.__file__).resolve().parent.parent / "resources" / "i18n" / lang, folder / lang)
    for mo in (folder / lang).glob("*.mo"):
        mo.unlink()
    written = i18n.compile_catalogues(folder)
    assert sorted(p.stem for p in written) == sorted(p.stem for p in (folder / lang).glob("*.po"))
    for po in (folder / lang).glob("*.po"):
        with po.open("rb") as fh:
            expected = {m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy}
        assert i18n._read_catalogue(po) == expected  # read from the .mo
        assert expected
    assert i18n.compile_catalogues(folder) == []  # nothing stale: nothing rewritten


def compiled_catalogue(folder: Path) -> Path:
    """A one-message Spanish catalogue in ``folder``, compiled; its .po."""
    po = folder / "es" / "x.po"
    po.parent.mkdir()
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Summits"\nmsgstr "Cumbres"\n', encoding="utf-8")
    i18n.compile_catalogues(folder)
    return po


def test_an_edited_po_is_read_rather_than_its_older_mo(tmp_path):
    import os

    po = compiled_catalogue(tmp_path)
    po.write_text(po.read_text(encoding="utf-8").replace("Cumbres", "Cumbres iberoamericanas"), encoding="utf-8")
    mo = po.with_suffix(".mo")
    os.utime(mo, (mo.stat().st_mtime - 10, mo.stat().st_mtime - 10))
    assert i18n._read_catalogue(po) == {"Summits": "Cumbres iberoamericanas"}


def test_a_damaged_mo_is_passed_over_for_its_po(tmp_path):
    po = compiled_catalogue(tmp_path)
    mo = po.with_suffix(".mo")
    mo.write_bytes(mo.read_bytes()[:10])  # cut short, still newer than the .po
    assert i18n._read_catalogue(po) == {"Summits": "Cumbres"}
    assert not list(tmp_path.rglob("*.partial"))
