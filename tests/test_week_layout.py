"""Issue 19: at 1280×800 no page needs sideways scrolling and no list header is clipped (es and pt)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QHeaderView

from segib_desktop.core import demo
from segib_desktop.gui.app import App, make_settings
from segib_desktop.gui.pages import PAGES
from segib_desktop.gui.screenshots import EXTRA_SHOTS, _settle


def _problems(window) -> list[str]:
    found = []
    if window.width() > 1280:
        found.append(f"the window is {window.width()} px wide")
    for area in window.findChildren(QAbstractScrollArea):
        bar = area.horizontalScrollBar()
        if area.isVisible() and bar.isVisible() and bar.maximum() > 0:
            found.append(f"{type(area).__name__} {area.objectName()} scrolls sideways")
    for header in window.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation().name != "Horizontal" or header.parent().objectName() == "matrix":
            continue  # the IberBLH matrix's headers wrap on several lines by design
        for col in range(header.count()):
            text = str(header.model().headerData(col, header.orientation()) or "")
            if not header.isSectionHidden(col) and 0 < header.sectionSize(col) < header.fontMetrics().horizontalAdvance(text) + 12:
                found.append(f"header {text!r} clipped")
    return found


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_page_fits_1280_by_800(qapp, dirs, workspace, lang):
    demo.fill(workspace.db)
    workspace.close()
    app = App(qapp, dirs, make_settings(dirs), lang)
    app.open(None)
    window = app.window
    _settle(qapp)  # shown (fitted to the offscreen screen, 800x600), then set to the size under test
    window.resize(1280, 800)
    try:
        problems = {}
        shots = [(spec.key, spec.key, {}) for spec in PAGES] + [s for s in EXTRA_SHOTS if "generate" not in s[2]]
        for name, key, options in shots:
            _settle(qapp, window.navigate(key, **options), 100)
            if found := _problems(window):
                problems[name] = found
        assert problems == {}
    finally:
        window.close()
        app.close()


def test_the_title_column_takes_the_room_the_window_gives(qapp, dirs, workspace):
    """Every column can be resized by hand; the title column follows the window's width."""
    demo.fill(workspace.db)
    workspace.close()
    app = App(qapp, dirs, make_settings(dirs), "pt")
    app.open(None)
    window = app.window
    try:
        _settle(qapp)
        window.resize(1280, 800)
        page = window.navigate("mandates")
        _settle(qapp, page, 100)
        header = page.view.horizontalHeader()
        title = next(col for col, column in enumerate(page.model.columns) if column.stretch)
        widths = {}
        # Wide enough for every column: none gives room for the title's third of the list (test_small_screens).
        for width in (1800, 1500, 1650):
            window.resize(width, 800)
            _settle(qapp, page, 50)
            widths[width] = (header.sectionSize(title), page.view.viewport().width())
            assert header.length() <= page.view.viewport().width()  # no sideways scrolling
            assert page.view.viewport().width() - header.length() < 12  # and no empty band on the right
        origin = next(col for col, column in enumerate(page.model.columns) if column.header == "Source")
        before, freed = header.sectionSize(title), header.sectionSize(origin)
        page.set_column_hidden(origin, True)  # a column hidden: the title takes its room
        assert header.sectionSize(title) == before + freed
        page.set_column_hidden(origin, False)
        assert header.sectionSize(title) == before and header.length() <= page.view.viewport().width()
        (wide, list_wide), (narrow, list_narrow), (middle, list_middle) = widths.values()
        assert wide - narrow == list_wide - list_narrow > 250  # the title takes what the list gains
        assert middle - narrow == list_middle - list_narrow > 100
    finally:
        window.close()
        app.close()


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_at_1024_px_no_page_scrolls_sideways_its_rows_of_controls_wrap(qapp, dirs, workspace, lang):
    """At 1024 px (or 150 % on a laptop's screen) a page's filters and buttons wrap onto more lines
    (widgets/flow.py) instead of making the page wider than the window; a list with many columns may
    still scroll its own columns sideways, its controls all in view."""
    from PySide6.QtWidgets import QPushButton

    demo.fill(workspace.db)
    workspace.close()
    app = App(qapp, dirs, make_settings(dirs), lang)
    app.open(None)
    window = app.window
    _settle(qapp)
    window.resize(1024, 740)
    try:
        problems = {}
        shots = [(spec.key, spec.key, {}) for spec in PAGES] + [s for s in EXTRA_SHOTS if "generate" not in s[2]]
        scroller = window.scroller
        for name, key, options in shots:
            page = window.navigate(key, **options)
            _settle(qapp, page, 100)
            bar = scroller.horizontalScrollBar()
            if bar.isVisible() and bar.maximum() > 0:
                problems[name] = f"the page scrolls sideways by {bar.maximum()} px"
                continue
            right = scroller.viewport().mapToGlobal(scroller.viewport().rect().topRight()).x()
            cut = [b.text() for b in page.findChildren(QPushButton)
                   if b.isVisible() and b.mapToGlobal(b.rect().topRight()).x() > right + 1]
            if cut:
                problems[name] = f"buttons past the window's edge: {cut}"
        assert problems == {}
    finally:
        window.close()
        app.close()
