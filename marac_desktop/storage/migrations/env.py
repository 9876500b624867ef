"""Alembic environment: always run on the open, keyed connection handed over by migrate()."""

from __future__ import annotations

from alembic import context

from marac_desktop.storage.orm import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
