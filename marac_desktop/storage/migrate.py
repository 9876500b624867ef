"""Alembic migrations, applied on open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from marac_desktop.domain.progress import Progress

_SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config(connection: sa.Connection | None = None, progress: Progress | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    if progress is not None:
        config.attributes["progress"] = progress  # long data steps report through it (0011)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(
    engine: sa.Engine,
    record: Callable[[Session], None] | None = None,
    progress: Progress | None = None,
) -> None:
    """Apply every pending migration; ``record`` writes the audit row in the same transaction."""
    with engine.begin() as connection:
        command.upgrade(_config(connection, progress), "head")
        if record is not None:
            with Session(bind=connection) as session:
                record(session)
                session.flush()


def upgrade_in(connection: sa.Connection) -> None:
    """Apply every migration in the caller's transaction (``move-to-server`` commits the new
    schema only with the rows copied into it)."""
    command.upgrade(_config(connection), "head")
