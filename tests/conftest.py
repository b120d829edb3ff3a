"""Shared fixtures: offscreen Qt, a fresh database per test, Spanish by default."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import faulthandler  # noqa: E402
import sys  # noqa: E402

# Last resort against a hang that holds Python's lock (pytest-timeout then cannot run): a C-level
# watchdog prints every thread's stack and ends the run, so CI fails in minutes, with the culprit.
faulthandler.dump_traceback_later(25 * 60, exit=True, file=sys.stderr)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from segib_desktop import i18n, paths  # noqa: E402
from segib_desktop.core.workspace import open_workspace  # noqa: E402


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


@pytest.fixture
def workspace(dirs):
    ws = open_workspace(dirs.default_db, dirs, user="tester")
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
