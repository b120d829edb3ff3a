"""The read layer: the queries that read the database for a screen, a briefing or a command.

``rules`` defines each rule once (open, overdue, due soon, delayed, a summit's mandates, a localised
name, the counts by status) in plain SQL and in Python, without SQLAlchemy, so that the first screen
can use it; ``expr`` spells the same rules as SQLAlchemy Core expressions for the other reads. One
module per domain holds the queries and returns named rows (NamedTuples with an ``id`` where a list
shows them): ``home`` (the home page's figures), ``cycle`` (summits, meetings, documents, what is
coming, a cycle's figures), ``lookups`` (the countries and bodies pickers), ``mandates``,
``coordination`` (bodies, a body's page, contacts, activities, action items, the activity form's
pickers), ``programmes`` (the programmes, members, milestones, matrix, timeline and
indicators), ``briefings`` (the briefings' history), ``history`` (a record's audit trail, made
readable; the trail's newest change, which a window on a server watches), ``relations`` (how
mandates relate, their versions), ``database`` (rows per table, for ``db info`` and the self-test). This package's ``__init__`` imports nothing: the home page
reads through ``read.home`` before SQLAlchemy is imported.

The boundary with the rest of the core:

- The write services (``core.services``) keep the ORM, the audit trail and the version checks, and
  the reads they make inside their own write transaction (a form's validation, a clash check, what a
  delete would take along, a contact's erasure); they may call this layer's helpers for them
  (``cycle.mandate_counts``). A service read that serves a screen belongs here.
- Beside their features, not here, each gathering what it alone uses: ``core.similarity`` (its index
  of every mandate's words, kept between keystrokes, like a full-text index), ``core.ical`` (the
  calendar gathers its events, as a briefing does, through ``read.rules``/``read.expr`` for names and
  "open"), and ``core.search``'s record names (beside its full-text index).
- The engine-bound interfaces stay outside, each one small and on its own, with one way per engine
  (SQLite, and a PostgreSQL server: issue 21): the exchange file's export and import
  (``core.exchange``, one transaction over every table), the backups (``core.backups``: SQLite's
  backup API, ``pg_dump`` on a server), the full-text index (``core.search``: FTS5, or PostgreSQL's
  text search), and the briefings' own gathering (``core.briefings.data``, one transaction per
  briefing). Inside this layer, the home page's one-statement JSON read (``home._read_together``) is
  spelt once per engine.
"""
