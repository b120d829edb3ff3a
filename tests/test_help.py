"""The user guide: every page has its section, every language every section, F1 opens it, it ships."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from segib_desktop import i18n
from segib_desktop.gui import help as help_module
from segib_desktop.gui.pages import PAGES
from tests.test_keyboard import db  # noqa: F401 (the program's own database, for the fixture below)
from tests.test_mandates_gui import data  # noqa: F401 (a summit, a meeting and mandates whose forms have tabs)

ROOT = Path(__file__).resolve().parent.parent
SECTION_NAMES = [s for s, _title in help_module.SECTIONS]


def test_every_page_has_a_section():
    assert {p.key for p in PAGES} <= set(help_module.PAGE_SECTIONS)
    assert set(help_module.PAGE_SECTIONS.values()) <= set(SECTION_NAMES)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_language_has_every_section_titled_as_the_contents_say(lang):
    folder = help_module.help_dir(lang)
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(SECTION_NAMES)
    i18n.set_language(lang)
    for section, title in help_module.SECTIONS:
        text = (folder / f"{section}.md").read_text(encoding="utf-8")
        assert text.splitlines()[0] == f"# {i18n._(title)}", (lang, section)
        assert len(text.split()) > 80, (lang, section)  # a real section, not a stub
        for link in re.findall(r"\]\(([^)]+)\)", text):  # links between sections lead somewhere
            assert Path(link).stem in SECTION_NAMES and (folder / link).exists(), (lang, section, link)


def test_the_tasks_of_the_officers_are_all_there():
    assert {"summit-cycle", "programme-of-action", "mandates", "codei", "iberblh", "briefings", "backups",
            "exchange"} <= set(SECTION_NAMES)


# What the guide writes in bold besides the program's own words: keys, and a few words it stresses.
KEYS = re.compile(r"Ctrl|Alt\b|Shift|Mayús|\bF\d+\b|Intro|Enter|Esc|Tab|Supr|Delete|\bDel\b|Flecha|Seta|arrow|Espacio|"
                  r"Espaço|Space")
STRESSED = {
    "es": {"estado", "páginas", "filtro", "ciclo", "retrasado", "abrirla solo para lectura", "restaurar una copia",
           "Guardar"},  # Guardar: Qt's own Save button
    "pt": {"status", "páginas", "filtro", "ciclo", "atrasado", "abri-lo somente para leitura", "restaurar uma cópia",
           "Salvar"},
    "en": {"status", "pages", "filter", "cycle", "delayed", "open it read-only", "restore a backup", "Save"},
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_guide_names_buttons_tabs_and_menus_in_the_programs_own_words(lang):
    """A tab, button or menu the guide names in bold ("the **Progress log** tab", "**View > Overlapping
    mandates…**") is written as the program shows it in that language (the guide said "Avance" for the tab
    that reads "Seguimiento")."""
    catalogue = i18n.read_language(ROOT / "resources" / "i18n" / ("es" if lang == "en" else lang))
    words = [key.split("\x04")[-1] for key in catalogue] if lang == "en" else list(catalogue.values())
    own = {w.replace("&", "").rstrip(":") for w in words}
    for page in help_module.help_dir(lang).glob("*.md"):
        for term in re.findall(r"\*\*([^*]+)\*\*", page.read_text(encoding="utf-8")):
            if KEYS.search(term) or term in STRESSED[lang]:
                continue
            assert all(part.strip() in own for part in term.split(">")), (lang, page.name, term)


TAB_IN_GUIDE = {"es": r"pestaña \*\*([^*]+)\*\*", "pt": r"aba \*\*([^*]+)\*\*", "en": r"\*\*([^*]+)\*\* tab"}
# How the guide names a form whose tabs it names (patterns; a page it names in bold, by its title).
FORMS_IN_GUIDE = {
    "es": {r"ficha de (la|una) cumbre": "summit form", r"ficha de (la|una) reunión": "meeting form",
           r"Abra el mandato": "mandate form"},
    "pt": {r"ficha d(a|e uma) cúpula": "summit form", r"ficha d(a|e uma) reunião": "meeting form",
           r"Abra o mandato": "mandate form"},
    "en": {r"summit's form": "summit form", r"meeting's form": "meeting form", r"Open the mandate": "mandate form"},
}


def tabs_named(text: str, lang: str, pages: dict[str, str]) -> list[tuple[str | None, str]]:
    """(where, tab) for each tab ``text`` names: where is the page (named in bold by its title, ``pages``) or the
    form (``FORMS_IN_GUIDE``) named last before it in the same section (None: nowhere)."""
    tabs = [(m.start(1), "tab", m.group(1)) for m in re.finditer(TAB_IN_GUIDE[lang], text)]
    at_tab = {start for start, _kind, _name in tabs}
    events = tabs + [(m.start(), "section", None) for m in re.finditer(r"^#+ ", text, re.MULTILINE)]
    events += [(m.start(1), "place", pages[m.group(1)]) for m in re.finditer(r"\*\*([^*]+)\*\*", text)
               if m.group(1) in pages and m.start(1) not in at_tab]
    events += [(m.start(), "place", form) for pattern, form in FORMS_IN_GUIDE[lang].items()
               for m in re.finditer(pattern, text)]
    where, named = None, []
    for _start, kind, value in sorted(events, key=lambda e: e[0]):
        if kind == "section":
            where = None
        elif kind == "place":
            where = value
        else:
            named.append((where, value))
    return named


def test_a_tab_is_placed_where_the_guide_names_it():
    text = ("# T\n\nIn the summit's form, the **Meetings of the cycle** tab…; on **Meetings**, **New** adds one.\n"
            "3. The **Documents adopted** tab…\n\n## Other\n\nThe **History** tab…")
    assert tabs_named(text, "en", {"Meetings": "meetings"}) == [
        ("summit form", "Meetings of the cycle"), ("meetings", "Documents adopted"), (None, "History")]


def tab_texts(widget) -> set[str]:
    """The titles of the tabs ``widget`` shows (its own window's), without their mnemonic or their count."""
    from PySide6.QtWidgets import QTabBar

    return {re.sub(r" \(\d+\)$", "", bar.tabText(i).replace("&", ""))
            for bar in widget.findChildren(QTabBar) if bar.window() is widget.window() for i in range(bar.count())}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_tab_the_guide_names_is_a_tab_of_the_page_or_form_it_names(gui, qtbot, data, lang):  # noqa: F811
    """ "go to the **Progress** tab": the tab reads "Progress log" (es "Seguimiento", not "Avance"). And where
    the guide says it is: "in the summit's form, … the **Documents adopted** tab" was the meeting form's tab
    (the summit form's is "Documents and mandates"), which a check against every tab of the program let by."""
    gui.set_language(lang)
    window = gui.window
    places: dict[str, set[str]] = {}
    for spec in PAGES:
        places[spec.key] = tab_texts(window.navigate(spec.key))
    for where, page, record_id in (("summit form", "summits", data["summit29"]),
                                   ("meeting form", "meetings", data["meeting"]),
                                   ("mandate form", "mandates", data["m1"])):
        shown = window.navigate(page)
        form = (shown.meetings if page == "meetings" else shown).open_record(record_id)
        places[where] = tab_texts(form)
        form.done(0)
    assert i18n._("Documents and mandates") in places["summit form"]
    assert i18n._("Documents adopted") in places["meeting form"] and i18n._("Progress log") in places["mandate form"]

    titles = {i18n._(spec.title): spec.key for spec in PAGES}
    named = [(page.name, where, name) for page in help_module.help_dir(lang).glob("*.md")
             for where, name in tabs_named(page.read_text(encoding="utf-8"), lang, titles)]
    assert len(named) >= 8
    assert [(page, where, name) for page, where, name in named if where is None or name not in places[where]] == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_f1_opens_the_section_of_the_page_shown_in_the_language_shown(gui, qtbot, lang):
    gui.set_language(lang)
    window = gui.window
    for spec in PAGES:
        window.navigate(spec.key)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        qtbot.keyClick(window.nav, Qt.Key.Key_F1)
        guide = window.help_window
        assert guide.isVisible() and guide.section == help_module.section_for_page(spec.key)
        expected = (help_module.help_dir(lang) / f"{guide.section}.md").read_text(encoding="utf-8")
        heading = expected.splitlines()[0].lstrip("# ")
        assert guide.browser.toPlainText().startswith(heading)
        guide.hide()


def guide_takes_keys(guide) -> bool:
    """A key typed into the guide as the system sends it (a modal dialog's blocked windows get none): Down in
    its contents goes to the next section."""
    from PySide6.QtTest import QTest

    guide.contents.setFocus()
    before = guide.section
    QTest.keyClick(guide.windowHandle(), Qt.Key.Key_Down)
    moved = guide.section != before
    if moved:
        QTest.keyClick(guide.windowHandle(), Qt.Key.Key_Up)
    return moved


def test_f1_in_a_form_or_a_dialog_opens_the_guide_at_its_section_over_it(gui, qtbot, data):  # noqa: F811
    """F1 did nothing in the 20 forms and 15 dialogs: the main window's F1 is not heard in a window of its own.
    It opens the guide at the form's section, and the guide takes the keyboard though the form is modal (it
    blocks every other window), the form's own dialogs too; the form closed, the guide stays, usable."""
    from tests.test_keyboard import active_dialog, press

    window = gui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    form = window.navigate("mandates").open_record(data["m1"])
    assert active_dialog(qtbot) is form
    press(qtbot, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide.isVisible() and guide.section == "mandates"
    assert guide.browser.toPlainText().startswith("Seguir un mandato")
    assert guide_takes_keys(guide)

    form.tabs.setCurrentWidget(form.progress)
    entry = form.progress.add_entry()  # a dialog over the form: F1 there, the guide over both
    entry.activateWindow()
    qtbot.waitUntil(lambda: focus_in(entry), timeout=5000)
    guide.show_section("start")
    press(qtbot, Qt.Key.Key_F1)
    assert guide.section == "mandates" and guide_takes_keys(guide)
    entry.done(0)
    assert guide.isVisible() and guide_takes_keys(guide)  # back over the form, which is still open
    form.done(0)
    assert guide.isVisible() and guide_takes_keys(guide)
    guide.hide()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.findChild(type(window.menuBar().actions()[0]), "export_calendar").trigger()
    dialog = active_dialog(qtbot)
    press(qtbot, Qt.Key.Key_F1)
    assert guide.isVisible() and guide.section == "exchange" and guide_takes_keys(guide)
    dialog.reject()


def focus_in(window) -> bool:
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget() is not None and QApplication.focusWidget().window() is window


def test_every_form_and_dialog_names_a_section_of_the_guide():
    """The sections the forms and dialogs name for F1 are sections of the guide."""
    import importlib
    import pkgutil

    from PySide6.QtWidgets import QDialog

    import segib_desktop.gui as gui_package

    named = {}
    for module in pkgutil.walk_packages(gui_package.__path__, "segib_desktop.gui."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, QDialog) and "help_section" in vars(value):
                named[value.__name__] = value.help_section
    assert {"MandateForm", "ProgressForm", "ActivityForm", "BodyForm", "ContactForm", "MilestoneForm",
            "ProgrammeForm", "SummitForm", "MeetingForm", "DocumentForm", "CalendarDialog", "ConnectDialog",
            "XlsxImportDialog", "OverlapsDialog", "CompareDialog"} <= set(named)
    assert set(named.values()) <= set(SECTION_NAMES), named


def test_a_link_opens_its_section_in_the_guide(gui):
    guide = help_module.show_help(gui.window, "start")
    guide.browser.anchorClicked.emit(QUrl("mandates.md"))
    assert guide.section == "mandates" and guide.contents.currentItem().text() == "Seguir un mandato"


class UrlCatcher(QObject):
    """Qt's own URL handler for file:// while in use: what QDesktopServices would hand to the system."""

    def __init__(self):
        super().__init__()
        self.paths: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.paths.append(url.toLocalFile())

    def __enter__(self):
        QDesktopServices.setUrlHandler("file", self, "catch")
        return self

    def __exit__(self, *exc) -> None:
        QDesktopServices.unsetUrlHandler("file")


def test_the_help_menu_opens_the_data_and_log_folders(gui, qtbot):
    window = gui.window
    with UrlCatcher() as catcher:
        for name in ("open_data_folder", "open_log_folder"):
            window.findChild(type(window.menuBar().actions()[0]), name).trigger()
    assert catcher.paths == [str(gui.workspace.dirs.data), str(gui.workspace.dirs.logs)]


def test_the_guide_ships_in_the_bundle():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '[d for d in _data_folder("resources") if not d[0].endswith(".po")]' in spec  # every file of resources/
    files = list((ROOT / "resources" / "help").rglob("*.md"))
    assert len(files) == len(SECTION_NAMES) * len(i18n.LANGUAGES)
