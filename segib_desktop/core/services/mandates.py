"""Mandates' writes: the form, the progress log, bulk changes and pasted documents.

The mandate's status follows its progress log: the status of the latest entry
(by date, then by order of entry) that changed it. Entries are never edited or
deleted one by one: a correction is a new entry. Every status change made
elsewhere (the form, a bulk change) writes its own entry, so nothing changes
silently.

Kept whole: the write services of one domain (a mandate, its progress log, SEGIB's areas) and the
reads they make inside their own write transactions (validation, the code's clash check, the code's
prefix from ``read.mandates.document_labels``). The screens read the list, a mandate's log, the
documents, areas and addressees through ``core.read.mandates``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, func, literal, select, union_all
from sqlalchemy.orm import Session, selectinload

from segib_desktop import errors
from segib_desktop.core import mandate_dates
from segib_desktop.core.models import (
    Area,
    Body,
    Country,
    Document,
    Mandate,
    MandateProgress,
    MandateStatus,
    Milestone,
    Priority,
    Recurrence,
    Setting,
)
from segib_desktop.core.models.coordination import activity_mandates
from segib_desktop.core.models.mandates import mandate_areas, mandate_bodies, mandate_countries
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.read import rules
from segib_desktop.core.read.mandates import (
    AREA_CHANGED,
    STATUS_FROM_FORM,
    MandateRow,
    addressee_key,
    progress_params,
)
from segib_desktop.core.rules import TOO_LONG
from segib_desktop.core.services.base import REQUIRED, CrudService, check_required, chosen_records
from segib_desktop.core.services.settings import name_key
from segib_desktop.i18n import N_, active, plural

# --- messages
NOT_A_DATE = N_("Enter a date (day/month/year).")
CODE_TAKEN = N_("Another mandate already has the code {code}.")
UNKNOWN_DOCUMENT = N_("Choose the document the mandate comes from.")
FUTURE_ENTRY = N_("The date cannot be later than today.")
EMPTY_ENTRY = N_("Write what was done, or choose a new status.")
ENTRIES_ARE_FINAL = N_("A progress entry cannot be changed or deleted; add a new entry to correct it.")
NAME_TAKEN = N_("There is already an area called {name}.")
NOTHING_TO_SAVE = N_("There are no points to save: tick at least one.")
POINT_PROBLEM = N_("Point {label}: {problem}")

OPEN_STATUSES = rules.OPEN_STATUSES
SLICE = 500  # mandates a bulk change loads, writes and reports at a time
Progress = Callable[[int, int], None]  # (done, total)
is_overdue = rules.is_overdue


def build_code(prefix: str, point: str) -> str:
    point = (point or "").strip()
    return f"{prefix}-{point}" if prefix and point else prefix or point




def _as_addressees(keys: Iterable[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {"area": [], "body": [], "country": []}
    for key in keys or ():
        kind, _sep, number = str(key).partition(":")
        if kind in out and number.isdigit():
            out[kind].append(int(number))
    return out


@dataclass
class NewMandates:
    """What validating many new mandates at once (a spreadsheet's rows) reads once instead of for each one:
    the documents' code prefixes and the codes already taken (those the rows repeat among themselves are
    their caller's to find)."""

    prefixes: dict[int, str]  # document id -> its code prefix
    codes: set[str]

    @classmethod
    def read(cls, session: Session) -> NewMandates:
        return cls({i: label.prefix for i, label in read_mandates.document_labels(session, "en").items()},
                   set(session.scalars(select(Mandate.code).where(Mandate.code.is_not(None)))))


class MandateService(CrudService):
    model = Mandate
    fields = ("document_id", "point", "code", "title", "text", "area_id", "officer", "due_date", "review_date",
              "recurrence", "priority", "status", "tags")
    cascade_on_confirm = True
    LIMITS = {"point": 30, "code": 60, "title": 300, "officer": 150, "tags": 300}

    def __init__(self, db, *, today: dt.date | None = None):
        super().__init__(db)
        self.today = today  # the date of the log entries this service writes (None: the real date)

    # --- one mandate
    def extra_values(self, session: Session, obj: Mandate) -> dict[str, Any]:
        """Its addressees' keys (areas, bodies, countries), from one query on the link tables: loading the
        three relationships' records cost as much as the rest of the form's reading."""
        links = [select(literal(kind).label("kind"), table.c[column].label("id"))
                 .where(table.c.mandate_id == obj.id)
                 for kind, table, column in (("area", mandate_areas, "area_id"), ("body", mandate_bodies, "body_id"),
                                             ("country", mandate_countries, "country_id"))]
        rows = session.execute(union_all(*links)).all()
        order = {"area": 0, "body": 1, "country": 2}
        return {"addressees": [addressee_key(r.kind, r.id) for r in sorted(rows, key=lambda r: (order[r.kind], r.id))]}

    def validate(self, session: Session, record_id: int | None, values: dict, *,
                 new: NewMandates | None = None) -> dict:
        """The problems of ``values``; ``new`` (a new mandate's, ``record_id`` None): the documents and codes,
        read once for many (five queries a mandate, seconds for a spreadsheet of thousands)."""
        problems: dict = check_required(values, "document_id", "title")
        document_id = values.get("document_id")
        if document_id not in (None, "") and (
                document_id not in new.prefixes if new else session.get(Document, document_id) is None):
            problems["document_id"] = UNKNOWN_DOCUMENT
        due = values.get("due_date")
        if due is not None and not isinstance(due, dt.date):
            problems["due_date"] = NOT_A_DATE
        for key, limit in self.LIMITS.items():
            value = values.get(key)
            if isinstance(value, str) and len(value.strip()) > limit:
                problems.setdefault(key, (TOO_LONG, {"n": limit}))
        code = (values.get("code") or "").strip()
        if not code and "document_id" not in problems and document_id:
            prefix = new.prefixes[document_id] if new else read_mandates.document_labels(session, "en")[document_id].prefix
            code = build_code(prefix, values.get("point", ""))
        if code and "code" not in problems:
            clash = (code in new.codes if new else
                     session.scalar(select(Mandate.id).where(Mandate.code == code, Mandate.id != (record_id or -1))))
            if clash:
                problems["code"] = (CODE_TAKEN, {"code": code})
        return problems

    def save(self, record_id: int | None, values: dict, *, overwrite: bool = False) -> int:
        """As CrudService.save; overwriting a changed mandate keeps its stored status, which its
        progress log decided (a stale form's status would undo an entry added meanwhile), and a due
        date that a delivered report moved on (a stale form's earlier date would move it back)."""
        if overwrite and record_id is not None:
            values = {k: v for k, v in values.items() if k != "status"}
            with self.db.session() as s:  # nor the due date a delivered report moved on
                stored, delivered = s.execute(
                    select(Mandate.due_date, exists().where(MandateProgress.mandate_id == Mandate.id,
                                                            MandateProgress.delivered))
                    .where(Mandate.id == record_id)).one_or_none() or (None, False)
            due = values.get("due_date")
            if delivered and stored is not None and isinstance(due, dt.date) and due < stored:
                values["due_date"] = stored
        return super().save(record_id, values, overwrite=overwrite)

    def apply(self, session: Session, obj: Mandate, values: dict) -> None:
        with session.no_autoflush:  # the new record is complete only at the end
            self._apply(session, obj, values)

    def _apply(self, session: Session, obj: Mandate, values: dict) -> None:
        old_status = obj.status
        creating = obj.id is None
        values = dict(values)
        for key, default in (("recurrence", Recurrence.ONE_OFF), ("priority", Priority.MEDIUM),
                             ("status", MandateStatus.NOT_STARTED)):
            if key in values and values[key] is None:
                values[key] = default
        super().apply(session, obj, values)
        if isinstance(values.get("text"), str):
            obj.text = values["text"]  # the verbatim text, not even its ends trimmed
        if not (obj.code or "").strip():
            obj.code = build_code(read_mandates.document_labels(session, "en")[obj.document_id].prefix, obj.point)
        if "addressees" in values:
            chosen = _as_addressees(values["addressees"])
            obj.addressee_areas = chosen_records(session, Area, chosen["area"], "addressees")
            obj.addressee_bodies = chosen_records(session, Body, chosen["body"], "addressees")
            obj.addressee_countries = chosen_records(session, Country, chosen["country"], "addressees")
        if not creating and obj.status != old_status:
            # Nothing changes silently: the change goes to the log like any other.
            session.add(MandateProgress(mandate_id=obj.id, entry_date=self.today or dt.date.today(),
                                        author=_author(session, self.db),
                                        text="", code=STATUS_FROM_FORM, new_status=obj.status))

    def dependents(self, session: Session, obj: Mandate) -> list[str]:
        found = []
        entries = session.scalar(select(func.count()).where(MandateProgress.mandate_id == obj.id))
        activities = session.scalar(select(func.count()).select_from(activity_mandates)
                                    .where(activity_mandates.c.mandate_id == obj.id))
        milestones = session.scalar(select(func.count()).where(Milestone.mandate_id == obj.id))
        if entries:
            found.append(plural(entries, N_("1 entry of its progress log"), N_("{n} entries of its progress log")))
        if activities:
            found.append(plural(activities, N_("its link to 1 coordination activity"),
                                N_("its links to {n} coordination activities")))
        if milestones:
            found.append(plural(milestones, N_("its link to 1 IberBLH milestone"),
                                N_("its links to {n} IberBLH milestones")))
        return found

    def delete_dependents(self, session: Session, obj: Mandate) -> None:
        session.execute(delete(MandateProgress).where(MandateProgress.mandate_id == obj.id))
        session.execute(delete(activity_mandates).where(activity_mandates.c.mandate_id == obj.id))
        for milestone in session.scalars(select(Milestone).where(Milestone.mandate_id == obj.id)):
            milestone.mandate_id = None

    # --- changes to many at once
    def bulk_set_status(self, ids: Sequence[int], status: MandateStatus, *, text: str = "",
                        today: dt.date | None = None, progress: Progress | None = None) -> int:
        """Sets the status of every mandate in ``ids`` through a log entry each; returns how many changed.
        One transaction; ``progress(done, total)`` is told after each slice (an exception it raises, such
        as a cancel, writes nothing)."""
        today = today or self.today or dt.date.today()
        note = text.strip()
        changed = 0
        with self.db.session(write=True) as s:
            author = _author(s, self.db)
            for mandates in _slices(s, ids, progress):
                # only the mandates given an entry follow their log: one left alone keeps its status, even
                # where its log says another (an exchange file's row wins over its merged log)
                given = [m for m in mandates if m.status != status or note]
                s.add_all(MandateProgress(mandate_id=m.id, entry_date=today, author=author, text=note,
                                          new_status=status) for m in given)
                s.flush()  # once a slice: the entries, then their mandates follow the log in one query
                changed += _follow_logs(s, given)
        return changed

    def bulk_set_area(self, ids: Sequence[int], area_id: int | None, *, text: str = "",
                      today: dt.date | None = None, progress: Progress | None = None) -> int:
        """Sets the responsible area of every mandate in ``ids``, each change written to its log; as
        ``bulk_set_status`` (one transaction, ``progress``)."""
        today = today or self.today or dt.date.today()
        changed = 0
        with self.db.session(write=True) as s:
            author = _author(s, self.db)
            names = dict(s.execute(select(Area.id, Area.name)).all())
            if area_id is not None and area_id not in names:
                raise errors.NotFound()
            for mandates in _slices(s, ids, progress):
                for mandate in mandates:
                    if mandate.area_id == area_id:
                        continue
                    s.add(MandateProgress(mandate_id=mandate.id, entry_date=today, author=author, text=text.strip(),
                                          code=AREA_CHANGED, params=progress_params(
                                              {"old": names.get(mandate.area_id, ""), "new": names.get(area_id, "")})))
                    mandate.area_id = area_id
                    changed += 1
                s.flush()
        return changed

    # --- a whole document at once
    def create_many(self, document_id: int, points: Sequence[dict], common: dict | None = None, *,
                    progress: Callable[[int, int], None] | None = None) -> list[int]:
        """Creates one mandate per point (dicts with point, code, title, text, and any other of the form's
        fields: a spreadsheet's due date or status) in one transaction.

        ``common`` holds what every new mandate shares (area_id, due_date, priority, addressees...).
        ``progress(done, total)`` is told after each one (an exception it raises writes nothing).
        Raises ValidationError (nothing written) naming the first point at fault.
        """
        common = dict(common or {})
        if not points:
            raise errors.ValidationError({"points": NOTHING_TO_SAVE})
        ids = []
        with self.db.session(write=True) as s:
            if session_document := s.get(Document, document_id):
                prefix = read_mandates.document_labels(s, "en")[session_document.id].prefix
            else:
                raise errors.ValidationError({"document_id": UNKNOWN_DOCUMENT})
            seen: set[str] = set()
            new = NewMandates.read(s)
            for point in points:
                values = common | {k: v for k, v in point.items() if k in self.fields} | {
                    "document_id": document_id, "point": point.get("point", ""),
                                   "title": point.get("title", ""), "text": point.get("text", "")}
                values["code"] = (point.get("code") or "").strip() or build_code(prefix, values["point"])
                problems = self.validate(s, None, values, new=new)
                if not problems and values["code"] in seen:
                    problems = {"code": (CODE_TAKEN, {"code": values["code"]})}
                if problems:
                    label = values["point"] or values["title"][:30]
                    field, message = next(iter(problems.items()))
                    msgid, params = message if isinstance(message, tuple) else (message, {})
                    raise errors.ValidationError({
                        "points": (POINT_PROBLEM, {"label": label, "problem": active().gettext(msgid).format(**params)}),
                        f"point:{label}:{field}": message})
                seen.add(values["code"])
                mandate = Mandate()
                s.add(mandate)
                self.apply(s, mandate, values)
                s.flush()
                ids.append(mandate.id)
                if progress is not None:
                    progress(len(ids), len(points))
        return ids



def _author(session: Session, db) -> str:
    """Who signs a progress entry: the name this officer gave (``settings.name_key``, read in this
    transaction), or the database's user."""
    setting = session.get(Setting, name_key(db))
    return (setting.value if setting is not None and setting.value else db.user) or ""


def _follow_log(session: Session, mandate: Mandate) -> int:
    """Sets the mandate's status to that of its latest status change; 1 if it changed."""
    latest = session.scalar(select(MandateProgress.new_status)
                            .where(MandateProgress.mandate_id == mandate.id, MandateProgress.new_status.is_not(None))
                            .order_by(MandateProgress.entry_date.desc(), MandateProgress.id.desc()).limit(1))
    if latest is not None and latest != mandate.status:
        mandate.status = latest
        return 1
    return 0


def _slices(session: Session, ids: Sequence[int], progress: Progress | None) -> Iterator[list[Mandate]]:
    """The mandates of ``ids``, loaded a slice at a time (SQLite's limit on bound parameters, and a
    progress report between slices: ``progress(done, total)`` after each one). Their addressees too: the
    audit trail reads the links of every mandate changed, otherwise three queries a mandate."""
    ids = list(dict.fromkeys(ids))
    links = [selectinload(link) for link in (Mandate.addressee_areas, Mandate.addressee_bodies,
                                             Mandate.addressee_countries)]
    for start in range(0, len(ids), SLICE):
        yield list(session.scalars(select(Mandate).where(Mandate.id.in_(ids[start:start + SLICE])).options(*links)))
        if progress is not None:
            progress(min(start + SLICE, len(ids)), len(ids))


def _follow_logs(session: Session, mandates: list[Mandate]) -> int:
    """``_follow_log`` for many mandates (their entries flushed), in one query; how many changed."""
    ranked = (select(MandateProgress.mandate_id, MandateProgress.new_status,
                     func.row_number().over(partition_by=MandateProgress.mandate_id,
                                            order_by=(MandateProgress.entry_date.desc(),
                                                      MandateProgress.id.desc())).label("rank"))
              .where(MandateProgress.mandate_id.in_([m.id for m in mandates]),
                     MandateProgress.new_status.is_not(None))
              .subquery())
    latest = dict(session.execute(select(ranked.c.mandate_id, ranked.c.new_status).where(ranked.c.rank == 1)).all())
    changed = 0
    for mandate in mandates:
        status = latest.get(mandate.id)
        if status is not None and status != mandate.status:
            mandate.status = status
            changed += 1
    return changed


class ProgressService(CrudService):
    """Adds entries to a mandate's log. Entries are final: no update, no delete."""

    model = MandateProgress
    fields = ("entry_date", "text", "new_status", "evidence", "delivered")

    def __init__(self, db, mandate_id: int | None = None, *, today: dt.date | None = None):
        super().__init__(db)
        self.mandate_id = mandate_id
        self.today = today
        # The mandate's version before and after the last entry's write ({id: (before, after)}): an open form
        # of it may take the new version only if it showed the one before (MandateForm._status_from_log).
        self.moved: dict[int, tuple[int, int]] = {}

    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        if record_id is not None:
            raise errors.SegibError(ENTRIES_ARE_FINAL)
        problems: dict = {}
        day = values.get("entry_date")
        if day is None:
            problems["entry_date"] = REQUIRED
        elif not isinstance(day, dt.date):
            problems["entry_date"] = NOT_A_DATE
        elif day > (self.today or dt.date.today()):
            problems["entry_date"] = FUTURE_ENTRY
        if not (values.get("text") or "").strip() and values.get("new_status") is None and not values.get("delivered"):
            problems["text"] = EMPTY_ENTRY
        mandate_id = values.get("mandate_id", self.mandate_id)
        if mandate_id is None or session.get(Mandate, mandate_id) is None:
            raise errors.NotFound()
        return problems

    def apply(self, session: Session, obj: MandateProgress, values: dict) -> None:
        with session.no_autoflush:
            author = _author(session, self.db)
        obj.author = author
        obj.mandate_id = values.get("mandate_id", self.mandate_id)
        obj.entry_date = values["entry_date"]
        obj.text = (values.get("text") or "").strip("\n")  # the officer's text, as written
        obj.new_status = values.get("new_status")
        obj.evidence = (values.get("evidence") or "").strip()
        obj.delivered = bool(values.get("delivered"))
        session.flush()
        mandate = session.get(Mandate, obj.mandate_id)
        before = mandate.version
        _follow_log(session, mandate)
        if obj.delivered:
            mandate.due_date = mandate_dates.next_due_date(mandate.recurrence, mandate.due_date, obj.entry_date)
        session.flush()
        self.moved = {mandate.id: (before, mandate.version)}

    def delete(self, record_id: int, *, force: bool = False) -> None:
        raise errors.SegibError(ENTRIES_ARE_FINAL)


class AreaService(CrudService):
    """SEGIB's areas, edited in the settings; one in use cannot be deleted."""

    model = Area
    fields = ("name",)


    def validate(self, session: Session, record_id: int | None, values: dict) -> dict:
        problems: dict = check_required(values, "name")
        name = (values.get("name") or "").strip()
        if len(name) > 150:
            problems["name"] = (TOO_LONG, {"n": 150})
        elif name:
            clash = session.scalar(select(Area.id).where(func.lower(Area.name) == name.lower(),
                                                         Area.id != (record_id or -1)))
            if clash:
                problems["name"] = (NAME_TAKEN, {"name": name})
        return problems

    def dependents(self, session: Session, obj: Area) -> list[str]:
        responsible = session.scalar(select(func.count()).where(Mandate.area_id == obj.id))
        addressed = session.scalar(select(func.count()).select_from(mandate_areas)
                                   .where(mandate_areas.c.area_id == obj.id))
        found = []
        if responsible:
            found.append(plural(responsible, N_("1 mandate it is responsible for"),
                                N_("{n} mandates it is responsible for")))
        if addressed:
            found.append(plural(addressed, N_("1 mandate addressed to it"), N_("{n} mandates addressed to it")))
        return found


def status_counts(rows: Iterable[MandateRow]) -> Counter:
    return Counter(row.status for row in rows)

