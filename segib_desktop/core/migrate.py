"""Opening a database file: check it is ours, back it up, migrate it, seed it.

Migrations run on their own connection with foreign keys off (batch migrations
rebuild tables, which would otherwise cascade-delete child rows), inside one
transaction, with ``PRAGMA foreign_key_check`` before the commit.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

from segib_desktop import errors, paths
from segib_desktop.core import db as dbmod

log = logging.getLogger(__name__)


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


_REVISION = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*['\"]?([\w.-]+|None)", re.MULTILINE)


def known_revisions() -> tuple[str, set[str]]:
    """The head revision and every revision this program knows.

    Read from the migration files' ``revision =`` lines rather than through
    Alembic, whose import costs a tenth of a second at every start; a test
    checks that both agree. Our chain is linear (no branches, no merges).
    """
    revisions, parents = set(), set()
    for script in (paths.migrations_dir() / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION.finditer(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must form one chain; heads: {sorted(heads)}")
    return heads.pop(), revisions


def inspect_file(path: Path, *, immutable: bool = False) -> tuple[str | None, bool]:
    """(schema revision, has any table) of an existing file, read-only; raises known faults."""
    with dbmod.translate_faults(path):
        conn = sqlite3.connect(f"{dbmod.file_uri(path)}?mode=ro" + ("&immutable=1" if immutable else ""), uri=True,
                               timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
        try:
            return inspect(conn)
        finally:
            conn.close()


def inspect(conn: sqlite3.Connection) -> tuple[str | None, bool]:
    """(schema revision, has any table) of an open connection's database."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return revision, bool(tables)


def upgrade(path: Path, backups_dir: Path | None = None, *,
            inspected: tuple[str | None, bool] | None = None) -> bool:
    """Creates or migrates the database at ``path``; True if anything changed.

    A file from a newer program, or a SQLite file of another program, is refused untouched.
    ``inspected``: what ``inspect`` said of the existing file, if the caller has read it already.
    """
    path = Path(path)
    created = not path.exists() or path.stat().st_size == 0
    if created:
        with dbmod.translate_faults(path):
            dbmod.create_private_file(path)
    revision, has_tables = inspected if inspected is not None and not created else inspect_file(path)
    head, known = known_revisions()
    if revision is not None and revision not in known:
        raise errors.DatabaseTooNew(path=str(path))
    if revision is None and has_tables:
        raise errors.NotADatabase(path=str(path))
    if revision == head:
        return False

    if revision is not None and backups_dir is not None:
        from segib_desktop.core import backups

        backups.make_backup(path, Path(backups_dir), "upgrade")

    from alembic import command

    config = _alembic_config()
    engine = dbmod.make_engine(path, foreign_keys=False)
    try:
        with dbmod.translate_faults(path), engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration left broken references: {problems[:5]}")
            if revision is None:
                from segib_desktop.core import reference

                reference.load(conn)
    finally:
        engine.dispose()
    log.info("database %s upgraded from %s to %s", path, revision, head)
    return True
