"""File > Connect to a server…: the address of a database on the office's PostgreSQL server (issue 21).

The dialog asks for the server, its port, the database and the login, never a password: libpq reads it
from the user's own password file (core/db.py). It opens the database itself, so that a server that cannot
be reached or refuses the login is said in the dialog, which stays open to correct it; once open, the
window's ``server_opened`` hands the workspace to the App. The attempt runs off the UI thread (a server
that does not answer is waited for up to libpq's connect_timeout, ten seconds): the window keeps
answering, the dialog shows that it is connecting, and Cancel stops waiting and gives the fields back (an
attempt abandoned so is left to end by itself; a database it opens after all is closed at once).
"""

from __future__ import annotations

import getpass
import logging
import urllib.parse

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
)

from segib_desktop import errors
from segib_desktop.core.db import is_server, server_parts
from segib_desktop.gui import theme
from segib_desktop.i18n import _

log = logging.getLogger(__name__)

DEFAULT_PORT = 5432


def server_address(host: str, port: int, database: str, login: str) -> str:
    """``postgresql://login@host:port/database``, each part quoted as an address needs it."""
    quote = urllib.parse.quote
    host = f"[{host}]" if ":" in host else host  # an IPv6 address
    return f"postgresql://{quote(login, safe='')}@{host}:{port}/{quote(database, safe='')}"


class ConnectDialog(QDialog):
    """The server's address in four fields; ``workspace`` is the database opened, once it is."""
    help_section = "start"  # what F1 opens in the user guide (help.py)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window_ = window
        self.workspace = None
        self.setObjectName("connect_server")
        self.setWindowTitle(_("Connect to a server"))
        self.host = QLineEdit(objectName="server_host")
        self.port = QSpinBox(objectName="server_port", minimum=1, maximum=65535, value=DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit(objectName="server_database")
        self.login = QLineEdit(objectName="server_login")
        last = window.ctx.workspace.db.url or str(window.ctx.settings.value("database", ""))
        if is_server(last):  # the server open now, or the one used last
            host, port, database, login = server_parts(last)
            self.host.setText(host)
            self.port.setValue(port or DEFAULT_PORT)
            self.database.setText(database)
            self.login.setText(login)
        else:
            self.login.setText(getpass.getuser())
        intro = QLabel(_("Open the office's shared database on its PostgreSQL server. The person who looks after "
                         "the server can tell you these four names."), wordWrap=True)
        password = QLabel(_("The password is not asked here: PostgreSQL reads it from your password file "
                            "(pgpass.conf in %APPDATA%\\postgresql on Windows, .pgpass in your home folder "
                            "elsewhere), which the person who looks after the server can help you write."),
                          wordWrap=True, objectName="password_note")
        form = QFormLayout()
        for text, field in ((_("&Server (name or address)"), self.host), (_("P&ort"), self.port),
                            (_("&Database"), self.database), (_("&Login"), self.login)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.error = QLabel(wordWrap=True, visible=False, objectName="error")
        self.error.setStyleSheet(theme.warning_style())
        self.busy = QProgressBar(objectName="connecting", minimum=0, maximum=0, textVisible=False,
                                 visible=False)  # a bar that moves: an attempt is under way
        self.busy_text = QLabel(wordWrap=True, visible=False, objectName="connecting_text")
        self.attempt: _Attempt | None = None  # the attempt under way; one given up on is not taken
        self.abandoned = 0  # attempts given up on that have not ended yet
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(_("Co&nnect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("server_connect")
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(password)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_text)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.host, self.port)
        self.setTabOrder(self.port, self.database)
        self.setTabOrder(self.database, self.login)
        self.setTabOrder(self.login, self.connect_button)
        self.setMinimumWidth(520)
        (self.host if not self.host.text() else self.database if not self.database.text() else self.login).setFocus()

    def address(self) -> str | None:
        """The address typed, or None (and the field to fill has the focus, its sentence shown)."""
        for field, missing in ((self.host, _("Write the server's name or address.")),
                               (self.database, _("Write the database's name.")),
                               (self.login, _("Write your login on the server."))):
            if not field.text().strip():
                self._say(missing)
                field.setFocus()
                return None
        return server_address(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                              self.login.text().strip())

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    @property
    def connecting(self) -> bool:
        return self.attempt is not None

    def try_open(self) -> None:
        """Opens the database in the background; a fault is said here and the dialog stays open."""
        from segib_desktop.core.workspace import open_workspace
        from segib_desktop.gui.widgets.tasks import run_in_background

        address = self.address()
        if address is None or self.connecting:
            return
        self.error.setVisible(False)
        attempt = self.attempt = _Attempt()
        self._show_busy(_("Connecting to the server {server}… A server that does not answer is given up on "
                          "after ten seconds; Cancel stops waiting now.").format(server=self.host.text().strip()))
        dirs = self.window_.ctx.workspace.dirs

        def connect():  # in the pool's thread
            workspace = open_workspace(address, dirs, daily_backup=False)
            if attempt.given_up:  # nobody waits for it any more (the dialog may even be gone): closed here
                log.info("a connection to %s given up on opened after all: closed", address)
                workspace.close()
                return None
            return workspace

        run_in_background(connect, lambda workspace: self._opened(attempt, workspace),
                          lambda exc: self._failed(attempt, address, exc), owner=self)

    def _show_busy(self, text: str | None) -> None:
        """The fields and Connect are off while an attempt is under way (``text`` says so), on again after."""
        for widget in (self.host, self.port, self.database, self.login, self.connect_button):
            widget.setEnabled(text is None)
        self.busy_text.setText(text or "")
        self.busy_text.setVisible(text is not None)
        self.busy.setVisible(text is not None)

    def _opened(self, attempt: _Attempt, workspace) -> None:
        if attempt.given_up:
            if workspace is not None:  # given up on between the thread's look and now
                workspace.close()
            self.abandoned -= 1
            return
        self.attempt = None
        self._show_busy(None)
        self.workspace = workspace
        self.accept()

    def _failed(self, attempt: _Attempt, address: str, exc: BaseException) -> None:
        if not isinstance(exc, errors.SegibError):  # a bug: the one crash path
            raise exc
        log.info("cannot connect to %s: %s", address, exc)
        if attempt.given_up:
            self.abandoned -= 1
            return
        self.attempt = None
        self._show_busy(None)
        self._say(exc.user_message())
        self.host.setFocus()

    def reject(self) -> None:
        """Cancel (Escape, the title bar's close): while connecting, stops waiting and gives the fields back;
        otherwise closes the dialog."""
        if self.attempt is not None:
            log.info("the connection attempt was cancelled")
            self.attempt.given_up = True
            self.attempt = None
            self.abandoned += 1
            self._show_busy(None)
            self._say(_("Connecting was cancelled. Correct the names if needed and connect again, or Cancel "
                        "to close this window."))
            self.host.setFocus()
            return
        super().reject()


class _Attempt:
    """One connection attempt; ``given_up`` once Cancel stopped waiting for it."""

    given_up = False


def open_dialog(window: QMainWindow) -> ConnectDialog:
    """File > Connect to a server…: once a database opens, the window's ``server_opened`` carries it."""
    dialog = ConnectDialog(window)
    window.connect_dialog = dialog  # tests answer it
    dialog.accepted.connect(lambda: window.server_opened.emit(dialog.workspace))
    dialog.open()
    return dialog
