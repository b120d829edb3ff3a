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

from segib_desktop import errors, i18n
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
