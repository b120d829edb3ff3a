"""How a meeting is called: "IV Reunión de Coordinadores Nacionales", one rule for every screen.

No SQLAlchemy and no Qt here: the home page's next meetings (drawn before SQLAlchemy is
imported), the Meetings page and the briefings all name a meeting with ``meeting_name``.
"""

from __future__ import annotations

from segib_desktop.core.enums import MeetingKind
from segib_desktop.i18n import N_, Translator, active, to_roman

# How a meeting is called, by kind: (ordinary, extraordinary). Sectoral ones take the sector.
MEETING_TITLES = {
    MeetingKind.FOREIGN_MINISTERS: (N_("Meeting of Foreign Ministers"),
                                    N_("Extraordinary Meeting of Foreign Ministers")),
    MeetingKind.NATIONAL_COORDINATORS: (N_("Meeting of National Coordinators"),
                                        N_("Extraordinary Meeting of National Coordinators")),
    MeetingKind.COOPERATION_OFFICERS: (N_("Meeting of Cooperation Officers"),
                                       N_("Extraordinary Meeting of Cooperation Officers")),
    MeetingKind.COORDINATORS_AND_OFFICERS: (
        N_("Meeting of National Coordinators and Cooperation Officers"),
        N_("Extraordinary Meeting of National Coordinators and Cooperation Officers")),
    MeetingKind.SECTORAL: (N_("Ibero-American Ministerial Meeting on {sector}"),
                           N_("Extraordinary Ibero-American Ministerial Meeting on {sector}")),
    MeetingKind.CODEI: (N_("Meeting of the CODEI"), N_("Extraordinary Meeting of the CODEI")),
}
# A meeting of another kind goes by the name written for it; without one, by these words, not its kind's
# label alone ("Otro").
UNNAMED = {MeetingKind.OTHER: N_("Other meeting")}
EXTRAORDINARY = N_("{name} (extraordinary)")
SUMMIT_TITLE = N_("{number} Ibero-American Summit")


def meeting_name(kind: MeetingKind, number: int | None, extraordinary: bool, sector: str = "",
                 t: Translator | None = None) -> str:
    """"IV Reunión de Coordinadores Nacionales": the name a meeting goes by, in ``t``'s language.

    Forums and other meetings go by the name written in their sector/name field.
    """
    t = t or active()
    kind = MeetingKind(kind)  # a combo box hands the value back as a plain string
    sector = (sector or "").strip()
    if kind in MEETING_TITLES and not (kind is MeetingKind.SECTORAL and not sector):
        name = t(MEETING_TITLES[kind][1 if extraordinary else 0]).format(sector=sector)
    else:
        name = sector or t(UNNAMED.get(kind, kind.label))
        if extraordinary:
            name = t(EXTRAORDINARY).format(name=name)
    return f"{to_roman(number)} {name}" if number else name


def summit_name(number: int, t: Translator | None = None) -> str:
    """"XXX Cumbre Iberoamericana"."""
    return (t or active())(SUMMIT_TITLE).format(number=to_roman(number))
