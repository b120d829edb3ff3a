"""Screen readers and eyesight: every control named, focus visible, enough contrast (WCAG 2.1 ratios)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from segib_desktop import gui as gui_package
from segib_desktop import paths
from segib_desktop.gui import keyboard, theme
from segib_desktop.gui.pages import PAGES
from tests.test_keyboard import active_dialog, back_to, db, focus, open_every_dialog, press  # noqa: F401
from tests.test_mandates_gui import data  # noqa: F401


def unnamed(window: QWidget) -> list[str]:
    """The focusable controls of ``window`` that a screen reader would announce without a name."""
    out = []
    for widget in keyboard.focusable(window):
        if widget.isVisible() and not keyboard.accessible_name(widget):
            out.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return out


def named_alike(window: QWidget) -> list[str]:
    """The focusable controls that ``window`` shows under one name: a screen reader cannot tell them apart
    (the spreadsheet import's two tables were both the window's title, IberBLH's "From" and "To" years both
    the tab's)."""
    from PySide6.QtWidgets import QTabBar

    seen: dict[str, QWidget] = {}
    out = []
    for widget in keyboard.focusable(window):
        if not widget.isVisible() or isinstance(widget, QTabBar):  # a bar of tabs is read by the tab chosen
            continue
        name = widget.accessibleName() or keyboard.accessible_name(widget)  # (Linux reads a choice's value)
        if name in seen:
            out.append(f"{type(widget).__name__} {widget.objectName()!r} and {type(seen[name]).__name__} "
                       f"{seen[name].objectName()!r} are both {name!r}")
        elif name:
            seen[name] = widget
    return out


def every_tab(qtbot, widget: QWidget):
    """Each tab of ``widget``'s tab widgets shown in turn (yields nothing new to a widget without tabs)."""
    from PySide6.QtWidgets import QTabWidget

    yield
    for tabs in widget.findChildren(QTabWidget):
        if tabs.isVisible() and tabs.window() is widget.window():
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(30)  # the policy names what shows on the event loop's next turn
                yield
            tabs.setCurrentIndex(0)


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_focusable_control_of_every_page_and_dialog_has_a_name_of_its_own(gui, qtbot, data, lang):  # noqa: F811
    gui.set_language(lang)
    window = gui.window
    problems = []
    for spec in PAGES:
        page = window.navigate(spec.key)
        qtbot.wait(30)
        for _shown in every_tab(qtbot, page):
            problems += [f"{spec.key}: {p}" for p in unnamed(window) + named_alike(window)]
    for dialog in [*open_every_dialog(gui, qtbot), *open_more_dialogs(gui, qtbot, data)]:
        qtbot.wait(30)
        for _shown in every_tab(qtbot, dialog):
            problems += [f"{dialog.objectName() or type(dialog).__name__}: {p}"
                         for p in unnamed(dialog) + named_alike(dialog)]
        dialog.done(0)
    assert not problems, "\n".join(problems)


def test_boxes_and_tables_are_named_by_what_they_hold_not_by_their_window(gui, qtbot, data):  # noqa: F811
    """Named after their window or tab, or after a long tooltip, or after "Any year" once a year was chosen."""
    window = gui.window
    found = {}
    for key, names in (("mandates", ("due_filter",)), ("coordination", ("due_by",)),
                       ("iberblh", ("timeline_from", "timeline_to", "indicators_year", "list_year")),
                       ("briefings", ("preview",))):
        page = window.navigate(key)
        qtbot.wait(30)  # the policy names what shows on the event loop's next turn
        for _shown in every_tab(qtbot, page):
            for name in names:
                for widget in page.findChildren(QWidget, name):
                    if widget.isVisible():
                        found[name] = keyboard.accessible_name(widget)
    form = window.navigate("mandates").open_record(data["m1"])
    qtbot.wait(30)
    found["similar_view"] = keyboard.accessible_name(form.findChild(QWidget, "similar_view"))
    form.done(0)
    for dialog in open_more_dialogs(gui, qtbot, data):
        qtbot.wait(30)
        for name in ("xlsx_mapping", "xlsx_preview", "left_text", "right_text"):
            if (widget := dialog.findChild(QWidget, name)) is not None:
                found[f"{type(dialog).__name__} {name}"] = keyboard.accessible_name(widget)
        dialog.done(0)
    assert found == {
        "due_filter": "Vencen en … días", "due_by": "Vencen hasta", "timeline_from": "Desde el año",
        "timeline_to": "Hasta el año", "indicators_year": "Año", "list_year": "Año",
        "preview": "Vista previa de la nota informativa", "similar_view": "Mandatos existentes parecidos a este",
        "XlsxImportDialog xlsx_mapping": "Qué campo llena cada columna",
        "XlsxImportDialog xlsx_preview": "Vista previa de las filas",
        "OverlapsDialog left_text": "Mandato de la izquierda", "OverlapsDialog right_text": "Mandato de la derecha",
        "CompareDialog left_text": "Mandato de la izquierda", "CompareDialog right_text": "Mandato de la derecha"}


def open_more_dialogs(gui, qtbot, data):  # noqa: F811
    """The dialogs with two boxes or tables side by side: the spreadsheet import, the overlapping mandates and
    the comparison of two mandates."""
    from segib_desktop.gui.widgets.similar import CompareDialog
    from segib_desktop.gui.xlsx_import import XlsxImportDialog

    window = gui.window
    sheet = XlsxImportDialog(window.ctx, parent=window)
    sheet.open()
    yield sheet
    window.findChild(type(window.menuBar().actions()[0]), "overlaps_action").trigger()
    yield window.overlaps_dialog
    compare = CompareDialog(window.ctx, title="Informe", text="Informe sobre la ejecución", other_id=data["m1"],
                            score=0.9, mandate_id=data["m2"], heading="Lo escrito", parent=window)
    compare.open()
    yield compare


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


def heard(qtbot, window: QWidget) -> dict[str, str]:
    """What a screen reader says for each control as Tab goes once round ``window`` (by object name): the name
    it was given, else the one Qt finds. (On Linux Qt reads a list of choices by its value, whatever its name:
    the name is what Windows reads.)"""
    from PySide6.QtCore import Qt

    names: dict[str, str] = {}
    for _ in range(60):
        widget = focus()
        if widget.objectName() in names:
            break
        names[widget.objectName()] = widget.accessibleName() or keyboard.accessible_name(widget)
        press(qtbot, Qt.Key.Key_Tab)
    return names


def test_a_labelled_field_is_named_by_its_label_not_by_its_tooltip(gui, qtbot, data):  # noqa: F811
    """Both date fields of Export calendar were named after their common tooltip ("Type the date as…"),
    though the labels From and To pointed at them; the paste dialog's area and priority had labels beside
    them that pointed at nothing."""
    gui.set_language("pt")
    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.findChild(type(window.menuBar().actions()[0]), "export_calendar").trigger()
    dialog = active_dialog(qtbot)
    qtbot.wait(30)  # the policy names the controls on the event loop's next turn
    first, last = dialog.findChild(QWidget, "calendar_from"), dialog.findChild(QWidget, "calendar_to")
    assert first.hasFocus()
    assert (first.accessibleName(), last.accessibleName()) == ("Desde", "Até (vazio: sem fim)")
    assert first.toolTip() == last.toolTip()  # the tooltip stays, read as their description
    dialog.reject()
    back_to(qtbot, window)

    paste = window.navigate("mandates").paste_document()
    assert active_dialog(qtbot) is paste
    qtbot.wait(30)
    names = heard(qtbot, paste)  # Tab from the document to the area and the date (Tab then goes inside it)
    assert (names["document"], names["area"], names["due_date"]) == ("Documento de origem", "Área responsável", "Prazo")
    assert paste.priority.accessibleName() == "Prioridade"
    paste.reject()


def test_every_filter_says_what_it_filters(gui, qtbot, data):  # noqa: F811
    """The lists' filters had no name: a screen reader read "Todos os status", or "Em andamento" once chosen
    (and on Windows, the page's name for each of them). Each list of choices on each page and tab has a name
    of its own, which is neither its choice nor where it is."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QTabWidget

    gui.set_language("pt")
    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    problems, filters = [], set()
    for row, spec in enumerate(PAGES):
        window.nav.setFocus()
        press(qtbot, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        page = window.pages[spec.key]
        tabs = next(iter(page.findChildren(QTabWidget)), None)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            qtbot.wait(30)  # the policy names what shows on the event loop's next turn
            where = {page.accessibleName()} | ({tabs.tabText(index).replace("&", "")} if tabs is not None else set())
            names = []
            for combo in page.findChildren(QComboBox):
                if not combo.isVisible():
                    continue
                name = combo.accessibleName()
                names.append(name)
                if not name or name == combo.currentText() or name in where:
                    problems.append(f"{spec.key} {sorted(where)}: {combo.objectName()} is named {name!r}")
                if name.startswith("Filtrar por "):
                    filters.add(combo.objectName())
            if len(set(names)) != len(names):
                problems.append(f"{spec.key} {sorted(where)}: two named alike in {names}")
    assert not problems, "\n".join(problems)
    assert {"status_filter", "kind_filter", "area_filter", "addressee_filter", "source_filter", "country_filter",
            "cycle_filter", "body_filter", "owner_filter", "year_filter", "list_status", "timeline_category"} <= filters

    # as Tab goes from the filter box of Mandates to its list
    page = window.navigate("mandates")
    page.filter_edit.setFocus()
    names = heard(qtbot, window)
    assert [names[n] for n in ("source_filter", "kind_filter", "status_filter", "area_filter", "addressee_filter")] \
        == ["Filtrar por cúpula ou reunião", "Filtrar por tipo de documento", "Filtrar por status", "Filtrar por área",
            "Filtrar por destinatário"]


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


def _colour(value: str) -> str | None:
    match = re.search(r"#[0-9a-fA-F]{6}\b", value)
    return match.group(0) if match else None


def dark_palette() -> QPalette:
    """What Qt 6 gives on Windows 11 in dark mode (its windows11 style follows the system's colour scheme)."""
    return _palette(Window="#202020", WindowText="#ffffff", Base="#1c1c1c", AlternateBase="#2b2b2b",
                    Text="#ffffff", Button="#2d2d2d", ButtonText="#ffffff", Highlight="#0078d4",
                    HighlightedText="#ffffff", Link="#4cc2ff", PlaceholderText="#a0a0a0")


def high_contrast_palette() -> QPalette:
    """Windows' "High contrast black" through the system colours: white text on black, yellow links."""
    return _palette(Window="#000000", WindowText="#ffffff", Base="#000000", AlternateBase="#000000",
                    Text="#ffffff", Button="#000000", ButtonText="#ffffff", Highlight="#1aebff",
                    HighlightedText="#000000", Link="#ffff00", PlaceholderText="#c0c0c0")


def _palette(**colours: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


PALETTES = {"light": None, "dark": dark_palette, "high contrast": high_contrast_palette}


@pytest.mark.parametrize("which", list(PALETTES))
def test_text_in_the_style_sheets_has_4_5_to_1_against_its_background(qapp, which):
    """Every rule's text against its own background, else the window's and every panel's, under a light,
    a dark and a high-contrast palette. A rule that paints a background and gives no text colour has the
    palette's text on it (the navigation's page names, the tables' headers): white on beige under a dark
    theme, 1.1:1."""
    palette = qapp.palette() if PALETTES[which] is None else PALETTES[which]()
    role = QPalette.ColorRole
    palette_texts = {palette.color(r).name() for r in (role.Text, role.WindowText, role.ButtonText)}
    rules = _rules(theme.style_sheet(palette, qapp.font()))
    grounds = {palette.color(role.Window).name(), palette.color(role.Base).name()}
    grounds |= {_colour(props.get("background", "")) for selector, props in rules if "::" not in selector} - {None}
    problems = []
    for selector, props in rules:
        background = _colour(props.get("background", "")) or _colour(props.get("background-color", ""))
        text = _colour(props.get("color", ""))
        if text is None and background is None:
            continue
        for t in [text] if text else sorted(palette_texts):
            for b in [background] if background else sorted(grounds):
                if contrast(t, b) < 4.5:
                    problems.append(f"{selector}: {t} on {b} is {contrast(t, b):.2f}:1")
    # what is painted in code: a figure's number and words on its card, a chart's "no data", a list's
    # overdue rows (on the rows' two colours), an error under a field
    c = theme.colours(palette)
    for name, on in (("value", (c.card, c.card_hover)), ("caption", (c.card, c.card_hover)),
                     ("hint", (c.card, palette.color(role.Window).name())),
                     ("warning", (c.card, palette.color(role.Base).name(), palette.color(role.AlternateBase).name(),
                                  palette.color(role.Window).name(), palette.color(role.Button).name()))):
        problems += [f"{name} {getattr(c, name)} on {b}: {contrast(getattr(c, name), b):.2f}:1" for b in on
                     if contrast(getattr(c, name), b) < 4.5]
    # the selected row of a table and of the navigation list
    problems += [f"selection {t} on {b}: {contrast(t, b):.2f}" for t, b in (("#ffffff", c.accent_fill),
                                                                             (c.accent, c.selected))
                 if contrast(t, b) < 4.5]
    assert not problems, "\n".join(problems)


def test_no_widget_sets_a_fixed_text_colour_without_its_background():
    """A label's own style sheet with a fixed colour ("color: #b3261e", "color: {DELAYED_COLOUR}") was dark
    red on a dark theme (2.5:1): warnings take theme.warning_style(), made for the palette; a fixed colour
    comes with its own fixed background (the stale-data bar, the banners)."""
    problems = []
    for path in sorted((Path(gui_package.__file__).parent).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"setStyleSheet\((.*?)\)\n", text, flags=re.DOTALL):
            call = match.group(1)
            if re.search(r"(?<!-)color:\s*[#{]", call) and "background" not in call:
                problems.append(f"{path.name}: {call.splitlines()[0].strip()}")
    assert not problems, "\n".join(problems)


def test_the_house_style_is_unchanged_under_a_light_palette(qapp):
    """The colours made readable under a dark theme are the house's own under a light one."""
    c = theme.colours(qapp.palette())
    assert (c.accent, c.link, c.warning, c.hint, c.panel, c.caption, c.value) == \
        (theme.ACCENT, theme.LINK, theme.WARNING, theme.HINT, "#f6f3ee", "#555555", "#333333")


def test_the_style_follows_the_palette_and_the_font_chosen_while_the_program_runs(qapp, qtbot):
    """Windows' dark mode or text size switched while the program runs: the style sheet is made again."""
    from segib_desktop.gui.pages.home import FigureCard

    palette, font, sheet = qapp.palette(), qapp.font(), qapp.styleSheet()
    card = FigureCard("x", "words")
    qtbot.addWidget(card)
    card.set_figure(3, warning=True)
    card.show()
    try:
        theme.apply(qapp)
        light = theme.current().warning
        assert card.value_label.palette().color(QPalette.ColorRole.WindowText).name() == light
        qapp.setPalette(dark_palette())
        dark = theme.colours(dark_palette())
        assert theme.current() == dark and dark.warning != light
        assert f"color: {dark.accent}" in qapp.styleSheet()
        qtbot.waitUntil(lambda: card.value_label.palette().color(QPalette.ColorRole.WindowText).name()
                        == dark.warning)
        bigger = QFont(font)
        bigger.setPointSizeF(font.pointSizeF() * 2)
        qapp.setFont(bigger)
        assert f"font-size: {theme.sizes(bigger)['nav_size']}" in qapp.styleSheet()
        assert float(theme.sizes(bigger)["nav_size"][:-2]) > bigger.pointSizeF()  # larger than the text, as drawn
    finally:
        shiboken6.delete(qapp.findChild(theme.Follower))  # the other tests run without the program's style
        qapp.setPalette(palette)
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
        theme.apply(qapp)  # its colours, for the light palette again
        shiboken6.delete(qapp.findChild(theme.Follower))
        qapp.setStyleSheet(sheet)


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


def test_a_fields_error_and_being_required_are_heard_with_its_name(gui, qtbot, data, monkeypatch):  # noqa: F811
    """Save on an empty new mandate: a screen reader heard the first wrong field's name alone, not what was
    wrong (the red line under it is a label of its own), nor the form's general error, nor before that which
    fields are required (the label's " *" is not read). Each field's error is now its description, told to the
    screen reader as it changes, "Obligatorio" when there is none; the general error is said at once."""
    from PySide6.QtGui import QAccessible

    told = []
    update = QAccessible.updateAccessibility

    def record(event):  # what goes to the screen reader (offscreen there is none to ask)
        kind = event.type()
        told.append((kind, event.object(), event.message() if kind == QAccessible.Event.Announcement else ""))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)

    def description(key: str) -> str:
        widget = form.widget(key)
        return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)

    form = gui.window.navigate("mandates").open_record(None)
    assert active_dialog(qtbot) is form
    assert (description("document_id"), description("title"), description("point")) == (
        "Obligatorio", "Obligatorio", "Como figura en el texto: 12, 1.a")  # the point's tooltip, not required
    told.clear()
    assert form.save() is False
    assert focus() is form.widget("document_id")
    assert description("document_id") == description("title") == "Este campo es obligatorio."
    assert (QAccessible.Event.DescriptionChanged, form.widget("title"), "") in told
    general = form.general_error.text()
    assert general and (QAccessible.Event.Announcement, form.general_error, general) in told

    form.widget("title").setText("Informe anual")
    told.clear()
    assert form.save() is False
    assert description("title") == "Obligatorio" and description("document_id") == "Este campo es obligatorio."
    assert (QAccessible.Event.DescriptionChanged, form.widget("title"), "") in told
    form.done(0)
