"""The briefing's content, section by section, in the briefing's own language.

A ``Writer`` turns the plain values of ``data`` into platypus flowables. Every
label goes through ``self._`` (the briefing's Translator, independent of the
interface language); every piece of user text goes through ``esc`` or
``clean``; every list that may be empty says so in a sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from segib_desktop.core.briefings import data as d
from segib_desktop.core.briefings.pdf import (
    ACCENT,
    BOLD,
    NAVY,
    TEXT_WIDTH,
    Heading,
    LongTable,
    Paragraph,
    Styles,
    bar_chart,
    clean,
    cover_break,
    esc,
    key_values,
    shorten,
    table_style,
)
from segib_desktop.core.models import (
    BodyKind,
    MandateStatus,
    MeetingKind,
    MilestoneStatus,
    SummitStatus,
)
from segib_desktop.core.models.programmes import Indicator
from segib_desktop.core.services import cycle
from segib_desktop.i18n import N_, Translator

WARNING_HEX = "#A61B1B"
STATUS_COLOURS = {
    MandateStatus.NOT_STARTED: colors.HexColor("#A0AAB6"),
    MandateStatus.IN_PROGRESS: colors.HexColor("#2F6DB5"),
    MandateStatus.ONGOING: colors.HexColor("#4E9A8B"),
    MandateStatus.FULFILLED: colors.HexColor("#3C8D4F"),
    MandateStatus.SUPERSEDED: colors.HexColor("#B59B4E"),
    MandateStatus.NOT_APPLICABLE: colors.HexColor("#D0D5DB"),
}
REGIONS = {"Latin America": N_("Latin America"), "Iberian Peninsula": N_("Iberian Peninsula")}
SNIPPET = 360
# Why these rows, when a list is longer than a briefing prints (see data.LIST_LIMIT).
BY_PRIORITY = N_("the highest-priority ones first, then by due date")
OPEN_FIRST = N_("the open ones first, then the highest-priority ones")
EARLIEST = N_("the earliest due first")
MOST_RECENT = N_("the most recent first")
LONGEST_DELAYED = N_("the longest delayed first")
SOONEST = N_("the soonest due first")  # characters of a progress entry or an outcome quoted in a table (the annex has them in full)


class Writer:
    """Flowables in one language, numbered sections, empty lists said in words."""

    def __init__(self, lang: str, styles: Styles, today: dt.date):
        self.lang = lang
        self._ = Translator(lang)
        self.st = styles
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

    def decimal(self, value: float) -> str:
        """One decimal, as a percentage is printed: 31,3."""
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.0", locale=self._.locale)

    def summit_name(self, number: int) -> str:
        return cycle.summit_name(number, self._)  # named as the program names it

    def summit_short(self, number: int, city: str, year: int | None) -> str:
        place = ", ".join(x for x in (clean(city), str(year) if year else "") if x)
        return f"{self.summit_name(number)} ({place})" if place else self.summit_name(number)

    def meeting_name(self, kind: MeetingKind, number: int | None, extraordinary: bool, sector: str = "") -> str:
        return cycle.meeting_name(kind, number, extraordinary, clean(sector), self._)

    # --- flowables
    def p(self, markup: str, style=None) -> Paragraph:
        return Paragraph(markup, style or self.st.body)

    def text(self, value: str, style=None) -> Paragraph:
        return Paragraph(esc(value), style or self.st.body)

    def cell(self, value: str) -> Paragraph:
        return Paragraph(esc(value), self.st.cell)

    def note(self, text: str) -> Paragraph:
        return Paragraph(esc(text), self.st.note)

    def empty(self, text: str) -> Paragraph:
        return Paragraph(esc(text), self.st.empty)

    def listed(self, listing: d.Listing, criterion: str) -> list[Flowable]:
        """When a list is cut, a sentence saying how many of how many, and which."""
        if not listing.capped:
            return []
        return [self.note(self._("{shown} of {total} are listed: {criterion}. The complete list is in SEGIB "
                                 "Desktop.").format(shown=self.num(len(listing.rows)),
                                                    total=self.num(listing.total), criterion=self._(criterion)))]

    def section(self, title: str) -> list[Flowable]:
        self._section += 1
        self._sub = 0
        numbered = f"{self._section}. {shorten(title, 160)}"
        # Each section begins a page: a briefing is often handed out, or reread, section by section.
        return [PageBreakIfNotEmpty(),
                Heading(esc(numbered), self.st.h1, level=0, key=f"s{self._section}", outline=numbered,
                        reserve=50 * mm)]

    def subsection(self, title: str) -> Heading:
        self._sub += 1
        self._subsub = 0
        numbered = f"{self._section}.{self._sub} {shorten(title, 160)}"
        return Heading(esc(numbered), self.st.h2, level=1, key=f"s{self._section}.{self._sub}", outline=numbered,
                       reserve=32 * mm)

    def subsubsection(self, title: str) -> Heading:
        self._subsub += 1
        text = shorten(title, 160)
        return Heading(esc(text), self.st.h3, level=2, key=f"s{self._section}.{self._sub}.{self._subsub}",
                       outline=text, in_contents=False, reserve=24 * mm)

    def table(self, header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float], *,
              align: Sequence[str] | None = None) -> LongTable:
        align = list(align or ["LEFT"] * len(header))
        head = [Paragraph(esc(h), self.st.cell_head_right if a == "RIGHT" else self.st.cell_head)
                for h, a in zip(header, align, strict=True)]
        return LongTable(head, rows, widths, styles=self.st, align=align)

    # --- pieces shared by the three kinds
    def cover(self, kind_line: str, title: str, subtitle: str, theme: str, facts: list[tuple[str, str]],
              classification: str) -> list[Flowable]:
        story: list[Flowable] = [
            self.p(esc(self._("Ibero-American General Secretariat")).upper(), self.st.cover_org),
            Spacer(1, 22 * mm),
            self.p(esc(kind_line).upper(), self.st.cover_kind),
            self.p(esc(shorten(title, 200)), self.st.cover_title),
        ]
        if subtitle:
            story.append(self.p(esc(shorten(subtitle, 200)), self.st.cover_subtitle))
        if theme:
            story.append(self.p(esc(shorten(theme, 400)), self.st.cover_theme))
        story.append(FrameBreak())  # what follows sits at the foot of the cover
        rows = [[self.p(esc(label), self.st.label), self.p(esc(shorten(value, 200)), self.st.value)]
                for label, value in facts]
        meta = Table(rows, colWidths=[45 * mm, TEXT_WIDTH - 45 * mm], hAlign="LEFT")
        meta.setStyle(table_style(("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY), ("LINEBELOW", (0, -1), (-1, -1), 0.8, NAVY),
                                  ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")))
        story.append(meta)
        story.append(Spacer(1, 8 * mm))
        stamp = Table([[self.p(esc(classification.upper()), self.st.label)]], colWidths=[TEXT_WIDTH], hAlign="LEFT")
        stamp.setStyle(table_style(("BOX", (0, 0), (-1, -1), 1, ACCENT), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)))
        story.append(stamp)
        return story + cover_break()

    def status_figures(self, counts: dict[MandateStatus, int], *, extra: tuple[str, dict[MandateStatus, int]] | None
                       = None) -> list[Flowable]:
        """A table of mandates per status beside a bar chart."""
        _ = self._
        total = sum(counts.values())
        header = [_("Status"), _("Mandates"), "%"]
        if extra:
            header.append(extra[0])
        rows = []
        for status in MandateStatus:
            n = counts.get(status, 0)
            share = self.decimal(100 * n / total) if total else "—"
            row = [self.cell(_(status.label)), self.num(n), share]
            if extra:
                row.append(self.num(extra[1].get(status, 0)))
            rows.append(row)
        total_row = [Paragraph(f"<b>{esc(_('Total'))}</b>", self.st.cell), self.num(total),
                     self.decimal(100) if total else "—"]
        if extra:
            total_row.append(self.num(sum(extra[1].values())))
        rows.append(total_row)
        widths = [32 * mm, 20 * mm, 13 * mm] + ([25 * mm] if extra else [])
        head = [Paragraph(esc(h), self.st.cell_head if i == 0 else self.st.cell_head_right) for i, h in enumerate(header)]
        table = Table([head, *rows], colWidths=widths, hAlign="LEFT")
        table.setStyle(table_style(
            ("FONT", (1, -1), (-1, -1), BOLD, 8, 10),
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#C9D3DF")),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ))
        chart_width = TEXT_WIDTH - sum(widths) - 8 * mm
        chart = bar_chart([(_(s.label), counts.get(s, 0), STATUS_COLOURS[s]) for s in MandateStatus], chart_width,
                          value_text=self.num)
        both = Table([[table, chart]], colWidths=[sum(widths) + 8 * mm, chart_width], hAlign="LEFT")
        both.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)))
        return [both]

    def mandate_title(self, row: d.MandateRow, latest: d.ProgressEntry | None = None) -> Paragraph:
        markup = esc(row.title) or "—"
        if latest is not None:
            said = self._("Latest progress ({date}):").format(date=self.date(latest.date))
            markup += f'<br/><font size="7" color="#5F6B7A">{esc(said)} {esc(shorten(latest.text, SNIPPET))}</font>'
        return Paragraph(markup, self.st.cell)

    def due_cell(self, due: dt.date | None, overdue_word: str) -> Paragraph | str:
        """The date; if it has passed, in red with the word "overdue" under it (legible in black and white)."""
        if due is not None and due < self.today:
            return Paragraph(f'<font color="{WARNING_HEX}"><b>{self.date(due)}</b><br/>'
                             f'<font size="6.5">{esc(overdue_word)}</font></font>', self.st.cell)
        return self.date(due)

    def mandate_table(self, rows: list[d.MandateRow], *, latest: dict[int, d.ProgressEntry] | None = None,
                      days_late: bool = False) -> LongTable:
        _ = self._
        overdue_word = _("overdue")
        if days_late:
            header = [_("Code"), _("Mandate"), _("Area"), _("Due"), _("Days late"), _("Status")]
            widths = [30 * mm, TEXT_WIDTH - (30 + 32 + 20 + 14 + 22) * mm, 32 * mm, 20 * mm, 14 * mm, 22 * mm]
            body = [[self.cell(r.code), self.mandate_title(r), self.cell(r.area), self.due_cell(r.due, overdue_word),
                     self.num((self.today - r.due).days), self.cell(_(r.status.label))] for r in rows]
            return self.table(header, body, widths, align=["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"])
        header = [_("Code"), _("Mandate"), _("Area"), _("Due"), _("Status")]
        widths = [30 * mm, TEXT_WIDTH - (30 + 32 + 20 + 22) * mm, 32 * mm, 20 * mm, 22 * mm]
        body = [[self.cell(r.code), self.mandate_title(r, (latest or {}).get(r.id)), self.cell(r.area),
                 self.due_cell(r.due, overdue_word) if r.status.is_open else self.date(r.due),
                 self.cell(_(r.status.label))] for r in rows]
        return self.table(header, body, widths)

    def activities(self, coordination: d.Coordination, since: dt.date | None, *, show_bodies: bool = False
                   ) -> list[Flowable]:
        _ = self._
        out: list[Flowable] = [self.subsubsection(_("Latest activities"))]
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
                markup = f"<b>{esc(a.subject)}</b>"
                if a.outcome.strip():
                    markup += f'<br/><font color="#5F6B7A">{esc(shorten(a.outcome, SNIPPET))}</font>'
                row = [self.date(a.date), self.cell(_(a.kind.label)), Paragraph(markup, self.st.cell)]
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
            overdue_word = _("overdue")
            rows = [[self.due_cell(a.due, overdue_word), self.cell(a.description), self.cell(a.owner),
                     self.cell(f"{a.activity} ({self.date(a.activity_date)})")] for a in actions.rows]
            out.append(self.table([_("Due"), _("Action"), _("Owner"), _("Activity")], rows,
                                  [20 * mm, TEXT_WIDTH - 110 * mm, 35 * mm, 55 * mm]))
        return out

    def milestone_table(self, rows: list[d.MilestoneRow], mode: str) -> LongTable:
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

    def milestones_blocks(self, info: d.IberBLH, since_text: str) -> list[Flowable]:
        _ = self._
        out: list[Flowable] = [self.subsection(_("Milestones achieved since {when}").format(when=since_text))]
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

    def programme_facts(self, info: d.IberBLH) -> list[Flowable]:
        _ = self._
        p = info.programme
        facts = [(_("Programme"), esc(f"{p.name} ({p.code})"))]
        if p.approved_summit or p.approved_on:
            approved = self.summit_name(p.approved_summit) if p.approved_summit else ""
            when = self.long(p.approved_on) if p.approved_on else ""
            facts.append((_("Approved"), esc(", ".join(x for x in (approved, when) if x))))
        if p.secretariat:
            facts.append((_("Technical unit"), esc(p.secretariat)))
        facts.append((_("Member countries"), self.num(p.members)))
        if p.objectives:
            facts.append((_("Objectives"), esc(p.objectives)))
        return [key_values(facts, self.st), Spacer(1, 4 * mm)]

    def annex(self, mandates: list[d.MandateFull], intro: str, empty: str,
              progress: Callable[[], None] | None = None) -> list[Flowable]:
        _ = self._
        out: list[Flowable] = self.section(_("Annex: full text of the open mandates"))
        if not mandates:
            out.append(self.empty(empty))
            return out
        out.append(self.p(esc(intro)))
        labels = {k: _(v) for k, v in (("source", N_("Source")), ("point", N_("point")), ("area", N_("Area")),
                                       ("officer", N_("Officer")), ("due", N_("Due")), ("status", N_("Status")),
                                       ("priority", N_("Priority")), ("to", N_("Addressees")),
                                       ("recurrence", N_("Recurrence")))}
        for m in mandates:
            r = m.row
            out.append(CondPageBreak(40 * mm))  # a mandate's heading never ends a page
            out.append(Paragraph(f"{esc(r.code)} · {esc(shorten(r.title, 600))}", self.st.annex_title))
            source = f"{_(m.document_kind.label)}"
            if m.document_number:
                source += f" {clean(m.document_number)}"
            if m.document_title:
                source += f": {clean(m.document_title)}"
            if m.point:
                source += f", {labels['point']} {clean(m.point)}"
            if m.source_summit:
                source += f" ({self.summit_short(m.source_summit, m.source_city, None)})"
            elif m.source_meeting:
                kind, number, city = m.source_meeting
                where = f", {clean(city)}" if city else ""
                source += f" ({self.meeting_name(kind, number, False)}{where})"
            meta = [f"<b>{esc(labels['source'])}:</b> {esc(source)}",
                    " · ".join(x for x in (
                        f"<b>{esc(labels['status'])}:</b> {esc(_(r.status.label))}",
                        f"<b>{esc(labels['due'])}:</b> {esc(self.date(r.due))}",
                        f"<b>{esc(labels['recurrence'])}:</b> {esc(_(m.recurrence.label))}",
                        f"<b>{esc(labels['priority'])}:</b> {esc(_(r.priority.label))}") if x)]
            who = [f"<b>{esc(labels['area'])}:</b> {esc(r.area)}" if r.area else "",
                   f"<b>{esc(labels['officer'])}:</b> {esc(m.officer)}" if m.officer else "",
                   f"<b>{esc(labels['to'])}:</b> {esc(', '.join(m.addressees))}" if m.addressees else ""]
            if any(who):
                meta.append(" · ".join(x for x in who if x))
            if m.earlier:  # issue 23: its earlier versions, in one line
                meta.append(f"<b>{esc(_('Earlier versions'))}:</b> {esc(' → '.join(m.earlier))}")
            out.append(Paragraph("<br/>".join(meta), self.st.annex_meta))
            text = clean(m.text).strip()
            if text:
                for block in text.split("\n\n"):
                    if block.strip():
                        out.append(Paragraph(esc(block.strip("\n")), self.st.body))
            else:
                out.append(self.note(_("The text of this mandate has not been recorded.")))
            if m.latest is not None:
                said = _("Latest progress ({date}):").format(date=self.long(m.latest.date))
                if m.latest.author:
                    said = _("Latest progress ({date}, {author}):").format(date=self.long(m.latest.date),
                                                                           author=clean(m.latest.author))
                out.append(Paragraph(f"<i>{esc(said)}</i> {esc(m.latest.text)}", self.st.small))
            out.append(Spacer(1, 2 * mm))
            if progress is not None:
                progress()
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
