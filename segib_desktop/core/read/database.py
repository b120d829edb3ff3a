"""What a database holds, table by table (``db info``, the self-test)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from segib_desktop.core.db import Database
from segib_desktop.core.models import Base


def table_counts(db: Database, tables: Iterable[str] | None = None) -> dict[str, int]:
    """Rows per table, in one transaction: ``tables`` (names), or every table of the models in order."""
    names = [t.name for t in Base.metadata.sorted_tables] if tables is None else list(tables)
    with db.session() as s:
        return {name: s.scalar(select(func.count()).select_from(Base.metadata.tables[name])) for name in names}
