"""Where blanks sort. SQLite puts NULL before every value and PostgreSQL after, so every order
that can meet a NULL says where it goes: first going up, last going down (SQLite's own rule,
so a list reads the same on the file as it always has, and on a server)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MayBeNull:
    """A sort column that can be NULL: a nullable column, or one reached by an outer join."""

    expression: Any


def order_term(entry: Any, descending: bool = False) -> Any:
    """``entry`` (a column, an expression or a ``MayBeNull``) as one ORDER BY term."""
    if isinstance(entry, MayBeNull):
        column = entry.expression
        return column.desc().nulls_last() if descending else column.asc().nulls_first()
    return entry.desc() if descending else entry.asc()
