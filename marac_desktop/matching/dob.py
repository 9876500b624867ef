"""How two dates of birth agree, allowing for the slips people make when writing them down."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from marac_desktop.domain.people import DobPrecision
from marac_desktop.errors import InvalidInputError


class DobAgreement(Enum):
    """Kinds of agreement, strongest first; ``score`` is a similarity from 0 to 1."""

    SAME = ("same date of birth", 1.0)
    DAY_MONTH_SWAPPED = ("date of birth with day and month swapped", 0.85)
    YEAR_APART = ("date of birth a year apart (same day and month)", 0.6)
    ONE_DIGIT = ("one digit different in the date of birth", 0.6)
    DECADE_DIGIT = ("one digit different in the year of birth (ten or more years apart)", 0.3)
    DIGITS_SWAPPED = ("two digits swapped in the date of birth", 0.6)
    DAY_APART = ("date of birth one day apart", 0.5)
    SAME_YEAR_ONLY = ("only the birth year matches", 0.4)
    NEAR_YEAR_ONLY = ("birth year one year apart (only the year known)", 0.15)
    DIFFERENT = ("dates of birth differ", 0.0)
    UNKNOWN = ("no date of birth to compare", 0.0)

    def __init__(self, reason: str, score: float) -> None:
        self.reason = reason
        self.score = score


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth as recorded: a full date, or only the year (the date holds 1 January)."""

    value: date
    precision: DobPrecision = DobPrecision.DAY

    @property
    def digits(self) -> str:
        return self.value.strftime("%Y%m%d")


def _both_new_years_day(a: BirthDate, b: BirthDate) -> bool:
    """1 January in different years: often written when only the year is known, so the years
    are compared as years, not as digits one slip apart."""
    x, y = a.value, b.value
    return x.year != y.year and (x.month, x.day) == (y.month, y.day) == (1, 1)


def compare_dobs(a: BirthDate | None, b: BirthDate | None) -> DobAgreement:
    if a is None or b is None:
        return DobAgreement.UNKNOWN
    if DobPrecision.YEAR in (a.precision, b.precision) or _both_new_years_day(a, b):
        gap = abs(a.value.year - b.value.year)
        return {0: DobAgreement.SAME_YEAR_ONLY, 1: DobAgreement.NEAR_YEAR_ONLY}.get(
            gap, DobAgreement.DIFFERENT
        )
    x, y = a.value, b.value
    if x == y:
        return DobAgreement.SAME
    if x.year == y.year and (x.month, x.day) == (y.day, y.month):
        return DobAgreement.DAY_MONTH_SWAPPED
    if (x.month, x.day) == (y.month, y.day) and abs(x.year - y.year) == 1:
        return DobAgreement.YEAR_APART
    da, db = a.digits, b.digits
    differing = [i for i in range(8) if da[i] != db[i]]
    if len(differing) == 1:
        return DobAgreement.ONE_DIGIT if differing[0] >= 3 else DobAgreement.DECADE_DIGIT
    if (
        len(differing) == 2
        and differing[1] == differing[0] + 1
        and da[differing[0]] == db[differing[1]]
        and da[differing[1]] == db[differing[0]]
    ):
        return DobAgreement.DIGITS_SWAPPED
    if abs((x - y).days) == 1:
        return DobAgreement.DAY_APART
    return DobAgreement.DIFFERENT


_STRENGTH = {agreement: rank for rank, agreement in enumerate(DobAgreement)}


def best_dob_agreement(first: tuple[BirthDate, ...], second: tuple[BirthDate, ...]) -> DobAgreement:
    """The strongest agreement between any recorded date of one person and any of the other."""
    found = [compare_dobs(a, b) for a in first for b in second]
    if not found:
        return DobAgreement.UNKNOWN
    return min(found, key=_STRENGTH.__getitem__)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(?:c\.?|circa|about|approx\.?|~)?\s*(\d{4})$", re.IGNORECASE)


def parse_birth_date(text: str) -> BirthDate | None:
    """Read 1985-03-12, 12/03/1985 (day first, as in the UK), 1985 or ``c. 1985``; blank is None."""
    text = text.strip()
    if not text:
        return None
    try:
        if match := _ISO.match(text):
            year, month, day = (int(part) for part in match.groups())
            return BirthDate(date(year, month, day))
        if match := _DAY_FIRST.match(text):
            day, month, year = (int(part) for part in match.groups())
            return BirthDate(date(year, month, day))
        if match := _YEAR.match(text):
            return BirthDate(date(int(match.group(1)), 1, 1), DobPrecision.YEAR)
    except ValueError:
        pass
    raise InvalidInputError(
        "A date of birth could not be read; write it as 12/03/1985, 1985-03-12 or just 1985."
    )
