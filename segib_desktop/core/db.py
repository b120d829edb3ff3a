"""The database: one SQLite file (or a PostgreSQL server's database), its connections, migrations, backups
and lock.

A database *target* is a path (a SQLite file, the default) or a server address
``postgresql://user@host:port/dbname`` (issue 21, ``is_server``). A server's password never comes from the
program: libpq reads it from the user's own password file (``~/.pgpass``, ``%APPDATA%\\postgresql\\pgpass.conf``
or ``PGPASSFILE``), and uses TLS when the server offers it (libpq's default ``sslmode=prefer``).

Every connection has foreign keys on, WAL and a busy timeout. Transactions are real SQLite transactions
(BEGIN is emitted by us, not guessed by the driver), so that DDL in a migration rolls back with everything else.

SQLAlchemy is imported when the first session opens, not with this module: its import costs a quarter of a
second, and the first screen (``Database.read``, the home page's figures) is drawn without it.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from segib_desktop import errors
from segib_desktop.core import dbfile
from segib_desktop.core.fsinfo import disk_is_full, held_by_another_program, on_network_drive
from segib_desktop.core.jsoncolumns import json_text, json_value  # noqa: F401 (callers read them here too)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default: a commit that leaves a longer log folds it into the file
LOG_LEFT = "segib_log_left"  # a pooled connection's mark: its automatic checkpoint is off (session(fold_log=False))


def make_engine(path: Path, *, foreign_keys: bool = True, readonly: bool = False, immutable: bool = False,
                create: bool = False) -> Engine:
    """``immutable`` (read-only only): a file on read-only media, read without the WAL index it cannot create.
    ``create``: a file not there yet is made (its owner's only); else its connections never make one."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    # The connections are made here, from the escaped URI: a SQLAlchemy URL would unescape it again
    # (a "#" or "?" in a folder's name would then cut the path). QueuePool: what SQLAlchemy chooses for
    # a file, which it cannot tell from the bare "sqlite://".
    if create:
        create_private_file(path)
    target = uri(path, readonly=readonly, immutable=immutable)
    journal = "WAL" if readonly or not on_network_drive(path) else "DELETE"
    engine = create_engine("sqlite://", poolclass=QueuePool,
                           creator=lambda: sqlite3.connect(target, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                                           check_same_thread=False),
                           json_serializer=json_text, json_deserializer=json_value)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        _configure(dbapi_conn, foreign_keys=foreign_keys, readonly=readonly, journal=journal)

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, record):
        if record.info.pop(LOG_LEFT, False):  # a session(fold_log=False) had it: back to the default
            dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Reads begin deferred, so that in WAL they never wait for a writer (a list loading
        # during an import). A session opened for writing takes the write lock at once and
        # waits its turn (busy timeout) instead of failing later on a stale snapshot.
        write = not readonly and conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


SERVER_SCHEMES = ("postgresql://", "postgres://")
# A server that does not answer (switched off, the network down) is given up on after this long, instead of
# the system's own wait for a connection (minutes): the window says so, and its watch asks again.
CONNECT_TIMEOUT_S = 10


def is_server(target) -> bool:
    """True for a PostgreSQL server's address, False for a SQLite file's path."""
    return isinstance(target, str) and target.startswith(SERVER_SCHEMES)


def server_target(text: str) -> str:
    """A server address as given on the command line, checked: ``postgresql://user@host[:port]/dbname``.
    A password in it is refused (ValueError): it would be kept in the shell's history and the settings."""
    parts = urllib.parse.urlsplit(text)
    if parts.password is not None:
        raise ValueError("password")
    if not parts.hostname or not parts.path.strip("/"):
        raise ValueError("incomplete")
    try:
        port = parts.port  # raises for a port that is not a number from 0 to 65535 ("h:abc", "h:99999")
    except ValueError:
        port = 0
    if port == 0:  # nothing listens on port 0: a typo, said as one, not an error at connecting
        raise ValueError("incomplete")
    return "postgresql://" + text.split("://", 1)[1]


def server_parts(url: str) -> tuple[str, int | None, str, str]:
    """A server address's host, port (None: PostgreSQL's default), database and login; never a password."""
    parts = urllib.parse.urlsplit(url)
    return parts.hostname or "", parts.port, parts.path.strip("/"), urllib.parse.unquote(parts.username or "")


def connect_server(engine: Engine, url: str) -> Connection:
    """The first connection to a server: one it cannot make is said in a sentence (ServerUnreachable,
    ServerDatabaseMissing, ServerLoginRefused). psycopg gives them all the same error without a code, so
    whether anything answers at the address, and then whether the server lists the database, tell them apart."""
    import socket

    from sqlalchemy.exc import OperationalError

    try:
        return engine.connect()
    except OperationalError as exc:
        host, port, name, login = server_parts(url)
        where = f"{host}:{port or 5432}"
        try:
            socket.create_connection((host, port or 5432), timeout=5).close()
        except OSError:
            raise errors.ServerUnreachable(path=url, host=where) from exc
        from segib_desktop.core.server import database_missing
        if database_missing(url):
            raise errors.ServerDatabaseMissing(path=url, host=where, database=name) from exc
        raise errors.ServerLoginRefused(path=url, host=where, login=login, database=name) from exc


def target_arg(text: str) -> Path | str:
    """``--db``'s value: a SQLite file's path, or a server's address (``server_target``)."""
    return server_target(text) if is_server(text) else Path(text)


def make_server_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine on a PostgreSQL database through psycopg 3. ``readonly``: every transaction is read-only
    (the server refuses a write, as SQLite's ``mode=ro`` does). Connections are checked before use, so that
    one the server dropped (a restart, the network) is replaced instead of failing the next read."""
    from sqlalchemy import create_engine

    options = {"options": "-c default_transaction_read_only=on"} if readonly else {}
    return create_engine("postgresql+psycopg://" + url.split("://", 1)[1], pool_pre_ping=True,
                         connect_args={"application_name": "segib-desktop", "connect_timeout": CONNECT_TIMEOUT_S,
                                       **options},
                         json_serializer=json_text, json_deserializer=json_value)


def uri(path: Path, *, readonly: bool = False, immutable: bool = False, create: bool = False) -> str:
    """The SQLite URI of exactly the file at ``path``, whatever its name holds (see ``file_uri``). Only
    ``create`` makes a file that is not there: a database deleted while open was made again, empty, by
    the next connection, and every save then failed on its missing tables."""
    mode = "ro" if readonly else "rwc" if create else "rw"
    return file_uri(path) + f"?mode={mode}" + ("&immutable=1" if readonly and immutable else "")


def file_uri(path: Path) -> str:
    """SQLite's URI of a file: quoted ('#', '?', '%', spaces and accents in a folder's name), absolute,
    and with an empty authority, so that a Windows share (//server/share/...) stays a path."""
    text = Path(os.path.abspath(path)).as_posix()
    return "file://" + ("" if text.startswith("/") else "/") + urllib.parse.quote(text, safe="/:")


def _configure(dbapi_conn: sqlite3.Connection, *, foreign_keys: bool, readonly: bool, journal: str = "WAL") -> None:
    """The settings of every SQLAlchemy connection (any of them may write). ``journal``: WAL, or DELETE
    on a network drive, where WAL does not work (core/fsinfo.py)."""
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    if not readonly:
        cur.execute(f"PRAGMA journal_mode={journal}")
        cur.execute("PRAGMA synchronous=FULL")  # a power cut loses no committed transaction
        cur.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cur.close()


def intact(path: Path) -> bool:
    """True if SQLite's ``quick_check`` finds the database at ``path`` whole (every page of every table and
    index readable and well formed; a fifth of a second on the benchmark's 68 MB database). False if it is
    damaged or not a database; other faults (busy, unreadable) are raised as known errors."""
    with translate_faults(path), contextlib.closing(
            sqlite3.connect(uri(path, readonly=True), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
        try:
            return conn.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                return False
            raise


def create_private_file(path: Path) -> None:
    """Creates an empty file readable by its owner only (where the OS allows)."""
    from segib_desktop import paths

    paths.private_mkdir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)


# I/O errors of writing (SQLite's extended codes): on a full disk, SQLite reports these rather than FULL
# when it grows its WAL index or syncs.
WRITE_IOERRS = {sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_SHMSIZE, sqlite3.SQLITE_IOERR_FSYNC,
                sqlite3.SQLITE_IOERR_DIR_FSYNC, sqlite3.SQLITE_IOERR_TRUNCATE}
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def classify(exc: BaseException, path: Path) -> errors.SegibError | None:
    """Turns an SQLite error into a known fault by its error code, never by its text."""
    orig = exc.orig if _is_dbapi_error(exc) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    state = getattr(orig, "sqlstate", None)  # a server's (psycopg): read-only transaction, or no privilege
    if state in ("25006", "42501"):
        return errors.DatabaseReadOnly(path=str(path))
    if state == "23503":  # a foreign key on a server: a record deleted, or linked, by another officer meanwhile
        return errors.ChangedMeanwhile()
    if _connection_lost(orig, state):
        return errors.ServerConnectionLost(path=str(path))
    if code is None:
        if held_by_another_program(path, exc):  # Windows: a backup, antivirus or sync program has it open
            return errors.DatabaseLocked(path=str(path))
        if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno in READ_ONLY_ERRNOS):
            return errors.DatabaseReadOnly(path=str(path))
        if isinstance(exc, OSError) and exc.errno in FULL_ERRNOS:
            return errors.DiskFull(path=str(path))
        if isinstance(exc, FileNotFoundError) and _on_the_way(exc.filename, path):  # a drive or share not there
            return errors.DatabaseUnreachable(path=str(path))
        return None
    if code & 0xFF == sqlite3.SQLITE_IOERR and (code in WRITE_IOERRS or disk_is_full(path)):
        return errors.DiskFull(path=str(path))
    primary = code & 0xFF
    if primary == sqlite3.SQLITE_CANTOPEN and held_by_another_program(path):
        return errors.DatabaseLocked(path=str(path))
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


# The server went away or would not let a connection in: it shut down or restarted (57P0x), the connection
# broke (class 08), or none could be made (psycopg's OperationalError without a code: refused, unreachable).
LOST_STATES = ("57P01", "57P02", "57P03")


def _connection_lost(orig: BaseException, state: str | None) -> bool:
    """A psycopg error saying the server cannot be talked to now (never a SQLite one: psycopg is looked up
    only if it is loaded)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(orig, psycopg.OperationalError):
        return False
    return state is None or state.startswith("08") or state in LOST_STATES


def _on_the_way(filename, path) -> bool:
    """True if ``filename`` is the database's file or one of its folders (not an import's file, say)."""
    return filename is not None and os.path.abspath(filename) in (os.path.abspath(path),
                                                                 *map(str, Path(os.path.abspath(path)).parents))


def _is_dbapi_error(exc: BaseException) -> bool:
    """SQLAlchemy's wrapper of a driver error; none can exist before SQLAlchemy is imported."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.DBAPIError)


@contextlib.contextmanager
def translate_faults(path: Path) -> Iterator[None]:
    """Re-raises SQLite and file-system faults as known errors; lets bugs through."""
    try:
        yield
    except errors.SegibError:
        raise
    except Exception as exc:
        if not (isinstance(exc, sqlite3.Error | OSError) or _is_dbapi_error(exc)):
            raise
        fault = classify(exc, path)
        if fault is None:
            raise
        raise fault from exc


class Database:
    """An open database file. Services take one and open short sessions on it."""

    def __init__(self, path: Path | str, *, user: str = "", readonly: bool = False, immutable: bool = False):
        # A server (``is_server``): ``url`` is its address and ``path`` None (no file, lock or file backup).
        self.url = path if is_server(path) else None
        self.path = None if self.url else Path(path)
        self.user = user
        self.readonly = readonly
        self.immutable = immutable
        self._engine: Engine | None = None
        self._starting = threading.Lock()  # the first session may open from any thread
        self._file = dbfile.identity(self.path) if self.path else None  # the file opened (``still_the_file``)

    @property
    def name(self) -> str:
        """What the user knows the database by: its file or its server address."""
        return self.url or str(self.path)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._starting:
                if self._engine is None:
                    self._start()
        return self._engine

    def _start(self) -> None:
        from sqlalchemy.orm import sessionmaker

        from segib_desktop.core import audit

        engine = (make_server_engine(self.url, readonly=self.readonly) if self.url else
                  make_engine(self.path, readonly=self.readonly, immutable=self.immutable))
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(write=True), expire_on_commit=False)
        audit.install(self._sessions)
        audit.install(self._write_sessions)
        self._engine = engine

    @contextlib.contextmanager
    def session(self, *, write: bool = False, fold_log: bool = True) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back otherwise.

        Any session may write; ``write=True`` takes the write lock at the start (for edits
        and imports, which would rather wait for a running writer than fail). ``fold_log=False``:
        its commit leaves the write-ahead log as it is, for a large write whose caller folds it
        into the file itself (``checkpoint``) once the user has the result.
        """
        self.engine  # noqa: B018  (started on first use)
        sessions = self._write_sessions if write else self._sessions
        try:
            with self.still_the_file(), translate_faults(self.path or self.url), sessions() as session:
                session.info["user"] = self.user
                with session.begin():
                    if not fold_log and not self.url:
                        conn = session.connection()
                        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
                        conn.info[LOG_LEFT] = True
                    yield session
        except errors.DatabaseReadOnly as exc:
            if self.readonly and not isinstance(exc, errors.OpenedReadOnly):
                raise self.read_only_error() from exc
            raise

    def read_only_error(self) -> errors.OpenedReadOnly:
        """Why a change cannot be saved in a database opened read-only: a server's login may only read it
        (ServerReadOnly), or a file was opened read-only (OpenedReadOnly); the window's banner too."""
        return (errors.ServerReadOnly if self.url else errors.OpenedReadOnly)(path=self.name)

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction on a plain sqlite3 connection, for what must not wait for
        SQLAlchemy (the first screen). Rows are tuples; nothing written here is kept.

        None of the writers' settings (``_configure``): the busy timeout is the connection's, and a read
        run in the background while the window is built makes as few calls as it can (each one waits for
        Python's lock, held by the window's thread).
        """
        if self.url:  # a server: a pooled connection, through the same calls (``QmarkConnection``)
            with translate_faults(self.url), self.engine.connect() as conn:
                yield QmarkConnection(conn)
            return
        with self.still_the_file(), translate_faults(self.path):
            conn = sqlite3.connect(uri(self.path, readonly=self.readonly, immutable=self.immutable), uri=True,
                                   isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            try:
                conn.execute("BEGIN")
                yield conn
            finally:
                conn.close()  # ends the transaction (rolled back): a read changes nothing

    def checkpoint(self) -> None:
        """Folds the write-ahead log into the database file, without waiting for the readers (SQLite's
        PASSIVE checkpoint: what a reader still uses is folded in at a later commit)."""
        if not self.readonly and not self.url:  # a server keeps its own log
            with self.still_the_file():
                checkpoint(self.path, "PASSIVE")

    @contextlib.contextmanager
    def still_the_file(self) -> Iterator[None]:
        """Raises DatabaseVanished, before the block and for an error in it, if the file opened has been removed
        or replaced meanwhile (``core.dbfile``); nothing for a server."""
        if dbfile.vanished(self.path, self._file):
            raise errors.DatabaseVanished(path=str(self.path))
        try:
            yield
        except Exception as exc:
            if dbfile.vanished(self.path, self._file):
                raise errors.DatabaseVanished(path=str(self.path)) from exc
            raise

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


class QmarkConnection:
    """``Database.read``'s connection on a server: sqlite3's ``execute(sql, params)`` with ``?`` placeholders,
    run by psycopg (whose placeholders are ``%s``), so that the few plain-SQL reads serve both engines. JSON
    columns come back as their text, as SQLite gives them (their readers decode them with ``json_value``)."""

    def __init__(self, conn) -> None:
        self._raw = conn.connection.driver_connection

    def execute(self, sql: str, params=()):
        from psycopg.types.string import TextLoader

        cursor = self._raw.cursor()
        for name in ("json", "jsonb"):
            cursor.adapters.register_loader(name, TextLoader)
        cursor.execute(pyformat(sql), tuple(params))
        return cursor


def plain(conn) -> sqlite3.Connection | QmarkConnection:
    """A SQLAlchemy connection's own driver connection, for plain SQL with ``?`` placeholders on both engines
    (sqlite3's, or psycopg's through ``QmarkConnection``)."""
    raw = conn.connection.driver_connection
    return raw if isinstance(raw, sqlite3.Connection) else QmarkConnection(conn)


def sync_ids(conn) -> None:
    """After rows were inserted with ids given by the program (the example data's bulk inserts): a server's
    id sequences move past them, or its next insert would take an id already used. Nothing on SQLite."""
    if isinstance(conn.connection.driver_connection, sqlite3.Connection):
        return
    from sqlalchemy import text

    from segib_desktop.core.models import Base

    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) "
                              f"FROM {table.name} HAVING max(id) IS NOT NULL"))


def pyformat(sql: str) -> str:
    """SQL with ``?`` placeholders as psycopg's ``%s`` (a ``%`` doubled); text in quotes is left as it is."""
    out = []
    for i, part in enumerate(sql.split("'")):
        part = part.replace("%", "%%")
        out.append(part if i % 2 else part.replace("?", "%s"))
    return "'".join(out)


def checkpoint(path: Path, mode: str) -> None:
    """SQLite's ``wal_checkpoint(mode)`` on the database at ``path``: PASSIVE folds what it can without
    waiting; TRUNCATE waits for the readers (busy timeout) and leaves the log empty."""
    with translate_faults(path), contextlib.closing(
            sqlite3.connect(uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
        conn.execute(f"PRAGMA wal_checkpoint({mode})")


def backup(source: Path, target: Path) -> Path:
    """Copies a live database with SQLite's backup API (safe with WAL, unlike a file copy)."""
    create_private_file(target)
    with translate_faults(source):
        src = sqlite3.connect(uri(source, readonly=True), uri=True)
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
