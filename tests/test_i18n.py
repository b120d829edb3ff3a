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


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_no_message_has_two_translations_in_one_language(lang):
    """The language's catalogues are merged into one: a msgid translated in two .po files keeps only one of
    them ("Overdue": "Plazo vencido" for an action item, "Vencidos" for the mandates' filter, and the item's
    tooltip got "Vencidos"). Words that differ by what they are said of take a context (C_)."""
    from babel.messages.pofile import read_po

    found: dict[str, set[str]] = {}
    for po in sorted((i18n.paths.resources_dir() / "i18n" / lang).glob("*.po")):
        with po.open("rb") as fh:
            for m in read_po(fh):
                if m.id and m.string:
                    found.setdefault(i18n.message_key(m.context, m.id), set()).add(m.string)
    assert {key: texts for key, texts in found.items() if len(texts) > 1} == {}


# The interface is Brazilian Portuguese (banco de dados, arquivo, usuário, tela, compartilhar): European forms
# crept into a few messages (explore23, 8). Those of core/xlsx_import.py's messages are reworded on their own.
EUROPEAN = re.compile(r"(?<!com)partilh|base de dados|ficheiro|ecrã|utilizador", re.IGNORECASE)
REWORDED_ELSEWHERE = {"Summit {summit} has no {kind} in the database: add the document first (Summits and meetings, "
                      "its Documents), then import again."}
# What one thing is called, whatever the feature: (English word in the msgid, the word the translation uses,
# a word it must not use). An action item was a "tarea"/"tarefa" in the calendar alone; the log (its file,
# its folder) was the "registro" that names a record everywhere else in pt ("Novo registro").
ONE_NAME = {
    "es": [("action item", "acci", re.compile(r"\btareas?\b", re.IGNORECASE))],
    "pt": [("action item", "aç", re.compile(r"\btarefas?\b", re.IGNORECASE)),
           ("log f", "log", re.compile(r"\bregistro\b")),
           ("delete empties it", "del", re.compile(r"\bDelete\b"))],  # the key as the list's "(Del)" names it
}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_one_thing_has_one_name_in_every_feature(lang):
    catalogue = i18n.read_language(i18n.paths.resources_dir() / "i18n" / lang)
    wrong = {}
    for key, text in catalogue.items():
        msgid = key.split("\x04")[-1]
        for english, word, other in ONE_NAME[lang]:
            if english in msgid.lower() and (word not in text.lower() or other.search(text)):
                wrong[msgid] = text
        if lang == "pt" and EUROPEAN.search(text) and msgid not in REWORDED_ELSEWHERE:
            wrong[msgid] = text
    assert wrong == {}
    if lang == "pt":
        for page in (i18n.paths.resources_dir() / "help" / "pt").glob("*.md"):
            assert not EUROPEAN.search(page.read_text(encoding="utf-8")), page.name


def test_dates_read_naturally_in_each_language():
    day = dt.date(2026, 11, 4)
    assert i18n.Translator("es").format_date(day, "long") == "4 de noviembre de 2026"
    assert i18n.Translator("pt").format_date(day, "long") == "4 de novembro de 2026"
    assert i18n.Translator("es").format_date(day) == "04/11/2026"


def test_plural_says_none_in_words_when_given_a_zero_message():
    es = i18n.Translator("es")
    many, one, none = "{n} are open", "1 is open", "none is open"
    assert [i18n.plural(n, one, many, es, zero=none) for n in (0, 1, 3)] == [
        "ninguno está abierto", "1 está abierto", "3 están abiertos"]
    assert i18n.plural(0, one, many, es) == "0 están abiertos"  # without one, a number as before
    assert i18n.plural(0, one, many, i18n.Translator("pt"), zero=none) == "nenhum está aberto"


def test_a_translator_is_independent_of_the_interface_language():
    i18n.set_language("es")
    assert i18n.Translator("pt")("Summits") == "Cúpulas"
    assert i18n._("Summits") == "Cumbres"
    assert i18n.Translator("en")("Summits") == "Summits"


def test_a_word_in_context_has_its_own_translation():
    """One English word, two uses: an action item is "Abierta" (an acción), a summit "Celebrada" (a cumbre),
    a milestone's category "Otra" (a categoría), while a milestone (a hito) stays "Cancelado"; English shows
    the word itself."""
    from segib_desktop.core.enums import (
        ActionStatus,
        BodyKind,
        MilestoneCategory,
        MilestoneStatus,
        SummitStatus,
    )

    es, pt, en = i18n.Translator("es"), i18n.Translator("pt"), i18n.Translator("en")
    assert [es(s.label) for s in ActionStatus] == ["Abierta", "Hecha", "Cancelada"]
    assert [pt(s.label) for s in ActionStatus] == ["Aberta", "Concluída", "Cancelada"]
    assert [es(s.label) for s in SummitStatus] == ["Planificada", "Celebrada", "Aplazada"]
    assert [pt(s.label) for s in SummitStatus] == ["Planejada", "Realizada", "Adiada"]
    assert (es(MilestoneStatus.CANCELLED.label), es(MilestoneStatus.PLANNED.label)) == ("Cancelado", "Planificado")
    assert [en(s.label) for s in ActionStatus] == ["Open", "Done", "Cancelled"]
    for t in (es, pt):  # the button names the status it sets: "Marcar como hecha" -> "Hecha"
        assert t("Mark done").endswith(" " + t(ActionStatus.DONE.label).lower())
    assert (es(MilestoneCategory.OTHER.label), pt(MilestoneCategory.OTHER.label)) == ("Otra", "Outra")
    assert es(BodyKind.OTHER.label) == "Otro"  # an organismo
    assert es(i18n.C_("a context no catalogue has", "Summits")) == "Cumbres"  # else the plain translation


def test_fold_ignores_case_and_accents():
    assert i18n.fold("Cádiz COOPERACIÓN São") == "cadiz cooperacion sao"


def test_roman_numerals():
    assert [i18n.to_roman(n) for n in (1, 4, 9, 14, 19, 24, 29, 30)] == [
        "I", "IV", "IX", "XIV", "XIX", "XXIV", "XXIX", "XXX"]
    assert [i18n.from_roman(t) for t in ("I", "iv", "IX", "XIV", "xix", "XXIV", " XXIX ", "XXX", "IIII")] == [
        1, 4, 9, 14, 19, 24, 29, 30, 4]
    assert all(i18n.from_roman(i18n.to_roman(n)) == n for n in range(1, 4000))
    assert [i18n.from_roman(t) for t in ("", "3", "XA", "II I")] == [None, None, None, None]


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_compiled_catalogue_says_what_the_po_files_say(lang, tmp_path):
    """The program reads each language's compiled file when it is fresh: it must hold exactly the
    translations of the language's .po files."""
    import os
    import shutil

    from babel.messages.pofile import read_po

    folder = tmp_path / "i18n"
    shutil.copytree(Path(i18n.__file__).resolve().parent.parent / "resources" / "i18n" / lang, folder / lang,
                    ignore=shutil.ignore_patterns(i18n.COMPILED))
    expected = {}
    for po in sorted((folder / lang).glob("*.po")):
        with po.open("rb") as fh:
            expected.update({i18n.message_key(m.context, m.id): m.string for m in read_po(fh)
                             if m.id and m.string and not m.fuzzy})
    assert len(expected) > 500
    assert i18n.compile_catalogues(folder) == [folder / lang / i18n.COMPILED]
    assert i18n.compile_catalogues(folder) == []  # nothing stale: nothing rewritten
    for po in (folder / lang).glob("*.po"):  # unreadable now, and older: only the compiled file can answer
        po.write_text("not a catalogue", encoding="utf-8")
        os.utime(po, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    assert i18n.read_language(folder / lang) == expected


def compiled_catalogue(folder: Path) -> Path:
    """A one-message Spanish catalogue in ``folder``, compiled; its .po."""
    po = folder / "es" / "x.po"
    po.parent.mkdir()
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Summits"\nmsgstr "Cumbres"\n', encoding="utf-8")
    i18n.compile_catalogues(folder)
    return po


def test_an_edited_po_is_read_rather_than_the_older_compiled_file(tmp_path):
    import os

    po = compiled_catalogue(tmp_path)
    po.write_text(po.read_text(encoding="utf-8").replace("Cumbres", "Cumbres iberoamericanas"), encoding="utf-8")
    compiled = po.parent / i18n.COMPILED
    os.utime(compiled, (compiled.stat().st_mtime - 10, compiled.stat().st_mtime - 10))
    assert i18n.read_language(po.parent) == {"Summits": "Cumbres iberoamericanas"}


def test_a_damaged_compiled_file_is_passed_over_for_the_po_files(tmp_path):
    po = compiled_catalogue(tmp_path)
    compiled = po.parent / i18n.COMPILED
    compiled.write_bytes(compiled.read_bytes()[:10])  # cut short, still newer than the .po
    assert i18n.read_language(po.parent) == {"Summits": "Cumbres"}
    assert not list(tmp_path.rglob("*.partial"))
