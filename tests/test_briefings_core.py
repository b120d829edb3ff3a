"""Briefings: each kind in both languages, read back from the PDF (text, fonts, metadata, outline, record)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from segib_desktop import errors
from segib_desktop.core import briefings
from segib_desktop.core.models import BriefingRecord
from tests.briefing_fixtures import HOSTILE, TODAY, USER, fill, fonts, outline_titles, pdf_text


@pytest.fixture
def world(db):
    fill(db)
    return db


def make(db, tmp_path, kind, subject, lang, **kwargs):
    out = tmp_path / f"{kind}-{subject}-{lang}.pdf"
    path = briefings.generate(db, kind, subject, lang, out, user=USER, today=TODAY, **kwargs)
    assert path == out and out.stat().st_size > 0
    text, reader = pdf_text(out)
    return text, reader


def test_summit_briefing_in_spanish(world, tmp_path):
    text, reader = make(world, tmp_path, "summit", "30", "es")
    pages = len(reader.pages)
    for expected in (
        "SECRETARÍA GENERAL IBEROAMERICANA", "NOTA INFORMATIVA",
        "XXX Cumbre Iberoamericana de Jefes de Estado y de Gobierno", "Madrid (España) · 4–5 de noviembre de 2026",
        "Innovación & cooperación <2026>", "Elaborada por Ana Pérez Gómez", "15 de marzo de 2026",
        "USO OFICIAL — DISTRIBUCIÓN RESTRINGIDA", "Índice",
        f"Página 2 de {pages}", f"Página {pages} de {pages}",
        # at a glance
        "1. La cumbre de un vistazo", "Secretaría Pro Tempore", "Cumbre anterior",
        "XXIX Cumbre Iberoamericana (Cuenca, 2024)", "Celebradas (1)", "Coordinadores Nacionales",
        "Pendientes (1)", "Ministros de Relaciones Exteriores", "Faltan (días) 234",
        # mandates: figures, follow-up, overdue, due before the summit
        "2.1 Cifras por estado",
        "Hay 5 mandatos registrados; 3 están abiertos y 1 de ellos tiene el plazo vencido.",
        "Seguimiento de los mandatos de la XXIX Cumbre Iberoamericana (Cuenca, 2024)",
        "Último avance (01/02/2026): Borrador enviado a los Coordinadores.",
        "2.3 Mandatos vencidos", "1 mandato abierto cuyo plazo venció antes del 15 de marzo de 2026.",
        "Mandatos con plazo antes de la cumbre", "XXIX-PA-3", "Estrategia de cultura digital",
        # coordination per body, an empty one says so
        "Organización de Estados Iberoamericanos", "Reunión de coordinación OEI", "Acciones abiertas (2)",
        "Enviar el plan conjunto", "plazo vencido",
        "No hay actividades registradas desde el 15 de noviembre de 2024.",
        # IberBLH
        "Situación por país", "Argentina", "Banco de leche en Rosario", "Hitos con retraso",
        "Curso de procesamiento", "Toda la red", "Congreso de la red", "13 (2025)", "15.000 (2025)",
        # annex: the full text, exactly as typed
        "5. Anexo: texto íntegro de los mandatos abiertos", HOSTILE.replace("\n", " "),
        "Origen: Programa de Acción: Programa de Acción de Cuenca, punto 1",
    ):
        assert expected in text, expected
    assert "Acta firmada" not in text  # a done action is not open
    overdue_section = text.split("cuyo plazo venció antes del")[1].split("2.4 Mandatos con plazo")[0]
    assert "XXIX-PA-1" in overdue_section and "Mandato sustituido" not in overdue_section


def test_a_latest_progress_with_no_text_says_what_it_did(world, tmp_path):
    """Explore22 #5: after a bulk status change with no note, every mandate changed read "Último avance
    (date):" and nothing more, in the follow-up and in the annex. The entry says what it did."""
    from segib_desktop.core.briefings import data
    from segib_desktop.core.models import Mandate, MandateStatus
    from segib_desktop.core.services.mandates import MandateService

    with world.session() as s:
        mandate_id = s.scalar(select(Mandate.id).where(Mandate.code == "XXIX-PA-1"))
    MandateService(world, today=TODAY).bulk_set_status([mandate_id], MandateStatus.ONGOING)
    text, _reader = make(world, tmp_path, "summit", "30", "es")
    assert "Último avance (15/03/2026): Estado cambiado a Permanente." in text  # the follow-up
    assert "Estado cambiado a Permanente." in text.split("5. Anexo")[-1]  # and the annex
    with world.session() as s:
        assert [data.latest_progress(s, [mandate_id], lang)[mandate_id].text for lang in ("en", "pt")] == [
            "Status changed to Ongoing.", "Status alterado para Permanente."]


def test_a_summits_mandates_are_printed_in_the_order_of_their_points(world, tmp_path):
    """XXIX-PA-2 before XXIX-PA-10, as people read codes (``i18n.natural_key``), not 1, 10, 2 as text sorts."""
    from segib_desktop.core.models import Document, Mandate, MandateStatus

    with world.session(write=True) as s:
        document = s.scalar(select(Document).where(Document.title == "Programa de Acción de Cuenca"))
        for point in ("10", "12"):
            s.add(Mandate(document=document, point=point, code=f"XXIX-PA-{point}", title=f"Punto {point}",
                          status=MandateStatus.NOT_STARTED))
    text, _reader = make(world, tmp_path, "summit", "30", "es")
    follow_up = text.split("Seguimiento de los mandatos de la XXIX Cumbre")[-1].split("2.3 Mandatos vencidos")[0]
    places = [follow_up.index(f"XXIX-PA-{n} ") for n in (1, 2, 3, 5, 10, 12)]
    assert places == sorted(places)


def test_a_summits_follow_up_is_printed_in_the_mandates_lists_order(world, tmp_path):
    """The follow-up prints a summit's mandates in a mandate's code order (read.rules), as the mandates list
    (and its export) shows them: the Programme of Action before a Special Communiqué recorded after it (whose
    code, "XXIX-CE1", sorts first as text), each document's points as people read them (1.2 before 1.10, the
    numbered points before E2 and E10: explore17, defect 4)."""
    from segib_desktop.core.models import Document, DocumentKind, Mandate, MandateStatus, Summit
    from segib_desktop.core.read import mandates as read_mandates

    with world.session(write=True) as s:
        programme = s.scalar(select(Document).where(Document.title == "Programa de Acción de Cuenca"))
        communique = Document(kind=DocumentKind.SPECIAL_COMMUNIQUE, number="1", title="Comunicado especial",
                              summit=s.scalar(select(Summit).where(Summit.number == 29)))
        for document, prefix, points in ((communique, "XXIX-CE1", ("2", "1")),
                                         (programme, "XXIX-PA", ("E10", "1.10", "E2", "1.2"))):
            for point in points:
                s.add(Mandate(document=document, point=point, code=f"{prefix}-{point}", title=f"Punto {point}",
                              status=MandateStatus.NOT_STARTED))
    listed = [r.code for r in read_mandates.list_rows(world, "es") if r.code.startswith("XXIX-")]
    assert listed == ["XXIX-PA-1", "XXIX-PA-1.2", "XXIX-PA-1.10", "XXIX-PA-2", "XXIX-PA-3", "XXIX-PA-5",
                      "XXIX-PA-E2", "XXIX-PA-E10", "XXIX-CE1-1", "XXIX-CE1-2"]
    text, _reader = make(world, tmp_path, "summit", "30", "es")
    follow_up = text.split("Seguimiento de los mandatos de la XXIX Cumbre")[-1].split("2.3 Mandatos vencidos")[0]
    places = [follow_up.index(f"{code} ") for code in listed]
    assert places == sorted(places)


def test_summit_briefing_in_portuguese_is_portuguese(world, tmp_path):
    text, reader = make(world, tmp_path, "summit", "30", "pt")
    pages = len(reader.pages)
    for expected in (
        "SECRETARIA-GERAL IBERO-AMERICANA", "XXX Cúpula Ibero-Americana de Chefes de Estado e de Governo",
        "Madrid (Espanha) · 4–5 de novembro de 2026", "Inovação e cooperação <2026>", "Sumário",
        f"Página 2 de {pages}", "1. A cúpula em resumo", "Secretaria Pro Tempore", "Números por status",
        "Há 5 mandatos registrados; 3 estão abertos e 1 deles está com o prazo vencido.", "Mandatos vencidos",
        "Acompanhamento dos mandatos da XXIX Cúpula Ibero-Americana (Cuenca, 2024)", "Organização de Estados",
        "Ações abertas (2)", "prazo vencido", "Situação por país", "Toda a rede", "Marcos com atraso",
        "15 de março de 2026", "USO OFICIAL — DISTRIBUIÇÃO RESTRITA", "Anexo: texto integral dos mandatos abertos",
    ):
        assert expected in text, expected
    for spanish in ("Índice", "Cumbre", "noviembre", "marzo", "Fecha", "España", "Mandatos abiertos",
                    "Cifras por estado", "No hay", "Página entera"):
        assert spanish not in text, spanish


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", ("España", "Estado miembro de la Conferencia Iberoamericana desde 1991", "Cumbres acogidas",
            "II Cumbre Iberoamericana", "Mandatos dirigidos al país", "Mandatos abiertos (1)", "XXIX-PA-3",
            "No hay contactos registrados.", "España no es miembro del Programa Iberoamericano",
            "1. El país de un vistazo", "Península Ibérica",
            # one mandate: each number with its own singular or plural
            "Tiene 1 mandato dirigido; 1 está abierto y no tiene el plazo vencido.",
            "Texto íntegro del mandato abierto enumerado en esta nota.")),
    ("pt", ("Espanha", "Estado membro da Conferência Ibero-Americana desde 1991", "Cúpulas sediadas",
            "II Cúpula Ibero-Americana", "Mandatos dirigidos ao país", "Mandatos abertos (1)", "XXIX-PA-3",
            "Não há contatos registrados.", "Espanha participa do Programa Ibero-Americano",
            "1. O país em resumo", "Península Ibérica",
            "Há 1 mandato dirigido a ele; 1 está aberto e não está com o prazo vencido.",
            "Texto integral do mandato aberto listado nesta nota.")),
])
def test_country_briefing(world, tmp_path, lang, expected):
    text, reader = make(world, tmp_path, "country", "es", lang)  # the code in any case
    pages = len(reader.pages)
    assert f"Página 2 de {pages}" in text
    for item in expected:
        if "no es miembro" in item or "participa do" in item:
            continue  # Spain is in IberBLH in the reference data: checked below
        assert item in text, item
    assert ("España participa en el Programa" if lang == "es" else "Espanha participa do Programa") in text


def test_country_briefing_lists_its_contacts_activities_and_indicators(world, tmp_path):
    text, _reader = make(world, tmp_path, "country", "AR", "es")
    for expected in ("Argentina", "Juan Pereyra", "jpereyra@example.org", "Reunión de coordinación OEI",
                     "Banco de leche en Rosario", "Curso de procesamiento", "Bancos de leche en funcionamiento",
                     "Indicadores", "2024", "12", "13", "15.000", "XXIX-PA-1", "Informe sobre juventud",
                     HOSTILE.replace("\n", " ")):
        assert expected in text, expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", ("Organización de Estados Iberoamericanos", "(OEI)", "1. El organismo de un vistazo", "Sigla",
            "María Souza", "Directora de Cooperación", "Reunión de coordinación OEI", "Acciones abiertas (2)",
            "Mandatos dirigidos al organismo", "Mandatos abiertos (1)", "Informe sobre juventud", "Organismo")),
    ("pt", ("Organização de Estados Ibero-americanos", "(OEI)", "1. O organismo em resumo", "Sigla",
            "María Souza", "Reunião de coordenação", "Ações abertas (2)", "Mandatos dirigidos ao organismo",
            "Mandatos abertos (1)", "Informe sobre juventud", "Sumário")),
])
def test_body_briefing(world, tmp_path, lang, expected):
    text, reader = make(world, tmp_path, "body", "oei", lang)
    assert f"Página 2 de {len(reader.pages)}" in text
    for item in expected:
        if item == "Reunião de coordenação":
            continue  # the activity's subject is the user's text, in Spanish
        assert item in text, item


def test_a_body_with_no_activity_says_so(world, tmp_path):
    text, _reader = make(world, tmp_path, "body", "COMJIB", "es")
    assert "No hay actividades registradas desde el 15 de noviembre de 2024." in text
    assert "No hay acciones abiertas." in text
    assert "No tiene ningún mandato dirigido." in text
    assert "COMJIB: ningún mandato abierto le está dirigido." in text


def test_a_briefing_of_a_database_open_read_only_is_made_and_not_recorded(world, tmp_path):
    """The window's read-only way forward (another copy has the database open), and a read-only file: the
    briefing failed once written ("cannot be saved"), for the record it keeps of itself."""
    from segib_desktop.core.db import Database

    readonly = Database(world.path, readonly=True)
    try:
        out = briefings.generate(readonly, "summit", "30", "es", tmp_path / "nota.pdf", user=USER, today=TODAY)
    finally:
        readonly.close()
    assert "NOTA INFORMATIVA" in pdf_text(out)[0]
    with world.session() as s:
        assert s.scalars(select(BriefingRecord)).all() == []


@pytest.mark.parametrize(("lang", "word"), [("es", "plazo vencido"), ("pt", "prazo vencido")])
def test_an_ongoing_mandate_past_its_date_is_not_marked_overdue(world, tmp_path, lang, word):
    """An ongoing ("Permanente") mandate is never overdue (read.rules): its row's date is not marked, as the
    briefing's own figures say; an open one with a deadline past its date is."""
    from segib_desktop.core.enums import MandateStatus
    from segib_desktop.core.models import Mandate

    with world.session(write=True) as s:
        ongoing = s.scalar(select(Mandate).where(Mandate.code == "RCN-1"))
        ongoing.due_date = TODAY.replace(year=TODAY.year - 1)  # past, addressed to the OISS
    text, _reader = make(world, tmp_path, "body", "OISS", lang)
    assert "RCN-1" in text and "15/03/2025" in text
    assert f"15/03/2025 {word}" not in text.replace("\n", " ")
    with world.session(write=True) as s:
        s.scalar(select(Mandate).where(Mandate.code == "RCN-1")).status = MandateStatus.IN_PROGRESS
    text, _reader = make(world, tmp_path, "body", "OISS", lang)
    assert f"15/03/2025 {word}" in text.replace("\n", " ")


def set_summit(db, number: int, start, end, **values) -> None:
    """Summit ``number``'s dates (created, planned, if it is not there)."""
    from segib_desktop.core.models import Summit

    with db.session(write=True) as s:
        summit = s.scalar(select(Summit).where(Summit.number == number))
        if summit is None:
            summit = Summit(number=number)
            s.add(summit)
        summit.start_date, summit.end_date = start, end
        for key, value in values.items():
            setattr(summit, key, value)


def due_before_the_summit(text: str, lang: str) -> str:
    """Section 2.4 as printed (the contents name it too: the last one is the section)."""
    heading, after = {"es": ("2.4 Mandatos con plazo antes de la cumbre", "3. Coordinación"),
                      "pt": ("2.4 Mandatos com prazo antes da cúpula", "3. Coordenação")}[lang]
    return text.split(heading)[-1].split(after)[0]


@pytest.mark.parametrize(("lang", "sentence", "begun"), [
    ("es", "La cumbre aún no tiene fecha: 1 mandato abierto vence a partir del 15 de marzo de 2026.",
     "ya ha comenzado"),
    ("pt", "A cúpula ainda não tem data: 1 mandato aberto vence a partir de 15 de março de 2026.", "já começou"),
])
def test_a_summit_with_no_date_yet_lists_every_deadline_still_to_come(world, tmp_path, lang, sentence, begun):
    """Planned, not dated yet (the usual next summit): it had 'already begun' and nothing fell due before it.
    Its open mandates with a deadline from today on are listed (the overdue one has its own section)."""
    set_summit(world, 30, None, None)
    text, _reader = make(world, tmp_path, "summit", "30", lang)
    section = due_before_the_summit(text, lang)
    assert sentence in section and "XXIX-PA-3" in section
    assert "XXIX-PA-1" not in section and "RCN-1" not in section  # overdue; ongoing, no deadline
    assert begun not in text and ("Faltan (días)" if lang == "es" else "Faltam (dias)") not in text
    from segib_desktop.core.enums import MandateStatus
    from segib_desktop.core.models import Mandate

    with world.session(write=True) as s:
        s.scalar(select(Mandate).where(Mandate.code == "XXIX-PA-3")).status = MandateStatus.FULFILLED
    text, _reader = make(world, tmp_path, "summit", "30", lang)
    assert {"es": "La cumbre aún no tiene fecha y ningún mandato abierto vence a partir del 15 de marzo de 2026.",
            "pt": "A cúpula ainda não tem data e nenhum mandato aberto vence a partir de 15 de março de 2026."
            }[lang] in due_before_the_summit(text, lang)


def test_a_summit_that_starts_today_has_begun_as_the_home_page_says(world, tmp_path):
    """The home page said it was being held; section 2.4 still listed a mandate due today as due before it."""
    import datetime as dt

    from segib_desktop.core.models import Mandate

    with world.session(write=True) as s:
        s.scalar(select(Mandate).where(Mandate.code == "XXIX-PA-3")).due_date = TODAY
    set_summit(world, 30, TODAY, TODAY + dt.timedelta(days=1))
    text, _reader = make(world, tmp_path, "summit", "30", "es")
    assert "La cumbre ya ha comenzado: ningún plazo vence antes de ella." in due_before_the_summit(text, "es")
    assert "XXIX-PA-3" not in due_before_the_summit(text, "es") and "Faltan (días)" not in text
    set_summit(world, 30, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2))
    text, _reader = make(world, tmp_path, "summit", "30", "es")
    assert "Faltan (días) 1" in text
    assert "1 mandato abierto vence entre el 15 de marzo de 2026 y el 16 de marzo de 2026." in text


def test_a_summit_two_cycles_ahead_counts_its_period_from_the_last_summit_held(world, tmp_path):
    """XXXI, undated, briefed while XXX (November 2026) is still to come: the period began 'since the XXX Summit
    (5 November 2026)', in the future, and the coordination section had no activity at all."""
    set_summit(world, 31, None, None)
    text, _reader = make(world, tmp_path, "summit", "31", "es")
    assert "Hitos logrados desde la XXIX Cumbre Iberoamericana (15 de noviembre de 2024)" in text
    assert "Actividades con cada organismo desde el 15 de noviembre de 2024" in text
    assert "Reunión de coordinación OEI" in text
    assert "desde la XXX Cumbre" not in text  # its end, 5 November 2026, is still to come
    # the summit before it is still XXX, whose mandates it follows up
    assert "Seguimiento de los mandatos de la XXX Cumbre Iberoamericana (Madrid, 2026)" in text


def test_a_last_summit_recorded_by_its_start_alone_still_starts_the_period(world, tmp_path):
    """The review: XXIX with its start date only counts as held (its last day is its start), but the period
    went on reading its end: "since the beginning of the records", all history counted."""
    set_summit(world, 29, TODAY.replace(year=2024, month=11, day=14), None)
    text, _reader = make(world, tmp_path, "body", "OEI", "es")
    assert "desde el comienzo de los registros" not in text
    assert "desde la XXIX Cumbre Iberoamericana (14 de noviembre de 2024)" in text


@pytest.mark.parametrize(("lang", "line"), [
    ("es", "Cumbre en curso XXX Cumbre Iberoamericana (Madrid, 2026), 14–16 de marzo de 2026"),
    ("pt", "Cúpula em curso XXX Cúpula Ibero-Americana (Madrid, 2026), 14–16 de março de 2026"),
])
def test_a_country_briefing_names_the_summit_being_held(world, tmp_path, lang, line):
    """While a summit was being held a country briefing had no 'Next summit' line at all: it was neither next
    (start >= today) nor last held (end < today)."""
    import datetime as dt

    set_summit(world, 30, TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1))
    text, _reader = make(world, tmp_path, "country", "ES", lang)
    assert line in text


@pytest.mark.parametrize("kind,subject", [("summit", "30"), ("country", "AR"), ("body", "OEI")])
def test_every_font_is_embedded_and_none_is_a_base_14_font(world, tmp_path, kind, subject):
    _text, reader = make(world, tmp_path, kind, subject, "pt")
    used = fonts(reader)
    assert used
    for font in used:
        name = str(font["/BaseFont"])
        assert "DejaVuSans" in name, name
        for base14 in ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats"):
            assert base14 not in name
        if font["/Subtype"] in ("/TrueType", "/CIDFontType2"):
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
    names = {str(f["/BaseFont"]).split("+")[-1] for f in used}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"} <= names


def test_metadata_language_outline_and_record(world, tmp_path):
    out = tmp_path / "nota.pdf"
    briefings.generate(world, "summit", "30", "es", out, user=USER, today=TODAY)
    _text, reader = pdf_text(out)
    meta = reader.metadata
    assert meta.title == "Nota informativa: XXX Cumbre Iberoamericana (Madrid, 2026)"
    assert meta.author == USER
    assert meta.subject == "Nota informativa para la XXX Cumbre Iberoamericana (Madrid, 2026)"
    assert reader.trailer["/Root"]["/Lang"] == "es-ES"
    titles = outline_titles(reader)
    assert titles[:3] == ["1. La cumbre de un vistazo", "1.1 Reuniones del ciclo", "Celebradas (1)"]
    assert "2.3 Mandatos vencidos" in titles
    assert titles[-1] == "5. Anexo: texto íntegro de los mandatos abiertos"
    with world.session() as s:
        record = s.scalars(select(BriefingRecord)).one()
        assert (record.kind, record.subject, record.lang, record.created_by) == ("summit", "30", "es", USER)
        assert record.file_path == str(out.resolve())
        assert record.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
        assert record.params["sections"] == ["overview", "mandates", "coordination", "iberblh", "annex"]
        assert record.params["today"] == "2026-03-15"
        assert record.params["pages"] == len(reader.pages)


def test_only_the_chosen_sections_are_printed_and_numbered(world, tmp_path):
    text, reader = make(world, tmp_path, "summit", "30", "es", sections=["iberblh", "mandates"])
    assert "1. Mandatos" in text and "2. IberBLH" in text
    assert "La cumbre de un vistazo" not in text and "Anexo" not in text
    assert outline_titles(reader)[0] == "1. Mandatos"
    with pytest.raises(ValueError):
        briefings.generate(world, "summit", "30", "es", tmp_path / "x.pdf", sections=["contacts"])


def test_progress_is_reported_up_to_the_end(world, tmp_path):
    seen = []
    briefings.generate(world, "summit", "30", "es", tmp_path / "n.pdf", today=TODAY,
                       progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 1000) and seen[-1] == (1000, 1000)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert len(seen) > 5


@pytest.mark.parametrize(("kind", "subject", "message"), [
    ("summit", "99", "No existe la cumbre número 99 en la base de datos."),
    ("summit", "treinta", "«treinta» no es un número de cumbre: escríbalo en cifras, por ejemplo 30."),
    ("country", "ZZ", "No existe ningún país con el código «ZZ» (use el código ISO de dos letras, por ejemplo AR)."),
    ("country", "ESP", "No existe ningún país con el código «ESP»"),
    ("body", "XYZ", "No existe ningún organismo con la sigla «XYZ»."),
])
def test_an_unknown_subject_is_one_sentence_and_writes_nothing(world, tmp_path, kind, subject, message):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(briefings.UnknownSubject) as info:
        briefings.generate(world, kind, subject, "es", folder / "nada.pdf", today=TODAY)
    assert info.value.user_message().startswith(message)
    assert list(folder.iterdir()) == []
    with world.session() as s:
        assert s.scalars(select(BriefingRecord)).all() == []


def test_a_missing_folder_is_a_known_error(world, tmp_path):
    with pytest.raises(errors.SegibError) as info:
        briefings.generate(world, "summit", "30", "es", tmp_path / "no" / "such" / "nota.pdf")
    assert "no existe" in info.value.user_message()


def test_the_default_file_name_is_safe_and_says_what_it_is():
    import datetime as dt

    when = dt.datetime(2026, 11, 4, 9, 5, 7)
    assert briefings.default_filename("summit", "30", "es", when) == "nota-cumbre-XXX-es-20261104-090507.pdf"
    assert briefings.default_filename("country", "AR", "pt", when) == "nota-pais-AR-pt-20261104-090507.pdf"
    assert briefings.default_filename("body", "O/E:I", "es", when) == "nota-organismo-O-E-I-es-20261104-090507.pdf"


def test_right_after_a_summit_a_body_briefing_covers_the_whole_last_cycle(world, tmp_path):
    import datetime as dt

    out = tmp_path / "oei.pdf"
    briefings.generate(world, "body", "OEI", "es", out, today=dt.date(2024, 12, 20))
    text, _reader = pdf_text(out)
    assert "Actividades con OEI desde la XXVIII Cumbre Iberoamericana (25 de marzo de 2023)" in text


def test_reportlab_runs_with_its_c_accelerator():
    """rl_accel (pinned) replaces reportlab's pure-Python text widths and PDF encoding."""
    from reportlab.lib import rl_accel

    assert type(rl_accel.instanceStringWidthTTF).__name__ == "builtin_function_or_method"
    assert rl_accel.fp_str.__module__ == "_rl_accel"


def test_a_paragraph_breaks_its_lines_once_per_width_and_again_after_a_failed_split(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle

    from segib_desktop.core.briefings.pdf import Paragraph

    calls = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, widths: calls.append(widths) or original(self, widths))
    para = Paragraph("palabra " * 60, ParagraphStyle("t", fontName="Helvetica", fontSize=9, leading=11))
    first = para.wrap(100, 1000)
    assert para.wrap(100, 50) == first and len(calls) == 1  # the same width: the same lines
    narrower = para.wrap(60, 1000)
    assert narrower[1] > first[1] and len(calls) == 2
    assert para.split(60, 5) == []  # no room: reportlab drops the lines it had
    assert para.wrap(60, 1000) == narrower and len(calls) == 3


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The texts reportlab's markup parser is given from now on."""
    from reportlab.platypus import paraparser

    seen: list[str] = []
    original = paraparser.ParaParser.parse
    monkeypatch.setattr(paraparser.ParaParser, "parse", lambda self, text, style: seen.append(text)
                        or original(self, text, style))
    return seen


def test_a_repeated_text_is_parsed_once_per_style_and_reads_the_same(parses):
    from reportlab.lib.styles import ParagraphStyle

    from segib_desktop.core.briefings.pdf import Paragraph

    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)
    other = ParagraphStyle("other", fontName="Helvetica-Bold", fontSize=8, leading=10)
    text = '<font color="#A61B1B"><b>15/11/2026</b><br/>plazo vencido</font>'
    first, second, third = Paragraph(text, style), Paragraph(text, style), Paragraph(text, other)
    assert len(parses) == 2  # the repeat in the same style was not parsed again
    assert [(f.text, f.fontName, f.textColor) for f in first.frags] == \
        [(f.text, f.fontName, f.textColor) for f in second.frags]
    assert all(a is not b for a, b in zip(first.frags, second.frags, strict=True))  # copies, never shared
    assert first.wrap(200, 100) == second.wrap(200, 100) and third.style is not first.style


@pytest.mark.parametrize("text", [
    # plain: the fragment made without the parser
    "En curso", "São Paulo, Cádiz y Ñuñoa", "  dos   espacios\ny una línea  ", "", "  \n",
    "Secretaría para la Cooperación Iberoamericana", "x",
    # marked up: the fragments of the skeleton's parse
    '<font color="#A61B1B"><b>15/11/2026</b><br/>plazo vencido</font>',
    "<b>Mandato 12:</b> texto con &amp; y &lt;marcas&gt; &quot;citadas&quot;",
    "  <i>  dos   espacios </i>\n y una   línea <b> </b> al final  ",
    '<font size="7" color="#5F6B7A">Cádiz</font><br/><br/><b><i>São Paulo</i></b>',
    "A &amp; B", "<b></b>", "<br/>sola",
])
def test_a_text_gets_exactly_the_fragments_reportlab_would_parse(text):
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as ReportlabParagraph

    from segib_desktop.core.briefings.pdf import Paragraph, register_fonts

    register_fonts()  # <b> and <i> are the DejaVu family's faces
    style = ParagraphStyle(f"text-{text[:6]}", fontName="DejaVuSans", fontSize=8, leading=10,
                           textColor=HexColor("#333333"))
    ours, theirs = Paragraph(text, style), ReportlabParagraph(text, style)
    assert ours.text == theirs.text
    assert [vars(f) for f in ours.frags] == [vars(f) for f in theirs.frags]
    assert ours.wrap(60, 500) == theirs.wrap(60, 500)
    assert repr(ours.blPara.lines) == repr(theirs.blPara.lines)  # (reportlab's lines compare by identity)


def test_texts_of_one_shape_are_parsed_once(parses):
    from reportlab.lib.styles import ParagraphStyle

    from segib_desktop.core.briefings.pdf import Paragraph

    style = ParagraphStyle("shape", fontName="Helvetica", fontSize=8, leading=10)
    first = Paragraph("<b>Mandato 1</b><br/>Educación y cultura", style)
    second = Paragraph("<b>Mandato 22</b><br/>Cohesión social", style)
    other = Paragraph("<i>Mandato 3</i>", style)
    assert len(parses) == 2  # the second text has the first one's tags: its shape was not parsed again
    assert [f.text for f in first.frags] == ["Mandato 1", "", "Educación y cultura"]
    assert [f.text for f in second.frags] == ["Mandato 22", "", "Cohesión social"]
    assert [f.fontName for f in second.frags] == [f.fontName for f in first.frags]
    assert [f.text for f in other.frags] == ["Mandato 3"] and other.frags[0].italic


def test_the_parse_cache_goes_with_its_style():
    import gc

    from reportlab.lib.styles import ParagraphStyle

    from segib_desktop.core.briefings import pdf

    style = ParagraphStyle("temporary", fontName="Helvetica")
    for text in ("hola", "<b>hola</b>", "hola"):
        pdf.Paragraph(text, style)
    assert style in pdf._parsed
    del style
    gc.collect()
    assert not any(s.name == "temporary" for s in pdf._parsed.keys())


@pytest.mark.parametrize("limit", [0, 1, 50])
def test_a_coordination_list_keeps_its_first_rows_and_counts_them_all(world, limit):
    from sqlalchemy import func

    from segib_desktop.core.briefings import data as d
    from segib_desktop.core.models import ActionItem, ActionStatus, Activity, Body
    from segib_desktop.core.models.coordination import activity_bodies

    with world.session() as s:
        oei = s.scalar(select(Body.id).where(Body.acronym == "OEI"))
        ids = select(activity_bodies.c.activity_id).where(activity_bodies.c.body_id == oei)
        activities = s.scalar(select(func.count()).select_from(Activity).where(Activity.id.in_(ids)))
        open_actions = s.scalar(select(func.count()).select_from(ActionItem).where(
            ActionItem.status == ActionStatus.OPEN, ActionItem.activity_id.in_(ids)))
        assert activities >= 1 and open_actions == 2
        got = d.body_coordination(s, "es", oei, None, limit=limit, actions=limit)
    assert got.activity_total == activities and got.actions.total == open_actions  # all counted, whatever is shown
    assert len(got.activities) == min(limit, activities) and len(got.actions.rows) == min(limit, open_actions)
    if limit:
        assert [r.description for r in got.actions.rows][:1] == ["Enviar el plan conjunto"]  # earliest due first


def test_a_cycles_meetings_are_held_or_pending_by_their_dates_as_on_the_home_page(world, tmp_path):
    """A meeting whose day has passed but whose record still says "Planned" was pending in the summit
    briefing while the home page had it gone from the next meetings; one recorded "Held" ahead of its date
    was held in one and next in the other. Both now follow where it stands by its dates (read.rules)."""
    from segib_desktop.core.models import Meeting, MeetingKind, Summit, SummitStatus
    from segib_desktop.core.read import home

    with world.session(write=True) as s:
        xxx = s.scalar(select(Summit).where(Summit.number == 30))
        s.add_all([Meeting(kind=MeetingKind.CODEI, status=SummitStatus.PLANNED, start_date=TODAY.replace(day=2),
                           city="Lisboa", summit=xxx),
                   Meeting(kind=MeetingKind.COOPERATION_OFFICERS, number=7, status=SummitStatus.HELD,
                           start_date=TODAY.replace(month=10), city="Asunción", summit=xxx)])
    text, _reader = make(world, tmp_path, "summit", "30", "es")
    held = text.split("Celebradas (")[1].split("Pendientes (")[0]
    pending = text.split("Pendientes (")[1].split("2. ")[0]
    assert held.startswith("2)") and "Lisboa" in held and "Asunción" not in held
    assert pending.startswith("2)") and "Asunción" in pending and "Lisboa" not in pending
    cities = [m.city for m in home.figures(world, today=TODAY).next_meetings]
    assert "Asunción" in cities and "Lisboa" not in cities
