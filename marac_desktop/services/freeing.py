"""Letting go of a very large list a slice at a time.

Freeing a quarter of a million records in one go is one long call that holds the interpreter
lock, and so stops the window, for a second or more; a slice at a time it never does.
"""

from __future__ import annotations

from typing import Any

SLICE = 5_000


def free_in_slices(values: list[Any], size: int = SLICE) -> None:
    """Empty ``values`` from the end, ``size`` items at a time."""
    while values:
        del values[-size:]
