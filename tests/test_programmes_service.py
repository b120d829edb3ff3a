"""Programmes without a screen: the delayed rule, validation, the matrix, the timeline, members,
indicators and their CSV import, and the example data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from segib_desktop import errors, i18n
from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.demo import programmes as programmes_demo
from segib_desktop.core.models import (
    AuditEntry,
    Country,
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    ProgrammeMember,
)
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.services.programmes import (
    ImportRejected,
    IndicatorService,
    MemberService,
    MilestoneService,
    ProgrammeService,
    is_delayed,
    parse_number,
)

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines

TODAY = dt.date(2026, 7, 1)
D = dt.date


def ids(db):
    with db.session() as s:
        programme = s.scalar(select(Programme.id).where(Programme.code == "IberBLH"))
        countries = dict(s.execute(select(Country.iso2, Country.id)).all())
    return programme, countries


def known_set(db) -> dict[str, int]:
    """Five milestones of IberBLH, seen on TODAY (1 July 2026)."""
    programme, c = ids(db)
    service = MilestoneService(db, today=TODAY)
    base = {"programme_id": programme, "description": "", "responsible": ""}
    rows = {
        "ar_bank": dict(country_id=c["AR"], category=MilestoneCategory.BANK_OPENED, title="BLH de Buenos Aires",
                        planned_start=D(2025, 1, 1), planned_end=D(2025, 12, 31), actual_start=D(2025, 2, 1),
                        actual_end=D(2026, 1, 31), status=MilestoneStatus.ACHIEVED),
        "ar_course": dict(country_id=c["AR"], category=MilestoneCategory.TRAINING, title="Curso de 40 horas",
                          planned_start=D(2026, 3, 1), planned_end=D(2026, 3, 31), status=MilestoneStatus.PLANNED),
        "br_bank": dict(country_id=c["BR"], category=MilestoneCategory.BANK_OPENED, title="BLH de Recife",
                        planned_start=D(2026, 1, 1), planned_end=D(2026, 12, 31), actual_start=D(2026, 2, 1),
                        status=MilestoneStatus.IN_PROGRESS, progress=40),
        "br_cert": dict(country_id=c["BR"], category=MilestoneCategory.CERTIFICATION, title="Certificación",
                        planned_start=D(2025, 5, 1), planned_end=D(2025, 6, 30), status=MilestoneStatus.CANCELLED),
        "congress": dict(country_id=None, category=MilestoneCategory.CONGRESS, title="Congreso",
                         planned_start=D(2025, 9, 27), planned_end=D(2025, 9, 30), actual_start=D(2025, 9, 27),
                         actual_end=D(2025, 9, 30), status=MilestoneStatus.ACHIEVED),
    }
    return {key: service.save(None, base | values) for key, values in rows.items()}


@pytest.mark.parametrize(("planned_end", "actual_end", "status", "delayed"), [
    (D(2026, 6, 30), None, MilestoneStatus.IN_PROGRESS, True),
    (D(2026, 6, 30), None, MilestoneStatus.PLANNED, True),
    (D(2026, 7, 1), None, MilestoneStatus.PLANNED, False),  # due today: not yet late
    (D(2026, 6, 30), D(2026, 6, 29), MilestoneStatus.ACHIEVED, False),
    (D(2026, 6, 30), None, MilestoneStatus.CANCELLED, False),
    (None, None, MilestoneStatus.PLANNED, False),
])
def test_the_delayed_rule(planned_end, actual_end, status, delayed):
    assert is_delayed(planned_end, actual_end, status, TODAY) is delayed


def test_delayed_is_computed_on_the_given_date_in_sql_too(db):
    made = known_set(db)
    programme, _ = ids(db)
    late = read_programmes.milestones(db, programme, "es", today=TODAY, delayed=True)
    assert [row[0] for row in late] == [made["ar_course"]]
    assert late[0][-1] is True
    # The day of its planned end, it is not late yet.
    assert read_programmes.milestones(db, programme, "es", today=D(2026, 3, 31), delayed=True) == []
    # On 1 March 2027 the Recife bank is late too.
    assert {r[0] for r in read_programmes.milestones(db, programme, "es", today=D(2027, 3, 1), delayed=True)} == {
        made["ar_course"], made["br_bank"]}
    not_late = read_programmes.milestones(db, programme, "es", today=TODAY, delayed=False)
    assert len(not_late) == 4 and not any(row[-1] for row in not_late)


def test_list_filters_by_country_category_status_and_year(db):
    made = known_set(db)
    programme, c = ids(db)
    def rows(*args, **kwargs):
        return read_programmes.milestones(db, *args, **kwargs)

    assert {r[0] for r in rows(programme, "es", today=TODAY, country_id=c["AR"])} == {made["ar_bank"],
                                                                                     made["ar_course"]}
    network = rows(programme, "es", today=TODAY, country_id=read_programmes.NETWORK_WIDE)
    assert [(r[0], r[1]) for r in network] == [(made["congress"], "Toda la red")]
    assert {r[0] for r in rows(programme, "es", today=TODAY, category=MilestoneCategory.BANK_OPENED)} == {
        made["ar_bank"], made["br_bank"]}
    assert [r[0] for r in rows(programme, "es", today=TODAY, status=MilestoneStatus.CANCELLED)] == [made["br_cert"]]
    # 2025: the planned or actual period touches the year.
    assert {r[0] for r in rows(programme, "es", today=TODAY, year=2025)} == {
        made["ar_bank"], made["br_cert"], made["congress"]}
    assert {r[0] for r in rows(programme, "es", today=TODAY, year=2027)} == set()


@pytest.mark.parametrize(("change", "field"), [
    ({"title": "  "}, "title"),
    ({"category": None}, "category"),
    ({"progress": 101}, "progress"),
    ({"progress": -1}, "progress"),
    ({"planned_start": D(2026, 5, 1), "planned_end": D(2026, 4, 1)}, "planned_end"),
    ({"actual_start": D(2026, 5, 1), "actual_end": D(2026, 4, 1), "status": MilestoneStatus.ACHIEVED}, "actual_end"),
    ({"status": MilestoneStatus.ACHIEVED}, "actual_end"),
    ({"actual_end": D(2026, 6, 1), "status": MilestoneStatus.IN_PROGRESS}, "status"),
    ({"actual_end": D(2026, 7, 2), "status": MilestoneStatus.ACHIEVED}, "actual_end"),
    ({"country_id": "PT"}, "country_id"),  # Portugal is not a member of IberBLH
])
def test_invalid_milestones_are_refused_per_field_and_change_nothing(db, change, field):
    programme, c = ids(db)
    values = {"programme_id": programme, "country_id": c["AR"], "category": MilestoneCategory.TRAINING,
              "title": "Curso", "status": MilestoneStatus.PLANNED, "progress": 0}
    if change.get("country_id") == "PT":
        change = {"country_id": c["PT"]}
    with pytest.raises(errors.ValidationError) as info:
        MilestoneService(db, today=TODAY).save(None, values | change)
    assert field in info.value.field_messages()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Milestone)) == 0


def test_text_is_kept_exactly_and_an_achieved_milestone_without_progress_counts_as_done(db):
    programme, c = ids(db)
    service = MilestoneService(db, today=TODAY)
    text = "Línea 1 «con acentos» & <signos>\n  línea 2 sangrada\n"
    new_id = service.save(None, {"programme_id": programme, "country_id": c["UY"], "title": "  Banco de Salto ",
                                 "category": MilestoneCategory.BANK_OPENED, "status": MilestoneStatus.ACHIEVED,
                                 "actual_end": D(2026, 6, 1), "description": text, "progress": None})
    values = service.get(new_id)
    assert (values["title"], values["description"], values["progress"]) == ("Banco de Salto", text, 100)
    assert values["delayed"] is False
    with db.session() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.table_name == "milestones")) == "create"


def test_the_matrix_counts_each_country_and_category(db):
    known_set(db)
    programme, c = ids(db)
    matrix = read_programmes.matrix(db, programme, "es", today=TODAY)
    names = [name for _cid, name in matrix["rows"]]
    assert names[:3] == ["Argentina", "Bolivia", "Brasil"] and len(names) == 12
    assert matrix["rows"][-1] == (None, "Toda la red")
    cells = matrix["cells"]
    assert cells[(c["AR"], MilestoneCategory.BANK_OPENED)] == {
        "total": 1, "achieved": 1, "in_progress": 0, "planned": 0, "cancelled": 0, "delayed": 0}
    assert cells[(c["AR"], MilestoneCategory.TRAINING)]["delayed"] == 1
    assert cells[(c["BR"], MilestoneCategory.CERTIFICATION)] == {
        "total": 0, "achieved": 0, "in_progress": 0, "planned": 0, "cancelled": 1, "delayed": 0}
    assert matrix["row_totals"][c["AR"]]["total"] == 2
    assert matrix["row_totals"][None]["achieved"] == 1
    assert matrix["totals"] == {"total": 4, "achieved": 2, "in_progress": 1, "planned": 1, "cancelled": 1,
                                "delayed": 1}
    assert (c["BO"], MilestoneCategory.BANK_OPENED) not in cells


def test_the_timeline_groups_by_country_network_first(db):
    made = known_set(db)
    programme, _ = ids(db)
    groups = read_programmes.timeline(db, programme, "pt", today=TODAY)
    assert [g["label"] for g in groups] == ["Toda a rede", "Argentina", "Brasil"]
    assert [m["id"] for m in groups[2]["milestones"]] == [made["br_cert"], made["br_bank"]]
    late = read_programmes.timeline(db, programme, "es", today=TODAY, delayed=True)
    assert [[m["id"] for m in g["milestones"]] for g in late] == [[made["ar_course"]]]


def test_members_have_dates_are_unique_and_keep_their_milestones(db):
    known_set(db)
    programme, c = ids(db)
    members = MemberService(db)
    rows = read_programmes.members(db, programme, "es")
    assert len(rows) == 11 and rows[0][1] == "Argentina"
    argentina = next(r[0] for r in rows if r[2] == "AR")
    members.save(argentina, {"programme_id": programme, "country_id": c["AR"], "joined_on": D(2008, 6, 9)})
    assert members.get(argentina)["joined_on"] == D(2008, 6, 9)
    with pytest.raises(errors.ValidationError) as info:
        members.save(argentina, {"programme_id": programme, "country_id": c["AR"], "joined_on": D(2008, 6, 9),
                                 "left_on": D(2007, 1, 1)})
    assert info.value.field_messages()["left_on"] == "La fecha de salida no puede ser anterior a la de adhesión."
    with pytest.raises(errors.ValidationError) as info:
        members.save(None, {"programme_id": programme, "country_id": c["BR"]})
    assert "country_id" in info.value.errors
    with pytest.raises(errors.DeleteRefused) as refused:
        members.delete(argentina)
    assert "2 hitos de este país" in refused.value.user_message()
    assert len(read_programmes.members(db, programme, "es")) == 11


def test_a_second_programme_is_independent_and_deletes_with_its_records(db):
    known_set(db)
    _, c = ids(db)
    programmes = ProgrammeService(db)
    with pytest.raises(errors.ValidationError) as info:
        programmes.save(None, {"code": "iberblh", "name_es": "Otro"})
    assert info.value.field_messages()["code"] == "Ya existe un programa con el nombre corto iberblh."
    other = programmes.save(None, {"code": "IberCultura", "name_es": "Programa IberCultura Viva"})
    assert [code for _id, code, _name in read_programmes.programmes(db, "es")] == ["IberBLH", "IberCultura"]
    MemberService(db).save(None, {"programme_id": other, "country_id": c["PT"], "joined_on": D(2014, 1, 1)})
    service = MilestoneService(db, today=TODAY)
    service.save(None, {"programme_id": other, "country_id": c["PT"], "category": MilestoneCategory.OTHER,
                        "title": "Red de puntos de cultura", "status": MilestoneStatus.PLANNED,
                        "planned_end": D(2026, 1, 1)})
    IndicatorService(db).set_value(other, c["PT"], 2025, Indicator.DONORS, 3)
    matrix = read_programmes.matrix(db, other, "es", today=TODAY)
    assert matrix["rows"] == [(c["PT"], "Portugal")]
    assert matrix["totals"]["delayed"] == 1
    with pytest.raises(errors.DeleteRefused):
        programmes.delete(other)
    programmes.delete(other, force=True)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Milestone).where(Milestone.programme_id == other)) == 0
        assert s.scalar(select(func.count()).select_from(ProgrammeMember)
                        .where(ProgrammeMember.programme_id == other)) == 0
        assert s.scalar(select(func.count()).select_from(Milestone)) == 5  # IberBLH's are untouched


# --- indicators


def all_values(db):
    with db.session() as s:
        return sorted(s.execute(select(IndicatorValue.country_id, IndicatorValue.year, IndicatorValue.indicator,
                                       IndicatorValue.value)).all())


def test_indicator_values_are_set_changed_and_cleared(db):
    programme, c = ids(db)
    service = IndicatorService(db)
    service.set_value(programme, c["AR"], 2025, Indicator.DONORS, 1200)
    service.set_value(programme, c["AR"], 2024, Indicator.DONORS, 1100)
    service.set_value(programme, c["AR"], 2025, Indicator.DONORS, 1250)
    assert read_programmes.indicator_series(db, programme, c["AR"], Indicator.DONORS) == [(2024, 1100.0), (2025, 1250)]
    service.set_value(programme, c["AR"], 2024, Indicator.DONORS, None)
    assert read_programmes.indicator_values(db, programme, country_id=c["AR"]) == {(c["AR"], 2025, Indicator.DONORS): 1250}
    with pytest.raises(errors.ValidationError):
        service.set_value(programme, c["AR"], 2025, Indicator.DONORS, -1)
    with pytest.raises(errors.ValidationError):
        service.set_value(programme, c["PT"], 2025, Indicator.DONORS, 1)
    assert read_programmes.indicator_years(db, programme) == [2025]


@pytest.mark.parametrize(("text", "value"), [
    ("12500", 12500.0), ("12500,5", 12500.5), ("12500.5", 12500.5), ("12.500,5", 12500.5),
    ("12,500.5", 12500.5), ("1.234.567", 1234567.0), ("12 500", 12500.0), ("0", 0.0), ("abc", None),
    ("1,2,3", None), ("", None),
    # No thousands group can follow a leading 0 or a group of four digits: these are decimals.
    ("0,001", 0.001), ("0.001", 0.001), ("1234,567", 1234.567),
])
def test_numbers_are_read_as_officers_type_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["12.500", "12,500", "1,500", "999.000"])
def test_a_number_that_could_be_read_two_ways_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_absurd_figures_and_fractions_of_things_counted_are_refused(db):
    """99999999999999999999 (shown as 100.000.000.000.000.000.000) and half a milk bank were stored."""
    programme, c = ids(db)
    service = IndicatorService(db)
    for indicator, value, message in [
        (Indicator.LITRES_COLLECTED, 99999999999999999999.0,
         "Un indicador no puede ser mayor que 1.000.000.000.000; revise la cifra."),
        (Indicator.BANKS, 1.5, "Este indicador cuenta unidades, así que su cifra debe ser un número entero."),
        (Indicator.NEWBORNS, 12345.678, "Este indicador cuenta unidades, así que su cifra debe ser un número entero."),
    ]:
        with pytest.raises(errors.ValidationError) as info:
            service.set_value(programme, c["AR"], 2025, indicator, value)
        assert info.value.field_messages() == {"value": message}
    assert read_programmes.indicator_values(db, programme, year=2025) == {}
    # What is measured may have decimals; a count may reach the bound.
    service.set_value(programme, c["AR"], 2025, Indicator.LITRES_COLLECTED, 5394.4567)
    service.set_value(programme, c["AR"], 2025, Indicator.BANKS, 1e12)
    assert read_programmes.indicator_values(db, programme, year=2025) == {
        (c["AR"], 2025, Indicator.LITRES_COLLECTED): 5394.4567, (c["AR"], 2025, Indicator.BANKS): 1e12}


def test_a_csv_file_with_absurd_figures_or_fractions_of_things_counted_is_refused(db, tmp_path):
    programme, c = ids(db)
    path = tmp_path / "x.csv"
    path.write_text("country;year;indicator;value\n"
                    "AR;2025;banks;1,5\n"
                    "AR;2025;litres_collected;99999999999999999999\n"
                    "AR;2025;litres_distributed;0,001\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        IndicatorService(db).import_csv(programme, path)
    assert info.value.lines() == [
        "Línea 2: el valor 1,5 no es un número entero, pero Bancos de leche en funcionamiento cuenta unidades.",
        "Línea 3: el valor 99999999999999999999 es mayor que 1.000.000.000.000; revise la cifra.",
    ]


def test_a_good_csv_file_is_imported_in_one_go(db, tmp_path):
    programme, c = ids(db)
    service = IndicatorService(db)
    service.set_value(programme, c["AR"], 2025, Indicator.DONORS, 1)
    path = tmp_path / "indicadores.csv"
    # A spreadsheet in Spanish: semicolons, Spanish headers, names, labels and decimal commas.
    path.write_text("País;Año;Indicador;Valor\n"
                    "Argentina;2025;Donantes;1200\n"
                    "BR;2025;litres_collected;150000,5\n"
                    "\n"
                    "Perú;2025;Recién nacidos atendidos;3.456\n".replace("3.456", "3456"), encoding="utf-8")
    result = service.import_csv(programme, path)
    assert result == {"added": 2, "updated": 1, "rows": 3}
    values = read_programmes.indicator_values(db, programme, year=2025)
    assert values[(c["AR"], 2025, Indicator.DONORS)] == 1200
    assert values[(c["BR"], 2025, Indicator.LITRES_COLLECTED)] == 150000.5
    assert values[(c["PE"], 2025, Indicator.NEWBORNS)] == 3456


def test_a_bad_csv_file_names_each_bad_line_and_imports_nothing(db, tmp_path):
    programme, c = ids(db)
    service = IndicatorService(db)
    service.set_value(programme, c["AR"], 2024, Indicator.DONORS, 1000)
    before = all_values(db)
    path = tmp_path / "bad.csv"
    path.write_text("country,year,indicator,value\n"
                    "AR,2025,donors,1300\n"            # line 2: good
                    "Atlantis,2025,donors,5\n"         # line 3: unknown country
                    "PT,2025,donors,5\n"               # line 4: not a member
                    "BR,20x5,donors,5\n"               # line 5: bad year
                    "BR,2025,happiness,5\n"            # line 6: unknown indicator
                    "BR,2025,donors,muchos\n"          # line 7: not a number
                    "BR,2025,donors,-3\n"              # line 8: negative
                    "BR,2025,donors,12.500\n"          # line 9: ambiguous
                    "AR,2025,Donors,1400\n"            # line 10: same as line 2
                    "UY,,donors,5\n",                  # line 11: empty year
                    encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        service.import_csv(programme, path)
    lines = info.value.lines()
    assert [line.split(":")[0] for line in lines] == [f"Línea {n}" for n in range(3, 12)]
    assert lines[0] == ("Línea 3: el país «Atlantis» no es conocido; escriba su código de dos letras (como AR) "
                        "o su nombre.")
    assert lines[1] == "Línea 4: Portugal no es miembro de este programa."
    assert lines[7] == "Línea 10: Argentina, 2025 y Donantes ya aparecen en la línea 2."
    assert info.value.user_message().startswith("No se ha importado nada")
    assert all_values(db) == before
    pt = info.value.lines(i18n.Translator("pt"))
    assert pt[1] == "Linha 4: Portugal não é membro deste programa."


@pytest.mark.parametrize(("content", "expected"), [
    ("", "Línea 1: el archivo no tiene filas que importar."),
    ("country,year,indicator,value\n\n", "Línea 2: el archivo no tiene filas que importar."),
    ("country;year;value\nAR;2025;5\n", "Línea 1: la primera línea debe nombrar las columnas country, year, "
                                         "indicator y value (o país, año, indicador y valor); falta indicator."),
])
def test_empty_files_and_missing_columns_are_explained(db, tmp_path, content, expected):
    programme, _ = ids(db)
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        IndicatorService(db).import_csv(programme, path)
    assert info.value.lines() == [expected]


def test_a_missing_file_is_one_clear_sentence(db, tmp_path):
    programme, _ = ids(db)
    with pytest.raises(errors.SegibError) as info:
        IndicatorService(db).import_csv(programme, tmp_path / "nowhere.csv")
    assert "No se puede leer el archivo" in info.value.user_message()


def test_a_windows_spreadsheet_in_cp1252_is_read(db, tmp_path):
    programme, c = ids(db)
    path = tmp_path / "win.csv"
    path.write_bytes("país;año;indicador;valor\r\nPerú;2025;Donantes;12\r\n".encode("cp1252"))
    assert IndicatorService(db).import_csv(programme, path)["added"] == 1


# --- example data


def test_the_example_data_covers_the_eleven_countries_from_2008_to_2026(db):
    today = D(2026, 11, 29)
    added = programmes_demo.fill(DemoContext(db, "small", today))
    assert added > 200
    programme, _ = ids(db)
    with db.session() as s:
        countries = s.scalar(select(func.count(func.distinct(Milestone.country_id))))
        first, last = s.execute(select(func.min(Milestone.planned_start), func.max(Milestone.planned_end))).one()
        unmarked = s.scalar(select(func.count()).select_from(Milestone).where(~Milestone.description.startswith(MARK)))
        years = sorted(s.scalars(select(IndicatorValue.year).distinct()))
    assert countries == 11 and first.year == 2008 and last.year == 2026 and unmarked == 0
    assert years == [2020, 2021, 2022, 2023, 2024, 2025]
    late = read_programmes.milestones(db, programme, "es", today=today, delayed=True)
    assert 3 <= len(late) <= 30


def test_the_large_example_data_has_about_5000_milestones(db):
    programmes_demo.fill(DemoContext(db, "large", D(2026, 11, 29)))
    with db.session() as s:
        assert 4900 <= s.scalar(select(func.count()).select_from(Milestone)) <= 5100
