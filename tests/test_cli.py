"""The command line, run as a user runs it: a separate process, exit status and output."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from segib_desktop import logsetup


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(env_home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_version(tmp_path):
    from segib_desktop import __version__

    result = run("--version", env_home=tmp_path)
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_db_upgrade_creates_the_database_and_db_info_reports_its_contents(tmp_path):
    target = tmp_path / "nueva" / "segib.sqlite3"
    assert run("db", "upgrade", "--db", str(target), env_home=tmp_path).returncode == 0
    result = run("db", "info", "--db", str(target), env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.exists()
    lines = result.stdout.splitlines()
    assert f"Base de datos: {target}" in lines
    assert "  countries: 22" in lines
    assert "  bodies: 6" in lines
    assert "  summits: 30" in lines


def test_db_info_reports_an_older_databases_own_revision_and_leaves_it_as_it_is(tmp_path):
    """db info upgraded an older database before reporting it, and so said the new revision, never the file's
    own, and made the file unreadable for the version that wrote it (explore 16, section 4)."""
    from segib_desktop.core import migrate

    target = tmp_path / "antigua" / "segib.sqlite3"
    target.parent.mkdir()
    migrate.build_at(target, "0012")
    before = target.read_bytes()
    result = run("db", "info", "--db", str(target), env_home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    head = migrate.known_revisions()[0]
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"Base de datos: {target}", "Revisión del esquema: 0012",
                         f"Esta base de datos la creó una versión anterior de SEGIB Desktop (esta está en el esquema "
                         f"{head}) y no se ha modificado; db upgrade la actualiza, igual que abrirla en el programa."]
    assert "  summits: 0" in lines and "  mandate_relations: 0" in lines  # its own tables, as they are
    assert target.read_bytes() == before
    assert not target.with_name("segib.sqlite3.lock").exists()  # not even opened by the program
    wal = target.with_name("segib.sqlite3-wal")  # (SQLite's reader of a WAL file leaves an empty log)
    assert not wal.exists() or wal.stat().st_size == 0
    assert not (tmp_path / "home").exists() or not list((tmp_path / "home").rglob("*upgrade*"))
    assert migrate.inspect_file(target)[0] == "0012"


def test_db_upgrade_twice_changes_nothing_the_second_time(tmp_path):
    target = tmp_path / "segib.sqlite3"
    first = run("--db", str(target), "db", "upgrade", env_home=tmp_path)
    assert first.returncode == 0, first.stderr
    snapshot = target.read_bytes()
    second = run("db", "upgrade", "--db", str(target), "--lang", "pt", env_home=tmp_path)
    assert second.returncode == 0
    assert "já está atualizado" in second.stdout
    assert target.read_bytes() == snapshot


def test_bad_usage_exits_2_with_one_sentence(tmp_path):
    result = run("db", "frobnicate", env_home=tmp_path)
    assert result.returncode == 2
    assert "Línea de órdenes no válida" in result.stderr
    assert "opción no válida: 'frobnicate'" in result.stderr  # argparse's own words, translated too
    assert "invalid choice" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_option_is_named_in_the_users_language(tmp_path):
    result = run("briefing", "--summit", "30", "--lang", "pt", env_home=tmp_path)
    assert result.returncode == 2
    assert "faltam estes argumentos: --out" in result.stderr
    assert "required" not in result.stderr


def test_the_command_line_speaks_the_language_chosen_in_the_window_unless_told_otherwise(tmp_path):
    """An officer who chose Portuguese in the window got the command line in Spanish unless each command said
    --lang: it now follows the window's choice (its settings file), and --lang still wins."""
    settings = tmp_path / "settings.ini"
    settings.write_text("[General]\nlanguage=pt\n", encoding="utf-8")
    result = run("db", "frobnicate", env_home=tmp_path)
    assert result.returncode == 2 and "Linha de comando inválida" in result.stderr, result.stderr
    assert "Línea de órdenes" not in result.stderr
    told = run("db", "frobnicate", "--lang", "es", env_home=tmp_path)
    assert "Línea de órdenes no válida" in told.stderr
    settings.write_text("[General]\nlanguage=en\n", encoding="utf-8")
    assert "Invalid command line" in run("db", "frobnicate", env_home=tmp_path).stderr
    settings.write_bytes(b"\xff\xfe not an ini file [")  # a damaged settings file: Spanish, no traceback
    damaged = run("db", "frobnicate", env_home=tmp_path)
    assert "Línea de órdenes no válida" in damaged.stderr and "Traceback" not in damaged.stderr


@pytest.mark.parametrize("content", [b"hello, I am not a database" * 50, b"\x00\x01garbage" * 500])
def test_a_bad_file_exits_1_with_one_sentence_and_is_untouched(tmp_path, content):
    target = tmp_path / "cosa.sqlite3"
    target.write_bytes(content)
    result = run("db", "info", "--db", str(target), env_home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no es una base de datos de SEGIB Desktop" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == content


def test_a_database_in_use_by_another_copy_is_refused(tmp_path, dirs):
    from segib_desktop.core.workspace import open_workspace

    target = tmp_path / "compartida.sqlite3"
    ws = open_workspace(target, dirs)
    try:
        result = run("db", "upgrade", "--db", str(target), env_home=tmp_path)
    finally:
        ws.close()
    assert result.returncode == 1
    assert "ya está abierta en otra copia" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt needs a display only on Linux")
def test_without_a_screen_the_program_says_so_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SEGIB_DESKTOP_HOME"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "segib_desktop"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 1
    assert "No se ha encontrado ninguna pantalla" in result.stderr


def test_importing_a_missing_file_creates_no_database(tmp_path):
    target = tmp_path / "nueva.sqlite3"
    result = run("import", str(tmp_path / "no-existe.json"), "--db", str(target), env_home=tmp_path)
    assert result.returncode == 1
    assert "no-existe.json" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path):
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(tmp_path)}
    shell = (f"{sys.executable} -m segib_desktop db upgrade --db {tmp_path / 'x.sqlite3'} >/dev/null && "
             f"{sys.executable} -m segib_desktop db info --db {tmp_path / 'x.sqlite3'} | head -1")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, env=env,
                            timeout=120)
    assert "inesperado" not in result.stderr
    assert result.stdout.startswith("Base de datos:")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("command", [["search", "a", "--limit", "100000"], ["db", "info"]])
def test_output_to_a_full_disk_is_one_sentence_not_an_unexpected_error(tmp_path, command):
    """"search … > listado.txt" on a full network drive said "Unexpected error" and left a traceback in the log."""
    db = tmp_path / "x.sqlite3"
    assert run("demo", "--db", str(db), env_home=tmp_path).returncode == 0
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "segib_desktop", *command, "--db", str(db)], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120,
                                env=os.environ | {"SEGIB_DESKTOP_HOME": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr == "No se ha podido escribir la salida: el disco está lleno.\n"
    assert "Traceback" not in (tmp_path / "logs" / logsetup.LOG_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "window"), [
    ([], True), (["--db", "x.sqlite3"], True), (["--lang", "pt", "--db=x"], True), (["--lang=en"], True),
    (["db", "info"], False), (["--help"], False), (["--version"], False), (["--db"], False),
    (["--db", "x", "search", "cumbre"], False)])
def test_only_a_plain_start_skips_the_commands_parsers(argv, window):
    from segib_desktop import cli

    assert cli._opens_the_window(argv) is window


def test_opening_the_window_parses_its_options_without_importing_sqlalchemy_or_the_commands(tmp_path):
    script = ("import sys\nfrom segib_desktop import cli\n"
              "args = cli.build_parser(commands=not cli._opens_the_window(['--db', 'a.sqlite3', '--lang', 'pt']))"
              ".parse_args(['--db', 'a.sqlite3', '--lang', 'pt'])\n"
              "print(args.command, args.db.name, args.lang)\n"
              "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'segib_desktop.cli.'))))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.splitlines() == ["None a.sqlite3 pt", "[]"]


def test_a_bad_language_at_a_plain_start_is_one_sentence(tmp_path):
    result = run("--lang", "fr", env_home=tmp_path)
    assert result.returncode == 2
    assert "Línea de órdenes no válida" in result.stderr and "Traceback" not in result.stderr


def test_demo_reports_what_it_added_in_the_users_language_and_the_log_is_private(tmp_path):
    result = run("demo", "--lang", "pt", "--db", str(tmp_path / "d.sqlite3"), env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Dados de exemplo adicionados a")
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "reuniões e documentos", "mandatos e registros de acompanhamento", "mandatos renovados e sobrepostos",
        "registros de coordenação", "registros do IberBLH"]
    log = tmp_path / "logs" / "segib-desktop.log"
    assert log.stat().st_size > 0
    if os.name == "posix":
        assert log.stat().st_mode & 0o777 == 0o600  # officers' and records' names appear in it


def test_a_large_log_is_rotated_at_start_keeping_five(tmp_path, monkeypatch):
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    log = log_dir / logsetup.LOG_FILE
    for n in range(1, 6):
        log.with_name(f"{log.name}.{n}").write_text(f"old {n}")
    log.write_text("x" * logsetup.MAX_BYTES)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])  # as at a program's start (another test may have set one up)
    assert logsetup.setup(log_dir) == log
    logging.getLogger("segib_desktop.test").warning("after the rotation")
    root.handlers[0].close()
    assert log.with_name(f"{log.name}.1").stat().st_size == logsetup.MAX_BYTES  # the large one, kept
    assert [log.with_name(f"{log.name}.{n}").read_text() for n in range(2, 6)] == ["old 1", "old 2", "old 3", "old 4"]
    assert not log.with_name(f"{log.name}.6").exists()  # the oldest is dropped
    assert "after the rotation" in log.read_text()
    assert log.stat().st_size < 1000


def test_a_small_log_is_kept_as_it_is(tmp_path):
    log = tmp_path / logsetup.LOG_FILE
    log.write_text("a few lines")
    logsetup.rotate(log)
    assert log.read_text() == "a few lines" and not log.with_name(f"{log.name}.1").exists()
