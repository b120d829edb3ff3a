"""Search finds an extraordinary meeting by that word.

Every screen names the "I Reunión Extraordinaria de Coordinadores Nacionales" so (core/meeting_names.py), but
the index held only its kind's words (0007): "extraordinaria" found nothing, and the ordinary and the
extraordinary I meeting were found alike (explore17). The meetings' indexed extra words now take
"Extraordinaria Extraordinária Extraordinary" when the meeting is one, and the column is watched. The meetings
already there are indexed again. SQLite: 0007's three triggers of the table, made again; a server: 0013's
function (with 0014's pause) and its trigger. Like every migration, frozen.

Revision ID: 0017
Revises: 0016
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLE = "meetings"
EXTRAORDINARY = "CASE WHEN r.extraordinary THEN ' Extraordinaria Extraordinária Extraordinary' ELSE '' END"


def _migration(name: str):
    """An earlier migration's module (its file is frozen too): its definitions, not a copy of them."""
    path = next(Path(__file__).parent.glob(f"{name}_*.py"))
    spec = importlib.util.spec_from_file_location(f"segib_migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _with_extraordinary(search):
    """0007's module with the meetings' source taking the word (each call loads a fresh module)."""
    source = search.SOURCES[TABLE]
    search.SOURCES[TABLE] = source._replace(extra=f"{source.extra} || {EXTRAORDINARY}",
                                            watched=(*source.watched, "extraordinary"))
    return search


def _sqlite(search) -> None:
    source = search.SOURCES[TABLE]
    for suffix in ("ai", "au", "ad"):
        op.execute(f"DROP TRIGGER IF EXISTS search_{TABLE}_{suffix}")
    op.execute(f"CREATE TRIGGER search_{TABLE}_ai AFTER INSERT ON {TABLE} BEGIN {search._insert(TABLE)} END")
    op.execute(f"CREATE TRIGGER search_{TABLE}_au AFTER UPDATE OF {', '.join(source.watched)} ON {TABLE} "
               f"BEGIN {search._delete(TABLE)} {search._insert(TABLE)} END")
    op.execute(f"CREATE TRIGGER search_{TABLE}_ad AFTER DELETE ON {TABLE} BEGIN {search._delete(TABLE)} END")


def _server(search) -> None:
    server, pause = _migration("0013"), _migration("0014")
    source = search.SOURCES[TABLE]
    values = ", ".join(server._pg(e, "NEW") for e in (f"r.id * 16 + {source.number}", f"'{source.kind}'",
                                                      source.ref, source.code, source.title, source.body,
                                                      source.extra))
    op.execute(f"""CREATE OR REPLACE FUNCTION search_{TABLE}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                {pause.SKIP}
                IF TG_OP <> 'INSERT' THEN DELETE FROM {server.TABLE} WHERE id = OLD.id * 16 + {source.number}; END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO {server.TABLE} (id, kind, ref, code, title, body, extra) VALUES ({values});
                END IF;
                RETURN NULL;
            END $$""")
    op.execute(f"DROP TRIGGER IF EXISTS search_{TABLE} ON {TABLE}")
    op.execute(f"CREATE TRIGGER search_{TABLE} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(source.watched)} "
               f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION search_{TABLE}()")


def _make(search) -> None:
    (_sqlite if op.get_bind().dialect.name == "sqlite" else _server)(search)
    column = search.SOURCES[TABLE].watched[0]
    op.execute(f"UPDATE {TABLE} SET {column} = {column}")  # the meetings there, indexed again


def upgrade() -> None:
    _make(_with_extraordinary(_migration("0007")))


def downgrade() -> None:
    _make(_migration("0007"))
