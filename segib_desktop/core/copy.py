"""``db copy --from A --to B``: a whole database copied between engines (a SQLite file and a PostgreSQL
server's database, either way, or file to file), losslessly: every row of every table with its id, version
and uid, the audit trail included, so that the exchange export of both is the same bytes (issue 21).

The target is new: a file that does not exist yet, or a server database without tables (``createdb``). It
is migrated first (the same migrations), its reference rows are replaced by the source's, and it keeps its
own identity (``database_id``: its backups are its own). Everything is written in one transaction: a copy
that fails leaves the target empty. The source is read in one transaction, so a copy is consistent even
while others write to it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from segib_desktop import errors
from segib_desktop.core import db as dbmod
from segib_desktop.core import migrate
from segib_desktop.core.workspace import open_for_reading, open_workspace
from segib_desktop.i18n import N_
from segib_desktop.paths import UserDirs

log = logging.getLogger(__name__)

CHUNK = 5000  # rows per insert statement: the memory of one chunk, not of a whole table
IDENTITY = "database_id"


class TargetNotEmpty(errors.SegibError):
    message = N_("{path} already holds a database. A copy goes into a new file or an empty server database, "
                 "so that nothing is overwritten.")


class TargetExists(TargetNotEmpty):
    """A file is there: a database or any other (a text file was said to "hold a database")."""

    message = N_("The file {path} already exists. A copy goes into a new file or an empty server database, "
                 "so that nothing is overwritten.")


def target_is_new(target: Path | str) -> bool:
    if dbmod.is_server(target):
        engine = dbmod.make_server_engine(target)
        try:
            with dbmod.connect_server(engine, url=target) as conn:  # a missing database is said so
                return not migrate.inspect_server(conn)[1]
        finally:
            engine.dispose()
    path = Path(target)
    return not path.exists() or (path.is_file() and path.stat().st_size == 0)


def copy_database(source: Path | str, target: Path | str, dirs: UserDirs) -> dict[str, int]:
    """Copies the database at ``source`` into the new one at ``target``; the rows copied per table."""
    from sqlalchemy import delete, insert, select, update

    from segib_desktop.core.models import Base, Setting

    if not target_is_new(target):
        raise TargetNotEmpty(path=str(target)) if dbmod.is_server(target) else TargetExists(path=str(target))
    counts: dict[str, int] = {}
    with open_for_reading(source, dirs) as src, open_workspace(target, dirs, user="") as dst:
        tables = Base.metadata.sorted_tables  # parents before children
        with dst.db.session(write=True) as out, src.db.engine.connect() as conn, conn.begin():
            identity = out.scalar(select(Setting.value).where(Setting.key == IDENTITY))
            for table in reversed(tables):
                out.execute(delete(table))  # the reference rows its migrations made
            for table in tables:
                order = [c for c in table.primary_key.columns]
                result = conn.execute(select(table).order_by(*order)).mappings()
                counts[table.name] = 0
                while rows := [dict(row) for row in result.fetchmany(CHUNK)]:
                    out.execute(insert(table), rows)
                    counts[table.name] += len(rows)
            if identity is not None:
                out.execute(update(Setting).where(Setting.key == IDENTITY).values(value=identity))
            dbmod.sync_ids(out.connection())
    log.info("copied %s to %s: %d rows", source, target, sum(counts.values()))
    return counts
