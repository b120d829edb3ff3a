"""One program per database: an OS file lock beside the database file.

The lock is held by the operating system for as long as the process lives, so a
crash or a kill never leaves a stale lock behind. Written on the OS calls
directly (flock, or msvcrt on Windows) rather than with the filelock package,
whose import alone cost an eighth of the program's start-up budget.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from pathlib import Path

from segib_desktop import errors, paths

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            # The byte is locked through another handle: Windows' C runtime says EACCES, Wine's leaves errno 0.
            if not exc.errno:
                raise OSError(errno.EACCES, os.strerror(errno.EACCES)) from exc
            raise

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

log = logging.getLogger(__name__)

# What a lock held elsewhere (another process, or another open of the file here) raises.
HELD = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)}
# What a file system that cannot lock at all (some network shares) raises.
UNSUPPORTED = {errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


class DatabaseLock:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = Path(str(self.db_path) + ".lock")
        self._fd: int | None = None

    def acquire(self) -> DatabaseLock:
        paths.private_mkdir(self.db_path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # like the database: its owner's only
        try:
            _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in HELD:
                raise errors.DatabaseInUse(path=str(self.db_path)) from None
            if exc.errno in UNSUPPORTED:  # work on, as SQLite itself does there; say so in the log
                log.warning("the folder of %s cannot lock files (%s): a second copy would not be stopped",
                            self.db_path, exc)
                return self
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
