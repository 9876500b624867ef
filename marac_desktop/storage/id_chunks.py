"""Ids read a few hundred at a time, so an ``IN (...)`` list stays well inside every
database's limit on bound parameters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

CHUNK = 500


def id_chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    """The ids, each once and in order, ``CHUNK`` at a time."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
