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
KEYS = re.compile(r"Ctrl|Alt\b|Shift|Mayús|\bF\d+\b|Intro|Enter|Esc|Tab|Supr|Delete|Flecha|Seta|arrow|Espacio|"
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


def program_tabs() -> set[str]:
    """The English titles of every tab the program makes (``addTab``/``add_tab`` and a form field's ``tab``)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "segib_desktop" / "gui").rglob("*.py"))
    pattern = r"(?:addTab|add_tab)\([\w.]+, _\(\"([^\"]+)\"\)\)|tab=N_\(\"([^\"]+)\"\)"
    return {added or field for added, field in re.findall(pattern, source)}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_tab_the_guide_names_is_a_tab_of_the_program(lang):
    """ "go to the **Progress** tab": the tab reads "Progress log" (es "Seguimiento", not "Avance")."""
    translator = i18n.Translator(lang)
    tabs = {translator.gettext(title) for title in program_tabs()}
    assert translator.gettext("Progress log") in tabs and len(tabs) > 15
    named = [(page.name, name) for page in help_module.help_dir(lang).glob("*.md")
             for name in re.findall(TAB_IN_GUIDE[lang], page.read_text(encoding="utf-8"))]
    assert len(named) >= 8
    assert [(page, name) for page, name in named if name not in tabs] == []


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
