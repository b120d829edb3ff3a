"""The command line's answers to odd input (issue 17.13): usage errors for impossible numbers, words that
start with a dash, control characters never written raw, the system's reasons in the user's language."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from segib_desktop import errors, i18n, paths
from segib_desktop.core import exchange
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.core.workspace import open_workspace


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("limit", ["99999999999999999999", "-1", "diez", "1e3", "0"])
def test_an_impossible_limit_is_a_usage_error(tmp_path, limit):
    """0 too: it said "nothing matches" of what it had not looked for."""
    result = run("search", "Cádiz", "--limit", limit, home=tmp_path)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last == (f"Línea de órdenes no válida: argumento --limit: escriba un número entero de 1 a 100000, "
                    f"no {limit}")
    assert "inesperado" not in result.stderr and "Traceback" not in result.stderr


def test_a_word_starting_with_a_dash_is_searched_for(tmp_path):
    result = run("search", "-Salamanca", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Salamanca" in result.stdout  # summit XV
    assert run("search", "--", "-Salamanca", home=tmp_path).stdout == result.stdout
    assert run("search", "--limt", "3", "Salamanca", home=tmp_path).returncode == 2  # a mistyped option still is one
    assert run("search", "-h", home=tmp_path).returncode == 0


def test_a_nul_in_a_message_is_never_written_raw(dirs, tmp_path):
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    AreaService(ws.db).save(None, {"name": "Cooperación"})
    doc = exchange.export_data(ws.db)
    ws.close()
    doc["areas"][0]["na\x00me\x1b[2J"] = "x"  # a field name with a NUL and a terminal escape
    (tmp_path / "nul.json").write_text(json.dumps(doc), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "segib_desktop", "import", str(tmp_path / "nul.json")],
                            capture_output=True, env=os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)},
                            timeout=120)
    assert result.returncode == 1
    assert b"\x00" not in result.stderr and b"\x1b" not in result.stderr
    assert "areas[0].na\\x00me\\x1b[2J: " in result.stderr.decode()


def test_the_systems_reason_is_in_the_users_language(tmp_path):
    (tmp_path / "nota.pdf").mkdir()  # the file to write is a folder: the system's "Is a directory"
    result = run("briefing", "--summit", "30", "--out", str(tmp_path / "nota.pdf"), home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"{tmp_path / 'nota.pdf'}: es una carpeta, no un archivo.")
    assert os.strerror(errno.EISDIR) not in result.stderr
    pt = i18n.Translator("pt")
    assert errors.os_reason(OSError(errno.ENOSPC, "No space left on device"), pt) == "o disco está cheio"
    assert errors.os_reason(OSError(errno.EXDEV, "Invalid cross-device link"), pt) == (
        f"o sistema operacional recusou (erro {errno.EXDEV})")


@pytest.mark.parametrize(("command", "sentence"), [
    (["export", "datos.txt"], "El archivo de intercambio debe terminar en .json, por ejemplo datos.json."),
    (["calendar", "--out", "cumbres.txt"], "El archivo de calendario debe terminar en .ics, por ejemplo cumbres.ics."),
])
def test_an_export_or_a_calendar_to_a_file_of_another_kind_is_refused_as_a_briefing_is(tmp_path, command, sentence):
    """They wrote JSON or a calendar into datos.txt, and said it was done (a briefing already refused .txt)."""
    out = tmp_path / command[-1]
    result = run(*command[:-1], str(out), home=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, sentence)
    assert not out.exists()


@pytest.mark.parametrize("address", ["postgresql://u@h:abc/x", "postgresql://u@h:99999/x", "postgres://u@h:0/x"])
def test_a_server_address_with_an_impossible_port_is_a_usage_error(tmp_path, address):
    """It was "Unexpected error: the details are in the log file" (and the crash dialog in the window)."""
    result = run("db", "info", "--db", address, "--lang", "en", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Invalid command line: argument --db: a server's address is written postgresql://user@host:port/name, "
        f"not {address}")


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("number", ["abc", "-3", "0", "1000", "XXXA"])
def test_a_summit_number_that_is_none_is_a_usage_error(tmp_path, number):
    """briefing read it after opening the database: exit status 1, where every other malformed argument is 2."""
    result = run("briefing", "--summit", number, "--out", str(tmp_path / "nota.pdf"), "--lang", "en", home=tmp_path)
    assert result.returncode == 2
    assert last_line(result) == ("Invalid command line: argument --summit: write a summit's number in figures or "
                                 f"in Roman numerals, for example 30 or XXX, not {number}")
    assert not (tmp_path / paths.DB_FILENAME).exists()  # refused before the database was opened


def test_a_summit_number_may_be_written_in_roman_numerals_as_in_the_window(tmp_path):
    result = run("briefing", "--summit", "xxx", "--out", str(tmp_path / "nota.pdf"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "nota.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("kind", "label"), [
    ("commitment", "Commitment"), ("COM", "Commitment"), ("pa", "Programme of Action"),
    ("Programa de Ação", "Programme of Action"), ("declaracion", "Declaration"), ("Outro", "Other")])
def test_import_xlsx_takes_a_kind_by_its_code_or_its_name_in_any_language_and_a_roman_summit(tmp_path, kind, label):
    """Only the stored English values were taken ('declaration', 'action_programme'), in every language."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Punto", "Título"])
    book.active.append([1, "Informe"])
    book.save(tmp_path / "m.xlsx")
    result = run("import-xlsx", str(tmp_path / "m.xlsx"), "--summit", "XXX", "--document", kind, "--lang", "en",
                 home=tmp_path)
    # the reference summits have no documents: the sentence names the summit and the kind that were read
    assert result.returncode == 1
    assert result.stderr.startswith(f"The XXX Ibero-American Summit has no document of the kind “{label}”")


def test_an_unknown_document_kind_lists_the_codes_and_the_names_in_the_users_language(tmp_path):
    result = run("import-xlsx", "m.xlsx", "--summit", "30", "--document", "acta", home=tmp_path)
    assert result.returncode == 2
    assert last_line(result) == (
        "Línea de órdenes no válida: argumento --document: «acta» no es un tipo de documento; escriba uno de "
        "estos: DEC (Declaración), PA (Programa de Acción), CE (Comunicado Especial), RES (Resolución), "
        "COM (Compromiso), CAR (Carta), DOC (Otro)")


def test_overlaps_limit_is_a_whole_number_from_1_as_search_s(tmp_path):
    """--limit 0 printed a pair."""
    result = run("overlaps", "--limit", "0", home=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert last_line(result) == ("Línea de órdenes no válida: argumento --limit: escriba un número entero de 1 a "
                                 "100000, no 0")


@pytest.mark.parametrize("argv", [["db", "info", "--db", ""], ["--db", " "], ["db", "copy", "--from", "", "--to", "b"]])
def test_an_empty_database_name_is_a_usage_error(tmp_path, argv):
    """--db "" (a script's unset variable) became the current folder: ". is a folder, not a database"."""
    result = run(*argv, "--lang", "pt", home=tmp_path)
    assert result.returncode == 2
    assert last_line(result).endswith(
        ": escreva o nome de um arquivo de banco de dados ou o endereço de um servidor")
    assert "pasta" not in result.stderr


@pytest.mark.parametrize(("argv", "said"), [
    (["db"], "Línea de órdenes no válida: faltan estos argumentos: ACCIÓN"),
    (["server", "--lang", "pt"], "Linha de comando inválida: faltam estes argumentos: AÇÃO"),
    (["bogus", "--lang", "en"], "Invalid command line: argument COMMAND: invalid choice: 'bogus' (choose from "),
])
def test_the_parsers_own_names_are_never_shown(tmp_path, argv, said):
    """"faltan estos argumentos: action", "argument command: invalid choice": the program's variable names."""
    result = run(*argv, home=tmp_path)
    assert result.returncode == 2
    assert last_line(result).startswith(said)


def test_each_action_of_db_and_server_is_explained_in_their_help(tmp_path):
    db_help = " ".join(run("db", "--help", "--lang", "en", home=tmp_path).stdout.split())
    assert "ACTION info: the database's schema revision and its rows; upgrade: " in db_help
    assert "; copy: copy a whole database (--from, --to)" in db_help
    server_help = " ".join(run("server", "--help", "--lang", "en", home=tmp_path).stdout.split())
    assert "ACTION init: create the database's tables and the officers' roles on the server" in server_help
    assert "db show, upgrade or copy the database" in " ".join(run("--help", "--lang", "en",
                                                                          home=tmp_path).stdout.split())


def test_the_self_test_names_what_it_counts_in_the_users_language(tmp_path):
    """It printed the tables' and the demo's keys: "countries 22, bodies 6", "cycle 44, mandates 159"."""
    from segib_desktop.cli.selftestcmd import SelfTest

    i18n.set_language("pt")
    test = SelfTest(tmp_path)
    try:
        assert test.reference_data() == "22 países, 6 organismos, 30 cúpulas"
        assert test.example_data().startswith("44 reuniões e documentos, ")
    finally:
        test._close_workspace()
        i18n.set_language("es")
