"""``demo``: fill a database with example data."""

from __future__ import annotations

from segib_desktop.cli import open_workspace
from segib_desktop.core import demo
from segib_desktop.i18n import N_, _

# What each demo filler adds (the keys of demo.fill's result), as the report names it.
ADDED = {"cycle": N_("meetings and documents"), "mandates": N_("mandates and progress entries"),
         "coordination": N_("coordination records"), "programmes": N_("IberBLH records"),
         "overlaps": N_("renewed and overlapping mandates")}


def register(sub, common) -> None:
    parser = sub.add_parser("demo", parents=[common], help=_("fill a database with realistic example data"))
    parser.add_argument("--scale", choices=tuple(demo.SCALES), default="small",
                        help=_("small: a few hundred records; large: the benchmark's database; "
                               "huge: ten times the large one"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    ws = open_workspace(args.db, dirs, check=True)  # creates the database: what an example is for
    try:
        added = demo.fill(ws.db, args.scale)
    finally:
        ws.close()
    print(_("Example data added to {path}.").format(path=ws.db.name))
    for module, count in added.items():
        print(f"  {_(ADDED.get(module, module))}: {count}")
    return 0
