"""Alembic environment: run by `store.migrate` with a connection in `config.attributes`."""

from alembic import context
from sqlalchemy import text

from store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Two releases migrating at once: the second waits, then finds nothing to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(4711016)"))
    context.run_migrations()
