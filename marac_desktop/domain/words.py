"""Counts in plain words: "1 case", "2 cases", "1 person", "3 people". The one place a
noun takes its plural, so no screen shows "case(s)"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` (with thousands separated) and ``noun``, or ``plural`` (default: noun + s)."""
    return f"{count:,} " + agreeing(count, noun, plural)


def agreeing(count: int, noun: str, plural: str = "") -> str:
    """``noun`` or its plural, whichever ``count`` takes, for a number shown apart from it (a
    spin box's suffix)."""
    return noun if count == 1 else plural or noun + "s"


def have(count: int) -> str:
    """The verb that agrees with ``count``: "has" for one, "have" for more."""
    return "has" if count == 1 else "have"
