"""Known errors: faults of the environment or of the user's input.

Each carries an English message (a catalogue msgid) and its parameters and is
translated where it is shown. Anything else that is raised is a bug.
"""

from __future__ import annotations

import errno
import re

from segib_desktop.i18n import N_, Translator, active

# The operating system's reasons, in our words: its own text (exc.strerror) is English on Linux and in
# the system's language on Windows, whatever the user chose. One table, used wherever a reason is shown.
OS_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EFBIG: N_("the file would be larger than this disk or account allows"),
    errno.EACCES: N_("you are not allowed to write there, or another program has the file open"),
    errno.EPERM: N_("you are not allowed to write there, or another program has the file open"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOENT: N_("the folder does not exist"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("another program is using it"),
    errno.EIO: N_("the disk could not be read or written (it may be failing or disconnected)"),
}
OTHER_REASON = N_("the operating system refused it (error {code})")
# Windows' sharing and lock violations (its EACCES too): another program keeps the file to itself
HELD = N_("another program has the file open")
HELD_WINERRORS = frozenset({32, 33})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def os_reason(exc: OSError, translator: Translator | None = None) -> str:
    """Why an operation on a file failed, as a translated phrase (never the system's own text)."""
    t = translator or active()
    message = HELD if getattr(exc, "winerror", None) in HELD_WINERRORS else OS_REASONS.get(exc.errno)
    return t.gettext(message) if message else t.gettext(OTHER_REASON).format(code=exc.errno or "?")


def printable(text: str) -> str:
    """A message as it may be written to a terminal: control characters (a NUL, an escape sequence, a
    carriage return) shown as \\x00 instead of being written raw; lines and tabs kept."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


class SegibError(Exception):
    """An error the user can understand and act on."""

    message = N_("The operation could not be completed.")
    # What the user can do about it, in the words of where the message is shown: the window (its menus) or
    # the command line (its commands), with the message's parameters. Empty: the message says it all (a
    # dialog that offers the way as a button, such as the start's, shows the message alone).
    window_hint = cli_hint = ""

    def __init__(self, message: str | None = None, **params):
        self.message = message or self.message
        self.params = params
        super().__init__(self.message.format(**params) if params else self.message)

    def user_message(self, translator: Translator | None = None) -> str:
        text = (translator or active()).gettext(self.message)
        return text.format(**self.params) if self.params else text

    def message_in(self, where: str, translator: Translator | None = None) -> str:
        """The message followed by the hint for ``where`` ("window" or "cli"), if it has one. A command line's
        hint is a command to paste: its values are quoted for this system's shell, and {program} is how the
        command line is called here."""
        t = translator or active()
        hint = self.window_hint if where == "window" else self.cli_hint
        message = self.user_message(t)
        if not hint:
            return message
        params = self.params
        if where == "cli":
            params = {key: shell_quoted(str(value)) for key, value in params.items()} | {"program": cli_program()}
        return f"{message} {t.gettext(hint).format(**params)}"

    def __reduce__(self):
        # Rebuilt from its attributes, not by calling __init__ again (subclasses take other arguments):
        # a known error raised in a child process reaches the window as itself.
        return _rebuild, (type(self), self.args, self.__dict__)


def cli_program() -> str:
    """How the command line is called: the Windows program's console twin, else segib-desktop
    (docs/packaging.md: a windowed .exe has no console)."""
    import sys

    return "segib-desktop-cli" if sys.platform == "win32" and getattr(sys, "frozen", False) else "segib-desktop"


def shell_quoted(value: str) -> str:
    """A value as this system's shell reads it back whole (a path with spaces, $ or quotes)."""
    import sys

    if sys.platform == "win32":
        import subprocess

        return subprocess.list2cmdline([value])
    import shlex

    return shlex.quote(value)


def _rebuild(cls: type[SegibError], args: tuple, state: dict) -> SegibError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class DatabaseFault(SegibError):
    """The database file cannot be used as asked (locked, read-only, corrupt, ...)."""


class DatabaseInUse(DatabaseFault):
    message = N_("The database {path} is already open in another copy of SEGIB Desktop. "
                 "Close that copy first, or open another database.")


class DatabaseTooNew(DatabaseFault):
    message = N_("The database {path} was saved by a newer version of SEGIB Desktop. "
                 "It has not been changed; install the newer version to open it.")


class DatabaseLocked(DatabaseFault):
    message = N_("The database {path} is busy (another program is writing to it). Try again in a moment.")


class DatabaseReadOnly(DatabaseFault):
    message = N_("The database {path} cannot be written to (the file or its folder is read-only). "
                 "Copy it to a folder where you can write, or open another database.")


class DiskFull(DatabaseFault):
    message = N_("The disk holding {path} is full. Nothing was changed; free some space and try again.")


class DatabaseCorrupt(DatabaseFault):
    message = N_("The database {path} is damaged. It has not been changed; restore a backup or open another "
                 "database.")
    window_hint = N_("A backup is restored with File > Restore backup…")
    cli_hint = N_("A backup is restored with: {program} restore BACKUP --db {path}")


class OpenedReadOnly(DatabaseReadOnly):
    message = N_("The database {path} is open read-only, so this change cannot be saved. To change it, "
                 "open it normally once it is free and writable (File > Open database).")
    # What the window and every form say all along, before any save (Database.read_only_error chooses).
    banner = N_("This database is open read-only: you can look, search, export and print, but not change "
                "anything. To change it, open it normally once it is free and writable (File > Open database).")


class ServerReadOnly(OpenedReadOnly):
    message = N_("Your login on the server may read the database {path} but not change it, so this change "
                 "cannot be saved. Ask the person who looks after the server for an editor's role.")
    banner = N_("Your login on the server may read this database but not change it: you can look, search, "
                "export and print. To change it, ask the person who looks after the server for an editor's role.")


class ServerUnreachable(DatabaseFault):
    message = N_("The server {host} cannot be reached. Check its address and port and that this computer is "
                 "on the office network, then try again.")


class ServerDatabaseMissing(DatabaseFault):
    message = N_("The database {database} does not exist on the server {host}. Check its name; the person who "
                 "looks after the server creates it (createdb).")


class ServerNotSetUp(DatabaseFault):
    """An empty server database: a reading command (db info, db copy --from) creates nothing in it."""

    message = N_("The database {path} on the server is empty: it is not set up for SEGIB Desktop yet. "
                 "Nothing was changed.")
    cli_hint = N_("To set it up, run server init on it, or copy a database into it with db copy --to.")


class ServerNeedsUpgrade(DatabaseFault):
    message = N_("The database {path} was saved by an older version of SEGIB Desktop and must be upgraded by "
                 "the person who looks after the server before this version can use it. Nothing was changed.")
    cli_hint = N_("An administrator of the server upgrades it with db upgrade.")


class ServerSchemaRefused(DatabaseFault):
    message = N_("The login {login} may not create or change the tables of the database {path}, so nothing "
                 "was changed. Run this as the database's owner, or as a login with the role segib_admins "
                 "once server init has set the database up.")


class ServerLoginRefused(DatabaseFault):
    message = N_("The server {host} refused the login {login} to the database {database}. Check the names, and "
                 "that your password is in your PostgreSQL password file (pgpass); the person who looks after "
                 "the server can tell you which login to use.")


class ServerConnectionLost(DatabaseFault):
    message = N_("The connection to the server of the database {path} has been lost, so nothing was saved. "
                 "What you typed is kept: try again in a moment, once the window says the server is back.")


class NeedsUpgrade(DatabaseFault):
    message = N_("The database {path} was saved by an older version of SEGIB Desktop and must be upgraded "
                 "before it can be used, which cannot be done read-only.")


class NotADatabase(DatabaseFault):
    message = N_("The file {path} is not a SEGIB Desktop database. It has not been changed; "
                 "choose another file.")


class DatabaseUnreadable(DatabaseFault):
    message = N_("The database {path} cannot be read: its file does not allow you to open it. Nothing was "
                 "changed; ask whoever looks after this computer, or open another database.")


class DatabaseIsFolder(DatabaseFault):
    message = N_("{path} is a folder, not a database. Nothing was changed; choose the database file itself, "
                 "or another database.")


class DatabaseMissing(DatabaseFault):
    message = N_("The database {path} does not exist. Check its name and folder; nothing was created.")


class DatabaseGone(DatabaseFault):
    """The default database is missing but has backups: deleted or moved since it was last used
    (core/workspace.py). A new, empty one is made only when the user says so."""

    message = N_("There is no database at {path}, although its backups are there: the newest, {backup}, was made "
                 "on {date} at {time}. Nothing has been created.")
    cli_hint = N_("It is restored with: {program} restore {backup}. To start a new, empty database instead, open "
                  "the program's window.")


class DatabaseVanished(DatabaseFault):
    """The file opened was deleted, or another put in its place, while it was open (core/dbfile.py)."""

    message = N_("The database file {path} was removed or replaced by another program while SEGIB Desktop had "
                 "it open, so nothing more can be saved in it.")
    window_hint = N_("Restore its newest backup with File > Restore backup…, or open another database with "
                     "File > Open database.")
    cli_hint = N_("A backup is restored with: {program} restore BACKUP --db {path}")


class DatabaseUnreachable(DatabaseFault):
    """Its folder cannot be found or made: on Windows, a drive letter or a network share not connected."""

    message = N_("The database {path} cannot be reached: its folder is not there (a drive or a network folder "
                 "that is not connected?). Nothing was changed; connect it and try again, or open another "
                 "database.")


class ValidationError(SegibError):
    """Bad input. ``errors`` maps a field name to a msgid, or to (msgid, params)."""

    message = N_("Please correct the highlighted fields.")

    def __init__(self, errors: dict[str, str | tuple[str, dict]]):
        self.errors = errors
        super().__init__()

    def field_messages(self, translator: Translator | None = None) -> dict[str, str]:
        t = translator or active()
        out = {}
        for field, msg in self.errors.items():
            msgid, params = msg if isinstance(msg, tuple) else (msg, {})
            out[field] = t.gettext(msgid).format(**params)
        return out


class NotFound(SegibError):
    message = N_("The record no longer exists; another window may have deleted it.")


class EditConflict(SegibError):
    message = N_("Someone else saved this record after you opened it. Reload it to see their "
                 "changes, or overwrite them with yours.")


class ChangedMeanwhile(SegibError):
    """A change that crossed another officer's on a server (a record linked to one being deleted, say)."""

    message = N_("At the same moment, another officer changed a record related to this one, so nothing was "
                 "changed. Please try again.")


class DeleteRefused(SegibError):
    """Deleting would take other records with it; ``dependents`` says which."""

    message = N_("This record cannot be deleted while other records depend on it: {dependents}.")
