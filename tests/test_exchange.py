"""The exchange file, on real databases: round trips, the schema, located problems, merging, a kill mid-import."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from segib_desktop.core import backups, demo, exchange, migrate, rules
from segib_desktop.core import db as dbmod
from segib_desktop.core.db import Database
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    Area,
    AuditEntry,
    Base,
    Body,
    BriefingRecord,
    Country,
    Document,
    DocumentKind,
    Indicator,
    IndicatorValue,
    Mandate,
    MandateProgress,
    MandateStatus,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    ProgrammeMember,
    Summit,
    new_uid,
)
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.services.programmes import MemberService, MilestoneService
from segib_desktop.core.workspace import open_workspace

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "docs" / "exchange-format.schema.json"
TEXT = "Declaración de «Cádiz»\r\nsegunda línea: <b> & </b> 100 % € – º\n\tfin"


def add_examples(db: Database, tag: str = "", year: int = 2025) -> None:
    """Records of every table, with the texts that break careless code, added as a user would (ORM)."""
    with db.session() as s:
        es = s.scalar(select(Country).where(Country.iso2 == "ES"))
        pt = s.scalar(select(Country).where(Country.iso2 == "PT"))
        oei = s.scalar(select(Body).where(Body.acronym == "OEI"))
        summit = s.scalar(select(Summit).where(Summit.number == 30))
        summit.theme_pt = "Uma Ibero-América unida" + tag
        area = Area(name=f"Cooperación{tag}")
        meeting = Meeting(kind=MeetingKind.FOREIGN_MINISTERS, number=2, extraordinary=True, summit=summit,
                          country=es, city="Madrid", start_date=dt.date(2026, 3, 1), attendees=[es, pt],
                          notes=TEXT)
        declaration = Document(kind=DocumentKind.DECLARATION, title="Declaración de Madrid" + tag, summit=summit,
                               adopted_on=dt.date(2026, 11, 5))
        communique = Document(kind=DocumentKind.SPECIAL_COMMUNIQUE, number="3", title=TEXT, meeting=meeting)
        mandate = Mandate(document=declaration, point="12.a", code=f"XXX-12a{tag}", title="Informe de seguimiento",
                          text=TEXT, area=area, due_date=dt.date(2027, 6, 30), status=MandateStatus.IN_PROGRESS,
                          addressee_bodies=[oei], addressee_countries=[pt], addressee_areas=[area])
        mandate.progress.append(MandateProgress(entry_date=dt.date(2027, 1, 15), author="María José Núñez",
                                                text=TEXT, new_status=MandateStatus.IN_PROGRESS))
        activity = Activity(kind=ActivityKind.AGREEMENT, date=dt.date(2026, 5, 4), subject="Memorando OEI–SEGIB",
                            summary=TEXT, bodies=[oei], summits=[summit], meetings=[meeting], mandates=[mandate])
        activity.actions.append(ActionItem(description="Enviar el borrador", owner="Ana", status=ActionStatus.OPEN,
                                           due_date=dt.date(2026, 6, 1)))
        programme = s.scalar(select(Programme).where(Programme.code == "IberBLH"))
        s.add_all([area, meeting, declaration, communique, mandate, activity,
                   Milestone(programme=programme, country=pt, category=MilestoneCategory.BANK_OPENED,
                             title="Banco de leche de Oporto" + tag, progress=40, mandate=mandate,
                             planned_end=dt.date(2027, 1, 1)),
                   IndicatorValue(programme_id=programme.id, country_id=pt.id, year=year, indicator=Indicator.LITRES_COLLECTED,
                                  value=1234.5),
                   BriefingRecord(kind="summit", subject="30", lang="pt", params={"sections": ["mandates"], "n": 1},
                                  file_path="/tmp/nota.pdf", sha256="ab" * 32,
                                  created_at=dt.datetime(2026, 11, 1, 9, 30, 15, 123456), created_by="Ana")])


def fresh(folder: Path, name: str) -> Database:
    path = folder / name
    migrate.upgrade(path)
    return Database(path, user="tester")


def export_bytes(db: Database, folder: Path, name: str) -> bytes:
    target = folder / name
    exchange.export_file(db, target)
    return target.read_bytes()


def count(db: Database, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- round trips

def test_export_import_export_is_byte_identical_on_varied_records(db, tmp_path):
    add_examples(db)
    first = export_bytes(db, tmp_path, "a.json")
    target = fresh(tmp_path, "b.sqlite3")
    result = exchange.import_file(target, tmp_path / "a.json", backups_dir=tmp_path / "copias")
    assert result.created > 0
    assert export_bytes(target, tmp_path, "b.json") == first
    doc = json.loads(first)
    (mandate,) = doc["mandates"]
    assert mandate["text"] == TEXT  # accents, line breaks, markup: kept exactly
    assert mandate["due_date"] == "2027-06-30" and mandate["status"] == "in_progress"
    assert mandate["document"] in {d["uid"] for d in doc["documents"]}
    assert set(mandate) >= {"addressee_bodies", "addressee_countries", "addressee_areas"}
    assert "id" not in mandate and "version" not in mandate
    assert "audit_log" not in doc and "settings" not in doc
    target.close()


def test_export_import_export_is_byte_identical_on_the_example_data(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    demo.fill(ws.db, today=dt.date(2026, 11, 29))
    add_examples(ws.db)
    first = export_bytes(ws.db, tmp_path, "demo.json")
    ws.close()
    target = fresh(tmp_path, "b.sqlite3")
    exchange.import_file(target, tmp_path / "demo.json", backups_dir=tmp_path / "copias")
    assert export_bytes(target, tmp_path, "again.json") == first
    target.close()


def test_an_export_is_private_stable_and_carries_no_time(db, tmp_path):
    add_examples(db)
    one = export_bytes(db, tmp_path, "uno.json")
    two = export_bytes(db, tmp_path, "dos.json")
    assert one == two
    assert (tmp_path / "uno.json").stat().st_mode & 0o777 == 0o600
    assert not re.search(rb"20\d\d-\d\d-\d\dT\d\d:\d\d(?!:15\.123456)", one.replace(b"2026-11-01T09:30:15.123456", b""))
    assert json.loads(one)["format_version"] == exchange.FORMAT_VERSION
    name = exchange.suggested_name(dt.datetime(2026, 11, 29, 16, 43, 7))
    assert name == "segib-desktop-2026-11-29-164307.json"
    # a folder as the target gets the suggested name
    exchange.export_file(db, tmp_path)
    assert len(list(tmp_path.glob("segib-desktop-*.json"))) == 1


def test_a_file_is_written_byte_for_byte_on_every_system(tmp_path):
    """Windows opens a file in text mode unless told otherwise ("\n" written as "\r\n"): run under Wine too."""
    data = b"{\n \"a\": 1\n}\n" + bytes(range(256)) + b"\r\n\n\r"
    exchange.write_private(tmp_path / "out.bin", data)
    assert (tmp_path / "out.bin").read_bytes() == data


# --- hypothesis: any data the models accept survives the round trip

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(path)
    return path


TEXTS = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=25),  # controls: below
    st.sampled_from(["", TEXT, "\x00", "😀 São Tomé", "  espacios  ", "a\rb", '"comillas" \\ barra']),
)


def _value(data, column, kind: str, spec_field):
    if column.nullable and data.draw(st.booleans()):
        return None
    if kind == "text":  # a text that keeps the rules of every entry point (core/rules.py)
        texts = TEXTS.map(lambda t: rules.clean_text(column, t))  # as a save stores it (an import cleans)
        return data.draw(texts.filter(lambda t: len(t) <= rules.max_length(column)
                                      and not (spec_field.required and rules.is_blank(t))))
    if kind == "int":
        return data.draw(st.integers(-(2**63), 2**63 - 1))
    if kind == "float":
        return data.draw(st.floats(allow_nan=False, allow_infinity=False))
    if kind == "bool":
        return data.draw(st.booleans())
    if kind == "date":
        return data.draw(st.dates())
    if kind == "datetime":
        return data.draw(st.datetimes())
    if kind == "enum":
        return data.draw(st.sampled_from(spec_field.enum_class))
    if kind == "json":
        return data.draw(st.dictionaries(st.text(max_size=5), st.one_of(
            st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=8)), max_size=3))
    raise AssertionError(kind)


def _draw_row(conn, data, spec, specs) -> dict | None:
    row = {"uid": new_uid()}
    for f in spec.fields:
        if f.kind == "uid":
            continue
        if f.kind == "ref":
            choices = conn.scalars(select(specs[f.target].table.c.id)).all()
            if not choices or (f.nullable and data.draw(st.booleans())):
                if not f.nullable:
                    return None
                row[f.column.name] = None
            else:
                row[f.column.name] = data.draw(st.sampled_from(choices))
        else:
            row[f.column.name] = _value(data, f.column, f.kind, f)
    # numbers and dates within the rules of every entry point (core/rules.py): no end before its start, a
    # progress from 0 to 100, an indicator's figure from 0 to 10^12 (whole if it counts things)
    for start, end, _message in rules.DATE_PAIRS.get(spec.name, ()):
        if rules.check_dates(row, start, end):
            row[start], row[end] = row[end], row[start]
    if spec.name == "milestones":
        row["progress"] = data.draw(st.integers(0, 100))
    if spec.name == "indicator_values":
        row["value"] = (float(data.draw(st.integers(0, int(rules.MAX_VALUE)))) if row["indicator"].counts_things
                        else data.draw(st.floats(0, rules.MAX_VALUE)))
    assert not rules.value_problems(spec.name, row)
    return row


def _fill_randomly(db: Database, data) -> None:
    """A few rows in every exchanged table and link, drawn from the models' own column types."""
    specs = exchange.layout()
    with db.engine.connect() as conn, conn.begin():
        for spec in specs.values():
            for _ in range(data.draw(st.integers(0, 4), label=spec.name)):
                for _attempt in range(4):  # a row that breaks a unique or check rule is drawn again
                    row = _draw_row(conn, data, spec, specs)
                    if row is None:
                        break
                    try:
                        with conn.begin_nested():
                            conn.execute(insert(spec.table), row)
                        break
                    except IntegrityError:
                        pass
            for link in spec.links:
                owners = conn.scalars(select(spec.table.c.id)).all()
                targets = conn.scalars(select(specs[link.target].table.c.id)).all()
                if not owners or not targets:
                    continue
                for _ in range(data.draw(st.integers(0, 4))):
                    pair = {link.owner_column.name: data.draw(st.sampled_from(owners)),
                            link.target_column.name: data.draw(st.sampled_from(targets))}
                    try:
                        with conn.begin_nested():
                            conn.execute(insert(link.table), pair)
                    except IntegrityError:
                        pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_round_trip_is_byte_identical_on_generated_data(template, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dbmod.backup(template, folder / "a.sqlite3")
        dbmod.backup(template, folder / "b.sqlite3")
        source, target = Database(folder / "a.sqlite3"), Database(folder / "b.sqlite3")
        try:
            _fill_randomly(source, data)
            first = export_bytes(source, folder, "a.json")
            exchange.import_file(target, folder / "a.json", backups_dir=folder / "copias")
            assert export_bytes(target, folder, "b.json") == first
            again = exchange.import_file(target, folder / "a.json", backups_dir=folder / "copias")
            assert (again.created, again.updated) == (0, 0)  # a second import changes nothing
        finally:
            source.close()
            target.close()


# --- the documented format

def validate(instance, schema, root=None, where="$") -> list[str]:
    """A small JSON Schema validator: the keywords docs/exchange-format.schema.json uses."""
    root = root or schema
    out: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(instance, root["$defs"][name], root, where)
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}

    def is_type(value, kind):
        if kind == "integer":
            return isinstance(value, int) and not isinstance(value, bool)
        if kind == "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        return isinstance(value, kinds[kind])

    if "type" in schema:
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(is_type(instance, k) for k in allowed):
            return [f"{where}: not {allowed}"]
    if "const" in schema and instance != schema["const"]:
        out.append(f"{where}: not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        out.append(f"{where}: not in enum")
    if "pattern" in schema and isinstance(instance, str) and not re.search(schema["pattern"], instance):
        out.append(f"{where}: does not match {schema['pattern']}")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                out.append(f"{where}.{key}: required")
        props = schema.get("properties", {})
        for key, value in instance.items():
            if key in props:
                out += validate(value, props[key], root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}.{key}: not allowed")
    if isinstance(instance, list):
        if schema.get("uniqueItems") and len({json.dumps(i, sort_keys=True) for i in instance}) != len(instance):
            out.append(f"{where}: items not unique")
        if "items" in schema:
            for i, item in enumerate(instance):
                out += validate(item, schema["items"], root, f"{where}[{i}]")
    return out


def test_the_documented_schema_is_the_one_the_models_give():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == exchange.json_schema(), (
        "docs/exchange-format.schema.json is out of date: run .venv/bin/python tools/exchange_schema.py")


def test_a_file_names_the_last_migration_that_changed_what_it_holds(db, tmp_path):
    """A program one migration behind (an index added, say) still reads this version's files: they carry the
    revision of their layout, not the newest one. Every migration after LAYOUT_REVISION leaves the exported
    tables exactly as they were; one that changes them fails here until LAYOUT_REVISION names it."""
    from alembic import command
    from alembic.script import ScriptDirectory

    def tables_at(revision: str) -> dict[str, list[str]]:
        path = tmp_path / f"at-{revision}.sqlite3"
        engine = dbmod.make_engine(path, foreign_keys=False, create=True)
        try:
            with engine.begin() as conn:
                config = migrate._alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all()
        finally:
            engine.dispose()
        exported = set(exchange.layout())
        # Each table as the set of its clauses: a batch migration run twice in one process (this test's
        # second database) writes the same constraints in another order.
        return {name: sorted(line.strip().rstrip(",") for line in sql.splitlines())
                for name, sql in rows if name in exported}

    revision = exchange.LAYOUT_REVISION
    assert tables_at(revision) == tables_at("head")
    before = ScriptDirectory.from_config(migrate._alembic_config()).get_revision(revision).down_revision
    assert tables_at(before) != tables_at(revision)  # and it is the one that changed them last
    doc = json.loads(export_bytes(db, tmp_path, "a.json"))
    assert doc["schema_revision"] == revision
    exchange.read_file(tmp_path / "a.json")  # read as this program reads it


def test_exports_validate_against_the_documented_schema(db, tmp_path):
    add_examples(db)
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    doc = json.loads(export_bytes(db, tmp_path, "a.json"))
    assert validate(doc, schema) == []
    # and the validator does catch what is wrong
    doc["mandates"][0]["due_date"] = "30/06/2027"
    doc["mandates"][0]["colour"] = "red"
    del doc["documents"][0]["title"]
    assert len(validate(doc, schema)) == 3


def test_every_table_is_exchanged_or_excluded_for_a_stated_reason():
    exchanged = set(exchange.layout())
    links = {lk.table.name for spec in exchange.layout().values() for lk in spec.links}
    assert exchanged | links | set(exchange.EXCLUDED) == {t.name for t in Base.metadata.sorted_tables}
    doc = (ROOT / "docs" / "exchange-format.md").read_text(encoding="utf-8")
    for name in exchange.EXCLUDED:
        assert f"`{name}`" in doc


# --- bad files: every problem located, nothing changed

def test_a_bad_file_reports_each_problem_with_its_place_and_changes_nothing(db, tmp_path, dirs):
    add_examples(db)
    doc = json.loads(export_bytes(db, tmp_path, "a.json"))
    before = export_bytes(db, tmp_path, "before.json")
    audit_before = count(db, AuditEntry)
    m = doc["mandates"][0]
    m["due_date"] = "30/06/2027"
    m["status"] = "finished"
    m["colour"] = "red"
    m["addressee_bodies"].append("00000000-0000-4000-8000-000000000000")
    both = next(d for d in doc["documents"] if d["summit"])
    both_index = doc["documents"].index(both)
    both["meeting"] = doc["meetings"][0]["uid"]
    del doc["documents"][1 - both_index]["title"]
    doc["countries"][3]["member_since"] = "1991"
    doc["summits"][0]["number"] = doc["summits"][1]["number"]
    doc["action_items"].append(dict(doc["action_items"][0]))
    doc["milestones"][0]["programme"] = "not-a-uid"
    doc["bogus"] = []
    bad = tmp_path / "mala.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, bad, backups_dir=tmp_path / "copias")
    lines = info.value.lines()
    expected = [
        "mandates[0].due_date: no es una fecha",
        "mandates[0].status: no es ninguno de estos valores: not_started, in_progress",
        "mandates[0].colour: campo desconocido",
        "mandates[0].addressee_bodies[1]: remite a un registro que no está ni en el archivo ni en la base de datos",
        f"documents[{1 - both_index}].title: falta",
        "countries[3].member_since: no es un número entero",
        "summits[1].number: el mismo valor que summits[0] (number), que debe ser único",
        f"documents[{both_index}]: incumple una regla de la base de datos: cada documento lo adopta una sola "
        "cumbre o una sola reunión",
        "action_items[1].uid: el mismo registro aparece dos veces en el archivo (también en action_items[0])",
        "milestones[0].programme: no es un identificador de registro",
        "bogus: sección desconocida",
    ]
    for text in expected:
        assert any(line.startswith(text) for line in lines), (text, lines)
    assert len(lines) == len(expected)
    assert "no se ha importado" in info.value.user_message() and "11 problemas" in info.value.user_message()
    assert export_bytes(db, tmp_path, "after.json") == before
    assert count(db, AuditEntry) == audit_before
    assert not (tmp_path / "copias").exists()  # not even a backup: nothing was about to change


def test_a_file_that_is_not_an_exchange_file_is_refused_with_one_sentence(db, tmp_path):
    cases = {
        "notjson.json": (b'{"format": "segib-desktop-exchange",\n "format_version": 1,,}', exchange.NotJSON,
                         "línea 2, columna 22"),
        "other.json": (b'{"name": "a list of groceries"}', exchange.NotExchangeFile, "no es un archivo"),
        "newer.json": (b'{"format": "segib-desktop-exchange", "format_version": 99}', exchange.FileTooNew,
                       "versión más reciente"),
        "binary.json": (os.urandom(2000), exchange.NotExchangeFile, "no es un archivo"),
        "nan.json": (b'{"format": "segib-desktop-exchange", "format_version": 1, "x": NaN}',
                     exchange.NotExchangeFile, "no es un archivo"),
    }
    for name, (content, error, words) in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(error) as info:
            exchange.import_file(db, tmp_path / name, backups_dir=tmp_path / "copias")
        assert words in info.value.user_message(), name
    with pytest.raises(exchange.FileUnreadable):
        exchange.import_file(db, tmp_path / "missing.json", backups_dir=tmp_path / "copias")


def test_a_file_is_read_as_the_json_module_reads_it(db, tmp_path):
    """orjson reads the file; what it refuses, the json module reads or refuses as it always did."""
    exported = export_bytes(db, tmp_path, "a.json")
    (tmp_path / "bom.json").write_bytes(codecs.BOM_UTF8 + exported)  # as some editors save it
    assert exchange.read_file(tmp_path / "bom.json") == json.loads(exported)
    for bad in ('{"format": "segib-desktop-exchange",\n "título": "Cádiz «Ñ»", "x": [1,,2]}',
                '{"format": "segib-desktop-exchange", "x": tru}', '{"format": "segib-desktop-exchange"'):
        (tmp_path / "bad.json").write_bytes(bad.encode())
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(bad)
        with pytest.raises(exchange.NotJSON) as info:
            exchange.read_file(tmp_path / "bad.json")
        assert (info.value.params["line"], info.value.params["column"]) == (expected.value.lineno,
                                                                             expected.value.colno)
    for refused in (b'{"x": Infinity}', b'{"x": -Infinity}', b'[' * 100_000, b'{"x": "\xff"}'):
        (tmp_path / "bad.json").write_bytes(refused)
        with pytest.raises(exchange.NotExchangeFile):
            exchange.read_file(tmp_path / "bad.json")
    doc = json.loads(exported)  # a whole number beyond 64 bits, which orjson reads as a float
    doc["summits"][0]["number"] = 10**30
    doc["summits"][1]["number"] = 2**63
    (tmp_path / "big.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, tmp_path / "big.json", backups_dir=tmp_path / "copias")
    assert info.value.lines() == ["summits[0].number: es un número demasiado grande para guardarlo",
                                  "summits[1].number: es un número demasiado grande para guardarlo"]


def test_links_that_are_not_identifiers_are_reported_in_place(db, tmp_path):
    source = fresh(tmp_path, "origen.sqlite3")
    add_examples(source)
    doc = json.loads(export_bytes(source, tmp_path, "a.json"))
    source.close()
    doc["meetings"][0]["attendees"] = [{"uid": "x"}, ["y"], 3, "6f1c2a0e-3b7d-5e8a-9c41-5e6b1d2f7a90"]
    (tmp_path / "b.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, tmp_path / "b.json", backups_dir=tmp_path / "copias")
    assert [line.split(":")[0] for line in info.value.lines()] == [
        "meetings[0].attendees[0]", "meetings[0].attendees[1]", "meetings[0].attendees[2]",
        "meetings[0].attendees[3]"]
    assert "no está ni en el archivo" in info.value.lines()[3]


def test_problems_are_translated_into_portuguese(db, tmp_path):
    from segib_desktop.i18n import Translator

    doc = json.loads(export_bytes(db, tmp_path, "a.json"))
    doc["summits"][0]["start_date"] = "ayer"
    (tmp_path / "b.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(db, tmp_path / "b.json", backups_dir=tmp_path)
    text = info.value.user_message(Translator("pt"))
    assert "summits[0].start_date: não é uma data" in text
    assert "não foi importado" in text


# --- writing: a backup first, the audit trail, all or nothing

def test_an_import_is_backed_up_first_and_recorded_in_the_audit_trail(db, tmp_path):
    source = fresh(tmp_path, "a.sqlite3")
    add_examples(source)
    export_bytes(source, tmp_path, "a.json")
    source.close()
    result = exchange.import_file(db, tmp_path / "a.json", backups_dir=tmp_path / "copias")
    if db.url:  # a server's backup is PostgreSQL's own dump (core/server.py)
        assert result.backup.name.endswith("-import.dump") and result.backup.read_bytes()[:5] == b"PGDMP"
    else:
        assert backups.parse_name(result.backup).reason == "import"
        conn = sqlite3.connect(result.backup)
        assert conn.execute("SELECT count(*) FROM mandates").fetchone() == (0,)  # as it was before
        conn.close()
    with db.session() as s:
        mandate_uid = s.scalar(select(Mandate.uid))
        entry = s.scalar(select(AuditEntry).where(AuditEntry.record_uid == mandate_uid))
        assert (entry.action, entry.user) == ("create", "tester")


def test_a_cancelled_import_writes_nothing(db, tmp_path):
    source = fresh(tmp_path, "a.sqlite3")
    add_examples(source)
    export_bytes(source, tmp_path, "a.json")
    source.close()
    before = export_bytes(db, tmp_path, "before.json")
    calls = []

    def progress(done, total):
        calls.append((done, total))
        if done > total // 2:
            raise exchange.ImportCancelled()

    with pytest.raises(exchange.ImportCancelled):
        exchange.import_file(db, tmp_path / "a.json", progress=progress, backups_dir=tmp_path / "copias")
    assert calls[0][0] == 0 and len(calls) > 2
    assert export_bytes(db, tmp_path, "after.json") == before


# --- merging two workstations

def test_two_workstations_merge_without_duplicates(tmp_path):
    a, b = fresh(tmp_path, "madrid.sqlite3"), fresh(tmp_path, "lisboa.sqlite3")
    add_examples(a, " (Madrid)", year=2024)
    add_examples(b, " (Lisboa)", year=2025)
    with a.session() as s:
        s.scalar(select(Summit).where(Summit.number == 29)).notes = "Nota de Madrid"
    with b.session() as s:
        s.scalar(select(Summit).where(Summit.number == 29)).notes = "Nota de Lisboa"
        s.scalar(select(Summit).where(Summit.number == 28)).city = "Andorra la Vella"
    export_bytes(a, tmp_path, "madrid.json")
    result = exchange.import_file(b, tmp_path / "madrid.json", backups_dir=tmp_path / "copias")
    assert result.updated >= 1 and result.created > 0
    with b.session() as s:
        assert s.scalar(select(func.count(Summit.id))) == 30  # reference records matched, not copied
        assert s.scalar(select(func.count(Country.id))) == 22
        assert s.scalar(select(func.count(Mandate.id))) == 2
        assert s.scalar(select(func.count(IndicatorValue.id))) == 2
        # the file wins for a record present in both (even for a field only this side changed) ...
        assert s.scalar(select(Summit.notes).where(Summit.number == 29)) == "Nota de Madrid"
        assert s.scalar(select(Summit.city).where(Summit.number == 28)) != "Andorra la Vella"
        # ... and what it replaced is kept in the audit trail, old and new values
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == "update",
                                                     AuditEntry.table_name == "summits")).all()
        assert any(e.changes.get("notes") == ["Nota de Lisboa", "Nota de Madrid"] for e in updates)
        assert any(e.changes.get("city", [None])[0] == "Andorra la Vella" for e in updates)
        # records only in the database stay
        assert s.scalar(select(func.count(Area.id))) == 2
    # importing the same file again duplicates nothing and changes nothing
    again = exchange.import_file(b, tmp_path / "madrid.json", backups_dir=tmp_path / "copias")
    assert (again.created, again.updated) == (0, 0)
    # and back: both workstations now hold the same data, byte for byte
    export_bytes(b, tmp_path, "lisboa.json")
    exchange.import_file(a, tmp_path / "lisboa.json", backups_dir=tmp_path / "copias")
    assert export_bytes(a, tmp_path, "a2.json") == export_bytes(b, tmp_path, "b2.json")
    a.close()
    b.close()


def test_a_record_created_on_both_workstations_is_matched_by_its_unique_value(tmp_path):
    a, b = fresh(tmp_path, "a.sqlite3"), fresh(tmp_path, "b.sqlite3")
    add_examples(a)  # the same area name and the same yearly indicator, under different uids
    add_examples(b)
    with a.session() as s:
        s.scalar(select(IndicatorValue)).value = 999.0
    with b.session() as s:
        b_area_uid = s.scalar(select(Area.uid))
    export_bytes(a, tmp_path, "a.json")
    exchange.import_file(b, tmp_path / "a.json", backups_dir=tmp_path)
    with b.session() as s:
        assert s.scalar(select(func.count(Area.id))) == 1
        assert s.scalar(select(Area.uid)) == b_area_uid  # a record keeps its identity in its database
        assert s.scalar(select(func.count(IndicatorValue.id))) == 1
        assert s.scalar(select(IndicatorValue.value)) == 999.0  # the file wins
        # a's mandate now points at b's area, the same area
        areas = s.scalars(select(Mandate.area_id).distinct()).all()
        assert areas == [s.scalar(select(Area.id))]
    a.close()
    b.close()


def test_a_unique_value_taken_in_the_database_is_reported(tmp_path):
    a = fresh(tmp_path, "a.sqlite3")
    with a.session() as s:
        s.add_all([Area(name="Cultura"), Area(name="Educación")])
    doc = exchange.export_data(a)
    culture = next(r for r in doc["areas"] if r["name"] == "Cultura")
    doc["areas"] = [dict(culture, name="Educación")]  # renames one to the other's name
    (tmp_path / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(exchange.ImportProblems) as info:
        exchange.import_file(a, tmp_path / "a.json", backups_dir=tmp_path)
    assert info.value.lines() == ["areas[0].name: otro registro de la base de datos ya tiene este valor (name), "
                                  "que debe ser único"]
    a.close()


def _members(db: Database) -> dict[str, dt.date | None]:
    with db.session() as s:
        return dict(s.execute(select(Country.iso2, ProgrammeMember.joined_on).join(
            Country, Country.id == ProgrammeMember.country_id)).all())


def test_a_file_from_before_0011_keeps_and_fills_the_members_joined_dates_as_the_upgrade_does(db, tmp_path):
    """Files of schema revisions up to 0010 carry "joined_on": null for every programme member (that program
    never wrote one), and migration 0011 dated the members of upgraded databases from their adhesion. Importing
    such a file emptied every member's date, in a current database and in a new one (explore 16, section 1).
    Such a null now means "not given", and the members the file brings are dated by the rule 0011 applied."""
    with db.session() as s:
        programme = s.scalar(select(Programme.id).where(Programme.code == "IberBLH"))
        country = dict(s.execute(select(Country.iso2, Country.id)).all())
    MilestoneService(db, today=dt.date(2026, 11, 1)).save(None, {  # AR's adhesion: its date, by the rule
        "programme_id": programme, "country_id": country["AR"], "category": MilestoneCategory.AGREEMENT,
        "title": "Adhesión", "status": MilestoneStatus.ACHIEVED, "actual_end": dt.date(2012, 6, 4)})
    with db.session() as s:
        br = s.scalar(select(ProgrammeMember.id).where(ProgrammeMember.country_id == country["BR"]))
    MemberService(db).save(br, MemberService(db).get(br) | {"joined_on": dt.date(2015, 3, 1)})  # typed
    dated = _members(db)
    assert dated["AR"] == dt.date(2012, 6, 4) and dated["BR"] == dt.date(2015, 3, 1) and dated["PE"] is None
    # the file that program wrote: revision 0010, no field of a later migration, every joined date null
    doc = exchange.export_data(db)
    doc["schema_revision"] = "0010"
    del doc["mandate_relations"]
    for member in doc["programme_members"]:
        member["joined_on"] = None
    for table, key in (("mandates", "review_date"), ("mandate_progress", "delivered"),
                       ("action_items", "owner_contact")):
        for record in doc[table]:
            del record[key]
    (tmp_path / "antigua.json").write_text(json.dumps(doc), encoding="utf-8")

    result = exchange.import_file(db, tmp_path / "antigua.json", backups_dir=tmp_path / "copias")
    assert _members(db) == dated  # the database's dates are kept, typed or derived
    assert result.updated == 0

    target = fresh(tmp_path, "nueva.sqlite3")  # its members are the reference data's, undated
    assert set(_members(target).values()) == {None}
    result = exchange.import_file(target, tmp_path / "antigua.json", backups_dir=tmp_path / "copias")
    assert _members(target) == dated | {"BR": None}  # as the upgrade of that file's database dated them
    with target.session() as s:
        version, uid = s.execute(select(ProgrammeMember.version, ProgrammeMember.uid).where(
            ProgrammeMember.country_id == country["AR"])).one()
        entry = s.scalar(select(AuditEntry.changes).where(AuditEntry.record_uid == uid))
    assert version == 2 and entry == {"joined_on": [None, "2012-06-04"]}
    assert result.updated == 1  # that member: the file gave nothing new for it, its date was filled
    target.close()

    doc["schema_revision"] = exchange.schema_revision()  # today's file: its null is its value ("the file wins")
    (tmp_path / "actual.json").write_text(json.dumps(doc), encoding="utf-8")
    exchange.import_file(db, tmp_path / "actual.json", backups_dir=tmp_path / "copias")
    assert _members(db)["BR"] is None


# --- the command line

def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=180)


def test_export_and_import_from_the_command_line(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    add_examples(ws.db)
    ws.close()
    result = cli("export", str(tmp_path / "todo.json"), home=dirs.data)
    assert result.returncode == 0, result.stderr
    assert "registros exportados" in result.stdout
    other = tmp_path / "otra.sqlite3"
    result = cli("import", str(tmp_path / "todo.json"), "--db", str(other), home=dirs.data)
    assert result.returncode == 0, result.stderr
    assert "importado" in result.stdout
    result = cli("export", str(tmp_path), "--db", str(other), home=dirs.data)
    assert result.returncode == 0, result.stderr
    (again,) = tmp_path.glob("segib-desktop-*.json")
    assert again.read_bytes() == (tmp_path / "todo.json").read_bytes()


def test_a_bad_file_on_the_command_line_exits_1_listing_its_problems(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    add_examples(ws.db)
    doc = exchange.export_data(ws.db)
    ws.close()
    doc["mandates"][0]["due_date"] = "mañana"
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    before = dirs.default_db.read_bytes()
    result = cli("import", str(tmp_path / "mala.json"), home=dirs.data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[1] == "mandates[0].due_date: no es una fecha (escríbala como 2026-11-04)"
    assert dirs.default_db.read_bytes() == before
    (tmp_path / "nada.json").write_text("no", encoding="utf-8")
    result = cli("import", str(tmp_path / "nada.json"), home=dirs.data)
    assert result.returncode == 1 and result.stderr.strip().count("\n") == 0


def test_a_refused_file_leaves_no_new_database_behind(dirs, tmp_path):
    """``import BAD.json --db NEW.sqlite3`` said "nothing was changed" and left NEW.sqlite3, a whole new database,
    and its lock file (explore 16, section 9); a good file still makes it, and a refused one leaves an
    existing database and its lock file where they were."""
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    add_examples(ws.db)
    doc = exchange.export_data(ws.db)
    ws.close()
    (tmp_path / "buena.json").write_text(json.dumps(doc), encoding="utf-8")
    doc["mandates"][0]["due_date"] = "mañana"
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    new = tmp_path / "nueva" / "nueva.sqlite3"
    new.parent.mkdir()
    result = cli("import", str(tmp_path / "mala.json"), "--db", str(new), home=dirs.data)
    assert result.returncode == 1 and "no se ha cambiado nada" in result.stderr
    assert list(new.parent.iterdir()) == []
    result = cli("import", str(tmp_path / "buena.json"), "--db", str(new), home=dirs.data)
    assert result.returncode == 0, result.stderr
    before = new.read_bytes()
    result = cli("import", str(tmp_path / "mala.json"), "--db", str(new), home=dirs.data)
    assert result.returncode == 1
    assert new.read_bytes() == before and (new.parent / "nueva.sqlite3.lock").exists()


# --- crash safety: SIGKILL in the middle of a large import

IMPORTER = """
import sys
from pathlib import Path
from segib_desktop import paths
from segib_desktop.core import exchange
from segib_desktop.core.workspace import open_workspace

target, source, pause_at = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
dirs = paths.user_dirs()
ws = open_workspace(target, dirs, user="importer")
paused = False

def progress(done, total):
    global paused
    print(f"progress {done} {total}", flush=True)
    if not paused and total and done >= pause_at * total:
        paused = True
        print("paused", flush=True)
        sys.stdin.readline()  # wait here to be killed

exchange.import_file(ws.db, source, progress=progress, backups_dir=dirs.backups)
print("committed", flush=True)
ws.close()
"""


@pytest.fixture(scope="module")
def large_file(tmp_path_factory) -> tuple[Path, Path]:
    """A large exchange file (about 20,000 records) and a database that does not hold them yet."""
    folder = tmp_path_factory.mktemp("large")
    source = fresh(folder, "source.sqlite3")
    rng = random.Random(9)
    with source.session() as s:
        summit_ids = s.scalars(select(Summit.id)).all()
        body_ids = s.scalars(select(Body.id)).all()
        s.execute(insert(Document), [{"uid": new_uid(), "kind": DocumentKind.DECLARATION, "title": f"Declaración {i}",
                                      "summit_id": rng.choice(summit_ids)} for i in range(100)])
        doc_ids = s.scalars(select(Document.id)).all()
        s.execute(insert(Mandate), [{"uid": new_uid(), "document_id": rng.choice(doc_ids), "code": f"M-{i}",
                                     "title": f"Mandato {i}", "text": TEXT * 3, "status": MandateStatus.ONGOING,
                                     "due_date": dt.date(2025, 1, 1) + dt.timedelta(days=i % 900)}
                                    for i in range(5000)])
        mandate_ids = s.scalars(select(Mandate.id)).all()
        s.execute(insert(MandateProgress), [{"uid": new_uid(), "mandate_id": m, "entry_date": dt.date(2026, 1, 2),
                                             "text": "Avance"} for m in mandate_ids for _ in range(3)])
        s.execute(insert(mandate_bodies), [{"mandate_id": m, "body_id": rng.choice(body_ids)} for m in mandate_ids])
    export_bytes(source, folder, "large.json")
    source.close()
    empty = folder / "empty.sqlite3"
    migrate.upgrade(empty)
    return folder / "large.json", empty


def _indexes(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
    finally:
        conn.close()


def _state(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(path)  # a normal connection: it recovers the WAL as the program would
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute(
            "SELECT count(*) FROM mandates").fetchone()[0] + conn.execute(
            "SELECT count(*) FROM mandate_progress").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("pause_at", [0.1, 0.6, 1.0, None])
def test_a_kill_in_the_middle_of_a_large_import_leaves_all_or_nothing(large_file, tmp_path, dirs, pause_at):
    source, empty = large_file
    target = tmp_path / "target.sqlite3"
    dbmod.backup(empty, target)
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)}
    child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(target), str(source),
                              str(pause_at if pause_at is not None else 2.0)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, cwd=ROOT)
    seen = []
    try:
        for line in child.stdout:
            seen.append(line.strip())
            if line.startswith("paused"):
                break  # paused at that point of the writing: kill it there
            if pause_at is None and line.startswith("progress"):
                done, total = map(int, line.split()[1:])
                if done == total:
                    break  # the last report, with the commit racing the kill
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
        child.stdin.close()
    assert child.returncode == -signal.SIGKILL, seen[-3:]
    assert any(s.startswith("progress") for s in seen)
    check, records = _state(target)
    assert check == "ok"
    assert records in (0, 20000)
    assert _indexes(target) == _indexes(empty)  # the ones the writing set aside are all there again
    if pause_at is not None:
        assert records == 0  # killed before the commit: none of it
    # and the database opens and works afterwards (the lock died with the process)
    ws = open_workspace(target, dirs, user="tester")
    with ws.db.session() as s:
        s.add(Area(name="Después del corte"))
    ws.close()


def test_an_uninterrupted_large_import_holds_all_of_it(large_file, tmp_path, dirs):
    source, empty = large_file
    target = tmp_path / "target.sqlite3"
    dbmod.backup(empty, target)
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)}
    done = subprocess.run([sys.executable, "-c", IMPORTER, str(target), str(source), "2.0"], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("committed")
    assert _state(target) == ("ok", 20000) and _indexes(target) == _indexes(empty)
    database = Database(target)
    assert export_bytes(database, tmp_path, "again.json") == source.read_bytes()
    database.close()


@pytest.mark.parametrize(("lang", "summary", "exported"), [
    ("es", "f.json importado. Registros añadidos: 12.345; actualizados: 0; sin cambios: 1.000.",
     "20.008 registros exportados a f.json."),
    ("en", "f.json imported. Records added: 12,345; updated: 0; unchanged: 1,000.", "20,008 records exported to f.json."),
])
def test_an_import_and_an_export_write_their_counts_as_the_lists_do(lang, summary, exported):
    """explore22, 9: "sin cambios: 114522", "20008 filas exportadas" beside lists that say "20.008 mandatos"."""
    from segib_desktop.i18n import Translator

    t = Translator(lang)
    assert exchange.ImportResult(created=12345, unchanged=1000).summary("f.json", t) == summary
    assert exchange.exported_message(20008, "f.json", t) == exported
