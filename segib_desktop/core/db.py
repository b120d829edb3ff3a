"""The database: one SQLite file, its connections, migrations, backups and lock.

Every connection has foreign keys on, WAL and a busy timeout. Transactions are
real SQLite transactions (BEGIN is emitted by us, not guessed by the driver), so
that DDL in a migration rolls back with everything else.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from segib_desktop import errors
from segib_desktop.core import audit

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path, *, foreign_keys: bool = True, readonly: bool = False, immutable: bool = False) -> Engine:
    """``immutable`` (read-only only): a file on read-only media, read without the WAL index it cannot create."""
    url = (f"sqlite:///file:{path.as_posix()}?uri=true" + ("&mode=ro" if readonly else "")
           + ("&immutable=1" if readonly and immutable else ""))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")  # a power cut loses no committed transaction
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Reads begin deferred, so that in WAL they never wait for a writer (a list loading
        # during an import). A session opened for writing takes the write lock at once and
        # waits its turn (busy timeout) instead of failing later on a stale snapshot.
        write = not readonly and conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_private_file(path: Path) -> None:
    """Creates an empty file readable by its owner only (where the OS allows)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)


# I/O errors of writing (SQLite's extended codes): on a full disk, SQLite reports these rather than FULL
# when it grows its WAL index or syncs.
WRITE_IOERRS = {sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_SHMSIZE, sqlite3.SQLITE_IOERR_FSYNC,
                sqlite3.SQLITE_IOERR_DIR_FSYNC, sqlite3.SQLITE_IOERR_TRUNCATE}
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def disk_is_full(path: Path, margin: int = 64 * 1024) -> bool:
    """True if the file system holding ``path`` has (almost) no free space left."""
    folder = Path(path).parent
    try:
        return shutil.disk_usage(folder).free < margin
    except OSError:
        return False


def classify(exc: BaseException, path: Path) -> errors.SegibError | None:
    """Turns an SQLite error into a known fault by its error code, never by its text."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno in READ_ONLY_ERRNOS):
            return errors.DatabaseReadOnly(path=str(path))
        if isinstance(exc, OSError) and exc.errno in FULL_ERRNOS:
            return errors.DiskFull(path=str(path))
        return None
    if code & 0xFF == sqlite3.SQLITE_IOERR and (code in WRITE_IOERRS or disk_is_full(path)):
        return errors.DiskFull(path=str(path))
    primary = code & 0xFF
    faults = {
        sqlite3.SQLITE_BUSY: errors.DatabaseLocked,
        sqlite3.SQLITE_LOCKED: errors.DatabaseLocked,
        sqlite3.SQLITE_READONLY: errors.DatabaseReadOnly,
        sqlite3.SQLITE_CANTOPEN: errors.DatabaseReadOnly,
        sqlite3.SQLITE_PERM: errors.DatabaseReadOnly,
        sqlite3.SQLITE_FULL: errors.DiskFull,
        sqlite3.SQLITE_CORRUPT: errors.DatabaseCorrupt,
        sqlite3.SQLITE_NOTADB: errors.NotADatabase,
        sqlite3.SQLITE_IOERR: errors.DiskFull if code == sqlite3.SQLITE_IOERR_WRITE else errors.DatabaseCorrupt,
    }
    fault = faults.get(primary)
    return fault(path=str(path)) if fault else None


@contextlib.contextmanager
def translate_faults(path: Path) -> Iterator[None]:
    """Re-raises SQLite and file-system faults as known errors; lets bugs through."""
    try:
        yield
    except errors.SegibError:
        raise
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        fault = classify(exc, path)
        if fault is None:
            raise
        raise fault from exc


class Database:
    """An open database file. Services take one and open short sessions on it."""

    def __init__(self, path: Path, *, user: str = "", readonly: bool = False, immutable: bool = False):
        self.path = Path(path)
        self.user = user
        self.readonly = readonly
        self.engine = make_engine(self.path, readonly=readonly, immutable=immutable)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.engine.execution_options(write=True), expire_on_commit=False)
        audit.install(self._sessions)
        audit.install(self._write_sessions)

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back otherwise.

        Any session may write; ``write=True`` takes the write lock at the start (for edits
        and imports, which would rather wait for a running writer than fail).
        """
        sessions = self._write_sessions if write else self._sessions
        try:
            with translate_faults(self.path), sessions() as session:
                session.info["user"] = self.user
                with session.begin():
                    yield session
        except errors.DatabaseReadOnly as exc:
            if self.readonly and not isinstance(exc, errors.OpenedReadOnly):
                raise errors.OpenedReadOnly(path=str(self.path)) from exc
            raise

    def close(self) -> None:
        self.engine.dispose()


def backup(source: Path, target: Path) -> Path:
    """Copies a live database with SQLite's backup API (safe with WAL, unlike a file copy)."""
    create_private_file(target)
    with translate_faults(source):
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
    return target
