"""Example data: realistic, clearly marked records for trying, testing and benchmarking.

Each module of this package adds its own records: it defines ``ORDER`` (modules
run in that order, so that mandates find the documents made before them) and
``fill(ctx: DemoContext)``. ``scale="large"`` makes the benchmark's database (about 20,000
mandates), ``scale="huge"`` ten times that (``SCALES`` holds each one's volume); the bulk fillers read
their counts from ``ctx.volume`` and must use bulk inserts.

``fill`` is all or nothing: every filler writes in the one transaction that ``fill`` holds (the
``ctx.db.session()`` a filler opens is that transaction), so a kill, a full disk or an error leaves
the database as it was. Run on a database that already holds the example data (marked by the
``demo_scale`` setting, or by a mandate tagged ``[EJEMPLO]``, as an exchange file brings them), it
refuses and changes nothing: replacing would delete records that users may have edited or linked to.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from segib_desktop import errors
from segib_desktop.core import db as dbmod
from segib_desktop.core.db import Database
from segib_desktop.i18n import N_

MARK = "[EJEMPLO]"  # every example record's title or notes carries it
ALREADY = N_("The database {path} already holds the example data; nothing was added.")


@dataclass(frozen=True)
class Volume:
    """What a bulk scale adds up to: mandates, their progress entries, coordination activities, milestones."""

    mandates: int
    progress: int
    activities: int
    milestones: int


# The benchmark's two databases (docs/performance.md); "small" adds no bulk records.
SCALES: dict[str, Volume | None] = {
    "small": None,
    "large": Volume(mandates=20_000, progress=60_000, activities=10_000, milestones=5_000),
    "huge": Volume(mandates=200_000, progress=600_000, activities=100_000, milestones=50_000),
}


@dataclass
class DemoContext:
    db: Database
    scale: str = "small"  # a key of SCALES
    today: dt.date = field(default_factory=dt.date.today)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    volume: Volume | None = None  # the scale's, unless given (a test's small bulk volume)

    def __post_init__(self) -> None:
        if self.volume is None:
            self.volume = SCALES[self.scale]

    @property
    def large(self) -> bool:
        """A bulk scale (large, huge, or a given volume): the fillers add ``volume``'s records in bulk."""
        return self.volume is not None


def fillers() -> list:
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return sorted((m for m in modules if hasattr(m, "fill")), key=lambda m: m.ORDER)


class _OneTransaction:
    """The database as the fillers see it: each ``session()`` they open is ``fill``'s one transaction."""

    def __init__(self, db: Database, session: Session):
        self._db, self._session = db, session

    def __getattr__(self, name: str):
        return getattr(self._db, name)

    @contextmanager
    def session(self, **_options) -> Iterator[Session]:
        yield self._session
        self._session.flush()


def has_example_data(session: Session) -> bool:
    from segib_desktop.core.models import Mandate, Setting

    return (session.get(Setting, "demo_scale") is not None
            or session.scalar(select(Mandate.id).where(Mandate.tags.contains(MARK)).limit(1)) is not None)


def fill(db: Database, scale: str = "small", today: dt.date | None = None,
         volume: Volume | None = None) -> dict[str, int]:
    """Adds the example data of every module, once, in one transaction; returns what each module added.

    ``volume`` replaces the scale's counts (the tests run the bulk path at a few hundred records)."""
    from segib_desktop.core.models import Setting

    with db.session(write=True) as s:
        if has_example_data(s):
            raise errors.SegibError(ALREADY, path=db.name)  # a file, or a server's address
        ctx = DemoContext(_OneTransaction(db, s), scale, today or dt.date.today(), volume=volume)
        added = {}
        for module in fillers():
            added[module.__name__.rsplit(".", 1)[-1]] = module.fill(ctx)
            dbmod.sync_ids(s.connection())  # the modules give ids in their bulk inserts
        s.add(Setting(key="demo_scale", value=scale))
    return added
