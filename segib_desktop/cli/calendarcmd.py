"""``calendar --out FILE.ics``: the summits and meetings (and, with --deadlines, the open deadlines) for a
calendar program."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from segib_desktop.core.dates import parse_date, why_not_a_date
from segib_desktop.core.workspace import open_for_reading
from segib_desktop.i18n import _, active

# What the command needs is imported when it runs: `segib-desktop` alone (the window) builds this parser
# too, and must not import SQLAlchemy before its first screen.


def day(text: str):
    """An argparse type: a date, else a usage error in one sentence."""
    value = parse_date(text)
    if value is None:
        message, params = why_not_a_date(text, active())
        raise argparse.ArgumentTypeError(_(message).format(**params))
    return value


def register(sub, common) -> None:
    parser = sub.add_parser("calendar", parents=[common],
                            help=_("write the summits and meetings to a calendar file (.ics) for Outlook "
                                   "or Thunderbird"),
                            description=_("Importing a newer file into the calendar program updates the "
                                          "events it already has instead of adding them twice."))
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.ics", help=_("the calendar file to write"))
    parser.add_argument("--from", dest="first", type=day, metavar="DATE",
                        help=_("leave out what ends before this day (day/month/year)"))
    parser.add_argument("--to", dest="last", type=day, metavar="DATE",
                        help=_("leave out what starts after this day (day/month/year)"))
    parser.add_argument("--deadlines", action="store_true",
                        help=_("add the due dates of open mandates (not the ongoing ones) and the deadlines of open "
                               "action items"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    from segib_desktop.core import ical

    if args.out.suffix.lower() != ".ics":  # Outlook and Thunderbird take a calendar by its extension
        print(_("The calendar file must end in .ics, for example cumbres.ics."), file=sys.stderr)
        return 2
    if problem := ical.range_problem(args.first, args.last):
        print(problem, file=sys.stderr)
        return 2
    options = ical.Options(first=args.first, last=args.last, deadlines=args.deadlines, lang=args.lang or "es")
    ws = open_for_reading(args.db, dirs)  # it only reads: usable beside the window
    try:
        count = ical.export(ws.db, args.out, options)
    finally:
        ws.close()
    print(ical.exported_message(count, args.out))
    return 0
