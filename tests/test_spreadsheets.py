"""Lists to spreadsheets: the Qt-free writer, and "Export…" on every list of every module."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from segib_desktop import i18n
from segib_desktop.core import demo, exchange, spreadsheet
from segib_desktop.gui.widgets.table import ListPage
from tests.conftest import wait_loaded

TODAY = dt.date(2026, 11, 29)
HEADERS = ["Título", "Fecha", "Nº", "Avance"]
ROWS = [
    ["Cooperación «Sur-Sur»; São Paulo", dt.date(2026, 11, 4), 12, 0.5],
    ["Dos líneas\ny \"comillas\"", None, None, None],
    ["=HYPERLINK(\"http://example.org\")", dt.date(2025, 1, 31), -3, 2.0],
    ["-punto uno", dt.datetime(2026, 3, 1, 9, 30), 0, 1.25],
]


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read accents
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


# --- the writer (no Qt)

def test_csv_is_utf8_with_a_bom_semicolons_crlf_and_the_lists_formats(tmp_path):
    path = spreadsheet.write(tmp_path / "lista.csv", HEADERS, ROWS, translator=i18n.Translator("es"))
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == 5 and "líneas\ny".encode() in raw  # CRLF ends records; a field keeps its \n
    assert "Cooperación «Sur-Sur»; São Paulo".encode() in raw
    assert read_csv(path) == [
        HEADERS,
        ["Cooperación «Sur-Sur»; São Paulo", "04/11/2026", "12", "0,5"],
        ["Dos líneas\ny \"comillas\"", "", "", ""],
        ["'=HYPERLINK(\"http://example.org\")", "31/01/2025", "-3", "2"],  # a formula stays text
        ["'-punto uno", "01/03/2026 09:30", "0", "1,25"],
    ]
    pt = spreadsheet.csv_bytes(["Data"], [[dt.date(2026, 11, 4)], [1.5]], translator=i18n.Translator("pt"))
    assert pt.decode("utf-8-sig").splitlines() == ["Data", "04/11/2026", "1,5"]


def test_xlsx_has_a_bold_frozen_header_real_dates_numbers_and_text_never_formulas(tmp_path):
    path = spreadsheet.write(tmp_path / "lista.xlsx", HEADERS, ROWS + [["bad\x0bchar", None, None, None]],
                             title="Mandatos: 2026/11")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Mandatos  2026 11"
    assert [c.value for c in sheet[1]] == HEADERS and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D6"
    first = sheet[2]
    assert first[0].value == "Cooperación «Sur-Sur»; São Paulo"
    assert first[1].is_date and first[1].value == dt.datetime(2026, 11, 4) and first[1].number_format == "DD/MM/YYYY"
    assert first[2].value == 12 and first[2].data_type == "n"
    assert first[3].value == 0.5
    assert sheet["A3"].value == "Dos líneas\ny \"comillas\"" and sheet["A3"].alignment.wrap_text
    formula = sheet["A4"]
    assert formula.data_type == "s" and formula.value == "=HYPERLINK(\"http://example.org\")"
    assert sheet["B5"].value == dt.datetime(2026, 3, 1, 9, 30)
    assert sheet["A6"].value == "badchar"  # what XML cannot hold is dropped, not an error
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert 30 <= widths[0] <= spreadsheet.MAX_WIDTH and all(w >= 6 for w in widths)


def test_exports_are_private_atomic_and_fail_with_a_message(tmp_path):
    old = tmp_path / "vieja.csv"
    old.write_text("antes")
    old.chmod(0o644)
    for name in ("vieja.csv", "nueva.xlsx"):
        path = spreadsheet.write(tmp_path / name, HEADERS, ROWS)
        assert path.stat().st_mode & 0o777 == 0o600
    assert read_csv(old)[0] == HEADERS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nueva.xlsx", "vieja.csv"]  # nothing half-written left
    with pytest.raises(exchange.ExportFailed) as info:
        spreadsheet.write(tmp_path / "no-such-folder" / "x.xlsx", HEADERS, ROWS)
    assert "No se ha podido escribir el archivo" in info.value.user_message()
    assert ": la carpeta no existe. No se ha guardado nada." in info.value.user_message()  # the reason, as it is


def test_a_suggested_name_has_the_list_and_the_date():
    assert spreadsheet.suggested_name("Reuniones - Documentos", "csv", TODAY) == "Reuniones - Documentos-2026-11-29.csv"
    assert spreadsheet.suggested_name("A/B: C?", today=TODAY) == "A B C-2026-11-29.xlsx"
    assert spreadsheet.format_of(Path("x.CSV")) == "csv" and spreadsheet.format_of(Path("x")) == "xlsx"


def test_a_large_list_exports_every_row(tmp_path):
    rows = [[f"Mandato {i} – Cooperación", dt.date(2026, 1, 1) + dt.timedelta(days=i % 700), i, "En curso"]
            for i in range(20_000)]
    path = spreadsheet.write(tmp_path / "grande.xlsx", HEADERS, rows)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == 20_001


# --- "Export…" on the shared list, in every module

@pytest.fixture
def window(gui, qtbot, monkeypatch):
    demo.fill(gui.workspace.db, "small", today=TODAY)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    return gui.window


def shown_table(page: ListPage) -> tuple[list[str], list[list[str]]]:
    """What the list shows: visible headers and cells, in the shown order."""
    model, view = page.model, page.view
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    rows = [[model.data(model.index(r, c)) for c in columns] for r in range(model.rowCount())]
    return headers, rows


def export(qtbot, page: ListPage, path: Path) -> Path:
    with qtbot.waitSignal(page.exported, timeout=10000) as signal:
        page.export(path)
    return Path(signal.args[0])


def every_list(window, qtbot) -> list[ListPage]:
    """Every list the program shows: each page, a body's page, and the programme form's members."""
    from segib_desktop.gui.pages import PAGES

    for spec in PAGES:
        window.navigate(spec.key)
    coordination = window.navigate("coordination", body="OEI")
    iberblh = window.navigate("iberblh")
    form = iberblh.open_programme(iberblh.programme_id)
    qtbot.addWidget(form)
    lists = window.findChildren(ListPage)
    for page in lists:
        with qtbot.waitSignal(page.loaded, timeout=10000):
            page.reload()
    assert coordination is not None
    return lists


def test_every_list_of_every_module_exports_what_it_shows(window, qtbot, tmp_path):
    lists = every_list(window, qtbot)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    kinds = {type(page) for page in lists}
    expected = {c for c in subclasses(ListPage) if c.__module__.startswith("segib_desktop.gui.pages")
                and c.columns}
    assert expected <= kinds, expected - kinds
    exported_rows = 0
    for n, page in enumerate(lists):
        assert page.export_button.text() == "Exportar…"
        headers, rows = shown_table(page)
        written = read_csv(export(qtbot, page, tmp_path / f"lista-{n}.csv"))
        assert written[0] == headers, type(page)
        guarded = [[("'" + c) if c.startswith(spreadsheet.FORMULA_START) else c for c in row] for row in rows]
        assert written[1:] == guarded, type(page)
        exported_rows += len(rows)
        book = openpyxl.load_workbook(export(qtbot, page, tmp_path / f"lista-{n}.xlsx"))
        assert [c.value for c in book.active[1]] == headers
        assert book.active.max_row == len(rows) + 1
    assert exported_rows > 100  # the example data, not empty lists


def test_the_export_keeps_the_filter_the_order_and_real_dates(window, qtbot, tmp_path, monkeypatch):
    page = window.navigate("mandates")
    wait_loaded(qtbot, page) if page.model.rowCount() == 0 else None
    qtbot.keyClicks(page.filter_edit, "cooperacion")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < page.model.total_count())
    date_column = next(i for i, c in enumerate(page.model.columns) if c.kind == "date")
    page.view.sortByColumn(date_column, Qt.SortOrder.DescendingOrder)
    asked = {}

    def save_dialog(parent, caption, start, filters):
        asked.update(caption=caption, start=start, filters=filters)
        return str(tmp_path / "mandatos"), filters.split(";;")[0]  # no suffix typed: the chosen format's

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    with qtbot.waitSignal(page.exported, timeout=10000) as signal:
        page.export_button.click()
    path = Path(signal.args[0])
    assert path == tmp_path / "mandatos.xlsx"
    assert asked["caption"] == "Exportar la lista"
    assert Path(asked["start"]).name == f"Mandatos-{dt.date.today().isoformat()}.xlsx"
    assert asked["filters"].startswith("Libro de Excel (*.xlsx);;CSV")
    assert path.stat().st_mode & 0o777 == 0o600

    headers, rows = shown_table(page)
    sheet = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in sheet[1]] == headers
    assert len(values) == len(rows) == page.model.rowCount()
    dates = [row[date_column] for row in values if row[date_column] is not None]
    assert dates and all(isinstance(d, dt.datetime) for d in dates)
    assert dates == sorted(dates, reverse=True)  # the list's order, as real dates
    text_column = next(i for i, c in enumerate(page.model.columns) if c.kind == "text")
    assert [row[text_column] or "" for row in values] == [row[text_column] for row in rows]


def test_the_suggested_name_follows_the_page_and_its_tab(window, qtbot, monkeypatch, tmp_path):
    meetings = window.navigate("meetings", view="documents")
    names = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _c, start, _f: names.append(Path(start).name)
                        or ("", ""))
    meetings.documents.export_button.click()
    assert names == [f"Reuniones - Documentos-{dt.date.today().isoformat()}.xlsx"]


def test_an_export_that_cannot_be_written_says_so(window, qtbot, monkeypatch, tmp_path):
    from segib_desktop.gui.widgets import table as table_module

    page = window.navigate("summits")
    shown = []
    monkeypatch.setattr(table_module, "show_error", lambda _p, e: shown.append(e.user_message()))
    blocker = tmp_path / "un-archivo"
    blocker.write_text("no es una carpeta")
    page.export(blocker / "cumbres.xlsx")
    qtbot.waitUntil(lambda: bool(shown))
    assert "No se ha podido escribir el archivo" in shown[0] and "No se ha guardado nada" in shown[0]
    assert not os.path.exists(blocker / "cumbres.xlsx")


def test_an_export_makes_its_cells_off_the_windows_thread_under_a_busy_bar(window, qtbot, monkeypatch, tmp_path):
    """explore22, 3: 200,000 mandates' cells were made on the window's thread (the CSV froze it 4.8 s) and
    nothing showed that an export was running, nor kept a second Export from starting."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from segib_desktop.gui.widgets import table as table_module

    page = window.navigate("summits")
    wait_loaded(qtbot, page) if page.model.rowCount() == 0 else None
    release, threads, real = threading.Event(), set(), table_module.export_value

    def cell(column, value):  # the real cell, made once the test has looked at the window
        threads.add(threading.current_thread())
        release.wait(10)
        return real(column, value)

    monkeypatch.setattr(table_module, "export_value", cell)
    exported = []
    page.exported.connect(exported.append)

    def bars():
        return [b for b in page.findChildren(QProgressDialog) if b.isVisible()]

    try:
        page.export(tmp_path / "cumbres.csv")
        qtbot.waitUntil(lambda: bool(bars()), timeout=5000)  # the rows still being made
        assert bars()[0].labelText() == f"Exportando {page.model.rowCount()} filas…"
        assert bars()[0].isModal() or bars()[0].windowModality() == Qt.WindowModality.WindowModal
    finally:
        release.set()
    qtbot.waitUntil(lambda: bool(exported), timeout=10000)
    assert threads and threading.main_thread() not in threads
    assert not bars()
    assert len(read_csv(tmp_path / "cumbres.csv")) == page.model.rowCount() + 1
