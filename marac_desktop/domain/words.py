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


def period(days: int) -> str:
    """A span of days as a reader would say it: "2 years" (whole years from two), "12 months" or
    "6 months" (within a day and a half of whole months), "2 weeks", otherwise "45 days"."""
    if days >= 730 and days % 365 == 0:
        return counted(days // 365, "year")
    months = round(days * 12 / 365)
    if months >= 1 and abs(months * 365 / 12 - days) <= 1.5:
        return counted(months, "month")
    if days >= 7 and days % 7 == 0:
        return counted(days // 7, "week")
    return counted(days, "day")
