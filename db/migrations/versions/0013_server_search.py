"""Search on a PostgreSQL server (issue 21): its full-text search, in step by triggers, as FTS5 is on SQLite.

Nothing on SQLite (its index is migration 0007's FTS5 table). On PostgreSQL: the table ``search_index`` with
the same rows as 0007's (id = record id * 16 + kind number, kind, ref, code, title, body, extra) and a
``tsvector`` of them made with the text search configuration ``segib``: PostgreSQL's ``simple`` (words
lower-cased, no stemming, no stop words, as FTS5's unicode61) with ``unaccent`` first, so that "cadiz" finds
"Cádiz" and ``ts_headline`` marks "Cádiz" in the original text. The weights follow 0007's ranking: a code
counts most (A), then the title (B), the body (C), the extra words (D).

What each table indexes is 0007's definition (``SOURCES``), in PostgreSQL's SQL; one trigger function a
table keeps the index in step with every write. Like every migration, frozen.

Revision ID: 0013
Revises: 0012
"""

import importlib.util
import re
from pathlib import Path

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLE = "search_index"
CONFIG = "segib"


def _sources() -> dict:
    """0007's definition of what is indexed (that migration file is frozen too)."""
    path = Path(__file__).with_name("0007_search.py")
    spec = importlib.util.spec_from_file_location("segib_migration_0007", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SOURCES


def _pg(expression: str, row: str) -> str:
    """A 0007 expression (SQLite's SQL, "r." for the row) in PostgreSQL's: ``ifnull`` is ``coalesce``, a date
    is text before ``substr``, every part is text before ``||``."""
    expression = expression.replace("ifnull(", "coalesce(")
    expression = re.sub(r"substr\(r\.(\w+_date)", r"substr(r.\1::text", expression)
    expression = re.sub(r"\|\| r\.number\b", "|| r.number::text", expression)
    return re.sub(r"\br\.", f"{row}.", expression)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite searches with migration 0007's FTS5 index
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")  # a trusted extension: the database owner may
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, "
               "word, hword, hword_part, numword, numhword WITH unaccent, simple")
    op.execute(f"""CREATE TABLE {TABLE} (
        id bigint PRIMARY KEY, kind text NOT NULL, ref integer, code text, title text, body text, extra text,
        doc tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{CONFIG}', coalesce(code, '')), 'A')
            || setweight(to_tsvector('{CONFIG}', coalesce(title, '')), 'B')
            || setweight(to_tsvector('{CONFIG}', coalesce(body, '')), 'C')
            || setweight(to_tsvector('{CONFIG}', coalesce(extra, '')), 'D')) STORED)""")
    op.execute(f"CREATE INDEX ix_{TABLE}_doc ON {TABLE} USING gin (doc)")
    for table, source in _sources().items():
        values = ", ".join(_pg(e, "NEW") for e in (f"r.id * 16 + {source.number}", f"'{source.kind}'", source.ref,
                                                   source.code, source.title, source.body, source.extra))
        op.execute(f"""CREATE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN DELETE FROM {TABLE} WHERE id = OLD.id * 16 + {source.number}; END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO {TABLE} (id, kind, ref, code, title, body, extra) VALUES ({values});
                END IF;
                RETURN NULL;
            END $$""")
        op.execute(f"CREATE TRIGGER search_{table} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(source.watched)} "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}()")
        op.execute(f"UPDATE {table} SET {source.watched[0]} = {source.watched[0]}")  # what is there already


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _sources():
        op.execute(f"DROP TRIGGER IF EXISTS search_{table} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_{table}()")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
