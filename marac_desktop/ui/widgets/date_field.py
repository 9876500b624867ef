"""A day typed in one go, as in any text box ("12/3/2026", "12 Mar 2026"), read when the
person leaves the field: what it cannot read stays as typed, with one sentence saying why."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.domain.typed_dates import DAY_EXAMPLE, TypedDateError, read_date
from marac_desktop.errors import InvalidInputError

from marac_desktop.ui.cases.words import day_text


class DateField(QLineEdit):
    """``refused`` fires with the sentence when the text left in it reads as no day."""

    refused = Signal(str)

    def __init__(
        self,
        value: date,
        order: DateOrder = DateOrder.DAY_FIRST,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._order = order
        self._today = today
        self.setPlaceholderText(f"For example, {DAY_EXAMPLE}")
        self.setToolTip(f"Type the date, for example {DAY_EXAMPLE} or 12 Mar 2026.")
        self.setText(day_text(value))
        self.editingFinished.connect(self._on_editing_finished)

    def set_value(self, value: date) -> None:
        self.setText(day_text(value))

    def value(self) -> date:
        """The day the text says; ``InvalidInputError`` (one sentence) when it says none."""
        try:
            return read_date(self.text(), self._order, self._today or date.today())
        except TypedDateError as error:
            raise InvalidInputError(str(error)) from None

    def _on_editing_finished(self) -> None:
        try:
            self.set_value(self.value())
        except InvalidInputError as error:
            self.refused.emit(str(error))
