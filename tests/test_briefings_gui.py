"""The Briefings page: choose, generate in the background, preview, save, print, find, regenerate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from segib_desktop.core.models import BriefingRecord
from segib_desktop.gui.pages import briefings as page_module
from segib_desktop.gui.pages.briefings import BriefingsPage
from tests.briefing_fixtures import fill, pdf_text
from tests.conftest import wait_loaded


@pytest.fixture
def shown_errors(monkeypatch):
    """Messages the page would show in a (modal) box; a test that expects none checks it stays empty."""
    shown = []
    monkeypatch.setattr(page_module, "show_error", lambda parent, error: shown.append(
        error if isinstance(error, str) else error.user_message()))
    return shown


@pytest.fixture
def page(ctx, qtbot, db, shown_errors):
    fill(db)
    widget = BriefingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    wait_loaded(qtbot, widget.history)
    yield widget
    widget.document.close()


def choose(page, qtbot, kind: str, subject: str, lang: str = "es", sections: tuple[str, ...] | None = None):
    qtbot.mouseClick(page.findChild(type(page.kind_buttons.buttons()[0]), f"kind_{kind}"), Qt.MouseButton.LeftButton)
    page.subject.setCurrentIndex(page.subject.findData(subject))
    page.language.setCurrentIndex(page.language.findData(lang))
    if sections is not None:
        for key, check in page.section_checks.items():
            if check.isChecked() != (key in sections):
                qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))
        assert page.chosen_sections() == [k for k in page.section_checks if k in sections]


def generate(page, qtbot) -> str:
    assert page.subject.currentData() is not None and page.chosen_sections()
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker, qtbot.waitSignal(page.history.loaded,
                                                                                      timeout=60000):
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_generating_runs_in_the_background_and_shows_the_preview(page, qtbot, db, qtmodeltester):
    choose(page, qtbot, "summit", "30", "pt", sections=("overview", "mandates", "coordination", "iberblh"))
    seen = []
    page.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        assert not page.generate_button.isEnabled() and not page.progress.isHidden()  # busy; the UI runs on
        assert page.status.text() == "Preparando la nota informativa…"
    path = blocker.args[0]
    assert seen and max(seen) == 1000
    assert page.progress.isHidden() and page.generate_button.isEnabled()
    assert page.document.pageCount() > 3
    assert page.current is not None and str(page.current) == path
    assert page.preview_title.text().endswith(f"· {page.document.pageCount()}\u00a0páginas")  # never split
    assert page.save_button.isEnabled() and page.print_button.isEnabled() and page.folder_button.isEnabled()
    assert page.current.parent == page.ctx.workspace.dirs.data / "briefings"
    text, _reader = pdf_text(path)
    assert "Sumário" in text and "XXX Cúpula Ibero-Americana" in text
    assert "Anexo: texto integral" not in text
    wait_loaded(qtbot, page.history) if page.history.model.rowCount() == 0 else None
    with db.session() as s:
        record = s.scalars(select(BriefingRecord)).one()
        assert (record.kind, record.subject, record.lang) == ("summit", "30", "pt")
        assert record.params["sections"] == ["overview", "mandates", "coordination", "iberblh"]
        assert record.created_by == "tester"
    model = page.history.model
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    shown = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert shown[2:6] == ["tester", "Cumbre", "XXX – Madrid 2026", "Português"]
    assert shown[6] == path and shown[7] == record.sha256


def test_save_as_copies_the_briefing(page, qtbot, monkeypatch, tmp_path):
    choose(page, qtbot, "country", "AR", "es", sections=("overview",))
    path = generate(page, qtbot)
    target = tmp_path / "para el SG"
    monkeypatch.setattr(page_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert saved.read_bytes() == open(path, "rb").read()
    assert page.status.text() == f"Guardada como {saved}"


def test_printing_paints_every_page_on_the_printer(page, qtbot, monkeypatch, tmp_path):
    choose(page, qtbot, "body", "OEI", "es", sections=("overview",))
    generate(page, qtbot)
    printed = tmp_path / "impreso.pdf"

    class Dialog:  # the system's print dialog, answered "Print" to a PDF file
        def __init__(self, printer, parent=None):
            self.printer = printer

        def setMinMax(self, first, last):
            assert (first, last) == (1, page.document.pageCount())

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(printed))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_module, "QPrintDialog", Dialog)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    from pypdf import PdfReader

    assert len(PdfReader(str(printed)).pages) == page.document.pageCount()


def test_open_folder_shows_where_the_file_is(page, qtbot, monkeypatch):
    choose(page, qtbot, "body", "OISS", "es", sections=("overview",))
    path = generate(page, qtbot)
    opened = []
    monkeypatch.setattr(page_module, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(page.current.parent)] and path.startswith(opened[0])
    # its neighbour opens the file: a verb, not the status "Open" of an action item ("Abierta")
    assert page.open_button.text().replace("&", "") == "Abrir archivo"


def test_regenerating_from_the_history(page, qtbot, db):
    choose(page, qtbot, "country", "BR", "pt", sections=("overview", "iberblh"))
    first = generate(page, qtbot)
    choose(page, qtbot, "summit", "29", "es")  # the form shows something else meanwhile
    page.history.view.selectRow(0)
    assert page.history.regenerate_button.isEnabled()
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker, qtbot.waitSignal(page.history.loaded, timeout=60000):
        qtbot.mouseClick(page.history.regenerate_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] != first
    assert (page.kind(), page.subject.currentData(), page.language.currentData()) == ("country", "BR", "pt")
    assert page.chosen_sections() == ["overview", "iberblh"]
    with db.session() as s:
        records = s.scalars(select(BriefingRecord).order_by(BriefingRecord.id)).all()
        assert [(r.kind, r.subject, r.lang, r.params["sections"]) for r in records] == [
            ("country", "BR", "pt", ["overview", "iberblh"])] * 2
    assert page.history.model.rowCount() == 2


def test_a_history_entry_whose_file_is_gone_says_so(page, qtbot, shown_errors):
    choose(page, qtbot, "body", "OEI", "es", sections=("overview",))
    path = generate(page, qtbot)
    page.document.close()
    import os

    os.remove(path)
    page.history.view.selectRow(0)
    page.history.open_record(page.history.selected_id())
    assert shown_errors and "ya no está donde se guardó" in shown_errors[0]


def test_navigation_options_and_an_unknown_subject(page, qtbot, shown_errors):
    page.show_options(kind="country", subject="AR")
    assert page.kind() == "country" and page.subject.currentData() == "AR"
    assert list(page.section_checks) == ["overview", "mandates", "coordination", "iberblh", "annex"]
    assert page.section_checks["iberblh"].text() == "IberBLH"
    page.show_options(kind="body", subject="OEI")
    assert page.subject.currentText().startswith("OEI – Organización de Estados Iberoamericanos")
    with qtbot.waitSignal(page.failed, timeout=30000) as blocker:
        page.start("summit", "99", "es", None)
    assert blocker.args[0] == "No existe la cumbre número 99 en la base de datos."
    assert shown_errors == [blocker.args[0]] and page.status.text() == blocker.args[0]
    assert page.generate_button.isEnabled() and page.progress.isHidden()


def test_no_section_chosen_is_refused(page, qtbot, shown_errors):
    choose(page, qtbot, "summit", "30", sections=())
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert shown_errors == ["Elija al menos una sección."] and not page.busy


def test_the_main_window_opens_the_page_on_a_subject(gui, qtbot):
    page = gui.window.navigate("briefings", kind="body", subject="CODEI")
    assert isinstance(page, BriefingsPage)
    assert page.kind() == "body" and page.subject.currentData() == "CODEI"


def test_the_summit_offered_first_is_the_one_under_way_or_else_the_next_even_with_no_date(ctx, qtbot, db):
    """read.rules, where a summit stands: the default subject is the next summit as the home page shows it. A
    summit that began yesterday was skipped (start >= today), and so was one with no date yet."""
    import datetime as dt

    from segib_desktop.core.models import Summit, SummitStatus

    today = dt.date.today()
    with db.session() as s:
        xxx = s.scalar(select(Summit).where(Summit.number == 30))
        xxx.start_date = xxx.end_date = today - dt.timedelta(days=30)
        s.add(Summit(number=31, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=1)))
        s.add(Summit(number=32, status=SummitStatus.PLANNED))
        s.add(Summit(number=33, start_date=today + dt.timedelta(days=400)))

    def default_subject():
        widget = BriefingsPage(ctx)
        qtbot.addWidget(widget)
        wait_loaded(qtbot, widget.history)
        widget.document.close()
        return widget.subject.currentData()

    assert default_subject() == "31"
    with db.session() as s:
        s.scalar(select(Summit).where(Summit.number == 31)).end_date = today - dt.timedelta(days=1)
    assert default_subject() == "32"
