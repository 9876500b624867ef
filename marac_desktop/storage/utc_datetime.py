"""One date-and-time column type that reads back the same on both engines: naive UTC.

SQLite keeps no time zone and hands back what it was given, naive; PostgreSQL's
``timestamptz`` hands back an aware value in the session's time zone. The columns stay
``timestamptz`` on the server (no migration): a value is bound as an aware UTC instant, so the
server's own time-zone setting never shifts it, and read back as naive UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def naive_utc(value: datetime) -> datetime:
    """An aware value as naive UTC; a naive value is already taken to be UTC."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        plain = naive_utc(value)
        return plain.replace(tzinfo=UTC) if dialect.name == "postgresql" else plain

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else naive_utc(value)
