"""Reading a date the way a coordinator typed it into a tracking sheet.

Day first by default ("03/04/2024" is 3 April; an area setting can make it month first).
A two-digit year is put in the latest century that does not make the date later than today,
so a date of birth or a MARAC date is never in the future: on 2 December 2026 "01/01/60" is
1960 and "14/07/24" is 2024. Every such choice is reported, so the preview can say which dates
it resolved. Pure: the caller gives today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
EARLIEST_YEAR = 1900

_NUMERIC = re.compile(r"^(\d{1,4})[/.\- ](\d{1,2})[/.\- ](\d{1,4})$")
_NAMED = re.compile(r"^(\d{1,2})[/.\- ]*([a-z]+)\.?[/.\- ,]*(\d{2}|\d{4})$")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


class DateOrder(StrEnum):
    DAY_FIRST = "day_first"
    MONTH_FIRST = "month_first"

    @property
    def example(self) -> str:
        return "DD/MM/YYYY" if self is DateOrder.DAY_FIRST else "MM/DD/YYYY"


class SheetDateError(ValueError):
    """The cell is not a date; the text says why in words for the problem list."""


@dataclass(frozen=True, slots=True)
class SheetDate:
    day: date
    century_chosen: bool = False
    """True when a two-digit year was put in a century by the rule."""


def _full_year(year: int, digits: int, month: int, day: int, today: date) -> tuple[int, bool]:
    if digits > 2:
        return year, False
    recent = 2000 + year
    try:
        fits = date(recent, month, day) <= today
    except ValueError:
        fits = recent <= today.year
    return (recent if fits else 1900 + year), True


def _built(year_text: str, month: int, day: int, today: date) -> SheetDate:
    year, chosen = _full_year(int(year_text), len(year_text), month, day, today)
    if not 1 <= month <= 12:
        raise SheetDateError(f"has no month {month}")
    try:
        found = date(year, month, day)
    except ValueError:
        raise SheetDateError("is not a day that exists") from None
    if year < EARLIEST_YEAR:
        raise SheetDateError(f"is before {EARLIEST_YEAR}")
    return SheetDate(found, chosen)


def read_sheet_date(
    value: str | date | datetime, order: DateOrder, today: date, future_allowed: bool = False
) -> SheetDate:
    """The date in one cell; ``SheetDateError`` says what is wrong with it."""
    if isinstance(value, datetime):
        found = SheetDate(value.date())
    elif isinstance(value, date):
        found = SheetDate(value)
    else:
        found = _read_text(value, order, today)
    if not future_allowed and found.day > today:
        raise SheetDateError("is in the future")
    return found


def _read_text(value: str, order: DateOrder, today: date) -> SheetDate:
    text = _TIME.sub("", value.strip().lower())
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second, third = numeric.groups()
        if len(first) == 4:
            return _built(first, int(second), int(third), today)
        if len(third) == 3:
            raise SheetDateError("has a three-digit year")
        day, month = (first, second) if order is DateOrder.DAY_FIRST else (second, first)
        return _built(third, int(month), int(day), today)
    named = _NAMED.match(text)
    if named and named.group(2) in MONTHS:
        day_text, month_name, year_text = named.groups()
        return _built(year_text, MONTHS[month_name], int(day_text), today)
    raise SheetDateError(f"is not a date (write it as {order.example})")
