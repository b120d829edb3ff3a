"""The splitter that turns a pasted document into numbered points (no Qt)."""

from __future__ import annotations

from segib_desktop.core.mandate_text import propose_title, split

PROGRAMA = """\
PROGRAMA DE ACCIÓN DE SANTO DOMINGO

Los Jefes y Jefas de Estado y de Gobierno de los países iberoamericanos, reunidos en
Santo Domingo, acuerdan el siguiente Programa de Acción:

I. COHESIÓN SOCIAL

1. Encomendar a la SEGIB que, en coordinación con la OISS, presente en la próxima
Reunión de Ministros de Relaciones Exteriores un informe sobre la ejecución del
Convenio Multilateral Iberoamericano de Seguridad Social.

2. Instruir a la SEGIB para que elabore, junto con la CEPAL, una propuesta de
indicadores de la Agenda
2030. Además, que la difunda entre los países.
3. Solicitar a la SEGIB:
a) la actualización del Informe de la Cooperación Sur-Sur;
b) la organización de un seminario en São Paulo sobre "economía & empleo" <juvenil>;
c) la publicación del informe en español y portugués.

II. CULTURA

4.- Apoyar la candidatura de Cádiz como sede del Congreso Internacional de la Lengua Española.
5 a) Promover el programa Ibermúsicas.
5 b) Promover el programa Iberescena.
12. Encargar a la SEGIB el seguimiento de los puntos anteriores.
"""


def test_a_programme_of_action_splits_into_its_numbered_points():
    result = split(PROGRAMA)
    assert [p.label for p in result.points] == ["1", "2", "3", "3.a", "3.b", "3.c", "4", "5.a", "5.b", "12"]


def test_text_before_the_first_point_is_the_preamble():
    result = split(PROGRAMA)
    assert result.preamble.startswith("PROGRAMA DE ACCIÓN DE SANTO DOMINGO\n\nLos Jefes y Jefas")
    assert "acuerdan el siguiente Programa de Acción:" in result.preamble
    assert all("Jefes y Jefas" not in p.text for p in result.points)


def test_a_point_over_several_lines_keeps_its_lines_and_accents_exactly():
    first = split(PROGRAMA).points[0]
    assert first.text == ("Encomendar a la SEGIB que, en coordinación con la OISS, presente en la próxima\n"
                          "Reunión de Ministros de Relaciones Exteriores un informe sobre la ejecución del\n"
                          "Convenio Multilateral Iberoamericano de Seguridad Social.")


def test_a_number_that_does_not_continue_the_numbering_is_text():
    second = split(PROGRAMA).points[1]
    assert second.text.endswith("indicadores de la Agenda\n2030. Además, que la difunda entre los países.")


def test_letters_under_a_number_and_number_letter_styles():
    points = {p.label: p for p in split(PROGRAMA).points}
    assert points["3.b"].text == 'la organización de un seminario en São Paulo sobre "economía & empleo" <juvenil>;'
    assert points["5.b"].text == "Promover el programa Iberescena."
    # A lettered point's title comes from its own words (issue 19: 3.a and 3.b had the same title).
    assert points["3.a"].title == "La actualización del Informe de la Cooperación Sur-Sur"
    # The opening words alone are proposed as left out; the officer may keep them.
    assert points["3"].include is False
    assert points["3.a"].include and points["12"].include


def test_headings_in_capitals_close_a_point_and_name_its_section():
    points = {p.label: p for p in split(PROGRAMA).points}
    assert points["3.c"].text == "la publicación del informe en español y portugués."
    assert points["1"].section == "I. COHESIÓN SOCIAL"
    assert points["4"].section == "II. CULTURA"
    assert points["4"].text.startswith("Apoyar la candidatura de Cádiz")


def test_other_numbering_styles():
    text = "1) Primero.\n2.- Segundo.\n3 - Tercero.\n4.1. Cuarto uno.\n4.2. Cuarto dos.\n1.a) Otra sección.\n"
    assert [(p.label, p.text) for p in split(text).points] == [
        ("1", "Primero."), ("2", "Segundo."), ("3", "Tercero."), ("4.1", "Cuarto uno."), ("4.2", "Cuarto dos."),
        ("1.a", "Otra sección.")]


def test_a_number_alone_on_its_line_takes_the_text_below():
    result = split("7.\nDesarrollar la estrategia\nde comunicación.\n8. Otro punto.")
    assert [(p.label, p.text) for p in result.points] == [
        ("7", "Desarrollar la estrategia\nde comunicación."), ("8", "Otro punto.")]


def test_windows_line_ends_and_decomposed_accents_are_normalised():
    result = split("1. Cooperacio\u0301n\r\nSur-Sur.\r\n2. Otro.")
    assert result.points[0].text == "Cooperación\nSur-Sur."


def test_a_text_without_numbers_has_no_points():
    result = split("Declaración sin puntos numerados.\nSegunda línea.")
    assert result.points == []
    assert result.preamble == "Declaración sin puntos numerados.\nSegunda línea."


def test_titles_are_short_and_cut_at_a_word():
    assert propose_title("Apoyar la iniciativa. Y luego más.") == "Apoyar la iniciativa"
    long = "Encomendar a la SEGIB que elabore un informe sobre la cooperación iberoamericana en materia de " \
           "ciencia, tecnología e innovación y lo presente a los Coordinadores Nacionales"
    title = propose_title(long)
    assert len(title) <= 90 and title.endswith("…") and " " + title[:-1].split()[-1] + " " in long + " "


# A Portuguese declaration (explore 19, #3): its last point is written "Ponto 5.", as Portuguese texts print it.
DECLARACAO = """\
DECLARAÇÃO DE MADRID

Os Chefes de Estado e de Governo dos países ibero-americanos, reunidos em Madrid, ACORDAMOS:

4. Encarregar a SEGIB de:
a) preparar um plano de ação sobre inteligência artificial e direitos digitais;
b) informar anualmente os Coordenadores Nacionais sobre o seu andamento (meta < 12 meses).

Ponto 5. Reconhecer o trabalho da Secretaria Pro Tempore da Espanha.
PONTO 6: Agradecer ao povo madrilenho pela hospitalidade.
"""


def test_a_portuguese_point_word_starts_a_point_as_the_spanish_one_does():
    points = {p.label: p for p in split(DECLARACAO).points}
    assert list(points) == ["4", "4.a", "4.b", "5", "6"]
    # Point 5 was appended, unseen, to the text of 4.b (and would have been saved in that mandate).
    assert points["4.b"].text == "informar anualmente os Coordenadores Nacionais sobre o seu andamento (meta < 12 meses)."
    assert points["5"].text == "Reconhecer o trabalho da Secretaria Pro Tempore da Espanha."
    assert points["6"].text == "Agradecer ao povo madrilenho pela hospitalidade."


def test_a_point_word_that_breaks_the_numbering_is_kept_and_said():
    from segib_desktop.core.mandate_text import KEPT_AS_TEXT

    for word in ("Punto", "Ponto"):
        points = split(f"4. Primero.\n5. Segundo.\n{word} 3 de la Declaración de 2018, citado.\n6. Tercero.").points
        assert [p.label for p in points] == ["4", "5", "6"]
        assert points[1].text == f"Segundo.\n{word} 3 de la Declaración de 2018, citado."
        assert points[1].notes == [(KEPT_AS_TEXT, {"line": 3, "label": "3"})]
