"""Search across everything: an FTS5 index kept in step by triggers.

One FTS5 table, ``search_index``, holds a row per searchable record: its kind, the
id of the record that opens it (``ref``), and four weighted text columns (code,
title, body, extra). The tokenizer folds case and removes diacritics, so "sao paulo"
finds "São Paulo". Triggers on every indexed table keep it in step with every
write, ORM or Core, single or bulk. The row id is ``record id * 16 + kind
number``, so that a trigger finds its row by rowid.

What is indexed is defined here and only here (the triggers): rebuilding the
index (``core.search.rebuild``) empties it and touches each table so that these
triggers fill it again. This file is frozen like every migration: a later change
to what is indexed drops and recreates the triggers in a new migration.

Revision ID: 0007
Revises: 0006
"""

import re
from typing import NamedTuple

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLE = "search_index"
# bm25 weights per column: kind and ref are not indexed; a match in a code counts most.
RANK = "bm25(0.0, 0.0, 10.0, 4.0, 1.0, 0.5)"


def _roman(expr: str) -> str:
    """The Roman numeral of an integer expression (1-3999), in plain SQL: triggers cannot call Python."""
    hundreds = "'    C   CC  CCC CD  D   DC  DCC DCCCCM  '"
    tens = "'    X   XX  XXX XL  L   LX  LXX LXXXXC  '"
    units = "'    I   II  III IV  V   VI  VII VIIIIX  '"
    return (f"(substr('MMM', 1, ({expr}) / 1000)"
            f" || rtrim(substr({hundreds}, (({expr}) / 100 % 10) * 4 + 1, 4))"
            f" || rtrim(substr({tens}, (({expr}) / 10 % 10) * 4 + 1, 4))"
            f" || rtrim(substr({units}, ({expr}) % 10 * 4 + 1, 4)))")


def _labels(expr: str, labels: dict[str, str]) -> str:
    """A stored enum value as its Spanish, Portuguese and English words, so that they can be searched."""
    arms = " ".join(f"WHEN '{value}' THEN '{text}'" for value, text in labels.items())
    return f"(CASE {expr} {arms} ELSE '' END)"


def _join(*parts: str) -> str:
    return " || ' ' || ".join(f"ifnull({p}, '')" for p in parts)


MEETING_KINDS = {
    "foreign_ministers": "Reunión de Ministros de Relaciones Exteriores Reunião de Ministros das Relações "
                         "Exteriores Foreign Ministers Cancilleres Chanceleres",
    "national_coordinators": "Reunión de Coordinadores Nacionales Reunião de Coordenadores Nacionais "
                             "National Coordinators",
    "cooperation_officers": "Reunión de Responsables de Cooperación Reunião de Responsáveis de Cooperação "
                            "Cooperation Officers",
    "coordinators_and_officers": "Reunión de Coordinadores Nacionales y Responsables de Cooperación Reunião "
                                 "de Coordenadores Nacionais e Responsáveis de Cooperação National "
                                 "Coordinators and Cooperation Officers",
    "sectoral": "Reunión Ministerial Sectorial Reunião Ministerial Setorial Sectoral ministerial meeting",
    "codei": "CODEI",
    "forum": "Foro encuentro Fórum encontro Forum",
    "other": "",
}
DOCUMENT_KINDS = {
    "declaration": "Declaración Declaração Declaration",
    "action_programme": "Programa de Acción Programa de Ação Programme of Action",
    "special_communique": "Comunicado Especial Special Communiqué",
    "resolution": "Resolución Resolução Resolution",
    "commitment": "Compromiso Compromisso Commitment",
    "charter": "Carta Charter",
    "other": "",
}

class Source(NamedTuple):
    """How one table is indexed. Expressions use "r." for the row (new. or old. in the triggers)."""

    number: int  # rowid = id * 16 + number
    kind: str
    ref: str  # the id of the record that opens the hit
    code: str  # weighted most
    title: str
    body: str
    extra: str  # words that find the record but make poor snippets (kind names in three languages)
    watched: tuple[str, ...]  # the columns whose change re-indexes the row


SOURCES: dict[str, Source] = {
    "summits": Source(1, "summit", "r.id", f"{_roman('r.number')} || ' ' || r.number", _join("r.city"),
                      _join("r.theme_es", "r.theme_pt", "r.notes"),
                      "'Cumbre Iberoamericana Cúpula Ibero-Americana Summit'",
                      ("number", "city", "theme_es", "theme_pt", "notes")),
    "meetings": Source(2, "meeting", "r.id", f"CASE WHEN r.number > 0 THEN {_roman('r.number')} ELSE '' END",
                       _join("r.sector"), _join("r.city", "substr(r.start_date, 1, 4)", "r.notes"),
                       _labels("r.kind", MEETING_KINDS),
                       ("kind", "number", "sector", "city", "start_date", "notes")),
    "documents": Source(3, "document", "r.id", _join("r.number"), _join("r.title"), _join("r.notes"),
                        _labels("r.kind", DOCUMENT_KINDS), ("kind", "number", "title", "notes")),
    "mandates": Source(4, "mandate", "r.id", _join("r.code"), _join("r.title"), _join("r.text"), _join("r.tags"),
                       ("code", "title", "text", "tags")),
    "mandate_progress": Source(5, "progress", "r.mandate_id", "''", "''", _join("r.text"), _join("r.author"),
                               ("mandate_id", "text", "author")),
    "bodies": Source(6, "body", "r.id", _join("r.acronym"), _join("r.name_es", "r.name_pt"),
                     _join("r.seat", "r.notes"), "''", ("acronym", "name_es", "name_pt", "seat", "notes")),
    "contacts": Source(7, "contact", "r.id", "''", _join("r.name"), _join("r.role", "r.notes"), _join("r.email"),
                       ("name", "role", "email", "notes")),
    "activities": Source(8, "activity", "r.id", "''", _join("r.subject"), _join("r.summary", "r.outcome"), "''",
                         ("subject", "summary", "outcome")),
    "milestones": Source(9, "milestone", "r.id", "''", _join("r.title"), _join("r.description"),
                         _join("r.responsible"), ("title", "description", "responsible")),
}
COLUMNS = ("rowid", "kind", "ref", "code", "title", "body", "extra")


def _insert(table: str) -> str:
    source = SOURCES[table]
    values = [f"r.id * 16 + {source.number}", f"'{source.kind}'", source.ref, source.code, source.title,
              source.body, source.extra]
    values = ", ".join(re.sub(r"\br\.", "new.", e) for e in values)
    return f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({values});"


def _delete(table: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = old.id * 16 + {SOURCES[table].number};"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 and these triggers are SQLite's; a PostgreSQL server searches with its own full-text search
    op.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5(kind UNINDEXED, ref UNINDEXED, code, title, body, extra, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    op.execute(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('rank', '{RANK}')")
    for table, source in SOURCES.items():
        watched = ", ".join(source.watched)
        op.execute(f"CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN {_insert(table)} END")
        op.execute(f"CREATE TRIGGER search_{table}_au AFTER UPDATE OF {watched} ON {table} "
                   f"BEGIN {_delete(table)} {_insert(table)} END")
        op.execute(f"CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN {_delete(table)} END")
        # Index what is already there, through the trigger just made.
        op.execute(f"UPDATE {table} SET {source.watched[0]} = {source.watched[0]}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in SOURCES:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
