"""Example meetings and documents of the cycles of the XXVIII, XXIX and XXX summits.

Realistic in kind, place and date, but examples: every record says so in its notes
(``MARK``). Each of the summits 28, 29 and 30 gets a Declaración and a Programa de
Acción, which the mandates' example data takes its mandates from. Two meetings of
the next cycle are dated from ``today``, so that "the next 90 days" is never empty.
The large scale adds nothing: the benchmark's volume is in the mandates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.models import (
    Country,
    Document,
    DocumentKind,
    Meeting,
    MeetingKind,
    Summit,
    SummitStatus,
)

ORDER = 10

D = dt.date
NOTE = f"{MARK} Reunión de ejemplo, creada por «segib-desktop demo»."
DOC_NOTE = f"{MARK} Documento de ejemplo, creado por «segib-desktop demo»."

# (key, summit number, kind, number in the cycle, extraordinary, sector or name, start, end, city, country ISO,
#  notes)
MEETINGS = [
    # XXVIII cycle, Secretaría Pro Tempore: República Dominicana
    ("28-cn1", 28, MeetingKind.COORDINATORS_AND_OFFICERS, 1, False, "", D(2022, 4, 6), D(2022, 4, 7),
     "Santo Domingo", "DO", "Presentación del lema y del calendario del ciclo por la Secretaría Pro Tempore."),
    ("28-rree", 28, MeetingKind.FOREIGN_MINISTERS, None, False, "", D(2022, 9, 22), D(2022, 9, 22),
     "Nueva York", None, "Al margen del 77.º período de sesiones de la Asamblea General de las Naciones Unidas."),
    ("28-edu", 28, MeetingKind.SECTORAL, None, False, "Educación", D(2022, 10, 27), D(2022, 10, 28),
     "Santo Domingo", "DO", ""),
    ("28-cn2", 28, MeetingKind.COORDINATORS_AND_OFFICERS, 2, False, "", D(2022, 11, 16), D(2022, 11, 17),
     "Punta Cana", "DO", "Primera lectura de la Declaración y del Programa de Acción."),
    ("28-cn3", 28, MeetingKind.NATIONAL_COORDINATORS, 3, False, "", D(2023, 3, 22), D(2023, 3, 23),
     "Santo Domingo", "DO", "Cierre de la negociación de los textos de la Cumbre."),
    ("28-rree2", 28, MeetingKind.FOREIGN_MINISTERS, None, False, "", D(2023, 3, 24), D(2023, 3, 24),
     "Santo Domingo", "DO", ""),
    # XXIX cycle, Secretaría Pro Tempore: Ecuador
    ("29-cn1", 29, MeetingKind.COORDINATORS_AND_OFFICERS, 1, False, "", D(2023, 11, 8), D(2023, 11, 9),
     "Quito", "EC", ""),
    ("29-codei", 29, MeetingKind.CODEI, None, False, "", D(2024, 2, 20), D(2024, 2, 20),
     "Madrid", "ES", "Coordinación de la OEI, la OIJ, la OISS y la COMJIB con la SEGIB."),
    ("29-cn2", 29, MeetingKind.COORDINATORS_AND_OFFICERS, 2, False, "", D(2024, 5, 14), D(2024, 5, 15),
     "Guayaquil", "EC", ""),
    ("29-salud", 29, MeetingKind.SECTORAL, None, False, "Salud", D(2024, 6, 27), D(2024, 6, 28),
     "Quito", "EC", ""),
    ("29-rree", 29, MeetingKind.FOREIGN_MINISTERS, None, False, "", D(2024, 9, 26), D(2024, 9, 26),
     "Nueva York", None, "Al margen del 79.º período de sesiones de la Asamblea General de las Naciones Unidas."),
    ("29-cn3", 29, MeetingKind.NATIONAL_COORDINATORS, 3, False, "", D(2024, 11, 12), D(2024, 11, 13),
     "Cuenca", "EC", ""),
    ("29-rree2", 29, MeetingKind.FOREIGN_MINISTERS, None, False, "", D(2024, 11, 14), D(2024, 11, 14),
     "Cuenca", "EC", ""),
    # XXX cycle, Secretaría Pro Tempore: España
    ("30-cn1", 30, MeetingKind.COORDINATORS_AND_OFFICERS, 1, False, "", D(2025, 3, 26), D(2025, 3, 27),
     "Madrid", "ES", "Presentación de las prioridades de la Secretaría Pro Tempore española."),
    ("30-codei", 30, MeetingKind.CODEI, None, False, "", D(2025, 6, 10), D(2025, 6, 10),
     "Madrid", "ES", ""),
    ("30-cultura", 30, MeetingKind.SECTORAL, None, False, "Cultura", D(2025, 9, 18), D(2025, 9, 19),
     "Sevilla", "ES", ""),
    ("30-rree", 30, MeetingKind.FOREIGN_MINISTERS, None, False, "", D(2025, 9, 25), D(2025, 9, 25),
     "Nueva York", None, "Al margen del 80.º período de sesiones de la Asamblea General de las Naciones Unidas."),
    ("30-cn2", 30, MeetingKind.COORDINATORS_AND_OFFICERS, 2, False, "", D(2025, 11, 19), D(2025, 11, 20),
     "Salamanca", "ES", ""),
    ("30-cn3", 30, MeetingKind.NATIONAL_COORDINATORS, 3, False, "", D(2026, 4, 22), D(2026, 4, 23),
     "Cádiz", "ES", "Primera lectura de la Declaración de Madrid."),
    ("30-cn-ext", 30, MeetingKind.NATIONAL_COORDINATORS, 1, True, "", D(2026, 7, 8), D(2026, 7, 8),
     "Madrid", "ES", "Por videoconferencia, para cerrar el calendario de la Cumbre."),
    ("30-foro", 30, MeetingKind.FORUM, None, False, "Encuentro Empresarial Iberoamericano", D(2026, 11, 3),
     D(2026, 11, 3), "Madrid", "ES", ""),
    ("30-cn4", 30, MeetingKind.NATIONAL_COORDINATORS, 4, False, "", D(2026, 11, 2), D(2026, 11, 3),
     "Madrid", "ES", "Última revisión de los textos antes de la Cumbre."),
    ("30-rree2", 30, MeetingKind.FOREIGN_MINISTERS, None, False, "", D(2026, 11, 4), D(2026, 11, 4),
     "Madrid", "ES", ""),
]

# The next cycle's first meetings, dated from today (days from today, length in days).
NEXT_CYCLE = [
    ("next-cn1", MeetingKind.COORDINATORS_AND_OFFICERS, 1, 24, 2, "Madrid", "ES",
     "Primera reunión del ciclo de la XXXI Cumbre; sede de la Cumbre por confirmar."),
    ("next-codei", MeetingKind.CODEI, None, 52, 1, "Madrid", "ES", ""),
]

# (summit number or meeting key, kind, number, title, adopted on)
DOCUMENTS = [
    (28, DocumentKind.DECLARATION, "", "Declaración de Santo Domingo", D(2023, 3, 25)),
    (28, DocumentKind.ACTION_PROGRAMME, "", "Programa de Acción de Santo Domingo", D(2023, 3, 25)),
    (28, DocumentKind.CHARTER, "", "Carta Iberoamericana de Principios y Derechos en los Entornos Digitales",
     D(2023, 3, 25)),
    (28, DocumentKind.SPECIAL_COMMUNIQUE, "1", "Comunicado Especial sobre la cuestión de las Islas Malvinas",
     D(2023, 3, 25)),
    (28, DocumentKind.SPECIAL_COMMUNIQUE, "2", "Comunicado Especial sobre la seguridad alimentaria en Iberoamérica",
     D(2023, 3, 25)),
    (29, DocumentKind.DECLARATION, "", "Declaración de Cuenca", D(2024, 11, 15)),
    (29, DocumentKind.ACTION_PROGRAMME, "", "Programa de Acción de Cuenca", D(2024, 11, 15)),
    (29, DocumentKind.CHARTER, "", "Carta Medioambiental Iberoamericana", D(2024, 11, 15)),
    (29, DocumentKind.SPECIAL_COMMUNIQUE, "1", "Comunicado Especial sobre la lucha contra la corrupción",
     D(2024, 11, 15)),
    (30, DocumentKind.DECLARATION, "", "Declaración de Madrid", D(2026, 11, 5)),
    (30, DocumentKind.ACTION_PROGRAMME, "", "Programa de Acción de Madrid", D(2026, 11, 5)),
    (30, DocumentKind.SPECIAL_COMMUNIQUE, "1", "Comunicado Especial sobre igualdad de género y cuidados",
     D(2026, 11, 5)),
    ("28-rree", DocumentKind.RESOLUTION, "1/2022",
     "Resolución sobre el seguimiento de los mandatos de la XXVII Cumbre", D(2022, 9, 22)),
    ("28-edu", DocumentKind.DECLARATION, "", "Declaración de Ministras y Ministros de Educación: "
     "«Educación para la transformación»", D(2022, 10, 28)),
    ("29-salud", DocumentKind.DECLARATION, "", "Declaración de Quito sobre salud y cobertura universal",
     D(2024, 6, 28)),
    ("29-codei", DocumentKind.COMMITMENT, "", "Compromiso de los Organismos Iberoamericanos para la "
     "Agenda 2030", D(2024, 2, 20)),
    ("30-rree", DocumentKind.RESOLUTION, "1/2025",
     "Resolución sobre la preparación de la XXX Cumbre Iberoamericana", D(2025, 9, 25)),
    ("30-cultura", DocumentKind.DECLARATION, "", "Declaración de Sevilla sobre cultura y desarrollo sostenible",
     D(2025, 9, 19)),
]

DOCUMENT_NOTES = {
    "Declaración de Cuenca": " En la realidad la XXIX Cumbre no adoptó una Declaración por consenso; "
                             "este registro existe para probar el seguimiento de mandatos.",
}


def _status(start: dt.date, end: dt.date, today: dt.date) -> SummitStatus:
    return SummitStatus.HELD if end < today else SummitStatus.PLANNED


def fill(ctx: DemoContext) -> int:
    """Adds the example meetings and documents; returns how many records were added."""
    rng, today = ctx.rng, ctx.today
    with ctx.db.session() as s:
        countries = {c.iso2: c for c in s.scalars(select(Country))}
        summits = {m.number: m for m in s.scalars(select(Summit).where(Summit.number.in_((28, 29, 30))))}
        next_summit, created = _next_summit(s, today)
        meetings: dict[str, Meeting] = {}
        plans = [(key, summits[n], kind, number, extra, sector, start, end, city, iso, notes)
                 for key, n, kind, number, extra, sector, start, end, city, iso, notes in MEETINGS]
        for key, kind, number, days, length, city, iso, notes in NEXT_CYCLE:
            start = today + dt.timedelta(days=days)
            plans.append((key, next_summit, kind, number, False, "", start, start + dt.timedelta(days=length - 1),
                          city, iso, notes))
        for key, summit, kind, number, extra, sector, start, end, city, iso, notes in plans:
            status = _status(start, end, today)
            meeting = Meeting(kind=kind, number=number, extraordinary=extra, sector=sector, status=status,
                              start_date=start, end_date=end, city=city,
                              country=countries.get(iso) if iso else None, summit=summit,
                              notes=f"{NOTE} {notes}".strip())
            if status is SummitStatus.HELD:
                members = sorted(countries.values(), key=lambda c: c.iso2)
                absent = set(rng.sample([c.iso2 for c in members], rng.randint(0, 3)))
                meeting.attendees = [c for c in members if c.iso2 not in absent]
            s.add(meeting)
            meetings[key] = meeting
        for source, kind, number, title, adopted in DOCUMENTS:
            document = Document(kind=kind, number=number, title=title, adopted_on=adopted,
                                notes=DOC_NOTE + DOCUMENT_NOTES.get(title, ""), file_path="")
            if isinstance(source, int):
                document.summit = summits[source]
            else:
                document.meeting = meetings[source]
            s.add(document)
    return len(plans) + len(DOCUMENTS) + created


# The next summit, when the reference data has none planned after today: the home page's
# "days to the next summit" then has one to count to (an example, marked as such).
NEXT_SUMMIT_DAYS = 330


def _next_summit(s, today: dt.date) -> tuple[Summit, int]:
    """The first summit after today, and 1 if it was made here (0 if the data had one)."""
    planned = s.scalar(select(Summit).where(Summit.start_date >= today).order_by(Summit.start_date).limit(1))
    if planned is not None:
        return planned, 0
    last = s.scalar(select(func.max(Summit.number))) or 0
    start = today + dt.timedelta(days=NEXT_SUMMIT_DAYS)
    summit = Summit(number=last + 1, start_date=start, end_date=start + dt.timedelta(days=1), city="",
                    status=SummitStatus.PLANNED, theme_es="", theme_pt="",
                    notes=f"{MARK} Cumbre de ejemplo, creada por «segib-desktop demo»: sede y fechas por confirmar.")
    s.add(summit)
    return summit, 1
