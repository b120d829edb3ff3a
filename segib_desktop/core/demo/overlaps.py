"""Example mandates adopted again, summit after summit, in other words (issue 23), so that the
overlaps view and the similar-mandates panel have something to show: renewals across cycles, requests
that overlap, and one renewal already recorded (the earlier mandate Superseded, with its link).
"""

from __future__ import annotations

from sqlalchemy import select

from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.models import Body, Document, Mandate, RelationKind, Summit
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService
from segib_desktop.core.services.relations import RelationService

ORDER = 25

# (title, text) per summit, oldest first: each line is the same request adopted again.
CHAINS = (
    (("Movilidad académica en el Espacio Iberoamericano del Conocimiento",
      "Encomendar a la SEGIB que, con la OEI, impulse la movilidad académica de estudiantes, docentes e "
      "investigadores entre las universidades iberoamericanas y presente un informe de avance."),
     ("Impulso renovado a la movilidad académica iberoamericana",
      "Instruir a la SEGIB para que, junto con la OEI, siga impulsando la movilidad académica de estudiantes, "
      "profesores e investigadores entre universidades de la región e informe de sus avances en la próxima "
      "Cumbre.")),
    (("Aplicación del Convenio Multilateral Iberoamericano de Seguridad Social",
      "Solicitar a la SEGIB y a la OISS que promuevan la firma y ratificación del Convenio Multilateral "
      "Iberoamericano de Seguridad Social y de su Acuerdo de Aplicación por los países que aún no lo han hecho."),
     ("Ratificación del Convenio Multilateral de Seguridad Social",
      "Reiterar el encargo a la SEGIB y a la OISS de promover la ratificación del Convenio Multilateral "
      "Iberoamericano de Seguridad Social y de su Acuerdo de Aplicación, para proteger los derechos de los "
      "trabajadores migrantes y sus familias.")),
    (("Empleo y emprendimiento de las personas jóvenes",
      "Encomendar a la SEGIB que, en coordinación con el OIJ, elabore un programa iberoamericano de empleo y "
      "emprendimiento juvenil, con especial atención a las personas jóvenes rurales."),
     ("Programa iberoamericano de empleo juvenil",
      "Instruir a la SEGIB para que, con el OIJ, ponga en marcha el programa iberoamericano de empleo y "
      "emprendimiento de las personas jóvenes, prestando especial atención a la juventud rural.")),
    (("Proteção das pessoas migrantes",
      "Encomendar à SEGIB que apoie os países na proteção dos direitos das pessoas migrantes e na promoção de "
      "uma migração ordenada, segura e regular no espaço ibero-americano."),
     ("Migração ordenada, segura e regular",
      "Solicitar à SEGIB que continue a apoiar os países na proteção dos direitos das pessoas migrantes e na "
      "promoção da migração ordenada, segura e regular na região ibero-americana.")),
)
# (title, text) adopted by the last summit that overlaps part of an earlier request of the same chain.
OVERLAPS = (
    ("Reconocimiento de títulos y movilidad universitaria",
     "Solicitar a la SEGIB que, con la OEI, proponga un marco iberoamericano de reconocimiento de títulos "
     "universitarios que facilite la movilidad académica de estudiantes e investigadores."),
)


def _documents(ctx: DemoContext) -> list[tuple[int, str, int]]:
    """(document id, code prefix, summit number) of one document of each of the last summits with one."""
    service = MandateService(ctx.db)
    with ctx.db.session() as s:
        rows = s.execute(select(Document.id, Summit.number).join(Summit, Summit.id == Document.summit_id)
                         .where(Document.adopted_on.is_not(None), Document.adopted_on <= ctx.today)
                         .order_by(Summit.number, Document.id)).all()
    prefixes = read_mandates.code_prefixes(service.db)
    firsts: dict[int, int] = {}
    for doc_id, number in rows:
        firsts.setdefault(number, doc_id)
    return [(doc_id, prefixes[doc_id], number) for number, doc_id in sorted(firsts.items())][-3:]


def fill(ctx: DemoContext) -> int:
    documents = _documents(ctx)
    if len(documents) < 2:
        return 0
    service = MandateService(ctx.db, today=ctx.today)
    with ctx.db.session() as s:
        used = set(s.scalars(select(Mandate.code)))
        bodies = dict(s.execute(select(Body.acronym, Body.id)).all())
    made: list[list[int]] = []

    def add(document: tuple[int, str, int], point: int, title: str, text: str, body: str | None) -> int:
        doc_id, prefix, _number = document
        while f"{prefix}-{point}" in used:
            point += 1
        used.add(f"{prefix}-{point}")
        return service.save(None, {"document_id": doc_id, "point": str(point), "title": title, "text": text,
                                   "tags": f"{MARK}, solapamientos",
                                   "addressees": [f"body:{bodies[body]}"] if body in bodies else []})

    older, newer = documents[-2], documents[-1]
    for i, ((first, second), body) in enumerate(zip(CHAINS, ("OEI", "OISS", "OIJ", None), strict=True)):
        made.append([add(older, 90 + i, *first, body), add(newer, 90 + i, *second, body)])
    for i, (title, text) in enumerate(OVERLAPS):
        made.append([add(newer, 95 + i, title, text, "OEI")])
    # The first renewal is already recorded: the earlier mandate is Superseded and links to the newer.
    RelationService(ctx.db, today=ctx.today).relate(made[0][1], made[0][0], RelationKind.RENEWS)
    return sum(len(m) for m in made) + 1
