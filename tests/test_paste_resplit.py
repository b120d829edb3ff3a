"""The paste preview: finding the points again after changing the pasted text (explore 12, #2); a Portuguese
officer's declaration, pasted and split by keyboard (explore 19, #3, #4, #10)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def _open(ctx, qtbot, db, monkeypatch, *, asks: bool = False):
    from sqlalchemy import select

    from segib_desktop.core.models import Document, DocumentKind, Summit
    from segib_desktop.gui.pages.mandates import PasteDialog

    with db.session(write=True) as s:
        doc = Document(kind=DocumentKind.DECLARATION, title="Programa de Acción",
                       summit_id=s.scalar(select(Summit.id).where(Summit.number == 29)))
        s.add(doc)
        s.flush()
        document_id = doc.id
    dlg = PasteDialog(ctx, document_id=document_id)
    qtbot.addWidget(dlg)
    if not asks:
        monkeypatch.setattr(PasteDialog, "reject", lambda self: None)  # no question when the test closes it
    return dlg


@pytest.fixture
def dialog(ctx, qtbot, db, monkeypatch):
    return _open(ctx, qtbot, db, monkeypatch)


def _rows(dialog) -> list[tuple[str, str]]:
    return [(dialog.table.item(r, 1).text(), dialog.table.item(r, 3).text()) for r in range(dialog.table.rowCount())]


FIRST = "1. Encomendar a la SEGIB el informe anual.\n2. Apoyar la red de bancos de leche.\n3. Tercero.\n"


@pytest.mark.parametrize("row", [0, 2])
def test_finding_the_points_again_rebuilds_the_preview_without_errors(dialog, qtbot, row):
    """Pressing the button again used to raise AttributeErrors in ``_item_changed`` and ``_check_codes``
    (two crash dialogs): clearing the table moved the current cell, whose handler ended the fill early."""
    dialog.source.setPlainText(FIRST)
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    dialog.table.setCurrentCell(row, 3)
    dialog.source.appendPlainText("4. Cuarto.")
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    assert [label for label, _t in _rows(dialog)] == ["1", "2", "3", "4"]
    assert len(dialog.points()) == 4
    assert dialog.table.currentRow() == 0 and dialog.text_edit.toPlainText().startswith("Encomendar")
    assert "4 puntos encontrados; 4 se guardarán" in dialog.summary.text()


def test_finding_the_points_again_asks_before_discarding_edits(dialog, qtbot, monkeypatch):
    from segib_desktop.gui.pages.mandates import paste

    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(paste, "confirm", lambda parent, text, **k: asked.append(text) or answer[0])
    dialog.source.setPlainText(FIRST)
    dialog.split()
    dialog.split()  # nothing edited yet: no question
    assert asked == []

    dialog.table.item(1, 3).setText("Bancos de leche humana")  # the officer fixes a title
    dialog.source.appendPlainText("4. Cuarto.")
    dialog.split()  # Cancel keeps the preview as edited
    assert len(asked) == 1 and "editad" in asked[0]
    assert _rows(dialog)[1] == ("2", "Bancos de leche humana") and dialog.table.rowCount() == 3

    answer[0] = True
    dialog.split()  # confirmed: the preview is built again from the text
    assert len(asked) == 2 and dialog.table.rowCount() == 4
    assert _rows(dialog)[1][1] != "Bancos de leche humana"


def test_an_edited_point_text_also_counts_as_an_edit(dialog, monkeypatch):
    from segib_desktop.gui.pages.mandates import paste

    asked: list[str] = []
    monkeypatch.setattr(paste, "confirm", lambda parent, text, **k: asked.append(text) or False)
    dialog.source.setPlainText(FIRST)
    dialog.split()
    dialog.table.setCurrentCell(2, 3)
    dialog.text_edit.setPlainText("Tercero, corregido.")
    dialog.split()
    assert len(asked) == 1 and dialog.points()[2]["text"] == "Tercero, corregido."


def test_the_summary_counts_the_points_whose_code_clashes(dialog):
    """Explore 12 #8: numbering restarting at 1 after a heading gives the same codes twice; the summary
    used to say every point would be saved, with only red text in the Code column as a sign."""
    dialog.source.setPlainText("I. EDUCACIÓN\n1. Alfabetizar.\n2. Becas.\nII. CULTURA\n1. Museos.\n2. Cine.\n")
    dialog.split()
    codes = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert len(codes) == 4 and len(set(codes)) == 2
    summary = dialog.summary.text()
    assert "se guardarán" not in summary
    assert "Puntos encontrados: 4; marcados: 4." in summary
    assert "4 puntos marcados tienen un código que ya usa otro punto o mandato" in summary

    dialog.table.item(2, 0).setCheckState(Qt.CheckState.Unchecked)  # the officer unticks one of a pair
    assert "2 puntos marcados tienen un código" in dialog.summary.text()
    dialog.table.item(3, 2).setText(codes[3] + "-II")  # and gives the other pair's second its own code
    assert dialog.summary.text() == "4 puntos encontrados; 3 se guardarán como mandatos."


# The tester's declaration (explore 19), as a Brazilian officer pasted it.
DECLARACAO = """\
DECLARAÇÃO DE MADRID
XXX Cúpula Ibero-Americana de Chefes de Estado e de Governo

Os Chefes de Estado e de Governo dos países ibero-americanos, reunidos em Madrid nos dias 4 e 5 de novembro \
de 2026,

ACORDAMOS:

1. Encomendar à SEGIB que elabore, em coordenação com a OEI, um relatório sobre a situação da educação técnica.

4. Encarregar a SEGIB de:
a) preparar um plano de ação sobre inteligência artificial e direitos digitais;
b) informar anualmente os Coordenadores Nacionais sobre o seu andamento (meta < 12 meses).

Ponto 5. Reconhecer o trabalho da Secretaria Pro Tempore da Espanha e agradecer ao povo madrilenho pela \
hospitalidade.
"""


def _focus_on(qtbot, dialog, widget) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # what the desktop does for a new window; offscreen has no window manager
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _paste(qtbot, dialog, text: str) -> None:
    """Into the paste box, as the officer does: the clipboard and Ctrl+V."""
    _focus_on(qtbot, dialog, dialog.source)
    QApplication.clipboard().setText(text)
    qtbot.keyClick(dialog.source, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.source.toPlainText() == text


def test_a_portuguese_declaration_pasted_and_split_by_keyboard(ctx, qtbot, db, monkeypatch):
    """Explore 19 #3 and #4: the placeholder named the Spanish "Punto 4"; Tab typed a tab into the text
    instead of reaching the button; "Ponto 5." was not a point, and its text went into 4.b."""
    from segib_desktop import i18n

    i18n.set_language("pt")
    ctx.lang = "pt"
    dialog = _open(ctx, qtbot, db, monkeypatch)
    placeholder = dialog.source.placeholderText()
    assert "Ponto 4" in placeholder and "Punto" not in placeholder

    _paste(qtbot, dialog, DECLARACAO)
    qtbot.keyClick(dialog.source, Qt.Key.Key_Tab)
    assert dialog.source.toPlainText() == DECLARACAO  # no tab typed into the declaration
    assert QApplication.focusWidget() is dialog.split_button and dialog.split_button.text() == "Localizar os pontos"
    qtbot.keyClick(dialog.split_button, Qt.Key.Key_Space)

    points = {p["point"]: p["text"] for p in dialog.points()}
    assert list(points) == ["1", "4.a", "4.b", "5"]  # 4 only introduces its letters: left out
    assert points["4.b"] == "informar anualmente os Coordenadores Nacionais sobre o seu andamento (meta < 12 meses)."
    assert points["5"].startswith("Reconhecer o trabalho da Secretaria Pro Tempore")
    assert dialog.summary.text() == "5 pontos encontrados; 4 serão salvos como mandatos."


def test_tab_leaves_the_point_text_box_without_typing_a_tab(dialog, qtbot):
    """Explore 19 #4: Tab typed a tab into the point's text (to be saved so) instead of moving on, unlike every
    other multi-line field of the program."""
    dialog.source.setPlainText(FIRST)
    dialog.split()
    dialog.table.setCurrentCell(1, 3)
    _focus_on(qtbot, dialog, dialog.text_edit)
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Tab)
    assert not dialog.text_edit.hasFocus()
    assert dialog.points()[1]["text"] == "Apoyar la red de bancos de leche."
    dialog.text_edit.setFocus()
    qtbot.waitUntil(dialog.text_edit.hasFocus)
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.table  # and Shift+Tab goes back
    assert dialog.points()[1]["text"] == "Apoyar la red de bancos de leche."


def test_the_text_left_out_is_cut_at_a_word_with_an_ellipsis(dialog, qtbot):
    """Explore 19 #10: the note was cut at 200 characters in the middle of a word ("…de 2026, AC")."""
    from segib_desktop.gui.pages.mandates.paste import PREAMBLE_SHOWN

    _paste(qtbot, dialog, DECLARACAO)
    dialog.split()
    prefix = "Texto anterior al primer punto (no se incluye): "
    shown = dialog.preamble.text()
    assert shown.startswith(prefix) and shown.endswith("…")
    cut = shown.removeprefix(prefix)[:-1]
    whole = " ".join(DECLARACAO.split("1. Encomendar")[0].split())
    assert len(whole) > PREAMBLE_SHOWN >= len(cut) and whole.startswith(cut)
    assert not whole[len(cut)].isalnum()  # the cut falls between words (here before a comma it leaves out)
    assert cut.endswith("de 2026")  # not "… de 2026, AC"

    dialog.source.setPlainText("Os Chefes de Estado, reunidos em Madrid:\n1. Primeiro.")
    dialog.split()  # a short one is shown whole
    assert dialog.preamble.text() == prefix + "Os Chefes de Estado, reunidos em Madrid:"


def test_escape_asks_before_throwing_away_a_pasted_document(ctx, qtbot, db, monkeypatch):
    """Explore 20 #5: Escape asked only once points were found; a document pasted (or typed) and not yet split
    was thrown away unasked. It asks whether to lose it, Cancel first: Discard or Cancel."""
    from PySide6.QtWidgets import QMessageBox

    dialog = _open(ctx, qtbot, db, monkeypatch, asks=True)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or answer[0])
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closed unasked
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    _paste(qtbot, dialog, FIRST)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["¿Cerrar y perder lo escrito aquí?"]
    assert dialog.isVisible() and dialog.source.toPlainText() == FIRST  # Cancel: the document stays
    answer[0] = QMessageBox.StandardButton.Discard
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()


def test_the_three_parts_of_the_dialog_are_named_for_a_screen_reader(dialog):
    """Explore 20 #6: the document box, the point box and the points table were all named after the window
    (a text box's placeholder is not its name)."""
    from segib_desktop.gui import keyboard

    keyboard.name_controls(dialog)
    names = [keyboard.accessible_name(w) for w in (dialog.source, dialog.text_edit, dialog.table)]
    assert names == ["Texto del documento", "Texto del punto seleccionado", "Puntos encontrados"]
