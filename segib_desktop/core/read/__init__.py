"""The read layer: the queries that read the database for a screen, a briefing or a command.

``rules`` defines each rule once (open, overdue, due soon, delayed, a summit's mandates, a localised
name, the counts by status) in plain SQL and in Python, without SQLAlchemy, so that the first screen
can use it; ``expr`` spells the same rules as SQLAlchemy Core expressions for the other reads. One
module per domain holds the queries and returns named rows (NamedTuples with an ``id`` where a list
shows them): ``home`` (the home page's figures), ``cycle`` (summits, meetings, documents, what is
coming, a cycle's figures), ``lookups`` (the countries and bodies pickers), ``mandates``,
``coordination`` (bodies, a body's page, contacts, activities, action items, the activity form's
pickers), ``programmes`` (the programmes, members, milestones, matrix, timeline and
indicators) and ``briefings`` (the history's rows), ``database`` (rows per
table, for ``db info`` and the self-test). This package's ``__init__`` imports nothing: the home page
reads through ``read.home`` before SQLAlchemy is imported.

The boundary with the rest of the core:

- The write services (``core.services``) keep the ORM, the audit trail and the version checks, and
  the reads they make inside their own write transaction (a form's validation, a clash check, what a
  delete would take along, a contact's erasure); they may call this layer's helpers for them
  (``cycle.mandate_counts``). A service read that serves a screen belongs here.
- Not yet moved (issue 18's open work): the mandates list's own query (``MandateService.list_rows``,
  with its folded texts and the documents' labels, sources and code prefixes: a mandate's code, which
  the writes build, comes from the same labels, and the example data, another engineer's, calls them
  on the service), and the reads beside their features in ``core.similarity``, ``core.ical``,
  ``core.search``'s record names and ``core.services.relations``.
- The SQLite-bound interfaces stay outside, each one small and on its own: the exchange file's
  export and import (``core.exchange``, one transaction over every table), the backups
  (``core.backups``, SQLite's backup API), the full-text index (``core.search``, FTS5), and the
  briefings' own gathering (``core.briefings.data``, one transaction per briefing). Inside this layer,
  the home page's one-statement JSON read (``home._read_together``) is SQLite's.
"""
