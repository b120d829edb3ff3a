"""The IberBLH page driven through its widgets: milestones, the matrix, indicators, CSV import,
a second programme, navigation options and the models' contract."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QFileDialog, QLabel, QLineEdit
from sqlalchemy import func, select

from segib_desktop.core.models import (
    Indicator,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
)
from segib_desktop.core.read import programmes as read_programmes
from segib_desktop.core.services.programmes import IndicatorService, MemberService
from segib_desktop.gui.pages.programmes import (
    CELL_COLOURS,
    COUNTS_ROLE,
    MemberForm,
    MilestoneForm,
    ProgrammeForm,
    ProgrammesPage,
)
from segib_desktop.gui.pages.programmes import indicators as page_module  # the grid's messages
from segib_desktop.gui.widgets import form as form_module
from tests.conftest import wait_loaded
from tests.test_programmes_service import TODAY, all_values, ids, known_set

D = dt.date


@pytest.fixture
def page(ctx, db, qtbot):
    page = ProgrammesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def show_list(page, qtbot, **options):
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        page.show_options(view="list", **options)


def shown(model, column):
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def type_into(form, qtbot, **values):
    for key, value in values.items():
        widget = form.widget(key)
        if isinstance(value, dt.date) or value is None and hasattr(widget, "set_value"):
            widget.set_value(value)
        elif isinstance(widget, QLineEdit):
            widget.clear()
            qtbot.keyClicks(widget, str(value))
        elif hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            index = widget.findData(value)
            assert index >= 0, (key, value)
            widget.setCurrentIndex(index)


def error_text(form, key):
    return form.findChild(QLabel, f"error_{key}").text()


def test_creating_a_milestone_through_the_form(page, qtbot, db):
    programme, c = ids(db)
    form = page.open_milestone(None)
    assert form.widget("country_id").itemText(0) == "Toda la red (ningún país en concreto)"
    type_into(form, qtbot, country_id=c["BO"], category=MilestoneCategory.BANK_OPENED,
              title="BLH de Santa Cruz de la Sierra", planned_start=D(2026, 2, 1), planned_end=D(2026, 5, 31),
              responsible="Punto focal (BO)", progress=25, status=MilestoneStatus.IN_PROGRESS)
    form.widget("description").setPlainText("Maternidad «Percy Boland»\nsegunda fase")
    assert form.delayed_note.isVisibleTo(form)  # 31 May has passed on 1 July, without an actual end
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with db.session() as s:
        m = s.scalar(select(Milestone))
        assert (m.programme_id, m.country_id, m.category, m.status, m.progress) == (
            programme, c["BO"], MilestoneCategory.BANK_OPENED, MilestoneStatus.IN_PROGRESS, 25)
        assert m.description == "Maternidad «Percy Boland»\nsegunda fase"
    assert page.list.selected_id() == m.id


def test_editing_a_milestone_shows_errors_inline_then_saves(page, qtbot, db):
    made = known_set(db)
    form = page.open_milestone(made["ar_course"])
    assert form.widget("title").text() == "Curso de 40 horas"
    type_into(form, qtbot, status=MilestoneStatus.ACHIEVED, progress=150)
    assert form.save() is False
    assert error_text(form, "actual_end") == "Un hito logrado necesita su fecha de fin real."
    assert error_text(form, "progress") == "El avance debe ser un número entero de 0 a 100."
    with db.session() as s:
        assert s.get(Milestone, made["ar_course"]).status is MilestoneStatus.PLANNED
    type_into(form, qtbot, progress=100, actual_start=D(2026, 4, 6), actual_end=D(2026, 4, 10))
    assert not form.delayed_note.isVisibleTo(form)
    assert form.save() is True
    with db.session() as s:
        m = s.get(Milestone, made["ar_course"])
        assert (m.status, m.actual_end, m.version) == (MilestoneStatus.ACHIEVED, D(2026, 4, 10), 2)


def test_the_delayed_state_on_a_fixed_date_in_the_list(page, qtbot, db):
    made = known_set(db)
    show_list(page, qtbot)
    model = page.list.model
    assert model.rowCount() == 5
    delayed_column = len(model.columns) - 1
    flags = dict(zip([model.id_at(r) for r in range(5)], shown(model, delayed_column), strict=True))
    assert flags[made["ar_course"]] == "Con retraso"
    assert [f for f in flags.values() if f] == ["Con retraso"]
    row = model.row_of_id(made["ar_course"])
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ForegroundRole) is not None  # shown in red
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) == "Con retraso"  # and in words
    assert model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole) is not None  # beside a sign
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        qtbot.mouseClick(page.list.delayed, Qt.MouseButton.LeftButton)
    assert shown(model, 2) == ["Curso de 40 horas"]
    assert page.list.count_label.text() == "1 de 1 hito"
    # The country and category filters
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        page.list.delayed.setChecked(False)
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        page.list.country.setCurrentIndex(page.list.country.findData(read_programmes.NETWORK_WIDE))
    assert shown(model, 0) == ["Toda la red"]


def test_the_year_filter_of_the_list(page, qtbot, db):
    known_set(db)
    show_list(page, qtbot)
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        page.list.year.setValue(2025)
    assert sorted(shown(page.list.model, 2)) == ["BLH de Buenos Aires", "Certificación", "Congreso"]


def test_no_matrix_column_is_narrower_than_its_words_a_narrow_window_scrolls_instead(page, qtbot, db, qapp):
    """In a narrow window the stretched columns cut "1 con retraso" (the totals, in bold) and "Certificación"."""
    from PySide6.QtGui import QFont, QFontMetrics

    known_set(db)
    page.resize(760, 600)
    page.show_options(view="matrix")
    table, model = page.matrix.table, page.matrix.model
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    qapp.processEvents()
    bold = QFont(table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    header = table.horizontalHeader()
    for col in range(model.columnCount()):
        needed = [model.headerData(col, Qt.Orientation.Horizontal).split(),
                  *(str(model.data(model.index(row, col)) or "").splitlines() for row in range(model.rowCount()))]
        widest = max(metrics.horizontalAdvance(text) for texts in needed for text in texts)
        assert header.sectionSize(col) > widest, model.headerData(col, Qt.Orientation.Horizontal)
    assert table.horizontalScrollBar().maximum() > 0  # too narrow for them all: it scrolls sideways


def test_the_matrix_shows_where_each_country_stands(page, qtbot, db):
    known_set(db)
    _, c = ids(db)
    page.show_options(view="matrix")
    model = page.matrix.model
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert rows[0] == "Argentina" and rows[-1] == "Toda la red" and len(rows) == 12
    headers = [model.headerData(col, Qt.Orientation.Horizontal) for col in range(model.columnCount())]
    assert headers[0] == "Banco de leche inaugurado" and headers[-1] == "Todas las categorías"
    bank, training, cert, total = 0, 2, 3, len(headers) - 1
    argentina, brasil, network = 0, rows.index("Brasil"), len(rows) - 1

    def cell(row, col, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, col), role)

    assert cell(argentina, bank) == "1 / 1"
    assert cell(argentina, bank, Qt.ItemDataRole.BackgroundRole).color() == CELL_COLOURS["done"]
    assert cell(argentina, training) == "0 / 1\n1 con retraso"
    assert cell(argentina, training, Qt.ItemDataRole.BackgroundRole).color() == CELL_COLOURS["delayed"]
    assert cell(argentina, total) == "1 / 2\n1 con retraso"
    assert cell(brasil, bank) == "0 / 1"
    assert cell(brasil, bank, Qt.ItemDataRole.BackgroundRole).color() == CELL_COLOURS["on_track"]
    assert cell(brasil, cert) == "—"  # only a cancelled one
    assert cell(brasil, cert, COUNTS_ROLE)["cancelled"] == 1
    assert cell(network, headers.index("Congreso o foro")) == "1 / 1"
    assert cell(rows.index("Bolivia"), bank) == "—"
    assert "Logrados: 1" in cell(argentina, bank, Qt.ItemDataRole.ToolTipRole)
    assert page.matrix.summary.text() == ("1 hito tiene retraso (su fin previsto ha pasado sin fin real): "
                                          "Argentina (1).")
    # Enter on a cell lists its milestones, as a double-click does.
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.matrix.table.setFocus()
    page.matrix.table.setCurrentIndex(model.index(argentina, training))
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        qtbot.keyClick(page.matrix.table, Qt.Key.Key_Return)
    assert page.current_view() == "list"
    assert page.list.country.currentData() == c["AR"]
    assert shown(page.list.model, 2) == ["Curso de 40 horas"]
    # And the delayed button lists what slipped.
    page.show_options(view="matrix")
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        page.matrix.delayed_list_button.click()
    assert page.list.delayed.isChecked() and page.list.model.rowCount() == 1


def test_the_country_page_shows_membership_counts_milestones_and_a_chart(page, qtbot, db):
    known_set(db)
    programme, c = ids(db)
    member_id = next(r.id for r in read_programmes.members(db, programme, "es") if r.iso2 == "AR")
    MemberService(db).save(member_id, {"programme_id": programme, "country_id": c["AR"], "joined_on": D(2008, 6, 9)})
    IndicatorService(db).set_value(programme, c["AR"], 2024, Indicator.BANKS, 8)
    IndicatorService(db).set_value(programme, c["AR"], 2025, Indicator.BANKS, 10)
    with qtbot.waitSignal(page.country.list.loaded, timeout=5000):
        page.show_options(view="country", country_id=c["AR"])
    view = page.country
    assert view.heading.text() == "Argentina (AR) — Miembro desde el 09/06/2008."
    assert view.counts.text() == "Logrados: 1 · En curso: 0 · Planificados: 1 · Con retraso: 1 · Cancelados: 0"
    assert sorted(shown(view.list.model, 2)) == ["BLH de Buenos Aires", "Curso de 40 horas"]
    assert view.chart.series == [(2024, 8.0), (2025, 10.0)]
    bars = view.chart.bar_rects()
    assert [b[0] for b in bars] == [2024, 2025] and bars[1][2].height() > bars[0][2].height()
    # "New" on a country's page proposes that country.
    view.list.new_button.click()
    form = page.findChildren(MilestoneForm)[-1]
    assert form.widget("country_id").currentData() == c["AR"]
    form.reject()


def test_the_country_tab_keeps_its_own_columns_apart_from_the_milestones_list(page, qtbot, db, ctx):
    """Both lists were kept under one name: the Milestones tab's columns (the country shown, its widths)
    were put back on the narrower Country tab, whose headers then read "rmino previs" (pt, 1024×700)."""
    known_set(db)
    programme, c = ids(db)
    show_list(page, qtbot)
    page.list.view.horizontalHeader().resizeSection(3, 30)  # the officer narrows a column of the list
    with qtbot.waitSignal(page.country.list.loaded, timeout=5000):
        page.show_options(view="country", country_id=c["AR"])
    view = page.country.list.view
    header, model = view.horizontalHeader(), view.model()
    assert header.isSectionHidden(0)  # the country is the page's
    for col in range(model.columnCount()):
        if not header.isSectionHidden(col):
            text = model.headerData(col, Qt.Orientation.Horizontal)
            assert header.sectionSize(col) > view.fontMetrics().horizontalAdvance(text), text


def grid_cell(view, label, indicator):
    model = view.model
    row = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())].index(label)
    return model.index(row, model.indicators.index(indicator))


def open_cell(view, qtbot, index) -> QLineEdit:
    """The cell's editor, opened from the keyboard (F2), as an officer does."""
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    return editor


def edit_cell(view, qtbot, index, text):
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(lambda: view.table.state() != QAbstractItemView.State.EditingState)


def test_indicators_are_typed_into_the_grid(page, qtbot, db, monkeypatch):
    programme, c = ids(db)
    shown_errors = []
    monkeypatch.setattr(page_module, "show_error", lambda parent, e: shown_errors.append(e))
    page.show_options(view="indicators")
    view = page.indicators
    view.year.setValue(2025)
    litres = Indicator.LITRES_COLLECTED
    edit_cell(view, qtbot, grid_cell(view, "Argentina", litres), "1234,5")
    assert read_programmes.indicator_values(db, programme, year=2025) == {(c["AR"], 2025, litres): 1234.5}
    assert view.model.data(grid_cell(view, "Argentina", litres)) == "1.234,5"
    assert view.model.data(grid_cell(view, "Argentina", litres), Qt.ItemDataRole.EditRole) == "1234,5"
    edit_cell(view, qtbot, grid_cell(view, "Argentina", litres), "-4")
    assert shown_errors == ["Un indicador no puede ser negativo."]
    edit_cell(view, qtbot, grid_cell(view, "Perú", litres), "mucho")
    assert shown_errors[-1] == "«mucho» no es un número."
    assert read_programmes.indicator_values(db, programme, year=2025) == {(c["AR"], 2025, litres): 1234.5}
    # Every year of one country; a new year row; clearing a cell removes its figure.
    view.mode.setCurrentIndex(view.mode.findData("country"))
    view.country.setCurrentIndex(view.country.findData(c["AR"]))
    assert [view.model.headerData(r, Qt.Orientation.Vertical) for r in range(view.model.rowCount())] == ["2025"]
    view.add_year_button.click()
    edit_cell(view, qtbot, grid_cell(view, "2026", litres), "1500")
    edit_cell(view, qtbot, grid_cell(view, "2025", litres), "")
    assert read_programmes.indicator_values(db, programme, country_id=c["AR"]) == {(c["AR"], 2026, litres): 1500}


def test_opening_a_cell_and_pressing_enter_changes_nothing(page, qtbot, db, monkeypatch):
    """F2 then Enter without typing stored 5394.46 for 5394.4567 and wrote the change to the history."""
    from segib_desktop.core.models import AuditEntry

    programme, c = ids(db)
    IndicatorService(db).set_value(programme, c["AR"], 2025, Indicator.LITRES_COLLECTED, 5394.4567)
    shown_errors = []
    monkeypatch.setattr(page_module, "show_error", lambda parent, e: shown_errors.append(e))
    with db.session() as s:
        audit_before = s.scalar(select(func.count(AuditEntry.id)))
    page.show_options(view="indicators")
    view = page.indicators
    view.year.setValue(2025)
    editor = open_cell(view, qtbot, grid_cell(view, "Argentina", Indicator.LITRES_COLLECTED))
    assert editor.text() == "5394,4567"  # every digit stored, not 5394,46
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != QAbstractItemView.State.EditingState)
    assert read_programmes.indicator_values(db, programme, year=2025) == {
        (c["AR"], 2025, Indicator.LITRES_COLLECTED): 5394.4567}
    with db.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == audit_before
    assert shown_errors == []


def test_a_figure_being_typed_survives_a_refresh_for_another_officers_save(page, qtbot, db, monkeypatch):
    """The window's watch refreshes the page when anyone saves anything: it reset the grid under the open
    cell and the figure being typed was lost. The refresh now waits for the cell, then shows both."""
    programme, c = ids(db)
    monkeypatch.setattr(page_module, "show_error", lambda parent, e: pytest.fail(str(e)))
    page.show_options(view="indicators")
    view = page.indicators
    view.year.setValue(2025)
    index = grid_cell(view, "Brasil", Indicator.POSTS)
    editor = open_cell(view, qtbot, index)
    qtbot.keyClicks(editor, "4321")
    IndicatorService(db).set_value(programme, c["AR"], 2025, Indicator.BANKS, 7)  # another officer
    page.refresh()
    assert view.table.indexWidget(index) is editor and editor.text() == "4321"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.data(grid_cell(view, "Argentina", Indicator.BANKS)) == "7")
    assert read_programmes.indicator_values(db, programme, year=2025) == {
        (c["BR"], 2025, Indicator.POSTS): 4321, (c["AR"], 2025, Indicator.BANKS): 7}
    assert view.model.data(grid_cell(view, "Brasil", Indicator.POSTS)) == "4.321"


def test_the_grid_refuses_absurd_figures_and_half_a_bank_and_takes_0_001(page, qtbot, db, monkeypatch):
    programme, c = ids(db)
    shown_errors = []
    monkeypatch.setattr(page_module, "show_error", lambda parent, e: shown_errors.append(e))
    page.show_options(view="indicators")
    view = page.indicators
    view.year.setValue(2025)
    edit_cell(view, qtbot, grid_cell(view, "Argentina", Indicator.LITRES_COLLECTED), "99999999999999999999")
    edit_cell(view, qtbot, grid_cell(view, "Argentina", Indicator.BANKS), "1,5")
    assert shown_errors == ["Un indicador no puede ser mayor que 1.000.000.000.000; revise la cifra.",
                            "Este indicador cuenta unidades, así que su cifra debe ser un número entero."]
    edit_cell(view, qtbot, grid_cell(view, "Argentina", Indicator.LITRES_DISTRIBUTED), "0,001")
    edit_cell(view, qtbot, grid_cell(view, "Argentina", Indicator.BANKS), "12")
    assert len(shown_errors) == 2
    assert read_programmes.indicator_values(db, programme, year=2025) == {
        (c["AR"], 2025, Indicator.LITRES_DISTRIBUTED): 0.001, (c["AR"], 2025, Indicator.BANKS): 12}
    assert view.model.data(grid_cell(view, "Argentina", Indicator.LITRES_DISTRIBUTED),
                           Qt.ItemDataRole.EditRole) == "0,001"


def test_the_indicator_headings_are_never_cut(ctx, db, qtbot):
    """In pt at 1024×700 "Bancos de leite em funcionamento" took three lines in a header two lines high."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont, QFontMetrics

    from segib_desktop import i18n

    i18n.set_language("pt")
    ctx.lang = "pt"
    programme, c = ids(db)
    IndicatorService(db).set_value(programme, c["BR"], 2025, Indicator.LITRES_COLLECTED, 144739.6)
    page = ProgrammesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(830, 600)  # the page in a 1024×700 window, beside the sections
    page.show()
    page.show_options(view="indicators")
    view = page.indicators
    view.year.setValue(2025)
    table, model = view.table, view.model
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    bold = QFont(table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    header = table.horizontalHeader()
    for col in range(model.columnCount()):
        text = model.headerData(col, Qt.Orientation.Horizontal)
        assert header.sectionSize(col) > max(map(metrics.horizontalAdvance, text.split())), text
        wrapped = metrics.boundingRect(QRect(0, 0, header.sectionSize(col) - 12, 10000),
                                       int(Qt.TextFlag.TextWordWrap), text)
        assert header.height() >= wrapped.height() + 6, text
    page.close()


def test_importing_a_csv_file_through_the_page(page, qtbot, db, tmp_path, monkeypatch):
    programme, c = ids(db)
    good = tmp_path / "2025.csv"
    good.write_text("country,year,indicator,value\nAR,2025,donors,1200\nBR,2025,banks,225\n", encoding="utf-8")
    infos, shown_errors = [], []
    monkeypatch.setattr(page_module, "show_info", lambda parent, text: infos.append(text))
    monkeypatch.setattr(page_module, "show_error", lambda parent, e: shown_errors.append(e.user_message()))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    page.show_options(view="indicators")
    page.indicators.year.setValue(2025)
    page.indicators.import_button.click()
    assert infos == ["Se ha importado el archivo. Cifras que contiene: 2; nuevas: 2; modificadas: 0."]
    assert page.indicators.model.data(grid_cell(page.indicators, "Brasil", Indicator.BANKS)) == "225"
    before = all_values(db)
    bad = tmp_path / "bad.csv"
    bad.write_text("country,year,indicator,value\nAR,2025,donors,1300\nXX,2025,donors,1\nAR,2025,donors,abc\n",
                   encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    page.indicators.import_button.click()
    assert len(shown_errors) == 1
    message = shown_errors[0].splitlines()
    assert message[0].startswith("No se ha importado nada")
    assert message[1].startswith("Línea 3: el país «XX» no es conocido")
    assert message[2] == "Línea 4: el valor «abc» no es un número."
    assert all_values(db) == before  # the good line 2 was not imported either
    assert page.indicators.model.data(grid_cell(page.indicators, "Argentina", Indicator.DONORS)) == (
        "1.200")


def test_a_second_programme_is_created_given_members_and_used(page, qtbot, db, monkeypatch):
    known_set(db)
    _, c = ids(db)
    form = page.open_programme(None)
    type_into(form, qtbot, code="Iberarchivos", name_es="Programa Iberarchivos", name_pt="Programa Iberarquivos")
    form.save()
    assert page.programme.currentText() == "Iberarchivos — Programa Iberarchivos"
    with db.session() as s:
        other = s.scalar(select(Programme.id).where(Programme.code == "Iberarchivos"))
    assert page.programme_id == other
    assert page.matrix.model.rowCount() == 0  # no members, no milestones yet
    # Its members, from the programme's own form.
    form = page.open_programme(other)
    members = form.members
    wait_loaded(qtbot, members)
    for iso, joined in (("PT", D(1999, 1, 1)), ("MX", D(2000, 5, 1))):
        members.new_button.click()
        member_form = members.findChildren(MemberForm)[-1]
        type_into(member_form, qtbot, country_id=c[iso], joined_on=joined)
        with qtbot.waitSignal(members.loaded, timeout=5000):
            member_form.save()
    assert shown(members.model, 0) == ["México", "Portugal"]
    members.new_button.click()
    again = members.findChildren(MemberForm)[-1]
    type_into(again, qtbot, country_id=c["PT"])
    assert again.save() is False
    assert error_text(again, "country_id") == "Este país ya es miembro del programa."
    again.widget("country_id").setCurrentIndex(0)
    monkeypatch.setattr(form_module.QMessageBox, "question",
                        lambda *a, **k: form_module.QMessageBox.StandardButton.Discard)
    again.reject()
    form.reject()
    # Its milestones: only its own countries are offered, and only its own records are shown.
    milestone = page.open_milestone(None)
    offered = [milestone.widget("country_id").itemData(i) for i in range(milestone.widget("country_id").count())]
    assert offered == [None, c["MX"], c["PT"]]
    type_into(milestone, qtbot, country_id=c["PT"], category=MilestoneCategory.AGREEMENT,
              title="Convenio con la Torre do Tombo", planned_end=D(2026, 3, 1))
    assert milestone.save()
    page.show_options(view="matrix")
    model = page.matrix.model
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == ["México", "Portugal"]
    assert model.data(model.index(1, 5)) == "0 / 1\n1 con retraso"
    show_list(page, qtbot)
    assert shown(page.list.model, 2) == ["Convenio con la Torre do Tombo"]
    page.show_options(view="timeline")
    assert [r.label for r in page.timeline.canvas.layout_data.rows] == ["Portugal (1)", "Convenio con la Torre do Tombo"]
    # Back to IberBLH: its five milestones, untouched.
    page.programme.setCurrentIndex(0)
    show_list(page, qtbot)
    assert page.list.model.rowCount() == 5


def test_navigation_options_of_the_main_window(gui, qtbot):
    db = gui.workspace.db
    made = known_set(db)
    _, c = ids(db)
    window = gui.window
    page = window.page("iberblh")
    page.today = page.milestones.today = TODAY
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        window.navigate("iberblh", delayed=True)
    assert window.current_key() == "iberblh" and page.current_view() == "list"
    assert page.list.delayed.isChecked()
    assert [page.list.model.id_at(r) for r in range(page.list.model.rowCount())] == [made["ar_course"]]
    with qtbot.waitSignal(page.list.loaded, timeout=5000):
        window.navigate("iberblh", country_id=c["BR"])
    assert not page.list.delayed.isChecked() and page.list.model.rowCount() == 2
    statuses = {page.list.model.row_at(r).status for r in range(2)}
    for status in statuses:  # a status segment of the home page's chart: that status's milestones alone
        with qtbot.waitSignal(page.list.loaded, timeout=5000):
            window.navigate("iberblh", country_id=c["BR"], status=status.value)
        assert page.list.status.currentData() == status
        assert {page.list.model.row_at(r).status for r in range(page.list.model.rowCount())} == {status}
    window.navigate("iberblh", view="matrix")
    assert page.current_view() == "matrix" and page.matrix.model.rowCount() == 12
    window.navigate("iberblh", open_id=made["br_bank"])
    forms = page.findChildren(MilestoneForm)
    assert forms and forms[-1].record_id == made["br_bank"]
    assert forms[-1].widget("title").text() == "BLH de Recife"
    forms[-1].reject()


def test_the_models_pass_qt_model_tests(page, qtbot, db, qtmodeltester):
    known_set(db)
    programme, c = ids(db)
    IndicatorService(db).set_value(programme, c["AR"], 2025, Indicator.DONORS, 10)
    page.show_options(view="matrix")
    qtmodeltester.check(page.matrix.model)
    show_list(page, qtbot)
    qtmodeltester.check(page.list.model)
    page.show_options(view="indicators")
    page.indicators.year.setValue(2025)
    qtmodeltester.check(page.indicators.model)
    form = ProgrammeForm(page.ctx, programme, parent=page)
    wait_loaded(qtbot, form.members)
    qtmodeltester.check(form.members.model)


def test_the_page_renders_in_both_languages(ctx, db, qtbot, tmp_path):
    from segib_desktop import i18n

    known_set(db)
    for lang in ("es", "pt"):
        i18n.set_language(lang)
        ctx.lang = lang
        page = ProgrammesPage(ctx, today=TODAY)
        qtbot.addWidget(page)
        page.resize(1100, 760)
        page.show()
        for view in ("matrix", "timeline"):
            page.show_options(view=view)
            image = page.grab().toImage()
            assert image.width() == 1100
        assert page.tabs.tabText(0) == {"es": "Situación por país", "pt": "Situação por país"}[lang]
        assert page.matrix.model.headerData(11, Qt.Orientation.Vertical) == {"es": "Toda la red",
                                                                               "pt": "Toda a rede"}[lang]
        page.close()


def test_a_milestone_links_to_a_mandate(page, qtbot, db):
    from segib_desktop.core.models import Document, DocumentKind, Mandate, Summit

    with db.session() as s:
        summit = s.scalar(select(Summit.id).where(Summit.number == 17))
        document = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción de Santiago",
                            summit_id=summit)
        s.add(document)
        s.flush()
        mandate = Mandate(document_id=document.id, code="XVII-PA-12", point="12",
                          title="Apoyar la Red Iberoamericana de Bancos de Leche Humana")
        s.add(mandate)
        s.flush()
        mandate_id = mandate.id
    _, c = ids(db)
    form = page.open_milestone(None)
    picker = form.widget("mandate_id")
    assert picker.itemText(0) == "Sin mandato vinculado"
    assert picker.itemText(picker.findData(mandate_id)) == (
        "XVII-PA-12 – Apoyar la Red Iberoamericana de Bancos de Leche Humana")
    type_into(form, qtbot, country_id=c["CO"], category=MilestoneCategory.AGREEMENT, title="Convenio",
              mandate_id=mandate_id)
    assert form.save()
    with db.session() as s:
        assert s.scalar(select(Milestone.mandate_id)) == mandate_id


def test_without_any_programme_the_page_says_how_to_start(ctx, db, qtbot):
    from segib_desktop.core.services.programmes import ProgrammeService

    programme, _ = ids(db)
    ProgrammeService(db).delete(programme, force=True)
    page = ProgrammesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.programme.count() == 0 and page.programme_id is None
    assert page.programme_info.text() == "Todavía no hay ningún programa: cree uno con «Nuevo programa…»."
    assert not page.new_milestone_button.isEnabled() and page.new_programme_button.isEnabled()
    for view in ("matrix", "timeline", "country", "indicators"):
        page.show_options(view=view)
    show_list(page, qtbot)
    assert page.list.model.rowCount() == 0 and page.matrix.model.rowCount() == 0
