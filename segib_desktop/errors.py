"""Known errors: faults of the environment or of the user's input.

Each carries an English message (a catalogue msgid) and its parameters and is
translated where it is shown. Anything else that is raised is a bug.
"""

from __future__ import annotations

from segib_desktop.i18n import N_, Translator, active


class SegibError(Exception):
    """An error the user can understand and act on."""

    message = N_("The operation could not be completed.")

    def __init__(self, message: str | None = None, **params):
        self.message = message or self.message
        self.params = params
        super().__init__(self.message.format(**params) if params else self.message)

    def user_message(self, translator: Translator | None = None) -> str:
        text = (translator or active()).gettext(self.message)
        return text.format(**self.params) if self.params else text

    def __reduce__(self):
        # Rebuilt from its attributes, not by calling __init__ again (subclasses take other arguments):
        # a known error raised in a child process reaches the window as itself.
        return _rebuild, (type(self), self.args, self.__dict__)


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
    message = N_("The database {path} is damaged. It has not been changed; restore a backup "
                 "(File > Restore backup) or open another database.")


class OpenedReadOnly(DatabaseReadOnly):
    message = N_("The database {path} is open read-only, so this change cannot be saved. To change it, "
                 "open it normally once it is free and writable (File > Open database).")


class NeedsUpgrade(DatabaseFault):
    message = N_("The database {path} was saved by an older version of SEGIB Desktop and must be upgraded "
                 "before it can be used, which cannot be done read-only.")


class NotADatabase(DatabaseFault):
    message = N_("The file {path} is not a SEGIB Desktop database. It has not been changed; "
                 "choose another file.")


class DatabaseMissing(DatabaseFault):
    message = N_("The database {path} does not exist. Check its name and folder; nothing was created.")


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


class DeleteRefused(SegibError):
    """Deleting would take other records with it; ``dependents`` says which."""

    message = N_("This record cannot be deleted while other records depend on it: {dependents}.")
