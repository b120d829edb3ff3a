"""``import-xlsx FILE --summit N --document KIND``: mandates from a spreadsheet, all of them or none."""

from __future__ import annotations

import sys
from pathlib import Path

from segib_desktop.cli import open_workspace, summit_number
from segib_desktop.core.enums import DocumentKind
from segib_desktop.errors import printable
from segib_desktop.i18n import _

# What the command needs is imported when it runs: `segib-desktop` alone (the window) builds this parser
# too, and must not import SQLAlchemy before its first screen.


def document_kind(text: str) -> str:
    """An argparse type: a document kind as stored (commitment), as named in any of the languages
    (Compromiso, compromisso) or as the mandates' codes write it (COM, as in XXX-COM-1), else a usage error."""
    import argparse

    from segib_desktop.core.read.mandates import DOCUMENT_ABBREVIATIONS
    from segib_desktop.core.xlsx_import import enum_choices
    from segib_desktop.i18n import fold

    known = enum_choices(DocumentKind) | {fold(code): kind for kind, code in DOCUMENT_ABBREVIATIONS.items()}
    kind = known.get(fold(text).strip())
    if kind is None:
        raise argparse.ArgumentTypeError(_("“{text}” is not a kind of document; write one of: {kinds}").format(
            text=text, kinds=_kinds()))
    return kind.value


def _kinds() -> str:
    """ "DEC (Declaración), PA (Programa de Acción)…": the codes, and the names in the language in use."""
    from segib_desktop.core.read.mandates import DOCUMENT_ABBREVIATIONS

    return ", ".join(f"{code} ({_(kind.label)})" for kind, code in DOCUMENT_ABBREVIATIONS.items())


def register(sub, common) -> None:
    parser = sub.add_parser(
        "import-xlsx", parents=[common],
        help=_("read mandates from an Excel spreadsheet (.xlsx) into a summit's document (all of them, or none)"),
        description=_("The columns are matched to the fields by their headers (in Spanish, Portuguese or "
                      "English), or as last chosen in the program for the same headers, and each column's field "
                      "is listed. Two columns that could fill the same field stop the import, as does a row "
                      "with a problem, which is listed with its row and column: then nothing is imported."))
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the spreadsheet to read (.xlsx)"))
    parser.add_argument("--summit", type=summit_number, required=True, metavar="N",
                        help=_("the number of the summit that adopted the document, for example 30 or XXX"))
    parser.add_argument("--document", type=document_kind, required=True, metavar="KIND",
                        help=_("the document's kind, by its code in the mandates' codes or by its name: "
                               "{kinds}").format(kinds=_kinds()))
    parser.add_argument("--number", metavar="TEXT",
                        help=_("the document's number, when the summit adopted several of that kind"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    from segib_desktop.core import backups, xlsx_import

    if not args.file.is_file():
        # Said before the database is opened, so that a mistyped name creates nothing.
        print(printable(_("The file {path} does not exist or cannot be read.").format(path=args.file)),
              file=sys.stderr)
        return 1
    sheet = xlsx_import.read(args.file)
    ws = open_workspace(args.db, dirs)
    try:
        document_id, label = xlsx_import.summit_document(ws.db, args.summit, args.document, args.number)
        mapping = xlsx_import.mapping_for(ws.db, sheet)
        if sheet.sheets > 1:
            print(printable(_(xlsx_import.SHEET_READ).format(sheet=sheet.name)))
        for line in xlsx_import.mapping_lines(sheet, mapping):  # no column left out without a word
            print(printable(line))
        problem = xlsx_import.mapping_problem(sheet, mapping)
        if problem and problem[0] == xlsx_import.TWICE:  # which column is meant: the officer says, not us
            print(printable(_(xlsx_import.HEADERS_TWICE).format(path=args.file, **problem[1])), file=sys.stderr)
            return 1
        if problem:
            print(printable(_(xlsx_import.NO_TITLE_HEADER).format(path=args.file)), file=sys.stderr)
            return 1
        try:
            ids, backup = xlsx_import.import_rows(ws.db, sheet, mapping, document_id,
                                                  backups_dir=backups.import_folder(ws.db, dirs.backups))
        except xlsx_import.SheetProblems as exc:
            print(printable(exc.user_message()), file=sys.stderr)
            return 1
    finally:
        ws.close()
    print(xlsx_import.imported_message(len(ids), args.file) + (f" ({label})" if label else ""))
    print(_("A backup made before the import is at {path}.").format(path=backup))
    return 0
