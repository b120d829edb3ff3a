"""Screen readers and eyesight: every control named, focus visible, enough contrast (WCAG 2.1 ratios)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from segib_desktop import paths
from segib_desktop.gui import keyboard
from segib_desktop.gui.pages import PAGES
from tests.test_keyboard import db, open_every_dialog  # noqa: F401 (fixtures and the dialog walk)
from tests.test_mandates_gui import data  # noqa: F401


def unnamed(window: QWidget) -> list[str]:
    """The focusable controls of ``window`` that a screen reader would announce without a name."""
    out = []
    for widget in keyboard.focusable(window):
        if widget.isVisible() and not keyboard.accessible_name(widget):
            out.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return out


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_focusable_control_of_every_page_and_dialog_has_a_name(gui, qtbot, data, lang):  # noqa: F811
    gui.set_language(lang)
    window = gui.window
    problems = []
    for spec in PAGES:
        window.navigate(spec.key)
        qtbot.wait(30)
        problems += [f"{spec.key}: {p}" for p in unnamed(window)]
    for dialog in open_every_dialog(gui, qtbot):
        qtbot.wait(30)
        problems += [f"{dialog.objectName() or type(dialog).__name__}: {p}" for p in unnamed(dialog)]
        dialog.done(0)
    assert not problems, "\n".join(problems)


def test_form_labels_point_at_the_field_not_at_a_box_around_it(gui, qtbot, data):  # noqa: F811
    page = gui.window.navigate("mandates")
    form = page.open_record(None)
    buddies = {label.buddy() for label in form.findChildren(QLabel) if label.buddy() is not None}
    fields = {f.widget for f in form.fields if f.label}
    assert fields <= buddies
    assert keyboard.accessible_name(form.widget("title")).startswith("Título")
    form.done(0)


def test_a_table_on_a_forms_tab_is_named_after_its_tab_not_the_window(gui, qtbot, data):  # noqa: F811
    """A screen reader heard "Mandato XXII-DEC-7" for the progress log's table and the coordination's."""
    form = gui.window.navigate("mandates").open_record(data["m1"])
    qtbot.waitExposed(form)
    for tab in (form.progress, form.coordination):
        form.tabs.setCurrentWidget(tab)
        keyboard.name_controls(form)  # as the policy does when a tab shows
    assert (form.progress.view.accessibleName(), form.coordination.view.accessibleName()) == (
        "Seguimiento", "Coordinación")
    form.done(0)


# --- contrast (WCAG 2.1: text 4.5:1, graphics 3:1)
def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) for each rule of a Qt style sheet."""
    rules = []
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css.replace("{{", "{").replace("}}", "}")):
        props = dict((k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p))
        rules.append((selector.strip(), props))
    return rules


def _colour(value: str, names: dict[str, str]) -> str | None:
    value = names.get(value.strip("{} "), value)
    match = re.search(r"#[0-9a-fA-F]{6}\b", value)
    return match.group(0) if match else None


def test_text_in_the_style_sheets_has_4_5_to_1_against_its_background(qapp):
    """Every rule that sets a text colour, against its own background or the window's (the palette's)."""
    from segib_desktop.gui.pages import home

    palette = qapp.palette()
    window_bg = palette.color(QPalette.ColorRole.Window).name()
    base_bg = palette.color(QPalette.ColorRole.Base).name()
    names = {k: v for k, v in vars(home).items() if isinstance(v, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", v)}
    sheets = {"app.qss": (paths.resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8"),
              "home": home.STYLE}
    problems = []
    for name, css in sheets.items():
        for selector, props in _rules(css):
            text = _colour(props.get("color", ""), names)
            if text is None:
                continue
            backgrounds = [_colour(props.get("background", ""), names) or _colour(props.get("background-color", ""),
                                                                                 names)]
            backgrounds = [b for b in backgrounds if b] or [window_bg, base_bg, "#ffffff"]
            for background in backgrounds:
                ratio = contrast(text, background)
                if ratio < 4.5:
                    problems.append(f"{name} {selector}: {text} on {background} is {ratio:.2f}:1")
    # the selected row of a table and of the navigation list
    problems += [f"selection {t} on {b}: {contrast(t, b):.2f}" for t, b in (("#ffffff", "#7a1f2b"),
                                                                             ("#7a1f2b", "#ffffff"))
                 if contrast(t, b) < 4.5]
    assert not problems, "\n".join(problems)


def test_the_chart_colours_have_3_to_1_against_their_background():
    """The home page's status charts (on white cards) and the IberBLH timeline's marks."""
    from segib_desktop.gui.pages import home, programmes

    problems = []
    for status, colour in home.MANDATE_COLOURS.items():
        if contrast(colour, "#ffffff") < 3:
            problems.append(f"mandates {status}: {colour} {contrast(colour, '#ffffff'):.2f}:1")
    for value, _label, colour in home.MILESTONE_SEGMENTS:
        if contrast(colour, "#ffffff") < 3:
            problems.append(f"milestones {value}: {colour} {contrast(colour, '#ffffff'):.2f}:1")
    for name in ("ACHIEVED_COLOUR", "IN_PROGRESS_COLOUR", "DELAYED_COLOUR", "CANCELLED_COLOUR", "TODAY_COLOUR",
                 "PLANNED_LINE"):
        colour = getattr(programmes, name)
        if contrast(colour, "#ffffff") < 3:
            problems.append(f"timeline {name}: {colour.name()} {contrast(colour, '#ffffff'):.2f}:1")
    assert not problems, "\n".join(problems)


def test_focus_is_visible_on_the_navigation_and_in_tables():
    """The style sheet draws a focus mark where Qt's own is switched off (outline: 0) or hidden."""
    css = (paths.resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
    selectors = {selector for selector, _props in _rules(css)}
    assert "QListWidget#navigation:focus" in selectors
    assert any(s.startswith("QTableView:focus") for s in selectors)
