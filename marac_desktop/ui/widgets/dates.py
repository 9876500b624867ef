"""Dates between Python and Qt date pickers, and how the pickers show them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from marac_desktop.domain import date_style


def display_format() -> str:
    """A date picker's display format: the area's style of writing days."""
    return date_style.in_use().qt_format


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
