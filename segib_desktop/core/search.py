"""Search across everything: summits, meetings, documents, mandates and their progress notes,
bodies, contacts, coordination activities and IberBLH milestones.

The index is the FTS5 table ``search_index`` made by migration 0007, kept in step
by triggers on every write (see that file for what is indexed). Its tokenizer
folds case and diacritics: "sao paulo" finds "São Paulo", "accion" finds
"acción". Every term the user types is quoted, so that ``-``, ``:``, ``*``,
``"``, ``AND`` or ``NEAR(`` are searched for as text and never read as FTS5
syntax; the last term is a prefix while the user is still typing it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from segib_desktop import errors
from segib_desktop.core import db as dbmod
from segib_desktop.core.db import Database
from segib_desktop.core.meeting_names import meeting_name
from segib_desktop.core.models import (
    Activity,
    Body,
    Contact,
    Country,
    Document,
    Mandate,
    MandateProgress,
    Meeting,
    Milestone,
    Summit,
)
from segib_desktop.core.read import expr
from segib_desktop.i18n import N_, Translator, to_roman

log = logging.getLogger(__name__)

INDEX = "search_index"
# The matched words in a snippet are between these two characters.
MATCH_START, MATCH_END = "\x02", "\x03"
MAX_TERMS = 16  # a pasted paragraph is cut here: more words only slow the query down
SNIPPET_TOKENS = 10
# The index's columns: 0 kind, 1 ref, 2 code, 3 title, 4 body, 5 extra. A hit's snippet comes from the
# first of these that holds a match: the body says most, the extra words (kind names) least.
SNIPPET_COLUMNS = (4, 3, 2, 5)

# kind -> its name (translated where shown). Which screen opens a kind is the window's business
# (gui/search.py), not the core's.
KINDS: dict[str, str] = {
    "summit": N_("Summit"),
    "meeting": N_("Meeting"),
    "document": N_("Document"),
    "mandate": N_("Mandate"),
    "progress": N_("Progress note"),  # its ref is its mandate
    "body": N_("Body"),
    "contact": N_("Contact"),
    "activity": N_("Activity"),
    "milestone": N_("Milestone"),
}

# Indexed table -> a column its update trigger watches; rebuild() touches it to re-index each row.
INDEXED_TABLES = {
    "summits": "city", "meetings": "city", "documents": "title", "mandates": "code",
    "mandate_progress": "text", "bodies": "acronym", "contacts": "name", "activities": "subject",
    "milestones": "title",
}


@dataclass(frozen=True)
class Hit:
    """One search result: what it is, how it is named, the matched text and how to open it."""

    kind: str  # a key of KINDS
    kind_label: str  # translated
    record_id: int  # the record that matched (for a progress note, the note)
    code: str  # a short identifier where the record has one ("XXVIII-PA-12", "XXX", "OEI"), else ""
    label: str  # its name or title
    snippet: str  # the matched text, one line, the matches between MATCH_START and MATCH_END
    ref: int  # the record that opens for it (for a progress note, its mandate)

    @property
    def name(self) -> str:
        """The code if there is one, else the name (what the command line prints)."""
        return self.code or self.label

    @property
    def title(self) -> str:
        return " — ".join(part for part in (self.code, self.label) if part)

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MATCH_START, "").replace(MATCH_END, "")


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed, or None if it has nothing to search for.

    Each whitespace-separated term becomes a quoted phrase (its punctuation then only
    separates words: "Mercosur-UE" is the phrase "mercosur ue"); terms without a letter
    or digit are dropped. The last term is a prefix unless the user typed a space after it.
    """
    query = unicodedata.normalize("NFC", query or "")
    terms = [t for t in query.split() if any(ch.isalnum() for ch in t)][:MAX_TERMS]
    if not terms:
        return None
    phrases = ['"' + t.replace('"', '""') + '"' for t in terms]
    if not query[-1:].isspace():
        phrases[-1] += "*"
    return " ".join(phrases)


def search(db: Database, query: str, *, limit: int = 50, lang: str = "es", expression: str | None = None
           ) -> list[Hit]:
    """The records that contain every term of ``query``, best first (bm25), at most ``limit``.

    ``expression``: ``match_expression(query)`` if the caller has built it already (once per query).
    """
    expression = expression or match_expression(query)
    if expression is None or limit <= 0:
        return []
    if db.url:  # a PostgreSQL server: its own full-text search (migration 0013)
        return _search_server(db, query, limit, Translator(lang))
    # Rank first, then make snippets for the best rows only (a snippet costs more than a rank).
    snippets = ", ".join(f"snippet({INDEX}, {column}, :start, :end, '…', {SNIPPET_TOKENS})"
                         for column in SNIPPET_COLUMNS)
    sql = text(f"""
        SELECT f.rowid, f.kind, f.ref, {snippets}
        FROM {INDEX} f
        JOIN (SELECT rowid AS id, rank AS score FROM {INDEX} WHERE {INDEX} MATCH :q
              ORDER BY rank LIMIT :limit) best ON best.id = f.rowid
        WHERE {INDEX} MATCH :q
        ORDER BY best.score, f.rowid""")
    translator = Translator(lang)
    with db.session() as s:
        rows = s.execute(sql, {"q": expression, "limit": limit, "start": MATCH_START,
                               "end": MATCH_END}).all()
        names = _names(s, rows, translator)
    return [_hit(row, names, translator) for row in rows]


# --- on a PostgreSQL server (issue 21; migration 0013): the same rows, found and marked by its full-text search

# Weights of the D (extra), C (body), B (title) and A (code) parts, in the proportions of FTS5's bm25 ones.
SERVER_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
# About SNIPPET_TOKENS words around the match, as FTS5's snippet (which also marks a cut with "…"; this does not).
HEADLINE = (f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords={SNIPPET_TOKENS + 1}, MinWords={SNIPPET_TOKENS}, "
            "ShortWord=0")
SERVER_SNIPPET_COLUMNS = ("body", "title", "code", "extra")  # SNIPPET_COLUMNS' order


def server_query(query: str) -> str | None:
    """The tsquery text for what the user typed (as ``match_expression``: each term a phrase of its words,
    every term required, the last one's last word a prefix unless a space follows it). Only letters and
    digits reach it, quoted, so nothing the user types is read as tsquery syntax. Accents and case are
    folded by the server (configuration ``segib``)."""
    query = unicodedata.normalize("NFC", query or "")
    terms = [words for t in query.split() if (words := re.findall(r"[^\W_]+", t))][:MAX_TERMS]
    if not terms:
        return None
    phrases = [" <-> ".join(f"'{w}'" for w in words) for words in terms]
    if not query[-1:].isspace():
        phrases[-1] += ":*"
    return " & ".join(f"({p})" for p in phrases)


def _search_server(db: Database, query: str, limit: int, translator: Translator) -> list[Hit]:
    tsquery = server_query(query)
    if tsquery is None:
        return []
    snippets = ", ".join(f"ts_headline('segib', coalesce(f.{column}, ''), q, :options)"
                         for column in SERVER_SNIPPET_COLUMNS)
    sql = text(f"""
        SELECT f.id, f.kind, f.ref, {snippets}
        FROM (SELECT id, ts_rank('{SERVER_WEIGHTS}', doc, q) AS score, q
              FROM {INDEX}, to_tsquery('segib', :q) q WHERE doc @@ q
              ORDER BY score DESC, id LIMIT :limit) best
        JOIN {INDEX} f ON f.id = best.id
        ORDER BY best.score DESC, f.id""")
    with db.session() as s:
        rows = s.execute(sql, {"q": tsquery, "limit": limit, "options": HEADLINE}).all()
        names = _names(s, rows, translator)
    return [_hit(row, names, translator) for row in rows]


def _hit(row, names, translator: Translator) -> Hit:
    rowid, kind, ref, *column_snippets = row
    record_id = rowid // 16
    code, label = names.get((kind, record_id), ("", ""))
    snippet = next((c for c in column_snippets if c and MATCH_START in c), "")
    return Hit(kind, translator(KINDS[kind]), record_id, code, label, " ".join(snippet.split()), ref)


def rebuild(db: Database) -> int:
    """Empties the index and indexes every record again; returns how many rows it holds. A damaged index
    (``check``) cannot be emptied row by row: FTS5 first makes it again from the text it keeps beside it."""
    with db.session() as s:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('rebuild')"))
        return _refill(s)


def _refill(s: Session) -> int:
    """The triggers are the one definition of what is indexed: touching a watched column of every row
    makes them index it again."""
    s.execute(text(f"DELETE FROM {INDEX}"))
    for table, column in INDEXED_TABLES.items():
        s.execute(text(f"UPDATE {table} SET {column} = {column}"))
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('optimize')"))
    return s.scalar(text(f"SELECT count(*) FROM {INDEX}"))


class Written:
    """What a bulk load under ``paused(s, whole=False)`` wrote, for the index to take in at its end: the
    records it created in a table (every id above the largest the table had) and those it changed."""

    def __init__(self) -> None:
        self.created_after: dict[str, int] = {}
        self.changed: dict[str, set[int]] = {}

    def created(self, table: str, after_id: int) -> None:
        self.created_after[table] = min(after_id, self.created_after.get(table, after_id))

    def updated(self, table: str, ids: Iterable[int]) -> None:
        self.changed.setdefault(table, set()).update(ids)


@contextlib.contextmanager
def paused(s: Session, *, whole: bool = True) -> Iterator[Written]:
    """For bulk loads (example data, imports) in the session's transaction: the index triggers are off
    inside the block, and at its end the whole index is rebuilt, or (``whole=False``) only the records
    that the block reports in the ``Written`` it is given are indexed again.

    Indexing row by row costs one FTS5 flush per statement (an executemany of 60,000 rows: 60,000
    flushes); indexing at the end costs a fraction of that. The triggers are put back exactly as
    they were (their SQL is read from the database). If the block raises, the transaction must be
    rolled back (``db.session()`` does), which restores them too. On a server the triggers stay, and do
    nothing while the transaction's ``segib.search_paused`` is on (migration 0014: an editor, who does not
    own the tables, may not turn them off); a trigger from before 0014 goes on indexing as it writes.
    """
    statements = _bulk_statements(s)
    server = s.get_bind().dialect.name != "sqlite"
    triggers = [] if server else s.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                                "AND name LIKE 'search\\_%' ESCAPE '\\' ORDER BY name")).all()
    if server:
        s.execute(text(f"SELECT set_config('{PAUSE}', 'on', true)"))
    for name, _sql in triggers:
        s.execute(text(f'DROP TRIGGER "{name}"'))
    written = Written()
    yield written
    if server:
        s.execute(text(f"SELECT set_config('{PAUSE}', 'off', true)"))
    for _name, sql in triggers:
        s.execute(text(sql))
    if whole:
        _refill(s)
    else:
        _take_in(s, written, statements)


CHUNK = 500
PAUSE = "segib.search_paused"  # a server's setting that its search triggers skip their work under (0014)


def _take_in(s: Session, written: Written, statements: dict[str, str | None]) -> None:
    """Indexes the records a bulk load wrote in the tables whose triggers were paused (``statements``' keys),
    through the triggers (on again by now).

    A changed record is touched, as ``rebuild`` touches every row: its update trigger indexes it again.
    The created ones are indexed by one statement per table made from the table's insert trigger (its
    INSERT ... VALUES (new.…) becomes INSERT ... SELECT … FROM the table AS new), which writes the same
    index rows without writing the table's own rows a second time; a trigger of another shape than
    0007's (or 0013's) is used by touching the rows instead (``statements``' None).
    """
    for table, ids in written.changed.items():
        if table in statements and table in INDEXED_TABLES:
            column, ordered = INDEXED_TABLES[table], sorted(ids)
            for start in range(0, len(ordered), CHUNK):
                part = ordered[start:start + CHUNK]
                s.execute(text(f"UPDATE {table} SET {column} = {column} WHERE id IN ({', '.join(map(str, part))})"))
    for table, after in written.created_after.items():
        if table not in statements or table not in INDEXED_TABLES:
            continue
        statement = statements[table]
        if statement is None:
            column = INDEXED_TABLES[table]
            statement = f"UPDATE {table} SET {column} = {column} WHERE id > :after"
        s.execute(text(statement), {"after": after})


# A search trigger's one INSERT ... VALUES (new.…): SQLite's (0007) and a server's function (0013).
_TRIGGER_INSERT = re.compile(r"(?is)^\s*CREATE TRIGGER \S+ AFTER INSERT ON (?P<table>\w+) BEGIN\s+"
                             r"(?P<insert>INSERT INTO \w+ \([^()]*\)) VALUES \((?P<values>.*)\);\s*END\s*$")
_FUNCTION_INSERT = re.compile(r"(?is)(?P<insert>INSERT INTO \w+ \([^()]*\)) VALUES \((?P<values>.*)\);\s*END IF;"
                              r"\s*RETURN NULL;\s*END\s*$")


def _bulk_statements(s: Session) -> dict[str, str | None]:
    """The tables a bulk load pauses the indexing of, each with its trigger's INSERT made one statement over
    the rows written (None: a trigger of another shape, whose rows are touched instead): read from the
    database, SQLite's triggers (0007) or a server's trigger functions that skip their work under ``PAUSE``
    (0014; an earlier one indexes as it writes: not paused)."""
    if s.get_bind().dialect.name != "sqlite":
        # another officer's record, written meanwhile with an id above the import's, is indexed already
        return {table: _insert_select(table, _FUNCTION_INSERT.search(source), " ON CONFLICT (id) DO NOTHING")
                for table, source in _server_functions(s).items() if PAUSE in source}
    triggers = dict(s.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name LIKE 'search\\_%\\_ai' ESCAPE '\\'")).all())
    return {table: _insert_select(table, _TRIGGER_INSERT.match(triggers.get(f"search_{table}_ai", "")))
            for table in INDEXED_TABLES}


def _server_functions(s: Session) -> dict[str, str]:
    """A server's search trigger functions' bodies, by table (``search_<table>()``, 0013)."""
    rows = s.execute(text("SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                          "WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype "
                          "AND p.proname LIKE 'search\\_%'")).all()
    return {name.removeprefix("search_"): source for name, source in rows}


def _insert_select(table: str, match: re.Match | None, suffix: str = "") -> str | None:
    """A trigger's INSERT ... VALUES (new.…) of ``table`` as one statement over its rows with an id above
    :after, or None if the trigger is not one such INSERT (then the caller touches the rows instead)."""
    if not match or match.groupdict().get("table", table) != table or ";" in match["values"]:
        return None
    return f'{match["insert"]} SELECT {match["values"]} FROM "{table}" AS "new" WHERE "new".id > :after{suffix}'


def check(db: Database) -> None:
    """Raises if the index disagrees with its own structure (FTS5 integrity-check): DatabaseCorrupt."""
    if db.url:
        return  # a server's index is a plain table: nothing of FTS5's structure to check
    with db.session() as s:
        s.execute(text(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('integrity-check')"))


def repair(db: Database) -> bool:
    """The index's own check, which SQLite's quick_check does not make before 3.44 (there a damaged index
    only made searches miss records); a damaged index is derived data, rebuilt from the records. True if
    it was. Its check and rebuild are writes: a database opened read-only is left as it is."""
    if db.url or db.readonly:
        return False
    try:
        check(db)
    except errors.DatabaseCorrupt:
        log.warning("the search index of %s failed its check (FTS5 integrity-check): rebuilding it", db.name)
        count = rebuild(db)
        log.warning("the search index of %s was rebuilt: %d entries", db.name, count)
        return True
    return False


# How SQLite's quick_check and integrity_check word damage of an FTS5 index, which from 3.44 they check too
# (the Windows program's SQLite): one line, or one per finding, naming the table or its shadow tables.
_INDEX_FINDING = re.compile(rf'malformed inverted index for FTS5 table \w+\.{INDEX}|fts5: .*table "{INDEX}(_\w+)?"')


def only_index_damaged(findings: list[str]) -> bool:
    """True if SQLite's check found damage, all of it in the search index (``quick_check_findings``)."""
    return bool(findings) and all(_INDEX_FINDING.fullmatch(finding) for finding in findings)


def quick_check_findings(path, limit: int = 100) -> list[str]:
    """What SQLite's quick_check finds wrong in the database at ``path`` (at most ``limit`` lines); [] if
    nothing. A file SQLite cannot read as a database at all is one finding, its error."""
    with dbmod.translate_faults(path), contextlib.closing(
            sqlite3.connect(dbmod.uri(path, readonly=True), uri=True, timeout=dbmod.BUSY_TIMEOUT_MS / 1000)) as conn:
        try:
            found = [row[0] for row in conn.execute(f"PRAGMA quick_check({int(limit)})")]
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                return [str(exc)]
            raise
    return [] if found == ["ok"] else found


# --- names of the hits, read from their tables (so that they follow the language and later edits)

def _names(s: Session, rows: Iterable, t: Translator) -> dict[tuple[str, int], tuple[str, str]]:
    wanted: dict[str, set[int]] = {}
    for rowid, kind, *_rest in rows:
        wanted.setdefault(kind, set()).add(rowid // 16)
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, ids in wanted.items():
        for record_id, code, label in _NAMERS[kind](s, ids, t):
            names[(kind, record_id)] = (code or "", label or "")
    return names


def _year(day) -> str:
    return str(day.year) if day else ""


def _summits(s, ids, t):
    rows = s.execute(select(Summit.id, Summit.number, Summit.city, Summit.start_date).where(Summit.id.in_(ids)))
    return [(r.id, to_roman(r.number), " ".join(p for p in (r.city, _year(r.start_date)) if p)) for r in rows]


def _meetings(s, ids, t):
    rows = s.execute(select(Meeting.id, Meeting.kind, Meeting.number, Meeting.extraordinary, Meeting.sector,
                            Meeting.city, Meeting.start_date).where(Meeting.id.in_(ids)))
    out = []
    for r in rows:
        name = meeting_name(r.kind, r.number, r.extraordinary, r.sector, t)  # as every screen names it
        where = ", ".join(p for p in (r.city, t.format_date(r.start_date)) if p)
        out.append((r.id, "", f"{name} – {where}" if where else name))
    return out


def _documents(s, ids, t):
    rows = s.execute(select(Document.id, Document.number, Document.title).where(Document.id.in_(ids)))
    return [(r.id, r.number, r.title) for r in rows]


def _mandates(s, ids, t):
    rows = s.execute(select(Mandate.id, Mandate.code, Mandate.title).where(Mandate.id.in_(ids)))
    return [(r.id, r.code, r.title) for r in rows]


def _progress(s, ids, t):
    rows = s.execute(select(MandateProgress.id, MandateProgress.entry_date, Mandate.code, Mandate.title)
                     .join(Mandate, Mandate.id == MandateProgress.mandate_id)
                     .where(MandateProgress.id.in_(ids)))
    return [(r.id, r.code, f"{r.title} ({t.format_date(r.entry_date)})") for r in rows]


def _bodies(s, ids, t):
    rows = s.execute(select(Body.id, Body.acronym, expr.localised(t.lang, Body)).where(Body.id.in_(ids)))
    return [tuple(r) for r in rows]


def _contacts(s, ids, t):
    rows = s.execute(select(Contact.id, Contact.name, Contact.role, Body.acronym)
                     .outerjoin(Body, Body.id == Contact.body_id).where(Contact.id.in_(ids)))
    out = []
    for r in rows:
        where = ", ".join(p for p in (r.role, r.acronym) if p)
        out.append((r.id, "", f"{r.name} ({where})" if where else r.name))
    return out


def _activities(s, ids, t):
    rows = s.execute(select(Activity.id, Activity.date, Activity.subject).where(Activity.id.in_(ids)))
    return [(r.id, "", f"{r.subject} ({t.format_date(r.date)})") for r in rows]


def _milestones(s, ids, t):
    rows = s.execute(select(Milestone.id, Milestone.title, expr.localised(t.lang, Country).label("country"))
                     .outerjoin(Country, Country.id == Milestone.country_id).where(Milestone.id.in_(ids)))
    return [(r.id, "", f"{r.title} ({r.country})" if r.country else r.title) for r in rows]


_NAMERS = {
    "summit": _summits, "meeting": _meetings, "document": _documents, "mandate": _mandates,
    "progress": _progress, "body": _bodies, "contact": _contacts, "activity": _activities,
    "milestone": _milestones,
}
