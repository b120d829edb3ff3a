"""Child processes of the benchmark: each prints one JSON line with what it measured.

    python -m bench.probe empty_window          # the floor: an empty PySide6 window shown
    python -m bench.probe startup DB            # the program, until the home page shows its data
    python -m bench.probe rss DB                # peak memory after visiting every page
    python -m bench.probe ui_stall DB JSONFILE  # longest event-loop block while a briefing and an import run
    python -m bench.probe client_pg URL N SHARED OWN ROUNDS  # one of the clients editing at once (bench/pg.py)
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def emit(**values) -> None:
    print(json.dumps(values), flush=True)


def empty_window() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1180, 760)
    window.show()
    app.processEvents()
    emit(seconds=time.perf_counter() - T0)


def _app(db: str):
    from pathlib import Path

    from segib_desktop import i18n, paths
    from segib_desktop.gui.app import App, make_qapplication, make_settings

    qapp = make_qapplication()
    dirs = paths.user_dirs(Path(os.environ["BENCH_HOME"]))
    dirs.create()
    i18n.set_language("es")
    app = App(qapp, dirs, make_settings(dirs), "es")
    if not app.open(Path(db)):
        raise SystemExit("cannot open the benchmark database")
    # Shown, as a user finds it before choosing a menu (the first window shows once its page has its data).
    _wait(qapp, app.window.isVisible)
    return qapp, app


def _wait(qapp, predicate, timeout=60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        qapp.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.001)


def startup(db: str) -> None:
    """The program as its users start it (the command line without a subcommand), until the page it
    opens on has shown its data; then it quits as the window's Quit would."""
    os.environ["SEGIB_DESKTOP_HOME"] = os.environ["BENCH_HOME"]
    # In the program's order (the command line, then the window, then Qt's), not isort's.
    from segib_desktop import cli  # noqa: I001
    from segib_desktop.gui import app as gui_app
    from PySide6.QtCore import QCoreApplication, QTimer

    shown: dict = {}
    show_window = gui_app.App.show_window

    def watched(self):
        window = show_window(self)
        page = window.pages.get(window.current_key())

        def done() -> None:
            window.repaint()  # the figures painted, not only handed to the widgets
            shown.update(seconds=time.perf_counter() - T0, page=window.current_key(),
                         sqlalchemy="sqlalchemy" in sys.modules, babel="babel" in sys.modules)
            QCoreApplication.quit()

        if hasattr(page, "loaded"):  # it fills itself in the background: its data arrives later
            page.loaded.connect(done)
        else:
            QTimer.singleShot(0, done)
        return window

    gui_app.App.show_window = watched
    status = cli.main(["--db", db])
    if status != 0 or not shown:
        raise SystemExit(f"the program did not start (status {status})")
    emit(**shown)


def peak_mb() -> float:
    """This process's own peak resident memory.

    Not getrusage's ru_maxrss: Linux carries it over exec from the parent that spawned us (the
    benchmark runner, which holds the whole exported database in memory by then), so it reported the
    parent's peak. /proc/self/status's VmHWM belongs to this process's own memory map.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # elsewhere (macOS: bytes), where exec does not carry the peak over

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def rss(db: str) -> None:
    from PySide6.QtCore import QThreadPool

    from segib_desktop.gui.pages import PAGES

    qapp, app = _app(db)
    for spec in PAGES:
        app.window.navigate(spec.key)
        QThreadPool.globalInstance().waitForDone(60000)
        qapp.processEvents()
    emit(mb=peak_mb())


def _start_work_done(app) -> bool:
    """The window's own work after its first screen has ended: the check and daily backup (a thread), the
    preload of the other pages' modules (the thread pool), and what they left on the event loop."""
    from PySide6.QtCore import QThreadPool

    backup = getattr(app, "_daily_backup", None)
    if backup is not None and (backup.ident is None or backup.is_alive()):
        return False
    return QThreadPool.globalInstance().activeThreadCount() == 0


def ui_stall(db: str, exchange_file: str) -> None:
    """Runs a briefing and an import as the window does (child processes) and watches the loop: from the
    window shown, through its own start work, the two jobs' start (as a user starts them, once the window
    has finished starting) and their run, until both have delivered. The longest gap between 5 ms ticks."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from segib_desktop.core import jobs, migrate
    from segib_desktop.gui.widgets.tasks import run_in_process

    tmp = Path(tempfile.mkdtemp())
    target = tmp / "import.sqlite3"
    migrate.upgrade(target)  # before the window: not two seconds of a window that processes no events
    qapp, app = _app(db)
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    last[0] = time.perf_counter()
    timer.start()
    # The window's start work first (its daily backup, its preload, 1-2 s on the large database): a user
    # chooses a menu after that. Its own stalls are in the figure all the same.
    started = time.perf_counter()
    _wait(qapp, lambda: time.perf_counter() - started > 0.5 and _start_work_done(app))
    start_ms, start_s = max(gaps, default=0.0) * 1000, time.perf_counter() - started
    gaps.clear()
    pending, failures, progress = {"n": 2}, [], {}

    def finished(_result=None):
        pending["n"] -= 1

    def failed(exc):
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        failures.append(exc)
        finished()

    # The same calls as the briefings page (start) and File > Import (Safety.start_import); the time they
    # take on the UI thread is in the gap that holds them.
    user = app.workspace.db.user
    run_in_process(jobs.generate_briefing, (app.workspace.db.path, user, "summit", "30", "es", tmp / "b.pdf", None),
                   finished, failed, lambda done, total: progress.update(briefing=(done, total)),
                   kwargs={"readonly": False})
    run_in_process(jobs.import_file, (target, user, Path(exchange_file), tmp / "backups"),
                   finished, failed, lambda done, total: progress.update(importing=(done, total)),
                   kwargs={"readonly": False})
    _wait(qapp, lambda: pending["n"] == 0, timeout=300)
    timer.stop()
    if failures:
        raise SystemExit("the briefing or the import failed")
    jobs_ms = max(gaps, default=0.0) * 1000
    emit(max_ms=max(start_ms, jobs_ms), start_ms=start_ms, jobs_ms=jobs_ms, start_s=start_s, ticks=len(gaps))


def client_pg(url: str, n: str, shared: str, own: str, rounds: str) -> None:
    """One client of ``clients_pg``: its own connection through the program's services (the server login
    in the audit trail, as a window's). Prints "ready" once its records are read, waits for "go" on stdin,
    then for each round saves its own mandate's text and appends its mark (`` +N.ROUND``) to the shared
    mandate's, reading it again and retrying when another client saved it first (EditConflict), as an
    officer does after the program refuses a stale edit. Then one JSON line: its saves and conflicts."""
    from pathlib import Path

    from segib_desktop import errors, paths
    from segib_desktop.core.services.mandates import MandateService
    from segib_desktop.core.workspace import open_workspace

    dirs = paths.user_dirs(Path(os.environ["BENCH_HOME"]))
    dirs.create()
    with open_workspace(url, dirs) as ws:
        service = MandateService(ws.db)
        text = service.get(int(own))["text"] or ""
        service.get(int(shared))
        print("ready", flush=True)
        sys.stdin.readline()
        saves = conflicts = 0
        for round_ in range(int(rounds)):
            values = service.get(int(own))
            service.save(int(own), {**values, "text": f"{text} (cliente {n}, vuelta {round_})"})
            saves += 1
            while True:
                values = service.get(int(shared))
                try:
                    service.save(int(shared), {**values, "text": (values["text"] or "") + f" +{n}.{round_}"})
                    saves += 1
                    break
                except errors.EditConflict:
                    conflicts += 1
    emit(saves=saves, conflicts=conflicts)


if __name__ == "__main__":
    name, *args = sys.argv[1:]
    globals()[name](*args)
