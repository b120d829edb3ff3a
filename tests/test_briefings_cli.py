"""``segib-desktop briefing``, run as a user runs it: a separate process, its exit status and its words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from segib_desktop.core import migrate
from tests.briefing_fixtures import pdf_text


@pytest.fixture(autouse=True)
def database(tmp_path):
    """A reading command never creates its database (a mistyped --db says so): it is made first."""
    migrate.upgrade(tmp_path / "segib.sqlite3")


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_a_summit_briefing_in_portuguese_from_the_command_line(tmp_path):
    db, out = tmp_path / "segib.sqlite3", tmp_path / "nota.pdf"
    result = run("briefing", "--summit", "29", "--lang", "pt", "--out", str(out), "--db", str(db), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Nota informativa gravada em {out}."
    text, reader = pdf_text(out)
    assert "XXIX Cúpula Ibero-Americana de Chefes de Estado e de Governo" in text
    assert f"Página 2 de {len(reader.pages)}" in text


@pytest.mark.parametrize("args", [("--country", "ar"), ("--body", "OEI")])
def test_country_and_body_briefings(tmp_path, args):
    out = tmp_path / "nota.pdf"
    result = run("--db", str(tmp_path / "segib.sqlite3"), "briefing", *args, "--out", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    text, _reader = pdf_text(out)
    assert ("Argentina" if args[0] == "--country" else "Organización de Estados Iberoamericanos") in text
    assert "Índice" in text


@pytest.mark.parametrize(("args", "sentence", "status"), [
    (("--summit", "31"), "No existe la cumbre número 31 en la base de datos.", 1),
    (("--summit", "XXXI"), "No existe la cumbre número 31 en la base de datos.", 1),  # as the window reads it
    (("--country", "XX"), "No existe ningún país con el código «XX» (use el código ISO de dos letras, "
                          "por ejemplo AR).", 1),
    (("--body", "NOPE"), "No existe ningún organismo con la sigla «NOPE».", 1),
    (("--summit", "30", "--lang", "en"), "Briefings are written in Spanish or Portuguese: use --lang es or "
                                          "--lang pt.", 2),
])
def test_a_mistake_is_one_sentence_and_writes_nothing(tmp_path, args, sentence, status):
    out = tmp_path / "nota.pdf"
    result = run("briefing", *args, "--out", str(out), "--db", str(tmp_path / "segib.sqlite3"), home=tmp_path)
    assert result.returncode == status
    assert result.stderr.strip() == sentence
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_folder_that_does_not_exist(tmp_path):
    out = tmp_path / "nowhere" / "nota.pdf"
    result = run("briefing", "--summit", "30", "--out", str(out), "--db", str(tmp_path / "segib.sqlite3"),
                 "--lang", "pt", home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"A pasta {out.parent} não existe: escolha outro local para a nota informativa."


def test_subject_and_output_are_required(tmp_path):
    result = run("briefing", "--summit", "30", home=tmp_path)
    assert result.returncode == 2
    result = run("briefing", "--summit", "30", "--country", "AR", "--out", "x.pdf", home=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
