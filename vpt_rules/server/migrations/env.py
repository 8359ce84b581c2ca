"""Alembic's environment: the connection comes from ``vpt_rules.server.schema`` (no alembic.ini needed)."""

from alembic import context

from vpt_rules.server.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
