"""Opening the program's database: lock it, back it up and migrate it, then use it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from segib_desktop.core import backups, migrate
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


def _automatic_backup(path: Path, dirs: UserDirs) -> None:
    """The daily backup at start; a failure is logged, never a reason not to open."""
    from segib_desktop import errors

    try:
        backups.backup_if_due(path, dirs.backups)
    except (errors.SegibError, OSError) as exc:
        log.warning("automatic backup of %s failed: %s", path, exc)


def open_workspace(path: Path | None, dirs: UserDirs, *, user: str | None = None) -> Workspace:
    """Locks, upgrades (after a backup) and opens the database; the default one if ``path`` is None.

    Raises a known error (in use, too new, not a database, read-only, ...) and
    leaves the file as it was.
    """
    dirs.create()
    path = Path(path) if path else dirs.default_db
    lock = DatabaseLock(path).acquire()
    try:
        existed = path.is_file() and path.stat().st_size > 0
        policy = backups.usable_policy(path, dirs.backups) if existed else None
        migrate.upgrade(path, policy.folder if policy else dirs.backups)
        db = Database(path)
        if existed:
            _automatic_backup(path, dirs)
        if user is None:
            from segib_desktop.core.services.reference import SettingsService

            user = SettingsService(db).user_name()
        db.user = user
    except BaseException:
        lock.release()
        raise
    log.info("opened %s", path)
    return Workspace(db, lock, dirs)
