"""One set of rules for forms, imports and services (issue 17.9): lengths, required fields where spaces
count as empty, unique values with a sentence instead of the database's refusal. The rules live in
core/rules.py; each test goes through a real entry point."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, update

from segib_desktop import errors
from segib_desktop.core import exchange, migrate, rules
from segib_desktop.core.db import Database
from segib_desktop.core.enums import DocumentKind
from segib_desktop.core.models import (
    Area,
    Country,
    Document,
    Indicator,
    Mandate,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    ProgrammeMember,
    Summit,
    SummitStatus,
)
from segib_desktop.core.services.cycle import DocumentService, MeetingService
from segib_desktop.core.services.mandates import AreaService, MandateService
from segib_desktop.core.services.programmes import IndicatorService, MemberService, MilestoneService
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
    doc["documents"][0]["title"] = "T" * 60_889  # a long text (Text): a database may hold one (see below)
    doc["documents"][0]["number"] = "4" * 31
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, tmp_path / "mala.json", backups_dir=tmp_path / "copias")
    assert info.value.lines() == [
        "areas[0].name: está vacío (null); se necesita un valor",
        "documents[0].number: Es demasiado largo: como máximo 30 caracteres.",
    ]
    assert not (tmp_path / "copias").exists() or not list((tmp_path / "copias").iterdir())


def test_an_import_refuses_the_numbers_and_dates_a_form_refuses_with_the_forms_sentences(db, tmp_path):
    """A file stored a milestone at 250 %, an indicator of 5e28 (the briefing then failed), a negative one, half a
    donor, and ends before their starts, all of which the forms refuse (explore 16, section 2). The import now
    checks the same rules (core/rules.py): each problem with its place and the form's own sentence, nothing
    written, no backup; and the service refuses each of the same values with that same sentence."""
    with db.session() as s:
        programme = s.scalar(select(Programme.id).where(Programme.code == "IberBLH"))
        country = dict(s.execute(select(Country.iso2, Country.id)).all())
        member = s.scalar(select(ProgrammeMember.id).where(ProgrammeMember.programme_id == programme,
                                                           ProgrammeMember.country_id == country["AR"]))
    day = dt.date(2026, 3, 10)
    milestone = MilestoneService(db, today=day).save(None, {
        "programme_id": programme, "country_id": country["AR"], "category": MilestoneCategory.TRAINING,
        "title": "Curso", "status": MilestoneStatus.PLANNED, "progress": 0})
    meeting = MeetingService(db).save(None, {"kind": MeetingKind.FOREIGN_MINISTERS, "status": SummitStatus.PLANNED,
                                             "start_date": day, "end_date": day})
    indicators = IndicatorService(db)
    for year, indicator, value in ((2023, Indicator.DONORS, 10), (2024, Indicator.DONORS, 20),
                                   (2025, Indicator.BANKS, 3), (2025, Indicator.LITRES_COLLECTED, 10.5)):
        indicators.set_value(programme, country["AR"], year, indicator, value)
    doc = exchange.export_data(db)
    uids = {}
    with db.session() as s:
        for model, record_id in ((Milestone, milestone), (Meeting, meeting), (ProgrammeMember, member),
                                 (Summit, _summit_id(db))):
            uids[model.__tablename__] = s.get(model, record_id).uid

    def record(table, **match):
        uid = match.pop("uid", uids.get(table))
        for i, r in enumerate(doc[table]):
            if (uid is None or r["uid"] == uid) and all(r.get(k) == v for k, v in match.items()):
                return f"{table}[{i}]", r
        raise AssertionError(table)

    # (the place of the value, the change in the file, the service's save that the same change makes it refuse)
    cases = []
    place, r = record("milestones")
    r["progress"] = 250
    cases.append((f"{place}.progress", lambda: MilestoneService(db, today=day).save(
        milestone, MilestoneService(db).get(milestone) | {"progress": 250})))
    place, r = record("indicator_values", year=2023)
    r["value"] = -40
    cases.append((f"{place}.value", lambda: indicators.set_value(programme, country["AR"], 2023, Indicator.DONORS,
                                                                 -40)))
    place, r = record("indicator_values", year=2024)
    r["value"] = 5e28
    cases.append((f"{place}.value", lambda: indicators.set_value(programme, country["AR"], 2024, Indicator.DONORS,
                                                                 5e28)))
    place, r = record("indicator_values", indicator="banks")
    r["value"] = 2.5
    cases.append((f"{place}.value", lambda: indicators.set_value(programme, country["AR"], 2025, Indicator.BANKS,
                                                                 2.5)))
    record("indicator_values", indicator="litres_collected")[1]["value"] = 12.25  # litres are measured: kept
    place, r = record("summits")
    r["end_date"] = "2000-01-01"
    cases.append((f"{place}.end_date", lambda: SummitService(db).save(
        _summit_id(db), SummitService(db).get(_summit_id(db)) | {"end_date": dt.date(2000, 1, 1)})))
    place, r = record("meetings")
    r["end_date"] = "2026-03-09"
    cases.append((f"{place}.end_date", lambda: MeetingService(db).save(
        meeting, MeetingService(db).get(meeting) | {"end_date": dt.date(2026, 3, 9)})))
    place, r = record("programme_members")
    r["joined_on"], r["left_on"] = "2020-01-01", "2019-12-31"
    cases.append((f"{place}.left_on", lambda: MemberService(db).save(member, MemberService(db).get(member) | {
        "joined_on": dt.date(2020, 1, 1), "left_on": dt.date(2019, 12, 31)})))
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    before = exchange.export_data(db)
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, tmp_path / "mala.json", backups_dir=tmp_path / "copias")
    lines = info.value.lines()
    assert len(lines) == len(cases), lines
    for where, save in cases:
        with pytest.raises(errors.ValidationError) as refused:
            save()
        (field, sentence), = refused.value.field_messages().items()
        assert where.endswith("." + field) and f"{where}: {sentence}" in lines, (where, sentence, lines)
    assert "Un indicador no puede ser mayor que 1.000.000.000.000; revise la cifra." in "\n".join(lines)
    assert exchange.export_data(db) == before
    assert not (tmp_path / "copias").exists()


def test_a_long_text_a_database_holds_moves_and_its_record_can_be_saved_but_not_made_longer(db, tmp_path):
    """Before schema 0008 a mandate's text had no limit (the 0007 program stored 144,000 characters). After the
    upgrade, the database's own export could not be imported anywhere ("This is too long: at most 100000
    characters") and the mandate could not be saved any more, not even to change its officer (explore 16,
    section 3). The limit is for what is typed: the export moves whole, the record is saved with its text
    or a shorter one; only a longer one, or a new record's, is refused, with the limit said."""
    document = DocumentService(db).save(None, {"kind": DocumentKind.DECLARATION, "title": "Declaración de Lima",
                                               "summit_id": _summit_id(db)})
    service = MandateService(db)
    mandate = service.save(None, {"document_id": document, "point": "1", "title": "Informe", "text": "Breve"})
    old = ("Texto íntegro de la resolución, pegado de un documento antiguo.\n" * 2_300)[:144_000]
    with db.session() as s:  # as the 0007 program saved it (an upgrade keeps it as it is)
        s.execute(update(Mandate).where(Mandate.id == mandate).values(text=old))
    assert len(old) > rules.LONG_TEXT

    exchange.export_file(db, tmp_path / "propia.json")
    target = tmp_path / "otra.sqlite3"
    migrate.upgrade(target)
    other = Database(target, user="tester")
    exchange.import_file(other, tmp_path / "propia.json", backups_dir=tmp_path / "copias")
    with other.session() as s:
        assert s.scalar(select(Mandate.text).where(Mandate.title == "Informe")) == old  # whole
    other.close()

    service.save(mandate, service.get(mandate) | {"officer": "Ana Ruiz"})
    assert service.get(mandate)["officer"] == "Ana Ruiz" and service.get(mandate)["text"] == old
    service.save(mandate, service.get(mandate) | {"text": old[:-1000]})  # shorter, still over the limit
    for text, record in ((old[:-1000] + "más", mandate), (old, None)):  # longer than it held; a new mandate's
        values = service.get(mandate) | {"text": text} if record else {"document_id": document, "point": "2",
                                                                      "title": "Otro", "text": text}
        with pytest.raises(errors.ValidationError) as info:
            service.save(record, values)
        most = len(old) - 1000 if record else rules.LONG_TEXT  # the text it holds, else the limit
        assert info.value.field_messages() == {"text": f"Es demasiado largo: como máximo {most} caracteres."}
    assert service.get(mandate)["text"] == old[:-1000]


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
