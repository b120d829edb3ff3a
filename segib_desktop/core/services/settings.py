"""The database's own settings (the user's name, the backup policy...), stored as JSON values."""

from __future__ import annotations

import getpass
from typing import Any

from segib_desktop.core.db import Database, json_value

USER_NAME = "user_name"


def user_name_or_login(stored: Any) -> str:
    """The name written in logs and the audit trail: the one configured (``stored``), or the OS user."""
    if stored:
        return stored
    try:
        return getpass.getuser()
    except OSError:
        return ""


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
        from segib_desktop.core.models import Setting

        with self.db.session(write=True) as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value

    def user_name(self) -> str:
        """The name written in logs and the audit trail: configured, or the OS user."""
        return user_name_or_login(self.get(USER_NAME))
