"""The database's identity: a UUID stored in its settings (``database_id``).

Backups are named and rotated by it, not by the file's name: two databases called
segib.sqlite3 in two folders no longer share (and delete) each other's backups.
Every existing database gets its own at this upgrade; a new one when it is created.

Revision ID: 0009
Revises: 0008
"""

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.get_bind().execute(sa.text("INSERT INTO settings (key, value) SELECT 'database_id', :value "
                                  "WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'database_id')"),
                          {"value": json.dumps(uuid.uuid4().hex)})


def downgrade() -> None:
    op.execute("DELETE FROM settings WHERE key = 'database_id'")
