"""Example IberBLH milestones (2008 to 2026, some delayed) and indicators for recent years.

Each milestone's description starts with the example mark. The dates are
placed around ``ctx.today``: what is past is mostly achieved (some late, a few
delayed or cancelled), what is current is in progress, what is ahead is planned.
``--scale large`` adds random milestones up to about 5,000 (``huge``: 50,000), with bulk inserts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.models import (
    Country,
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    ProgrammeMember,
)
from segib_desktop.core.services.programmes import joined_from_adhesion

ORDER = 40
PROGRAMME = "IberBLH"

# Two cities per member country, for the banks and collection posts of the examples.
CITIES = {
    "AR": ("Buenos Aires", "Córdoba"), "BO": ("La Paz", "Santa Cruz de la Sierra"), "BR": ("Río de Janeiro", "Recife"),
    "CO": ("Bogotá", "Medellín"), "CR": ("San José", "Heredia"), "ES": ("Madrid", "Barcelona"),
    "PA": ("Ciudad de Panamá", "David"), "PY": ("Asunción", "Encarnación"), "PE": ("Lima", "Arequipa"),
    "UY": ("Montevideo", "Salto"), "VE": ("Caracas", "Maracaibo"),
}
# Relative size of each national network, for the indicators (Brazil's is by far the largest).
SIZE = {"AR": 6, "BO": 2, "BR": 60, "CO": 5, "CR": 1, "ES": 4, "PA": 1, "PY": 1, "PE": 3, "UY": 1, "VE": 2}
LARGE_TITLES = {
    MilestoneCategory.BANK_OPENED: "Apertura de BLH", MilestoneCategory.POST_OPENED: "Apertura de puesto de recolección",
    MilestoneCategory.TRAINING: "Curso de formación", MilestoneCategory.CERTIFICATION: "Certificación",
    MilestoneCategory.CONGRESS: "Jornada o foro", MilestoneCategory.AGREEMENT: "Convenio",
    MilestoneCategory.REPORT: "Informe de producción", MilestoneCategory.OTHER: "Actividad",
}
COURSE = "Curso «Procesamiento y control de calidad de la leche humana» (40 horas)"


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _plan(country: str, offset: int) -> list[tuple[MilestoneCategory, str, dt.date, dt.date, str]]:
    """A country's planned milestones: (category, title, planned start, planned end, description)."""
    capital, second = CITIES[country]
    start = 2008 + offset  # founders start in 2008, the others a little later
    items = [
        (MilestoneCategory.AGREEMENT, "Adhesión al acuerdo multilateral de IberBLH",
         _d(start, 3, 1), _d(start, 6, 9), "Firma del acuerdo y designación del punto focal nacional."),
        (MilestoneCategory.BANK_OPENED, f"Banco de Leche Humana de referencia nacional ({capital})",
         _d(start, 9, 1), _d(start + 2, 6, 30), "Implantación del BLH de referencia en la maternidad pública."),
        (MilestoneCategory.TRAINING, f"{COURSE}, {capital}",
         _d(start + 1, 4, 6), _d(start + 1, 4, 10), "Primera edición nacional, con tutores de la rBLH."),
        (MilestoneCategory.POST_OPENED, f"Puesto de recolección de leche humana en {second}",
         _d(start + 3, 2, 1), _d(start + 3, 10, 31), "Puesto vinculado al BLH de referencia."),
        (MilestoneCategory.CERTIFICATION, "Certificación de tutores y consultores nacionales",
         _d(2013, 1, 15), _d(2013, 11, 30), "Tutores certificados por la Secretaría Ejecutiva (Fiocruz)."),
        (MilestoneCategory.BANK_OPENED, f"Banco de Leche Humana de {second}",
         _d(2014 + offset, 3, 1), _d(2015 + offset, 12, 15), "Segundo BLH de la red nacional."),
        (MilestoneCategory.TRAINING, f"{COURSE}, {second}",
         _d(2017, 5, 8), _d(2017, 5, 12), "Edición para el personal del nuevo BLH."),
        (MilestoneCategory.CERTIFICATION, f"Certificación de calidad del BLH de {capital}",
         _d(2019, 2, 1), _d(2019, 12, 15), "Evaluación externa de la calidad del procesamiento."),
        (MilestoneCategory.POST_OPENED, f"Puesto de recolección en un hospital regional de {country}",
         _d(2022, 3, 1), _d(2023, 6, 30), "Ampliación de la recolección fuera de la capital."),
        (MilestoneCategory.TRAINING, f"{COURSE}, edición virtual",
         _d(2024, 9, 2), _d(2024, 11, 29), "Edición a distancia para profesionales de todo el país."),
        (MilestoneCategory.BANK_OPENED, f"Nuevo Banco de Leche Humana regional ({second})",
         _d(2025, 2, 1), _d(2025, 11, 30), "BLH en un hospital regional, con su sala de extracción."),
        (MilestoneCategory.TRAINING, f"{COURSE}, {capital} 2026",
         _d(2026, 5, 4), _d(2026, 5, 8), "Edición anual del curso."),
        (MilestoneCategory.CERTIFICATION, f"Recertificación de calidad del BLH de {capital}",
         _d(2026, 3, 1), _d(2026, 12, 15), "Renovación de la certificación de calidad."),
        (MilestoneCategory.TRAINING, f"Taller de gestión de la calidad para BLH, {second}",
         _d(2026, 12, 9), _d(2026, 12, 11), "Taller para responsables técnicos de los BLH."),
    ]
    for year in range(max(start + 2, 2012), 2026):
        items.append((MilestoneCategory.REPORT, f"Informe anual de producción {year}",
                      _d(year + 1, 1, 15), _d(year + 1, 3, 31),
                      "Datos de donantes, litros recolectados y distribuidos y recién nacidos atendidos."))
    return items


NETWORK = [
    (MilestoneCategory.AGREEMENT, "Instalación de la Secretaría Ejecutiva en Fiocruz y firma del acuerdo multilateral",
     _d(2008, 1, 15), _d(2008, 6, 9), _d(2008, 6, 9), "Siete países firman el acuerdo en Río de Janeiro."),
    (MilestoneCategory.CONGRESS, "I Congreso Iberoamericano de Bancos de Leche Humana (Brasilia)",
     _d(2010, 9, 27), _d(2010, 9, 30), _d(2010, 9, 30),
     "Lanza el Día Mundial de la Donación de Leche Humana, el 19 de mayo."),
    (MilestoneCategory.CONGRESS, "II Fórum de Cooperación Internacional en Bancos de Leche Humana",
     _d(2015, 9, 1), _d(2015, 9, 30), _d(2015, 9, 25), "Foro de la red con los países cooperantes."),
    (MilestoneCategory.OTHER, "Incorporación de los BLH al sistema de información de la rBLH",
     _d(2012, 1, 1), _d(2016, 12, 31), _d(2017, 6, 30), "Todos los BLH de la región informan en línea."),
    (MilestoneCategory.AGREEMENT, "IberBLH pasa a ser proyecto adscrito de la Cooperación Iberoamericana",
     _d(2019, 1, 1), _d(2019, 11, 30), _d(2019, 11, 15), "Cambio de estatuto aprobado por la Conferencia."),
    (MilestoneCategory.CONGRESS, "Encuentro de la red IberBLH y Día Mundial de la Donación",
     _d(2025, 5, 19), _d(2025, 5, 21), None, "Encuentro anual de los puntos focales."),
    (MilestoneCategory.OTHER, "Plan estratégico de la red 2026-2030",
     _d(2025, 6, 1), _d(2026, 2, 28), None, "Documento aprobado por el Consejo Intergubernamental."),
    (MilestoneCategory.CONGRESS, "Congreso Iberoamericano de Bancos de Leche Humana 2026",
     _d(2026, 10, 5), _d(2026, 10, 8), None, "Sede por confirmar."),
]


def _clip(day: dt.date, today: dt.date) -> dt.date:
    return min(day, today)


def _outcome(ctx: DemoContext, planned_start: dt.date, planned_end: dt.date, *, force_delay: bool = False) -> dict:
    """Actual dates, status and progress for a planned period, as seen on ``ctx.today``."""
    rng, today = ctx.rng, ctx.today
    length = (planned_end - planned_start).days
    if planned_start > today:
        return {"status": MilestoneStatus.PLANNED, "progress": 0, "actual_start": None, "actual_end": None}
    start_slip = rng.choice((0, 0, 0, 7, 14, 30, 60))
    actual_start = _clip(planned_start + dt.timedelta(days=start_slip), today)
    recent = today - dt.timedelta(days=3 * 365) < planned_end < today
    if force_delay or (recent and rng.random() < 0.06):
        return {"status": MilestoneStatus.IN_PROGRESS, "progress": rng.choice((30, 45, 60, 75, 90)),
                "actual_start": actual_start, "actual_end": None}
    if planned_end < today and rng.random() < 0.02:
        return {"status": MilestoneStatus.CANCELLED, "progress": 0, "actual_start": actual_start, "actual_end": None}
    end_slip = rng.choice((-5, 0, 0, 0, 10, 20, 45, 90, 150))
    actual_end = planned_end + dt.timedelta(days=start_slip + end_slip)
    if actual_end < actual_start:
        actual_end = actual_start
    if actual_end > today:
        done = (today - actual_start).days / max(length, 1)
        return {"status": MilestoneStatus.IN_PROGRESS, "progress": max(5, min(95, int(done * 100) // 5 * 5)),
                "actual_start": actual_start, "actual_end": None}
    return {"status": MilestoneStatus.ACHIEVED, "progress": 100, "actual_start": actual_start,
            "actual_end": actual_end}


def _responsible(country: str) -> str:
    return f"Punto focal IberBLH ({country})"


def fill(ctx: DemoContext) -> int:
    with ctx.db.session() as s:
        programme_id = s.scalar(select(Programme.id).where(Programme.code == PROGRAMME))
        if programme_id is None:
            return 0
        members = s.execute(select(Country.id, Country.iso2)
                            .join(ProgrammeMember, ProgrammeMember.country_id == Country.id)
                            .where(ProgrammeMember.programme_id == programme_id)
                            .order_by(Country.iso2)).all()
        rows: list[dict] = []

        def add(country_id, iso, category, title, planned_start, planned_end, description, outcome):
            rows.append({"programme_id": programme_id, "country_id": country_id, "category": category,
                         "title": title, "description": f"{MARK} {description}",
                         "planned_start": planned_start, "planned_end": planned_end,
                         "responsible": _responsible(iso) if iso else "Secretaría Ejecutiva IberBLH (Fiocruz)",
                         **outcome})

        for category, title, ps, pe, actual_end, description in NETWORK:
            if actual_end is not None and actual_end <= ctx.today:
                outcome = {"status": MilestoneStatus.ACHIEVED, "progress": 100, "actual_start": ps,
                           "actual_end": actual_end}
            else:
                outcome = _outcome(ctx, ps, pe)
            add(None, "", category, title, ps, pe, description, outcome)

        # A few countries whose 2025 bank opening slipped: shown as delayed.
        slipped = {iso for _id, iso in members[1::3]}
        for index, (country_id, iso) in enumerate(members):
            offset = 0 if index < 7 else (index - 6)  # seven founders in 2008
            for category, title, ps, pe, description in _plan(iso, offset):
                force = iso in slipped and category == MilestoneCategory.BANK_OPENED and ps.year == 2025
                add(country_id, iso, category, title, ps, pe, description, _outcome(ctx, ps, pe, force_delay=force))

        if ctx.large:
            rows += _large(ctx, programme_id, members, ctx.volume.milestones - len(rows))
        for start in range(0, len(rows), 1000):
            s.execute(insert(Milestone), rows[start:start + 1000])

        values = _indicators(ctx, programme_id, members)
        s.execute(insert(IndicatorValue), values)
        joined_from_adhesion(s)  # "Member since": the adhesion milestones give it
    return len(rows) + len(values)


def _large(ctx: DemoContext, programme_id: int, members, count: int) -> list[dict]:
    """Random milestones over 2008–2026 for the benchmark's database."""
    rng = ctx.rng
    categories = list(MilestoneCategory)
    out = []
    for n in range(max(count, 0)):
        country_id, iso = members[n % len(members)]
        category = rng.choice(categories)
        start = _d(rng.randint(2008, 2026), rng.randint(1, 12), rng.randint(1, 28))
        end = start + dt.timedelta(days=rng.choice((4, 30, 90, 180, 365, 540)))
        out.append({"programme_id": programme_id, "country_id": country_id, "category": category,
                    "title": f"{LARGE_TITLES[category]} en {CITIES[iso][n % 2]} (n.º {n + 1})",
                    "description": f"{MARK} Generado para la base de datos de prueba de rendimiento.",
                    "planned_start": start, "planned_end": end, "responsible": _responsible(iso),
                    **_outcome(ctx, start, end)})
    return out


def _indicators(ctx: DemoContext, programme_id: int, members) -> list[dict]:
    """Yearly figures for the last six complete years; the latest year is missing for a few countries."""
    rng = ctx.rng
    last = ctx.today.year - 1
    out = []
    for index, (country_id, iso) in enumerate(members):
        size = SIZE.get(iso, 1)
        banks = max(1, size * 2 - 4)
        for year in range(last - 5, last + 1):
            if year == last and index % 4 == 3:
                continue  # not reported yet
            growth = 1 + 0.06 * (year - (last - 5))
            donors = int(size * 1500 * growth * rng.uniform(0.9, 1.1))
            collected = round(donors * rng.uniform(1.1, 1.5), 1)
            figures = {
                Indicator.BANKS: round(banks * growth),
                Indicator.POSTS: round(banks * 1.5 * growth),
                Indicator.DONORS: donors,
                Indicator.LITRES_COLLECTED: collected,
                Indicator.LITRES_DISTRIBUTED: round(collected * rng.uniform(0.75, 0.9), 1),
                Indicator.NEWBORNS: int(donors * rng.uniform(1.1, 1.4)),
            }
            out += [{"programme_id": programme_id, "country_id": country_id, "year": year, "indicator": k,
                     "value": float(v)} for k, v in figures.items()]
    return out
