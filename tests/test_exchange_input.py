"""Exchange files that a hostile tester makes (issue 17.8, 17.12): a text that is not valid Unicode is
refused at check time, with its place, before any backup; a huge file is refused before it fills the
memory, measured in a real child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from segib_desktop.core import exchange
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.core.workspace import open_workspace


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=180)


def _exported(dirs) -> dict:
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    try:
        AreaService(ws.db).save(None, {"name": "Cooperación"})
        return exchange.export_data(ws.db)
    finally:
        ws.close()


def test_a_lone_surrogate_is_refused_at_check_time_with_its_place_and_no_backup(dirs, tmp_path):
    doc = _exported(dirs)
    doc["areas"][0]["name"] = "Cumbre \ud800 de Cádiz"
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")  # written as "\ud800"
    assert b"\\ud800" in (tmp_path / "mala.json").read_bytes()
    before = dirs.default_db.read_bytes()
    result = _cli("import", str(tmp_path / "mala.json"), home=dirs.data)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "inesperado" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].endswith("porque tiene un problema:")  # one problem, in the singular
    assert lines[1] == ("areas[0].name: un texto que no es Unicode válido (contiene medio carácter, \\ud800); "
                        "corríjalo en el programa que escribió el archivo")
    assert dirs.default_db.read_bytes() == before
    assert not list(dirs.backups.rglob("*import*"))  # refused before the import's backup


def test_every_text_is_checked_field_names_and_links_too(dirs, tmp_path):
    doc = _exported(dirs)
    doc["areas"][0]["name"] = "\udfff"
    doc["areas"][0]["\udc00x"] = "y"
    doc["mandates"] = [{"uid": "\ud83d", "tags": ["\ud800"]}]
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    try:
        exchange.check_file(None, tmp_path / "mala.json")  # refused while reading: no database needed
    except exchange.ImportProblems as exc:
        places = [p.place for p in exc.problems]
        assert exc.headline().endswith("porque tiene 4 problemas:")
    else:
        raise AssertionError("accepted")
    assert sorted(places) == ["areas[0]", "areas[0].name", "mandates[0].tags[0]", "mandates[0].uid"]


def test_a_long_name_or_value_from_the_file_is_cut_in_the_message(dirs, tmp_path):
    """A field name of 100,000 characters made a message of 100,000 characters (explore 16, section 10)."""
    doc = _exported(dirs)
    doc["areas"][0]["x" * 100_000] = "y"
    doc["s" * 100_000] = []
    doc["mandates"] = [{"uid": "00000000-0000-4000-8000-000000000001", "addressee_bodies": ["b" * 100_000]}]
    (tmp_path / "mala.json").write_text(json.dumps(doc), encoding="utf-8")
    result = _cli("import", str(tmp_path / "mala.json"), home=dirs.data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "areas[0]." + "x" * 60 + "…: campo desconocido" in lines
    assert "s" * 60 + ("…: sección desconocida (puede que el archivo venga de una versión más reciente de SEGIB "
                       "Desktop)") in lines
    assert any(line.startswith("mandates[0].addressee_bodies[0]: ") and "b" * 60 + "…" in line
               and "b" * 61 not in line for line in lines), lines
    assert len(result.stderr) < 2_000


# A child that imports a file and prints its peak memory (VmHWM, in MB) and its exit status.
# The limits of a file are derived from the computer's memory: the child is a computer of 1 GB (an import
# may take 512 MB: files of up to 85 MB and 1,626,881 values), so that a file over them is a small one here.
SMALL_COMPUTER = 1024**3
MEASURE = textwrap.dedent(f"""
    import sys
    from segib_desktop import cli
    from segib_desktop.core import exchange
    exchange.MEMORY = {SMALL_COMPUTER}
    status = cli.main(["import", sys.argv[1], "--db", sys.argv[2]])
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(status, peak // 1024)
""")


def _measured(path: Path, dirs, tmp_path) -> tuple[int, int, str]:
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(dirs.data)}
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(tmp_path / "destino.sqlite3")],
                            capture_output=True, text=True, env=env, timeout=180)
    status, peak = map(int, result.stdout.split())
    return status, peak, result.stderr


def _baseline(dirs, tmp_path) -> int:
    """The same child's peak on a small file that it reads and refuses (its imports, its database)."""
    (tmp_path / "pequeño.json").write_text('{"format": "segib-desktop-exchange", "format_version": 1, '
                                           '"mandates": [{"uid": 1}]}', encoding="utf-8")
    status, peak, _err = _measured(tmp_path / "pequeño.json", dirs, tmp_path)
    assert status == 1
    return peak


def test_a_200_mb_file_is_refused_with_its_cap_in_a_small_memory(dirs, tmp_path):
    big = tmp_path / "enorme.json"
    record = ('{"uid": "00000000-0000-4000-8000-%012d", "title": "' + "x" * 900 + '"},')
    with big.open("w", encoding="utf-8") as fh:  # 200 MB of well-formed records
        fh.write('{"format": "segib-desktop-exchange", "format_version": 1, "mandates": [')
        block = "".join(record % i for i in range(1000))
        for _ in range(200 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
        fh.write(record[:-1] % 0 + "]}")
    assert big.stat().st_size >= 200 * 1024 * 1024
    status, peak, stderr = _measured(big, dirs, tmp_path)
    assert status == 1
    assert stderr.strip() == (
        f"El archivo {big} es demasiado grande para importarlo en este ordenador: SEGIB Desktop lee aquí archivos "
        f"de intercambio de hasta 85 MB y 1 626 881 valores, para que leer uno nunca ocupe más de la mitad de la "
        f"memoria del ordenador. No se ha cambiado nada.")
    assert peak < _baseline(dirs, tmp_path) + 20, peak  # not a byte of the file kept


def test_a_file_of_tiny_values_under_the_size_cap_is_refused_by_their_count(dirs, tmp_path):
    # 3 million one-letter texts in 12 MB: as Python objects, twenty times the file.
    tiny = tmp_path / "diminutos.json"
    tiny.write_text('{"format": "segib-desktop-exchange", "format_version": 1, "mandates": [{"tags": ['
                    + '"a",' * 3_000_000 + '"a"]}]}', encoding="utf-8")
    assert tiny.stat().st_size < 85 * 1024 * 1024
    status, peak, stderr = _measured(tiny, dirs, tmp_path)
    assert status == 1 and "demasiado grande" in stderr
    assert peak < _baseline(dirs, tmp_path) + 60, peak  # the file's bytes, read once, and nothing made of them


def test_400_000_bad_links_are_all_counted_in_a_small_memory(dirs, tmp_path):
    # 0.8 MB of file, 400,000 problems: only the first ones are kept (core/exchange.MAX_KEPT), all counted.
    links = tmp_path / "enlaces.json"
    links.write_text('{"format": "segib-desktop-exchange", "format_version": 1, "mandates": [{"uid": '
                     '"00000000-0000-4000-8000-000000000001", "addressee_bodies": [' + "1," * 399_999 + "1]}]}",
                     encoding="utf-8")
    status, peak, stderr = _measured(links, dirs, tmp_path)
    assert status == 1
    lines = stderr.splitlines()
    assert lines[0].endswith("porque tiene 400004 problemas:")  # each link, the repeats, the missing fields
    assert lines[-1] == f"… y {400_004 - exchange.MAX_LISTED} más."
    assert peak < _baseline(dirs, tmp_path) + 60, peak


def test_the_limits_follow_the_computers_memory(monkeypatch):
    monkeypatch.setattr(exchange, "MEMORY", 8 * 1024**3)  # the workstation of an office
    assert exchange.file_limits() == (715_827_882, 13_015_052)  # 682 MB, 13 million values: half its memory
    monkeypatch.setattr(exchange, "MEMORY", None)  # this computer, as the system tells it
    size, values = exchange.file_limits()
    assert size == exchange.physical_memory() // 2 // exchange.BYTES_PER_FILE_BYTE > 0
    assert values == int(exchange.physical_memory() / 2 / exchange.BYTES_PER_VALUE)


def test_a_file_over_a_small_computers_limits_changes_nothing_and_imports_on_a_larger_one(dirs, tmp_path,
                                                                                         monkeypatch):
    doc = _exported(dirs)
    doc["areas"].extend({"uid": f"00000000-0000-4000-8000-{i:012d}", "name": f"Área {i}"} for i in range(300))
    path = tmp_path / "areas.json"
    path.write_bytes(exchange.dumps(doc))
    commas = path.read_bytes().count(b",")
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    try:
        def areas() -> int:
            with ws.db.engine.connect() as conn:
                return conn.exec_driver_sql("SELECT count(*) FROM areas").scalar()

        before = areas()
        monkeypatch.setattr(exchange, "MEMORY", (commas - 1) * exchange.BYTES_PER_VALUE * 2)
        try:
            exchange.import_file(ws.db, path, backups_dir=tmp_path / "copias")
        except exchange.FileTooLarge as exc:
            assert f"{commas - 1:,}".replace(",", " ") in str(exc.params["values"])
        else:
            raise AssertionError("a file over the limits was imported")
        assert areas() == before and not (tmp_path / "copias").exists()  # nothing, not even the backup
        monkeypatch.setattr(exchange, "MEMORY", (commas + 1) * exchange.BYTES_PER_VALUE * 2)
        result = exchange.import_file(ws.db, path, backups_dir=tmp_path / "copias")
        assert result.created == 300 and areas() == before + 300
    finally:
        ws.close()


def test_the_writing_has_a_page_cache_as_large_as_the_file_and_gives_it_back(dirs, tmp_path):
    doc = _exported(dirs)
    doc["areas"].extend({"uid": f"00000000-0000-4000-8000-{i:012d}", "name": f"Área {i} " + "x" * 120}
                        for i in range(20_000))
    (tmp_path / "areas.json").write_bytes(exchange.dumps(doc))
    ws = open_workspace(dirs.default_db, dirs, user="tester")
    try:
        with ws.db.session() as s:
            default = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
        with ws.db.session(write=True) as s:
            with exchange._page_cache(s, 50 * 1024**2):
                assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -50 * 1024  # KiB
            assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == default
            with exchange._page_cache(s, 1024):  # a small file: the cache as it is, never smaller
                assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == default
        assert (tmp_path / "areas.json").stat().st_size > -default * 1024  # a larger cache is taken
        assert exchange.import_file(ws.db, tmp_path / "areas.json", backups_dir=tmp_path / "copias").created == 20_000
        with ws.db.session() as s:  # the pooled connection is back as it was
            assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == default
    finally:
        ws.close()
