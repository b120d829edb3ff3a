"""A small, fully known world for the briefing tests, built through the ORM (no other module's demo data)."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from sqlalchemy import select

from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    Area,
    Body,
    Contact,
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
    Priority,
    Programme,
    Summit,
    SummitStatus,
)

TODAY = dt.date(2026, 3, 15)
HOSTILE = 'Texto con <b>negrita</b> & "comillas" \'simples\'\nsegunda línea'
USER = "Ana Pérez Gómez"


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


def fill(db) -> dict[str, int]:
    """Summit XXX planned for November 2026 as seen on 15 March 2026, with what a briefing lists."""
    with db.session() as s:
        summit = {n: s.scalar(select(Summit).where(Summit.number == n)) for n in (29, 30)}
        summit[30].status = SummitStatus.PLANNED
        summit[30].theme_es = "Innovación & cooperación <2026>"
        summit[30].theme_pt = "Inovação e cooperação <2026>"
        country = {c.iso2: c for c in s.scalars(select(Country))}
        body = {b.acronym: b for b in s.scalars(select(Body))}
        coop, legal = Area(name="Dirección de Cooperación"), Area(name="Asuntos Jurídicos")
        s.add_all([coop, legal])

        held = Meeting(kind=MeetingKind.NATIONAL_COORDINATORS, number=1, status=SummitStatus.HELD,
                       start_date=d(2025, 3, 26), end_date=d(2025, 3, 27), city="Madrid", country=country["ES"],
                       summit=summit[30])
        pending = Meeting(kind=MeetingKind.FOREIGN_MINISTERS, status=SummitStatus.PLANNED, start_date=d(2026, 9, 24),
                          city="Nueva York", summit=summit[30])
        programme_of_action = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción de Cuenca",
                                       adopted_on=d(2024, 11, 15), summit=summit[29])
        minutes = Document(kind=DocumentKind.RESOLUTION, number="1/2025", title="Resolución de Coordinadores",
                           meeting=held)
        s.add_all([held, pending, programme_of_action, minutes])

        def mandate(code, status, due, *, doc=programme_of_action, title=None, text="", priority=Priority.MEDIUM,
                    bodies=(), countries=(), area=coop):
            m = Mandate(document=doc, point=code.rsplit("-", 1)[-1], code=code, title=title or f"Mandato {code}",
                        text=text, area=area, officer="Luis Gómez", due_date=due, status=status, priority=priority,
                        addressee_bodies=[body[b] for b in bodies],
                        addressee_countries=[country[c] for c in countries])
            s.add(m)
            return m

        overdue = mandate("XXIX-PA-1", MandateStatus.IN_PROGRESS, d(2025, 12, 31), title="Informe sobre juventud",
                          text=HOSTILE, priority=Priority.HIGH, bodies=("OEI",), countries=("AR",))
        overdue.progress.append(MandateProgress(entry_date=d(2026, 2, 1), author="Luis Gómez",
                                                text="Borrador enviado a los Coordinadores.",
                                                new_status=MandateStatus.IN_PROGRESS))
        mandate("XXIX-PA-2", MandateStatus.FULFILLED, d(2025, 6, 30), title="Seminario sobre cohesión social",
                bodies=("OEI",))
        mandate("XXIX-PA-3", MandateStatus.NOT_STARTED, d(2026, 9, 30), title="Estrategia de cultura digital",
                countries=("ES", "AR"), area=legal)
        mandate("RCN-1", MandateStatus.ONGOING, None, doc=minutes, title="Seguimiento anual del programa",
                text="Párrafo uno.\n\nPárrafo dos.", bodies=("OISS",))
        mandate("XXIX-PA-5", MandateStatus.SUPERSEDED, d(2025, 3, 1), title="Mandato sustituido")

        contact = Contact(name="Juan Pereyra", role="Coordinador Nacional", country=country["AR"],
                          email="jpereyra@example.org")
        oei_contact = Contact(name="María Souza", role="Directora de Cooperación", body=body["OEI"])
        meeting_oei = Activity(kind=ActivityKind.MEETING, date=d(2025, 5, 10), subject="Reunión de coordinación OEI",
                               outcome="Se acuerda un plan conjunto.", bodies=[body["OEI"]], contacts=[contact])
        meeting_oei.actions = [
            ActionItem(description="Enviar el plan conjunto", owner="María Souza", due_date=d(2026, 1, 31)),
            ActionItem(description="Acta firmada", owner="SEGIB", due_date=d(2025, 6, 1), status=ActionStatus.DONE),
            ActionItem(description="Preparar la reunión de otoño", owner="Luis Gómez", due_date=d(2026, 10, 1)),
        ]
        letter = Activity(kind=ActivityKind.LETTER, date=d(2025, 9, 3), subject="Carta a la OISS",
                          bodies=[body["OISS"]])
        s.add_all([contact, oei_contact, meeting_oei, letter])

        blh = s.scalar(select(Programme).where(Programme.code == "IberBLH"))
        s.add_all([
            Milestone(programme=blh, country=country["AR"], category=MilestoneCategory.BANK_OPENED,
                      title="Banco de leche en Rosario", planned_end=d(2025, 2, 1), actual_end=d(2025, 3, 1),
                      status=MilestoneStatus.ACHIEVED, progress=100),
            Milestone(programme=blh, country=country["AR"], category=MilestoneCategory.TRAINING,
                      title="Curso de procesamiento", planned_end=d(2026, 1, 31), status=MilestoneStatus.IN_PROGRESS,
                      progress=40),
            Milestone(programme=blh, country=country["BR"], category=MilestoneCategory.CERTIFICATION,
                      title="Certificación de calidad", planned_end=d(2026, 6, 30), status=MilestoneStatus.PLANNED),
            Milestone(programme=blh, country=None, category=MilestoneCategory.CONGRESS,
                      title="Congreso de la red", planned_end=d(2026, 5, 15), status=MilestoneStatus.PLANNED),
        ])
        s.flush()
        ar = country["AR"].id
        s.add_all([
            IndicatorValue(programme_id=blh.id, country_id=ar, year=2024, indicator=Indicator.BANKS, value=12),
            IndicatorValue(programme_id=blh.id, country_id=ar, year=2025, indicator=Indicator.BANKS, value=13),
            IndicatorValue(programme_id=blh.id, country_id=ar, year=2025, indicator=Indicator.LITRES_COLLECTED,
                           value=15000.4),
        ])
        s.flush()
        return {"overdue_mandate": overdue.id}


def pdf_text(path) -> tuple[str, PdfReader]:
    """The document's text with whitespace folded (lines wrap wherever the layout put them)."""
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def fonts(reader: PdfReader) -> list[dict]:
    """Every font dictionary the pages use (simple fonts and CID descendants)."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            found.append(font)
            for descendant in font.get("/DescendantFonts", []):
                found.append(descendant.get_object())
    return found
