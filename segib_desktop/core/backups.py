"""Backups of the database: made with SQLite's backup API, rotated, checked and restored.

A backup is one self-contained SQLite file (no WAL beside it), readable by its
owner only, named ``<database stem>-<YYYYmmdd-HHMMSS>-<reason>.<identity>.sqlite3`` in the
backup folder: the user's (``UserDirs.backups``) or one the user chose (the
``backup_folder`` setting, a network drive say). The identity is the start of the UUID
stored in the database (its ``database_id`` setting, migration 0009), so that two
databases with the same file name never share backups; backups named without one
(made before identities existed) are listed by the file name's stem and never
rotated away (the restore list also offers those with its stem and another identity:
``others``). A backup is written under a hidden temporary name, synced to disk, checked
(``PRAGMA quick_check``) and renamed, so that a crash never leaves a half-written file
that looks like a backup; the next backup of that database deletes the hidden file a
crash left (``remove_stale_partials``). The backup API copies pages as they
are: a damaged database gives a copy that fails its check, which is deleted, and
the database is reported damaged (with its newest good backup); nothing is rotated.

Rotation keeps the newest ``backup_keep_last`` backups (10) of a database, plus
the newest one of each of the last ``backup_keep_months`` calendar months (12);
it deletes only files whose name it made itself and that carry the database's identity,
and never the newest good backup.

Backups are ordered by the date in their names, except that one dated after now (a clock once ahead, or set
back since) comes last and is not "recent" for the daily backup (``newest_first``).

A restore first checks the file (a SQLite database that passes
``PRAGMA integrity_check``, made by this program, with a schema this program
knows and every table and column of that schema), keeps the database it replaces as a backup, then writes the restored
copy beside the database under a temporary name, syncs it and renames it over
the database in one atomic step. It takes the database's lock: a database open
in a copy of the program is refused, and so is one that any other process has open:
an exclusive SQLite lock is taken before anything is written, and held while the file
is replaced. An index out of step with its table passes ``quick_check``, and so does every backup made
since: the restore accepts such a backup, rebuilds the copy's indexes (REINDEX) and checks it again. "A good
backup", named and kept, is one that a restore accepts (``restorable``).

Kept whole: making, rotating, checking and restoring a backup share the naming, the
identity and the checks described above, and the data-safety tests read as one story; it is the
SQLite backup API's one interface (the read layer's boundary, ``core.read``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import NamedTuple

from segib_desktop import errors, paths
from segib_desktop.core import db as dbmod
from segib_desktop.core.lock import DatabaseLock
from segib_desktop.i18n import N_

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
STAMP = "%Y%m%d-%H%M%S"
# The settings (in the database's settings table) that configure backups.
FOLDER_SETTING = "backup_folder"
MOUNT_SETTING = "backup_folder_mount"  # the mount point the chosen folder was on when chosen (``chosen_folder``)
KEEP_LAST_SETTING = "backup_keep_last"
KEEP_MONTHS_SETTING = "backup_keep_months"
KEEP_LAST, KEEP_MONTHS = 10, 12
AUTOMATIC_EVERY = dt.timedelta(days=1)
REASONS = ("start", "manual", "upgrade", "import", "restore", "replaced")
ID_SETTING = "database_id"  # the database's identity: a UUID's 32 hex digits (migration 0009)
ID_DIGITS = 16  # of them, in a backup's name
REPLACE_WAIT_S = 1.0  # how long a restore waits for another program's transaction to end

# A backup being written, or left by one cut short: ".<backup name>.partial" and its journal.
_PARTIAL = re.compile(r"^\.(?P<name>.+\.sqlite3)\.partial(?:-journal|-wal|-shm)?$")
STALE_PARTIAL_S = 10 * 60  # a partial backup unchanged for this long, and used by nobody, was cut short
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+)(?:-(?P<n>\d+))?"
                   r"(?:\.(?P<ident>[0-9a-f]{16}))?\.sqlite3$")


class BackupInvalid(errors.SegibError):
    message = N_("The file {path} is not a usable SEGIB Desktop backup (it is damaged or it is not a "
                 "database of this program). Nothing was changed; choose another backup.")


class BackupMissing(errors.SegibError):
    message = N_("The backup {path} does not exist. Nothing was changed; check its name and folder, or choose "
                 "another backup.")


class BackupTooNew(errors.SegibError):
    message = N_("The backup {path} was made by a newer version of SEGIB Desktop. Nothing was changed; "
                 "install the newer version to restore it.")


class BackupFolderUnusable(errors.SegibError):
    message = N_("The backup folder {path} cannot be used (it does not exist, or you cannot write to it). "
                 "Choose another folder.")


class BackupFolderAway(errors.SegibError):
    """Not a failure: the backups are made, but not where the user chose (``usable_policy``)."""
    message = N_("The backup folder {path} cannot be reached (is the network drive connected?). Until it can, "
                 "backups are saved in {used}.")
    window_hint = N_("Another folder is chosen with File > Backup folder…")


class DailyBackupFailed(errors.SegibError):
    message = N_("Today's automatic backup could not be made ({reason}). Your changes are saved as usual.")
    window_hint = N_("Make one with File > Back up now once this is fixed.")


class SameFile(errors.SegibError):
    message = N_("The file {path} is the database itself, not a backup of it. Choose a backup file.")


class NoDatabase(errors.SegibError):
    message = N_("The database {path} does not exist, so there is nothing to back up.")


class BackupFolderFull(errors.SegibError):
    message = N_("The backup folder {path} is full, so no backup was made. Free some space there or choose "
                 "another backup folder.")


class BackupFailedCheck(errors.SegibError):
    message = N_("The backup written to the folder {path} failed its check (that disk may be failing), so it "
                 "was deleted. Try again, or choose another backup folder.")


class DamagedWithBackup(errors.DatabaseCorrupt):
    message = N_("The database {path} is damaged, so nothing was written to it and no backup of it was made; "
                 "restore its newest good backup, {backup}.")
    cli_hint = N_("It is restored with: {program} restore {backup} --db {path}")


class ReplaceRefused(errors.DatabaseLocked):
    message = N_("The database {path} cannot be replaced now because another program has it open. Nothing "
                 "was changed; close that program and try again.")


class BackupInfo(NamedTuple):
    path: Path
    stem: str
    made: dt.datetime
    reason: str
    n: int = 0  # the second backup of the same second is -1, and so on
    ident: str | None = None  # the database's identity (ID_DIGITS hex digits); None in older names
    other: bool = False  # named with the database's stem but another identity (``list_backups(others=True)``)


class Policy(NamedTuple):
    folder: Path
    keep_last: int = KEEP_LAST
    keep_months: int = KEEP_MONTHS
    away: Path | None = None  # the folder the user chose, when it cannot be reached and ``folder`` stands in
    mount: Path | None = None  # the chosen folder's mount point, which must be mounted (``chosen_folder``)


# --- naming and listing

def parse_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(Path(path).name)
    if not match:
        return None
    try:
        made = dt.datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    return BackupInfo(Path(path), match["stem"], made, match["reason"], int(match["n"] or 0), match["ident"])


def database_id(db_path: Path) -> str | None:
    """The identity, as a backup's name carries it, of the database at ``db_path``; None if it has none
    or cannot be read."""
    value = read_settings(db_path, (ID_SETTING,)).get(ID_SETTING)
    if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{32}", value):
        return value[:ID_DIGITS]
    return None


def newest_first(found, now: dt.datetime | None = None) -> list[BackupInfo]:
    """Backups by the date in their names, newest first; those dated after ``now`` come last (made while the
    clock was ahead, or before it was set back: not the newest, and their date says nothing sure)."""
    now = now or dt.datetime.now()
    return sorted(found, key=lambda i: (i.made <= now, i.made, i.n), reverse=True)


def list_backups(backups_dir: Path, db_path: Path | None = None, *, own: bool = False, others: bool = False,
                 now: dt.datetime | None = None) -> list[BackupInfo]:
    """The backups in a folder (of one database if ``db_path`` is given), newest first (``newest_first``).

    A database's backups are those named with its identity, and those named without one (made before
    identities existed) with its file name's stem. ``own``: only the first, what rotation may delete. A
    database whose identity cannot be read (a damaged one) gets every backup with its stem. ``others``: also
    the backups with its stem and another identity, marked ``other`` (the officer's own, after a restore of
    another database's backup or when a new database took the place of a lost one: offered for a restore).
    """
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if (info := parse_name(p)) is not None and p.is_file()]
    if db_path is not None:
        ident, stem = database_id(db_path), Path(db_path).stem
        if ident is None:
            found = [] if own else [info for info in found if info.stem == stem]
        else:
            found = [info if info.ident in (ident, None) else info._replace(other=True) for info in found
                     if info.ident == ident or (not own and info.stem == stem and (others or info.ident is None))]
    return newest_first(found, now)


def last_good(db_path: Path, folders: list[Path]) -> BackupInfo | None:
    """The newest backup of the database, in any of ``folders``, that a restore accepts (``restorable``)."""
    found = {info.path: info for folder in folders for info in list_backups(folder, db_path)}
    return next((info for info in newest_first(found.values()) if restorable(info.path)), None)


def damaged(db_path: Path, folders: list[Path]) -> errors.DatabaseCorrupt:
    """The error that says the database is damaged, naming its newest good backup if it has one."""
    good = last_good(db_path, folders)
    if good is None:
        return errors.DatabaseCorrupt(path=str(db_path))
    return DamagedWithBackup(path=str(db_path), backup=str(good.path))


def check_database(db_path: Path, default_dir: Path) -> None:
    """Before writing: raises DatabaseCorrupt (naming the newest good backup) if the database is damaged."""
    if not dbmod.intact(db_path):
        folders = [Path(default_dir)]
        with contextlib.suppress(OSError):
            folders.append(policy_for(db_path, default_dir).folder)
        raise damaged(db_path, folders)


def _target_name(folder: Path, stem: str, made: dt.datetime, reason: str, ident: str | None = None) -> Path:
    base, tail = f"{stem}-{made.strftime(STAMP)}-{reason}", (f".{ident}" if ident else "") + SUFFIX
    target, n = folder / f"{base}{tail}", 1
    while target.exists():
        target, n = folder / f"{base}-{n}{tail}", n + 1
    return target


# --- files that survive a power cut

def fsync_file(path: Path) -> None:
    """Makes a written file durable. Opened for writing (nothing is written): Windows flushes only a
    handle opened for writing, and refuses os.fsync on a read-only one (every backup failed there)."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Makes a rename durable (POSIX); a no-op where directories cannot be opened (Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _private(path: Path) -> None:
    if os.name == "posix":
        with contextlib.suppress(OSError):  # some network shares do not keep modes
            os.chmod(path, 0o600)


def _check_folder(folder: Path, create: bool = True, mount: Path | None = None) -> Path:
    """``folder``, usable. ``create=False`` for a folder the user chose once: one that has gone is not made
    again, or the backups of an unmounted network drive would land on this computer's disk unseen. ``mount``:
    where the file system it was chosen on was mounted; nothing mounted there now, the folder is not that one
    (a share's own mount point stays behind as an empty folder when the share is not connected)."""
    if not create and not folder.is_dir() or mount is not None and not os.path.ismount(mount):
        raise BackupFolderUnusable(path=str(folder))
    try:
        paths.private_mkdir(folder)  # a new folder (backup --to NEWDIR) is its owner's only
    except OSError as exc:
        raise BackupFolderUnusable(path=str(folder)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupFolderUnusable(path=str(folder))
    return folder


# --- making and rotating

def make_backup(db_path: Path, backups_dir: Path, reason: str, *, now: dt.datetime | None = None,
                keep_last: int | None = None, keep_months: int | None = None, create: bool = True,
                mount: Path | None = None, spare: Path | None = None) -> Path:
    """Copies the database with SQLite's backup API into ``backups_dir``; returns the new file.

    Safe while the database is open (WAL). The copy is checked before it gets its name: a damaged database
    raises DatabaseCorrupt and leaves no backup; a full backup folder raises BackupFolderFull. Then rotates
    that database's backups, by its own policy (``policy_for``) unless ``keep_last``/``keep_months`` are
    given: an upgrade's or a restore's backup rotated by the defaults and deleted backups the database's
    policy keeps. ``create=False``: a missing folder is refused, not made; ``mount``: a folder whose file system
    is not mounted is refused (``_check_folder``).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    db_path = Path(db_path)
    if not db_path.is_file():
        raise NoDatabase(path=str(db_path))
    folder = _check_folder(Path(backups_dir), create, mount)
    now = now or dt.datetime.now()
    ident = database_id(db_path)
    remove_stale_partials(folder, db_path.stem, ident)  # first: the space they hold may be what this one needs
    target = _target_name(folder, db_path.stem, now, reason, ident)
    partial = folder / f".{target.name}.partial"
    _remove_partial(partial)
    try:
        try:
            dbmod.backup(db_path, partial)
            _private(partial)
            with dbmod.translate_faults(target):
                fsync_file(partial)
        except errors.DiskFull as exc:  # the copy is what grows: it is the backup folder that is full
            raise BackupFolderFull(path=str(folder)) from exc
        except OSError as exc:
            if exc.errno in dbmod.FULL_ERRNOS:
                raise BackupFolderFull(path=str(folder)) from exc
            raise
        if not dbmod.intact(partial):
            # A page-for-page copy: the database itself is damaged, unless the copy was spoilt on its way
            if not dbmod.intact(db_path):
                raise damaged(db_path, [folder])
            raise BackupFailedCheck(path=str(folder))
        with dbmod.translate_faults(target):
            os.replace(partial, target)
        fsync_dir(folder)
    except BaseException:
        _remove_partial(partial)
        raise
    log.info("backup of %s (%s) saved as %s", db_path, reason, target)
    if keep_last is None or keep_months is None:
        policy = policy_for(db_path, folder)
        keep_last, keep_months = keep_last or policy.keep_last, keep_months or policy.keep_months
    rotate(folder, db_path, keep_last=keep_last, keep_months=keep_months, now=now, keep=target, spare=spare)
    return target


def remove_stale_partials(folder: Path, stem: str, ident: str | None) -> list[Path]:
    """Deletes what backups of one database (its name's ``stem`` and its identity ``ident``) that were cut
    short left in ``folder``: a hidden ``.<backup name>.partial`` and its journal, as large as the database,
    which a kill or a power cut in the middle of a backup leaves for ever. Returns what it deleted.

    Never one being written or checked now, by this program or another process (``backup`` on the command
    line runs beside the window, without its lock): a partial file is stale only if neither it nor its
    journal has changed for ``STALE_PARTIAL_S`` and nobody holds a SQLite lock on it (a backup's copy holds
    one throughout, and so does the check of the copy, which writes nothing however long it takes on a
    slow network drive). Another database's files, and anything named otherwise, are left alone.
    """
    groups: dict[str, list[Path]] = {}
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _PARTIAL.match(path.name)
            info = parse_name(Path(match["name"])) if match else None
            if info is not None and info.stem == stem and info.ident == ident:
                groups.setdefault(match["name"], []).append(path)
    removed = []
    recent = time.time() - STALE_PARTIAL_S
    for name, files in groups.items():
        try:
            if any(path.stat().st_mtime > recent for path in files):
                continue
        except OSError:
            continue
        partial = folder / f".{name}.partial"
        if partial.exists() and _locked(partial):
            continue
        for path in files:
            with contextlib.suppress(OSError):  # (Windows: open elsewhere, then it stays)
                path.unlink()
                removed.append(path)
    if removed:
        log.info("stale partial backups deleted: %s", ", ".join(str(p) for p in removed))
    return removed


def _locked(path: Path) -> bool:
    """True if a connection (of any process) has the SQLite file at ``path`` open in a transaction, or if that
    cannot be told; False for a file nobody uses (a hot journal left by a kill is rolled back here, harmlessly:
    the file is about to be deleted) or one that is not a database at all."""
    try:
        with contextlib.closing(sqlite3.connect(dbmod.file_uri(path) + "?mode=rw", uri=True, timeout=0,
                                                isolation_level=None)) as conn:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        return getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)
    return False


def _month(moment: dt.datetime) -> int:
    return moment.year * 12 + moment.month - 1


def to_keep(backups: list[BackupInfo], *, keep_last: int, keep_months: int, now: dt.datetime) -> set[Path]:
    """The newest ``keep_last``, and the newest of each of the last ``keep_months`` months."""
    ordered = newest_first(backups, now)
    keep = {i.path for i in ordered[:max(keep_last, 0)]}
    seen_months: set[int] = set()
    for info in ordered:
        month = _month(info.made)
        if 0 <= _month(now) - month < keep_months and month not in seen_months:
            seen_months.add(month)
            keep.add(info.path)
    return keep


def _same_file(path: Path, other: Path) -> bool:
    """The same file, however spelt. Not by ``Path.resolve``: Windows refuses it past 260 characters."""
    if path == other:
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def rotate(backups_dir: Path, db_path: Path, *, keep_last: int = KEEP_LAST, keep_months: int = KEEP_MONTHS,
           now: dt.datetime | None = None, keep: Path | None = None, spare: Path | None = None) -> list[Path]:
    """Deletes the backups of ``db_path`` (named with its identity) that the policy no longer keeps, never
    the newest one that passes its check: ``keep``, a backup just made and checked, or else the newest
    that a restore accepts (``restorable``); nor ``spare`` (the backup being restored). Returns the deleted files."""
    now = now or dt.datetime.now()
    backups = list_backups(backups_dir, db_path, own=True, now=now)
    kept = to_keep(backups, keep_last=keep_last, keep_months=keep_months, now=now)
    if keep is None:
        keep = next((info.path for info in backups if restorable(info.path)), None)
    if keep is not None:
        kept.add(Path(keep))
    removed = []
    for info in backups:
        if info.path not in kept and not (spare is not None and _same_file(info.path, Path(spare))):
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError as exc:  # a backup we cannot delete is a backup kept
                log.warning("could not delete old backup %s: %s", info.path, exc)
    if removed:
        log.info("rotation deleted %d old backups of %s", len(removed), db_path)
    return removed


# --- the policy, read from the database's settings (before or after it is migrated)

POLICY_SETTINGS = (FOLDER_SETTING, MOUNT_SETTING, KEEP_LAST_SETTING, KEEP_MONTHS_SETTING)


def read_settings(db_path: Path, keys: tuple[str, ...] = POLICY_SETTINGS) -> dict[str, object]:
    """Settings stored in the database file (the backup policy's by default); {} if it has none or cannot
    be read."""
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return {}
    try:
        with contextlib.closing(sqlite3.connect(dbmod.uri(db_path, readonly=True), uri=True)) as conn:
            return settings_from(conn, keys)
    except sqlite3.Error:
        return {}


def settings_from(conn: sqlite3.Connection, keys: tuple[str, ...]) -> dict[str, object]:
    """Some settings, read on an open connection; {} where the database has no settings table."""
    try:
        rows = conn.execute(f"SELECT key, value FROM settings WHERE key IN ({','.join('?' * len(keys))})",
                            keys).fetchall()
    except sqlite3.OperationalError:  # not one of our databases (refused when it is upgraded)
        return {}
    out = {}
    for key, value in rows:
        # JSON text, except that the column's numeric affinity stores a bare number as a number
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
        else:
            out[key] = value
    return out


def policy_for(db_path: Path, default_dir: Path, settings: dict[str, object] | None = None) -> Policy:
    """Where and how many backups of this database to keep (the user's choice, else the defaults).
    ``settings``: the database's, if the caller has read them already (``settings_from``)."""
    settings = read_settings(db_path) if settings is None else settings
    folder = settings.get(FOLDER_SETTING)

    def count(key: str, default: int) -> int:
        value = settings.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else default

    chosen = isinstance(folder, str) and folder
    mount = settings.get(MOUNT_SETTING)
    return Policy(Path(folder) if chosen else Path(default_dir),
                  count(KEEP_LAST_SETTING, KEEP_LAST), count(KEEP_MONTHS_SETTING, KEEP_MONTHS),
                  mount=Path(mount) if chosen and isinstance(mount, str) and mount else None)


def mount_point(folder: Path) -> Path:
    """The mount point of the file system ``folder`` is on: a network share's, a removable drive's, or the
    system's own root."""
    path = Path(os.path.abspath(folder))
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


def chosen_folder(folder: Path) -> dict[str, str]:
    """The settings that make ``folder`` this database's backup folder: the folder, and where its file system
    is mounted, so that the day the share is not connected its empty mount point is not taken for it."""
    return {FOLDER_SETTING: str(folder), MOUNT_SETTING: str(mount_point(folder))}


def usable_policy(db_path: Path, default_dir: Path, settings: dict[str, object] | None = None) -> Policy:
    """``policy_for``, falling back to ``default_dir`` when the chosen folder is not reachable (its ``away``
    says so: the user is told, ``BackupFolderAway``)."""
    policy = policy_for(db_path, default_dir, settings)
    chosen = policy.folder != Path(default_dir)
    try:
        _check_folder(policy.folder, create=not chosen, mount=policy.mount)
    except BackupFolderUnusable:
        if not chosen:
            raise
        log.warning("backup folder %s is not reachable; using %s", policy.folder, default_dir)
        return policy._replace(folder=Path(default_dir), away=policy.folder)
    return policy


def import_folder(db, default_dir: Path) -> Path:
    """Where the backup made before an import goes: the file's policy's folder, or for a server database
    (its ``pg_dump``, core/server.py) the user's default backup folder."""
    return Path(default_dir) if db.url else usable_policy(db.path, default_dir).folder


def before_import(db, folder: Path) -> Path:
    """The backup an import makes before it writes, into ``folder`` (``import_folder``): a copy of the file,
    rotated by its policy, or for a server database PostgreSQL's ``pg_dump`` (core/server.py). A database open
    read-only (a server's reader, a file in use) is refused first, as its save would be: no backup is made
    for an import that cannot write."""
    if db.readonly:
        raise db.read_only_error()
    if db.url:
        from segib_desktop.core import server

        return server.dump(db.url, folder, "import")
    return backup(db.path, folder, "import", to=folder)


def backup(db_path: Path, default_dir: Path, reason: str, *, to: Path | None = None,
           now: dt.datetime | None = None) -> Path:
    """A backup by the database's policy (or into ``to``), rotated by that policy. The folder the user chose
    is not made again if it has gone (``BackupFolderUnusable``); ``to`` and the user's own folder are."""
    policy = policy_for(db_path, default_dir)
    folder = Path(to) if to is not None else policy.folder
    chosen = to is None and folder != Path(default_dir)
    return make_backup(db_path, folder, reason, now=now, keep_last=policy.keep_last,
                       keep_months=policy.keep_months, create=not chosen, mount=policy.mount if chosen else None)


def backup_if_due(db_path: Path, default_dir: Path, *, now: dt.datetime | None = None,
                  policy: Policy | None = None) -> Path | None:
    """The automatic backup at start: made when the newest backup is older than a day. ``policy``: the
    database's ``usable_policy``, if the caller has it."""
    now = now or dt.datetime.now()
    policy = policy or usable_policy(db_path, default_dir)
    # Backups named without an identity count too: the one made before the upgrade that gave it one.
    # One dated after now (the clock was ahead, or has been set back) is not recent: it stopped every daily
    # backup until the clock caught up with it.
    newest = list_backups(policy.folder, db_path, now=now)
    if newest and dt.timedelta(0) <= now - newest[0].made < AUTOMATIC_EVERY:
        return None
    return make_backup(db_path, policy.folder, "start", now=now, keep_last=policy.keep_last,
                       keep_months=policy.keep_months)


# --- checking and restoring

# What ``PRAGMA integrity_check`` finds, and ``quick_check`` (every backup's own check) does not look for: an
# index that no longer matches its table. The table's rows are whole; REINDEX rebuilds the index from them.
_INDEX_FINDING = re.compile(r"(row \d+ missing from index|wrong # of entries in index"
                            r"|non-unique entry in (UNIQUE )?index) \S+")


def integrity(conn: sqlite3.Connection) -> str:
    """``PRAGMA integrity_check`` on an open connection: "ok", "indexes" (only indexes out of step with
    their tables, which ``REINDEX`` repairs) or "damaged"."""
    found = [line for row in conn.execute("PRAGMA integrity_check") for line in str(row[0]).splitlines()]
    if found == ["ok"]:
        return "ok"
    return "indexes" if found and all(_INDEX_FINDING.fullmatch(line) for line in found) else "damaged"


def restorable(path: Path) -> bool:
    """True if a restore accepts the file (``check_backup``): what a "good backup" is, named and kept."""
    try:
        check_backup(path)
    except errors.SegibError:
        return False
    return True


def check_backup(backup_file: Path) -> str:
    """Checks that a file can be restored; returns its schema revision. Changes nothing.

    A whole database of this program: it passes ``PRAGMA integrity_check`` (but for indexes out of step with
    their tables, which the restore rebuilds: every backup is checked with ``quick_check`` only, which does not
    see them), its schema revision is one this program knows, and it has every table and column of that
    revision. Raises BackupInvalid (damaged, not a database, not this program's, incomplete), BackupMissing
    or BackupTooNew (a revision it does not know, in a database with this program's tables: ``migrate.inspect``).
    """
    from segib_desktop.core import migrate  # imported here: migrate imports this module

    backup_file = Path(backup_file)
    if not backup_file.exists():
        raise BackupMissing(path=str(backup_file))
    if not backup_file.is_file():
        raise BackupInvalid(path=str(backup_file))
    try:
        conn = sqlite3.connect(dbmod.uri(backup_file, readonly=True), uri=True)
        try:
            if integrity(conn) == "damaged":
                raise BackupInvalid(path=str(backup_file))
            revision, _tables = migrate.inspect(conn)
            if revision is None:  # not this program's (another's, even one Alembic manages), or no version
                raise BackupInvalid(path=str(backup_file))
            _head, known = migrate.known_revisions()
            if revision not in known:
                raise BackupTooNew(path=str(backup_file))
            found = migrate.schema(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupInvalid(path=str(backup_file)) from exc
    expected = migrate.schema_at(revision)
    missing = [table for table, columns in expected.items() if not columns <= found.get(table, set())]
    if missing:
        log.warning("backup %s lacks tables or columns of schema %s: %s", backup_file, revision, missing[:5])
        raise BackupInvalid(path=str(backup_file))
    return revision


@contextlib.contextmanager
def replacing(db_path: Path):
    """Holds an exclusive SQLite lock on the database while the block replaces it: refused (ReplaceRefused)
    while any other connection has it open, reading or writing. A file that SQLite cannot read as a database
    (damaged at its first page, or not a database) cannot be in use as one: it is replaced without."""
    conn = None
    if Path(db_path).is_file() and Path(db_path).stat().st_size > 0:
        conn = sqlite3.connect(dbmod.uri(db_path), uri=True, isolation_level=None, timeout=REPLACE_WAIT_S)
        try:
            # In the rollback journal, an exclusive lock keeps out readers too: leaving WAL is itself refused
            # while another connection has the file open.
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.Error as exc:
            conn.close()
            conn = None
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise ReplaceRefused(path=str(db_path)) from exc
            if code not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise dbmod.classify(exc, Path(db_path)) or exc from exc
            log.warning("%s is not readable as a database (%s): replaced without a lock", db_path, exc)
    try:
        if conn is not None and os.name == "nt":
            # Windows cannot rename over a file that is open: the lock is let go just before
            conn.close()
            conn = None
        yield
    finally:
        if conn is not None:
            conn.close()


def restoring_copy(db_path: Path) -> Path:
    """The copy a restore writes beside the database before it takes the database's place (with its journal,
    what a restore cut short leaves: the next opening removes them, core/workspace.py)."""
    return db_path.parent / f".{db_path.name}.restoring"


def _keep_replaced(db_path: Path, backups_dir: Path, restoring: Path) -> Path | None:
    """Keeps the database about to be replaced; a raw copy if it is too damaged for the backup API. Its
    rotation spares the backup being restored (the oldest kept, it would have gone before it was read)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    try:
        return make_backup(db_path, backups_dir, "replaced", spare=restoring)
    except errors.DatabaseFault as exc:
        log.warning("backup API failed on %s (%s); keeping a raw copy", db_path, exc)
    folder = _check_folder(Path(backups_dir))
    target = _target_name(folder, db_path.stem, dt.datetime.now(), "replaced", database_id(db_path))
    partial = folder / f".{target.name}.partial"
    with dbmod.translate_faults(target):
        dbmod.create_private_file(partial)
        shutil.copyfile(db_path, partial)
        fsync_file(partial)
        os.replace(partial, target)
        for extra in ("-wal", "-journal"):  # what SQLite may need to make sense of it
            side = Path(str(db_path) + extra)
            if side.is_file():
                shutil.copyfile(side, Path(str(target) + extra))
                _private(Path(str(target) + extra))
    fsync_dir(folder)
    return target


def _remove_partial(partial: Path) -> None:
    """Deletes a copy being written (a backup's or a restore's) and the journal SQLite keeps beside it."""
    for path in (partial, Path(f"{partial}-journal")):
        with contextlib.suppress(OSError):
            path.unlink()


def _reindexed(partial: Path, backup_file: Path) -> None:
    """Checks the restored copy in full; indexes out of step with their tables (``integrity``) are rebuilt
    and checked again. Anything else, or an index REINDEX cannot rebuild (a UNIQUE one whose table holds
    the same key twice), is BackupInvalid."""
    with contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as conn:
        try:
            found = integrity(conn)
            if found == "indexes":
                log.warning("backup %s has indexes out of step with their tables: rebuilt", backup_file)
                conn.execute("REINDEX")
                found = integrity(conn)
        except sqlite3.DatabaseError as exc:  # a full disk under the copy stays a fault of the database's disk
            if isinstance(exc, sqlite3.IntegrityError) or getattr(exc, "sqlite_errorcode", 0) & 0xFF in (
                    sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise BackupInvalid(path=str(backup_file)) from exc
            raise
        if found != "ok":
            raise BackupInvalid(path=str(backup_file))


def restore_backup(backup_file: Path, db_path: Path, backups_dir: Path) -> Path | None:
    """Replaces the database with a checked backup; returns the backup of the replaced database.

    The database must not be open: its lock is taken here (DatabaseInUse otherwise), and an exclusive
    SQLite lock too (ReplaceRefused while any other process has it open). A backup with an older schema is
    restored as it is; opening it migrates it.
    """
    backup_file, db_path = Path(backup_file), Path(db_path)
    if db_path.exists() and backup_file.exists() and os.path.samefile(backup_file, db_path):
        raise SameFile(path=str(backup_file))
    check_backup(backup_file)
    with contextlib.ExitStack() as held:
        with dbmod.translate_faults(db_path):  # a read-only or full folder cannot take the lock file
            held.enter_context(DatabaseLock(db_path))
        with replacing(db_path):  # said before anything is written
            pass
        kept = _keep_replaced(db_path, backups_dir, backup_file)
        folder = db_path.parent
        partial = restoring_copy(db_path)
        _remove_partial(partial)  # a killed restore's, journal too: a hot journal would be played into the new copy
        try:
            with dbmod.translate_faults(db_path):
                try:
                    dbmod.backup(backup_file, partial)
                except errors.DiskFull as exc:  # the copy is what grows, beside the database: its disk is full
                    raise errors.DiskFull(path=str(db_path)) from exc
                _private(partial)
                _reindexed(partial, backup_file)
                fsync_file(partial)
                with replacing(db_path):
                    # A -wal left beside the new file would be replayed into it: removed first (leaving WAL
                    # above folded its committed content into the file, kept as a backup).
                    for extra in ("-wal", "-shm", "-journal"):
                        with contextlib.suppress(FileNotFoundError):
                            Path(str(db_path) + extra).unlink()
                    os.replace(partial, db_path)
            fsync_dir(folder)
        except BaseException:
            _remove_partial(partial)
            raise
    log.info("restored %s from %s (replaced database kept as %s)", db_path, backup_file, kept)
    return kept
