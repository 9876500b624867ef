"""Rows written with ids of their own (bulk loads) leave PostgreSQL's id sequence behind, so
the next ordinary insert would be given an id already taken; SQLite takes max(id) + 1 by
itself. The application's roles may only call ``nextval`` on a sequence (no ``setval``), so
the sequence is moved on by calling it as many times as it lags."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from marac_desktop.storage.orm import Base


def catch_up(session: Session, table: type[Base]) -> None:
    """Move ``table``'s id sequence to its largest id (nothing to do on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    name = str(table.__tablename__)
    sequence = session.scalar(select(func.pg_get_serial_sequence(name, "id")))
    if sequence is None:
        return
    highest = session.scalar(select(func.max(table.__table__.c["id"]))) or 0
    issued = session.scalar(
        text("SELECT pg_sequence_last_value(CAST(:sequence AS regclass))"), {"sequence": sequence}
    )
    behind = highest - (issued or 0)
    if behind > 0:
        session.execute(
            text("SELECT count(nextval(:sequence)) FROM generate_series(1, :behind)"),
            {"sequence": sequence, "behind": behind},
        )
