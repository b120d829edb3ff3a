"""``search QUERY``: find records across every module, one result a line."""

from __future__ import annotations

import sys

from segib_desktop.cli import MAX_LIMIT, bounded_int, open_workspace
from segib_desktop.core.workspace import open_for_reading
from segib_desktop.errors import printable
from segib_desktop.i18n import N_, _, active, plural

# What the command needs is imported when it runs: `segib-desktop` alone (the window) builds this parser
# too, and must not import SQLAlchemy before its first screen.


def register(sub, common) -> None:
    parser = sub.add_parser("search", parents=[common],
                            help=_("find summits, meetings, documents, mandates, bodies, contacts, activities "
                                   "and milestones"))
    parser.add_argument("query", nargs="*", metavar="QUERY",
                        help=_("words to find, with or without accents; the last one may be the start of a word"))
    parser.dash_words = True  # "search -Salamanca" finds "-Salamanca"
    parser.add_argument("--limit", type=bounded_int(1, MAX_LIMIT), default=50, metavar="N",
                        help=_("show at most N results (default 50)"))
    parser.add_argument("--rebuild", action="store_true", help=_("rebuild the search index first"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    from segib_desktop.core import search

    query = " ".join(args.query)
    if not query.strip() and not args.rebuild:
        print(_("Say what to search for, for example: segib-desktop search Cádiz"), file=sys.stderr)
        return 2
    ws = open_workspace(args.db, dirs, create=False) if args.rebuild else open_for_reading(args.db, dirs)
    try:
        if args.rebuild:
            count = search.rebuild(ws.db)
            print(plural(count, N_("The search index was rebuilt: 1 entry."),
                         N_("The search index was rebuilt: {n} entries.")))
        if not query.strip():
            return 0
        hits = search.search(ws.db, query, limit=args.limit, lang=active().lang)
    finally:
        ws.close()
    for hit in hits:
        print("\t".join(printable(text.replace("\t", " ")) for text in (hit.kind_label, hit.name, hit.plain_snippet)))
    if not hits:
        print(printable(_("Nothing matches “{query}”.").format(query=query)), file=sys.stderr)
    return 0

