"""The read layer: every query that reads the database for a screen, a briefing or a command.

``rules`` defines each rule once (open, overdue, due soon, delayed, a summit's mandates, a localised
name, the counts by status) in plain SQL and in Python, without SQLAlchemy, so that the first screen
can use it; ``expr`` spells the same rules as SQLAlchemy Core expressions for the other reads. One
module per domain holds the queries and returns named rows. This package's ``__init__`` imports
nothing: the home page reads through ``read.home`` before SQLAlchemy is imported.
"""
