"""A day typed as text (1/3/2026, 1 Mar 2026, 2026-03-01), or left blank for "any day"; kept
as typed, so nothing is changed that was not understood."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError, read_sheet_date
from marac_desktop.errors import InvalidInputError

EXAMPLE = "1/3/2026 or 1 Mar 2026"


class DayField(QLineEdit):
    """``day()`` reads what is typed; what it cannot read stays as typed."""

    def __init__(self, name: str, blank: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setPlaceholderText(blank)
        self.setToolTip(f"Type a day, for example {EXAMPLE}; leave it empty for {blank.lower()}.")
        self.setAccessibleName(f"{name} day")
        self.setAccessibleDescription(f"A day such as {EXAMPLE}, or empty for {blank.lower()}.")
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * 18))

    def day(self) -> date | None:
        text = self.text().strip()
        if not text:
            return None
        latest = date(date.today().year // 100 * 100 + 99, 12, 31)
        try:
            return read_sheet_date(text, DateOrder.DAY_FIRST, latest, future_allowed=True).day
        except SheetDateError:
            raise InvalidInputError(
                f"The '{self._name.lower()}' day is not a date; type it as {EXAMPLE}."
            ) from None
