"""The three briefings (summit, country, body): which sections, in what order, saying what.

``document(value)`` turns a gathered briefing (``value``) into one ``model.Document``:
the sections, headings, sentences, table headers and rows, decided once here and
laid out by ``pdf`` or ``word``. No database and no file format here.
"""

from __future__ import annotations

from segib_desktop.core.briefings import (
    BRIEFING_NOTE,
    CLASSIFICATION,
    CONTENTS,
    LANGUAGE_TAGS,
    ORGANISATION,
    PAGE,
    PAGE_OF,
)
from segib_desktop.core.briefings import value as v
from segib_desktop.core.briefings.model import MM, TEXT_WIDTH, Cover, Document, Run, Together, shorten, text
from segib_desktop.core.briefings.story import BY_PRIORITY, OPEN_FIRST, Writer
from segib_desktop.core.read import rules
from segib_desktop.core.read.rules import Phase
from segib_desktop.i18n import N_, to_roman

mm = MM

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


def document(value: v.Briefing) -> Document:
    """The briefing as a document, in its own language."""
    w = Writer(value.common.lang, value.common.today)
    build = {"summit": _summit, "country": _country, "body": _body}[value.kind]
    title, short, subject, cover, blocks = build(w, value)
    _ = w._
    c = value.common
    return Document(
        lang=c.lang, language_tag=LANGUAGE_TAGS[c.lang], title=title, short_title=short, subject=subject,
        keywords=", ".join(("SEGIB", _(BRIEFING_NOTE), short)), author=c.user or _(ORGANISATION),
        org=_(ORGANISATION), date_text=w.long(c.today), page_text=_(PAGE_OF), classification=_(CLASSIFICATION),
        contents_title=_(CONTENTS), contents_page_word=_(PAGE), cover=cover, blocks=tuple(blocks))


def _cover(w: Writer, c: v.Common, title: str, subtitle: str, theme: str) -> Cover:
    _ = w._
    facts = ((_("Date"), w.long(c.today)), (_("Prepared by"), c.user or "—"))
    return Cover(_(ORGANISATION).upper(), _(BRIEFING_NOTE).upper(), shorten(title, 200), shorten(subtitle, 200),
                 shorten(theme, 400), tuple((label, shorten(value, 200)) for label, value in facts),
                 _(CLASSIFICATION).upper())


def _since_text(w: Writer, previous: v.SummitRef | None) -> str:
    since = _since(previous)
    if since is None:
        return w._("the beginning of the records")
    return w._("the {summit} ({date})").format(summit=previous.name, date=w.long(since))


def _since(previous: v.SummitRef | None):
    return rules.last_day(previous.start, previous.end) if previous is not None else None


def _meetings_table(w: Writer, meetings: tuple[v.Meeting, ...]):
    _ = w._
    rows = []
    for m in meetings:
        place = ", ".join(x for x in (m.city, m.country) if x)
        rows.append([w.cell(w.dates(m.start, m.end)), w.cell(m.name), w.cell(place or "—"),
                     w.cell(w.summit_status(m.status))])
    return w.table([_("Dates"), _("Meeting"), _("Place"), _("Status")], rows,
                   [42 * mm, TEXT_WIDTH - 124 * mm, 52 * mm, 30 * mm])


def _coordination_section(w: Writer, bodies: tuple[v.Coordination, ...], since) -> list:
    _ = w._
    out: list = []
    if since is not None:
        out.append(w.p(_("Activities with each body since {date}, and the follow-up actions still open.")
                       .format(date=w.long(since))))
    if not bodies:
        out.append(w.empty(_("No bodies are recorded.")))
    for c in bodies:
        out.append(w.subsection(f"{c.title} ({c.acronym})" if c.title != c.acronym else c.acronym))
        out += w.activities(c, since, show_bodies=False)
    return out


CITED = (N_("The full text of the open mandate cited in this briefing."),
         N_("The full text of the {n} open mandates cited in this briefing, by due date."))
LISTED = (N_("The full text of the open mandate listed above."),
          N_("The full text of the {n} open mandates listed above, by due date."))


def _annex(w: Writer, c: v.Common, intro: tuple[str, str], empty: str) -> list:
    """``intro``: the annex's first sentence for one mandate and for several."""
    return w.annex(c.annex, w.count(len(c.annex), *intro), empty)


# --- summit ----------------------------------------------------------------------------------------------

def _summit(w: Writer, b: v.SummitBriefing):
    _ = w._
    c, info, previous, today = b.common, b.summit, b.previous, b.common.today
    place = ", ".join(x for x in (info.city, f"({b.host})" if b.host else "") if x).replace(", (", " (")
    title = _("{ordinal} Ibero-American Summit of Heads of State and Government").format(
        ordinal=to_roman(info.number))
    short = w.summit_short(info)
    cover = _cover(w, c, title, f"{place} · {w.dates(info.start, info.end)}", b.theme)
    since, since_text = _since(c.previous), _since_text(w, c.previous)  # the last summit held (gather)
    story: list = []
    for key in c.sections:
        story += w.section(_(section_msgid("summit", key))) if key != "annex" else []
        if key == "overview":
            facts = [
                (_("Summit"), info.name),
                (_("Place"), place),
                (_("Dates"), w.dates(info.start, info.end)),
                (_("Theme"), text(b.theme) if b.theme else (Run(_("No theme recorded"), italic=True),)),
                (_("Host country"), b.host or "—"),
                (_("Pro Tempore Secretariat"), b.spt + (
                    f" ({w.dates(b.spt_start, b.spt_end)})" if b.spt_start or b.spt_end else "")
                 if b.spt else "—"),
                (_("Status"), w.summit_status(b.status)),
            ]
            if b.horizon is not None:  # still to come, with a date
                facts.append((_("Days to go"), w.num((b.horizon - today).days)))
            if previous:
                facts.append((_("Previous summit"),
                              f"{w.summit_short(previous)}, {w.dates(previous.start, previous.end)}"))
            story.append(w.facts(facts))
            held = [m for m in b.meetings if m.held]
            pending = [m for m in b.meetings if not m.held]
            story.append(w.subsection(_("Meetings of the cycle")))
            story.append(w.subsubsection(_("Held ({n})").format(n=w.num(len(held)))))
            story.append(_meetings_table(w, held) if held else w.empty(_("No meeting of this cycle has been held yet.")))
            story.append(w.subsubsection(_("Pending ({n})").format(n=w.num(len(pending)))))
            story.append(_meetings_table(w, pending) if pending else
                         w.empty(_("No meeting of this cycle is pending.")))
        elif key == "mandates":
            total = sum(n for _s, n in b.counts)
            open_n = sum(n for st, n in b.counts if st.is_open)
            figures = [w.subsection(_("Figures by status")),
                       w.p(w.mandate_figures(total, open_n, b.overdue.total, N_("1 mandate is recorded"),
                                             N_("{n} mandates are recorded"), N_("No mandate is recorded.")))]
            extra = (_("{ordinal} Summit").format(ordinal=to_roman(previous.number)), b.previous_counts) \
                if previous else None
            figures.append(w.status_figures(b.counts, extra=extra))
            if extra:
                figures.append(w.note(_("The last column counts the mandates given by the {summit}.").format(
                    summit=previous.name)))
            story.append(Together(tuple(figures)))
            if previous:
                story.append(w.subsection(_("Follow-up of the mandates of the {summit}").format(
                    summit=w.summit_short(previous))))
                if b.follow_up.rows:
                    story += w.listed(b.follow_up, OPEN_FIRST)
                    story.append(w.mandate_table(b.follow_up.rows, latest=dict(b.follow_up_latest)))
                else:
                    story.append(w.empty(_("No mandates of the {summit} are recorded.").format(
                        summit=previous.name)))
            story.append(w.subsection(_("Overdue mandates")))
            if b.overdue.rows:
                story.append(w.p(w.count(b.overdue.total, N_("1 open mandate whose due date passed before {date}."),
                                         N_("{n} open mandates whose due date passed before {date}."),
                                         date=w.long(today))))
                story += w.listed(b.overdue, BY_PRIORITY)
                story.append(w.mandate_table(b.overdue.rows, days_late=True))
            else:
                story.append(w.empty(_("There are no overdue mandates.")))
            story.append(w.subsection(_("Mandates due before the summit")))
            if info.phase is not Phase.UPCOMING:
                story.append(w.empty(_("The summit has already begun: no due date falls before it.")))
            elif b.horizon is None:  # no date yet: every deadline still to come
                if b.before.rows:
                    story.append(w.p(w.count(
                        b.before.total, N_("The summit has no date yet: 1 open mandate is due from {first} on."),
                        N_("The summit has no date yet: {n} open mandates are due from {first} on."),
                        first=w.long(today))))
                    story += w.listed(b.before, BY_PRIORITY)
                    story.append(w.mandate_table(b.before.rows))
                else:
                    story.append(w.empty(_("The summit has no date yet, and no open mandate is due from {date} on.")
                                         .format(date=w.long(today))))
            elif b.before.rows:
                story.append(w.p(w.count(b.before.total, N_("1 open mandate is due between {first} and {last}."),
                                         N_("{n} open mandates are due between {first} and {last}."),
                                         first=w.long(today), last=w.long(b.horizon))))
                story += w.listed(b.before, BY_PRIORITY)
                story.append(w.mandate_table(b.before.rows))
            else:
                story.append(w.empty(_("No open mandate is due before the summit.")))
        elif key == "coordination":
            story += _coordination_section(w, b.coordination, since)
        elif key == "iberblh":
            story += _iberblh_network(w, b.iberblh, since_text)
        elif key == "annex":
            story += _annex(w, c, CITED,
                            _("There are no open mandates."))
    return (_("Briefing note: {summit}").format(summit=short), short,
            _("Briefing for the {summit}").format(summit=short), cover, story)


def _iberblh_network(w: Writer, info: v.IberBLH, since_text: str) -> list:
    _ = w._
    if info.programme is None:
        return [w.empty(_("The IberBLH programme is not recorded in this database."))]
    out: list = w.programme_facts(info)
    out.append(w.subsection(_("Status per country")))
    if info.per_country:
        rows = []
        for c in info.per_country:
            banks = f"{w.num(c.banks[1])} ({c.banks[0]})" if c.banks else "—"
            litres = f"{w.whole(c.litres[1])} ({c.litres[0]})" if c.litres else "—"
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

def _country(w: Writer, b: v.CountryBriefing):
    _ = w._
    c, previous = b.common, b.common.previous
    since, since_text = _since(previous), _since_text(w, previous)
    member = _("Member State of the Ibero-American Conference since {year}").format(year=b.member_since) \
        if b.member_since else ""
    cover = _cover(w, c, b.name, member, "")
    story: list = []
    for key in c.sections:
        story += w.section(_(section_msgid("country", key))) if key != "annex" else []
        if key == "overview":
            facts = [(_("Country"), b.name), (_("ISO code"), f"{b.iso2} / {b.iso3}"),
                     (_("Member since"), str(b.member_since) if b.member_since else "—"),
                     (_("Region"), w.region(b.region) if b.region else "—")]
            if b.spt:
                facts.append((_("Pro Tempore Secretariat"), tuple(
                    Run(f"{s.name}" + (f" ({w.dates(s.start, s.end)})" if s.start or s.end else ""), br=i > 0)
                    for i, s in enumerate(b.spt))))
            if b.upcoming:
                label = _("Summit under way") if b.upcoming.phase is Phase.UNDER_WAY else _("Next summit")
                facts.append((label, f"{w.summit_short(b.upcoming)}, {w.dates(b.upcoming.start, b.upcoming.end)}"))
            story.append(w.facts(facts))
            story.append(w.subsection(_("Summits hosted")))
            if b.hosted:
                story.append(w.table([_("Summit"), _("City"), _("Dates")],
                                     [[w.cell(s.name), w.cell(s.city), w.cell(w.dates(s.start, s.end))]
                                      for s in b.hosted],
                                     [60 * mm, 50 * mm, TEXT_WIDTH - 110 * mm]))
            else:
                story.append(w.empty(_("The country has not hosted a summit.")))
            story.append(w.subsection(_("Meetings in the country since {when}").format(when=since_text)))
            story.append(_meetings_table(w, b.meetings) if b.meetings else
                         w.empty(_("No meetings in the country are recorded for this period.")))
            story += _contacts(w, b.contacts)
        elif key == "mandates":
            story += _addressed_mandates(w, b.addressed)
        elif key == "coordination":
            if since is not None:
                story.append(w.p(_("Activities with the country's contacts, or about meetings held in it and "
                                   "summits it hosted, since {date}.").format(date=w.long(since))))
            story.append(w.subsection(_("Activities and open actions")))
            story += w.activities(b.coordination, since, show_bodies=True)
        elif key == "iberblh":
            story += _iberblh_country(w, b.iberblh, b.name, since_text)
        elif key == "annex":
            story += _annex(w, c, LISTED,
                            _("{name}: no open mandate is addressed to it.").format(name=b.name))
    short = _("Country briefing: {name}").format(name=b.name)
    return _("Briefing note: {name}").format(name=b.name), short, short, cover, story


def _contacts(w: Writer, rows) -> list:
    _ = w._
    out: list = [w.subsection(_("Contacts"))]
    if not rows:
        out.append(w.empty(_("No contacts are recorded.")))
        return out
    out.append(w.table([_("Name"), _("Role"), _("Email"), _("Phone")],
                       [[w.cell(a), w.cell(b), w.cell(c), w.cell(e)] for a, b, c, e in rows],
                       [45 * mm, TEXT_WIDTH - 125 * mm, 50 * mm, 30 * mm]))
    return out


def _addressed_mandates(w: Writer, a: v.Addressed) -> list:
    _ = w._
    total = sum(n for _s, n in a.counts)
    figures: list = [w.subsection(_("Figures by status"))]
    if not total:
        figures.append(w.empty(_("No mandate is addressed to it.")))
    else:
        figures.append(w.p(w.mandate_figures(total, a.open.total, a.overdue, N_("1 mandate is addressed to it"),
                                             N_("{n} mandates are addressed to it"))))
        figures.append(w.status_figures(a.counts))
    out: list = [Together(tuple(figures))]
    out.append(w.subsection(_("Open mandates ({n})").format(n=w.num(a.open.total))))
    if a.open.rows:
        out += w.listed(a.open, BY_PRIORITY)
        out.append(w.mandate_table(a.open.rows, latest=dict(a.latest)))
        if a.overdue:
            out.append(w.note(_("Overdue mandates are marked “overdue” under their due date.")))
    else:
        out.append(w.empty(_("There are no open mandates.")))
    return out


def _iberblh_country(w: Writer, info: v.IberBLH, name: str, since_text: str) -> list:
    _ = w._
    if info.programme is None:
        return [w.empty(_("The IberBLH programme is not recorded in this database."))]
    out: list = []
    if info.is_member:
        line = _("{name} takes part in {programme}.").format(name=name, programme=info.programme.name)
        if info.member_since:
            line = _("{name} takes part in {programme} since {date}.").format(
                name=name, programme=info.programme.name, date=w.long(info.member_since))
        out.append(w.p(line))
    else:
        out.append(w.empty(_("{name} is not a member of {programme}.").format(name=name,
                                                                              programme=info.programme.name)))
    out += w.milestones_blocks(info, since_text)
    out.append(w.subsection(_("Indicators")))
    values = {ind: dict(per_year) for ind, per_year in info.indicators}
    years = sorted({y for per_year in values.values() for y in per_year})[-5:]
    if years:
        rows = [[w.cell(w.indicator(ind))] + [w.whole(per_year[y]) if per_year.get(y) is not None else "—"
                                             for y in years]
                for ind, per_year in values.items()]
        first = 60 * mm
        widths = [first] + [(TEXT_WIDTH - first) / len(years)] * len(years)
        out.append(w.table([_("Indicator")] + [str(y) for y in years], rows, widths,
                           align=["LEFT"] + ["RIGHT"] * len(years)))
    else:
        out.append(w.empty(_("No indicators are recorded for {name}.").format(name=name)))
    return out


# --- body ------------------------------------------------------------------------------------------------

def _body(w: Writer, b: v.BodyBriefing):
    _ = w._
    c, previous = b.common, b.common.previous
    since, since_text = _since(previous), _since_text(w, previous)
    full = f"{b.name} ({b.acronym})" if b.name and b.name != b.acronym else b.acronym
    subtitle = " · ".join(x for x in (w.body_kind(b.body_kind),
                                      _("Seat: {seat}").format(seat=b.seat) if b.seat else "") if x)
    cover = _cover(w, c, full, subtitle, "")
    story: list = []
    for key in c.sections:
        story += w.section(_(section_msgid("body", key))) if key != "annex" else []
        if key == "overview":
            facts = [(_("Name"), b.name), (_("Acronym"), b.acronym), (_("Type"), w.body_kind(b.body_kind)),
                     (_("Seat"), b.seat or "—"), (_("Founded"), str(b.founded) if b.founded else "—")]
            if b.website:
                facts.append((_("Website"), b.website))
            if b.notes.strip():
                facts.append((_("Notes"), b.notes))
            story.append(w.facts(facts))
            story += _contacts(w, b.contacts)
        elif key == "coordination":
            if since is not None:
                story.append(w.p(_("Activities with {acronym} since {when}, and the follow-up actions still "
                                   "open.").format(acronym=b.acronym, when=since_text)))
            story.append(w.subsection(_("Activities and open actions")))
            story += w.activities(b.coordination, since, show_bodies=True)
        elif key == "mandates":
            story += _addressed_mandates(w, b.addressed)
        elif key == "annex":
            story += _annex(w, c, LISTED,
                            _("{name}: no open mandate is addressed to it.").format(name=b.acronym))
    short = _("Body briefing: {acronym}").format(acronym=b.acronym)
    return _("Briefing note: {name}").format(name=full), short, short, cover, story
