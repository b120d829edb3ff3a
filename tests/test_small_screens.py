"""Small screens (explore15): a laptop at 1024×768, or at 150 % (683×512 logical pixels). The forms and
dialogs open within the screen with their buttons in view; the lists' title columns keep a third of their
width, the other columns giving room (the widths the user gave by hand excepted).

The offscreen screen of the tests is 800×800. Sizes here are logical pixels, which a scale factor does not
change (the same fonts, measured the same): a dialog at most 683 wide here is at most 683 wide at 150 %.
The program itself at 150 % on a 1024×768 screen, and the main window's first start on a screen shorter than
it: test_platform.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from segib_desktop.core import demo
from segib_desktop.core.models import BriefingRecord, Document, DocumentKind
from segib_desktop.gui.app import App, make_settings
from segib_desktop.gui.pages import PAGES
from segib_desktop.gui.pages.mandates import MandateForm, PasteDialog
from segib_desktop.gui.screenshots import EXTRA_SHOTS, _settle
from segib_desktop.gui.widgets.table import ListPage
from tests.test_mandates_gui import data  # noqa: F401 (the fixture: documents, areas, four mandates)

LAPTOP_AT_150 = 683  # logical pixels across a 1024-pixel screen at 150 %


def test_a_form_opens_within_the_screen_and_shrinks_to_fit_its_fields_scrolling(ctx, qtbot, data):  # noqa: F811
    """A form asking for more than the screen opens within it; its fields (610 pixels high at least, the
    mandate form's) scroll when the form is shorter, Save in view, and Tab scrolls to the field it reaches."""
    form = MandateForm(ctx, None)
    qtbot.addWidget(form)
    form.resize(780, 1200)
    form.show()
    qtbot.waitExposed(form)
    free = form.screen().availableGeometry()
    assert free.contains(form.frameGeometry())
    form.resize(form.width(), 400)  # as at 150 % on a laptop: 512 pixels less the title bar
    qtbot.waitUntil(lambda: form.height() == 400)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert form.rect().contains(save.mapTo(form, save.rect().bottomRight()))
    tags, area = form.widget("tags"), form.tab_of("tags")
    view = area.viewport()
    assert not view.rect().contains(tags.mapTo(view, tags.rect().bottomLeft()))  # out of view, below
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.widget("status").setFocus()
    qtbot.keyClick(form.widget("status"), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tags
    assert view.rect().contains(tags.mapTo(view, tags.rect().bottomLeft()))  # Tab scrolled it into view


def test_a_field_with_a_problem_is_scrolled_into_view(ctx, qtbot, data):  # noqa: F811
    form = MandateForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.resize(form.width(), 400)
    qtbot.waitUntil(lambda: form.height() == 400)
    tags, view = form.widget("tags"), form.tab_of("tags").viewport()
    form.show_errors({"tags": "Demasiado largo."})
    assert view.rect().contains(tags.mapTo(view, tags.rect().bottomLeft()))


def test_a_field_with_a_problem_is_scrolled_to_without_hiding_the_labels(ctx, qtbot, data):  # noqa: F811
    """explore20, 11: on a form narrower than its fields, a failed Save scrolled sideways to the wide field
    and the labels lost their first letters ("ento de origen *")."""
    form = MandateForm(ctx, data["m1"])
    qtbot.addWidget(form)
    form.widget("document_id").setMinimumWidth(900)  # a field wider than the view (a long document's title)
    form.setMinimumWidth(300)
    form.show()
    qtbot.waitExposed(form)
    form.resize(600, 400)
    qtbot.waitUntil(lambda: form.width() == 600)
    area = form.tab_of("title")
    assert area.horizontalScrollBar().maximum() > 0  # the fields are wider than the view
    form.show_errors({"document_id": "Este campo es obligatorio."}, "Corrija los campos señalados.")
    assert area.horizontalScrollBar().value() == 0
    label = form.form_layout.labelForField(form.widget("document_id").parentWidget())
    view = area.viewport()
    assert view.rect().contains(label.mapTo(view, label.rect().topLeft()))


def test_an_existing_mandates_form_does_not_scroll_sideways_at_a_larger_text_size(ctx, qtbot, data):  # noqa: F811
    """explore20, 11: at 14 pt (Windows' text size enlarged) the unwrapped note beside "Change status…" made
    the form 839 pixels wide at least: on a smaller screen the fields' right ends (their arrows) were cut."""
    form = MandateForm(ctx, data["m1"])
    qtbot.addWidget(form)
    font = form.font()
    font.setPointSizeF(14)
    form.setFont(font)
    form.setMinimumWidth(300)
    form.show()
    qtbot.waitExposed(form)
    form.resize(780, 600)
    qtbot.waitUntil(lambda: form.width() == 780)
    QApplication.processEvents()
    assert form.tab_of("status").horizontalScrollBar().maximum() == 0
    assert form.status_note.isVisible()


def test_a_form_fills_a_large_screen_without_scrolling(ctx, qtbot, data):  # noqa: F811
    """Its text boxes take their minimum height before the fields scroll, not their preferred one: a summit's
    form scrolled even where it had room for every field."""
    form = MandateForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.setMinimumSize(0, 0)
    area = form.tab_of("title")
    needed = area.widget().minimumSizeHint().height()
    form.resize(form.width(), form.height() + needed - area.viewport().height() + 2)
    qtbot.waitUntil(lambda: area.viewport().height() >= needed)
    assert area.verticalScrollBar().maximum() == 0


def test_a_form_given_no_size_opens_as_large_as_its_fields_ask_where_the_screen_has_room(ctx, qtbot):
    """Its fields scrolling, its minimum no longer made it large: Qt's first size (two thirds of the screen
    at most) and the scroll area's hint (24 lines at most) made a meeting's form scroll on an 800-pixel
    screen that has room for all of it."""
    from segib_desktop.gui.pages.cycle import MeetingForm

    form = MeetingForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    area = form.tab_of("notes")
    assert form.height() > form.screen().availableGeometry().height() * 2 // 3
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)


def test_the_pasted_documents_dialog_fits_a_laptop_at_150_percent_whatever_the_documents_titles(
        ctx, qtbot, db, data):  # noqa: F811
    """Its source document's drop-down was as wide as the longest label (973 pixels): the dialog was 1146 wide
    even at 100 %, past a 1024-pixel screen. Capped as the mandate form's picker is."""
    with db.session() as s:
        s.add(Document(kind=DocumentKind.DECLARATION, summit_id=data["summit29"], adopted_on=dt.date(2025, 11, 15),
                       title="Declaración de la Reunión Ministerial Sectorial de Cultura sobre los derechos "
                             "culturales, la diversidad de las expresiones y el patrimonio iberoamericano"))
    dialog = PasteDialog(ctx)
    qtbot.addWidget(dialog)
    form = MandateForm(ctx, None)
    qtbot.addWidget(form)
    metrics = dialog.document.fontMetrics()
    assert max(metrics.horizontalAdvance(dialog.document.itemText(i)) for i in range(dialog.document.count())) > 800
    picker = form.widget("document_id")
    assert dialog.document.minimumSizeHint().width() == picker.minimumSizeHint().width()
    assert dialog.minimumSizeHint().width() <= LAPTOP_AT_150
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.screen().availableGeometry().contains(dialog.geometry())


@pytest.mark.parametrize("which", ["milestone", "document"])
def test_a_long_choice_does_not_widen_a_form_past_its_window(ctx, qtbot, qapp, db, data, which):  # noqa: F811
    """explore19, 6: with real mandates' titles, a milestone's form scrolled sideways, its drop-downs' arrows and
    calendar buttons cut, "Linked mandate" on a row of its own. Under the program's style sheet Qt measured the
    drop-downs before the form capped them, and kept their first (longest label's) width. Every choice of every
    form is capped as it is made; the document form's summit and meeting alike."""
    from segib_desktop.core.models import Mandate, Meeting, MeetingKind, Programme
    from segib_desktop.gui import theme
    from segib_desktop.gui.pages.cycle import DocumentForm
    from segib_desktop.gui.pages.programmes import MilestoneForm

    long_title = ("Solicitar à SEGIB que apoie a Rede Ibero-Americana de Bancos de Leite Humano (IberBLH) na "
                  "ampliação da rede aos países que ainda não a integram")
    with db.session() as s:
        s.add(Mandate(document_id=data["dec"], code="XXIX-DEC-12", title=long_title))
        s.add(Meeting(kind=MeetingKind.SECTORAL, summit_id=data["summit29"], start_date=dt.date(2025, 6, 2), number=12,
                      extraordinary=True, city="Quito", sector="Cultura, Patrimonio, Industrias Creativas y Derechos Culturales"))
        programme = s.scalar(select(Programme.id))
    qapp.setStyleSheet(theme.style_sheet(qapp.palette(), qapp.font()))  # as the program
    try:
        form = MilestoneForm(ctx, programme, None) if which == "milestone" else DocumentForm(ctx, None)
        qtbot.addWidget(form)
        long_field = form.widget("mandate_id" if which == "milestone" else "meeting_id")
        metrics = long_field.fontMetrics()
        assert max(metrics.horizontalAdvance(long_field.itemText(i)) for i in range(long_field.count())) > 700
        form.show()
        qtbot.waitExposed(form)
        area = form.tab_of("title")
        for width in (form.width(), LAPTOP_AT_150 - 16):  # as it opens; on a laptop at 150 %, its frame left out
            form.setMinimumWidth(min(form.minimumWidth(), width))  # as fit_to_screen lowers it on such a screen
            form.resize(width, form.height())
            qtbot.waitUntil(lambda w=width: form.width() == w)
            qapp.processEvents()
            assert area.horizontalScrollBar().maximum() == 0, width
            view = area.viewport()
            for f in form.fields:
                box = f.widget
                assert view.rect().contains(box.mapTo(view, box.rect().topRight())), (width, f.key)
            label = form.form_layout.labelForField(long_field.parentWidget())
            assert label.y() == long_field.parentWidget().y(), width  # its label beside it, not above
    finally:
        qapp.setStyleSheet("")


def test_a_capped_choice_cut_at_its_edge_shows_itself_whole_under_the_pointer(qtbot):
    """A long choice cut at the field's edge had no way to be read whole but opening its list."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from segib_desktop.gui.widgets.screen import capped_combo

    long_title = "XXIX-DEC-12 – Solicitar à SEGIB que apoie a Rede Ibero-Americana de Bancos de Leite Humano"
    combo = capped_combo()
    qtbot.addWidget(combo)
    combo.addItems(["Corto", long_title])
    combo.resize(220, combo.sizeHint().height())
    combo.show()
    qtbot.waitExposed(combo)

    def hover() -> str:
        QToolTip.hideText()
        qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
        QApplication.sendEvent(combo, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), combo.mapToGlobal(QPoint(5, 5))))
        return QToolTip.text() if QToolTip.isVisible() else ""

    combo.setCurrentIndex(1)
    assert hover() == long_title
    combo.setCurrentIndex(0)  # whole in its field: no tooltip repeating it
    assert hover() == ""
    combo.setCurrentIndex(1)
    combo.setToolTip("Su propia ayuda")  # a field's own tooltip is left to Qt
    assert hover() != long_title
    QToolTip.hideText()


# --- lists: the title column keeps a third of the list's width


def _lists_with_titles(window):
    return [page for page in window.findChildren(ListPage)
            if page.view.isVisible() and page.model.rowCount() and any(c.stretch for c in page.model.columns)]


def _shares(page) -> tuple[int, int, list[str]]:
    """The title columns' width, the list's, and the other columns cut below their headings' width."""
    header, columns = page.view.horizontalHeader(), page.model.columns
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    metrics = page.view.fontMetrics()
    clipped = [columns[c].header for c in shown
               if header.sectionSize(c) < metrics.horizontalAdvance(page.model.headerData(c, Qt.Orientation.Horizontal)) + 12]
    return sum(header.sectionSize(c) for c in shown if columns[c].stretch), page.view.viewport().width(), clipped


def test_at_1024_px_every_lists_title_column_keeps_a_third_the_others_give_room(qapp, dirs, workspace):
    """Mandates at 1024×768: Code 215 wide (the longest code), Title 62 ("Buena…"). The same for the
    milestones' titles, the briefings' files, the activities' subjects (explore15, 4)."""
    demo.fill(workspace.db)
    with workspace.db.session() as s:  # a briefing made: its file's name is what tells it from the others
        s.add(BriefingRecord(kind="summit", subject="30", lang="pt", params={}, sha256="0" * 64,
                             file_path="/home/oficial/Documentos/Notas/Nota informativa XXX Cúpula 2026-12-04.pdf"))
    workspace.close()
    app = App(qapp, dirs, make_settings(dirs), "pt")
    app.open(None)
    window = app.window
    try:
        _settle(qapp)
        window.resize(1024, 740)
        shots = [(spec.key, {}) for spec in PAGES] + [(key, options) for _name, key, options in EXTRA_SHOTS
                                                       if "generate" not in options] + [("iberblh", {"view": "list"})]
        seen, problems = set(), {}
        for key, options in shots:
            _settle(qapp, window.navigate(key, **options), 100)
            for page in _lists_with_titles(window):
                seen.add(type(page).__name__)
                titles, width, clipped = _shares(page)
                if titles < width // 3 - 4 or clipped:
                    problems[f"{key} {type(page).__name__}"] = (titles, width, clipped)
        assert {"MandatesPage", "MilestonesList", "HistoryList", "ActivitiesList"} <= seen
        assert problems == {}
        mandates = window.navigate("mandates")
        _settle(qapp, mandates, 50)
        header, code = mandates.view.horizontalHeader(), 0
        longest = mandates.view.fontMetrics().horizontalAdvance("XXVIII-RMRE2022-RES1/2022-8")
        assert header.sectionSize(code) < longest  # the longest code gave room too, cut ("XXVIII-RMRE2022-…")
        window.resize(1900, 800)  # and has it back where there is room
        _settle(qapp, mandates, 50)
        assert header.sectionSize(code) > longest
        assert header.length() <= mandates.view.viewport().width()
    finally:
        window.close()
        app.close()


def test_the_widths_the_user_gives_stay_theirs_on_a_small_screen_and_at_the_next_start(qapp, dirs, workspace):
    demo.fill(workspace.db)
    workspace.close()
    app = App(qapp, dirs, make_settings(dirs), "pt")
    app.open(None)
    try:
        _settle(qapp)
        app.window.resize(1024, 740)
        page = app.window.navigate("mandates")
        _settle(qapp, page, 100)
        header = page.view.horizontalHeader()
        origin = [c.header for c in page.model.columns].index("Source")
        header.resizeSection(origin, 260)  # the officer widens Origin by hand
        app.window.resize(1000, 740)
        _settle(qapp, page, 50)
        assert header.sectionSize(origin) == 260  # it gives no room for the title
        auto = {c: header.sectionSize(c) for c in range(header.count()) if c != origin}
    finally:
        app.window.close()
        app.close()
    again = App(qapp, dirs, make_settings(dirs), "pt")
    again.open(None)
    try:
        _settle(qapp)
        again.window.resize(1000, 740)
        page = again.window.navigate("mandates")
        _settle(qapp, page, 100)
        header = page.view.horizontalHeader()
        assert header.sectionSize(origin) == 260
        assert {c: header.sectionSize(c) for c in range(header.count()) if c != origin} == auto
        page.reset_columns()  # back to the list's own widths
        assert header.sectionSize(origin) < 260
    finally:
        again.window.close()
        again.close()


def test_the_other_large_dialogs_open_within_the_screen_too(gui, qtbot):
    """Search (980 wide), the overlapping mandates (1180×760) and the guide (900×620) were wider than a
    1024-pixel screen at 150 %, the overlaps even at 100 % (here: wider than the 800-pixel screen)."""
    window = gui.window
    free = window.screen().availableGeometry()
    search = window.open_search()
    window.open_overlaps()
    window.show_help()
    dialogs = [search, window.overlaps_dialog, window.help_window]
    for dialog in dialogs:
        qtbot.waitExposed(dialog)
        assert free.contains(dialog.frameGeometry()), (type(dialog).__name__, dialog.frameGeometry())
        dialog.close()


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_overlapping_mandates_fit_a_laptop_at_150_percent_their_titles_given_the_room(
        qapp, qtbot, workspace, ctx, lang):
    """explore23, 9: its five decision buttons on one row asked 841 pixels in Spanish (827 in Portuguese), and
    on the 800-pixel screen "Distintos, não duplicados" was cut at the edge; each Title column, what one
    compares, got 70 pixels while each Code took 180."""
    from segib_desktop import i18n
    from segib_desktop.gui.pages.overlaps import OverlapsDialog

    demo.fill(workspace.db)
    i18n.set_language(lang)
    ctx.lang = lang
    dialog = OverlapsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.model.rowCount() > 0, timeout=20000)
    assert dialog.minimumSizeHint().width() <= LAPTOP_AT_150
    header = dialog.view.horizontalHeader()
    for width in (LAPTOP_AT_150 - 16, dialog.screen().availableGeometry().width() - 16):  # its frame left out
        dialog.resize(width, dialog.height())
        qtbot.waitUntil(lambda w=width: dialog.width() == w)
        qapp.processEvents()
        for button in dialog.comparison.decisions.buttons.values():
            assert dialog.rect().contains(button.mapTo(dialog, button.rect().bottomRight())), (width, button.text())
        titles, codes = (sorted(header.sectionSize(c) for c, column in enumerate(dialog.model.columns)
                                if column.header == name) for name in ("Title", "Code"))
        assert titles[0] >= codes[-1], (width, titles, codes)
