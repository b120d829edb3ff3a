"""Issue 19: the paste splitter on the shapes of real summit texts, and its preview."""

from __future__ import annotations

from segib_desktop.core.mandate_text import JUMP, KEPT_AS_TEXT, propose_title, split

# The shape of the Programa de Acción de Andorra (2020) and Santo Domingo (2023): numbered
# sections, two-level points without a dot after the number, lettered and roman sub-points.
PROGRAMA = """\
PROGRAMA DE ACCIÓN DE LA XXVIII CUMBRE IBEROAMERICANA

Los Jefes y Jefas de Estado y de Gobierno acuerdan:

1.- Encomendar a la SEGIB la elaboración de la Estrategia Iberoamericana de Cultura.
2) Promover el Espacio Iberoamericano del Conocimiento.
3.1 Instruir a la SEGIB para que apoye la Agenda Digital Iberoamericana.
3.2 Solicitar a la SEGIB un informe sobre la conectividad rural en la región.
3.3. Impulsar la Carta Iberoamericana de Principios y Derechos en Entornos Digitales.
4. Encomendar a la SEGIB:
a) la actualización del Informe de la Cooperación Sur-Sur en Iberoamérica;
b) la organización de un seminario sobre economía social en São Paulo;
c) el seguimiento de la Agenda 2030 en coordinación con la CEPAL, en particular:
i. los indicadores de la meta 4.7;
ii. los indicadores de la meta 5.5.
Punto 5. Apoyar la candidatura de Cádiz como sede del Congreso de la Lengua Española.
PUNTO 6: Encargar a la SEGIB el seguimiento de los puntos anteriores.
21. Agradecer al Principado de Andorra su hospitalidad.
"""


def test_every_numbering_style_of_the_summit_texts():
    points = split(PROGRAMA).points
    assert [p.label for p in points] == ["1", "2", "3.1", "3.2", "3.3", "4", "4.a", "4.b", "4.c", "4.c.i",
                                         "4.c.ii", "5", "6", "21"]
    by = {p.label: p for p in points}
    assert by["3.2"].text == "Solicitar a la SEGIB un informe sobre la conectividad rural en la región."
    assert by["3.1"].text.startswith("Instruir") and "conectividad" not in by["3.1"].text  # not folded into 3.1
    assert by["4.c.i"].text == "los indicadores de la meta 4.7;"
    assert by["5"].text.startswith("Apoyar la candidatura de Cádiz")
    assert by["6"].text == "Encargar a la SEGIB el seguimiento de los puntos anteriores."


def test_a_long_jump_starts_a_point_and_says_so():
    by = {p.label: p for p in split(PROGRAMA).points}
    assert by["21"].text == "Agradecer al Principado de Andorra su hospitalidad."  # not folded into point 6
    assert by["21"].notes == [(JUMP, {"before": 6, "after": 21})]
    assert by["6"].notes == []


def test_a_line_that_breaks_the_numbering_is_kept_and_shown():
    text = "10. Primero.\n11. Segundo punto.\n5. Cita de la Declaración de 2018.\n12. Tercero.\n"
    points = split(text).points
    assert [p.label for p in points] == ["10", "11", "12"]
    assert points[1].text == "Segundo punto.\n5. Cita de la Declaración de 2018."
    assert points[1].notes == [(KEPT_AS_TEXT, {"line": 3, "label": "5"})]


def test_each_lettered_point_is_titled_from_its_own_words():
    by = {p.label: p for p in split(PROGRAMA).points}
    titles = [by[k].title for k in ("4.a", "4.b", "4.c")]
    assert len(set(titles)) == 3
    assert titles[0] == "La actualización del Informe de la Cooperación Sur-Sur en Iberoamérica"
    assert by["4"].include is False and by["4.c"].include is False  # their own text only introduces


def test_titles_are_cut_at_a_word_with_an_ellipsis():
    long = ("Instruir a la Secretaría General Iberoamericana para que, en coordinación con los Organismos "
            "Iberoamericanos, elabore una propuesta")
    title = propose_title(long)
    assert title.endswith("…") and len(title) <= 90
    assert long.startswith(title[:-1]) and long[len(title) - 1] == " "  # the cut falls between words


def test_the_preview_shows_what_to_check(ctx, qtbot, db):
    from PySide6.QtGui import QColor
    from sqlalchemy import select

    from segib_desktop.core.models import Document, DocumentKind, Summit
    from segib_desktop.gui.pages.mandates import NOTE_COLOUR, PasteDialog

    with db.session(write=True) as s:
        doc = Document(kind=DocumentKind.DECLARATION, title="Declaración",
                       summit_id=s.scalar(select(Summit.id).where(Summit.number == 29)))
        s.add(doc)
        s.flush()
        document_id = doc.id
    dialog = PasteDialog(ctx, document_id=document_id)
    qtbot.addWidget(dialog)
    dialog.source.setPlainText("10. Primero.\n11. Segundo punto.\n5. Cita de 2018.\n12. Tercero.\n30. Último.")
    dialog.split()
    labels = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert labels == ["10", "11", "12", "30"]
    marked = [r for r in range(dialog.table.rowCount())
              if dialog.table.item(r, 3).background().color() == QColor(NOTE_COLOUR)]
    assert marked == [1, 3]
    assert "La línea 3 empieza como el punto 5" in dialog.table.item(1, 3).toolTip()
    assert "salta de 12 a 30" in dialog.table.item(3, 3).toolTip()
    assert "Revise los 2 puntos resaltados" in dialog.summary.text()
    assert not dialog.table.item(1, 1).icon().isNull()
    assert dialog.points()[1]["point"] == "11" and "5. Cita de 2018." in dialog.points()[1]["text"]
