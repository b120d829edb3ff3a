"""Opening a database file: check it is ours, back it up, migrate it, seed it.

A PostgreSQL server's database (``upgrade_server``) runs the same migrations, in one transaction as well
(PostgreSQL's DDL is transactional); what is SQLite's only is said in each migration (FTS5, batch mode,
which on PostgreSQL is plain ALTER TABLE), and the foreign keys are checked by the server as it goes.

Migrations run on their own connection with foreign keys off (batch migrations
rebuild tables, which would otherwise cascade-delete child rows), inside one
transaction, with ``PRAGMA foreign_key_check`` before the commit.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
from pathlib import Path

from segib_desktop import errors, paths
from segib_desktop.core import db as dbmod
from segib_desktop.core.schema import known_revisions  # noqa: F401 (callers read it here too)

log = logging.getLogger(__name__)

# The tables every revision of this program's schema has (migration 0001's; none is ever dropped). A database
# that Alembic manages without them is another program's, whatever revision it names: not a newer SEGIB's.
OWN_TABLES = frozenset({"audit_log", "bodies", "contacts", "countries", "settings", "summits"})


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def inspect_file(path: Path, *, immutable: bool = False) -> tuple[str | None, bool]:
    """(schema revision, has any table) of an existing file, read-only; raises known faults."""
    with dbmod.translate_faults(path):
        conn = sqlite3.connect(dbmod.uri(path, readonly=True, immutable=immutable), uri=True,
                               timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
        try:
            return inspect(conn)
        finally:
            conn.close()


def inspect(conn: sqlite3.Connection) -> tuple[str | None, bool]:
    """(schema revision, has any table) of an open connection's database. The revision is None for a new
    file, and for another program's database, Alembic's or not (``OWN_TABLES``)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision = None
    if "alembic_version" in tables and OWN_TABLES <= tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return revision, bool(tables)


def schema(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every table of an open connection's database and its columns."""
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {table: {row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}
            for table in tables}


@functools.cache
def schema_at(revision: str) -> dict[str, set[str]]:
    """The tables and columns that a database at ``revision`` has: those of a new database migrated to it
    (in a temporary folder; half a second, once per process)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="segib-schema-") as folder:
        path = Path(folder) / "schema.sqlite3"
        build_at(path, revision)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return schema(conn)


def build_at(path: Path, revision: str) -> None:
    """Migrates the database at ``path`` (a new one: created) to ``revision``, with nothing else: no backup,
    no reference data. For knowing a revision's schema, and for tests of older databases."""
    from alembic import command

    config = _alembic_config()
    engine = dbmod.make_engine(path, foreign_keys=False, create=True)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


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
    if at_head(revision, has_tables, str(path)):
        return False

    if revision is not None and backups_dir is not None:
        from segib_desktop.core import backups

        backups.make_backup(path, Path(backups_dir), "upgrade")

    engine = dbmod.make_engine(path, foreign_keys=False)
    try:
        with dbmod.translate_faults(path), engine.begin() as conn:
            _migrate(conn, revision)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration left broken references: {problems[:5]}")
    finally:
        engine.dispose()
    log.info("database %s upgraded from %s to %s", path, revision, known_revisions()[0])
    return True


def at_head(revision: str | None, has_tables: bool, name: str) -> bool:
    """True if a database at ``revision`` (``inspect``'s) needs nothing; raises if it is not one this program
    may migrate (a newer program's, or another program's tables)."""
    head, known = known_revisions()
    if revision is not None and revision not in known:
        raise errors.DatabaseTooNew(path=name)
    if revision is None and has_tables:
        raise errors.NotADatabase(path=name)
    return revision == head


def _migrate(conn, revision: str | None) -> None:
    """Alembic's upgrade to head on ``conn`` (in its transaction), and the reference data into a new database."""
    from alembic import command

    config = _alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    if revision is None:
        from segib_desktop.core import reference

        reference.load(conn)


def inspect_server(conn) -> tuple[str | None, bool]:
    """(schema revision, has any table) of a server database, on a SQLAlchemy connection (as ``inspect``)."""
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy import text

    tables = set(sa_inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in tables and OWN_TABLES <= tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return revision, bool(tables)


# The search trigger functions (migrations 0013, 0014, 0017) belong to the login that made them; after ``server
# init`` the tables are segib_admins', and a migration run as that role may replace only functions it owns: the
# login hands over those it may (its own; a superuser's: all), as ``server init`` does with the tables.
HAND_OVER_FUNCTIONS = """DO $$ DECLARE f record; BEGIN
    FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype AND p.proname LIKE 'search\\_%'
             AND p.proowner <> 'segib_admins'::regrole AND pg_has_role(p.proowner, 'USAGE')
    LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO segib_admins', f.signature); END LOOP; END $$"""


def upgrade_server(url: str) -> bool:
    """Creates or migrates the schema of the PostgreSQL database at ``url``; True if anything changed.
    A schema from a newer program, or a database holding another program's tables, is refused untouched.
    The server's own backups (``pg_dump``) are IT's before an upgrade (docs/server.md)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = dbmod.make_server_engine(url)
    try:
        with dbmod.connect_server(engine, url) as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(2126)"))  # two programs upgrading: one waits
            revision, has_tables = inspect_server(conn)
            if at_head(revision, has_tables, url):
                return False
            # After ``server init``, the tables belong to segib_admins (core/server.py): an administrator's
            # login upgrades them as that role, so that new tables are its too (and readable by the readers).
            # An editor's or a reader's may not: its grants would do nothing, but the version would be stamped
            # (an editor may write alembic_version). (Only on a database that ``server init`` prepared: the
            # roles are the whole cluster's.)
            set_up, admin = conn.execute(text(
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'segib_admins') "
                "THEN has_schema_privilege('segib_admins', 'public', 'CREATE') ELSE false END, "
                "CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'segib_admins') "
                "THEN pg_has_role('segib_admins', 'MEMBER') ELSE false END")).one()
            if set_up and revision is not None and not admin:
                raise errors.ServerNeedsUpgrade(path=url)
            if set_up and admin:
                conn.execute(text(HAND_OVER_FUNCTIONS))
                conn.execute(text("SET LOCAL ROLE segib_admins"))
            login = conn.scalar(text("SELECT session_user"))
            try:
                _migrate(conn, revision)
            except DBAPIError as exc:  # an editor's or a reader's login: no right to create in the schema
                if getattr(exc.orig, "sqlstate", None) == "42501":
                    raise errors.ServerSchemaRefused(path=url, login=login) from exc
                raise
    finally:
        engine.dispose()
    log.info("database %s upgraded from %s to %s", url, revision, known_revisions()[0])
    return True
