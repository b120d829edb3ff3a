"""``backup [--to DIR]`` and ``restore FILE``."""

from __future__ import annotations

from pathlib import Path

from segib_desktop.core import backups, migrate
from segib_desktop.core.db import is_server
from segib_desktop.i18n import _


def register(sub, common) -> None:
    parser = sub.add_parser("backup", parents=[common], help=_("back up the database now"))
    parser.add_argument("--to", type=Path, metavar="DIR",
                        help=_("folder for the backup (default: the backup folder of the database)"))
    parser.set_defaults(func=run_backup)
    parser = sub.add_parser("restore", parents=[common],
                            help=_("replace the database with a backup (the current one is kept as a backup)"))
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the backup file to restore"))
    parser.set_defaults(func=run_restore)


def run_backup(args, dirs) -> int:
    if is_server(args.db):  # PostgreSQL's own pg_dump, custom format (core/server.py)
        from segib_desktop.core import server

        target = server.dump(args.db, args.to or dirs.backups)
        print(_("Backup saved as {path}.").format(path=target))
        return 0
    path = args.db or dirs.default_db
    if not path.is_file():
        raise backups.NoDatabase(path=str(path))
    migrate.inspect_file(path)  # a file that is not a database is refused here, untouched
    target = backups.backup(path, dirs.backups, "manual", to=args.to)
    print(_("Backup saved as {path}.").format(path=target))
    return 0


def run_restore(args, dirs) -> int:
    if is_server(args.db):  # into an empty server database, with pg_restore (core/server.py)
        from segib_desktop.core import server

        server.restore(args.db, args.file)
        print(_("The database {path} has been restored from {backup}.").format(path=args.db, backup=args.file))
        return 0
    path = args.db or dirs.default_db
    folder = backups.usable_policy(path, dirs.backups).folder
    kept = backups.restore_backup(args.file, path, folder)
    print(_("The database {path} has been restored from {backup}.").format(path=path, backup=args.file))
    if kept is not None:
        print(_("The database it replaced was kept as {path}.").format(path=kept))
    return 0
