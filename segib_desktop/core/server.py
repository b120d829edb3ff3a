"""A shared office database on a PostgreSQL server (issue 21): ``server init`` makes its schema (the same
migrations as a SQLite file) and three group roles, for IT to grant to the officers' logins:

- ``segib_readers``: SELECT only. The program opens the database read-only for them (workspace.open_server).
- ``segib_editors``: what a reader may, and INSERT, UPDATE, DELETE on every table (and its id sequence).
- ``segib_admins``: owns the tables, so its members upgrade the schema (``db upgrade``; a newer program's
  upgrade runs as this role, whose default privileges give the new tables to readers and editors too).

The roles are the cluster's (PostgreSQL roles are not per database); the grants are this database's. Running
``server init`` again changes nothing that is already in place. Logins and passwords are IT's (docs/server.md).
"""

from __future__ import annotations

import logging

from segib_desktop.core import db as dbmod
from segib_desktop.core import migrate

log = logging.getLogger(__name__)

READERS, EDITORS, ADMINS = "segib_readers", "segib_editors", "segib_admins"
ROLES = (READERS, EDITORS, ADMINS)


def init(url: str) -> None:
    """Creates the roles (if missing), migrates the schema as ``segib_admins`` and grants each role its rights.
    The login running it needs CREATEROLE (or to be a superuser) and must be able to create in the schema."""
    from sqlalchemy import text

    engine = dbmod.make_server_engine(url)
    try:
        with engine.begin() as conn:
            for role in ROLES:
                conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
                                  f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"))
            conn.execute(text(f"GRANT {READERS} TO {EDITORS}"))
            conn.execute(text(f"GRANT {EDITORS} TO {ADMINS}"))
            conn.execute(text(f"GRANT {ADMINS} TO current_user"))  # so that it may act as their owner
            database = conn.scalar(text("SELECT current_database()"))
            conn.execute(text(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {READERS}'))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {READERS}"))
            conn.execute(text(f"GRANT CREATE ON SCHEMA public TO {ADMINS}"))
    finally:
        engine.dispose()
    migrate.upgrade_server(url)  # as segib_admins (migrate.upgrade_server sets the role when it may)
    engine = dbmod.make_server_engine(url)
    try:
        with engine.begin() as conn:
            tables = conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
            sequences = conn.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).all()
            for table in tables:
                conn.execute(text(f'ALTER TABLE "{table}" OWNER TO {ADMINS}'))
            for sequence in sequences:
                conn.execute(text(f'ALTER SEQUENCE "{sequence}" OWNER TO {ADMINS}'))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READERS}"))
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {EDITORS}"))
            conn.execute(text(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {EDITORS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT SELECT ON TABLES TO {READERS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT INSERT, UPDATE, DELETE ON TABLES TO {EDITORS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {EDITORS}"))
    finally:
        engine.dispose()
    log.info("server database %s initialised: roles %s", url, ", ".join(ROLES))
