"""Dates between Python and Qt date pickers, and how the pickers show them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

DATE_FORMAT = "d MMM yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
