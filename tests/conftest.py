"""Shared fixtures: offscreen Qt, a fresh database per test, Spanish by default.

As qutebrowser keeps its tests: a test fails when something it did not expect is logged at WARNING or
above (mark it ``@pytest.mark.allow_log(r"regex", ...)`` when the warning is what it checks), Python
warnings are errors (pyproject's filterwarnings), markers are strict. The migrations run once per
session into a template database; every new database a test makes in this process is a copy of it
(mark a test ``real_migrations`` to run Alembic itself).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import faulthandler  # noqa: E402
import sys  # noqa: E402

# Last resort against a hang that holds Python's lock (pytest-timeout then cannot run): a C-level
# watchdog prints every thread's stack and ends the run, so CI fails in minutes, with the culprit.
faulthandler.dump_traceback_later(25 * 60, exit=True, file=sys.stderr)

import logging  # noqa: E402
import re  # noqa: E402
import sqlite3  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from segib_desktop import i18n, paths  # noqa: E402
from segib_desktop.core import db as dbmod  # noqa: E402
from segib_desktop.core import migrate  # noqa: E402
from segib_desktop.core.workspace import open_workspace  # noqa: E402

_real_upgrade = migrate.upgrade
_real_upgrade_server = migrate.upgrade_server


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> tuple[Path, str]:
    """A database made once by the real migrations (and reference data): (file, its revision)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    _real_upgrade(path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()
    return path, revision


@pytest.fixture(autouse=True)
def _databases_from_template(request, monkeypatch, template_db):
    """``migrate.upgrade`` of a new file copies the template (SQLite's backup API) instead of
    running every migration again: 0.35 s saved for each database a test makes."""
    if request.node.get_closest_marker("real_migrations"):
        return
    template, revision = template_db

    def upgrade(path, backups_dir=None, *, inspected=None):
        path = Path(path)
        if (path.exists() and path.stat().st_size > 0) or migrate.known_revisions()[0] != revision:
            return _real_upgrade(path, backups_dir, inspected=inspected)
        with dbmod.translate_faults(path):
            dbmod.create_private_file(path)
            src, dst = sqlite3.connect(template), sqlite3.connect(path)
            try:
                src.backup(dst)
                # each database has its own identity (migration 0009), as a migrated one would
                with dst:
                    dst.execute("UPDATE settings SET value = ? WHERE key = 'database_id'", (f'"{uuid.uuid4().hex}"',))
            finally:
                dst.close()
                src.close()
        return True

    monkeypatch.setattr(migrate, "upgrade", upgrade)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_unexpected_log(request):
    """A WARNING or worse in the log fails the test, unless its ``allow_log`` marker matches it."""
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    yield
    root.removeHandler(collector)
    allowed = [re.compile(p) for m in request.node.iter_markers("allow_log") for p in m.args]
    unexpected = [r for r in collector.records
                  if not any(p.search(r.getMessage()) or p.search(r.name) for p in allowed)]
    if unexpected:
        pytest.fail("unexpected log records:\n" + "\n".join(
            f"{r.levelname} {r.name}: {r.getMessage()}" for r in unexpected), pytrace=False)


@pytest.fixture(autouse=True)
def spanish():
    i18n.set_language("es")
    yield
    i18n.set_language("es")


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch) -> paths.UserDirs:
    """The user's folders, inside the test's temporary folder (for subprocesses too)."""
    home = tmp_path / "home"
    monkeypatch.setenv("SEGIB_DESKTOP_HOME", str(home))
    user_dirs = paths.user_dirs(home)
    user_dirs.create()
    return user_dirs


# --- both engines (issue 21): a module marked ``both_engines`` runs its tests that take a database (the
# ``workspace``/``db`` fixtures) on SQLite and on a real PostgreSQL cluster that the session starts itself.
# Everything else stays on SQLite alone, and a test marked ``sqlite_only(reason)`` in such a module too.
def pytest_generate_tests(metafunc):
    definition = metafunc.definition
    if ("engine" in metafunc.fixturenames and definition.get_closest_marker("both_engines")
            and not definition.get_closest_marker("sqlite_only")):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL cluster of the session's own (tools/pgcluster.py), stopped at the end."""
    from tools.pgcluster import Cluster

    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """A server database made once by the real migrations (and reference data); tests copy it."""
    import psycopg

    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE segib_template")
    _real_upgrade_server(pg_cluster.url("segib_template"))
    return "segib_template"


@pytest.fixture
def pg_database(pg_cluster, pg_template):
    """A fresh server database for one test (``CREATE DATABASE ... TEMPLATE``): its address; dropped after."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    with psycopg.connect(pg_cluster.url(name), autocommit=True) as conn:  # its own identity, as a migrated one
        conn.execute("UPDATE settings SET value = to_json(%s::text) WHERE key = 'database_id'", (uuid.uuid4().hex,))
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def workspace(request, dirs, engine):
    target = request.getfixturevalue("pg_database") if engine == "postgresql" else dirs.default_db
    ws = open_workspace(target, dirs, user="tester")
    yield ws
    ws.close()


@pytest.fixture
def db(workspace):
    return workspace.db


@pytest.fixture
def gui(qapp, dirs, qtbot):
    """The whole program, opened on a fresh database, its window shown offscreen."""
    from segib_desktop.gui.app import App, make_settings

    app = App(qapp, dirs, make_settings(dirs), "es")
    assert app.open(None)
    qtbot.waitUntil(app.window.isVisible, timeout=5000)  # shown once its first page has its data
    yield app
    if app.window is not None:
        app.window.close()
        app.window.deleteLater()  # as the program does with a window it replaces: one left alive could show
        # again and take the keyboard from the next test's window (test_keyboard failed one run in two)
    app.close()


@pytest.fixture
def ctx(workspace, dirs, qapp):
    from segib_desktop.gui.app import make_settings
    from segib_desktop.gui.context import AppContext

    return AppContext(workspace, "es", make_settings(dirs))


def wait_loaded(qtbot, page):
    """Waits for a ListPage's background load to show its rows."""
    with qtbot.waitSignal(page.loaded, timeout=5000):
        pass
