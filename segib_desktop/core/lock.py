"""One program per database: an OS file lock beside the database file.

The lock is held by the operating system for as long as the process lives, so a
crash or a kill never leaves a stale lock behind.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from segib_desktop import errors


class DatabaseLock:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._lock = FileLock(str(self.db_path) + ".lock", timeout=0, is_singleton=False, thread_local=False,
                              mode=0o600)  # like the database beside it: its owner's only

    def acquire(self) -> DatabaseLock:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise errors.DatabaseInUse(path=str(self.db_path)) from None
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
