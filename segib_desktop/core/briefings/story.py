"""The briefing's content, piece by piece, in the briefing's own language, as document blocks (``model``).

A ``Writer`` turns the plain values of the gathered briefing into headings,
paragraphs and tables. Every label goes through ``self._`` (the briefing's
Translator, independent of the interface language); user text stays text (a
``Run``, never markup); every list that may be empty says so in a sentence.
No database and no file format here: ``pdf`` and ``word`` lay the blocks out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from segib_desktop.core.briefings.model import (
    GREY,
    MM,
    TEXT_WIDTH,
    WARNING,
    Bar,
    Cell,
    Facts,
    Figures,
    Heading,
    KeepRoom,
    Para,
    Run,
    Space,
    Table,
    Text,
    clean,
    shorten,
    text,
)
from segib_desktop.core.enums import (
    ActionStatus,
    BodyKind,
    Indicator,
    MandateStatus,
    MilestoneStatus,
    SummitStatus,
)
from segib_desktop.core.read import rules
from segib_desktop.i18n import N_, Translator, plural

STATUS_COLOURS = {
    MandateStatus.NOT_STARTED: "#A0AAB6",
    MandateStatus.IN_PROGRESS: "#2F6DB5",
    MandateStatus.ONGOING: "#4E9A8B",
    MandateStatus.FULFILLED: "#3C8D4F",
    MandateStatus.SUPERSEDED: "#B59B4E",
    MandateStatus.NOT_APPLICABLE: "#D0D5DB",
}
REGIONS = {"Latin America": N_("Latin America"), "Iberian Peninsula": N_("Iberian Peninsula")}
SNIPPET = 360  # characters of a progress entry or an outcome quoted in a table (the annex has them in full)
# Why these rows, when a list is longer than a briefing prints (see data.LIST_LIMIT).
BY_PRIORITY = N_("the highest-priority ones first, then by due date")
OPEN_FIRST = N_("the open ones first, then the highest-priority ones")
EARLIEST = N_("the earliest due first")
MOST_RECENT = N_("the most recent first")
LONGEST_DELAYED = N_("the longest delayed first")
SOONEST = N_("the soonest due first")
mm = MM


class Writer:
    """Blocks in one language, numbered sections, empty lists said in words."""

    def __init__(self, lang: str, today: dt.date):
        self.lang = lang
        self._ = Translator(lang)
        self.today = today
        self._section = 0
        self._sub = 0
        self._subsub = 0

    # --- formatting
    def date(self, value: dt.date | None) -> str:
        return self._.format_date(value) if value else "—"

    def long(self, value: dt.date | None) -> str:
        return self._.format_date(value, "long") if value else "—"

    def dates(self, first: dt.date | None, last: dt.date | None) -> str:
        """4–5 de noviembre de 2026; 30 de octubre – 5 de noviembre de 2026."""
        if first is None and last is None:
            return self._("dates to be set")
        if first is None or last is None or first == last:
            return self.long(first or last)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{self.long(last)}"
        if first.year == last.year:
            return f"{self._.format_date(first, "d 'de' MMMM")} – {self.long(last)}"
        return f"{self.long(first)} – {self.long(last)}"

    def num(self, value: float | int) -> str:
        return self._.format_number(value)

    def count(self, n: int, one: str, many: str, *, zero: str | None = None, **params) -> str:
        """The sentence for ``n`` ("1 mandate is…" or "3 mandates are…"; ``zero``'s for none if given), its
        number written as numbers are here."""
        return plural(n, one, many, self._, zero=zero, written=self.num(n), **params)

    def mandate_figures(self, total: int, open_n: int, overdue: int, total_one: str, total_many: str,
                        total_zero: str | None = None) -> str:
        """"{total}; {open} and {overdue}.": how many mandates there are (``total_one``/``total_many``), how
        many of them are open, and how many of these are overdue, each in its own number. "Of these" only
        when there are several open mandates, and none in words: "1 is open and it is not past its due date",
        "3 are open and none of these is past its due date", "none is open" (then nothing about overdue, as an
        overdue mandate is an open one). ``total_zero``: the whole sentence when there are no mandates."""
        _ = self._
        if not total and total_zero is not None:
            return _(total_zero)
        total_text = self.count(total, total_one, total_many)
        open_text = self.count(open_n, N_("1 is open"), N_("{n} are open"), zero=N_("none is open"))
        if not open_n:
            return _("{total}; {open}.").format(total=total_text, open=open_text)
        if open_n == 1:  # the one open mandate is overdue or is not
            overdue_text = _(N_("it is past its due date") if overdue else N_("it is not past its due date"))
        else:
            overdue_text = self.count(overdue, N_("1 of these is past its due date"),
                                      N_("{n} of these are past their due date"),
                                      zero=N_("none of these is past its due date"))
        return _("{total}; {open} and {overdue}.").format(total=total_text, open=open_text, overdue=overdue_text)

    def decimal(self, value: float) -> str:
        """One decimal, as a percentage is printed: 31,3."""
        return self._.format_number(value, "#,##0.0")

    def whole(self, value: float) -> str:
        """A figure rounded to a whole number (litres collected: 15.000); one that cannot be rounded (infinity,
        in a database an older version wrote) as it is."""
        return self.num(round(value) if math.isfinite(value) else value)

    def summit_short(self, ref) -> str:
        """"XXIX Cumbre Iberoamericana (Madrid, 2026)" from a value.SummitRef."""
        place = ", ".join(x for x in (clean(ref.city), str(ref.year) if ref.year else "") if x)
        return f"{ref.name} ({place})" if place else ref.name

    # --- blocks
    def p(self, value: str, style: str = "body") -> Para:
        return Para(text(value), style)

    def cell(self, value: str) -> Text:
        return text(value)

    def note(self, value: str) -> Para:
        return Para(text(value), "note")

    def empty(self, value: str) -> Para:
        return Para(text(value), "empty")

    def listed(self, listing, criterion: str) -> list[Para]:
        """When a list is cut, a sentence saying how many of how many, and which."""
        if not listing.capped:
            return []
        return [self.note(self._("{shown} of {total} are listed: {criterion}. The complete list is in SEGIB "
                                 "Desktop.").format(shown=self.num(len(listing.rows)),
                                                    total=self.num(listing.total), criterion=self._(criterion)))]

    def section(self, title: str) -> list[Heading]:
        """Each section begins a page: a briefing is often handed out, or reread, section by section."""
        self._section += 1
        self._sub = 0
        return [Heading(f"{self._section}. {shorten(title, 160)}", 1, f"s{self._section}")]

    def subsection(self, title: str) -> Heading:
        self._sub += 1
        self._subsub = 0
        return Heading(f"{self._section}.{self._sub} {shorten(title, 160)}", 2, f"s{self._section}.{self._sub}")

    def subsubsection(self, title: str) -> Heading:
        self._subsub += 1
        return Heading(shorten(title, 160), 3, f"s{self._section}.{self._sub}.{self._subsub}", in_contents=False)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float], *,
              align: Sequence[str] | None = None, codes: int | None = None) -> Table:
        return Table(tuple(header), tuple(tuple(r) for r in rows), tuple(widths),
                     tuple(align or ("LEFT",) * len(header)), codes)

    def facts(self, rows: Sequence[tuple[str, Text | str]]) -> Facts:
        """A fact sheet of the rows that have a value."""
        return Facts(tuple((label, text(value) if isinstance(value, str) else value) for label, value in rows
                           if value))

    # --- pieces shared by the three kinds
    def status_figures(self, counts: Sequence[tuple[MandateStatus, int]], *,
                       extra: tuple[str, Sequence[tuple[MandateStatus, int]]] | None = None) -> Figures:
        """A table of mandates per status beside a bar chart."""
        _ = self._
        total = sum(n for _s, n in counts)
        header = [_("Status"), _("Mandates"), "%"]
        if extra:
            header.append(extra[0])
        more = dict(extra[1]) if extra else {}
        rows = []
        for status, n in counts:
            share = self.decimal(100 * n / total) if total else "—"
            row = [self.cell(_(status.label)), self.num(n), share]
            if extra:
                row.append(self.num(more.get(status, 0)))
            rows.append(tuple(row))
        total_row = [(Run(_("Total"), bold=True),), self.num(total), self.decimal(100) if total else "—"]
        if extra:
            total_row.append(self.num(sum(more.values())))
        rows.append(tuple(total_row))
        widths = (32 * mm, 20 * mm, 13 * mm) + ((25 * mm,) if extra else ())
        bars = tuple(Bar(_(s.label), n, self.num(n), STATUS_COLOURS[s]) for s, n in counts)
        return Figures(tuple(header), tuple(rows), widths, bars)

    def mandate_title(self, row, latest=None) -> Text:
        out = text(row.title or "—")
        if latest is not None and latest.text.strip():  # nothing to say (a delivered report alone): no line
            said = self._("Latest progress ({date}):").format(date=self.date(latest.date))
            out += (Run(f"{said} {shorten(latest.text, SNIPPET)}", size=7, colour=GREY, br=True),)
        return out

    def due_cell(self, due: dt.date | None, overdue: bool) -> Cell:
        """The date; for an overdue record (``read.rules``: an ongoing mandate never is), in red with the word
        "overdue" under it (legible in black and white)."""
        if overdue:
            return (Run(self.date(due), bold=True, colour=WARNING),
                    Run(self._("overdue"), size=6.5, colour=WARNING, br=True))
        return self.date(due)

    def mandate_table(self, rows, *, latest: dict | None = None, days_late: bool = False) -> Table:
        """Column 0 holds codes: a layout that can measure text fits that column to them (``Table.codes``)."""
        _ = self._
        if days_late:
            header = [_("Code"), _("Mandate"), _("Area"), _("Due"), _("Days late"), _("Status")]
            widths = [30 * mm, TEXT_WIDTH - (30 + 32 + 20 + 14 + 22) * mm, 32 * mm, 20 * mm, 14 * mm, 22 * mm]
            body = [[r.code, self.mandate_title(r), self.cell(r.area),
                     self.due_cell(r.due, rules.is_overdue(r.status, r.due, self.today)),
                     self.num((self.today - r.due).days), self.cell(_(r.status.label))] for r in rows]
            return self.table(header, body, widths, align=["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"], codes=0)
        header = [_("Code"), _("Mandate"), _("Area"), _("Due"), _("Status")]
        widths = [30 * mm, TEXT_WIDTH - (30 + 32 + 20 + 22) * mm, 32 * mm, 20 * mm, 22 * mm]
        body = [[r.code, self.mandate_title(r, (latest or {}).get(r.id)), self.cell(r.area),
                 self.due_cell(r.due, rules.is_overdue(r.status, r.due, self.today)),
                 self.cell(_(r.status.label))] for r in rows]
        return self.table(header, body, widths, codes=0)

    def activities(self, coordination, since: dt.date | None, *, show_bodies: bool = False) -> list:
        _ = self._
        out: list = [self.subsubsection(_("Latest activities"))]
        if not coordination.activities:
            if since is not None:
                out.append(self.empty(_("No activities have been recorded since {date}.").format(date=self.long(since))))
            else:
                out.append(self.empty(_("No activities have been recorded.")))
        else:
            if coordination.activity_total > len(coordination.activities):
                out.append(self.note(_("The {shown} most recent of {total} activities since {date}.").format(
                    shown=self.num(len(coordination.activities)), total=self.num(coordination.activity_total),
                    date=self.long(since)) if since else _("The {shown} most recent of {total} activities.").format(
                    shown=self.num(len(coordination.activities)), total=self.num(coordination.activity_total))))
            rows = []
            for a in coordination.activities:
                subject = text(a.subject, bold=True)
                if a.outcome.strip():
                    subject += (Run(shorten(a.outcome, SNIPPET), colour=GREY, br=True),)
                row = [self.date(a.date), self.cell(_(a.kind.label)), subject]
                if show_bodies:
                    row.append(self.cell(a.bodies))
                rows.append(row)
            if show_bodies:
                header = [_("Date"), _("Type"), _("Subject and outcome"), _("Bodies")]
                widths = [20 * mm, 28 * mm, TEXT_WIDTH - 78 * mm, 30 * mm]
            else:
                header = [_("Date"), _("Type"), _("Subject and outcome")]
                widths = [20 * mm, 28 * mm, TEXT_WIDTH - 48 * mm]
            out.append(self.table(header, rows, widths))
        actions = coordination.actions
        out.append(self.subsubsection(_("Open action items ({n})").format(n=self.num(actions.total))))
        if not actions.rows:
            out.append(self.empty(_("There are no open action items.")))
        else:
            out += self.listed(actions, EARLIEST)
            # the rows are open action items (data._open_actions)
            rows = [[self.due_cell(a.due, rules.is_action_overdue(ActionStatus.OPEN, a.due, self.today)),
                     self.cell(a.description), self.cell(a.owner),
                     self.cell(f"{a.activity} ({self.date(a.activity_date)})")] for a in actions.rows]
            out.append(self.table([_("Due"), _("Action"), _("Owner"), _("Activity")], rows,
                                  [20 * mm, TEXT_WIDTH - 110 * mm, 35 * mm, 55 * mm]))
        return out

    def milestone_table(self, rows, mode: str) -> Table:
        """mode: achieved | delayed | upcoming."""
        _ = self._
        network = _("Whole network")
        if mode == "achieved":
            header = [_("Achieved"), _("Country"), _("Category"), _("Milestone")]
            body = [[self.date(m.actual_end or m.planned_end), self.cell(m.country or network),
                     self.cell(_(m.category.label)), self.cell(m.title)] for m in rows]
            return self.table(header, body, [20 * mm, 30 * mm, 36 * mm, TEXT_WIDTH - 86 * mm])
        if mode == "delayed":
            header = [_("Planned end"), _("Country"), _("Category"), _("Milestone"), _("Progress"), _("Days late")]
            body = [[self.date(m.planned_end), self.cell(m.country or network), self.cell(_(m.category.label)),
                     self.cell(m.title), f"{m.progress} %", self.num((self.today - m.planned_end).days)]
                    for m in rows]
            return self.table(header, body, [20 * mm, 28 * mm, 32 * mm, TEXT_WIDTH - 114 * mm, 16 * mm, 18 * mm],
                              align=["LEFT"] * 4 + ["RIGHT", "RIGHT"])
        header = [_("Planned end"), _("Country"), _("Category"), _("Milestone"), _("Status")]
        body = [[self.date(m.planned_end), self.cell(m.country or network), self.cell(_(m.category.label)),
                 self.cell(m.title), self.cell(_(m.status.label))] for m in rows]
        return self.table(header, body, [20 * mm, 30 * mm, 34 * mm, TEXT_WIDTH - 106 * mm, 22 * mm])

    def milestones_blocks(self, info, since_text: str) -> list:
        _ = self._
        out: list = [self.subsection(_("Milestones achieved since {when}").format(when=since_text))]
        if info.achieved.rows:
            out += [*self.listed(info.achieved, MOST_RECENT), self.milestone_table(info.achieved.rows, "achieved")]
        else:
            out.append(self.empty(_("No milestones have been achieved since {when}.").format(when=since_text)))
        out.append(self.subsection(_("Delayed milestones")))
        if info.delayed.rows:
            out += [*self.listed(info.delayed, LONGEST_DELAYED), self.milestone_table(info.delayed.rows, "delayed")]
        else:
            out.append(self.empty(_("No milestones are delayed.")))
        out.append(self.subsection(_("Upcoming milestones (until {date})").format(date=self.long(info.horizon))))
        if info.upcoming.rows:
            out += [*self.listed(info.upcoming, SOONEST), self.milestone_table(info.upcoming.rows, "upcoming")]
        else:
            out.append(self.empty(_("No milestones are due before {date}.").format(date=self.long(info.horizon))))
        return out

    def programme_facts(self, info) -> list:
        _ = self._
        p = info.programme
        facts = [(_("Programme"), f"{p.name} ({p.code})")]
        if p.approved_summit or p.approved_on:
            when = self.long(p.approved_on) if p.approved_on else ""
            facts.append((_("Approved"), ", ".join(x for x in (p.approved_summit, when) if x)))
        if p.secretariat:
            facts.append((_("Technical unit"), p.secretariat))
        facts.append((_("Member countries"), self.num(p.members)))
        if p.objectives:
            facts.append((_("Objectives"), p.objectives))
        return [self.facts(facts), Space(4 * mm)]

    def annex(self, mandates, intro: str, empty: str) -> list:
        _ = self._
        out: list = self.section(_("Annex: full text of the open mandates"))
        if not mandates:
            out.append(self.empty(empty))
            return out
        out.append(self.p(intro))
        labels = {k: _(v) for k, v in (("source", N_("Source")), ("point", N_("point")), ("area", N_("Area")),
                                       ("officer", N_("Officer")), ("due", N_("Due")), ("status", N_("Status")),
                                       ("priority", N_("Priority")), ("to", N_("Addressees")),
                                       ("recurrence", N_("Recurrence")))}
        for m in mandates:
            r = m.row
            out.append(KeepRoom(40 * mm))  # a mandate's heading never ends a page
            out.append(Para(text(f"{clean(r.code)} · {shorten(r.title, 600)}"), "annex_title"))
            source = f"{_(m.document_kind.label)}"
            if m.document_number:
                source += f" {clean(m.document_number)}"
            if m.document_title:
                source += f": {clean(m.document_title)}"
            if m.point:
                source += f", {labels['point']} {clean(m.point)}"
            if m.source:
                source += f" ({clean(m.source)})"

            def pair(key: str, value: str, br: bool = False) -> Text:
                return (Run(f"{labels[key]}:", bold=True, br=br), Run(f" {clean(value)}"))

            meta: Text = pair("source", source)
            first = True
            for key, value in (("status", _(r.status.label)), ("due", self.date(r.due)),
                               ("recurrence", _(m.recurrence.label)), ("priority", _(r.priority.label))):
                meta += pair(key, value, br=True) if first else (Run(" · "), *pair(key, value))
                first = False
            who = [(key, value) for key, value in (("area", r.area), ("officer", m.officer),
                                                   ("to", ", ".join(m.addressees))) if value]
            for i, (key, value) in enumerate(who):
                meta += pair(key, value, br=True) if i == 0 else (Run(" · "), *pair(key, value))
            if m.earlier:  # issue 23: the mandates it renews or continues, oldest first, in one line
                meta += (Run(f"{_('Earlier versions')}:", bold=True, br=True), Run(f" {clean(' → '.join(m.earlier))}"))
            out.append(Para(meta, "annex_meta"))
            body = clean(m.text).strip()
            if body:
                for block in body.split("\n\n"):
                    if block.strip():
                        out.append(Para(text(block.strip("\n"))))
            else:
                out.append(self.note(_("The text of this mandate has not been recorded.")))
            if m.latest is not None and m.latest.text.strip():
                said = _("Latest progress ({date}):").format(date=self.long(m.latest.date))
                if m.latest.author:
                    said = _("Latest progress ({date}, {author}):").format(date=self.long(m.latest.date),
                                                                           author=clean(m.latest.author))
                out.append(Para((Run(said, italic=True), Run(f" {clean(m.latest.text)}")), "small"))
            out.append(Space(2 * mm))
        return out

    def region(self, value: str) -> str:
        return self._(REGIONS[value]) if value in REGIONS else value

    def body_kind(self, kind: BodyKind) -> str:
        return self._(kind.label)

    def summit_status(self, status: SummitStatus) -> str:
        return self._(status.label)

    def milestone_status(self, status: MilestoneStatus) -> str:
        return self._(status.label)

    def indicator(self, indicator: Indicator) -> str:
        return self._(indicator.label)
