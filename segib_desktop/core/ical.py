"""The summits, meetings and deadlines as an iCalendar file (RFC 5545) for Outlook, Thunderbird and others.

Written with the ``icalendar`` package, which folds lines at 75 octets, ends them with CRLF and escapes
commas, semicolons and line breaks. Each event's UID is its record's UUID (``<uuid>@segib-desktop``, a
prefix telling a mandate's due date and an action item's deadline apart), so that importing a newer
file updates the events instead of duplicating them; SEQUENCE is the record's edit version (it grows
with every saved change) and LAST-MODIFIED and DTSTAMP the time of its latest change in the audit trail
(the export's time for a record never changed since the reference data was loaded).

Summits and meetings are all-day events (the database keeps their days, not hours): DTSTART;VALUE=DATE
on the first day, DTEND the day after the last (the end is exclusive). Mandate due dates and action-item
deadlines are one-day events, of mandates with a deadline only (``read.rules.DEADLINE_STATUSES``: a fulfilled
mandate is no longer a deadline, and an ongoing one, "Permanente", never falls due) and open action items. Titles are
in the language asked for, with the program's own names ("XXX Cumbre Iberoamericana", "IV Reunión de
Coordinadores Nacionales": core/services/cycle.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from segib_desktop import __version__, errors
from segib_desktop.core.db import Database
from segib_desktop.i18n import N_, Translator, active, plural

PRODID = f"-//SEGIB//SEGIB Desktop {__version__}//ES"
UID_DOMAIN = "segib-desktop"
SUMMARY_LENGTH = 120  # characters of an action item's description in the event's title

CALENDAR_NAME = N_("SEGIB: summits, meetings and deadlines")
CYCLE_OF = N_("Cycle of the {summit}")
THEME = N_("Theme: {theme}")
STATUS_LINE = N_("Status: {status}")
SPT = N_("Pro tempore secretariat: {country}")
MANDATE_DUE = N_("Due: {code} {title}")
ACTION_DUE = N_("Deadline: {description}")
MANDATE_DETAILS = N_("Mandate {code}, {status}. Responsible area: {area}. Officer: {officer}.")
ACTION_DETAILS = N_("Action item of “{activity}” ({date}), {bodies}. Owner: {owner}.")
EXPORTED = N_("1 event written to {path}.")
EXPORTED_MANY = N_("{n} events written to {path}.")
RANGE_REVERSED = N_("The first day ({first}) is after the last day ({last}).")


class CalendarNotWritten(errors.SegibError):
    message = N_("The calendar could not be written to {path}: {reason}.")


@dataclass(frozen=True)
class Options:
    first: dt.date | None = None  # events ending before it are left out
    last: dt.date | None = None  # events starting after it are left out
    deadlines: bool = False  # the due dates of mandates with a deadline and open action items' deadlines too
    lang: str = "es"


def range_problem(first: dt.date | None, last: dt.date | None, t: Translator | None = None) -> str | None:
    """The sentence to say when the days asked for are the wrong way round, or None."""
    if first and last and first > last:
        t = t or active()
        return t(RANGE_REVERSED).format(first=t.format_date(first), last=t.format_date(last))
    return None


def _overlaps(start: dt.date, end: dt.date, options: Options) -> bool:
    return (options.first is None or end >= options.first) and (options.last is None or start <= options.last)


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _last_changes(s, uids: list[str]) -> dict[str, dt.datetime]:
    """record uid -> the UTC time of its latest audit entry."""
    from sqlalchemy import func, select

    from segib_desktop.core.models import AuditEntry

    out: dict[str, dt.datetime] = {}
    for chunk in _chunks(uids):
        out.update(s.execute(select(AuditEntry.record_uid, func.max(AuditEntry.at))
                             .where(AuditEntry.record_uid.in_(chunk)).group_by(AuditEntry.record_uid)).all())
    return out


def _place(city: str, country: str) -> str:
    return ", ".join(part for part in (city.strip(), country.strip()) if part)


def build(db: Database, options: Options, *, now: dt.datetime | None = None):
    """The calendar as an ``icalendar.Calendar``; ``now`` (UTC) stamps records with no change recorded."""
    import icalendar
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from segib_desktop.core.meeting_names import meeting_name, summit_name
    from segib_desktop.core.models import (
        ActionItem,
        ActionStatus,
        Activity,
        Area,
        Body,
        Country,
        Mandate,
        Meeting,
        Summit,
        SummitStatus,
    )
    from segib_desktop.core.models.coordination import activity_bodies
    from segib_desktop.core.read import expr, rules

    t = Translator(options.lang)
    now = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=dt.UTC, microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t(CALENDAR_NAME))
    events: list[tuple[tuple, icalendar.Event]] = []

    def event(uid: str, kind: str, version: int, start: dt.date, end: dt.date, summary: str, *,
              location: str = "", description: str = "", tentative: bool = False) -> None:
        e = icalendar.Event()
        e.add("uid", f"{kind}-{uid}@{UID_DOMAIN}" if kind else f"{uid}@{UID_DOMAIN}")
        changed = stamps.get(uid)
        stamp = changed.replace(tzinfo=dt.UTC, microsecond=0) if changed else now
        e.add("dtstamp", stamp)
        if changed:
            e.add("last-modified", stamp)
        e.add("sequence", max(int(version or 1) - 1, 0))
        e.add("dtstart", start)
        e.add("dtend", end + dt.timedelta(days=1))  # exclusive: the day after the last
        e.add("summary", summary)
        if location:
            e.add("location", location)
        if description:
            e.add("description", description)
        e.add("transp", "TRANSPARENT" if kind else "OPAQUE")  # a deadline does not make one busy
        e.add("status", "TENTATIVE" if tentative else "CONFIRMED")
        events.append(((start, summary), e))

    with db.session() as s:
        names = dict(s.execute(select(Country.id, expr.localised(options.lang, Country))).all())
        summits = s.execute(select(Summit.id, Summit.uid, Summit.version, Summit.number, Summit.start_date,
                                   Summit.end_date, Summit.city, Summit.host_country_id, Summit.theme_es,
                                   Summit.theme_pt, Summit.status, Summit.spt_country_id)).all()
        cycles = {r.id: r for r in summits}
        meetings = s.execute(select(Meeting.id, Meeting.uid, Meeting.version, Meeting.kind, Meeting.number,
                                    Meeting.extraordinary, Meeting.sector, Meeting.start_date, Meeting.end_date,
                                    Meeting.city, Meeting.country_id, Meeting.summit_id, Meeting.status)
                             .where(Meeting.start_date.is_not(None))).all()
        mandates, actions, bodies = [], [], {}
        if options.deadlines:
            query = (select(Mandate.uid, Mandate.version, Mandate.code, Mandate.title, Mandate.due_date,
                            Mandate.status, Mandate.officer, Area.name.label("area"))
                     .outerjoin(Area, Mandate.area_id == Area.id)
                     .where(Mandate.due_date.is_not(None), expr.has_deadline()))
            if options.first:
                query = query.where(Mandate.due_date >= options.first)
            if options.last:
                query = query.where(Mandate.due_date <= options.last)
            mandates = s.execute(query).all()
            query = (select(ActionItem.uid, ActionItem.version, ActionItem.description, ActionItem.owner,
                            ActionItem.due_date, ActionItem.activity_id, Activity.subject, Activity.date)
                     .join(Activity, ActionItem.activity_id == Activity.id)
                     .where(ActionItem.due_date.is_not(None), ActionItem.status == ActionStatus.OPEN))
            if options.first:
                query = query.where(ActionItem.due_date >= options.first)
            if options.last:
                query = query.where(ActionItem.due_date <= options.last)
            actions = s.execute(query).all()
            body = aliased(Body)
            for activity_id, acronym in s.execute(
                    select(activity_bodies.c.activity_id, body.acronym)
                    .join(body, body.id == activity_bodies.c.body_id).order_by(body.acronym)):
                bodies.setdefault(activity_id, []).append(acronym)
        uids = [r.uid for r in summits] + [r.uid for r in meetings] + [r.uid for r in mandates] + [
            r.uid for r in actions]
        stamps = _last_changes(s, uids)

    def cycle_line(summit_id: int | None) -> str:
        summit = cycles.get(summit_id)
        if summit is None:
            return ""
        label = summit_name(summit.number, t)
        where = " ".join(str(p) for p in (summit.city, summit.start_date.year if summit.start_date else "") if p)
        return t(CYCLE_OF).format(summit=label + (f" ({where})" if where else ""))

    for r in summits:
        if r.start_date is None:
            continue
        end = r.end_date or r.start_date
        if not _overlaps(r.start_date, end, options):
            continue
        theme = rules.localised(options.lang, r, "theme", rules.NO_ENGLISH)
        lines = [t(THEME).format(theme=theme) if theme else "",
                 t(SPT).format(country=names[r.spt_country_id]) if r.spt_country_id in names else "",
                 t(STATUS_LINE).format(status=t(r.status.label))]
        event(r.uid, "", r.version, r.start_date, end, summit_name(r.number, t),
              location=_place(r.city, names.get(r.host_country_id, "")),
              description="\n".join(line for line in lines if line),
              tentative=r.status is SummitStatus.POSTPONED)
    for r in meetings:
        end = r.end_date or r.start_date
        if not _overlaps(r.start_date, end, options):
            continue
        lines = [cycle_line(r.summit_id), t(STATUS_LINE).format(status=t(r.status.label))]
        event(r.uid, "", r.version, r.start_date, end,
              meeting_name(r.kind, r.number, r.extraordinary, r.sector, t),
              location=_place(r.city, names.get(r.country_id, "")),
              description="\n".join(line for line in lines if line),
              tentative=r.status is SummitStatus.POSTPONED)
    for r in mandates:
        details = t(MANDATE_DETAILS).format(code=r.code, status=t(r.status.label), area=r.area or "—",
                                            officer=r.officer or "—")
        event(r.uid, "due", r.version, r.due_date, r.due_date,
              t(MANDATE_DUE).format(code=r.code, title=r.title).strip(), description=f"{r.title}\n{details}")
    for r in actions:
        first_line = (r.description or "").strip().splitlines()[0] if (r.description or "").strip() else ""
        if len(first_line) > SUMMARY_LENGTH:
            first_line = first_line[:SUMMARY_LENGTH - 1].rstrip() + "…"
        details = t(ACTION_DETAILS).format(activity=r.subject, date=t.format_date(r.date),
                                           bodies=", ".join(bodies.get(r.activity_id, [])) or "—",
                                           owner=r.owner or "—")
        event(r.uid, "deadline", r.version, r.due_date, r.due_date, t(ACTION_DUE).format(description=first_line),
              description=f"{r.description}\n{details}")

    for _key, e in sorted(events, key=lambda pair: (pair[0][0], pair[0][1])):
        cal.add_component(e)
    return cal


def export(db: Database, path: Path | str, options: Options, *, now: dt.datetime | None = None) -> int:
    """Writes the calendar to ``path`` (replacing it whole, never half-written); returns its events."""
    import os
    import tempfile

    if range_problem(options.first, options.last):
        raise errors.SegibError(RANGE_REVERSED, first=active().format_date(options.first),
                                last=active().format_date(options.last))
    cal = build(db, options, now=now)
    data = cal.to_ical()
    path = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=".segib-", suffix=".ics", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CalendarNotWritten(path=str(path), reason=errors.os_reason(exc)) from exc
    return len(cal.walk("VEVENT"))


def exported_message(count: int, path: Path | str, translator: Translator | None = None) -> str:
    return plural(count, EXPORTED, EXPORTED_MANY, translator, path=path)


def suggested_name(today: dt.date | None = None) -> str:
    return f"segib-calendario-{(today or dt.date.today()).isoformat()}.ics"
