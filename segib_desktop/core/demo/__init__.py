"""Example data: realistic, clearly marked records for trying, testing and benchmarking.

Each module of this package adds its own records: it defines ``ORDER`` (modules
run in that order, so that mandates find the documents made before them) and
``fill(ctx: DemoContext)``. ``scale="large"`` makes the benchmark's database
(about 20,000 mandates); large fillers must use bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import random
from dataclasses import dataclass, field

from segib_desktop import errors
from segib_desktop.core.db import Database
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.i18n import N_

MARK = "[EJEMPLO]"  # every example record's title or notes carries it
ALREADY = N_("The database {path} already holds the example data.")


@dataclass
class DemoContext:
    db: Database
    scale: str = "small"  # small | large
    today: dt.date = field(default_factory=dt.date.today)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))

    @property
    def large(self) -> bool:
        return self.scale == "large"


def fillers() -> list:
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return sorted((m for m in modules if hasattr(m, "fill")), key=lambda m: m.ORDER)


def fill(db: Database, scale: str = "small", today: dt.date | None = None) -> dict[str, int]:
    """Adds the example data of every module, once; returns what each module added."""
    settings = SettingsService(db)
    if settings.get("demo_scale"):
        raise errors.SegibError(ALREADY, path=str(db.path))
    ctx = DemoContext(db, scale, today or dt.date.today())
    added = {}
    for module in fillers():
        added[module.__name__.rsplit(".", 1)[-1]] = module.fill(ctx)
    settings.set("demo_scale", scale)
    return added
