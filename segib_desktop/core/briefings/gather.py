"""Everything a briefing shows, read in one transaction into one immutable value (see ``value``).

The only briefing module that reads the database: it calls ``data``'s read
functions and freezes what they return (tuples, not lists). Rendering never
queries; a renderer gets the value and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from segib_desktop.core import meeting_names
from segib_desktop.core.briefings import UnknownSubject
from segib_desktop.core.briefings import data as d
from segib_desktop.core.briefings import value as v
from segib_desktop.core.enums import Indicator, MandateStatus
from segib_desktop.core.read import rules
from segib_desktop.i18n import Translator

Step = Callable[[], None]


def _nothing() -> None:
    pass


def gather(db, kind: str, subject: str, lang: str, sections: tuple[str, ...], *, today: dt.date, user: str,
           step: Step = _nothing) -> v.Briefing:
    """Reads a briefing's value in one read transaction. Raises UnknownSubject (one sentence) for a summit,
    country or body not in the database."""
    from segib_desktop.core import briefings as b

    subject = str(subject).strip()
    with db.session() as s:
        g = _Gatherer(s, lang, today, user, sections, step)
        if kind == "summit":
            if not subject.isdigit():
                raise UnknownSubject(b.BAD_NUMBER, subject=subject)
            info = d.summit_by_number(s, lang, int(subject))
            if info is None:
                raise UnknownSubject(b.NO_SUMMIT, subject=subject)
            return g.summit(info)
        if kind == "country":
            info = d.country_info(s, lang, subject) if len(subject) == 2 else None
            if info is None:
                raise UnknownSubject(b.NO_COUNTRY, subject=subject)
            return g.country(info)
        info = d.body_info(s, lang, subject)
        if info is None:
            raise UnknownSubject(b.NO_BODY, subject=subject)
        return g.body(info)


def _listed(listing: d.Listing) -> v.Listed:
    return v.Listed(tuple(listing.rows), listing.total)


def _counts(counts: dict[MandateStatus, int]) -> tuple[tuple[MandateStatus, int], ...]:
    return tuple((status, counts.get(status, 0)) for status in MandateStatus)


def _annex_rows(*sets: v.Listed) -> list[d.MandateRow]:
    """The open mandates among those listed, once each, by due date."""
    seen: dict[int, d.MandateRow] = {}
    for listing in sets:
        for r in listing.rows:
            if r.status.is_open:
                seen.setdefault(r.id, r)
    return sorted(seen.values(), key=d.by_due)


class _Gatherer:
    def __init__(self, s, lang: str, today: dt.date, user: str, sections: tuple[str, ...], step: Step):
        self.s, self.lang, self.today, self.user, self.sections, self.step = s, lang, today, user, sections, step
        self.t = Translator(lang)

    # --- names, in the briefing's language
    def ref(self, info: d.SummitInfo | None) -> v.SummitRef | None:
        if info is None:
            return None
        return v.SummitRef(info.number, meeting_names.summit_name(info.number, self.t), info.city, info.start, info.end,
                           rules.summit_phase(info.start, info.end, info.status, self.today))

    def number_ref(self, number: int, city: str = "", start: dt.date | None = None, end: dt.date | None = None
                   ) -> v.SummitRef:
        return v.SummitRef(number, meeting_names.summit_name(number, self.t), city, start, end)

    def meetings(self, rows: Iterable[d.MeetingRow]) -> tuple[v.Meeting, ...]:
        return tuple(v.Meeting(m.start, m.end, meeting_names.meeting_name(m.kind, m.number, m.extraordinary, m.sector, self.t),
                               m.city, m.country, m.status,
                               rules.summit_phase(m.start, m.end, m.status, self.today) is rules.Phase.HELD)
                     for m in rows)

    # --- pieces
    def common(self, previous: d.SummitInfo | None, annex_rows: list[d.MandateRow]) -> v.Common:
        annex = self.annex(annex_rows) if "annex" in self.sections else ()
        return v.Common(self.lang, self.today, self.user, self.sections, self.ref(previous), annex)

    def annex(self, rows: list[d.MandateRow]) -> tuple[v.AnnexMandate, ...]:
        out = []
        for m in d.full_mandates(self.s, self.lang, rows):
            source = ""
            if m.source_summit:
                name = meeting_names.summit_name(m.source_summit, self.t)
                source = f"{name} ({m.source_city})" if m.source_city.strip() else name
            elif m.source_meeting:
                kind, number, city = m.source_meeting
                source = meeting_names.meeting_name(kind, number, False, "", self.t) + (f", {city}" if city else "")
            out.append(v.AnnexMandate(m.row, m.text, m.point, m.officer, m.recurrence, m.document_kind,
                                      m.document_title, m.document_number, source, tuple(m.addressees), m.latest,
                                      tuple(m.earlier)))
        return tuple(out)

    def coordination(self, c: d.Coordination) -> v.Coordination:
        return v.Coordination(c.title, c.acronym, tuple(c.activities), c.activity_total, _listed(c.actions))

    def iberblh(self, info: d.IberBLH) -> v.IberBLH:
        p = info.programme
        programme = None if p is None else v.Programme(
            p.name, p.code, meeting_names.summit_name(p.approved_summit, self.t) if p.approved_summit else "",
            p.approved_on, p.secretariat, p.objectives, p.members)
        indicators = tuple((ind, tuple(sorted(info.indicators[ind].items()))) for ind in Indicator
                           if ind in info.indicators)
        return v.IberBLH(programme, tuple(info.per_country), _listed(info.achieved), _listed(info.delayed),
                         _listed(info.upcoming), info.horizon, indicators, info.member_since, info.is_member)

    def reference_summit(self) -> d.SummitInfo | None:
        """Where a country's or a body's briefing starts counting: the last summit held, or, if that was less
        than six months ago, the one before it (so that the period covers a whole cycle)."""
        previous = d.last_held_summit(self.s, self.lang, self.today)
        last = rules.last_day(previous.start, previous.end) if previous is not None else None
        if last is not None and (self.today - last).days < 183:
            return d.summit_by_number(self.s, self.lang, previous.number - 1) or previous
        return previous

    def addressed(self, scope, open_rows: d.Listing) -> v.Addressed:
        latest = d.latest_progress(self.s, [r.id for r in open_rows.rows], self.lang) if open_rows.rows else {}
        return v.Addressed(_counts(d.status_counts(self.s, scope)), _listed(open_rows),
                           d.overdue_count(self.s, self.today, scope), tuple(latest.items()))

    # --- the three kinds
    def summit(self, info: d.SummitInfo) -> v.SummitBriefing:
        s, lang, today, chosen = self.s, self.lang, self.today, self.sections
        summit, previous = self.ref(info), d.summit_by_number(s, lang, info.number - 1)
        previous_ref = self.ref(previous)
        # The period counts from the last summit held: the previous one, unless it is still to come (a summit
        # two cycles ahead) or being held; a period never starts in the future.
        period = previous if previous_ref is None or previous_ref.phase is rules.Phase.HELD \
            else d.last_held_summit(s, lang, today)
        since = rules.last_day(period.start, period.end) if period is not None else None
        upcoming = summit.phase is rules.Phase.UPCOMING
        horizon = info.start if upcoming else None  # None as well while it has no date
        follow_up = _listed(d.follow_up(s, previous.id)) if previous else v.NOTHING
        overdue = _listed(d.overdue(s, today))
        before = _listed(d.due_between(s, today, horizon)) if upcoming else v.NOTHING
        self.step()
        meetings = self.meetings(d.cycle_meetings(s, lang, info.id)) if "overview" in chosen else ()
        counts = previous_counts = ()
        follow_up_latest: tuple = ()
        if "mandates" in chosen:
            counts = _counts(d.status_counts(s))
            if previous:
                previous_counts = _counts(d.status_counts(s, d.of_summit(previous.id)))
            if follow_up.rows:
                follow_up_latest = tuple(d.latest_progress(s, [r.id for r in follow_up.rows], lang).items())
        coordination = ()
        if "coordination" in chosen:
            bodies = []
            for body_id in d.coordinated_bodies(s, since):
                bodies.append(self.coordination(d.body_coordination(s, lang, body_id, since)))
                self.step()
            coordination = tuple(bodies)
        blh = self.iberblh(d.iberblh(s, lang, today, since, d.upcoming_horizon(today, info.start))) \
            if "iberblh" in chosen else None
        common = self.common(period, _annex_rows(follow_up, overdue, before))
        for _key in chosen:
            self.step()
        return v.SummitBriefing(common, summit, previous_ref, info.theme, info.host, info.spt, info.spt_start,
                                info.spt_end, info.status, meetings, counts, previous_counts, follow_up,
                                follow_up_latest, overdue, horizon, before, coordination, blh)

    def country(self, info: d.CountryInfo) -> v.CountryBriefing:
        s, lang, today, chosen = self.s, self.lang, self.today, self.sections
        previous = self.reference_summit()
        since = rules.last_day(previous.start, previous.end) if previous is not None else None
        scope = d.addressed_to_country(info.id)
        open_rows = d.open_mandates(s, scope)
        self.step()
        upcoming = meetings = contacts = addressed = coordination = blh = None
        if "overview" in chosen:
            upcoming = self.ref(d.next_summit(s, lang, today))
            meetings = self.meetings(d.meetings_in_country(s, lang, info.id, since))
            contacts = tuple(d.contacts(s, country_id=info.id))
        if "mandates" in chosen:
            addressed = self.addressed(scope, open_rows)
        if "coordination" in chosen:
            coordination = self.coordination(d.country_coordination(s, lang, info.id, since))
        if "iberblh" in chosen:
            blh = self.iberblh(d.iberblh(s, lang, today, since, d.upcoming_horizon(today), country_id=info.id))
        common = self.common(previous, open_rows.rows)
        for _key in chosen:
            self.step()
        return v.CountryBriefing(
            common, info.id, info.iso2, info.iso3, info.name, info.member_since, info.region,
            tuple(self.number_ref(n, city, a, b) for n, city, a, b in info.hosted),
            tuple(self.number_ref(n, "", a, b) for n, a, b in info.spt), upcoming, meetings or (), contacts or (),
            addressed, coordination, blh)

    def body(self, info: d.BodyInfo) -> v.BodyBriefing:
        s, lang, chosen = self.s, self.lang, self.sections
        previous = self.reference_summit()
        since = rules.last_day(previous.start, previous.end) if previous is not None else None
        scope = d.addressed_to_body(info.id)
        open_rows = d.open_mandates(s, scope)
        self.step()
        contacts = tuple(d.contacts(s, body_id=info.id)) if "overview" in chosen else ()
        addressed = self.addressed(scope, open_rows) if "mandates" in chosen else None
        coordination = self.coordination(d.body_coordination(s, lang, info.id, since, limit=40)) \
            if "coordination" in chosen else None
        common = self.common(previous, open_rows.rows)
        for _key in chosen:
            self.step()
        return v.BodyBriefing(common, info.id, info.acronym, info.name, info.kind, info.seat, info.website,
                              info.founded, info.notes, contacts, addressed, coordination)
