"""One set of rules for forms, imports and services (issue 17.9): lengths, required fields where spaces
count as empty, unique values with a sentence instead of the database's refusal. The rules live in
core/rules.py; each test goes through a real entry point."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from segib_desktop import errors
from segib_desktop.core import exchange, rules
from segib_desktop.core.enums import DocumentKind
from segib_desktop.core.models import Area, Country, Document, Summit
from segib_desktop.core.services.cycle import DocumentService
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.core.services.summits import SummitService
from segib_desktop.gui.widgets.form import Field, FormDialog


def _areas(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Area))


def _summit_id(db, number: int = 30) -> int:
    with db.session() as s:
        return s.scalar(select(Summit.id).where(Summit.number == number))


# --- the service (what the command line and every form call)

def test_a_required_name_of_spaces_is_empty_and_a_second_one_is_not_a_database_error(db):
    service = AreaService(db)
    for _ in range(2):
        with pytest.raises(errors.ValidationError) as info:
            service.save(None, {"name": "   "})
        assert info.value.field_messages() == {"name": "Este campo es obligatorio."}
    assert _areas(db) == 0


def test_lengths_come_from_the_columns(db):
    with pytest.raises(errors.ValidationError) as info:
        DocumentService(db).save(None, {"kind": DocumentKind.DECLARATION, "title": "T" * 20_000,
                                        "summit_id": _summit_id(db), "notes": "n" * (rules.LONG_TEXT + 1)})
    assert info.value.field_messages() == {"title": "Es demasiado largo: como máximo 1000 caracteres.",
                                           "notes": f"Es demasiado largo: como máximo {rules.LONG_TEXT} "
                                                    "caracteres."}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0


def test_a_unique_value_taken_gets_a_sentence(db):
    service = SummitService(db)
    values = service.get(_summit_id(db, 30)) | {"number": 29}
    with pytest.raises(errors.ValidationError) as info:
        service.save(_summit_id(db, 30), values)
    assert info.value.field_messages() == {"number": "Ya existe la cumbre 29."}  # the service's own sentence
    with db.session() as s:  # and, where a service has none, the rules' one
        assert rules.check_record(s, Country, None, {"iso2": "ES", "name_es": "España"}) == {
            "iso2": (rules.TAKEN, {"value": "ES"})}


# --- the exchange import

def test_an_import_keeps_the_same_rules(db, tmp_path):
    AreaService(db).save(None, {"name": "Cooperación"})
    DocumentService(db).save(None, {"kind": DocumentKind.DECLARATION, "title": "Declaración de Madrid",
                                    "summit_id": _summit_id(db)})
    doc = exchange.export_data(db)
    doc["areas"][0]["name"] = "   "
    doc["documents"][0]["title"] = "T" * 60_889
    doc["documents"][0]["number"] = "4" * 31
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, tmp_path / "mala.json", backups_dir=tmp_path / "copias")
    assert info.value.lines() == [
        "areas[0].name: está vacío (null); se necesita un valor",
        "documents[0].number: Es demasiado largo: como máximo 30 caracteres.",
        "documents[0].title: Es demasiado largo: como máximo 1000 caracteres.",
    ]
    assert not (tmp_path / "copias").exists() or not list((tmp_path / "copias").iterdir())


# --- the form

def test_the_form_takes_its_lengths_from_the_core_and_shows_the_rules_messages(qtbot, db):
    form = FormDialog(AreaService(db), [Field("name", "Name", required=True)])
    qtbot.addWidget(form)
    form.widget("name").setText("x" * 151)  # String(150), no length written in the page; a paste is not cut:
    assert form.widget("name").text() == "x" * 151  # the save says how long it may be
    assert form.save() is False
    assert form.findChild(type(form.general_error), "error_name").text() == ("Es demasiado largo: como máximo "
                                                                              "150 caracteres.")
    form.widget("name").setText("   ")
    assert form.save() is False
    assert form.findChild(type(form.general_error), "error_name").text() == "Este campo es obligatorio."
    form.widget("name").setText("Cooperación")
    assert form.save() is True
    second = FormDialog(AreaService(db), [Field("name", "Name", required=True)])
    qtbot.addWidget(second)
    second.widget("name").setText("Cooperación")
    assert second.save() is False
    assert "Cooperación" in second.findChild(type(second.general_error), "error_name").text()
    assert _areas(db) == 1


def test_a_long_text_in_a_multiline_field_is_refused_under_it(qtbot, db):
    fields = [Field("kind", "Kind", "enum", required=True, choices=DocumentKind),
              Field("title", "Title", required=True), Field("notes", "Notes", "multiline")]
    form = FormDialog(DocumentService(db), fields, defaults={"summit_id": _summit_id(db)})
    qtbot.addWidget(form)
    form.widget("title").setText("Declaración")
    form.widget("notes").setPlainText("n" * (rules.LONG_TEXT + 1))
    assert form.save() is False
    assert "como máximo" in form.findChild(type(form.general_error), "error_notes").text()


# --- texts stored clean (rules.clean_text): what a paste from a PDF or a web page brings along

def test_a_text_is_stored_composed_and_without_control_characters_a_one_line_field_on_one_line(db):
    """A NUL pasted from a PDF made a server refuse the save (a raw error, the crash dialog) and an import
    into a server fail; a tab and a line break in a city hid the rest of it in the list and went raw into
    the calendar file; "Secretari" + U+0301 + "a" was a second area of the same name."""
    sid = _summit_id(db, 28)
    summits = SummitService(db)
    summits.save(sid, summits.get(sid) | {"city": "  Santo\tDomingo\r\nRD\x00\x1b ", "notes": "Uno\r\nDos\tTres\x07"})
    saved = summits.get(sid)
    assert saved["city"] == "Santo Domingo RD"
    assert saved["notes"] == "Uno\r\nDos\tTres"  # a long text keeps its lines and tabs
    AreaService(db).save(None, {"name": "Gabinete de la Secretaría General"})
    for twin in ("Gabinete de la Secretari\u0301a General", "Gabinete de la Secretaría General\u200b"):
        with pytest.raises(errors.ValidationError) as info:
            AreaService(db).save(None, {"name": twin})
        assert "name" in info.value.field_messages()
    assert _areas(db) == 1
    assert rules.clean_text(None, "👨\u200d👩\u200d👧 familia") == "👨\u200d👩\u200d👧 familia"  # joiners stay


def test_an_exchange_file_is_imported_clean(db, tmp_path):
    """An older database may hold a NUL: its export is imported into a server, which refuses a NUL."""
    path = tmp_path / "datos.json"
    exchange.export_file(db, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    summit = next(s for s in data["summits"] if s["number"] == 29)
    summit["city"] = "Veracruz\x00"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    exchange.import_file(db, path, backups_dir=tmp_path / "copias")
    with db.session() as s:
        assert s.scalar(select(Summit.city).where(Summit.number == 29)) == "Veracruz"
