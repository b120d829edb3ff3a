"""The home page: the figures for a known data set on a fixed date, and each one a click from its list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from segib_desktop import i18n
from segib_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
    Country,
    Document,
    DocumentKind,
    Mandate,
    MandateStatus,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    Summit,
    SummitStatus,
)
from segib_desktop.core.read import home as dashboard
from segib_desktop.core.read.rules import Phase
from segib_desktop.gui.pages import home
from segib_desktop.gui.pages.home import HomePage

TODAY = dt.date(2026, 3, 15)
DAYS_TO_XXX = (dt.date(2026, 11, 4) - TODAY).days  # the reference data's XXX summit, Madrid


def day(month: int, d: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, d)


def add_known_data(db) -> dict[str, int]:
    """Mandates, action items, milestones and meetings whose figures on TODAY are worked out by hand."""
    with db.session() as s:
        xxix = s.scalar(select(Summit).where(Summit.number == 29))
        xxx = s.scalar(select(Summit).where(Summit.number == 30))
        spain, brazil, argentina = (s.scalar(select(Country).where(Country.iso2 == iso)) for iso in ("ES", "BR", "AR"))
        cycle_meeting = Meeting(kind=MeetingKind.FOREIGN_MINISTERS, city="Madrid", country=spain, summit=xxx,
                                start_date=day(1, 20), end_date=day(1, 20))
        by_summit = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción de Cuenca", summit=xxix)
        by_meeting = Document(kind=DocumentKind.RESOLUTION, title="Resolución de Madrid", meeting=cycle_meeting)
        mandates = [  # (document, status, due date)
            (by_summit, MandateStatus.NOT_STARTED, day(3, 1)),  # overdue
            (by_summit, MandateStatus.IN_PROGRESS, day(3, 14)),  # overdue (yesterday)
            (by_summit, MandateStatus.ONGOING, day(3, 1)),  # ongoing: never overdue nor due soon
            (by_summit, MandateStatus.IN_PROGRESS, day(4, 14)),  # due soon (the 30th day)
            (by_meeting, MandateStatus.NOT_STARTED, day(4, 15)),  # the 31st day: neither
            (by_meeting, MandateStatus.FULFILLED, day(1, 1)),  # closed: never overdue
            (by_meeting, MandateStatus.SUPERSEDED, None),
            (by_meeting, MandateStatus.NOT_APPLICABLE, day(3, 20)),  # closed: not due
        ]
        s.add_all(Mandate(document=doc, code=f"M-{i}", title=f"Mandato {i}", status=status, due_date=due)
                  for i, (doc, status, due) in enumerate(mandates))
        activity = Activity(kind=ActivityKind.MEETING, date=day(2, 1), subject="Reunión del CODEI")
        activity.actions = [
            ActionItem(description="Vencida", due_date=day(3, 10)),
            ActionItem(description="Pendiente", due_date=day(3, 20)),
            ActionItem(description="Sin fecha"),
            ActionItem(description="Hecha", due_date=day(3, 1), status=ActionStatus.DONE),
            ActionItem(description="Cancelada", due_date=day(3, 1), status=ActionStatus.CANCELLED),
        ]
        s.add(activity)
        iberblh = s.scalar(select(Programme).where(Programme.code == "IberBLH"))
        other = Programme(code="OTRO", name_es="Otro programa")
        bank = MilestoneCategory.BANK_OPENED
        s.add_all([
            Milestone(programme=iberblh, country=brazil, category=bank, title="Retrasado",
                      planned_end=day(3, 1), status=MilestoneStatus.IN_PROGRESS),
            Milestone(programme=iberblh, country=brazil, category=bank, title="Cancelado",
                      planned_end=day(3, 1), status=MilestoneStatus.CANCELLED),
            Milestone(programme=iberblh, country=brazil, category=bank, title="Logrado tarde",
                      planned_end=day(1, 1), actual_end=day(2, 1), status=MilestoneStatus.ACHIEVED),
            Milestone(programme=iberblh, country=argentina, category=bank, title="Vence hoy",
                      planned_end=TODAY, status=MilestoneStatus.PLANNED),
            Milestone(programme=iberblh, country=None, category=MilestoneCategory.CONGRESS, title="Congreso",
                      planned_end=day(12, 31, 2025), status=MilestoneStatus.PLANNED),
            Milestone(programme=other, country=brazil, category=bank, title="De otro programa",
                      planned_end=day(1, 1), status=MilestoneStatus.PLANNED),
        ])
        meetings = [Meeting(kind=MeetingKind.NATIONAL_COORDINATORS, number=n, city=f"Ciudad {n}", country=spain,
                            summit=xxx, start_date=start, end_date=start + dt.timedelta(days=1))
                    for n, start in ((1, day(2, 1)), (2, day(3, 14)), (3, day(4, 2)), (4, day(5, 5)),
                                     (5, day(6, 6)), (6, day(7, 7)), (7, day(9, 9)))]
        s.add_all(meetings)
        s.flush()
        return {"xxix": xxix.id, "xxx": xxx.id, "brazil": brazil.id, "argentina": argentina.id, "iberblh": iberblh.id,
                "meetings": [m.id for m in meetings]}


@pytest.fixture
def known(db):
    return add_known_data(db)


def test_the_figures_for_a_known_data_set_on_a_fixed_date(db, known):
    d = dashboard.figures(db, today=TODAY)
    assert d.mandates_by_status == {
        MandateStatus.NOT_STARTED: 2, MandateStatus.IN_PROGRESS: 2, MandateStatus.FULFILLED: 1,
        MandateStatus.ONGOING: 1, MandateStatus.SUPERSEDED: 1, MandateStatus.NOT_APPLICABLE: 1}
    assert d.mandates_total == 8
    assert (d.overdue_mandates, d.due_soon) == (2, 1)
    assert (d.open_actions, d.overdue_actions) == (3, 1)
    assert d.delayed_milestones == 2
    # The meeting that ends today is still "next"; the one of 1 February is past; five at most.
    assert [m.number for m in d.next_meetings] == [2, 3, 4, 5, 6]
    assert d.next_meetings[0].country == "España"
    assert d.next_summit.id == known["xxx"] and d.next_summit.days == DAYS_TO_XXX
    assert [(r.key, r.label, r.counts) for r in d.mandates_per_summit] == [
        (known["xxix"], "XXIX", {"not_started": 1, "in_progress": 2, "ongoing": 1}),
        (known["xxx"], "XXX", {"not_started": 1, "fulfilled": 1, "superseded": 1, "not_applicable": 1}),
    ]
    assert [(r.key, r.label, r.counts) for r in d.milestones_per_country] == [
        (known["argentina"], "Argentina", {"planned": 1}),
        (known["brazil"], "Brasil", {"delayed": 1, "cancelled": 1, "achieved": 1}),
        (None, "Toda la red", {"delayed": 1}),
    ]


def test_the_figures_move_with_the_date(db, known):
    later = dashboard.figures(db, today=day(4, 15))
    assert (later.overdue_mandates, later.due_soon) == (3, 1)  # the ongoing one: never overdue
    assert later.overdue_actions == 2
    assert later.delayed_milestones == 3  # Argentina's is now late too
    after_the_summit = dashboard.figures(db, today=day(11, 6))
    assert after_the_summit.next_summit is None
    during = dashboard.figures(db, today=day(11, 5))
    assert during.next_summit.days == 0


def add_undated_summit(db, city: str = "") -> int:
    """Summit XXXI planned, its date not fixed yet: the usual next summit before the SPT fixes one."""
    with db.session() as s:
        summit = Summit(number=31, city=city, status=SummitStatus.PLANNED)
        s.add(summit)
        s.flush()
        return summit.id


@pytest.mark.both_engines
def test_the_next_summit_is_the_one_under_way_or_else_the_next_even_with_no_date(db):
    """read.rules, where a summit stands: XXX (4-5 November 2026) is under way on both its days, then XXXI,
    planned and not dated yet, is the next summit (the card said "No summit is planned")."""
    xxxi = add_undated_summit(db)
    for today in (day(11, 4), day(11, 5)):
        d = dashboard.figures(db, today=today)
        assert (d.next_summit.number, d.next_summit.days, d.next_summit.phase) == (30, 0, Phase.UNDER_WAY)
    before = dashboard.figures(db, today=day(11, 3)).next_summit
    assert (before.number, before.days, before.phase) == (30, 1, Phase.UPCOMING)
    after = dashboard.figures(db, today=day(11, 6)).next_summit
    assert after == dashboard.NextSummit(xxxi, 31, "", None, None, Phase.UPCOMING)


def test_an_empty_database_gives_zeros_not_errors(db):
    d = dashboard.figures(db, today=TODAY)
    assert d.mandates_total == 0 and d.overdue_mandates == 0 and d.open_actions == 0
    assert d.mandates_per_summit == [] and d.milestones_per_country == []


def test_the_figures_read_indexes_not_whole_tables(db, known, monkeypatch):
    """Read at every start: each count reads an index (0008, 0015), never every row of a large table (the
    count of mandates to review read every open mandate: 57 ms of the start on 200,000 mandates)."""
    queries = {}
    read_together = dashboard._read_together

    def kept(conn, asked):
        queries.update(asked)
        return read_together(conn, asked)

    monkeypatch.setattr(dashboard, "_read_together", kept)
    dashboard.figures(db, today=TODAY)
    assert {"counts", "to_review", "per_summit", "per_country"} <= queries.keys()
    with db.read() as conn:
        plans = {name: " / ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                 for name, (sql, params, _width) in queries.items()}
    for name, plan in plans.items():
        for table in ("mandates", "action_items", "milestones"):
            assert f"SCAN {table}" not in plan.replace(f"SCAN {table} USING COVERING INDEX", ""), (name, plan)
    assert "ix_mandates_status_review_date" in plans["to_review"]


# --- the page

def make_page(ctx, qtbot, today=TODAY) -> HomePage:
    page = HomePage(ctx, today=today)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    if page.figures is None:
        with qtbot.waitSignal(page.loaded, timeout=5000):
            pass
    return page


def painted_colours(widget) -> set[str]:
    image = widget.grab().toImage()
    return {image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())}


def card_text(page, key) -> tuple[str, str]:
    card = page.cards[key]
    return card.value_label.text(), card.caption_label.text()


def test_the_page_shows_the_figures(ctx, qtbot, known):
    page = make_page(ctx, qtbot)
    assert page.title.text() == "Hoy, domingo, 15 de marzo de 2026"
    assert card_text(page, "overdue") == ("2", "mandatos vencidos")
    assert card_text(page, "due_soon") == ("1", "mandato que vence en los próximos 30 días")  # one, in the singular
    assert card_text(page, "open_actions") == ("3", "acciones de seguimiento abiertas")
    assert card_text(page, "overdue_actions") == ("1", "acción de seguimiento vencida")
    assert card_text(page, "delayed") == ("2", "hitos de IberBLH con retraso")
    assert card_text(page, "next_summit") == (str(DAYS_TO_XXX), "días para la Cumbre XXX en Madrid (04/11/2026)")
    assert page.cards["overdue"].value_label.property("warning") is True
    assert page.cards["due_soon"].value_label.property("warning") is False
    assert home.WARNING in painted_colours(page.cards["overdue"].value_label)
    assert home.WARNING not in painted_colours(page.cards["due_soon"].value_label)
    assert page.summit_chart.hint.isVisible() and page.country_chart.hint.isVisible()
    assert not page.empty_hint.isVisible()
    assert card_text(page, "status_in_progress") == ("2", "En curso")
    assert page.status_box.title() == "Mandatos por estado (8)"
    assert [b.accessibleName() for b in page.meeting_buttons][:2] == [
        "14/03/2026 · II Reunión de Coordinadores Nacionales · Ciudad 2, España",
        "02/04/2026 · III Reunión de Coordinadores Nacionales · Ciudad 3, España"]
    assert len(page.meeting_buttons) == 5 and not page.no_meetings.isVisible()
    assert [r.label for r in page.summit_chart.rows] == ["XXIX", "XXX"]
    assert [r.label for r in page.country_chart.rows] == ["Argentina", "Brasil", "Toda la red"]


def test_the_page_in_portuguese(ctx, qtbot, known):
    i18n.set_language("pt")
    ctx.lang = "pt"
    page = make_page(ctx, qtbot)
    assert page.title.text() == "Hoje, domingo, 15 de março de 2026"
    assert card_text(page, "delayed") == ("2", "marcos do IberBLH com atraso")
    assert card_text(page, "next_summit")[1] == "dias para a Cúpula XXX em Madrid (04/11/2026)"
    assert page.meeting_buttons[0].accessibleName() == "14/03/2026 · II Reunião de Coordenadores Nacionais · Ciudad 2, Espanha"
    assert [r.label for r in page.country_chart.rows][-1] == "Toda a rede"


def test_the_page_shows_itself_before_its_figures_and_updates_on_refresh(ctx, qtbot, known, db):
    page = HomePage(ctx, today=TODAY)
    qtbot.addWidget(page)
    assert page.figures is None  # built at once; the figures come from a background thread
    assert page.cards["overdue"].value_label.text() == "…"
    with qtbot.waitSignal(page.loaded, timeout=5000):
        pass
    with db.session() as s:
        document_id = s.scalar(select(Document.id).where(Document.title == "Resolución de Madrid"))
        s.add(Mandate(document_id=document_id, code="M-9", title="Nuevo", due_date=day(2, 2)))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()
    assert card_text(page, "overdue")[0] == "3"
    assert page.status_box.title() == "Mandatos por estado (9)"


def test_an_empty_database_shows_zeros_and_says_what_is_missing(ctx, qtbot):
    page = make_page(ctx, qtbot, today=day(12, 1))
    assert card_text(page, "overdue") == ("0", "mandatos vencidos")
    assert card_text(page, "next_summit") == ("—", "No hay ninguna cumbre prevista.")
    assert page.no_meetings.isVisible() and page.meeting_buttons == []
    assert page.summit_chart.rows == []
    # "Click a bar" only where there are bars to click; where to start instead
    assert not page.summit_chart.hint.isVisible() and not page.country_chart.hint.isVisible()
    assert page.empty_hint.isVisible() and "Todavía no hay mandatos registrados" in page.empty_hint.text()


@pytest.mark.parametrize(("lang", "captions"), [
    ("es", ("La Cumbre XXX se está celebrando en Madrid", "Cumbre XXXI, fecha por determinar",
            "Cumbre XXXI en Santo Domingo, fecha por determinar", "La Cumbre XXXI se está celebrando")),
    ("pt", ("A Cúpula XXX está sendo realizada em Madrid", "Cúpula XXXI, data a definir",
            "Cúpula XXXI em Santo Domingo, data a definir", "A Cúpula XXXI está sendo realizada")),
])
def test_the_summit_card_while_a_summit_is_held_and_while_the_next_has_no_date(ctx, qtbot, db, lang, captions):
    """Being held, with or without a city recorded (it ended mid-sentence: "...se está celebrando en "), and
    a next summit with no date yet, without a day count."""
    i18n.set_language(lang)
    ctx.lang = lang
    xxxi = add_undated_summit(db)
    page = make_page(ctx, qtbot, today=day(11, 5))
    assert card_text(page, "next_summit") == (i18n._("Now"), captions[0])

    def shown_on(today):
        page.today = today
        with qtbot.waitSignal(page.loaded, timeout=5000):
            page.refresh()
        return card_text(page, "next_summit")

    assert shown_on(day(11, 6)) == ("—", captions[1])
    with db.session() as s:
        s.get(Summit, xxxi).city = "Santo Domingo"
    assert shown_on(day(11, 6)) == ("—", captions[2])
    with db.session() as s:
        summit = s.get(Summit, xxxi)
        summit.city, summit.start_date, summit.end_date = "", day(12, 1), day(12, 2)
    assert shown_on(day(12, 2)) == (i18n._("Now"), captions[3])


@pytest.fixture
def navigations(ctx):
    """What the page asks the window to open (the contract between pages is ctx.navigate's key and options)."""
    calls = []
    ctx.navigate = lambda key, **options: calls.append((key, options))
    return calls


def test_a_click_on_each_figure_opens_its_filtered_list(ctx, qtbot, known, navigations):
    page = make_page(ctx, qtbot)
    expected = {
        "overdue": ("mandates", {"overdue": True}),
        "due_soon": ("mandates", {"due_within": 30}),
        "open_actions": ("coordination", {"view": "actions"}),
        "overdue_actions": ("coordination", {"view": "actions", "overdue": True}),
        "delayed": ("iberblh", {"delayed": True, "programme_id": known["iberblh"]}),
        "next_summit": ("summits", {"open_id": known["xxx"]}),
        "status_not_started": ("mandates", {"status": "not_started"}),
        "status_superseded": ("mandates", {"status": "superseded"}),
    }
    for key, target in expected.items():
        navigations.clear()
        qtbot.mouseClick(page.cards[key], Qt.MouseButton.LeftButton)
        assert navigations == [target], key
    navigations.clear()
    page.cards["delayed"].setFocus()
    qtbot.keyClick(page.cards["delayed"], Qt.Key.Key_Return)  # and from the keyboard
    assert navigations == [("iberblh", {"delayed": True, "programme_id": known["iberblh"]})]


def test_a_click_on_a_meeting_opens_it_and_the_link_opens_the_upcoming_ones(ctx, qtbot, known, navigations):
    page = make_page(ctx, qtbot)
    qtbot.mouseClick(page.meeting_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.all_meetings, Qt.MouseButton.LeftButton)
    assert navigations == [("meetings", {"open_id": known["meetings"][2]}), ("meetings", {"upcoming": True})]


def test_a_click_on_a_bar_opens_the_list_of_that_summit_or_country(ctx, qtbot, known, navigations):
    page = make_page(ctx, qtbot)
    chart = page.summit_chart
    segments = dict(chart.segment_rects(0))  # XXIX
    assert list(segments) == ["not_started", "in_progress", "ongoing"]
    assert segments["in_progress"].width() == pytest.approx(2 * segments["ongoing"].width(), abs=2)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=segments["in_progress"].center())
    label_point = QPoint(5, chart.row_rect(1).center().y())  # the row's label: the whole summit
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=label_point)
    chart = page.country_chart
    network = dict(chart.segment_rects(2))
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=network["delayed"].center())
    brazil = dict(chart.segment_rects(1))
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=brazil["achieved"].center())
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(5, 2))  # the legend: nothing
    assert navigations == [
        ("mandates", {"summit_id": known["xxix"], "status": "in_progress"}),
        ("mandates", {"summit_id": known["xxx"]}),
        ("iberblh", {"country_id": 0, "programme_id": known["iberblh"], "delayed": True}),
        ("iberblh", {"country_id": known["brazil"], "programme_id": known["iberblh"], "status": "achieved"}),
    ]


def test_the_program_opens_on_home_and_the_next_summit_opens_its_form(gui, qtbot):
    from segib_desktop.core.services.summits import SummitService
    from segib_desktop.gui.pages.summits import SummitForm

    window = gui.window
    assert window.current_key() == "home"
    assert window.nav.item(0).text() == "Inicio"
    # A summit far ahead, so that there is a next summit whatever the real date.
    SummitService(gui.workspace.db).save(None, {"number": 40, "city": "Lisboa", "start_date": dt.date(2100, 1, 1)})
    page = window.pages["home"]
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()
    summit = page.figures.next_summit
    qtbot.mouseClick(page.cards["next_summit"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "summits"
    forms = [f for f in window.findChildren(SummitForm) if f.isVisible()]
    assert [f.windowTitle() for f in forms] == [f"Cumbre {i18n.to_roman(summit.number)}"]
    forms[0].reject()


def test_the_overdue_figure_and_the_mandates_list_it_opens_agree(gui, qtbot):
    """Through the real window and the real mandates page: the figure and the list count the same."""
    window = gui.window
    add_known_data(gui.workspace.db)
    home = window.pages["home"]
    home.today = TODAY
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.refresh()
    assert card_text(home, "overdue")[0] == "2"
    mandates = window.page("mandates")
    mandates.today = TODAY
    with qtbot.waitSignal(mandates.loaded, timeout=5000):
        mandates.reload()  # its rows read again on TODAY
    assert mandates.model.total_count() == 8
    qtbot.mouseClick(home.cards["overdue"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "mandates"
    with gui.workspace.db.session() as s:
        overdue = set(s.scalars(select(Mandate.id).where(Mandate.code.in_(("M-0", "M-1")))))
    qtbot.waitUntil(lambda: {mandates.model.id_at(r) for r in range(mandates.model.rowCount())} == overdue,
                    timeout=5000)


def test_tab_goes_through_the_page_as_it_reads(ctx, qtbot, known):
    """explore20, 9: after the page list, Tab went to the meetings (middle right), then to the scroll area (a
    stop that shows nothing), then to the figures at the top, and "All upcoming meetings…" came last."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    page = make_page(ctx, qtbot)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow() and page.all_meetings.isVisible()
                    and all(b.isVisible() for b in page.meeting_buttons))  # links are shown after the load
    statuses = [page.cards[f"status_{s.value}"] for s in MandateStatus]
    expected = [page.cards[k] for k in ("overdue", "due_soon", "open_actions", "overdue_actions", "delayed",
                                        "next_summit")]
    expected += [*statuses[:3], page.cards["to_review"], *statuses[3:], *page.meeting_buttons, page.all_meetings]
    page.cards["overdue"].setFocus()
    seen = [QApplication.focusWidget()]
    for _ in expected[1:]:
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert [w.objectName() for w in seen] == [w.objectName() for w in expected]
    assert page.findChild(QScrollArea).focusPolicy() == Qt.FocusPolicy.NoFocus


def test_the_meetings_links_take_no_mnemonic_from_their_date(ctx, qtbot, known):
    """explore20, 12: the keyboard policy gave each meeting's link a mnemonic, on a digit of its date
    ("2&8/12/2026": Alt+8); the link's whole text is still what a screen reader says."""
    from segib_desktop.gui import keyboard

    page = make_page(ctx, qtbot)
    qtbot.waitUntil(lambda: page.meeting_buttons and all(b.isVisible() for b in page.meeting_buttons))
    keyboard.assign_mnemonics(page.window())  # as the program does when something new shows
    for button in page.meeting_buttons:
        assert not keyboard.mnemonic(button.text()), button.text()
        assert button.accessibleName() == button.toolTip()  # the whole text: its date, name and place
        assert button.accessibleName()[2] == button.accessibleName()[5] == "/"
    assert keyboard.mnemonic(page.all_meetings.text())  # the button beside them keeps its own


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", ["mandato vencido", "mandato que vence en los próximos 30 días", "acción de seguimiento abierta",
            "acción de seguimiento vencida", "hito de IberBLH con retraso", "día para la Cumbre XXXI en Lima (16/03/2026)"]),
    ("pt", ["mandato vencido", "mandato que vence nos próximos 30 dias", "ação de acompanhamento aberta",
            "ação de acompanhamento vencida", "marco do IberBLH com atraso", "dia para a Cúpula XXXI em Lima (16/03/2026)"]),
])
def test_a_figure_of_one_reads_in_the_singular(ctx, qtbot, known, lang, expected):
    """explore23, 5: "1 mandatos vencidos", "1 días para la Cumbre", on the first screen everyone sees."""
    from segib_desktop.core.read.home import NextSummit

    i18n.set_language(lang)
    ctx.lang = lang
    page = make_page(ctx, qtbot)
    one = page.figures._replace(overdue_mandates=1, due_soon=1, open_actions=1, overdue_actions=1, delayed_milestones=1,
                                next_summit=NextSummit(99, 31, "Lima", TODAY + dt.timedelta(days=1), 1))
    page.show_figures(one)
    keys = ("overdue", "due_soon", "open_actions", "overdue_actions", "delayed", "next_summit")
    assert [card_text(page, key) for key in keys] == [("1", caption) for caption in expected]
    page.show_figures(one._replace(overdue_mandates=2))
    assert card_text(page, "overdue")[1] == expected[0].replace("mandato vencido", "mandatos vencidos")
