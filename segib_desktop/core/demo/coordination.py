"""Example coordination data: bodies, contacts, activities and their action items.

About 40 activities over the two years before ``today`` (six of them CODEI
meetings), with action items of which some are overdue, and about 20 contacts.
``scale="large"`` adds, with bulk Core inserts, activities up to 10,000 over ten
years (``huge``: 100,000). Every record carries demo.MARK (in its subject or its notes).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, insert, select

from segib_desktop.core.demo import MARK, DemoContext
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    Body,
    BodyKind,
    Contact,
    Country,
    Mandate,
    Meeting,
    MeetingKind,
    Summit,
    new_uid,
)
from segib_desktop.core.models.coordination import (
    activity_bodies,
    activity_contacts,
    activity_mandates,
)
from segib_desktop.core.models.mandates import mandate_bodies
from segib_desktop.core.services.coordination import CODEI, CODEI_MEMBERS

ORDER = 30

# Organisations SEGIB works with, added as a user would add them.
BODIES = [
    ("CEPAL", "Comisión Económica para América Latina y el Caribe", "Comissão Econômica para a América Latina "
     "e o Caribe", BodyKind.INTERNATIONAL, "Santiago de Chile", "https://www.cepal.org"),
    ("UNESCO", "Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
     "Organização das Nações Unidas para a Educação, a Ciência e a Cultura", BodyKind.INTERNATIONAL, "París",
     "https://www.unesco.org"),
    ("OPS", "Organización Panamericana de la Salud", "Organização Pan-Americana da Saúde", BodyKind.INTERNATIONAL,
     "Washington D. C.", "https://www.paho.org"),
    ("AECID", "Agencia Española de Cooperación Internacional para el Desarrollo",
     "Agência Espanhola de Cooperação Internacional para o Desenvolvimento", BodyKind.NATIONAL, "Madrid",
     "https://www.aecid.es"),
    ("ABC", "Agencia Brasileña de Cooperación", "Agência Brasileira de Cooperação", BodyKind.NATIONAL, "Brasilia",
     "https://www.gov.br/abc"),
    ("UE", "Unión Europea", "União Europeia", BodyKind.OBSERVER, "Bruselas", "https://european-union.europa.eu"),
]

# name, role, body acronym or None, country ISO2 or None, email, phone. Invented people.
CONTACTS = [
    ("Lucía Fernández Ortega", "Coordinadora de Relaciones con los Organismos", "SEGIB", None,
     "lucia.fernandez@segib.example", "+34 91 000 11 01"),
    ("Andrés Molina Rey", "Jefe de Gabinete de la Secretaría General", "SEGIB", None,
     "andres.molina@segib.example", "+34 91 000 11 02"),
    ("Mariana Souza Lima", "Directora de Cooperación", "OEI", None, "mariana.souza@oei.example", "+34 91 000 22 01"),
    ("Javier Cordero Paz", "Jefe de Gabinete", "OEI", None, "javier.cordero@oei.example", ""),
    ("Camila Rojas Vidal", "Coordinadora de Programas", "OIJ", None, "camila.rojas@oij.example", "+34 91 000 33 01"),
    ("Diego Herrera Luna", "Responsable de Alianzas", "OIJ", None, "diego.herrera@oij.example", ""),
    ("Patricia Gómez Salinas", "Secretaria General Adjunta", "OISS", None, "patricia.gomez@oiss.example",
     "+34 91 000 44 01"),
    ("Rui Almeida Costa", "Director de Planificación", "OISS", None, "rui.almeida@oiss.example", ""),
    ("Elena Castillo Prado", "Coordinadora Técnica", "COMJIB", None, "elena.castillo@comjib.example",
     "+34 91 000 55 01"),
    ("Tomás Ibáñez Ruiz", "Asesor Jurídico", "COMJIB", None, "tomas.ibanez@comjib.example", ""),
    ("Valentina Araya Soto", "Oficial de Asuntos Económicos", "CEPAL", None, "valentina.araya@cepal.example",
     "+56 2 0000 0001"),
    ("Sophie Martin", "Especialista de Programa", "UNESCO", None, "s.martin@unesco.example", ""),
    ("Ricardo Benítez Núñez", "Asesor en Salud Materno-Infantil", "OPS", None, "ricardo.benitez@ops.example",
     "+1 202 000 0001"),
    ("Carmen Delgado Ríos", "Jefa de Área de Cooperación Multilateral", "AECID", "ES",
     "carmen.delgado@aecid.example", "+34 91 000 66 01"),
    ("João Pereira Santos", "Coordenador-Geral de Cooperação", "ABC", "BR", "joao.pereira@abc.example", ""),
    ("Inês Carvalho Matos", "Coordenadora Nacional Adjunta", None, "PT", "ines.carvalho@mne.example",
     "+351 21 000 0001"),
    ("Alejandro Treviño Garza", "Director General de Cooperación", None, "MX", "a.trevino@sre.example", ""),
    ("Florencia Paz Aguirre", "Responsable de Cooperación", None, "AR", "florencia.paz@cancilleria.example", ""),
    ("Sebastián Ortiz Mejía", "Coordinador Nacional", None, "CO", "sebastian.ortiz@cancilleria.example", ""),
    ("Ana Beatriz Quesada", "Enlace con la Unión Europea", "UE", None, "ana.quesada@ue.example", ""),
]

OWNERS = ["Lucía Fernández (SEGIB)", "Andrés Molina (SEGIB)", "Secretaría para la Cooperación Iberoamericana",
          "Mariana Souza (OEI)", "Camila Rojas (OIJ)", "Patricia Gómez (OISS)", "Elena Castillo (COMJIB)",
          "Gabinete de la Secretaría General"]

# kind, bodies, subject, summary, outcome, actions
TEMPLATES = [
    (ActivityKind.MEETING, ("SEGIB", "OEI"), "Reunión de coordinación sobre el Espacio Iberoamericano del "
     "Conocimiento", "Revisión conjunta del plan de trabajo del EIC y de la\nmovilidad académica Campus "
     "Iberoamérica.", "Se acuerda presentar un informe común a los Responsables de Cooperación.",
     ["Redactar el borrador del informe común", "Enviar la relación de becas concedidas"]),
    (ActivityKind.MEETING, ("SEGIB", "OIJ"), "Preparación del Foro Iberoamericano de Juventud",
     "Agenda, sede y participación de los organismos nacionales de juventud.",
     "La OIJ enviará la propuesta de agenda; SEGIB gestionará la sede con la SPT.",
     ["Enviar la propuesta de agenda del foro", "Confirmar la sede con la Secretaría Pro Tempore"]),
    (ActivityKind.AGREEMENT, ("SEGIB", "OISS"), "Memorando de entendimiento sobre el Convenio Multilateral de "
     "Seguridad Social", "Firma del memorando para el seguimiento conjunto de la aplicación del Convenio.",
     "Memorando firmado por ambos Secretarios Generales.",
     ["Publicar el memorando en la web", "Constituir el grupo técnico de seguimiento"]),
    (ActivityKind.LETTER, ("SEGIB", "COMJIB"), "Nota verbal sobre la Conferencia de Ministros de Justicia",
     "Comunicación de las conclusiones de la Reunión de Coordinadores Nacionales en materia de acceso a la "
     "justicia.", "", ["Acusar recibo y proponer fecha de reunión técnica"]),
    (ActivityKind.JOINT_ACTION, ("SEGIB", "OEI", "OIJ"), "Jornada iberoamericana sobre educación y empleo "
     "juvenil", "Jornada conjunta con ministerios de educación y de juventud de la región.",
     "Asistieron 120 personas de 18 países; se publicarán las conclusiones.",
     ["Publicar las conclusiones de la jornada", "Enviar el informe de gastos compartidos"]),
    (ActivityKind.CALL, ("SEGIB", "CEPAL"), "Videoconferencia sobre el informe «Panorama Social»",
     "Intercambio sobre la contribución de SEGIB al capítulo de cooperación Sur-Sur.",
     "CEPAL compartirá el borrador del capítulo.", ["Enviar comentarios al borrador del capítulo"]),
    (ActivityKind.MEETING, ("SEGIB", "UNESCO"), "Reunión sobre patrimonio cultural iberoamericano",
     "Coordinación de la agenda cultural con la oficina regional.", "Se identifican dos acciones conjuntas.",
     ["Proponer un calendario de acciones conjuntas"]),
    (ActivityKind.MEETING, ("SEGIB", "OPS"), "Reunión técnica sobre la Red Iberoamericana de Bancos de Leche "
     "Humana", "Situación de la Red IberBLH y apoyo de la OPS a la certificación de bancos.",
     "La OPS apoyará dos cursos de formación en 2026.", ["Enviar la lista de bancos pendientes de certificación",
                                                        "Coordinar fechas de los cursos con Fiocruz"]),
    (ActivityKind.AGREEMENT, ("SEGIB", "AECID"), "Convenio de financiación del Programa de Cooperación 2026",
     "Firma del convenio anual de financiación.", "Convenio firmado; primer desembolso previsto en marzo.",
     ["Presentar el plan operativo anual", "Remitir el informe técnico intermedio"]),
    (ActivityKind.LETTER, ("SEGIB", "ABC"), "Carta sobre la participación de Brasil en los programas "
     "iberoamericanos", "Respuesta a la consulta sobre cuotas y participación en programas.",
     "", ["Preparar el cuadro de participación por programa"]),
    (ActivityKind.MEETING, ("SEGIB", "UE"), "Diálogo SEGIB–Unión Europea sobre cooperación triangular",
     "Revisión de la cartera de proyectos de cooperación triangular con la región.",
     "Se acuerda una reunión de seguimiento en el próximo semestre.", ["Enviar la ficha de proyectos propuestos"]),
    (ActivityKind.OTHER, ("OEI", "OISS", "COMJIB"), "Participación en el seminario sobre transformación digital "
     "del Estado", "SEGIB asistió como observadora.", "", []),
]

CODEI_SUBJECT = "Reunión ordinaria del CODEI"
CODEI_SUMMARY = ("Reunión de los Secretarios Generales de SEGIB, OEI, OIJ, OISS y COMJIB bajo la presidencia de "
                 "SEGIB.\nOrden del día: seguimiento de los mandatos de la Cumbre, plan de trabajo conjunto y "
                 "presupuesto compartido.")
CODEI_OUTCOME = ("Se aprueba el informe conjunto de seguimiento y se acuerda preparar la contribución común a "
                 "la próxima Reunión de Ministros de Relaciones Exteriores.")
CODEI_ACTIONS = ["Circular el acta de la reunión a los cinco organismos",
                 "Actualizar el cuadro de seguimiento de mandatos compartidos",
                 "Preparar la contribución común para la Reunión de Cancilleres"]


def _add_bodies(s) -> dict[str, int]:
    existing = set(s.scalars(select(Body.acronym)))
    for acronym, name_es, name_pt, kind, seat, web in BODIES:
        if acronym not in existing:
            s.add(Body(acronym=acronym, name_es=name_es, name_pt=name_pt, kind=kind, seat=seat, website=web,
                       notes=MARK))
    s.flush()
    return dict(s.execute(select(Body.acronym, Body.id)).all())


def _add_contacts(s, bodies: dict[str, int]) -> dict[str, list[Contact]]:
    countries = dict(s.execute(select(Country.iso2, Country.id)).all())
    by_body: dict[str, list[Contact]] = {}
    for name, role, body, iso2, email, phone in CONTACTS:
        contact = Contact(name=name, role=role, body_id=bodies.get(body), country_id=countries.get(iso2),
                          email=email, phone=phone, notes=MARK)
        s.add(contact)
        by_body.setdefault(body or iso2, []).append(contact)
    s.flush()
    return by_body


def _mandates_for(s, body_ids: list[int]) -> list[int]:
    return list(s.scalars(select(mandate_bodies.c.mandate_id).where(mandate_bodies.c.body_id.in_(body_ids))
                          .distinct().limit(20)))


def fill(ctx: DemoContext) -> int:
    rng, today = ctx.rng, ctx.today
    added = 0
    with ctx.db.session() as s:
        bodies = _add_bodies(s)
        contacts = _add_contacts(s, bodies)
        added += len(CONTACTS)
        by_acronym = {b.acronym: b for b in s.scalars(select(Body))}
        summits = list(s.scalars(select(Summit).where(Summit.start_date <= today + dt.timedelta(days=400),
                                                      Summit.start_date >= today - dt.timedelta(days=800))))
        codei_meetings = list(s.scalars(select(Meeting).where(Meeting.kind == MeetingKind.CODEI)))
        any_mandates = list(s.scalars(select(Mandate.id).limit(200)))

        plans: list[tuple] = []
        # Six CODEI meetings, about every four months, the latest a few weeks ago.
        for n in range(6):
            day = today - dt.timedelta(days=25 + 120 * n + rng.randint(-6, 6))
            plans.append(("codei", day))
        # And 34 other activities spread over the two years, four of them since the last CODEI meeting.
        for n in range(34):
            days = rng.randint(2, 20) if n < 4 else rng.randint(21, 730)
            plans.append((n % len(TEMPLATES), today - dt.timedelta(days=days)))

        for plan, day in plans:
            if plan == "codei":
                kind, acronyms = ActivityKind.MEETING, (CODEI, *CODEI_MEMBERS)
                subject, summary, outcome, actions = CODEI_SUBJECT, CODEI_SUMMARY, CODEI_OUTCOME, CODEI_ACTIONS
            else:
                kind, acronyms, subject, summary, outcome, actions = TEMPLATES[plan]
            activity = Activity(kind=kind, date=day, subject=f"{subject} {MARK}", summary=summary, outcome=outcome,
                                files="")
            activity.bodies = [by_acronym[a] for a in acronyms if a in by_acronym]
            people = [c for a in acronyms for c in contacts.get(a, [])]
            activity.contacts = rng.sample(people, min(len(people), rng.randint(1, 3))) if people else []
            near = [m for m in summits if m.start_date and abs((m.start_date - day).days) < 400]
            if near and rng.random() < 0.4:
                activity.summits = [rng.choice(near)]
            if plan == "codei" and codei_meetings:
                activity.meetings = [min(codei_meetings, key=lambda m: abs(((m.start_date or day) - day).days))]
            linked = _mandates_for(s, [b.id for b in activity.bodies]) or any_mandates
            if linked and rng.random() < 0.5:
                mandate_ids = rng.sample(linked, min(len(linked), rng.randint(1, 2)))
                activity.mandates = list(s.scalars(select(Mandate).where(Mandate.id.in_(mandate_ids))))
            if kind == ActivityKind.AGREEMENT:
                activity.files = "Documentos/Convenios/memorando-firmado.pdf"
            for text in actions:
                due = day + dt.timedelta(days=rng.choice((15, 30, 45, 60, 90)))
                if due >= today:
                    status = ActionStatus.OPEN
                else:  # most past actions are done; some are late, a few were dropped
                    status = rng.choices([ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.CANCELLED],
                                         [0.8, 0.14, 0.06])[0]
                activity.actions.append(ActionItem(description=text, owner=rng.choice(OWNERS), due_date=due,
                                                   status=status))
                added += 1
            s.add(activity)
            added += 1
        s.flush()
        if ctx.large:
            added += _fill_large(s, rng, today, ctx.volume.activities, bodies, [c.id for group in contacts.values() for c in group])
    return added


def _fill_large(s, rng: random.Random, today: dt.date, total: int, body_ids: dict[str, int], contact_ids: list[int]) -> int:
    """Up to ``total`` activities over ten years, with links and action items, by bulk inserts."""
    have = s.scalar(select(func.count()).select_from(Activity))
    count = max(0, total - have)
    first_id = (s.scalar(select(func.max(Activity.id))) or 0) + 1
    first_action = (s.scalar(select(func.max(ActionItem.id))) or 0) + 1
    mandate_ids = list(s.scalars(select(Mandate.id).limit(5000)))
    activities, bodies, people, mandates, actions = [], [], [], [], []
    for n in range(count):
        activity_id = first_id + n
        kind, acronyms, subject, summary, outcome, texts = TEMPLATES[n % len(TEMPLATES)]
        day = today - dt.timedelta(days=rng.randint(0, 3650))
        activities.append({"id": activity_id, "uid": new_uid(), "version": 1, "kind": kind, "date": day,
                           "subject": f"{subject} ({n + 1}) {MARK}", "summary": summary, "outcome": outcome,
                           "files": ""})
        involved = {body_ids[a] for a in acronyms if a in body_ids}
        if rng.random() < 0.3:  # now and then one more organisation joins
            involved.add(rng.choice(list(body_ids.values())))
        bodies += [{"activity_id": activity_id, "body_id": body_id} for body_id in sorted(involved)]
        if contact_ids and rng.random() < 0.5:
            people.append({"activity_id": activity_id, "contact_id": rng.choice(contact_ids)})
        if mandate_ids and rng.random() < 0.2:
            mandates.append({"activity_id": activity_id, "mandate_id": rng.choice(mandate_ids)})
        for text in texts:
            due = day + dt.timedelta(days=rng.choice((15, 30, 60, 90)))
            status = ActionStatus.OPEN if due >= today or rng.random() < 0.1 else ActionStatus.DONE
            actions.append({"id": first_action + len(actions), "uid": new_uid(), "version": 1,
                            "activity_id": activity_id, "description": text, "owner": rng.choice(OWNERS),
                            "due_date": due, "status": status})
    for table, rows in ((Activity.__table__, activities), (activity_bodies, bodies), (activity_contacts, people),
                        (activity_mandates, mandates), (ActionItem.__table__, actions)):
        if rows:
            s.execute(insert(table), rows)
    return len(activities) + len(actions)
