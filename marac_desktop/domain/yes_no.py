"""How a yes or a no is written in a sheet or a return file."""

from __future__ import annotations

YES = frozenset({"y", "yes", "true", "x", "1", "✓"})
NO = frozenset({"n", "no", "false", "0", "", "-"})
"""A blank cell is a no."""
