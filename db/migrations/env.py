"""Alembic environment: always run from code, on a connection the program provides.

No fileConfig() here: it would silence the program's loggers (see PITFALLS).
"""

from alembic import context

from segib_desktop.core.models import Base

FTS_PREFIX = "search_"  # FTS5 tables and their shadows live outside the ORM metadata


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name and name.startswith(FTS_PREFIX))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
