"""``server init``: a PostgreSQL server's database made ready for an office (core/server.py, docs/server.md)."""

from __future__ import annotations

import sys

from segib_desktop.core.db import is_server
from segib_desktop.i18n import _


def register(sub, common) -> None:
    parser = sub.add_parser("server", parents=[common],
                            help=_("prepare a PostgreSQL server's database for an office (--db postgresql://...)"))
    parser.add_argument("action", choices=("init",), metavar=_("ACTION"),
                        help=_("init: create the database's tables and the officers' roles on the server"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    from segib_desktop.core import server

    if not is_server(args.db):
        print(_("Say which server database to prepare: --db postgresql://user@host:port/name"), file=sys.stderr)
        return 2
    server.init(args.db)
    print(_("The database {path} is ready: give each officer's login one of the roles {roles}.").format(
        path=args.db, roles=", ".join(server.ROLES)))
    return 0
