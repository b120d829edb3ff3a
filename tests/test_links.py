"""Links from records (evidence, file links) open documents and addresses, never programs."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices

from segib_desktop.gui.widgets import links


@pytest.fixture
def opened(monkeypatch):
    calls, errors = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url.toString()) or True)
    monkeypatch.setattr(links, "show_error", lambda parent, text: errors.append(text))
    return calls, errors


def test_a_document_and_a_web_address_open(qapp, tmp_path, opened):
    calls, errors = opened
    report = tmp_path / "informe de seguimiento.pdf"
    report.write_bytes(b"%PDF-1.4")
    assert links.open_link(None, str(report)) is True
    assert links.open_link(None, "https://www.segib.org/documentos/") is True
    assert len(calls) == 2 and calls[1] == "https://www.segib.org/documentos/"
    assert errors == []


@pytest.mark.parametrize("link", ["C:/Users/ana/Descargas/setup.exe", "/tmp/instalar.sh", "informe.pdf.bat",
                                  "javascript:alert(1)", "smb://servidor/compartido/x.pdf"])
def test_programs_and_unexpected_addresses_are_refused_with_a_sentence(qapp, opened, link):
    calls, errors = opened
    assert links.open_link(None, link) is False
    assert calls == []
    assert "no abre programas" in errors[0]


def test_a_missing_file_is_named(qapp, tmp_path, opened):
    calls, errors = opened
    assert links.open_link(None, str(tmp_path / "no-existe.docx")) is False
    assert calls == [] and "no-existe.docx" in errors[0]
