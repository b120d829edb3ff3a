"""A server's readers may read the id sequences, so that a reader's backup (``pg_dump``) works.

``server init`` gave the readers' role SELECT on every table but nothing on the id sequences, whose
``last_value`` pg_dump reads: a reader's ``backup`` failed with pg_dump's own text, although docs/server.md
says a reader may back the database up. ``server init`` now grants it (core/server.py); this gives it to the
servers set up before, and to the sequences of tables that later migrations make (the default privileges of
``segib_admins``, who owns them). Only where the roles exist (``server init`` made them): a server database
that was never set up, and SQLite, get nothing.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

READERS, ADMINS = "segib_readers", "segib_admins"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Run as segib_admins, the sequences' owner: migrate.upgrade_server lets no other login upgrade a database
    # that server init set up (segib_admins may create in its schema). Another database of the cluster, not set
    # up, gets nothing (server init gives it all). A grant that cannot be given fails the upgrade, rather than
    # the version being stamped without it.
    op.execute(f"""DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMINS}')
           AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READERS}')
           AND has_schema_privilege('{ADMINS}', 'public', 'CREATE') THEN
            IF NOT pg_has_role('{ADMINS}', 'MEMBER') THEN
                RAISE EXCEPTION 'only segib_admins may upgrade this database' USING ERRCODE = '42501';
            END IF;
            GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {READERS};
            ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public GRANT SELECT ON SEQUENCES TO {READERS};
        END IF;
    END $$""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMINS}')
           AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READERS}')
           AND has_schema_privilege('{ADMINS}', 'public', 'CREATE') AND pg_has_role('{ADMINS}', 'MEMBER') THEN
            REVOKE SELECT ON ALL SEQUENCES IN SCHEMA public FROM {READERS};
            ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public REVOKE SELECT ON SEQUENCES FROM {READERS};
        END IF;
    END $$""")
