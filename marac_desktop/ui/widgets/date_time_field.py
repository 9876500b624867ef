"""A date and time typed in one go (Tab leaves the field, as in any text box), read whole when
the person leaves it: what it cannot read stays as typed, with one sentence saying why."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.domain.typed_dates import EXAMPLE, TypedDateError, read_date_time
from marac_desktop.errors import InvalidInputError

from marac_desktop.ui.meetings.words import when_text


class DateTimeField(QLineEdit):
    """``read`` fires with the moment once typed text reads as one; ``refused`` with the
    sentence when it does not (the text stays as typed)."""

    read = Signal(datetime)
    refused = Signal(str)

    def __init__(
        self,
        value: datetime,
        order: DateOrder = DateOrder.DAY_FIRST,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._order = order
        self._today = today
        self._value = value
        self.setPlaceholderText(f"For example, {EXAMPLE}")
        self.setToolTip(
            f"Type the date and then the time, for example {EXAMPLE} or 12 Mar 2026 2pm."
        )
        self.setText(when_text(value))
        self.editingFinished.connect(self._on_editing_finished)

    def set_value(self, value: datetime) -> None:
        self._value = value
        self.setText(when_text(value))
        self.read.emit(value)

    def value(self) -> datetime:
        """The moment the text says; ``InvalidInputError`` (one sentence) when it says none."""
        try:
            return read_date_time(self.text(), self._order, self._today or date.today())
        except TypedDateError as error:
            raise InvalidInputError(str(error)) from None

    def _on_editing_finished(self) -> None:
        try:
            moment = self.value()
        except InvalidInputError as error:
            self.refused.emit(str(error))
            return
        self.set_value(moment)
