"""Alembic environment: migrations run on the connection the studio hands over (see Database.migrate)."""

from __future__ import annotations

from alembic import context

from karate.db import account_tables, collab_tables  # noqa: F401 - their tables join the metadata
from karate.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `karate migrate` or the server's start, which pass a connection")

context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite"
)
with context.begin_transaction():
    context.run_migrations()
