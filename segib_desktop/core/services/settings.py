"""The database's own settings (the user's name, the backup policy...), stored as JSON values."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from segib_desktop.core.db import Database, json_value

USER_NAME = "user_name"




def system_full_name() -> str:
    """The person's full name as the system knows it ("Lucía Fernández"), or "" if it knows none.

    Windows: the account's display name (GetUserNameExW, NameDisplay); elsewhere: the first field of
    the account's GECOS entry.
    """
    try:
        if sys.platform == "win32":
            import ctypes

            get_name = ctypes.windll.secur32.GetUserNameExW  # type: ignore[attr-defined]
            size = ctypes.c_ulong(0)
            get_name(3, None, ctypes.byref(size))  # 3: NameDisplay
            buffer = ctypes.create_unicode_buffer(size.value or 256)
            return buffer.value.strip() if get_name(3, buffer, ctypes.byref(size)) else ""
        import pwd

        return pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (OSError, KeyError, AttributeError, ValueError):
        return ""


def user_name_or_login(stored: Any) -> str:
    """The name written in logs, the audit trail and a briefing's "Prepared by": the one configured
    (``stored``), else the system's full name for the account, else the login."""
    if stored:
        return stored
    full = system_full_name()
    if full:
        return full
    try:
        return getpass.getuser()
    except OSError:
        return ""


def name_key(db: Database) -> str:
    """Where a person's own name is kept: the database's (a file is one officer's), or each login's on a
    server, which the whole office shares (one name there signed every officer's entries). A server's
    ``db.user`` is the login (``open_server``); an officer's name never replaces it there."""
    return USER_NAME if db.url is None else f"{USER_NAME}/{db.user}"


class SettingsService:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        # Read without SQLAlchemy: the user's name is needed while the program starts.
        with self.db.read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        # The column's JSON text; SQLite keeps a bare number ("5") as a number (the column's affinity).
        return json_value(row[0]) if isinstance(row[0], str) else row[0]

    def set(self, key: str, value: Any) -> None:
        self.set_many({key: value})

    def set_many(self, values: dict[str, Any]) -> None:
        """Several settings at once, in one transaction: all of them, or none."""
        from segib_desktop.core.models import Setting

        with self.db.session(write=True) as s:
            for key, value in values.items():
                row = s.get(Setting, key)
                if row is None:
                    s.add(Setting(key=key, value=value))
                else:
                    row.value = value

    def own_name(self) -> str:
        """The name this officer gave (``name_key``), or ""."""
        return self.get(name_key(self.db), "") or ""

    def set_own_name(self, name: str) -> None:
        """Stores the officer's name; on a file it is also who the audit trail names from now on (on a server
        the login is: ``open_server``)."""
        self.set(name_key(self.db), name)
        if self.db.url is None:
            self.db.user = user_name_or_login(name)

    def user_name(self) -> str:
        """The name written in logs and the audit trail: configured, or the OS user."""
        return user_name_or_login(self.own_name())
