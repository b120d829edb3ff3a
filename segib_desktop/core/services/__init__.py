"""Services: the queries and commands the screens and the command line call.

Each service takes a Database, opens a short session per call and returns plain
data (tuples, dicts, ids), never live ORM objects.
"""
