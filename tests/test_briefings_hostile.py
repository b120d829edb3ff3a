"""User text is text: markup characters, huge texts, rows taller than a page and long lists never break a briefing."""

from __future__ import annotations

import datetime as dt
import math

import docx
import pytest
from sqlalchemy import insert, select, update

from segib_desktop.core import briefings
from segib_desktop.core.briefings import data
from segib_desktop.core.models import (
    Area,
    Body,
    Country,
    Document,
    DocumentKind,
    Indicator,
    IndicatorValue,
    Mandate,
    MandateStatus,
    Priority,
    Programme,
    Summit,
    new_uid,
)
from tests.briefing_fixtures import TODAY, fill, pdf_text

MARKUP = 'Coordinar <b>&" con <img src="/etc/passwd"/> & <font size=40>; 2 < 3 > 1'
WORDS = ("cooperación iberoamericana " * 800)[:20_000]  # 20,000 characters of running text
ONE_WORD = "x" * 20_000  # no space to break at


@pytest.fixture
def hostile(db):
    """The known world plus 500 open overdue mandates, two of them monstrous."""
    fill(db)
    with db.session() as s:
        summit = s.scalar(select(Summit).where(Summit.number == 29))
        doc = Document(kind=DocumentKind.DECLARATION, title="Declaración <de> Cuenca & más", summit=summit)
        area = Area(name="Área <con> & signos")
        s.add_all([doc, area])
        s.flush()
        rows = [{"uid": new_uid(), "version": 1, "document_id": doc.id, "point": str(i), "code": f"H-{i:03d}",
                 "title": f"Mandato masivo {i}", "text": f"Texto {i} con <marcas> & \"comillas\"", "area_id": area.id,
                 "officer": "", "due_date": dt.date(2025, 1, 1) + dt.timedelta(days=i % 400),
                 "recurrence": "one_off", "priority": "low", "status": "not_started", "tags": ""}
                for i in range(498)]
        s.execute(insert(Mandate), rows)
        # High priority, so that they are among the listed ones.
        s.add(Mandate(document=doc, code="H-MARKUP", title=MARKUP, text=MARKUP + "\nsegunda línea\n\n" + WORDS,
                      area=area, due_date=dt.date(2025, 5, 1), priority=Priority.HIGH,
                      status=MandateStatus.IN_PROGRESS))
        s.add(Mandate(document=doc, code="H-GIANT", title="Título enorme " + WORDS, text=ONE_WORD,
                      due_date=dt.date(2025, 6, 1), priority=Priority.HIGH, status=MandateStatus.NOT_STARTED,
                      addressee_bodies=[s.scalar(select(Body).where(Body.acronym == "COMJIB"))]))
    return db


def test_markup_and_monstrous_texts_print_as_typed(hostile, tmp_path):
    out = tmp_path / "hostil.pdf"
    briefings.generate(hostile, "summit", "30", "es", out, today=TODAY)
    text, reader = pdf_text(out)
    assert MARKUP in text  # escaped, not interpreted: no bold, no image, no font change
    assert "Declaración <de> Cuenca & más" in text
    assert "Área <con> & signos" in text
    assert "segunda línea" in text
    assert text.count("cooperación iberoamericana") > 1500  # the 20,000 characters flowed over pages
    assert "x" * 200 in text.replace(" ", "")  # the unbreakable word was cut, not lost
    assert "Título enorme cooperación" in text  # a table row taller than a page was split
    # 501 open overdue mandates: the briefing lists the most relevant and says so
    assert "501 mandatos abiertos cuyo plazo venció" in text
    assert f"Se muestran {data.LIST_LIMIT} de" in text
    assert "primero los de mayor prioridad" in text
    assert len(reader.pages) > 40


def test_a_body_with_no_activity_but_a_monstrous_mandate(hostile, tmp_path):
    out = tmp_path / "comjib.pdf"
    briefings.generate(hostile, "body", "COMJIB", "pt", out, today=TODAY)
    text, _reader = pdf_text(out)
    assert "Não há atividades registradas desde 15 de novembro de 2024." in text
    assert "Não há ações abertas." in text
    assert "H-GIANT" in text and "Mandatos abertos (1)" in text


def test_a_country_with_nothing_recorded(db, tmp_path):
    out = tmp_path / "andorra.pdf"
    briefings.generate(db, "country", "AD", "es", out, today=TODAY)
    text, _reader = pdf_text(out)
    for empty in ("No tiene ningún mandato dirigido.", "No hay mandatos abiertos.",
                  "No hay actividades registradas desde el 15 de noviembre de 2024.", "No hay acciones abiertas.",
                  "No hay contactos registrados.", "Andorra no es miembro del Programa Iberoamericano",
                  "No hay indicadores registrados de Andorra.", "Andorra: ningún mandato abierto le está dirigido."):
        assert empty in text, empty


def test_decomposed_accents_and_control_characters(db, tmp_path):
    with db.session() as s:
        body = s.scalar(select(Body).where(Body.acronym == "OEI"))
        body.notes = "Cooperacio\u0301n\x07 con\tla\x00 OEI"
    out = tmp_path / "oei.pdf"
    briefings.generate(db, "body", "OEI", "es", out, today=TODAY)
    text, _reader = pdf_text(out)
    assert "Cooperación con la OEI" in text  # NFC, the bell and the NUL dropped, the tab a space


@pytest.mark.parametrize("out_name", ["ar.pdf", "ar.docx"])
def test_any_figure_a_database_holds_prints(db, tmp_path, out_name):
    """An indicator of 5e28 (stored from a file by an older version: the forms and today's import refuse it) made
    the country's briefing fail with "Unexpected error": Babel's rounding ran out of decimal digits (explore 16,
    section 2). The largest float and infinity print too, in the country's table and in the summit's network."""
    fill(db)
    with db.session() as s:
        ar = s.scalar(select(Country.id).where(Country.iso2 == "AR"))
        blh = s.scalar(select(Programme.id).where(Programme.code == "IberBLH"))
        s.execute(update(IndicatorValue).where(IndicatorValue.indicator == Indicator.BANKS,
                                               IndicatorValue.year == 2025).values(value=5e28))
        s.execute(update(IndicatorValue).where(IndicatorValue.indicator == Indicator.LITRES_COLLECTED)
                  .values(value=1.7976931348623157e308))
        s.add(IndicatorValue(programme_id=blh, country_id=ar, year=2023, indicator=Indicator.DONORS, value=math.inf))
    out = tmp_path / out_name
    briefings.generate(db, "country", "AR", "es", out, today=TODAY)
    if out.suffix == ".pdf":
        text = pdf_text(out)[0].replace(" ", "")
    else:
        text = "".join(cell.text for table in docx.Document(str(out)).tables for row in table.rows
                       for cell in row.cells).replace(" ", "")
    for figure in (5e28, 1.7976931348623157e308):  # every digit of the float, rounded to a whole number
        assert f"{round(figure):,}".replace(",", ".") in text
    assert "∞" in text
    summit = tmp_path / ("summit" + out.suffix)
    briefings.generate(db, "summit", "30", "es", summit, today=TODAY)  # the network's table: banks and litres
    assert summit.stat().st_size > 0
