"""Links from records (evidence, file links, imported files) open documents and addresses, never programs.

The rule (core/links.py) is an allow-list of document types, names judged as Windows reads them, and a
question before anything on another computer is opened; the window's opener (gui/widgets/links.py)
carries it out.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from segib_desktop.core import links as rule
from segib_desktop.gui.widgets import links


@pytest.fixture
def opened(monkeypatch):
    # The system's viewer is not started in a test: the URL it would get is recorded instead.
    calls, errors = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url.toString()) or True)
    monkeypatch.setattr(links, "show_error", lambda parent, text: errors.append(text))
    return calls, errors


# --- the rule

@pytest.mark.parametrize("link", [
    "C:/Users/ana/Descargas/setup.exe", "/tmp/instalar.sh", "informe.pdf.bat", "javascript:alert(1)",
    "smb://servidor/compartido/x.pdf", "evil.exe.", "evil.exe. . .", "evil.exe ", "evil.exe::$DATA",
    "C:\\Temp\\evil.exe::$DATA", "informe.pdf:oculto.exe", "C:\\Temp\\evil.exe.",
    *(f"C:/Temp/archivo{ext}" for ext in (
        ".vb", ".wsc", ".msc", ".scf", ".url", ".application", ".appref-ms", ".settingcontent-ms", ".pyz",
        ".chm", ".jnlp", ".library-ms", ".iso", ".vhd", ".lnk", ".docm", ".xlsm", ".svg", ".html")),
    "C:/Temp/Makefile", "/home/ana/informe", "informe.", "C:/Temp/.pdf", "\\\\?\\C:\\Temp\\evil.exe",
    "\\\\.\\C:\\informe.pdf", "file:///C:/Temp/evil.exe%2E", "file:///C:/Temp/evil.exe", "ftp://h/x.pdf",
    "https://", "informe.pdf\x00.exe", "evil\u202efdp.exe",
])
def test_the_rule_refuses_what_is_not_a_document(link):
    assert rule.classify(link).kind == "refused"


@pytest.mark.parametrize("link,path", [
    ("C:\\Users\\ana\\informe.PDF", "C:\\Users\\ana\\informe.PDF"),
    ("/home/ana/acta final.docx", "/home/ana/acta final.docx"),
    ("/home/ana/acta.pdf.", "/home/ana/acta.pdf"),  # as Windows reads it: the name that was judged
    ("/home/ana/acta.pdf::$DATA", "/home/ana/acta.pdf"),
    ("file:///C:/Temp/cuadro%20de%20mando.xlsx", "C:/Temp/cuadro de mando.xlsx"),
    ("file:///home/ana/foto.jpeg", "/home/ana/foto.jpeg"),
    ("file://localhost/home/ana/nota.txt", "/home/ana/nota.txt"),
    *((f"/d/x{ext}", f"/d/x{ext}") for ext in (".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                                               ".odp", ".rtf", ".txt", ".csv", ".png", ".gif", ".tif",
                                               ".eml", ".msg")),
])
def test_the_rule_opens_documents_on_this_computer(link, path):
    target = rule.classify(link)
    assert (target.kind, target.path, target.remote) == ("file", path, False)


@pytest.mark.parametrize("link,host", [
    ("file://servidor/compartido/acta.pdf", "servidor"),
    ("\\\\servidor\\compartido\\acta.pdf", "servidor"),
    ("//servidor/compartido/acta.pdf", "servidor"),
    ("\\\\192.168.1.9\\c$\\acta.docx.", "192.168.1.9"),
])
def test_the_rule_marks_files_on_another_computer(link, host):
    target = rule.classify(link)
    assert target.kind == "file" and target.remote and target.host == host


def test_a_program_on_another_computer_is_refused_without_asking():
    assert rule.classify("\\\\servidor\\compartido\\setup.exe").kind == "refused"
    assert rule.classify("file://servidor/c/evil.exe::$DATA").kind == "refused"


def test_web_and_mail_addresses():
    assert rule.classify("https://www.segib.org/documentos/").kind == "web"
    assert rule.classify("mailto:ana@segib.org").kind == "mail"


# --- the window's opener

def test_a_document_and_a_web_address_open(qapp, tmp_path, opened):
    calls, errors = opened
    report = tmp_path / "informe de seguimiento.pdf"
    report.write_bytes(b"%PDF-1.4")
    assert links.open_link(None, str(report)) is True
    assert links.open_link(None, "https://www.segib.org/documentos/") is True
    assert len(calls) == 2 and calls[1] == "https://www.segib.org/documentos/"
    assert errors == []


def test_the_judged_name_is_the_one_opened(qapp, tmp_path, opened):
    calls, errors = opened
    (tmp_path / "acta.pdf").write_bytes(b"%PDF-1.4")
    assert links.open_link(None, str(tmp_path / "acta.pdf. ")) is True
    assert calls == [f"file://{tmp_path}/acta.pdf"] and errors == []


@pytest.mark.parametrize("name", ["evil.exe.", "evil.exe::$DATA", "programa", "atajo.url", "disco.iso"])
def test_programs_are_refused_with_a_sentence_even_when_the_file_is_there(qapp, tmp_path, opened, name):
    calls, errors = opened
    (tmp_path / name).write_bytes(b"MZ")
    assert links.open_link(None, str(tmp_path / name)) is False
    assert calls == []
    assert "nunca programas" in errors[0]


def test_a_missing_file_is_named(qapp, tmp_path, opened):
    calls, errors = opened
    assert links.open_link(None, str(tmp_path / "no-existe.docx")) is False
    assert calls == [] and "no-existe.docx" in errors[0]


def _answer_the_question(qtbot, button: QMessageBox.StandardButton | None, seen: list[str],
                         accept_texts: list[str] | None = None) -> None:
    """Clicks the question box once it shows: ``None`` the "Open" button, else ``button``; the accept button's
    text goes to ``accept_texts``."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        accept = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        if accept_texts is not None:
            accept_texts.append(accept.text())
        chosen = accept if button is None else box.button(button)
        chosen.click()
    QTimer.singleShot(0, click)


def test_a_file_on_another_computer_is_opened_only_after_asking(qapp, qtbot, opened):
    calls, errors = opened
    seen: list[str] = []
    _answer_the_question(qtbot, QMessageBox.StandardButton.Cancel, seen)
    assert links.open_link(None, "\\\\servidor\\compartido\\acta.pdf") is False
    assert calls == [] and "servidor" in seen[0] and "otro ordenador" in seen[0]
    accept_texts: list[str] = []
    _answer_the_question(qtbot, None, seen, accept_texts)
    assert links.open_link(None, "file://servidor/compartido/acta.pdf") is True
    assert [t.replace("&", "") for t in accept_texts] == ["Abrir enlace"]  # the verb, not the status "Abierta"
    assert calls == ["file://servidor/compartido/acta.pdf"] and errors == []
