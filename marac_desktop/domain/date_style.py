"""How a day is written for people to read: one style for the area, on every screen and in
every printed document; files for other programs write ISO days instead (``IN_FILES``).

The style in use is set once the database is open (``services/settings.date_style``) and read
by everything that shows a day, so no screen keeps its own format."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class DateStyle(StrEnum):
    DAY_MONTH_NAME = "day_month_name"
    DAY_MONTH_YEAR = "day_month_year"
    YEAR_MONTH_DAY = "year_month_day"

    def shown(self, day: date) -> str:
        if self is DateStyle.DAY_MONTH_NAME:
            return f"{day.day} {day:%b %Y}"  # no leading zero, the same on every platform
        if self is DateStyle.DAY_MONTH_YEAR:
            return f"{day:%d/%m/%Y}"
        return day.isoformat()

    def month(self, day: date) -> str:
        """The calendar month ``day`` falls in, written the same way: Dec 2026, 12/2026,
        2026-12."""
        if self is DateStyle.DAY_MONTH_NAME:
            return f"{day:%b %Y}"
        if self is DateStyle.DAY_MONTH_YEAR:
            return f"{day:%m/%Y}"
        return f"{day:%Y-%m}"

    @property
    def qt_format(self) -> str:
        """The same style for a Qt date picker's display format."""
        return _QT_FORMATS[self]

    @property
    def example(self) -> str:
        return self.shown(EXAMPLE_DAY)


EXAMPLE_DAY = date(2026, 12, 1)
DEFAULT = DateStyle.DAY_MONTH_NAME
IN_FILES = DateStyle.YEAR_MONTH_DAY
"""How a file for other programs (CSV, XLSX, the command line's JSON) writes a day, whatever
the area's style: ISO 8601, 2026-12-01. Printed documents (PDF) are for people and follow the
area's style."""
_QT_FORMATS = {
    DateStyle.DAY_MONTH_NAME: "d MMM yyyy",
    DateStyle.DAY_MONTH_YEAR: "dd/MM/yyyy",
    DateStyle.YEAR_MONTH_DAY: "yyyy-MM-dd",
}
_in_use = [DEFAULT]


def use(style: DateStyle) -> None:
    _in_use[0] = style


def in_use() -> DateStyle:
    return _in_use[0]


def shown(day: date) -> str:
    """``day`` in the area's style."""
    return _in_use[0].shown(day)


def in_file(day: date) -> str:
    """``day`` as a file for other programs writes it (``IN_FILES``)."""
    return IN_FILES.shown(day)
