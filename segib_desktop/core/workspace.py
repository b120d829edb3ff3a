"""Opening the program's database: lock it, back it up and migrate it, then use it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from segib_desktop.core import migrate
from segib_desktop.core.db import Database
from segib_desktop.core.lock import DatabaseLock
from segib_desktop.paths import UserDirs

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    db: Database
    lock: DatabaseLock
    dirs: UserDirs

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()
        self.lock.release()


def open_workspace(path: Path | None, dirs: UserDirs, *, user: str | None = None) -> Workspace:
    """Locks, upgrades (after a backup) and opens the database; the default one if ``path`` is None.

    Raises a known error (in use, too new, not a database, read-only, ...) and
    leaves the file as it was.
    """
    dirs.create()
    path = Path(path) if path else dirs.default_db
    lock = DatabaseLock(path).acquire()
    try:
        migrate.upgrade(path, dirs.backups)
        db = Database(path)
        if user is None:
            from segib_desktop.core.services.reference import SettingsService

            user = SettingsService(db).user_name()
        db.user = user
    except BaseException:
        lock.release()
        raise
    log.info("opened %s", path)
    return Workspace(db, lock, dirs)
