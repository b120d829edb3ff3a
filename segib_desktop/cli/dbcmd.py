"""``db info``, ``db upgrade`` and ``db copy``."""

from __future__ import annotations

from segib_desktop.cli import database_target, open_workspace
from segib_desktop.core import migrate
from segib_desktop.core.db import is_server
from segib_desktop.core.workspace import open_for_reading
from segib_desktop.i18n import _

# What the command needs is imported when it runs: `segib-desktop` alone (the window) builds this parser
# too, and must not import SQLAlchemy before its first screen.


def register(sub, common) -> None:
    parser = sub.add_parser("db", parents=[common], help=_("show, upgrade or copy the database"))
    parser.add_argument("action", choices=("info", "upgrade", "copy"), metavar=_("ACTION"),
                        help=_("info: the database's schema revision and its rows; upgrade: create the database, "
                               "or bring it to this version's schema; copy: copy a whole database (--from, --to)"))
    parser.add_argument("--from", dest="source", type=database_target, metavar="A",
                        help=_("copy: the database to copy (a file, or postgresql://user@host:port/name)"))
    parser.add_argument("--to", dest="target", type=database_target, metavar="B",
                        help=_("copy: where to copy it (a new file, or an empty server database)"))
    parser.set_defaults(func=run)


def run_copy(args, dirs) -> int:
    import sys

    from segib_desktop.core import copy

    if args.source is None or args.target is None:
        print(_("Say what to copy and where: db copy --from A --to B"), file=sys.stderr)
        return 2
    counts = copy.copy_database(args.source, args.target, dirs)
    print(_("{source} was copied to {target}: {n} rows.").format(source=args.source, target=args.target,
                                                                 n=sum(counts.values())))
    return 0


def run(args, dirs) -> int:
    if args.action == "copy":
        return run_copy(args, dirs)
    if args.action == "upgrade" and is_server(args.db):
        changed = migrate.upgrade_server(args.db)
        head, _known = migrate.known_revisions()
        message = (_("The database {path} is now at schema {revision}.") if changed else
                   _("The database {path} is already up to date (schema {revision})."))
        print(message.format(path=args.db, revision=head))
        return 0
    if args.action == "upgrade":
        path = args.db or dirs.default_db
        before, _tables = migrate.inspect_file(path) if path.exists() else (None, False)
        ws = open_workspace(args.db, dirs, check=True)
        ws.close()
        head, _known = migrate.known_revisions()
        if before == head:
            print(_("The database {path} is already up to date (schema {revision}).").format(path=path, revision=head))
        else:
            print(_("The database {path} is now at schema {revision}.").format(path=path, revision=head))
        return 0

    if not is_server(args.db) and _info_of_older_file(args.db or dirs.default_db):
        return 0

    from segib_desktop.core.read.database import table_counts

    with open_for_reading(args.db, dirs) as ws:
        if ws.server:
            with ws.db.engine.connect() as conn:
                revision, _tables = migrate.inspect_server(conn)
        else:
            revision, _tables = migrate.inspect_file(ws.path, immutable=ws.db.immutable)
        print(_("Database: {path}").format(path=ws.db.name))
        print(_("Schema revision: {revision}").format(revision=revision))
        for table, count in table_counts(ws.db).items():
            print(f"  {table}: {count}")
    return 0


def _info_of_older_file(path) -> bool:
    """``db info`` of a database an older version made: its own revision and rows, read as they are. Opening
    it would upgrade it first (and report the new revision): ``db info`` is how one sees a file's revision,
    and the older version could not open the file any more. False for any other file (said as before)."""
    import contextlib
    import sqlite3

    from segib_desktop import errors
    from segib_desktop.core import db as dbmod
    from segib_desktop.core.models import Base

    try:
        if not (path.is_file() and path.stat().st_size > 0):
            return False
        revision, _tables = migrate.inspect_file(path)
    except (errors.SegibError, sqlite3.Error, OSError):  # said as before, by the opening
        return False
    head, known = migrate.known_revisions()
    if revision is None or revision == head or revision not in known:
        return False
    with dbmod.translate_faults(path), contextlib.closing(
            sqlite3.connect(dbmod.uri(path, readonly=True), uri=True, timeout=dbmod.BUSY_TIMEOUT_MS / 1000)) as conn:
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {table.name: conn.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
                  for table in Base.metadata.sorted_tables if table.name in present}
    print(_("Database: {path}").format(path=path))
    print(_("Schema revision: {revision}").format(revision=revision))
    print(_("This database was made by an older version of SEGIB Desktop (this one is at schema {head}) and has "
            "not been changed; db upgrade upgrades it, as opening it in the program does.").format(head=head))
    for table, count in counts.items():
        print(f"  {table}: {count}")
    return True
