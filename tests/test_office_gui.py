"""The calendar export and the spreadsheet import in the window: real dialogs driven with qtbot."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from segib_desktop.core.models import AuditEntry, Mandate, MandateStatus
from segib_desktop.gui.calendar_export import CalendarDialog
from segib_desktop.gui.xlsx_import import XlsxImportDialog
from tests.test_xlsx_import import GOOD, covered, document, workbook  # noqa: F401 (document: a fixture)


def count(db, model=Mandate) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_calendar_dialog_writes_the_file_and_offers_to_open_it(ctx, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "agenda"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = CalendarDialog(ctx, today=dt.date(2026, 5, 1))
    qtbot.addWidget(dialog)
    assert dialog.first.value() == dt.date(2026, 1, 1) and dialog.last.value() is None
    dialog.last.set_value(dt.date(2025, 1, 1))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisibleTo(dialog)
    assert "es posterior al último" in dialog.error.text()
    dialog.last.set_value(dt.date(2026, 12, 31))
    dialog.deadlines.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_box is not None, timeout=10000)
    written = tmp_path / "agenda.ics"
    assert dialog.written == written
    cal = icalendar.Calendar.from_ical(written.read_bytes())
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["XXX Cumbre Iberoamericana"]
    box = dialog.result_box
    assert "1 evento guardado en" in box.text()
    assert {b.text() for b in box.buttons()} >= {"Abrir el archivo", "Mostrar en la carpeta"}
    box.close()


@pytest.mark.both_engines  # issue 21: the dialog works on a server database too
def test_spreadsheet_dialog_previews_problems_and_imports_nothing_while_a_row_has_one(ctx, document, qtbot, tmp_path):  # noqa: F811
    rows = GOOD + [[3, "", "", "31/02/2026", "Terminado", "", ""]]
    dialog = XlsxImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.load(workbook(tmp_path / "malo.xlsx", rows, title="Mandatos"))
    assert [c.currentData() for c in dialog.combos] == ["point", "title", "text", "due_date", "status",
                                                        "priority", "area"]
    dialog.document.setCurrentIndex(dialog.document.findData(document))
    assert not dialog.import_button.isEnabled()
    last = dialog.preview.rowCount() - 1
    problems = dialog.preview.item(last, dialog.preview.columnCount() - 1).text()
    assert "B (Título): Este campo es obligatorio." in problems
    assert dialog.preview.item(last, 0).text() == "6"  # the row number as the spreadsheet shows it
    assert "“31/02/2026” no es una fecha" in problems and "“Terminado” no es un valor conocido" in problems
    assert dialog.preview.item(last, 1).background().color().name() == "#fde7e9"
    assert "1 fila tiene problemas" in dialog.summary.text()
    assert dialog.import_() is False  # the button is off; and a direct call writes nothing either
    assert count(ctx.db) == 0
    dialog.set_field(1, None)  # no title column
    assert "Elija la columna que contiene los títulos" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


@pytest.mark.both_engines
def test_spreadsheet_dialog_imports_every_row_and_remembers_the_mapping(ctx, document, qtbot, tmp_path, dirs,  # noqa: F811
                                                                        engine):
    path = workbook(tmp_path / "bueno.xlsx", GOOD)
    dialog = XlsxImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.load(path)
    dialog.set_field(2, None)  # the officer leaves the long text out
    assert not dialog.import_button.isEnabled()  # no document yet
    dialog.document.setCurrentIndex(dialog.document.findData(document))
    assert dialog.import_button.isEnabled()
    assert dialog.summary.text() == "3 filas para importar."
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(saved.args[0]) == 3
    with ctx.db.session() as s:
        rows = s.execute(select(Mandate.title, Mandate.text, Mandate.status).order_by(Mandate.id)).all()
        audited = s.scalar(select(func.count()).where(AuditEntry.table_name == "mandates"))
    assert [r.title for r in rows] == ["Informe anual", "Plan de trabajo", "Reunión técnica"]
    assert rows[0].text == "" and rows[0].status is MandateStatus.IN_PROGRESS
    assert audited == 3
    if engine == "postgresql":  # the backup before it: the server's pg_dump, in the user's backup folder
        assert [p.read_bytes()[:5] for p in dirs.backups.glob("*-import.dump")] == [b"PGDMP"]
    again = XlsxImportDialog(ctx)
    qtbot.addWidget(again)
    again.load(path)
    assert again.combos[2].currentData() is None  # remembered for these headers


def test_the_window_reaches_both(gui, qtbot, monkeypatch, tmp_path):
    window = gui.window
    names = {a.objectName() for a in window.menuBar().actions()[0].menu().actions()}
    assert {"export_calendar", "import_xlsx"} <= names
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.objectName() == "import_xlsx")
    action.trigger()
    page = window.pages["mandates"]
    assert isinstance(page.dialog, XlsxImportDialog)
    page.dialog.reject()
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, XlsxImportDialog) and page.dialog.isVisible()
    page.dialog.reject()
    calendar = next(a for a in window.menuBar().actions()[0].menu().actions() if a.objectName() == "export_calendar")
    calendar.trigger()
    assert isinstance(window.calendar_dialog, CalendarDialog) and window.calendar_dialog.isVisible()
    window.calendar_dialog.reject()


def test_spreadsheet_dialog_shows_two_columns_for_one_field_in_the_mapping(ctx, document, qtbot, tmp_path):  # noqa: F811
    """explore11 #2: the second "Título" column was dropped unseen; now both are offered, marked, and named."""
    dialog = XlsxImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.load(workbook(tmp_path / "dos.xlsx", [[1, "Corto", "Largo"]], ["Punto", "Título", "Título"]))
    dialog.document.setCurrentIndex(dialog.document.findData(document))
    assert [c.currentData() for c in dialog.combos] == ["point", "title", "title"]
    assert dialog.summary.text().startswith("El campo «Título» está elegido para más de una columna "
                                            "(B (Título) y C (Título))")
    assert not dialog.import_button.isEnabled()
    marked = [dialog.mapping.item(r, 0).background().color().name() for r in range(3)]
    assert marked[1] == marked[2] == "#fde7e9" and marked[0] != "#fde7e9"
    dialog.set_field(2, "text")
    assert dialog.import_button.isEnabled()
    assert dialog.mapping.item(2, 0).background().color().name() != "#fde7e9"


def test_spreadsheet_dialog_reads_the_sheet_with_the_mandates_and_says_which(ctx, document, qtbot, tmp_path,  # noqa: F811
                                                                            monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    dialog = XlsxImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.load(covered(tmp_path / "portada.xlsx", GOOD))  # explore11 #15: on the second sheet
    assert dialog.sheet_note.isVisibleTo(dialog)
    assert dialog.sheet_note.text() == "Los mandatos se leen de la hoja «Mandatos»."
    assert dialog.preview.rowCount() == 3
    assert dialog.load(workbook(tmp_path / "una.xlsx", GOOD))
    assert not dialog.sheet_note.isVisibleTo(dialog)  # one sheet: nothing to say
    assert said == []


def test_spreadsheet_dialog_imports_in_the_background_with_its_progress_and_can_be_cancelled(
        ctx, document, qtbot, tmp_path, monkeypatch):  # noqa: F811
    """explore11 #18: 5,000 rows were imported in the window's thread, which froze with no progress shown."""
    from PySide6.QtWidgets import QMessageBox

    from segib_desktop.gui.file_commands import ImportProgress

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    dialog = XlsxImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(workbook(tmp_path / "bueno.xlsx", GOOD))
    dialog.document.setCurrentIndex(dialog.document.findData(document))
    assert dialog.import_() is True  # started, not done: the window goes on answering meanwhile
    assert isinstance(dialog.progress, ImportProgress) and dialog.progress.isVisible()
    assert dialog.import_() is False  # one at a time
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(dialog.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # its Cancel
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert said == ["Se ha cancelado la importación. No se ha modificado nada."]
    assert count(ctx.db) == 0 and dialog.isVisible() and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=30000) as saved:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(saved.args[0]) == 3 and count(ctx.db) == 3
    assert dialog.progress is None and not dialog.isVisible()
