"""``overlaps``: the likely duplicate mandates across summits, one pair a line (issue 23)."""

from __future__ import annotations

import sys

from segib_desktop.cli import MAX_LIMIT, bounded_int
from segib_desktop.core.workspace import open_for_reading
from segib_desktop.i18n import _

# What the command needs is imported when it runs (see searchcmd).


def _score(text: str) -> float:
    import argparse

    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(_("a number from 0 to 1, such as 0.5")) from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(_("a number from 0 to 1, such as 0.5"))
    return value


def register(sub, common) -> None:
    parser = sub.add_parser("overlaps", parents=[common],
                            help=_("list pairs of mandates of different summits that say much the same, "
                                   "strongest first"))
    parser.add_argument("--min-score", type=_score, default=0.5, metavar="X",
                        help=_("how alike two mandates must be, from 0 to 1 (default 0.5)"))
    parser.add_argument("--limit", type=bounded_int(1, MAX_LIMIT), default=50, metavar="N", help=_("show at most N pairs (default 50)"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    from segib_desktop.core import similarity

    ws = open_for_reading(args.db, dirs)  # it only reads: usable beside the window
    try:
        pairs = similarity.overlapping_pairs(ws.db, min_score=args.min_score, limit=args.limit)
    finally:
        ws.close()
    for pair in pairs:
        print(f"{pair.score:.2f}\t{pair.first.code}\t{pair.second.code}\t{pair.first.title}\t{pair.second.title}")
    if not pairs:
        print(_("No pairs of mandates of different summits are that alike, or all of them have been "
                "decided on."), file=sys.stderr)
    return 0
