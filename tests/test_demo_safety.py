"""``demo`` is all or nothing (issue 17.6): killed or on a full disk it leaves nothing, and a second run
on a database that already has the example data refuses with one sentence and adds nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from segib_desktop.core.workspace import open_workspace

# A child that fills the example data, stopping before its last filler (the transaction then holds the
# meetings, mandates and coordination records) to say "ready" and wait to be killed.
STOP_BEFORE_LAST = textwrap.dedent("""
    import sys, time
    from segib_desktop.core import demo
    from segib_desktop.core.db import Database
    fillers = demo.fillers()
    last = fillers[-1]
    real = last.fill
    def stop(ctx):
        with ctx.db.session() as s:
            from sqlalchemy import text
            print(s.execute(text("SELECT count(*) FROM mandates")).scalar(), flush=True)
        time.sleep(60)
        return real(ctx)
    last.fill = stop
    demo.fill(Database(sys.argv[1]))
""")


def _fresh(tmp_path: Path, dirs) -> Path:
    path = tmp_path / "demo.sqlite3"
    open_workspace(path, dirs, user="tester").close()
    return path


def _counts(path: Path) -> dict:
    with sqlite3.connect(path) as conn:
        return {"mandates": conn.execute("SELECT count(*) FROM mandates").fetchone()[0],
                "meetings": conn.execute("SELECT count(*) FROM meetings").fetchone()[0],
                "contacts": conn.execute("SELECT count(*) FROM contacts").fetchone()[0],
                "settings": conn.execute("SELECT count(*) FROM settings WHERE key = 'demo_scale'").fetchone()[0],
                "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0]}


def _cli(*args: str, env: dict | None = None, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True,
                          env=env or os.environ.copy(), timeout=120, preexec_fn=preexec)


def test_a_demo_killed_midway_leaves_nothing(tmp_path, dirs):
    path = _fresh(tmp_path, dirs)
    before = _counts(path)
    child = subprocess.Popen([sys.executable, "-c", STOP_BEFORE_LAST, str(path)], stdout=subprocess.PIPE,
                             text=True)
    try:
        written = int(child.stdout.readline())  # the records are in the transaction, not yet committed
        assert written > 100
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert _counts(path) == before
    result = _cli("demo", "--db", str(path))  # and the next run adds the whole example data
    assert result.returncode == 0, result.stderr
    after = _counts(path)
    assert after["mandates"] > 100 and after["settings"] == 1


def _limit_file_size(limit: int):
    def apply():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_demo_on_a_full_disk_leaves_nothing_and_says_so(tmp_path, dirs):
    path = _fresh(tmp_path, dirs)
    before = _counts(path)
    result = _cli("demo", "--db", str(path), preexec=_limit_file_size(path.stat().st_size + 64 * 1024))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\n" not in message and "Error inesperado" not in message, message
    assert "está lleno" in message and "No se ha modificado nada" in message, message
    assert _counts(path) == before


def test_a_second_demo_refuses_and_adds_nothing(tmp_path, dirs):
    path = _fresh(tmp_path, dirs)
    assert _cli("demo", "--db", str(path)).returncode == 0
    once = _counts(path)
    result = _cli("demo", "--db", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"La base de datos {path} ya contiene los datos de ejemplo; no se ha añadido nada."
    assert _counts(path) == once


def test_example_data_brought_by_an_exchange_file_counts_as_there(tmp_path, dirs):
    from segib_desktop.core import demo, exchange
    from segib_desktop.errors import SegibError

    source = open_workspace(tmp_path / "origen.sqlite3", dirs, user="tester")
    demo.fill(source.db)
    (tmp_path / "demo.json").write_bytes(exchange.dumps(exchange.export_data(source.db)))
    source.close()
    target = open_workspace(tmp_path / "destino.sqlite3", dirs, user="tester")
    try:
        exchange.import_file(target.db, tmp_path / "demo.json", backups_dir=tmp_path / "copias")
        before = _counts(target.path)
        try:
            demo.fill(target.db)
        except SegibError as exc:
            assert "ya contiene los datos de ejemplo" in exc.user_message()
        else:
            raise AssertionError("a second copy of the example data was added")
        assert _counts(target.path) == before
    finally:
        target.close()
    assert json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))["format"]
