"""Dates between Python and Qt date pickers, and how the pickers show them."""

from __future__ import annotations

from datetime import date

from typing_extensions import override

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

DATE_FORMAT = "d MMM yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateEdit(QDateEdit):
    """A date picker that Tab leaves, as it leaves any other field (a plain one moves between
    day, month and year first, so what is typed next lands in the date)."""

    @override
    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QWidget.focusNextPrevChild(self, next)
