"""Example mandates of summits XXVIII–XXX with their progress history, and the benchmark's 20,000.

The mandates take the documents that the cycle's example data (ORDER 10) made
for those summits and their meetings; a held summit with no Declaración or
Programa de Acción gets one. Every example mandate carries the example mark in
its tags. Statuses follow the log, as in real use: each mandate's status is the
last change its entries made. ``--scale large`` adds synthetic mandates of every
summit (I–XXX) up to about 20,000, with about 60,000 progress entries (``--scale huge``: ten times that), through
bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, insert, select

from segib_desktop.core import mandate_dates
from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.models import (
    Area,
    Body,
    Country,
    Document,
    DocumentKind,
    Mandate,
    MandateProgress,
    MandateStatus,
    Meeting,
    Priority,
    Recurrence,
    Summit,
    SummitStatus,
    new_uid,
)
from segib_desktop.core.models.mandates import mandate_areas, mandate_bodies, mandate_countries
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.read.mandates import DOCUMENT_ABBREVIATIONS
from segib_desktop.i18n import to_roman

ORDER = 20
SUMMITS = (28, 29, 30)
SMALL_TOTAL = 150

AREAS = (
    "Gabinete de la Secretaría General",
    "Secretaría para la Cooperación Iberoamericana",
    "Espacio Iberoamericano del Conocimiento",
    "Espacio Cultural Iberoamericano",
    "Espacio Iberoamericano de Cohesión Social",
    "Dirección de Relaciones Institucionales",
    "Dirección de Planificación y Seguimiento",
    "Asuntos Jurídicos",
    "Comunicación",
)
OFFICERS = ("María José Fernández", "João Pereira Santos", "Lucía Martínez Ortega", "Andrés Gutiérrez",
            "Carmen Sáenz de Miera", "Ana Beatriz Costa", "Íñigo Aranguren", "Paula Núñez")

# Topics: (what, short title, area index, addressee bodies, tag)
TOPICS = (
    ("la ejecución del III Plan de Acción Cuatrienal de la Cooperación Iberoamericana (PACCI) 2023-2026",
     "ejecución del III PACCI", 6, (), "planificación"),
    ("la Cooperación Sur-Sur y Triangular en Iberoamérica", "Cooperación Sur-Sur y Triangular", 1, (), "cooperación"),
    ("la transformación digital de las administraciones públicas y la Carta Iberoamericana de Principios y "
     "Derechos en los Entornos Digitales", "derechos en los entornos digitales", 1, (), "digital"),
    ("la igualdad de género y el empoderamiento económico de las mujeres", "igualdad de género", 4, ("OISS",),
     "género"),
    ("la movilidad académica de estudiantes e investigadores en el marco de Campus Iberoamérica",
     "movilidad académica (Campus Iberoamérica)", 2, ("OEI",), "educación"),
    ("la seguridad alimentaria y la lucha contra el hambre", "seguridad alimentaria", 4, (), "cohesión social"),
    ("el acceso universal al agua potable y al saneamiento", "agua y saneamiento", 4, (), "medio ambiente"),
    ("la acción climática, la biodiversidad y la Agenda 2030 para el Desarrollo Sostenible",
     "acción climática y Agenda 2030", 1, (), "medio ambiente"),
    ("la promoción del español y del portugués como lenguas de la ciencia y la innovación",
     "español y portugués en la ciencia", 3, ("OEI",), "cultura"),
    ("las industrias culturales y creativas y los programas Ibermedia, Iberescena e Ibermúsicas",
     "industrias culturales y creativas", 3, (), "cultura"),
    ("el funcionamiento de la Red Iberoamericana de Bancos de Leche Humana (IberBLH)",
     "bancos de leche humana (IberBLH)", 4, (), "salud"),
    ("la aplicación del Convenio Multilateral Iberoamericano de Seguridad Social",
     "Convenio Multilateral de Seguridad Social", 4, ("OISS",), "seguridad social"),
    ("la participación de las personas jóvenes y su acceso al empleo decente", "juventud y empleo", 4, ("OIJ",),
     "juventud"),
    ("el acceso a la justicia y la cooperación jurídica internacional", "acceso a la justicia", 7, ("COMJIB",),
     "justicia"),
    ("la protección de las personas migrantes y la movilidad humana ordenada y segura", "migraciones", 5, (),
     "migraciones"),
    ("los derechos de los pueblos indígenas y de las personas afrodescendientes",
     "pueblos indígenas y afrodescendientes", 4, (), "derechos"),
    ("el turismo sostenible y la conectividad regional", "turismo sostenible", 1, (), "economía"),
    ("la inteligencia artificial ética y centrada en las personas", "inteligencia artificial", 2, (), "digital"),
    ("la reducción del riesgo de desastres y la respuesta humanitaria", "reducción del riesgo de desastres", 1, (),
     "emergencias"),
    ("el envejecimiento activo y los cuidados de las personas mayores", "personas mayores y cuidados", 4,
     ("OISS",), "cohesión social"),
    ("la economía social y solidaria y las pequeñas y medianas empresas", "economía social y pymes", 1, (),
     "economía"),
    ("la coordinación de los Organismos Iberoamericanos en el Comité de Dirección Estratégica (CODEI)",
     "coordinación del CODEI", 5, ("OEI", "OISS", "OIJ", "COMJIB"), "CODEI"),
    ("la visibilidad de la Conferencia Iberoamericana y la comunicación de sus resultados",
     "comunicación de la Conferencia", 8, (), "comunicación"),
    ("la relación con los Observadores Asociados y Consultivos de la Conferencia Iberoamericana",
     "Observadores de la Conferencia", 5, (), "relaciones institucionales"),
)
# Instructions: (opening, action, title pattern, recurrence)
ACTIONS = (
    ("Encomendar a la SEGIB que", "elabore un informe sobre {what} y lo presente en la próxima Reunión de "
     "Ministros de Relaciones Exteriores.", "Informe sobre {title}", Recurrence.ONE_OFF),
    ("Instruir a la SEGIB para que", "organice, con la Secretaría Pro Tempore, un encuentro iberoamericano "
     "sobre {what}, abierto a la sociedad civil y al sector académico.", "Encuentro iberoamericano sobre {title}",
     Recurrence.ONE_OFF),
    ("Solicitar a la SEGIB que, en coordinación con {body},", "presente una propuesta de líneas de acción sobre "
     "{what}, con indicadores de seguimiento.", "Propuesta de líneas de acción: {title}", Recurrence.ONE_OFF),
    ("Encomendar a la SEGIB que", "informe anualmente a los Coordinadores Nacionales sobre {what}.",
     "Informe anual sobre {title}", Recurrence.ANNUAL),
    ("Instruir a la SEGIB para que", "dé seguimiento a {what} e informe de sus avances en cada Cumbre.",
     "Seguimiento de {title} en cada Cumbre", Recurrence.EACH_CYCLE),
    ("Encargar a la SEGIB y a {body} que", "identifiquen buenas prácticas sobre {what} y las difundan entre los "
     "países miembros, en español y en portugués.", "Buenas prácticas sobre {title}", Recurrence.ONE_OFF),
    ("Solicitar a la SEGIB que", "constituya un grupo de trabajo técnico sobre {what}, abierto a la "
     "participación de los países interesados.", "Grupo de trabajo sobre {title}", Recurrence.ONE_OFF),
    ("Encomendar a la SEGIB que", "apoye a los países en la formulación de una Iniciativa Iberoamericana "
     "sobre {what}.\nLa propuesta se someterá a la consideración de los Responsables de Cooperación.",
     "Iniciativa Iberoamericana sobre {title}", Recurrence.ONE_OFF),
)
NOTES = (
    (MandateStatus.IN_PROGRESS, "Se remitió una nota a los Coordinadores Nacionales solicitando insumos."),
    (None, "Reunión de trabajo con {body} para acordar el calendario y el reparto de tareas."),
    (None, "Se recibieron las aportaciones de {n} países; quedan pendientes las de {country}."),
    (None, "Borrador circulado entre los Responsables de Cooperación para comentarios."),
    (None, "Videoconferencia con la Secretaría Pro Tempore para revisar el avance."),
    (None, "Se contrató la consultoría de apoyo; el informe preliminar se espera en dos meses."),
)
CLOSINGS = (
    (MandateStatus.FULFILLED, "Informe presentado y aprobado en la Reunión de Ministros de Relaciones Exteriores."),
    (MandateStatus.FULFILLED, "Encuentro celebrado en {country} con participación de {n} países. Mandato cumplido."),
    (MandateStatus.ONGOING, "Queda incorporado al programa de trabajo permanente de la SEGIB; se informará "
                            "en cada ciclo."),
    (MandateStatus.SUPERSEDED, "Sustituido por el mandato equivalente del Programa de Acción siguiente."),
    (MandateStatus.NOT_APPLICABLE, "Los Coordinadores Nacionales acordaron no dar curso a esta propuesta."),
)
# "la OEI", "el OIJ": the bodies as a sentence names them.
ARTICLES = {"OEI": "la", "OISS": "la", "OIJ": "el", "COMJIB": "la", "CODEI": "el"}
EVIDENCE = ("https://www.segib.org/documentos/", "\\\\servidor\\seguimiento\\mandatos\\", "")


def _areas(ctx: DemoContext) -> list[int]:
    with ctx.db.session() as s:
        existing = dict(s.execute(select(Area.name, Area.id)).all())
        for name in AREAS:
            if name not in existing:
                area = Area(name=name)
                s.add(area)
                s.flush()
                existing[name] = area.id
        return [existing[name] for name in AREAS]


def _documents(ctx: DemoContext) -> list[tuple[int, int, dt.date]]:
    """(document id, summit number, date adopted) of the documents the example mandates come from."""
    with ctx.db.session() as s:
        summits = {r.number: r for r in s.execute(
            select(Summit.id, Summit.number, Summit.city, Summit.start_date, Summit.end_date, Summit.status)
            .where(Summit.number.in_(SUMMITS)))}
        for summit in summits.values():
            held = summit.status == SummitStatus.HELD or (summit.end_date and summit.end_date <= ctx.today)
            kinds = set(s.scalars(select(Document.kind).where(Document.summit_id == summit.id)))
            if held and not kinds & {DocumentKind.ACTION_PROGRAMME, DocumentKind.DECLARATION}:
                s.add(Document(kind=DocumentKind.ACTION_PROGRAMME, summit_id=summit.id,
                               title=f"Programa de Acción de {summit.city}", adopted_on=summit.end_date,
                               notes=MARK))
        s.flush()
        rows = s.execute(
            select(Document.id, Document.kind, Document.adopted_on, Summit.number, Summit.end_date,
                   Meeting.start_date)
            .outerjoin(Meeting, Document.meeting_id == Meeting.id)
            .join(Summit, Summit.id == func.coalesce(Document.summit_id, Meeting.summit_id))
            .where(Summit.number.in_(SUMMITS))
            .order_by(Summit.number, Document.id)).all()
    found = []
    for r in rows:
        adopted = r.adopted_on or r.start_date or r.end_date
        if adopted is None or adopted > ctx.today:
            continue  # not adopted yet: no mandates from it
        if r.kind in (DocumentKind.ACTION_PROGRAMME, DocumentKind.DECLARATION, DocumentKind.RESOLUTION,
                      DocumentKind.SPECIAL_COMMUNIQUE, DocumentKind.COMMITMENT):
            found.append((r.id, r.number, adopted))
    return found


def _history(ctx: DemoContext, rng: random.Random, start: dt.date, names: dict) -> list[tuple]:
    """A plausible log from ``start`` to today: [(date, text, new status or None, evidence)]."""
    span = (ctx.today - start).days
    if span < 20:
        return []
    age = min(span / 900, 1.0)
    can_close = span > 240
    count = rng.choices((0, 1, 2, 3, 4, 5), weights=(3 - 2 * age, 3, 3, 2, 2, 1))[0]
    if not count:
        return []
    days = sorted(rng.sample(range(10, span), min(count, span - 10)))
    entries = []
    for i, day in enumerate(days):
        fill = {"body": _the(rng.choice(names["bodies"])), "country": rng.choice(names["countries"]),
                "n": rng.randint(8, 21)}
        last = i == len(days) - 1
        if last and can_close and rng.random() < 0.35 + 0.4 * age:
            status, text = rng.choice(CLOSINGS)
        elif i == 0:
            status, text = NOTES[0]
        else:
            status, text = rng.choice(NOTES[1:])
        evidence = rng.choice(EVIDENCE)
        if evidence:
            evidence += f"{start.year}-{rng.randint(100, 999)}.pdf"
        entries.append((start + dt.timedelta(days=day), _contract(text.format(**fill)), status, evidence))
    return entries


def _the(acronym: str) -> str:
    return f"{ARTICLES.get(acronym, 'la')} {acronym}"


def _contract(text: str) -> str:
    """Spanish contractions: "a el OIJ" -> "al OIJ", "de el" -> "del"."""
    return text.replace(" a el ", " al ").replace(" de el ", " del ")


def fill(ctx: DemoContext) -> int:
    rng = ctx.rng
    area_ids = _areas(ctx)
    documents = _documents(ctx)
    with ctx.db.session() as s:
        bodies = dict(s.execute(select(Body.acronym, Body.id)).all())
        countries = dict(s.execute(select(Country.name_es, Country.id)).all())
        prefixes = {doc_id: label.prefix for doc_id, label in read_mandates.document_labels(s, "es").items()}
    names = {"bodies": [b for b in bodies if b not in ("SEGIB", "CODEI")] or ["SEGIB"],
             "countries": sorted(countries)}
    added = len(AREAS)
    if documents:
        added += _small(ctx, rng, documents, prefixes, area_ids, bodies, countries, names)
        _week(ctx, rng)
    if ctx.large:
        added += _large(ctx, rng, area_ids, bodies, names)
    return added


def _text(rng: random.Random, topic: tuple, action: tuple, names: dict) -> tuple[str, str]:
    what, title, _area, topic_bodies, _tag = topic
    opening, body_text, title_pattern, _rec = action
    body = _the(rng.choice(topic_bodies or tuple(names["bodies"])))
    text = _contract(f"{opening.format(body=body)} {body_text.format(what=what)}")
    return title_pattern.format(title=title)[:1].upper() + title_pattern.format(title=title)[1:], text


def _small(ctx, rng, documents, prefixes, area_ids, bodies, countries, names) -> int:
    """About 150 mandates through the ORM (audited like real ones), with their logs."""
    per_document = max(1, SMALL_TOTAL // len(documents))
    added = 0
    with ctx.db.session() as s:
        used = set(s.scalars(select(Mandate.code)))
        for index, (doc_id, _number, adopted) in enumerate(documents):
            count = per_document + (SMALL_TOTAL - per_document * len(documents) if index == 0 else 0)
            for point in range(1, count + 1):
                topic, action = rng.choice(TOPICS), rng.choice(ACTIONS)
                title, text = _text(rng, topic, action, names)
                code = f"{prefixes[doc_id]}-{point}"
                if code in used:
                    continue
                used.add(code)
                recurrence = action[3]
                due = None
                if recurrence == Recurrence.ONE_OFF or rng.random() < 0.5:
                    due = adopted + dt.timedelta(days=rng.choice((180, 270, 365, 540, 730)))
                mandate = Mandate(document_id=doc_id, point=str(point), code=code, title=title, text=text,
                                  area_id=area_ids[topic[2]], officer=rng.choice(OFFICERS), due_date=due,
                                  recurrence=recurrence,
                                  priority=rng.choices(list(Priority), weights=(2, 5, 2))[0],
                                  status=MandateStatus.NOT_STARTED, tags=f"{MARK}, {topic[4]}")
                addressed = [bodies[b] for b in topic[3] if b in bodies]
                mandate.addressee_bodies = [s.get(Body, b) for b in addressed]
                if rng.random() < 0.25:
                    mandate.addressee_countries = [s.get(Country, countries[rng.choice(names["countries"])])]
                if rng.random() < 0.3:
                    mandate.addressee_areas = [s.get(Area, area_ids[topic[2]])]
                s.add(mandate)
                for day, note, status, evidence in _history(ctx, rng, adopted, names):
                    mandate.progress.append(MandateProgress(entry_date=day, author=rng.choice(OFFICERS), text=note,
                                                            new_status=status, evidence=evidence))
                    if status is not None:
                        mandate.status = status
                added += 1
    return added


DELIVERED = "Informe entregado a los Coordinadores Nacionales."
DUE_SOON_SHARE = 0.12  # of the open one-off mandates: due within the next 30 days
REVIEW_SHARE = 0.25  # of the open mandates: a review date, from a month ago to three months ahead


def _week(ctx: DemoContext, rng: random.Random) -> None:
    """What an officer's week looks at (issue 19): mandates due within 30 days, review dates, and
    recurring mandates whose reports were delivered (their due date rolled forward) or are late."""
    with ctx.db.session() as s:
        mandates = list(s.scalars(select(Mandate).order_by(Mandate.id)))
        for mandate in mandates:
            if not mandate.status.is_open:
                continue
            if rng.random() < REVIEW_SHARE:
                mandate.review_date = ctx.today + dt.timedelta(days=rng.randint(-30, 90))
            if mandate.recurrence == Recurrence.ONE_OFF:
                if rng.random() < DUE_SOON_SHARE:
                    mandate.due_date = ctx.today + dt.timedelta(days=rng.randint(3, 28))
                continue
            if mandate.due_date is None or mandate.due_date >= ctx.today or rng.random() < 0.4:
                continue  # some recurring mandates stay late: their report is overdue
            while mandate.due_date < ctx.today:  # each report delivered a little before its date
                day = mandate.due_date - dt.timedelta(days=rng.randint(1, 20))
                mandate.progress.append(MandateProgress(entry_date=min(day, ctx.today), author=rng.choice(OFFICERS),
                                                        text=DELIVERED, delivered=True))
                mandate.due_date = mandate_dates.next_due_date(mandate.recurrence, mandate.due_date, day)


def _large(ctx: DemoContext, rng: random.Random, area_ids: list[int], bodies: dict, names: dict) -> int:
    """Synthetic documents of summits I–XXX, mandates up to ``ctx.volume.mandates`` and about
    ``ctx.volume.progress`` progress entries, with Core bulk inserts."""
    with ctx.db.session() as s:
        existing = s.scalar(select(func.count()).select_from(Mandate)) or 0
        summits = s.execute(select(Summit.id, Summit.number, Summit.city, Summit.end_date)
                            .where(Summit.end_date <= ctx.today).order_by(Summit.number)).all()
        want = max(0, ctx.volume.mandates - existing)
        if not summits or not want:
            return 0
        per_summit = want // len(summits) + 1
        points_per_document = 60
        documents = []  # (summit number, adopted, document id, prefix)
        needed = per_summit // points_per_document + 1
        for summit in summits:
            kinds = [(DocumentKind.DECLARATION, "", f"Declaración de {summit.city}"),
                     (DocumentKind.ACTION_PROGRAMME, "", f"Programa de Acción de {summit.city}")]
            # As many communiqués as the volume needs (the huge scale: over a hundred a summit).
            kinds += [(DocumentKind.SPECIAL_COMMUNIQUE, f"B{n}", f"Comunicado especial B{n} (volumen de ejemplo)")
                      for n in range(1, max(40, needed + 10))]
            # A kind and number the summit already has (from the cycle's examples) is not made twice.
            taken = set(s.execute(select(Document.kind, Document.number).where(Document.summit_id == summit.id)))
            kinds = [k for k in kinds if (k[0], k[1]) not in taken]
            rows = [{"uid": new_uid(), "version": 1, "kind": kind, "number": number, "title": title,
                     "adopted_on": summit.end_date, "summit_id": summit.id, "file_path": "", "notes": MARK}
                    for kind, number, title in kinds[:needed]]
            first = (s.scalar(select(func.max(Document.id))) or 0) + 1
            ids = list(range(first, first + len(rows)))
            for row, doc_id in zip(rows, ids, strict=True):
                row["id"] = doc_id
            if rows:
                s.execute(insert(Document.__table__), rows)
            for row, doc_id in zip(rows, ids, strict=True):
                prefix = f"{to_roman(summit.number)}-{DOCUMENT_ABBREVIATIONS[row['kind']]}{row['number']}"
                documents.append((summit.number, summit.end_date, doc_id, prefix))

        used = set(s.scalars(select(Mandate.code)))
        mandates, rng_choice = [], rng.choice
        statuses_by_age = (MandateStatus.FULFILLED, MandateStatus.ONGOING, MandateStatus.SUPERSEDED,
                           MandateStatus.NOT_APPLICABLE, MandateStatus.IN_PROGRESS)
        per_doc = {}
        for summit_number, adopted, doc_id, prefix in documents:
            per_doc.setdefault(summit_number, []).append((doc_id, prefix, adopted))
        for docs in per_doc.values():
            made = 0
            for doc_id, prefix, adopted in docs:
                for point in range(1, points_per_document + 1):
                    if made >= per_summit or len(mandates) >= want:
                        break
                    code = f"{prefix}-{point}"
                    if code in used:
                        continue
                    topic, action = rng_choice(TOPICS), rng_choice(ACTIONS)
                    title, text = _text(rng, topic, action, names)
                    age = (ctx.today - adopted).days
                    due = adopted + dt.timedelta(days=rng_choice((180, 365, 730)))
                    status = rng_choice(statuses_by_age) if age > 1500 else rng_choice(list(MandateStatus))
                    mandates.append({
                        "uid": new_uid(), "version": 1, "document_id": doc_id, "point": str(point), "code": code,
                        "title": title, "text": text, "area_id": area_ids[topic[2]], "officer": rng_choice(OFFICERS),
                        "due_date": due, "recurrence": action[3], "priority": rng_choice(list(Priority)),
                        "status": status if age > 10 else MandateStatus.NOT_STARTED,
                        "tags": f"{MARK}, {topic[4]}", "_adopted": adopted, "_bodies": topic[3]})
                    made += 1
        # Core inserts of the tables (not the ORM's bulk path, which splits rows by their None values),
        # with the ids given here: the transaction holds the database's write lock.
        first = (s.scalar(select(func.max(Mandate.id))) or 0) + 1
        ids = list(range(first, first + len(mandates)))
        rows = [{"id": i, **{k: v for k, v in m.items() if not k.startswith("_")}} for i, m in zip(ids, mandates,
                                                                                                  strict=True)]
        s.execute(insert(Mandate.__table__), rows)

        links, entries, written = [], [], 0
        per_mandate = ctx.volume.progress / max(1, len(ids))
        for mandate_id, m in zip(ids, mandates, strict=True):
            for acronym in m["_bodies"]:
                if acronym in bodies:
                    links.append({"mandate_id": mandate_id, "body_id": bodies[acronym]})
            span = (ctx.today - m["_adopted"]).days
            count = int(per_mandate) + (rng.random() < per_mandate - int(per_mandate)) if span > 10 else 0
            days = sorted(rng.randrange(10, span) for _ in range(count))
            for i, day in enumerate(days):
                last = i == count - 1
                status = m["status"] if last and m["status"] != MandateStatus.NOT_STARTED else (
                    MandateStatus.IN_PROGRESS if i == 0 and m["status"] != MandateStatus.NOT_STARTED else None)
                note = _contract(rng_choice(NOTES)[1].format(body=_the(rng_choice(names["bodies"])),
                                                             country=rng_choice(names["countries"]),
                                                             n=rng.randint(8, 21)))
                entries.append({"uid": new_uid(), "version": 1, "mandate_id": mandate_id,
                                "entry_date": m["_adopted"] + dt.timedelta(days=day), "author": rng_choice(OFFICERS),
                                "text": note, "new_status": status, "evidence": ""})
            if len(entries) >= 50_000:  # written in chunks: the huge scale's 600,000 at once would not fit
                s.execute(insert(MandateProgress.__table__), entries)
                written += len(entries)
                entries.clear()
        if links:
            s.execute(insert(mandate_bodies), links)
        if entries:
            s.execute(insert(MandateProgress.__table__), entries)
        written += len(entries)
        s.execute(insert(mandate_areas), [{"mandate_id": i, "area_id": m["area_id"]}
                                          for i, m in zip(ids[::7], mandates[::7], strict=True)])
        country_ids = list(s.scalars(select(Country.id)))
        s.execute(insert(mandate_countries), [{"mandate_id": i, "country_id": rng.choice(country_ids)}
                                              for i in ids[::11]])
    return len(ids) + written
