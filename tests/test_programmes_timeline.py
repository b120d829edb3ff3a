"""The timeline's geometry (a pure function) and what the widget paints from it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from segib_desktop.core.models import MilestoneCategory, MilestoneStatus
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.gui.pages.programmes import (
    ACHIEVED_COLOUR,
    DELAYED_COLOUR,
    IN_PROGRESS_COLOUR,
    PLANNED_FILL,
    TODAY_COLOUR,
    Bar,
    MilestoneForm,
    ProgrammesPage,
    date_x,
    timeline_layout,
)
from tests.test_programmes_service import TODAY, ids, known_set

D = dt.date


def test_dates_map_to_x_one_pixel_a_day_at_365_pixels_a_year():
    assert date_x(D(2025, 1, 1), 2025, 365, 100) == 100
    assert date_x(D(2025, 2, 1), 2025, 365, 100) == 131
    assert date_x(D(2026, 1, 1), 2025, 365, 100) == 465
    assert date_x(D(2024, 12, 31), 2024, 366, 0) == 365  # a leap year spreads 366 days over its width


def test_the_bars_of_a_known_set(db):
    known_set(db)
    programme, _ = ids(db)
    groups = read_programmes.timeline(db, programme, "es", today=TODAY)
    layout = timeline_layout(groups, year_from=2025, year_to=2026, px_per_year=365, today=TODAY,
                             label_width=100, row_height=24, group_height=26, axis_height=34)
    assert (layout.width, layout.height, layout.today_x) == (830, 232, 646)
    assert layout.years == [(2025, 100), (2026, 465)]
    rows = [(r.kind, r.y, r.label) for r in layout.rows]
    assert rows == [
        ("group", 34, "Toda la red (1)"), ("milestone", 60, "Congreso"),
        ("group", 84, "Argentina (2)"), ("milestone", 110, "BLH de Buenos Aires"),
        ("milestone", 134, "Curso de 40 horas"),
        ("group", 158, "Brasil (2)"), ("milestone", 184, "Certificación"), ("milestone", 208, "BLH de Recife"),
    ]
    congress, ar_bank, course, cert, br_bank = (layout.rows[i] for i in (1, 3, 4, 6, 7))
    # 27–30 September 2025: four days, planned and actual alike; planned in the upper half, actual below.
    assert congress.planned == Bar(369, 63, 4, 8)
    assert congress.actual == Bar(369, 73, 4, 8)
    # Planned for 2025, done from 1 February 2025 to 31 January 2026.
    assert ar_bank.planned == Bar(100, 113, 365, 8)
    assert ar_bank.actual == Bar(131, 123, 365, 8)
    assert ar_bank.overrun is None and not ar_bank.ongoing
    # Planned for March 2026, never started: delayed, the overrun runs from 1 April to today.
    assert course.planned == Bar(524, 137, 31, 8)
    assert course.actual is None
    assert course.overrun == Bar(555, 137, 91, 8)
    # Cancelled: its plan only, no overrun.
    assert cert.planned == Bar(220, 187, 61, 8) and cert.actual is None and cert.overrun is None
    # Under way since 1 February 2026: the actual bar runs to today, open.
    assert br_bank.planned == Bar(465, 211, 365, 8)
    assert br_bank.actual == Bar(496, 221, 150, 8) and br_bank.ongoing
    assert layout.row_at(115) is ar_bank and layout.row_at(60) is congress and layout.row_at(300) is None


def test_zooming_to_one_year_clips_the_bars_and_drops_what_is_outside(db):
    known_set(db)
    programme, _ = ids(db)
    groups = read_programmes.timeline(db, programme, "es", today=TODAY)
    layout = timeline_layout(groups, year_from=2026, year_to=2026, px_per_year=730, today=TODAY,
                             label_width=100, row_height=24, group_height=26, axis_height=34)
    labels = [r.label for r in layout.rows]
    # The congress and the certification were in 2025 only: gone, and the network's group with them.
    assert labels == ["Argentina (2)", "BLH de Buenos Aires", "Curso de 40 horas", "Brasil (1)", "BLH de Recife"]
    ar_bank = layout.rows[1]
    assert ar_bank.planned is None  # planned for 2025 only
    assert ar_bank.actual == Bar(100, ar_bank.y + 13, 62, 8)  # January 2026: 31 days at 2 px a day
    assert layout.width == 830 and layout.today_x == 100 + 181 * 2


def test_a_single_day_gets_a_visible_bar():
    groups = [{"country_id": None, "label": "Red", "milestones": [{
        "id": 1, "title": "Día", "category": MilestoneCategory.OTHER, "status": MilestoneStatus.ACHIEVED,
        "planned_start": None, "planned_end": D(2025, 5, 19), "actual_start": None, "actual_end": D(2025, 5, 19),
        "progress": 100, "delayed": False}]}]
    layout = timeline_layout(groups, year_from=2025, year_to=2025, px_per_year=36, today=TODAY, label_width=0)
    assert layout.rows[1].planned.w == pytest.approx(3.0)
    assert layout.rows[1].actual.w == pytest.approx(3.0)


def colour_at(image, x, y) -> str:
    return QColor(image.pixel(int(x), int(y))).name()


def test_the_timeline_paints_its_bars_where_the_geometry_says(ctx, db, qtbot):
    known_set(db)
    page = ProgrammesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.show_options(view="timeline")
    view = page.timeline
    view.year_from.setValue(2025)
    view.year_to.setValue(2026)
    canvas = view.canvas
    layout = canvas.layout_data
    assert layout.year_from == 2025 and layout.px_per_year > 300
    rows = {r.label: r for r in layout.rows}
    assert list(rows)[0] == "Toda la red (1)"
    course, ar_bank, br_bank = rows["Curso de 40 horas"], rows["BLH de Buenos Aires"], rows["BLH de Recife"]
    px, left = layout.px_per_year, layout.label_width
    assert ar_bank.actual.x == pytest.approx(date_x(D(2025, 2, 1), 2025, px, left))
    assert course.overrun.right == pytest.approx(layout.today_x)
    assert br_bank.actual.right == pytest.approx(layout.today_x)

    image = canvas.viewport().grab().toImage()

    def centre(bar):
        return bar.x + bar.w / 2, bar.y + bar.h / 2

    assert colour_at(image, *centre(ar_bank.planned)) == PLANNED_FILL.name()
    assert colour_at(image, *centre(ar_bank.actual)) == ACHIEVED_COLOUR.name()
    x, y = centre(br_bank.actual)
    assert {colour_at(image, x + dx, y) for dx in range(4)} & {IN_PROGRESS_COLOUR.name()}
    # The overrun is hatched in red; the today line is drawn across the chart.
    overrun_colours = {colour_at(image, course.overrun.x + dx, course.overrun.y + 4) for dx in range(2, 20)}
    assert DELAYED_COLOUR.name() in overrun_colours
    assert colour_at(image, layout.today_x, layout.rows[-1].y + layout.rows[-1].height + 20) == TODAY_COLOUR.name()
    # The labels stay on the left: the delayed milestone's title is red.
    label_colours = {colour_at(image, x, course.y + course.height / 2) for x in range(20, 120)}
    assert DELAYED_COLOUR.name() in label_colours


def test_only_delayed_and_a_double_click_opens_the_milestone(ctx, db, qtbot):
    made = known_set(db)
    page = ProgrammesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.show_options(view="timeline", delayed=True)
    assert page.timeline.delayed.isChecked()
    milestones = [r for r in page.timeline.canvas.layout_data.rows if r.kind == "milestone"]
    assert [r.milestone["id"] for r in milestones] == [made["ar_course"]]
    row = milestones[0]
    qtbot.mouseDClick(page.timeline.canvas.viewport(), Qt.MouseButton.LeftButton,
                      pos=QPoint(int(row.planned.x + 2), int(row.y + row.height / 2)))
    forms = page.findChildren(MilestoneForm)
    assert len(forms) == 1 and forms[0].record_id == made["ar_course"]
    assert forms[0].delayed_note.isVisibleTo(forms[0])
    forms[0].reject()


@pytest.mark.parametrize(("lang", "written"), [("en", "100%"), ("pt", "100%"), ("es", "100\u00a0%")])
def test_a_milestones_tooltip_writes_its_progress_as_its_language_writes_a_percentage(db, lang, written):
    """explore23, 11: "100 %" in English and Portuguese, which write "100%"."""
    from segib_desktop import i18n
    from segib_desktop.gui.pages.programmes.timeline import milestone_tooltip

    known_set(db)
    programme, _ = ids(db)
    i18n.set_language(lang)
    groups = read_programmes.timeline(db, programme, lang, today=TODAY)
    layout = timeline_layout(groups, year_from=2025, year_to=2026, px_per_year=365, today=TODAY,
                             label_width=100, row_height=24, group_height=26, axis_height=34)
    achieved = next(r.milestone for r in layout.rows if r.kind == "milestone" and r.milestone["progress"] == 100)
    assert milestone_tooltip(achieved).splitlines()[1].endswith(" · " + written)
