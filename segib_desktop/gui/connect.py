"""File > Connect to a server…: the address of a database on the office's PostgreSQL server (issue 21).

The dialog asks for the server, its port, the database and the login, never a password: libpq reads it
from the user's own password file (core/db.py). It opens the database itself, so that a server that cannot
be reached or refuses the login is said in the dialog, which stays open to correct it; once open, the
window's ``server_opened`` hands the workspace to the App.
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
    QSpinBox,
    QVBoxLayout,
)

from segib_desktop import errors
from segib_desktop.core.db import is_server, server_parts
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
        self.error.setStyleSheet("color: #b3261e;")
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

    def try_open(self) -> None:
        """Opens the database; a fault is said here and the dialog stays open."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from segib_desktop.core.workspace import open_workspace

        address = self.address()
        if address is None:
            return
        self.error.setVisible(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.workspace = open_workspace(address, self.window_.ctx.workspace.dirs, daily_backup=False)
        except errors.SegibError as exc:
            log.info("cannot connect to %s: %s", address, exc)
            self._say(exc.user_message())
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()


def open_dialog(window: QMainWindow) -> ConnectDialog:
    """File > Connect to a server…: once a database opens, the window's ``server_opened`` carries it."""
    dialog = ConnectDialog(window)
    window.connect_dialog = dialog  # tests answer it
    dialog.accepted.connect(lambda: window.server_opened.emit(dialog.workspace))
    dialog.open()
    return dialog
