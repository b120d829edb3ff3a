"""The window on a server database (issue 21, step 8), against the session's own PostgreSQL cluster
(tests/conftest.py's ``pg_cluster``): real widgets, no file lock, no file backup, the server named in the
status bar, a reader's window read-only, the server address remembered and reopened."""

from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel

from segib_desktop import cli
from segib_desktop.core.models import Summit
from segib_desktop.core.read.history import AuditTrail
from segib_desktop.core.services.mandates import AreaService
from segib_desktop.gui.app import App, make_settings
from segib_desktop.gui.pages.summits import SummitForm
from tests.conftest import wait_loaded
from tests.test_history import click_save, conflict_box, stored_city, summit_id  # noqa: F401 (a fixture)
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
    assert window.findChild(QAction, "import_xlsx").isEnabled()  # a spreadsheet's too (tests/test_xlsx_import.py)
    assert not dirs.backups.exists() or not any(dirs.backups.iterdir())  # no file backup on start
    window.navigate("summits")
    page = window.pages["summits"]
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    assert page.model.rowCount() == 30  # the reference summits, read from the server
    assert window.navigate("mandates").xlsx_button.isEnabled()
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
    editor.window.navigate("mandates")  # a page with a list (on the home page, no list: no New record)
    assert editor.window.findChild(QAction, "new_record").isEnabled()
    assert "(as editor_w)" in editor.window.db_label.text()
    AreaService(editor.workspace.db).save(None, {"name": "Cultura"})

    reader = server_app(pg_cluster.url(name, "reader_w"))
    assert reader.workspace.readonly
    reader.window.navigate("mandates")
    assert reader.window.findChild(QAction, "new_record") is None or \
        not reader.window.findChild(QAction, "new_record").isEnabled()
    assert reader.window.windowTitle().endswith("(read-only)")
    assert not reader.window.findChild(QAction, "import_xlsx").isEnabled()  # an import writes
    assert not reader.window.navigate("mandates").xlsx_button.isEnabled()
    assert AreaService(reader.workspace.db).get(1)["name"] == "Cultura"
    # The window and every form say why (it told a reader to open the "file" once it is free and writable).
    said = ("Your login on the server may read this database but not change it: you can look, search, export and "
            "print. To change it, ask the person who looks after the server for an editor's role.")
    assert reader.window.findChild(QLabel, "read_only_banner").text() == said
    page = reader.window.navigate("summits")
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    form = page.open_record(page.model.id_at(0))
    assert form.findChild(QLabel, "read_only_banner").text() == said
    form.done(0)
    watch = reader.window.server_watch  # a reader may read the audit trail: others' changes reach it too
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    assert not watch.lost


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


def test_file_connect_to_a_server_says_what_is_wrong_in_the_dialog_then_opens_it(gui, pg_database, pg_cluster,
                                                                                 qtbot):
    """From a window on a file (in Spanish): File > Connect to a server…, a missing login, a refused one
    (the dialog stays open, the sentence in it), then the right one: the window is on the server."""
    from segib_desktop.core.db import server_parts

    window = gui.window
    window.findChild(QAction, "connect_server").trigger()
    dialog = window.connect_dialog
    assert dialog.isVisible() and "pgpass" in dialog.findChild(type(dialog.error), "password_note").text()
    host, port, name, login = server_parts(pg_database)
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(name)
    dialog.login.setText("")
    dialog.connect_button.click()
    assert dialog.error.text() == "Escriba su usuario en el servidor."
    dialog.login.setText("nadie_aqui")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=20000)  # in the background
    assert dialog.isVisible() and not gui.workspace.server and dialog.login.isEnabled()
    assert dialog.error.text() == (
        f"El servidor 127.0.0.1:{pg_cluster.port} rechazó el usuario nadie_aqui en la base de datos {name}. "
        "Compruebe los nombres y que su contraseña esté en su archivo de contraseñas de PostgreSQL (pgpass); "
        "la persona que se ocupa del servidor puede decirle qué usuario usar.")
    dialog.login.setText(login)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: gui.workspace.server, timeout=5000)
    assert gui.workspace.db.url == pg_database == gui.settings.value("database")
    assert gui.window is not window and f"{name} en el servidor 127.0.0.1:{pg_cluster.port}" in \
        gui.window.db_label.text()
    gui.window.findChild(QAction, "connect_server").trigger()  # again: the server open now, filled in
    again = gui.window.connect_dialog
    assert [again.host.text(), again.port.value(), again.database.text(), again.login.text()] == \
        [host, port, name, login]
    again.reject()


@pytest.mark.parametrize("lang", ["es", "pt", "en"])
def test_the_connect_dialog_has_mnemonics_and_tabs_in_order(gui, qtbot, lang):
    from tests.test_keyboard import _mnemonic_problems, _until_prepared, active_dialog, press

    gui.set_language(lang)
    window = gui.window
    window.activateWindow()
    window.findChild(QAction, "connect_server").trigger()
    dialog = active_dialog(qtbot)
    assert dialog.objectName() == "connect_server"
    _until_prepared(qtbot, dialog)
    assert _mnemonic_problems(dialog) == []
    assert _mnemonic_problems(window) == []  # the File menu's new entry takes a letter of its own
    dialog.host.setFocus()
    order = []
    for _field in range(4):
        press(qtbot, Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget().objectName())
    assert order == ["server_port", "server_database", "server_login", "server_connect"]
    dialog.reject()


def test_two_windows_on_one_server_a_stale_edit_is_refused_with_the_conflict_question(pg_database, dirs, qtbot,
                                                                                      conflict_box):  # noqa: F811
    """Two officers (two workspaces and AppContexts: two programs) open the same summit on the server; the
    first saves, the second's save is refused by the version check with the conflict question, and Reload
    shows the first officer's change, which is never silently overwritten."""
    from segib_desktop.core.workspace import open_workspace
    from segib_desktop.gui.context import AppContext
    from segib_desktop.gui.widgets.table import ListPage

    workspaces = [open_workspace(pg_database, dirs, user=user) for user in ("ana", "luis")]
    try:
        forms = []
        for workspace in workspaces:
            ctx = AppContext(workspace, "es", make_settings(dirs))
            form = SummitForm(ctx, summit_id(workspace.db))
            qtbot.addWidget(form)
            with qtbot.waitSignals([page.loaded for page in form.findChildren(ListPage)], timeout=5000):
                pass
            forms.append(form)
        first, second = forms
        first.widget("city").setText("Lisboa")
        click_save(first)
        assert first.result() == 1 and stored_city(workspaces[1].db) == "Lisboa"
        second.widget("city").setText("Oporto")
        click_save(second)
        ((text, buttons),) = conflict_box["shown"]
        assert text.startswith("Otra persona guardó este registro después de que usted lo abriera")
        assert second.result() == 0 and second.widget("city").text() == "Lisboa" and not second.is_dirty()
        assert stored_city(workspaces[0].db) == "Lisboa"
        entries = AuditTrail(workspaces[0].db).history_of(Summit, summit_id(workspaces[0].db))
        assert [(e.user, [(c.old, c.new) for c in e.changes]) for e in entries][0] == ("ana", [("Madrid", "Lisboa")])
    finally:
        for workspace in workspaces:
            workspace.close()


def test_a_change_saved_by_another_program_appears_in_the_open_list_and_home(pg_database, dirs, server_app,
                                                                            qtbot):
    """No restart: another program (its own workspace, its own connection) changes a summit and adds an
    area; the window's watch sees the trail grow and reads the summits list and the home page again."""
    from segib_desktop.core.services.summits import SummitService
    from segib_desktop.core.workspace import open_workspace

    app = server_app(pg_database)
    qtbot.waitUntil(app.window.isVisible, timeout=5000)
    window = app.window
    watch = window.server_watch
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)  # its first question answered
    page = window.navigate("summits")
    if page.model.rowCount() == 0:
        wait_loaded(qtbot, page)
    row = next(r for r in range(page.model.rowCount()) if page.model.id_at(r) == summit_id(app.workspace.db))
    city = page.model.index(row, [c.field for c in page.model.columns].index("city"))
    assert page.model.data(city) != "Lisboa"
    home = window.pages["home"]
    figures_before = home.figures

    with open_workspace(pg_database, dirs, user="ana") as other:
        service = SummitService(other.db)
        sid = summit_id(other.db)
        service.save(sid, service.get(sid) | {"city": "Lisboa"})
    qtbot.waitUntil(lambda: page.model.data(city) == "Lisboa", timeout=20000)  # by the watch's timer
    qtbot.waitUntil(lambda: home.figures is not figures_before, timeout=20000)  # read again too


def _server_refuses(pg_cluster, name: str, refuses: bool) -> None:
    """The server drops every connection to ``name`` and lets no new one in (an outage, for the program),
    or lets them in again."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {'false' if refuses else 'true'}")
        if refuses:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


def test_a_lost_connection_shows_a_banner_keeps_the_form_and_saves_once_the_server_is_back(
        pg_database, pg_cluster, dirs, server_app, qtbot, monkeypatch):
    from segib_desktop.gui.widgets import form as form_module
    from segib_desktop.gui.widgets.table import ListPage

    said = []
    monkeypatch.setattr(form_module, "show_error", lambda parent, exc: said.append(exc.user_message()))
    app = server_app(pg_database)
    window, watch, db = app.window, app.window.server_watch, app.workspace.db
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    form = SummitForm(window.ctx, summit_id(db))
    qtbot.addWidget(form)
    with qtbot.waitSignals([page.loaded for page in form.findChildren(ListPage)], timeout=5000):
        pass
    form.widget("city").setText("Oporto")
    name = pg_database.rsplit("/", 1)[1]
    _server_refuses(pg_cluster, name, True)
    try:
        assert not form.save()
        assert said == [f"The connection to the server of the database {pg_database} has been lost, so nothing "
                        "was saved. What you typed is kept: try again in a moment, once the window says the "
                        "server is back."]
        assert form.result() == 0 and form.widget("city").text() == "Oporto" and form.is_dirty()
        watch.check()  # as its timer does
        qtbot.waitUntil(lambda: watch.lost, timeout=20000)
        assert watch.banner.text().startswith("The connection to the server has been lost.")
    finally:
        _server_refuses(pg_cluster, name, False)
    assert stored_city(db) != "Oporto"  # nothing half-written
    qtbot.waitUntil(lambda: not watch.lost, timeout=20000)  # its timer asks again, the server answers
    assert form.save() and stored_city(db) == "Oporto"


def _open_summit_form(window, qtbot):
    """The summits page's own form on summit XXX, as a double click opens it, its lists loaded."""
    from segib_desktop.gui.widgets.table import ListPage

    page = window.navigate("summits")
    form = page.open_record(summit_id(window.ctx.db))
    with qtbot.waitSignals([list_.loaded for list_ in form.findChildren(ListPage)], timeout=5000):
        pass
    return form


def _saved_by_another_program(pg_database, dirs, user: str, city: str, number: int = 30) -> None:
    from segib_desktop.core.services.summits import SummitService
    from segib_desktop.core.workspace import open_workspace

    with open_workspace(pg_database, dirs, user=user) as other:
        service = SummitService(other.db)
        sid = summit_id(other.db, number)
        service.save(sid, service.get(sid) | {"city": city})


def test_an_open_form_says_at_once_who_changed_its_record_and_reload_takes_their_version(
        pg_database, dirs, server_app, qtbot):
    """Another program saves the summit open in the window's form: without pressing Save, the form's bar
    says (in the window's language) who changed it and when, from the audit trail; Reload shows their
    version and the bar goes. A change to another record says nothing in this form."""
    from segib_desktop.core.read.history import record_state

    app = server_app(pg_database, "es")
    window, watch = app.window, app.window.server_watch
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    form = _open_summit_form(window, qtbot)
    assert form.isVisible() and form.stale_bar.isHidden()
    form.widget("notes").setPlainText("Mi nota")

    _saved_by_another_program(pg_database, dirs, "luis", "Cádiz", number=29)  # not this form's record
    seen = watch.seen
    qtbot.waitUntil(lambda: watch.seen != seen, timeout=20000)
    qtbot.waitUntil(lambda: not form.stale_bar.asking, timeout=10000)
    assert form.stale_bar.isHidden()

    _saved_by_another_program(pg_database, dirs, "ana", "Lisboa")
    qtbot.waitUntil(form.stale_bar.isVisible, timeout=20000)  # by the watch's timer, no Save pressed
    state = record_state(window.ctx.db, Summit, summit_id(window.ctx.db))
    when = state.local_time
    from segib_desktop.i18n import active

    assert form.stale_bar.text.text() == (
        f"ana cambió este registro el {active().format_date(when.date())} a las {when:%H:%M}, después de que "
        "usted lo abriera. «Volver a cargar» muestra su versión (lo que usted escribió aquí se pierde); si "
        "sigue editando y guarda, se le preguntará qué versión conservar.")
    assert form.widget("city").text() != "Lisboa" and form.widget("notes").toPlainText() == "Mi nota"
    form.stale_bar.reload.click()
    assert form.widget("city").text() == "Lisboa" and form.widget("notes").toPlainText() != "Mi nota"
    assert form.stale_bar.isHidden() and not form.is_dirty()
    form.reject()


def test_an_open_form_told_it_is_stale_may_keep_editing_and_save_meets_the_conflict_question(
        pg_database, dirs, server_app, qtbot, conflict_box):  # noqa: F811
    app = server_app(pg_database, "pt")
    window, watch = app.window, app.window.server_watch
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    form = _open_summit_form(window, qtbot)
    _saved_by_another_program(pg_database, dirs, "ana", "Lisboa")
    qtbot.waitUntil(form.stale_bar.isVisible, timeout=20000)
    assert form.stale_bar.text.text().startswith("ana alterou este registro em ")
    assert form.stale_bar.reload.isVisible()
    form.widget("city").setText("Oporto")  # keeps editing
    conflict_box["answer"] = "Substituir"
    click_save(form)
    ((text, _buttons),) = conflict_box["shown"]
    assert text.startswith("Outra pessoa salvou este registro depois que você o abriu")
    assert form.result() == 1 and stored_city(window.ctx.db) == "Oporto"


def test_an_open_form_says_when_its_record_was_deleted_by_someone_else(pg_database, dirs, server_app, qtbot):
    """Any module's form (here the plain one of an area): the record deleted by another program, the bar
    says so and offers no Reload."""
    from segib_desktop.core.workspace import open_workspace
    from segib_desktop.gui.widgets.form import Field, FormDialog

    app = server_app(pg_database, "en")
    window, watch = app.window, app.window.server_watch
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    with open_workspace(pg_database, dirs, user="ana") as other:
        area = AreaService(other.db).save(None, {"name": "Cultura"})
    form = FormDialog(AreaService(window.ctx.db), [Field("name", "Name", required=True)], area, parent=window)
    form.show()
    assert form.widget("name").text() == "Cultura"
    with open_workspace(pg_database, dirs, user="ana") as other:
        AreaService(other.db).delete(area)
    qtbot.waitUntil(form.stale_bar.isVisible, timeout=20000)
    assert form.stale_bar.text.text().startswith("ana deleted this record on ")
    assert form.stale_bar.text.text().endswith("after you opened it: it can no longer be saved. Copy what you need "
                                           "from it before closing.")
    assert not form.stale_bar.reload.isVisible()
    form.reject()


def test_connecting_runs_in_the_background_with_a_busy_bar_and_cancel_gives_the_fields_back(gui, qtbot):
    """A server that does not answer (a port that takes the connection and never replies): the click on
    Connect returns at once, the dialog shows it is connecting with its fields off, the window keeps
    answering; Cancel stops waiting and gives the fields back, and the attempt, ending by itself later
    (libpq's ten seconds), changes nothing."""
    import socket

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialogButtonBox

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # the system completes the connection; nobody ever answers on it
    try:
        gui.window.findChild(QAction, "connect_server").trigger()
        dialog = gui.window.connect_dialog
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(silent.getsockname()[1])
        dialog.database.setText("segib")
        dialog.login.setText("officer")
        dialog.connect_button.click()
        assert dialog.connecting and dialog.busy.isVisible() and not dialog.error.isVisible()
        assert dialog.busy_text.text() == (
            "Conectando con el servidor 127.0.0.1… Si el servidor no responde, se deja de esperar a los diez "
            "segundos; «Cancelar» deja de esperar ahora.")
        assert not any(w.isEnabled() for w in (dialog.host, dialog.port, dialog.database, dialog.login,
                                               dialog.connect_button))
        turned = []
        QTimer.singleShot(0, lambda: turned.append(True))
        qtbot.waitUntil(lambda: turned == [True], timeout=5000)  # the window's event loop runs meanwhile
        assert dialog.connecting

        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        cancelled = ("Se canceló la conexión. Corrija los nombres si hace falta y vuelva a conectar, o pulse "
                     "«Cancelar» para cerrar esta ventana.")
        assert dialog.isVisible() and not dialog.connecting and not dialog.busy.isVisible()
        assert dialog.error.text() == cancelled and dialog.host.isEnabled() and dialog.connect_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.abandoned == 0, timeout=40000)  # the attempt ended by itself
        assert dialog.isVisible() and dialog.error.text() == cancelled and not gui.workspace.server
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()  # now it closes
        assert not dialog.isVisible() and dialog.workspace is None
    finally:
        silent.close()


LOST_BANNER = {
    "es": "Se ha perdido la conexión con el servidor. SEGIB Desktop vuelve a intentarlo cada pocos segundos; lo que "
          "escriba en un formulario se conserva, y no se guarda nada hasta que el servidor vuelva.",
    "pt": "A conexão com o servidor foi perdida. O SEGIB Desktop tenta novamente a cada poucos segundos; o que você "
          "digitar num formulário é mantido, e nada é salvo até o servidor voltar.",
}


def _whole(label) -> bool:
    """A wrapped label shows all its lines: it is as tall as its text needs at its width, and inside its window."""
    inside = label.mapTo(label.window(), label.rect().bottomRight())
    return (label.isVisible() and label.height() >= label.heightForWidth(label.width())
            and inside.x() <= label.window().width() and inside.y() <= label.window().height())


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_lost_connection_banner_and_a_stale_forms_bar_are_translated_and_shown_whole(
        lang, pg_database, pg_cluster, dirs, server_app, qtbot, tmp_path):
    """The window on a server at 1280×800: the lost-connection banner in the window's language, all of its
    text shown, the window no wider, the status bar's server whole; a stale form's bar too, its Reload with
    a mnemonic of its own. The PNGs (tmp_path) are for a look."""
    from tests.test_keyboard import _mnemonic_problems
    from tests.test_week_layout import _problems

    app = server_app(pg_database, lang)
    window, watch = app.window, app.window.server_watch
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    window.resize(1280, 800)
    form = _open_summit_form(window, qtbot)
    _saved_by_another_program(pg_database, dirs, "ana", "Lisboa")
    qtbot.waitUntil(form.stale_bar.isVisible, timeout=20000)
    qtbot.waitUntil(lambda: _whole(form.stale_bar.text) and "&" in form.stale_bar.reload.text(), timeout=5000)  # laid out
    assert _mnemonic_problems(form) == []
    form.grab().save(str(tmp_path / f"stale-form-{lang}.png"))
    assert form.stale_bar.reload.width() >= form.stale_bar.reload.sizeHint().width()  # "Recarregar" whole
    form.reject()

    name = pg_database.rsplit("/", 1)[1]
    _server_refuses(pg_cluster, name, True)
    try:
        watch.check()
        qtbot.waitUntil(lambda: watch.lost, timeout=20000)
        assert watch.banner.text() == LOST_BANNER[lang]
        qtbot.waitUntil(lambda: _whole(watch.banner), timeout=5000)
        assert window.width() <= 1280 and _problems(window) == []
        assert window.db_label.fontMetrics().horizontalAdvance(window.db_label.text()) <= window.db_label.width()
        window.grab().save(str(tmp_path / f"lost-{lang}.png"))
    finally:
        _server_refuses(pg_cluster, name, False)
    qtbot.waitUntil(lambda: not watch.lost, timeout=20000)


def test_an_outage_shows_no_earlier_search_as_found_nor_a_wrong_page_and_what_was_not_read_comes_back(
        pg_database, pg_cluster, dirs, server_app, qtbot, monkeypatch):
    """While the server is out of reach: a search says it searched nothing (it left the hits of the query
    before under the new one); choosing a page not built yet says that page cannot be shown (not "nothing was
    saved") and the list of pages stays on the page shown, so that choosing it again once the server is back
    shows it; a briefings page built meanwhile gets its subjects when the server answers again."""
    from segib_desktop.gui import main_window as main_window_module
    from segib_desktop.gui.pages import PAGES
    from segib_desktop.gui.search import SearchDialog

    said = []
    monkeypatch.setattr(main_window_module, "show_error", lambda _parent, text: said.append(text))
    app = server_app(pg_database)
    window, watch = app.window, app.window.server_watch
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=10000)
    search = SearchDialog(window.ctx, window)
    qtbot.addWidget(search)
    with qtbot.waitSignal(search.loaded, timeout=10000):
        search.edit.setText("Cartagena")
    assert search.hits
    rows = {spec.key: row for row, spec in enumerate(PAGES)}
    shown = window.stack.currentIndex()
    name = pg_database.rsplit("/", 1)[1]
    _server_refuses(pg_cluster, name, True)
    try:
        with qtbot.waitSignal(search.loaded, timeout=10000):
            search.edit.setText("Lisboa")
        assert search.hits == [] and search.model.rowCount() == 0
        assert search.status.text().startswith("The server cannot be reached, so nothing was searched.")
        window.nav.setCurrentRow(rows["summits"])
        assert said == ["The server cannot be reached, so the page Summits cannot be shown now. Try again once "
                        "the window says the server is back."]
        assert window.nav.currentRow() == window.stack.currentIndex() == shown
        window.nav.setCurrentRow(rows["briefings"])  # its subjects are read at once: none now, and no message
        briefings = window.pages["briefings"]
        assert briefings.subject.count() == 0 and len(said) == 1 and briefings.section_checks
        window.go_to("meetings")  # Ctrl+3, as the home page's links and the search's results navigate
        assert said[-1].startswith("The server cannot be reached, so the page Meetings cannot be shown now.")
        assert window.nav.currentRow() == window.stack.currentIndex() == rows["briefings"]
        said[1:] = []
        watch.check()
        qtbot.waitUntil(lambda: watch.lost, timeout=20000)
    finally:
        _server_refuses(pg_cluster, name, False)
    qtbot.waitUntil(lambda: not watch.lost, timeout=20000)
    assert briefings.subject.count() == 30  # read again once the server answered: the 30 summits
    window.nav.setCurrentRow(rows["summits"])
    assert window.stack.currentWidget() is window.pages["summits"] and len(said) == 1
