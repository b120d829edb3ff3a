"""``export FILE.json`` and ``import FILE.json``: the exchange file (docs/exchange-format.md)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from segib_desktop.cli import open_workspace
from segib_desktop.core import backups
from segib_desktop.core.db import is_server
from segib_desktop.core.workspace import open_for_reading
from segib_desktop.i18n import _

# What the command needs is imported when it runs: `segib-desktop` alone (the window) builds this parser
# too, and must not import SQLAlchemy before its first screen.


def register(sub, common) -> None:
    parser = sub.add_parser("export", parents=[common], help=_("write the whole database to an exchange file"))
    parser.add_argument("file", type=Path, metavar="FILE.json",
                        help=_("the file to write (a folder: a file named with the date and time in it)"))
    parser.set_defaults(func=run_export)
    parser = sub.add_parser("import", parents=[common],
                            help=_("read an exchange file into the database (all of it, or nothing)"))
    parser.add_argument("file", type=Path, metavar="FILE.json", help=_("the exchange file to read"))
    parser.set_defaults(func=run_import)


def run_export(args, dirs) -> int:
    from segib_desktop.core import exchange

    target = args.file / exchange.suggested_name() if args.file.is_dir() else args.file
    if target.suffix.lower() != ".json":  # as a briefing's .pdf or .docx: the file says what it is
        print(_("The exchange file must end in .json, for example datos.json."), file=sys.stderr)
        return 2
    ws = open_for_reading(args.db, dirs)
    try:
        if not ws.server:  # a server checks its own pages
            backups.check_database(ws.path, dirs.backups)  # a damaged database is said so, not half exported
        counts = exchange.export_file(ws.db, target)
    finally:
        ws.close()
    print(exchange.exported_message(sum(counts.values()), target))
    return 0


def run_import(args, dirs) -> int:
    from segib_desktop.core import exchange

    if not args.file.is_file() or not os.access(args.file, os.R_OK):
        # Said before the database is opened, so that a mistyped name creates nothing.
        raise exchange.FileUnreadable(path=str(args.file))
    target = None if is_server(args.db) else Path(args.db or dirs.default_db)
    made = _not_there(target) if target is not None else []
    ws = open_workspace(args.db, dirs, check=True)  # creates a new database: export, then import into it
    try:
        result = exchange.import_file(ws.db, args.file, backups_dir=backups.import_folder(ws.db, dirs.backups))
    except BaseException:
        ws.close()
        # A refused file changes nothing: a database this command made for it goes too (with its lock file),
        # as a refused import into an existing one leaves it as it was.
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        raise
    ws.close()
    print(result.summary(args.file))
    print(_("A backup made before the import is at {path}.").format(path=result.backup))
    return 0


def _not_there(path: Path) -> list[Path]:
    """The files of a database at ``path`` (it, its log, its lock file) that opening it would make: all
    of them if there is no database there yet, else none."""
    if path.exists():
        return []
    made = [path, *(Path(f"{path}{tail}") for tail in ("-wal", "-shm", "-journal"))]
    lock = Path(f"{path}.lock")
    return [*made, *([] if lock.exists() else [lock])]
