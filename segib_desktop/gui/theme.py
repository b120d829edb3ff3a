"""The program's colours and type sizes, taken from the palette and font the system gives.

The house style (resources/styles/app.qss) has light panels and a burgundy accent. Under a dark Windows theme
(Qt 6 follows it on Windows 11) or a high-contrast one the palette's text is light: the panels' text came out
white on beige and the burgundy, blue and grey texts dark on a dark window (unreadable, issue 1 of the
accessibility review). So the style sheet is a template (``$name``) filled here from the palette:

- panels (the navigation, the tables' headers, the home page's cards) keep the house's light colours under a
  light palette and take a shade of the window's own under a dark one; every rule that paints a background
  gives its text colour too;
- the text colours (accent, links, warnings, hints) are the house's, made lighter or darker until they have
  4.5:1 (WCAG 1.4.3) against every background they are drawn on: under a light palette they already have it,
  so nothing changes there;
- the sizes (the navigation, page titles, the home page's figures) scale with the application's font, as
  Windows' text size makes it: they stayed at fixed points while the rest grew.

The style sheet is made again when the palette or the font changes while the program runs.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtCore import QObject
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from segib_desktop import paths

# The house's colours, drawn for a light window.
ACCENT = "#7a1f2b"
LINK = "#1f4e8c"
WARNING = "#b3261e"
HINT = "#5f5f5f"
LIGHT_PANELS = {"panel": "#f6f3ee", "panel_focus": "#efe7da", "border": "#ddd5c8", "rule": "#ebe6dd",
                "grid": "#e6e1d8", "card": "#ffffff", "card_hover": "#fbf8f3", "selected": "#ffffff"}
# Sizes for the default 9 pt font of Windows, as the style was drawn: the same proportions at any size.
BASE_POINTS = 9.0
SIZES = {"nav_size": 11, "title_size": 15, "figure_size": 22, "compact_figure_size": 14}
NAV_WIDTH = 190  # pixels


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: str | QColor, b: str | QColor) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, backgrounds: Sequence[str], ratio: float = 4.5) -> str:
    """``colour``, or the nearest of its hue made lighter (on dark backgrounds) or darker until it has
    ``ratio`` against each of ``backgrounds``."""
    if all(contrast(colour, b) >= ratio for b in backgrounds):
        return colour
    lighter = max(luminance(QColor(b)) for b in backgrounds) < 0.18
    hue, saturation, lightness, _alpha = QColor(colour).getHslF()
    steps = 50
    for step in range(1, steps + 1):
        target = lightness + (1 - lightness) * step / steps if lighter else lightness * (1 - step / steps)
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, target).name()
        if all(contrast(candidate, b) >= ratio for b in backgrounds):
            return candidate
    return "#ffffff" if lighter else "#000000"


def _mix(a: QColor, b: QColor, share: float) -> str:
    """``a`` with ``share`` of ``b``."""
    return QColor.fromRgbF(*(x + (y - x) * share for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3],
                                                                  strict=True))).name()


@dataclass(frozen=True)
class Colours:
    """What the style sheet and the painted widgets use, for one palette."""

    text: str  # on the panels and cards
    panel: str
    panel_focus: str
    border: str
    rule: str
    grid: str
    card: str
    card_hover: str
    selected: str  # the navigation's chosen page
    accent: str  # text and marks: titles, the chosen page, focus frames
    accent_fill: str  # behind white text: a selected row
    link: str
    warning: str  # overdue, delayed, errors
    hint: str
    caption: str  # a figure's words, on its card
    value: str  # a figure's number, on its card

    @cached_property
    def warning_brush(self) -> QBrush:  # a list's overdue rows: made once, asked for each of their cells
        return QBrush(QColor(self.warning))


def colours(palette: QPalette) -> Colours:
    role = QPalette.ColorRole
    window, text, base = palette.color(role.Window), palette.color(role.WindowText), palette.color(role.Base)
    if window.lightnessF() < 0.5:  # a dark theme
        panels = {"panel": _mix(window, text, 0.05), "panel_focus": _mix(window, text, 0.14),
                  "border": _mix(window, text, 0.3), "rule": _mix(window, text, 0.18),
                  "grid": _mix(base, text, 0.18), "card": _mix(window, text, 0.07),
                  "card_hover": _mix(window, text, 0.12), "selected": _mix(window, text, 0.16)}
    else:
        panels = dict(LIGHT_PANELS)
    backgrounds = [panels[k] for k in ("panel", "panel_focus", "card", "card_hover", "selected")]  # not lines
    grounds = [window.name(), base.name(), palette.color(role.AlternateBase).name(),
               palette.color(role.Button).name(), *backgrounds]
    return Colours(
        text=readable(text.name(), backgrounds), **panels,
        accent=readable(ACCENT, grounds), accent_fill=ACCENT, link=readable(LINK, grounds),
        warning=readable(WARNING, grounds), hint=readable(HINT, grounds),
        caption=readable("#555555", grounds), value=readable("#333333", grounds))


def sizes(font: QFont) -> dict[str, str]:
    """The style sheet's sizes, in proportion to ``font`` (in points, or pixels for a font set so): the type
    sizes, and the navigation's width (190 pixels at 9 points, its right border included), which holds the
    longest page name at any size ("Notas informativas" was cut at 14 points)."""
    points = font.pointSizeF()
    if points > 0:
        scale = points / BASE_POINTS
        found = {name: f"{size * scale:.1f}pt" for name, size in SIZES.items()}
    else:
        scale = font.pixelSize() / (BASE_POINTS * 96 / 72)
        found = {name: f"{round(size * scale * 96 / 72)}px" for name, size in SIZES.items()}
    return found | {"nav_width": f"{max(round(NAV_WIDTH * scale), NAV_WIDTH) - 1}px"}


def style_sheet(palette: QPalette, font: QFont) -> str:
    """resources/styles/app.qss filled in for ``palette`` and ``font``."""
    template = (paths.resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
    values = {k: v for k, v in vars(colours(palette)).items() if isinstance(v, str)}  # not the cached brush
    return string.Template(template).safe_substitute(values, **sizes(font))


_current: Colours | None = None  # the application palette's, made again by apply() when it changes


def current() -> Colours:
    """The colours of the application's palette (asked for each overdue cell a list paints: kept, not
    made again from the palette each time)."""
    global _current
    if _current is None:
        _current = colours(QApplication.palette())
    return _current


def warning_style(*, bold: bool = False) -> str:
    """A label's own style sheet for a warning or an error in words ("This field is required.")."""
    return f"color: {current().warning};" + (" font-weight: bold;" if bold else "")


class Follower(QObject):
    """Makes the style sheet again when the palette or the font changes (Windows' dark mode or text size
    switched while the program runs): signals, not an event filter, which would be a Python call per event.
    A child of the application: deleting it ends the following."""

    def __init__(self, qapp: QApplication):
        super().__init__(qapp)
        self.setObjectName("theme_follower")
        qapp.paletteChanged.connect(self.changed)
        qapp.fontChanged.connect(self.changed)

    def changed(self, *_args) -> None:
        apply(self.parent())


def apply(qapp: QApplication) -> None:
    """Styles the application for its palette and font, and again whenever they change."""
    global _current
    _current = colours(qapp.palette())
    sheet = style_sheet(qapp.palette(), qapp.font())
    if sheet != qapp.styleSheet():  # setting it polishes every widget again
        qapp.setStyleSheet(sheet)
    if qapp.findChild(Follower, "theme_follower") is None:
        Follower(qapp)
