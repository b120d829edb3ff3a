"""``make bench``: the performance figures on a large database, each against its floor.

Every figure is the median of several runs, and is compared with the bare cost
of the same work measured in the same run (an empty PySide6 window, raw SQLite,
raw reportlab), because this machine is shared and noisy: ratios hold where
absolute times wander. Start-up and memory are measured in separate processes.
``BENCH_JSON=FILE`` also writes the results as JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

# name: (unit, target, kind) — kind "ratio": value/baseline <= target; "abs": value <= target
TARGETS = {
    "startup": ("ms", 2.0, "ratio"),
    "list_open": ("ms", 150.0, "abs"),
    "filter": ("ms", 50.0, "abs"),
    "sort": ("ms", 60.0, "abs"),
    "search": ("ms", 20.0, "abs"),
    "similar": ("ms", 50.0, "abs"),  # issue 23: the mandates like a text being typed, at 20,000 mandates
    "overlaps": ("ms", 5000.0, "abs"),  # issue 23: the overlaps view's pairs (index built, then 300 pairs)
    "briefing": ("ms/page", 1.5, "ratio"),
    "import": ("ms", 3.0, "ratio"),
    "backup": ("ms", 2.0, "ratio"),
    "rss": ("MB", 350.0, "abs"),
    "ui_stall": ("ms", 100.0, "abs"),
}
BRIEFING_TOTAL_LIMIT_S = 10.0


def median(fn: Callable[[], float], runs: int = RUNS) -> float:
    return statistics.median(fn() for _ in range(runs))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def probe(*args: str, home: Path) -> dict:
    env = os.environ | {"BENCH_HOME": str(home), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "bench.probe", *args], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-400:] or f"probe {args[0]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the large database, built once and cached
def demo_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in (ROOT / "segib_desktop" / "core" / "demo", ROOT / "db" / "migrations" / "versions"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def large_database() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"large-{demo_fingerprint()}.sqlite3"
    if not path.exists():
        for old in CACHE.glob("large-*"):
            old.unlink()
        print(f"building the large example database ({path.name}), once…", flush=True)
        building = path.with_suffix(".building")
        for leftover in CACHE.glob(building.name + "*"):
            leftover.unlink()
        env = os.environ | {"SEGIB_DESKTOP_HOME": str(CACHE / "home")}
        subprocess.run([sys.executable, "-m", "segib_desktop", "demo", "--scale", "large", "--db", str(building)],
                       check=True, env=env, cwd=ROOT)
        conn = sqlite3.connect(building)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to copy
        conn.close()
        building.rename(path)
        for leftover in CACHE.glob(building.name + "*"):
            leftover.unlink()
    return path


def working_copy(path: Path, folder: Path) -> Path:
    target = folder / "bench.sqlite3"
    if target.exists():
        target.unlink()
    shutil.copyfile(path, target)
    return target


# --- the figures: each returns (value, baseline)
def fig_startup(db: Path, home: Path) -> tuple[float, float]:
    base = median(lambda: probe("empty_window", home=home)["seconds"] * 1000)
    value = median(lambda: probe("startup", str(db), home=home)["seconds"] * 1000)
    return value, base


def _mandates_page(db: Path, home: Path):
    from PySide6.QtWidgets import QApplication

    from segib_desktop import i18n, paths
    from segib_desktop.core.workspace import open_workspace
    from segib_desktop.gui.app import make_settings
    from segib_desktop.gui.context import AppContext
    from segib_desktop.gui.pages import page_spec

    app = QApplication.instance() or QApplication([])
    i18n.set_language("es")
    dirs = paths.user_dirs(home)
    ws = open_workspace(db, dirs)
    ctx = AppContext(ws, "es", make_settings(dirs))
    return app, ws, ctx, page_spec("mandates")


def _shown(app, page) -> None:
    """Waits for the page's background load, then paints it."""
    from PySide6.QtCore import QThreadPool

    done = {"ok": False}
    page.loaded.connect(lambda: done.update(ok=True))
    while not done["ok"]:
        QThreadPool.globalInstance().waitForDone(10)
        app.processEvents()
    page.view.viewport().repaint()


def fig_lists(db: Path, home: Path) -> dict[str, tuple[float, float]]:
    """list_open, filter and sort on the mandates list with its 20,000 rows."""
    from PySide6.QtCore import Qt, QThreadPool

    app, ws, ctx, spec = _mandates_page(db, home)
    pages = []
    try:
        def open_once():
            # The previous page's background work (folding its texts) must not run into this one.
            QThreadPool.globalInstance().waitForDone()
            app.processEvents()
            start = time.perf_counter()
            page = spec.build(ctx)
            page.resize(1180, 700)
            page.show()
            _shown(app, page)
            pages.append(page)
            return (time.perf_counter() - start) * 1000

        list_open = median(open_once)
        page = pages[-1]
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        rows = page.model.total_count()
        words = ["c", "co", "coo", "coop", "coope", "cooper", "coopera", "cooperac", "cooperaci", "cooperacio"]

        def one_keystroke(text):
            page.filter_edit.blockSignals(True)
            page.filter_edit.setText(text)
            page.filter_edit.blockSignals(False)
            return timed(lambda: (page.apply_filter(), page.view.viewport().repaint()))

        filter_ms = statistics.median(one_keystroke(w) for w in words)
        page.filter_edit.setText("")
        page.apply_filter()
        orders = [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 3
        sort_ms = statistics.median(
            timed(lambda o=o, c=c: (page.view.sortByColumn(c, o), page.view.viewport().repaint()))
            for c in (1, 2, 4) for o in orders[:2])
    finally:
        for page in pages:
            page.close()
            page.deleteLater()
        ws.close()
    if rows < 15000:
        raise RuntimeError(f"the mandates list shows {rows} rows, not the large database's ~20,000")
    return {"list_open": (list_open, 55.0), "filter": (filter_ms, 45.0), "sort": (sort_ms, 34.0)}


def fig_search(db: Path, home: Path) -> tuple[float, float]:
    from segib_desktop.core import search
    from segib_desktop.core.db import Database

    database = Database(db)
    try:
        queries = ["cooperacion", "Cadiz", "mandato seg", "educación", "iberblh"]
        value = median(lambda: statistics.median(timed(lambda q=q: search.search(database, q)) for q in queries))
        raw = sqlite3.connect(db)
        base = median(lambda: timed(lambda: raw.execute(
            "SELECT count(*) FROM mandates WHERE title LIKE '%cooperaci%'").fetchall()))
        raw.close()
    finally:
        database.close()
    return value, base


def fig_similar(db: Path, home: Path) -> tuple[float, float, float]:
    """The similar mandates of a typed text (index built once, kept), and the overlaps view's pairs from a
    cold start (index built, pairs found); the floor is reading the mandates' texts with raw SQLite."""
    from segib_desktop.core import similarity
    from segib_desktop.core.db import Database

    database = Database(db)
    try:
        cold = timed(lambda: similarity.overlapping_pairs(database, limit=300))
        index = similarity.index_for(database)
        texts = [("Movilidad académica", "Encomendar a la SEGIB que impulse la movilidad académica de estudiantes"),
                 ("Seguridad social", "ratificación del Convenio Multilateral Iberoamericano de Seguridad Social"),
                 ("Juventud", "empleo de las personas jóvenes y emprendimiento juvenil en zonas rurales"),
                 ("Cooperação", "Relatório da Cooperação Sul-Sul e Triangular na Ibero-América")]
        value = median(lambda: statistics.median(timed(lambda t=t: index.similar(*t)) for t in texts))
        raw = sqlite3.connect(db)
        base = median(lambda: timed(lambda: raw.execute("SELECT id, title, text FROM mandates").fetchall()))
        raw.close()
    finally:
        database.close()
    return value, base, cold


def reportlab_ms_per_page(folder: Path) -> float:
    """Floor: reportlab's own per-page time for a table of Paragraph cells."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    rows = [[Paragraph(f"Mandato {i}: texto de ejemplo para medir", style), Paragraph("En curso", style),
             Paragraph("04/11/2026", style)] for i in range(2000)]
    pages = {}

    def build():
        doc = SimpleDocTemplate(str(folder / "floor.pdf"), pagesize=A4)
        chunks = [Table(rows[i:i + 250], repeatRows=0) for i in range(0, len(rows), 250)]
        doc.build(chunks)
        pages["n"] = doc.page
    ms = median(lambda: timed(build), runs=3)
    return ms / pages["n"]


def fig_briefing(db: Path, folder: Path) -> tuple[float, float, float]:
    from pypdf import PdfReader

    from segib_desktop.core import briefings
    from segib_desktop.core.db import Database

    database = Database(db)
    out = folder / "briefing.pdf"
    try:
        total = median(lambda: timed(lambda: briefings.generate(database, "summit", "30", "es", out)), runs=3)
    finally:
        database.close()
    pages = len(PdfReader(out).pages)
    return total / pages, reportlab_ms_per_page(folder), total / 1000


def fig_import(db: Path, folder: Path) -> tuple[float, float, Path]:
    from sqlalchemy import create_engine, insert

    from segib_desktop.core import exchange, migrate
    from segib_desktop.core.db import Database
    from segib_desktop.core.models import Base

    source = Database(db)
    exported = folder / "large.json"
    exchange.export_file(source, exported)
    # Floor: the same rows inserted with SQLAlchemy Core executemany into a fresh schema.
    with source.engine.connect() as conn:
        tables = {t.name: [dict(r._mapping) for r in conn.execute(t.select())] for t in Base.metadata.sorted_tables}
    source.close()

    def floor():
        target = folder / "floor.sqlite3"
        for f in folder.glob("floor.sqlite3*"):
            f.unlink()
        engine = create_engine(f"sqlite:///{target}")
        Base.metadata.create_all(engine)
        with engine.begin() as conn:
            for table in Base.metadata.sorted_tables:
                conn.execute(table.delete())
            start = time.perf_counter()
            for table in Base.metadata.sorted_tables:
                if tables[table.name]:
                    conn.execute(insert(table), tables[table.name])
            elapsed = (time.perf_counter() - start) * 1000
        engine.dispose()
        return elapsed

    def run_import():
        target = folder / "imported.sqlite3"
        for f in folder.glob("imported.sqlite3*"):
            f.unlink()
        migrate.upgrade(target)
        database = Database(target)
        try:
            return timed(lambda: exchange.import_file(database, exported))
        finally:
            database.close()

    return median(run_import, runs=3), median(floor, runs=3), exported


def fig_backup(db: Path, folder: Path) -> tuple[float, float]:
    from segib_desktop.core import backups

    def raw():
        target = folder / "raw-backup.sqlite3"
        target.unlink(missing_ok=True)
        src, dst = sqlite3.connect(db), sqlite3.connect(target)
        # the same work, raw: the copy, and the check that every backup passes before it is kept
        elapsed = timed(lambda: (src.backup(dst), dst.execute("PRAGMA quick_check").fetchall()))
        src.close()
        dst.close()
        return elapsed

    def ours():
        out = folder / "backups"
        shutil.rmtree(out, ignore_errors=True)
        return timed(lambda: backups.make_backup(db, out, "manual"))

    return median(ours), median(raw)


def compile_bytecode() -> None:
    """The program as its users run it, compiled to bytecode (the bundle holds it; pip writes it).

    A checkout run with PYTHONDONTWRITEBYTECODE (set on this machine) would otherwise compile
    every module from source at every start of every probe.
    """
    import compileall

    compileall.compile_dir(ROOT / "segib_desktop", quiet=1)


def main() -> int:
    results: dict[str, dict] = {}
    compile_bytecode()

    def record(name, value, baseline, note=""):
        unit, target, kind = TARGETS[name]
        ratio = value / baseline if baseline else None
        ok = (ratio is not None and ratio <= target) if kind == "ratio" else value <= target
        results[name] = {"value": round(value, 2), "unit": unit, "baseline": round(baseline, 2) if baseline else None,
                         "ratio": round(ratio, 2) if ratio is not None else None, "target": target, "ok": bool(ok)}
        if note:
            results[name]["note"] = note

    def failed(name, exc):
        unit, target, _kind = TARGETS[name]
        results[name] = {"value": None, "unit": unit, "baseline": None, "ratio": None, "target": target,
                         "ok": False, "note": f"not measured: {exc}"}

    large = large_database()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = folder / "home"
        db = working_copy(large, folder)
        steps = [
            ("startup", lambda: record("startup", *fig_startup(db, home))),
            ("lists", lambda: [record(k, *v) for k, v in fig_lists(db, home).items()]),
            ("search", lambda: record("search", *fig_search(db, home))),
            ("similar", lambda: (lambda v, b, cold: (record("similar", v, b),
                                                      record("overlaps", cold, b)))(*fig_similar(db, home))),
        ]
        for name, step in steps:
            try:
                step()
            except Exception as exc:  # a missing piece is reported, the rest still measured
                for key in (["list_open", "filter", "sort"] if name == "lists" else [name]):
                    failed(key, exc)
        try:
            per_page, floor, total_s = fig_briefing(db, folder)
            record("briefing", per_page, floor, note=f"{total_s:.1f} s in all")
            if total_s > BRIEFING_TOTAL_LIMIT_S:
                results["briefing"]["ok"] = False
        except Exception as exc:
            failed("briefing", exc)
        exported = None
        try:
            value, base, exported = fig_import(db, folder)
            record("import", value, base)
        except Exception as exc:
            failed("import", exc)
        try:
            record("backup", *fig_backup(db, folder))
        except Exception as exc:
            failed("backup", exc)
        try:
            record("rss", probe("rss", str(db), home=home)["mb"], None)
        except Exception as exc:
            failed("rss", exc)
        try:
            if exported is None:
                raise RuntimeError("no exchange file (import not measured)")
            record("ui_stall", probe("ui_stall", str(db), str(exported), home=home)["max_ms"], None)
        except Exception as exc:
            failed("ui_stall", exc)

    print(f"\n{'figure':<10} {'value':>10} {'unit':<8} {'floor':>9} {'ratio':>6} {'target':>8}  ok")
    for name in TARGETS:
        r = results[name]
        value = f"{r['value']:.1f}" if r["value"] is not None else "—"
        base = f"{r['baseline']:.1f}" if r["baseline"] is not None else "—"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
        kind = TARGETS[name][2]
        target = f"{'×' if kind == 'ratio' else '≤'}{r['target']:g}"
        print(f"{name:<10} {value:>10} {r['unit']:<8} {base:>9} {ratio:>6} {target:>8}  {'ok' if r['ok'] else 'MISS'}"
              + (f"  ({r['note']})" if r.get("note") else ""))
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results, indent=2, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
