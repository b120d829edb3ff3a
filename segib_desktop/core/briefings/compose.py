"""The three briefings (summit, country, body): which sections, with what data, in what order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from segib_desktop.core.briefings import data as d
from segib_desktop.core.briefings.pdf import TEXT_WIDTH, esc, key_values
from segib_desktop.core.briefings.story import BY_PRIORITY, OPEN_FIRST, Writer
from segib_desktop.core.models import SummitStatus
from segib_desktop.core.models.programmes import Indicator
from segib_desktop.i18n import N_, to_roman

# Section keys per kind, in print order. The cover and the contents are always there.
SECTIONS: dict[str, tuple[str, ...]] = {
    "summit": ("overview", "mandates", "coordination", "iberblh", "annex"),
    "country": ("overview", "mandates", "coordination", "iberblh", "annex"),
    "body": ("overview", "coordination", "mandates", "annex"),
}
SECTION_TITLES: dict[str, dict[str, str]] = {
    "summit": {"overview": N_("The summit at a glance"), "mandates": N_("Mandates"),
               "coordination": N_("Coordination with the Ibero-American bodies"), "iberblh": N_("IberBLH"),
               "annex": N_("Annex: full text of the open mandates")},
    "country": {"overview": N_("The country at a glance"), "mandates": N_("Mandates addressed to the country"),
                "coordination": N_("Coordination"), "iberblh": N_("IberBLH"),
                "annex": N_("Annex: full text of the open mandates")},
    "body": {"overview": N_("The body at a glance"), "coordination": N_("Coordination"),
             "mandates": N_("Mandates addressed to the body"),
             "annex": N_("Annex: full text of the open mandates")},
}


def section_msgid(kind: str, key: str) -> str:
    return SECTION_TITLES[kind][key]


@dataclass
class Briefing:
    """What the renderer needs besides the story."""

    title: str  # PDF title and cover
    short_title: str  # page header
    subject: str  # PDF subject
    story: list[Flowable]


Step = Callable[[], None]


def _facts_table(w: Writer, rows: list[tuple[str, str]]):
    return key_values([(label, value) for label, value in rows if value], w.st)


def _meetings_table(w: Writer, meetings: list[d.MeetingRow]):
    _ = w._
    rows = []
    for m in meetings:
        place = ", ".join(x for x in (m.city, m.country) if x)
        rows.append([w.cell(w.dates(m.start, m.end)), w.cell(w.meeting_name(m.kind, m.number, m.extraordinary,
                                                                            m.sector)),
                     w.cell(place or "—"), w.cell(w.summit_status(m.status))])
    return w.table([_("Dates"), _("Meeting"), _("Place"), _("Status")], rows,
                   [42 * mm, TEXT_WIDTH - 124 * mm, 52 * mm, 30 * mm])


def _since_text(w: Writer, previous: d.SummitInfo | None) -> tuple[dt.date | None, str]:
    if previous is None or previous.end is None:
        return None, w._("the beginning of the records")
    return previous.end, w._("the {summit} ({date})").format(summit=w.summit_name(previous.number),
                                                             date=w.long(previous.end))


def _reference_summit(s, lang: str, today: dt.date) -> d.SummitInfo | None:
    """Where a country's or a body's briefing starts counting: the last summit held, or, if that was less
    than six months ago, the one before it (so that the period covers a whole cycle)."""
    previous = d.last_held_summit(s, lang, today)
    if previous is not None and previous.end is not None and (today - previous.end).days < 183:
        return d.summit_by_number(s, lang, previous.number - 1) or previous
    return previous


def _coordination_section(w: Writer, s, lang: str, since: dt.date | None, step: Step) -> list[Flowable]:
    _ = w._
    out: list[Flowable] = []
    bodies = d.coordinated_bodies(s, since)
    if since is not None:
        out.append(w.p(esc(_("Activities with each body since {date}, and the follow-up actions still open.")
                           .format(date=w.long(since)))))
    if not bodies:
        out.append(w.empty(_("No bodies are recorded.")))
    for body_id in bodies:
        c = d.body_coordination(s, lang, body_id, since)
        out.append(w.subsection(f"{c.title} ({c.acronym})" if c.title != c.acronym else c.acronym))
        out += w.activities(c, since, show_bodies=False)
        step()
    return out


def _annex_rows(*sets: d.Listing[d.MandateRow]) -> list[d.MandateRow]:
    """The open mandates among those listed, once each, by due date."""
    seen: dict[int, d.MandateRow] = {}
    for listing in sets:
        for r in listing.rows:
            if r.status.is_open:
                seen.setdefault(r.id, r)
    return sorted(seen.values(), key=lambda r: (r.due is None, r.due or dt.date.min, r.code, r.id))


# --- summit ----------------------------------------------------------------------------------------------

def summit(s, w: Writer, lang: str, number: int, sections: tuple[str, ...], user: str, classification: str,
           step: Step) -> Briefing:
    _ = w._
    today = w.today
    info = d.summit_by_number(s, lang, number)
    previous = d.summit_by_number(s, lang, number - 1)
    year = info.start.year if info.start else None
    name = w.summit_name(info.number)
    place = ", ".join(x for x in (info.city, f"({info.host})" if info.host else "") if x).replace(", (", " (")
    title = _("{ordinal} Ibero-American Summit of Heads of State and Government").format(
        ordinal=to_roman(info.number))
    short = w.summit_short(info.number, info.city, year)
    story = w.cover(_("Briefing note"), title, f"{place} · {w.dates(info.start, info.end)}", info.theme, [
        (_("Date"), w.long(today)),
        (_("Prepared by"), user or "—"),
    ], classification)
    since, since_text = _since_text(w, previous)
    horizon = info.start if info.start and info.start >= today else None

    # the sets the mandates section lists, which the annex prints in full
    nothing = d.Listing([], 0)
    follow_up = d.follow_up(s, previous.id) if previous else nothing
    overdue = d.overdue(s, today)
    before = d.due_between(s, today, horizon) if horizon else nothing
    step()

    for key in sections:
        story += w.section(_(section_msgid("summit", key))) if key != "annex" else []
        if key == "overview":
            facts = [
                (_("Summit"), esc(name)),
                (_("Place"), esc(place)),
                (_("Dates"), esc(w.dates(info.start, info.end))),
                (_("Theme"), esc(info.theme) or f"<i>{esc(_('No theme recorded'))}</i>"),
                (_("Host country"), esc(info.host) or "—"),
                (_("Pro Tempore Secretariat"), esc(info.spt + (
                    f" ({w.dates(info.spt_start, info.spt_end)})" if info.spt_start or info.spt_end else ""))
                    if info.spt else "—"),
                (_("Status"), esc(w.summit_status(info.status))),
            ]
            if info.start and info.start > today:
                facts.append((_("Days to go"), w.num((info.start - today).days)))
            if previous:
                facts.append((_("Previous summit"), esc(
                    f"{w.summit_short(previous.number, previous.city, previous.start.year if previous.start else None)}"
                    f", {w.dates(previous.start, previous.end)}")))
            story.append(_facts_table(w, facts))
            meetings = d.cycle_meetings(s, lang, info.id)
            held = [m for m in meetings if m.status == SummitStatus.HELD]
            pending = [m for m in meetings if m.status != SummitStatus.HELD]
            story.append(w.subsection(_("Meetings of the cycle")))
            story.append(w.subsubsection(_("Held ({n})").format(n=w.num(len(held)))))
            story.append(_meetings_table(w, held) if held else w.empty(_("No meeting of this cycle has been held yet.")))
            story.append(w.subsubsection(_("Pending ({n})").format(n=w.num(len(pending)))))
            story.append(_meetings_table(w, pending) if pending else
                         w.empty(_("No meeting of this cycle is pending.")))
        elif key == "mandates":
            counts = d.status_counts(s)
            total = sum(counts.values())
            open_n = sum(n for st, n in counts.items() if st.is_open)
            figures = [w.subsection(_("Figures by status")),
                       w.p(esc(_("{total} mandates are recorded; {open} are open and {overdue} of these are "
                                 "past their due date.").format(total=w.num(total), open=w.num(open_n),
                                                                overdue=w.num(overdue.total))))]
            extra = None
            if previous:
                extra = (_("{ordinal} Summit").format(ordinal=to_roman(previous.number)),
                         d.status_counts(s, d.of_summit(previous.id)))
            figures += w.status_figures(counts, extra=extra)
            if extra:
                figures.append(w.note(_("The last column counts the mandates given by the {summit}.").format(
                    summit=w.summit_name(previous.number))))
            story.append(KeepTogether(figures))
            if previous:
                story.append(w.subsection(_("Follow-up of the mandates of the {summit}").format(
                    summit=w.summit_short(previous.number, previous.city,
                                          previous.start.year if previous.start else None))))
                if follow_up.rows:
                    story += w.listed(follow_up, OPEN_FIRST)
                    latest = d.latest_progress(s, [r.id for r in follow_up.rows], lang)
                    story.append(w.mandate_table(follow_up.rows, latest=latest))
                else:
                    story.append(w.empty(_("No mandates of the {summit} are recorded.").format(
                        summit=w.summit_name(previous.number))))
            story.append(w.subsection(_("Overdue mandates")))
            if overdue.rows:
                story.append(w.p(esc(_("{n} open mandates whose due date passed before {date}.").format(
                    n=w.num(overdue.total), date=w.long(today)))))
                story += w.listed(overdue, BY_PRIORITY)
                story.append(w.mandate_table(overdue.rows, days_late=True))
            else:
                story.append(w.empty(_("There are no overdue mandates.")))
            story.append(w.subsection(_("Mandates due before the summit")))
            if horizon is None:
                story.append(w.empty(_("The summit has already begun: no due date falls before it.")))
            elif before.rows:
                story.append(w.p(esc(_("{n} open mandates are due between {first} and {last}.").format(
                    n=w.num(before.total), first=w.long(today), last=w.long(horizon)))))
                story += w.listed(before, BY_PRIORITY)
                story.append(w.mandate_table(before.rows))
            else:
                story.append(w.empty(_("No open mandate is due before the summit.")))
        elif key == "coordination":
            story += _coordination_section(w, s, lang, since, step)
        elif key == "iberblh":
            info_blh = d.iberblh(s, lang, today, since, d.upcoming_horizon(today, info.start))
            story += _iberblh_network(w, info_blh, since_text)
        elif key == "annex":
            rows = _annex_rows(follow_up, overdue, before)
            story += w.annex(d.full_mandates(s, lang, rows),
                             _("The full text of the {n} open mandates cited in this briefing, by due date.").format(
                                 n=w.num(len(rows))),
                             _("There are no open mandates."))
        step()
    return Briefing(_("Briefing note: {summit}").format(summit=short), short,
                    _("Briefing for the {summit}").format(summit=short), story)


def _iberblh_network(w: Writer, info: d.IberBLH, since_text: str) -> list[Flowable]:
    _ = w._
    if info.programme is None:
        return [w.empty(_("The IberBLH programme is not recorded in this database."))]
    out: list[Flowable] = w.programme_facts(info)
    out.append(w.subsection(_("Status per country")))
    if info.per_country:
        rows = []
        for c in info.per_country:
            banks = f"{w.num(c.banks[1])} ({c.banks[0]})" if c.banks else "—"
            litres = f"{w.num(round(c.litres[1]))} ({c.litres[0]})" if c.litres else "—"
            rows.append([w.cell(c.country), w.date(c.joined) if c.joined else "—", w.num(c.achieved),
                         w.num(c.in_progress), w.num(c.planned), w.num(c.delayed), banks, litres])
        header = [_("Country"), _("Member since"), _("Achieved"), _("In progress"), _("Planned"), _("Delayed"),
                  _("Milk banks (year)"), _("Litres collected (year)")]
        widths = [27 * mm, 18 * mm, 19 * mm, 19 * mm, 19 * mm, 19 * mm, 23 * mm, TEXT_WIDTH - 144 * mm]
        out.append(w.table(header, rows, widths, align=["LEFT", "LEFT"] + ["RIGHT"] * 6))
        out.append(w.note(_("Milestones per status; “Delayed” counts the pending milestones whose planned end "
                            "has passed. Indicators: the latest year reported.")))
    else:
        out.append(w.empty(_("No member countries are recorded.")))
    out += w.milestones_blocks(info, since_text)
    return out


# --- country ---------------------------------------------------------------------------------------------

def country(s, w: Writer, lang: str, info: d.CountryInfo, sections: tuple[str, ...], user: str,
            classification: str, step: Step) -> Briefing:
    _ = w._
    today = w.today
    previous = _reference_summit(s, lang, today)
    upcoming = d.next_summit(s, lang, today)
    since, since_text = _since_text(w, previous)
    member = _("Member State of the Ibero-American Conference since {year}").format(year=info.member_since) \
        if info.member_since else ""
    story = w.cover(_("Briefing note"), info.name, member, "", [
        (_("Date"), w.long(today)),
        (_("Prepared by"), user or "—"),
    ], classification)
    scope = d.addressed_to_country(info.id)
    open_rows = d.open_mandates(s, scope)
    step()
    for key in sections:
        story += w.section(_(section_msgid("country", key))) if key != "annex" else []
        if key == "overview":
            facts = [(_("Country"), esc(info.name)), (_("ISO code"), esc(f"{info.iso2} / {info.iso3}")),
                     (_("Member since"), str(info.member_since) if info.member_since else "—"),
                     (_("Region"), esc(w.region(info.region)) if info.region else "—")]
            if info.spt:
                facts.append((_("Pro Tempore Secretariat"), "<br/>".join(
                    esc(f"{w.summit_name(n)}" + (f" ({w.dates(a, b)})" if a or b else "")) for n, a, b in info.spt)))
            if upcoming:
                facts.append((_("Next summit"), esc(w.summit_short(
                    upcoming.number, upcoming.city, upcoming.start.year if upcoming.start else None)
                    + f", {w.dates(upcoming.start, upcoming.end)}")))
            story.append(_facts_table(w, facts))
            story.append(w.subsection(_("Summits hosted")))
            if info.hosted:
                story.append(w.table([_("Summit"), _("City"), _("Dates")],
                                     [[w.cell(w.summit_name(n)), w.cell(city), w.cell(w.dates(a, b))]
                                      for n, city, a, b in info.hosted],
                                     [60 * mm, 50 * mm, TEXT_WIDTH - 110 * mm]))
            else:
                story.append(w.empty(_("The country has not hosted a summit.")))
            story.append(w.subsection(_("Meetings in the country since {when}").format(when=since_text)))
            meetings = d.meetings_in_country(s, lang, info.id, since)
            story.append(_meetings_table(w, meetings) if meetings else
                         w.empty(_("No meetings in the country are recorded for this period.")))
            story += _contacts(w, d.contacts(s, country_id=info.id))
        elif key == "mandates":
            story += _addressed_mandates(w, s, scope, open_rows)
        elif key == "coordination":
            c = d.country_coordination(s, lang, info.id, since)
            if since is not None:
                story.append(w.p(esc(_("Activities with the country's contacts, or about meetings held in it and "
                                       "summits it hosted, since {date}.").format(date=w.long(since)))))
            story.append(w.subsection(_("Activities and open actions")))
            story += w.activities(c, since, show_bodies=True)
        elif key == "iberblh":
            blh = d.iberblh(s, lang, today, since, d.upcoming_horizon(today), country_id=info.id)
            story += _iberblh_country(w, blh, info.name, since_text)
        elif key == "annex":
            story += w.annex(d.full_mandates(s, lang, open_rows.rows),
                             _("The full text of the {n} open mandates listed above, by due date.").format(
                                 n=w.num(len(open_rows.rows))),
                             _("No open mandate is addressed to {name}.").format(name=info.name))
        step()
    short = _("Country briefing: {name}").format(name=info.name)
    return Briefing(_("Briefing note: {name}").format(name=info.name), short, short, story)


def _contacts(w: Writer, rows: list[tuple[str, ...]]) -> list[Flowable]:
    _ = w._
    out: list[Flowable] = [w.subsection(_("Contacts"))]
    if not rows:
        out.append(w.empty(_("No contacts are recorded.")))
        return out
    out.append(w.table([_("Name"), _("Role"), _("Email"), _("Phone")],
                       [[w.cell(a), w.cell(b), w.cell(c), w.cell(e)] for a, b, c, e in rows],
                       [45 * mm, TEXT_WIDTH - 125 * mm, 50 * mm, 30 * mm]))
    return out


def _addressed_mandates(w: Writer, s, scope, open_rows: d.Listing[d.MandateRow]) -> list[Flowable]:
    _ = w._
    counts = d.status_counts(s, scope)
    total = sum(counts.values())
    overdue_n = d.overdue_count(s, w.today, scope)
    figures: list[Flowable] = [w.subsection(_("Figures by status"))]
    if not total:
        figures.append(w.empty(_("No mandate is addressed to it.")))
    else:
        figures.append(w.p(esc(_("{total} mandates are addressed to it; {open} are open and {overdue} of these "
                                 "are past their due date.").format(total=w.num(total), open=w.num(open_rows.total),
                                                                    overdue=w.num(overdue_n)))))
        figures += w.status_figures(counts)
    out: list[Flowable] = [KeepTogether(figures)]
    out.append(w.subsection(_("Open mandates ({n})").format(n=w.num(open_rows.total))))
    if open_rows.rows:
        out += w.listed(open_rows, BY_PRIORITY)
        out.append(w.mandate_table(open_rows.rows, latest=d.latest_progress(s, [r.id for r in open_rows.rows],
                                                                                       w.lang)))
        if overdue_n:
            out.append(w.note(_("Overdue mandates are marked “overdue” under their due date.")))
    else:
        out.append(w.empty(_("There are no open mandates.")))
    return out


def _iberblh_country(w: Writer, info: d.IberBLH, name: str, since_text: str) -> list[Flowable]:
    _ = w._
    if info.programme is None:
        return [w.empty(_("The IberBLH programme is not recorded in this database."))]
    out: list[Flowable] = []
    if info.is_member:
        text = _("{name} takes part in {programme}.").format(name=name, programme=info.programme.name)
        if info.member_since:
            text = _("{name} takes part in {programme} since {date}.").format(
                name=name, programme=info.programme.name, date=w.long(info.member_since))
        out.append(w.p(esc(text)))
    else:
        out.append(w.empty(_("{name} is not a member of {programme}.").format(name=name,
                                                                              programme=info.programme.name)))
    out += w.milestones_blocks(info, since_text)
    out.append(w.subsection(_("Indicators")))
    years = sorted({y for values in info.indicators.values() for y in values})[-5:]
    if years:
        rows = [[w.cell(w.indicator(ind))] + [w.num(round(info.indicators.get(ind, {}).get(y)))
                                              if info.indicators.get(ind, {}).get(y) is not None else "—"
                                              for y in years]
                for ind in Indicator if ind in info.indicators]
        first = 60 * mm
        widths = [first] + [(TEXT_WIDTH - first) / len(years)] * len(years)
        out.append(w.table([_("Indicator")] + [str(y) for y in years], rows, widths,
                           align=["LEFT"] + ["RIGHT"] * len(years)))
    else:
        out.append(w.empty(_("No indicators are recorded for {name}.").format(name=name)))
    return out


# --- body ------------------------------------------------------------------------------------------------

def body(s, w: Writer, lang: str, info: d.BodyInfo, sections: tuple[str, ...], user: str, classification: str,
         step: Step) -> Briefing:
    _ = w._
    today = w.today
    previous = _reference_summit(s, lang, today)
    since, since_text = _since_text(w, previous)
    full = f"{info.name} ({info.acronym})" if info.name and info.name != info.acronym else info.acronym
    subtitle = " · ".join(x for x in (w.body_kind(info.kind),
                                      _("Seat: {seat}").format(seat=info.seat) if info.seat else "") if x)
    story = w.cover(_("Briefing note"), full, subtitle, "", [
        (_("Date"), w.long(today)),
        (_("Prepared by"), user or "—"),
    ], classification)
    scope = d.addressed_to_body(info.id)
    open_rows = d.open_mandates(s, scope)
    step()
    for key in sections:
        story += w.section(_(section_msgid("body", key))) if key != "annex" else []
        if key == "overview":
            facts = [(_("Name"), esc(info.name)), (_("Acronym"), esc(info.acronym)),
                     (_("Type"), esc(w.body_kind(info.kind))), (_("Seat"), esc(info.seat) or "—"),
                     (_("Founded"), str(info.founded) if info.founded else "—")]
            if info.website:
                facts.append((_("Website"), esc(info.website)))
            if info.notes.strip():
                facts.append((_("Notes"), esc(info.notes)))
            story.append(_facts_table(w, facts))
            story += _contacts(w, d.contacts(s, body_id=info.id))
        elif key == "coordination":
            c = d.body_coordination(s, lang, info.id, since, limit=40)
            if since is not None:
                story.append(w.p(esc(_("Activities with {acronym} since {when}, and the follow-up actions still "
                                       "open.").format(acronym=info.acronym, when=since_text))))
            story.append(w.subsection(_("Activities and open actions")))
            story += w.activities(c, since, show_bodies=True)
        elif key == "mandates":
            story += _addressed_mandates(w, s, scope, open_rows)
        elif key == "annex":
            story += w.annex(d.full_mandates(s, lang, open_rows.rows),
                             _("The full text of the {n} open mandates listed above, by due date.").format(
                                 n=w.num(len(open_rows.rows))),
                             _("No open mandate is addressed to {name}.").format(name=info.acronym))
        step()
    short = _("Body briefing: {acronym}").format(acronym=info.acronym)
    return Briefing(_("Briefing note: {name}").format(name=full), short, short, story)

