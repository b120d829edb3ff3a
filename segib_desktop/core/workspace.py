"""Opening the program's database: lock it, back it up and migrate it, then use it."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from segib_desktop import errors
from segib_desktop.core import backups, migrate
from segib_desktop.core import db as dbmod
from segib_desktop.core.db import Database, translate_faults
from segib_desktop.core.lock import DatabaseLock
from segib_desktop.core.services.settings import USER_NAME, SettingsService, user_name_or_login
from segib_desktop.paths import UserDirs

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    db: Database
    lock: DatabaseLock
    dirs: UserDirs
    created: bool = False  # a new, empty database: nothing to back up yet
    # What the user should know of the daily backup: it failed, or its folder is away (BackupFolderAway)
    backup_problem: errors.SegibError | None = None

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    def close(self) -> None:
        self.db.close()
        self.lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def server(self) -> bool:
        """A PostgreSQL server's database: backed up by its IT (``pg_dump``), not by the program's daily copy."""
        return self.db.url is not None

    def backup_if_due(self) -> None:
        """The daily backup; a failure is never a reason not to work, but is kept in ``backup_problem`` (the
        window shows it), as is a chosen folder that could not be reached."""
        if self.readonly or self.created or self.server:
            return
        try:
            policy = backups.usable_policy(self.path, self.dirs.backups)
            backups.backup_if_due(self.path, self.dirs.backups, policy=policy)
        except errors.SegibError as exc:
            log.warning("automatic backup of %s failed: %s", self.path, exc)
            self.backup_problem = exc
        except OSError as exc:
            log.warning("automatic backup of %s failed: %s", self.path, exc)
            self.backup_problem = backups.DailyBackupFailed(reason=errors.os_reason(exc))
        else:
            self.backup_problem = (backups.BackupFolderAway(path=str(policy.away), used=str(policy.folder))
                                   if policy.away else None)

    def check_and_backup(self) -> errors.DatabaseCorrupt | None:
        """What the window runs in the background once it shows: the database's check (``check``), then the
        daily backup. Returns the damage found (naming the newest good backup), else None."""
        if self.server:  # the server checks its own pages
            return None
        if not self.created:
            try:
                with self.db.still_the_file():
                    self.check()
            except errors.DatabaseCorrupt as exc:
                log.error("%s is damaged: %s", self.path, exc)
                return exc
            except errors.DatabaseVanished as exc:  # nothing to back up: said on the window's banner
                log.warning("%s", exc)
                self.backup_problem = exc
                return None
            except errors.DatabaseReadOnly as exc:  # opened read-only on purpose: nothing will be written
                (log.info if self.readonly else log.warning)("could not check %s: %s", self.path, exc)
            except (errors.SegibError, OSError) as exc:
                log.warning("could not check %s: %s", self.path, exc)
        self.backup_if_due()
        return None

    def check(self) -> None:
        """SQLite's ``quick_check``, then the search index's own check. Raises DatabaseCorrupt (naming the
        newest good backup) for damage. The index is derived data: damaged, it is rebuilt from the records
        (``search.repair``), never a reason to call the database damaged and restore a backup, losing the
        day's work. From SQLite 3.44 quick_check checks the index too: findings all in it are mended so."""
        from segib_desktop.core import search

        findings = search.quick_check_findings(self.path)
        index_only = search.only_index_damaged(findings)
        if findings and not index_only:
            backups.check_database(self.path, self.dirs.backups)  # says it, with the newest good backup
            return
        if index_only and self.readonly:  # nothing may be written: searches may miss records until opened
            log.warning("the search index of %s is damaged: %s", self.path, findings[:3])
            return
        try:
            search.repair(self.db)
        except errors.DatabaseCorrupt:  # the index could not be made again: said with the newest good backup
            backups.check_database(self.path, self.dirs.backups)
            raise
        if findings:  # what the rebuild did not mend is said as before
            backups.check_database(self.path, self.dirs.backups)


def open_workspace(path: Path | None, dirs: UserDirs, *, user: str | None = None,
                   daily_backup: bool = True, create: bool = True, check: bool = False, anew: bool = False
                   ) -> Workspace:
    """Locks, upgrades (after a backup) and opens the database; the default one if ``path`` is None.

    Raises a known error (in use, too new, not a database, read-only, ...) and
    leaves the file as it was. ``daily_backup=False``: the caller runs
    ``Workspace.backup_if_due`` itself (the window, once it is shown, in the background).
    ``create=False``: a file that does not exist is DatabaseMissing, and nothing is created (not even its
    folder), nor filled (a SQLite file without tables is NotADatabase). The default database missing while
    the backup folder holds backups of it is DatabaseGone (it was deleted or moved: to the officer, a new
    empty one would be all their data lost), unless ``anew``: the user chose to start a new one. ``check``:
    a damaged database is refused (DatabaseCorrupt, naming its newest good backup) before anything is
    written to it; a fifth of a second on a large database, so the window does it in the background
    instead (``Workspace.check_and_backup``).
    """
    if dbmod.is_server(path):
        return open_server(path, dirs, user=user)
    path = Path(path) if path else dirs.default_db
    if path.is_dir():  # a mistyped --db (or an empty one: ".") is not a damaged database; nothing is made in it
        raise errors.DatabaseIsFolder(path=str(path))
    if path.is_file() and not os.access(path, os.R_OK):  # not "read-only" (said of a file one may not write)
        raise errors.DatabaseUnreadable(path=str(path))
    if not create and not path.exists():
        raise errors.DatabaseMissing(path=str(path))
    if not create and path.is_file() and path.stat().st_size == 0:  # an empty file is not filled in either
        raise errors.NotADatabase(path=str(path))
    if create and not anew and path == dirs.default_db and not path.exists():
        _refuse_if_gone(path, dirs)
    dirs.create()
    with translate_faults(path):  # a read-only or full folder cannot take the lock file
        lock = DatabaseLock(path).acquire()
    try:
        _remove_restore_leftovers(path)  # the lock is ours: no restore of this database is running
        if path.is_file() and not os.access(path, os.W_OK):
            # SQLite would quietly open it read-only and fail only at the first save: say so now.
            raise errors.DatabaseReadOnly(path=str(path))
        existed = path.is_file() and path.stat().st_size > 0
        inspected, stored = _opening_reads(path) if existed else (None, {})
        if not create and inspected == (None, False):  # a SQLite file without tables is not made a database
            raise errors.NotADatabase(path=str(path))
        if check and existed:
            backups.check_database(path, dirs.backups)
        policy = backups.usable_policy(path, dirs.backups, stored) if existed else None
        migrate.upgrade(path, policy.folder if policy else dirs.backups, inspected=inspected)
        db = Database(path)
        if user is None:
            user = user_name_or_login(stored.get(USER_NAME))
        db.user = user
        workspace = Workspace(db, lock, dirs, created=not existed)
        if daily_backup:
            workspace.backup_if_due()
    except BaseException:
        lock.release()
        raise
    log.info("opened %s", path)
    return workspace


def _refuse_if_gone(path: Path, dirs: UserDirs) -> None:
    """Raises DatabaseGone if the default backup folder holds backups named after the missing ``path`` (a
    first start, with none, creates the database as always). A backup folder chosen elsewhere was a setting
    of the database that has gone: only the default one is known."""
    from segib_desktop.i18n import active

    try:
        found = backups.list_backups(dirs.backups, path)
    except OSError:
        return
    if found:
        newest = found[0]
        log.warning("%s is missing; its newest backup is %s", path, newest.path)
        raise errors.DatabaseGone(path=str(path), backup=str(newest.path),
                                  date=active().format_date(newest.made.date()), time=newest.made.strftime("%H:%M"))


# What a restore cut short leaves beside the database: its copy being written (``backups.restoring_copy``), as
# large as the backup, and that copy's journal.
RESTORE_LEFTOVERS = ("", "-journal", "-wal", "-shm")


def _remove_restore_leftovers(path: Path) -> None:
    """Deletes what a restore of ``path`` that was killed left; called with the database's lock held, which a
    restore holds all along."""
    for suffix in RESTORE_LEFTOVERS:
        leftover = Path(f"{backups.restoring_copy(path)}{suffix}")
        try:
            leftover.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:  # never a reason not to open the database
            log.warning("could not remove %s: %s", leftover, exc)
            continue
        log.info("removed %s, left by a restore cut short", leftover)


def _opening_reads(path: Path) -> tuple[tuple[str | None, bool], dict[str, object]]:
    """What opening an existing file needs to know, on one connection (each new one reads the whole
    schema again): its schema's revision, its backup settings and the user's name; and the write
    lock, taken and released, so that another program writing is reported now (DatabaseLocked),
    not at the first save, and before an upgrade makes its backup."""
    with translate_faults(path), contextlib.closing(sqlite3.connect(
            dbmod.uri(path), uri=True, isolation_level=None, timeout=dbmod.BUSY_TIMEOUT_MS / 1000)) as conn:
        inspected = migrate.inspect(conn)
        stored = backups.settings_from(conn, (*backups.POLICY_SETTINGS, USER_NAME))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    return inspected, stored


class _NoLock:
    """A server orders its clients itself: there is no lock file to take."""

    def release(self) -> None:
        pass


def open_server(url: str, dirs: UserDirs, *, user: str | None = None, upgrade: bool = True) -> Workspace:
    """Opens a PostgreSQL server's database (``postgresql://user@host:port/dbname``): its schema is migrated
    if it is older (by a login allowed to), and it is opened read-only for a login that may not write
    (the readers' role of ``server init``). Every change in the audit trail carries the server login,
    whatever name a user set: on a shared database the login is who made it.
    ``upgrade=False`` (a reading command): nothing is created or migrated; an empty database is
    ServerNotSetUp, an older schema ServerNeedsUpgrade."""
    from sqlalchemy import text

    dirs.create()
    db = Database(url)
    try:
        with dbmod.connect_server(db.engine, url) as conn:
            revision, has_tables = migrate.inspect_server(conn)
            login, may_write = conn.execute(text(
                "SELECT current_user, has_table_privilege('mandates', 'UPDATE')")).one() if revision else (None, True)
        if revision != migrate.known_revisions()[0]:
            if not upgrade:
                _refuse_to_read(url, revision, has_tables)
            migrate.upgrade_server(url)
            with db.engine.connect() as conn:
                login, may_write = conn.execute(text(
                    "SELECT current_user, has_table_privilege('mandates', 'UPDATE')")).one()
    except BaseException:
        db.close()
        raise
    if not may_write:
        db.close()
        db = Database(url, readonly=True)
    db.user = user if user is not None else login
    log.info("opened %s%s as %s", url, "" if may_write else " read-only", login)
    return Workspace(db, _NoLock(), dirs)


def _refuse_to_read(url: str, revision: str | None, has_tables: bool) -> None:
    """Why a server database not at the program's schema cannot be read as it is (and is left as it is)."""
    migrate.at_head(revision, has_tables, url)  # raises for a newer program's schema, or another program's tables
    if revision is None:
        raise errors.ServerNotSetUp(path=url)
    raise errors.ServerNeedsUpgrade(path=url)


def needs_immutable(path: Path) -> bool:
    """A WAL database in a folder nobody may write to can only be read as immutable.

    SQLite needs a -shm file beside a WAL database to read it; where none can be made
    (read-only media, a folder without write permission) and no -wal is waiting to be
    read, the file is read as it is.
    """
    path = Path(path)
    folder_writable = os.access(path.parent, os.W_OK | os.X_OK)
    return not folder_writable and not Path(str(path) + "-wal").exists()


def open_for_reading(path: Path | None, dirs: UserDirs, *, records: bool = False) -> Workspace:
    """Opens a database for a reading command (export, search, briefing, db info): a named one is never
    created (a mistyped --db is DatabaseMissing; the default one is, on first use as for every command), nor
    is an existing SQLite file without tables made into a database (NotADatabase),
    and usable while the program's window has it open (or another program is writing to it): then it is
    opened without the program's lock, read-only. ``records``: the command adds a record of its own (a
    briefing's history entry), so it is opened writable even then; SQLite's own lock orders that one
    insert with the window's saves, and the window never edits such a record. A file that cannot be
    written to (an archive, a CD) is read read-only: a briefing of it is made, not recorded.
    """
    if dbmod.is_server(path):
        return open_server(path, dirs, upgrade=False)  # reading creates and migrates nothing there either
    try:
        # The default database is made on first use, as by every command; an existing file is never filled.
        return open_workspace(path, dirs, create=path is None and not dirs.default_db.exists())
    except (errors.DatabaseInUse, errors.DatabaseLocked) as exc:  # in WAL, reading never waits for a writer
        log.info("%s is in use (%s): read without the program's lock", path, type(exc).__name__)
        return open_readonly(path, dirs, writable=records)
    except errors.DatabaseReadOnly:  # a read-only file or folder (a CD, an archive): read as it is
        log.info("%s cannot be written to: read read-only", path)
        return open_readonly(path, dirs)


def open_readonly(path: Path | None, dirs: UserDirs, *, user: str | None = None,
                  writable: bool = False) -> Workspace:
    """Opens a database only to read it: no lock, no backup, no migration, nothing written.

    For a file that cannot be written (read-only, on read-only media) or is in use by
    another copy of the program. Saving then raises OpenedReadOnly. A schema this
    program does not know, or an older one that would need upgrading, is refused.
    ``writable``: opened as usual (without the lock), for ``open_for_reading(records=True)``.
    """
    path = Path(path) if path else dirs.default_db
    if path.is_dir():
        raise errors.DatabaseIsFolder(path=str(path))
    if path.is_file() and not os.access(path, os.R_OK):
        raise errors.DatabaseUnreadable(path=str(path))
    if not path.is_file() or path.stat().st_size == 0:
        raise errors.NotADatabase(path=str(path))
    immutable = needs_immutable(path)
    revision, has_tables = migrate.inspect_file(path, immutable=immutable)
    head, known = migrate.known_revisions()
    if revision is not None and revision not in known:
        raise errors.DatabaseTooNew(path=str(path))
    if revision is None:
        raise errors.NotADatabase(path=str(path))
    if revision != head:
        raise errors.NeedsUpgrade(path=str(path))
    db = Database(path, readonly=not writable, immutable=immutable and not writable)
    try:
        if user is None:
            user = SettingsService(db).user_name()
        db.user = user
    except BaseException:
        db.close()
        raise
    log.info("opened %s read-only%s", path, " (immutable)" if immutable else "")
    return Workspace(db, DatabaseLock(path), dirs)  # the lock is not taken: release() does nothing
