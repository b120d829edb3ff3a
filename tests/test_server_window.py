"""The window on a server database (issue 21, step 8), against the session's own PostgreSQL cluster
(tests/conftest.py's ``pg_cluster``): real widgets, no file lock, no file backup, the server named in the
status bar, a reader's window read-only, the server address remembered and reopened."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from segib_desktop import cli
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.gui.app import App, make_settings
from tests.conftest import wait_loaded
from tests.test_server import _login


@pytest.fixture
def server_app(qapp, dirs):
    """Opens Apps (windows) on server databases; closes them at the end."""
    apps = []

    def open_on(target: str | None, lang: str = "en") -> App:
        app = App(qapp, dirs, make_settings(dirs), lang)
        apps.append(app)
        assert app.start(target)
        return app

    yield open_on
    for app in apps:
        if app.window is not None:
            app.window.close()
        app.close()


def test_the_window_opens_a_server_database_names_the_server_and_remembers_it(pg_database, pg_cluster, dirs,
                                                                               server_app, qtbot):
    app = server_app(pg_database)
    qtbot.waitUntil(app.window.isVisible, timeout=5000)
    window = app.window
    assert app.workspace.server and not app.workspace.readonly
    name = pg_database.rsplit("/", 1)[1]
    login = pg_database.split("//")[1].split("@")[0]
    assert window.db_label.text() == f"Database: {name} on the server 127.0.0.1:{pg_cluster.port} (as {login})"
    assert window.windowTitle().startswith(name)
    for action in ("backup_now", "restore_backup", "backup_folder"):  # IT's pg_dump, not the window's copy
        assert not window.findChild(QAction, action).isEnabled()
    assert window.findChild(QAction, "import_file").isEnabled()  # an exchange file: its backup is a pg_dump
    assert not window.findChild(QAction, "import_xlsx").isEnabled()  # a spreadsheet's is a file's copy: not yet
    assert not dirs.backups.exists() or not any(dirs.backups.iterdir())  # no file backup on start
    window.navigate("summits")
    page = window.pages["summits"]
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    assert page.model.rowCount() == 30  # the reference summits, read from the server
    assert not window.navigate("mandates").xlsx_button.isEnabled()
    assert app.settings.value("database") == pg_database

    window.close()
    app.close()
    app.window = None
    again = server_app(None)  # no --db: the server used last opens again
    assert again.workspace.db.url == pg_database


def test_a_readers_window_is_read_only_and_an_editors_is_not(pg_database, pg_cluster, dirs, server_app, qtbot):
    assert cli.main(["--lang", "en", "--db", pg_database, "server", "init"]) == 0
    _login(pg_cluster, "reader_w", "segib_readers")
    _login(pg_cluster, "editor_w", "segib_editors")
    name = pg_database.rsplit("/", 1)[1]
    editor = server_app(pg_cluster.url(name, "editor_w"))
    assert not editor.workspace.readonly
    assert editor.window.findChild(QAction, "new_record").isEnabled()
    assert "(as editor_w)" in editor.window.db_label.text()
    AreaService(editor.workspace.db).save(None, {"name": "Cultura"})

    reader = server_app(pg_cluster.url(name, "reader_w"))
    assert reader.workspace.readonly
    assert reader.window.findChild(QAction, "new_record") is None or \
        not reader.window.findChild(QAction, "new_record").isEnabled()
    assert reader.window.windowTitle().endswith("(read-only)")
    assert AreaService(reader.workspace.db).get(1)["name"] == "Cultura"


@pytest.mark.allow_log("cannot open postgresql://")
def test_a_server_that_cannot_be_reached_or_refuses_the_login_is_said_in_a_sentence(pg_cluster, dirs, qapp,
                                                                                  monkeypatch):
    said = []
    monkeypatch.setattr("segib_desktop.gui.app.show_error", lambda parent, exc: said.append(exc.user_message()))
    app = App(qapp, dirs, make_settings(dirs), "en")
    try:
        assert not app.open("postgresql://officer@127.0.0.1:1/segib")
        assert not app.open(pg_cluster.url("postgres", "nobody_here"))
    finally:
        app.close()
    assert app.window is None
    assert said == [
        "The server 127.0.0.1:1 cannot be reached. Check its address and port and that this computer is on the "
        "office network, then try again.",
        f"The server 127.0.0.1:{pg_cluster.port} refused the login nobody_here to the database postgres. Check "
        "the names, and that your password is in your PostgreSQL password file (pgpass); the person who looks "
        "after the server can tell you which login to use."]


def test_a_briefing_from_the_window_is_made_from_the_server_database(pg_database, dirs, server_app, qtbot,
                                                                     tmp_path):
    """The window's jobs run in a child process on the database's name: a server's address there."""
    from segib_desktop.core import jobs
    from segib_desktop.gui.widgets import tasks

    app = server_app(pg_database)
    db = app.workspace.db
    out, done, failed = tmp_path / "briefing.docx", [], []
    tasks.run_in_process(jobs.generate_briefing, (db.name, db.user, "summit", "30", "es", out, None),
                         done.append, failed.append, kwargs={"readonly": db.readonly})
    qtbot.waitUntil(lambda: bool(done or failed), timeout=60000)
    assert failed == [] and done == [out] and out.stat().st_size > 0
