"""The command line (DESIGN §5). Without a subcommand it opens the program.

Each subcommand lives in its own module with a ``register(subparsers, common)``
that adds its parser (with ``parents=[common]``, so that ``--db`` and ``--lang``
go before or after it) and sets ``func(args, dirs) -> int``. A user's mistake is one translated sentence on
stderr and exit status 1 (2 for bad usage); never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from segib_desktop import __version__, errors, i18n, logsetup, paths, running
from segib_desktop.i18n import _

log = logging.getLogger(__name__)

# Subcommand modules, in the order --help lists them.
COMMANDS = ("dbcmd", "democmd", "briefingcmd", "selftestcmd", "searchcmd", "exchangecmd", "backupcmd",
            "overlapscmd", "calendarcmd", "xlsxcmd", "servercmd")


def bounded_int(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``, else a usage error that says so."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(_("write a whole number from {low} to {high}, not {text}").format(
                low=low, high=high, text=text))
        return value
    return parse


MAX_LIMIT = 100_000  # more results than any database holds records to match: --limit's top
MAX_SUMMIT = 999


def summit_number(text: str) -> int:
    """An argparse type: a summit's number as the window takes it, in figures (30) or Roman numerals (XXX),
    else a usage error that says so."""
    number = int(text) if text.strip().isdigit() else i18n.from_roman(text)
    if number is None or not 1 <= number <= MAX_SUMMIT:
        raise argparse.ArgumentTypeError(_(
            "write a summit's number in figures or in Roman numerals, for example 30 or XXX, not {text}").format(
                text=text))
    return number


def database_target(text: str) -> Path | str:
    """An argparse type: ``--db``'s file path or server address (core.db.target_arg), else a usage error."""
    from segib_desktop.core import db as dbmod

    if not text.strip():  # "--db ''" (an unset variable in a script) was the current folder: "." is a folder
        raise argparse.ArgumentTypeError(_("write a database file's name or a server's address"))
    try:
        return dbmod.target_arg(text)
    except ValueError as exc:
        if str(exc) == "password":
            raise argparse.ArgumentTypeError(_(
                "a password does not go in the server's address: put it in your PostgreSQL password file "
                "(pgpass)")) from None
        raise argparse.ArgumentTypeError(_(
            "a server's address is written postgresql://user@host:port/name, not {text}").format(text=text)) from None


class _Parser(argparse.ArgumentParser):
    # True for a command whose words are free text (search): a word such as "-Salamanca" that is not one of
    # its options is a word to find, not a mistyped option ("--" still ends the options, as everywhere).
    dash_words = False

    def _parse_optional(self, arg_string):
        if (self.dash_words and arg_string.startswith("-") and not arg_string.startswith("--")
                and arg_string not in self._option_string_actions):
            return None  # a positional word
        return super()._parse_optional(arg_string)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(errors.printable(_("Invalid command line: {detail}").format(detail=message)), file=sys.stderr)
        sys.exit(2)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without ``commands``, only what opening the window takes."""
    import importlib

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=database_target, default=argparse.SUPPRESS,
                        help=_("database file (default: the one in your data folder), or a PostgreSQL server's "
                               "database: postgresql://user@host:port/name"))
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=_("interface language"))
    parser = _Parser(prog="segib-desktop", parents=[common],
                     description=_("SEGIB Desktop: summits, mandates, coordination and IberBLH follow-up."))
    parser.add_argument("--version", action="version", version=f"SEGIB Desktop {__version__}")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar=_("COMMAND"))
    for name in COMMANDS:
        importlib.import_module(f"segib_desktop.cli.{name}").register(sub, common)
    return parser


def _opens_the_window(argv: list[str]) -> bool:
    """Only --db and --lang (or nothing): the window. Its start skips the subcommands' parsers
    (seven modules, a twelfth of its time); anything else gets the whole command line."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--lang"):
            if next(words, None) is None:
                return False  # a missing value: the whole parser says so
        elif not word.startswith(("--db=", "--lang=")):
            return False
    return True


def _cli_language(argv: list[str], dirs: paths.UserDirs | None) -> str:
    """The language of messages, known before the parser (whose help is translated) is built: --lang, else
    the one chosen in the window (``dirs``' settings; the window reads them itself), else Spanish."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in i18n.LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in i18n.LANGUAGES:
            return arg[7:]
    saved = dirs.saved_language() if dirs is not None else None
    return saved if saved in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _translate_argparse() -> None:
    """argparse's own sentences ("the following arguments are required") in the user's language.

    argparse looks its strings up through module-level gettext functions at run time; they are
    pointed at our catalogue (resources/i18n/<lang>/argparse.po).
    """
    argparse._ = lambda message: i18n.active().gettext(message)
    argparse.ngettext = lambda one, many, n: i18n.active().gettext(one if n == 1 else many)


def _never_fail_to_print() -> None:
    """Output to a file or pipe on Windows is in the ANSI code page (cp1252 in Spain and Portugal): accents
    read right there, and a character it lacks (a Greek letter in a title, "≥") becomes "?" instead of
    stopping the command with an error. A console gets Unicode from Python itself; UTF-8 needs nothing."""
    for stream in (sys.stdout, sys.stderr):  # None in the windowed program
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if stream is not None and hasattr(stream, "reconfigure") and encoding != "utf8":
            stream.reconfigure(errors="replace")


class _OutputLost(Exception):
    """Standard output could not be written (a full or disconnected disk it was redirected to)."""


class _Output:
    """``sys.stdout`` while a command runs: a failed write is told apart from a failure of the files the
    command itself works on (said in their own words), so that it is said as what it is, not as a bug."""

    def __init__(self, stream):
        self._stream = stream

    def _guard(self, do, *args):
        try:
            return do(*args)
        except BrokenPipeError:
            raise  # the reader has gone (| head): nothing is wrong
        except OSError as exc:
            raise _OutputLost(exc) from exc

    def write(self, text):
        return self._guard(self._stream.write, text)

    def flush(self):
        return self._guard(self._stream.flush)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _silence_stdout() -> None:
    """What is left to write goes nowhere: Python's flush at exit would otherwise fail again and say so."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def open_workspace(path, dirs, **options):
    """``core.workspace.open_workspace`` for a command: a problem of the daily backup (its chosen folder away,
    a full disk) is said on stderr and the command goes on, as the window says it on a banner."""
    from segib_desktop.core import workspace

    opened = workspace.open_workspace(path, dirs, **options)
    if opened.backup_problem is not None:
        print(errors.printable(_("Warning: {problem}").format(problem=opened.backup_problem.message_in("cli"))),
              file=sys.stderr)
    return opened


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # First: an installer or uninstaller started from now on waits for this program to end (Windows only).
    running.hold()
    _never_fail_to_print()
    dirs = paths.user_dirs()
    window = _opens_the_window(argv)
    i18n.set_language(_cli_language(argv, None if window else dirs))
    _translate_argparse()
    parser = build_parser(commands=not window)
    args = parser.parse_args(argv)
    # Set here, not with set_defaults: parsers share the --db and --lang actions.
    args.db, args.lang = getattr(args, "db", None), getattr(args, "lang", None)
    try:
        dirs.create()
        logsetup.setup(dirs.logs)
    except OSError:
        pass  # logging is a help, not a condition to run
    if args.command is None:
        from segib_desktop.gui.app import run

        return run(args.db, args.lang, dirs)
    stdout = sys.stdout  # None in the windowed program
    sys.stdout = _Output(stdout) if stdout is not None else None
    try:
        status = args.func(args, dirs)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk is said now, not by Python at exit
        return status
    except _OutputLost as exc:
        log.warning("command %s: the output could not be written: %s", args.command, exc.args[0])
        _silence_stdout()
        reason = errors.os_reason(exc.args[0])
        print(_("The output could not be written: {reason}.").format(reason=reason), file=sys.stderr)
        return 1
    except errors.SegibError as exc:
        log.warning("command %s: %s", args.command, exc)
        print(errors.printable(exc.message_in("cli")), file=sys.stderr)  # a file's text may hold a NUL
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # "segib-desktop db info | head": the reader has gone; nothing is wrong.
        _silence_stdout()
        return 0
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        print(_("Unexpected error: the details are in the log file {path}.").format(
            path=dirs.logs / logsetup.LOG_FILE), file=sys.stderr)
        return 1
    finally:
        sys.stdout = stdout
