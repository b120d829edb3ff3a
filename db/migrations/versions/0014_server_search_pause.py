"""A server's search triggers, paused for a bulk load (issue 22).

Migration 0013's trigger functions index each row as it is written: computing the words of a row and putting
them in the index one row at a time took two thirds of an import's time on a server (the large example
database: 7 of 11 s; the same rows indexed by one statement per table at the end, 2.4 s). Each function now
does nothing in a transaction that sets ``segib.search_paused`` to ``on`` (``SET LOCAL``, so it ends with the
transaction); the import (core/search.py ``paused``) sets it, then indexes what it wrote, in the same
transaction, with the function's own INSERT run once over the written rows. Every other write is indexed
as before. The functions' bodies are 0013's, read from the database, with that one line first.

Nothing on SQLite (its import drops and puts back its FTS5 triggers in the transaction).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SKIP = "IF current_setting('segib.search_paused', true) = 'on' THEN RETURN NULL; END IF;"
FUNCTIONS = """SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype
               AND p.proname LIKE 'search\\_%' ORDER BY p.proname"""


def _replace(change) -> None:
    for name, source in op.get_bind().execute(sa.text(FUNCTIONS)).all():
        op.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                   f"{change(source)}$$")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _replace(lambda source: source if SKIP in source else source.replace("BEGIN", f"BEGIN\n                {SKIP}", 1))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _replace(lambda source: source.replace(f"\n                {SKIP}", "", 1))
