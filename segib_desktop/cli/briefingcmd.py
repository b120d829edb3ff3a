"""``briefing``: write a briefing (PDF or Word, by the file's extension) on a summit, a country or a body."""

from __future__ import annotations

import sys
from pathlib import Path

from segib_desktop.cli import summit_number
from segib_desktop.core.workspace import open_for_reading
from segib_desktop.i18n import _

# What the command needs is imported when it runs: `segib-desktop` alone (the window) builds this parser
# too, and must not import SQLAlchemy before its first screen.


def register(sub, common) -> None:
    parser = sub.add_parser("briefing", parents=[common],
                            help=_("write a briefing (PDF or Word) on a summit, a country or a body"),
                            description=_("The briefing's language is the one given with --lang (es or pt; "
                                          "Spanish by default)."))
    subject = parser.add_mutually_exclusive_group(required=True)
    subject.add_argument("--summit", type=summit_number, metavar="N",
                         help=_("the summit's number, for example 30 or XXX"))
    subject.add_argument("--country", metavar="ISO2", help=_("the country's two-letter ISO code, for example AR"))
    subject.add_argument("--body", metavar="ACRONYM", help=_("the body's acronym, for example OEI"))
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.docx",
                        help=_("the file to write: a PDF (.pdf) or a Word document (.docx)"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    from segib_desktop.core import briefings

    lang = args.lang or "es"
    if lang not in briefings.LANGUAGES:
        print(_("Briefings are written in Spanish or Portuguese: use --lang es or --lang pt."), file=sys.stderr)
        return 2
    if briefings.format_of(args.out) is None:
        print(_("The briefing's file must end in .pdf (PDF) or .docx (Word), for example nota.docx."),
              file=sys.stderr)
        return 2
    if args.summit is not None:
        kind, subject = "summit", str(args.summit)
    elif args.country is not None:
        kind, subject = "country", args.country
    else:
        kind, subject = "body", args.body
    ws = open_for_reading(args.db, dirs, records=True)  # works while the window has it open
    try:
        path = briefings.generate(ws.db, kind, subject, lang, args.out, user=ws.db.user)
    finally:
        ws.close()
    print(_("Briefing written to {path}.").format(path=path))
    return 0
