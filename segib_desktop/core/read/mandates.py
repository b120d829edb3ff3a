"""Mandates as the screens, the briefings and the command line read them: named rows and their rules.

The rules (open, overdue, due soon, a summit's mandates) are ``read.rules``'; this module holds the
rows the mandates list shows, the text of a progress entry in the reader's language, a mandate's log,
the areas and addressees offered in pickers, the codes already taken, the documents mandates come
from (their labels and code prefixes: the write services build a mandate's code from the same
``document_labels``, in their own transaction) and the list's own query.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from operator import attrgetter, itemgetter
from typing import NamedTuple

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from segib_desktop import errors
from segib_desktop.core import collector
from segib_desktop.core import db as dbmod
from segib_desktop.core.db import Database
from segib_desktop.core.enums import DocumentKind, MandateStatus, MeetingKind, Priority, Recurrence
from segib_desktop.core.models import Area, Body, Country, Document, Mandate, MandateProgress, Meeting, Summit
from segib_desktop.core.read import expr, rules
from segib_desktop.core.read.cycle import Choice
from segib_desktop.i18n import N_, Translator, active, fold, to_roman

# The entries the program writes itself, by code: translated when shown, never stored as text.
STATUS_FROM_FORM = "status_from_form"
AREA_CHANGED = "area_changed"  # parameters: old, new (area names; "" for none)
PROGRESS_MESSAGES = {
    STATUS_FROM_FORM: N_("Status changed in the mandate's form."),
    AREA_CHANGED: N_("Responsible area changed from {old} to {new}."),
}
NONE = N_("(none)")  # an empty parameter
STATUS_CHANGED = N_("Status changed to {status}.")  # what an entry with no text did (a bulk change's)
SEGIB_AREA = N_("SEGIB: {area}")


class MandateRow(NamedTuple):
    """One row of the mandates list: the shown columns first, then what its filters need."""

    id: int
    code: str
    title: str
    source: str
    area: str
    due_date: dt.date | None
    status: MandateStatus
    priority: Priority
    overdue: bool  # rules.is_overdue on the list's day
    summit_id: int | None  # the summit of its document's cycle (rules: a summit's mandates)
    meeting_id: int | None
    kind: DocumentKind | None
    area_id: int | None
    recurrence: Recurrence
    review_date: dt.date | None  # rules.is_to_review
    code_order: int  # its place in a mandate's code order (read.rules), which is the list's own order


class ProgressRow(NamedTuple):
    id: int
    entry_date: dt.date
    author: str
    text: str  # in the reader's language for an entry the program wrote (progress_text)
    new_status: MandateStatus | None
    evidence: str
    delivered: bool  # a delivered report: a recurring mandate's due date moved on (core.mandate_dates)


def progress_params(params: dict | None = None) -> str:
    """How an entry's parameters are stored (JSON, keys sorted: the same entry, the same text)."""
    return json.dumps(params, ensure_ascii=False, sort_keys=True) if params else ""


def progress_text(text: str, code: str = "", params: str = "", t: Translator | None = None,
                  new_status: MandateStatus | None = None) -> str:
    """An entry's text in the reader's language: the message the program wrote, if any, in the reader's
    language, then what the officer wrote. Given its ``new_status``, an entry with neither (a bulk change
    with no note) says what it did, where it is shown alone (a briefing's latest progress)."""
    message = PROGRESS_MESSAGES.get(code or "")
    t = t or active()
    if message is None:
        if not (text or "").strip() and new_status is not None:
            return t(STATUS_CHANGED).format(status=t(new_status.label))
        return text or ""
    values = {key: value or t(NONE) for key, value in (json.loads(params) if params else {}).items()}
    return "\n".join(filter(None, [t(message).format(**values), text or ""]))


class AddresseeChoice(NamedTuple):
    key: str  # addressee_key: "area:3", "body:2", "country:14"
    label: str


class StatusAndVersion(NamedTuple):
    status: MandateStatus
    version: int


class AreaRow(NamedTuple):
    """One of SEGIB's areas and how many mandates it is responsible for."""

    id: int
    name: str
    mandates: int


def addressee_key(kind: str, record_id: int) -> str:
    """Addressees are chosen in one list: "area:3", "body:2", "country:14"."""
    return f"{kind}:{record_id}"


def addressee_choices(db: Database, lang: str) -> list[AddresseeChoice]:
    """Every possible addressee, keyed (``addressee_key``): SEGIB's areas, then the bodies, then the countries."""
    name = expr.localised(lang, Country)
    with db.session() as s:
        areas = s.execute(select(Area.id, Area.name).order_by(Area.name)).all()
        bodies = s.execute(select(Body.id, Body.acronym).order_by(Body.acronym)).all()
        countries = s.execute(select(Country.id, name.label("name"))).all()
    t = Translator(lang)
    out = [AddresseeChoice(addressee_key("area", a.id), t(SEGIB_AREA).format(area=a.name)) for a in areas]
    out += [AddresseeChoice(addressee_key("body", b.id), b.acronym) for b in bodies]
    out += [AddresseeChoice(addressee_key("country", c.id), c.name) for c in sorted(countries, key=lambda c: fold(c.name))]
    return out


def area_choices(db: Database) -> list[Choice]:
    """SEGIB's areas by name, for pickers and filters."""
    with db.session() as s:
        return [Choice(*r) for r in s.execute(select(Area.id, Area.name).order_by(Area.name))]


def progress_rows(db: Database, mandate_id: int, lang: str | None = None) -> list[ProgressRow]:
    """Its log, newest first; the entries the program wrote in ``lang`` (the active language if None)."""
    t = Translator(lang) if lang else active()
    with db.session() as s:
        return [ProgressRow(r.id, r.entry_date, r.author, progress_text(r.text, r.code, r.params, t), r.new_status,
                            r.evidence, r.delivered) for r in s.execute(
            select(MandateProgress.id, MandateProgress.entry_date, MandateProgress.author, MandateProgress.text,
                   MandateProgress.code, MandateProgress.params, MandateProgress.new_status,
                   MandateProgress.evidence, MandateProgress.delivered)
            .where(MandateProgress.mandate_id == mandate_id)
            .order_by(MandateProgress.entry_date.desc(), MandateProgress.id.desc()))]


def status_and_version(db: Database, mandate_id: int) -> StatusAndVersion:
    """Its status and edit version now (the form's after a progress entry changed them)."""
    with db.session() as s:
        row = s.execute(select(Mandate.status, Mandate.version).where(Mandate.id == mandate_id)).one_or_none()
    if row is None:
        raise errors.NotFound()
    return StatusAndVersion(row.status, row.version)


def existing_codes(db: Database, codes: Iterable[str]) -> set[str]:
    """Which of ``codes`` mandates already have."""
    codes = [c for c in codes if c]
    with db.session() as s:
        return set(s.scalars(select(Mandate.code).where(Mandate.code.in_(codes))))


def area_rows(db: Database) -> list[AreaRow]:
    """The areas by name, with how many mandates each is responsible for."""
    with db.session() as s:
        counts = dict(s.execute(select(Mandate.area_id, func.count()).group_by(Mandate.area_id)).all())
        return [AreaRow(r.id, r.name, counts.get(r.id, 0))
                for r in s.execute(select(Area.id, Area.name).order_by(Area.name))]


# --- the documents mandates come from, and the mandates list
# Codes are identifiers, the same in every language: "XXVIII-PA-12".
DOCUMENT_ABBREVIATIONS = {
    DocumentKind.DECLARATION: "DEC", DocumentKind.ACTION_PROGRAMME: "PA", DocumentKind.SPECIAL_COMMUNIQUE: "CE",
    DocumentKind.RESOLUTION: "RES", DocumentKind.COMMITMENT: "COM", DocumentKind.CHARTER: "CAR",
    DocumentKind.OTHER: "DOC",
}
MEETING_ABBREVIATIONS = {
    MeetingKind.FOREIGN_MINISTERS: "RMRE", MeetingKind.NATIONAL_COORDINATORS: "RCN",
    MeetingKind.COOPERATION_OFFICERS: "RRC", MeetingKind.COORDINATORS_AND_OFFICERS: "RCNRC",
    MeetingKind.SECTORAL: "RMS", MeetingKind.CODEI: "CODEI", MeetingKind.FORUM: "FORO", MeetingKind.OTHER: "REU",
}


class DocumentLabel(NamedTuple):
    """How a source document reads, and the start of its mandates' codes."""

    short: str  # "XXIX · Programa de Acción"
    prefix: str  # "XXIX-PA": its mandates' codes start so (the same in every language)
    kind: DocumentKind
    summit_id: int | None  # its cycle's summit
    meeting_id: int | None
    long: str  # "XXIX · Programa de Acción — its title"
    sort: tuple  # its key in a mandate's code order (rules.document_order): newest cycle first…


class SourceChoice(NamedTuple):
    """A summit or meeting that adopted documents, as the mandates list's source filter offers it."""

    kind: str  # "summit" or "meeting"
    id: int
    label: str


def document_labels(session: Session, lang: str) -> dict[int, DocumentLabel]:
    """document id -> its labels and code prefix, read in ``session`` (a write service's own, to build a code)."""
    t = Translator(lang)
    meetings = {r.id: r for r in session.execute(
        select(Meeting.id, Meeting.kind, Meeting.number, Meeting.extraordinary, Meeting.start_date,
               Meeting.summit_id, Meeting.sector))}
    summits = dict(session.execute(select(Summit.id, Summit.number)).all())
    out = {}
    for d in session.execute(select(Document.id, Document.kind, Document.number, Document.title,
                                    Document.summit_id, Document.meeting_id)):
        kind_label = t(d.kind.label) + (f" {d.number}" if d.number else "")
        abbreviation = DOCUMENT_ABBREVIATIONS.get(d.kind, "DOC") + (d.number or "").replace(" ", "")
        if d.summit_id is not None:
            roman = to_roman(summits.get(d.summit_id, 0))
            short, prefix = f"{roman} · {kind_label}", f"{roman}-{abbreviation}"
            summit_id, meeting_id = d.summit_id, None
        else:
            m = meetings.get(d.meeting_id)
            cycle = to_roman(summits.get(m.summit_id, 0)) if m and m.summit_id else ""
            source = " · ".join(filter(None, [cycle, _meeting_label(t, m) if m else ""]))
            short = f"{source} · {kind_label}"
            meeting_abbr = MEETING_ABBREVIATIONS.get(m.kind, "REU") if m else "REU"
            if m and m.number:
                meeting_abbr += str(m.number)
            year = str(m.start_date.year) if m and m.start_date else ""
            prefix = "-".join(filter(None, [cycle, meeting_abbr + year, abbreviation]))
            summit_id, meeting_id = (m.summit_id if m else None), d.meeting_id
        out[d.id] = DocumentLabel(short, prefix, d.kind, summit_id, meeting_id,
                                  f"{short} — {d.title}" if d.title else short, _document_order(d, meetings, summits))
    return out


def _document_order(d, meetings: dict, summits: dict) -> tuple:
    """``rules.document_order`` of a document read with its kind, number, summit and meeting, given the
    meetings (id -> a row with its start date and summit) and the summits' numbers (id -> number)."""
    m = meetings.get(d.meeting_id) if d.summit_id is None else None
    cycle = summits.get(d.summit_id) if d.summit_id is not None else (summits.get(m.summit_id) if m else None)
    return rules.document_order(cycle, m.id if m else None, m.start_date if m else None, d.kind, d.number, d.id)


def document_places(session: Session) -> dict[int, int]:
    """document id -> its place in a mandate's code order (read.rules: 0 first), for ``rules.code_order_key``.
    3,400 documents at 200,000 mandates: about 15 ms."""
    meetings = {r.id: r for r in session.execute(select(Meeting.id, Meeting.start_date, Meeting.summit_id))}
    summits = dict(session.execute(select(Summit.id, Summit.number)).all())
    documents = session.execute(select(Document.id, Document.kind, Document.number, Document.summit_id,
                                       Document.meeting_id)).all()
    return places_of({d.id: _document_order(d, meetings, summits) for d in documents})


def in_code_order(session: Session, query) -> list:
    """The rows of ``query`` (each with a mandate's ``id``, ``document_id`` and ``point``) in a mandate's code
    order (read.rules), read in ``session``."""
    rows = session.execute(query).all()
    rows.sort(key=rules.code_order_key(document_places(session), attrgetter("document_id"), attrgetter("point"),
                                       attrgetter("id")))
    return rows


def places_of(orders: dict[int, tuple]) -> dict[int, int]:
    """document id -> its place, given each one's ``rules.document_order`` (``DocumentLabel.sort``)."""
    return {doc_id: place for place, doc_id in enumerate(sorted(orders, key=orders.__getitem__))}


def _meeting_label(t: Translator, m) -> str:
    label = t(m.kind.label)
    if m.kind == MeetingKind.SECTORAL and m.sector:
        label = f"{label} ({m.sector})"
    if m.number:
        label = f"{to_roman(m.number)} {label}"
    if m.start_date:
        label = f"{label} {m.start_date.year}"
    return label


def documents_and_prefixes(db: Database, lang: str) -> tuple[list[Choice], dict[int, str]]:
    """The form's document picker ("XXIX · Programa de Acción — its title", newest source first) and each
    document's code prefix (which no language changes), from one reading: at 200,000 mandates each
    reading of the labels costs about 150 ms."""
    with db.session() as s:
        labels = document_labels(s, lang)
    return ([Choice(doc_id, label.long) for doc_id, label in sorted(labels.items(), key=lambda kv: kv[1].sort)],
            {doc_id: label.prefix for doc_id, label in labels.items()})


class KeptDocuments:
    """The mandate form's documents (``documents_and_prefixes``) in one language, read once and read again
    only when a document, a meeting or a summit changed: at 200,000 mandates (3,400 documents) reading and
    labelling them takes about 150 ms, which every form that opened paid.

    Whether they changed, in about a millisecond: the audit trail's entries written since the last reading
    (every change the program saves writes one, the import's too; read from where the last reading stopped,
    through the trail's key), and the documents' newest id and count (a bulk insert past the trail, such as
    the example data's). ``generation`` grows at each reading.
    """

    LABELLED = (Document.__tablename__, Meeting.__tablename__, Summit.__tablename__)  # what a label is made of
    _STAMP = (f"SELECT ({rules.LAST_CHANGE_SQL}), (SELECT coalesce(max(id), 0) FROM documents), "
              "(SELECT count(*) FROM documents)")
    _SINCE = (f"SELECT 1 FROM audit_log WHERE id > ? AND table_name IN ({', '.join('?' * len(LABELLED))}) "
              "LIMIT 1")

    def __init__(self, db: Database, lang: str):
        self.db, self.lang = db, lang
        self.choices: list[Choice] = []
        self.prefixes: dict[int, str] = {}
        self.generation = 0
        self._stamp: tuple | None = None

    def refresh(self) -> bool:
        """Brings them up to date; True if they were read again."""
        with self.db.read() as conn:
            stamp = tuple(conn.execute(self._STAMP).fetchone())
            if self._stamp is not None and stamp[1:] == self._stamp[1:] and (
                    stamp[0] == self._stamp[0]
                    or conn.execute(self._SINCE, (self._stamp[0], *self.LABELLED)).fetchone() is None):
                self._stamp = stamp
                return False
        self.choices, self.prefixes = documents_and_prefixes(self.db, self.lang)
        self._stamp = stamp
        self.generation += 1
        return True


def documents(db: Database, lang: str) -> list[Choice]:
    """The documents mandates come from, for a picker, newest source first."""
    return documents_and_prefixes(db, lang)[0]


def code_prefixes(db: Database) -> dict[int, str]:
    """document id -> the start of its mandates' codes: "XXVIII-PA" for summit XXVIII's Programme of Action."""
    return documents_and_prefixes(db, "en")[1]


def sources(db: Database, lang: str) -> list[SourceChoice]:
    """The summits and meetings that adopted documents, newest first; a cycle's meetings under its summit."""
    t = Translator(lang)
    with db.session() as s:
        meetings = s.execute(select(Meeting.id, Meeting.kind, Meeting.number, Meeting.extraordinary,
                                    Meeting.start_date, Meeting.summit_id, Meeting.sector,
                                    Summit.number.label("cycle"))
                             .outerjoin(Summit, Meeting.summit_id == Summit.id)
                             .where(exists().where(Document.meeting_id == Meeting.id))
                             .order_by(Summit.number.desc(), Meeting.start_date)).all()
        cycles = {m.summit_id for m in meetings}
        summits = [r for r in s.execute(
            select(Summit.id, Summit.number, Summit.city,
                   exists().where(Document.summit_id == Summit.id).label("adopted"))
            .order_by(Summit.number.desc())) if r.adopted or r.id in cycles]
    out: list[SourceChoice] = []
    by_cycle: dict[int | None, list] = {}
    for m in meetings:
        by_cycle.setdefault(m.summit_id, []).append(m)
    for summit in summits:
        out.append(SourceChoice("summit", summit.id, t("Summit {number}").format(number=to_roman(summit.number))
                                + (f" – {summit.city}" if summit.city else "")))
        for m in by_cycle.pop(summit.id, []):
            out.append(SourceChoice("meeting", m.id, "    " + _meeting_label(t, m)))
    for rest in by_cycle.values():
        for m in rest:
            prefix = to_roman(m.cycle) + " · " if m.cycle else ""
            out.append(SourceChoice("meeting", m.id, prefix + _meeting_label(t, m)))
    return out


def list_rows(db: Database, lang: str, *, today: dt.date | None = None, addressee: str | None = None,
              ids: Sequence[int] | None = None) -> list[MandateRow]:
    """One MandateRow per mandate (the text filter's folded texts come from ``SearchTexts``).

    In a mandate's code order (read.rules: newest summit first, then document, then point as people read
    them), each row's place in it kept as ``code_order``. ``addressee`` ("body:3") keeps the mandates
    addressed to it. Read with the driver's cursor: on 20,000 mandates the ORM's row processing alone
    would cost more than the query.
    """
    today = today or dt.date.today()
    where, params = [], []
    if addressee:
        kind, _sep, number = addressee.partition(":")
        link = {"area": ("mandate_areas", "area_id"), "body": ("mandate_bodies", "body_id"),
                "country": ("mandate_countries", "country_id")}.get(kind)
        if link is None or not number.isdigit():
            return []
        where.append(f"EXISTS (SELECT 1 FROM {link[0]} l WHERE l.mandate_id = m.id AND l.{link[1]} = ?)")
        params.append(int(number))
    if ids is not None:
        ids = [int(i) for i in ids]
        where.append(f"m.id IN ({','.join('?' * len(ids))})" if ids else "1 = 0")
        params += ids
    overdue_sql, overdue_params = rules.overdue_sql(today, "m.status", "m.due_date")
    params = [*overdue_params, *params]
    with db.session() as s:
        sql = ("SELECT m.id, m.code, m.title, m.document_id, m.area_id, m.due_date, m.status, m.priority, "
               f"m.recurrence, {overdue_sql}, m.review_date, m.point "
               "FROM mandates m" + (" WHERE " + " AND ".join(where) if where else ""))
        docs = document_labels(s, lang)
        areas = dict(s.execute(select(Area.id, Area.name)).all())
        raw = dbmod.plain(s.connection()).execute(sql, params).fetchall()
    # A mandate's code order (read.rules), which SQL cannot give: sorted here, one key a row (200,000 rows:
    # about 70 ms, 30 ms more than the SQL ORDER BY it replaced, measured beside it: 635 -> 663 ms in all).
    places = places_of({doc_id: label.sort for doc_id, label in docs.items()})
    raw.sort(key=rules.code_order_key(places, itemgetter(3), itemgetter(11), itemgetter(0)))
    info = {doc_id: (d.short, d.summit_id, d.meeting_id, d.kind) for doc_id, d in docs.items()}
    missing = ("", None, None, None)
    statuses = {m.value: m for m in MandateStatus}
    priorities = {m.value: m for m in Priority}
    recurrences = {m.value: m for m in Recurrence}
    days = {None: None}
    for due in set(map(itemgetter(5), raw)).union(map(itemgetter(10), raw)):  # C loops: 200,000 rows
        if due is not None:
            days[due] = due if isinstance(due, dt.date) else dt.date.fromisoformat(due)  # a server's is a date
    get_info, get_area = info.get, areas.get
    new = tuple.__new__  # a named row without NamedTuple's keyword handling: 20,000 rows, 15 ms less
    return [new(MandateRow, (mid, code, title, (d := get_info(doc_id, missing))[0], get_area(area_id, ""),
                             days[due], statuses[status], priorities[priority], overdue == 1, d[1], d[2], d[3],
                             area_id, recurrences[recurrence], days[review], place))
            for place, (mid, code, title, doc_id, area_id, due, status, priority, recurrence, overdue, review, _point)
            in enumerate(raw)]


class SearchTexts:
    """What the mandates list's text filter searches: each mandate's code, title and text, folded.

    Reading and folding 20,000 texts takes about as long as the list's own query, so the list shows its
    rows first and asks for these next, in the background. The folded texts are kept for the next load,
    which folds only what changed.
    """

    def __init__(self, db: Database):
        self.db = db
        self._cache: dict[int, tuple[str, str]] = {}  # id -> (search text, folded)

    def fold(self, rows: Iterable[MandateRow]) -> dict[int, str]:
        """mandate id -> its folded code, title and text, in the order of ``rows``."""
        with self.db.session() as s:
            texts = dict(dbmod.plain(s.connection()).execute("SELECT id, text FROM mandates").fetchall())
        cache = self._cache
        out = {}
        with collector.paused():  # 200,000 entries made at once
            for row in rows:
                raw = f"{row.code} {row.title} {texts.get(row.id, '')}"
                known = cache.get(row.id)
                if known is not None and known[0] == raw:
                    out[row.id] = known[1]
                else:
                    folded = fold(raw)
                    cache[row.id] = (raw, folded)
                    out[row.id] = folded
        return out
