"""Text longer than its column holds is refused the same way on both engines. PostgreSQL
refuses it with a driver error that quotes the value; SQLite would keep it whole. So every
flush, and every bulk insert, is checked first, and the refusal names the field, never the
value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session, sessionmaker

from marac_desktop.errors import InvalidInputError


def _refuse(table: str, column: str, limit: int) -> InvalidInputError:
    field = column.replace("_", " ")
    return InvalidInputError(
        f"The {field} ({table.replace('_', ' ')}) is longer than the {limit} characters "
        "it can hold; shorten it and save again."
    )


def _limits(mapper: Mapper[Any]) -> dict[str, tuple[str, int]]:
    """Attribute -> (column name, length) for every text column with a length."""
    limits = {}
    for attribute in mapper.column_attrs:
        column = attribute.columns[0]
        if isinstance(column.type, String) and column.type.length is not None:
            limits[attribute.key] = (str(column.name), column.type.length)
    return limits


def check_rows(mapped: type[Any], rows: Iterable[Mapping[str, Any]]) -> None:
    """Refuse the first value in ``rows`` (attribute -> value) too long for its column."""
    mapper = inspect(mapped)
    limits = _limits(mapper)
    table = str(mapper.local_table.name)
    for row in rows:
        for key, (column, limit) in limits.items():
            value = row.get(key)
            if isinstance(value, str) and len(value) > limit:
                raise _refuse(table, column, limit)


def _check_flush(session: Session, _context: object, _instances: object) -> None:
    for instance in (*session.new, *session.dirty):
        mapper = inspect(instance).mapper
        values = {
            attribute.key: getattr(instance, attribute.key) for attribute in mapper.column_attrs
        }
        check_rows(mapper.class_, [values])


def watch(sessions: sessionmaker[Session]) -> None:
    """Check the text of every flush made by ``sessions``."""
    event.listen(sessions, "before_flush", _check_flush)
