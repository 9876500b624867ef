"""A date typed whole, as in any text box ("28/02/2026", "28 Feb 2026", "2026-02-28"), and
read when asked: a date picker's day, month and year boxes refused a day later than the one it
showed (the 28th while it showed the 10th), so typed dates were changed without a word. A
date it reads is shown as every screen shows a day (28 Feb 2026).

The arrow at the end, or Alt+Down, opens a calendar."""

from __future__ import annotations

import contextlib
from datetime import date

from typing_extensions import override

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError
from marac_desktop.domain.typed_dates import typed_day
from marac_desktop.errors import InvalidInputError

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.widgets.dates import from_qdate, to_qdate

EARLIEST = date(1900, 1, 1)


class DateField(QLineEdit):
    """``value()`` is the date typed, or one sentence saying why it is none; a readable date
    is written back in one form (28 Feb 2026) when the person leaves the field, and
    ``refused`` fires with the sentence when it cannot be read."""

    refused = Signal(str)
    chosen = Signal()
    """A day was chosen from the calendar (typing ends with ``editingFinished``)."""

    def __init__(
        self,
        value: date,
        latest: date | None = None,
        earliest: date = EARLIEST,
        order: DateOrder = DateOrder.DAY_FIRST,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._latest = latest
        self._earliest = earliest
        self._order = order
        self.calendar: QCalendarWidget | None = None
        self.setPlaceholderText("For example, 28/02/2026")
        self.setToolTip("Type the date, for example 28/02/2026 or 28 Feb 2026 (Alt+Down: calendar)")
        self.setMinimumWidth(150)
        self.calendar_action = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "Calendar", self
        )
        self.calendar_action.setToolTip("Choose from a calendar (Alt+Down)")
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self._on_calendar_action_triggered)
        self.editingFinished.connect(self._on_editing_finished)
        self.set_value(value)

    def value(self, label: str = "date") -> date:
        """The date typed; ``InvalidInputError`` naming ``label`` when there is none."""
        text = self.text().strip()
        if not text:
            raise InvalidInputError(f"Enter the {label}.")
        try:
            day = typed_day(text, self._order, self._latest, date.today())
        except SheetDateError as error:
            raise InvalidInputError(f"The {label} {error}; type it as 28/02/2026.") from None
        if day < self._earliest:
            raise InvalidInputError(f"The {label} is before {day_text(self._earliest)}; check it.")
        return day

    def set_value(self, day: date) -> None:
        self.setText(day_text(day))

    def set_latest(self, latest: date | None) -> None:
        """The latest day the calendar offers (typing is checked by whoever reads the value)."""
        self._latest = latest

    def open_calendar(self) -> QCalendarWidget:
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setMinimumDate(to_qdate(self._earliest))
        if self._latest is not None:
            calendar.setMaximumDate(to_qdate(self._latest))
        with contextlib.suppress(InvalidInputError):  # unreadable: it opens on today
            calendar.setSelectedDate(to_qdate(self.value()))
        calendar.clicked.connect(self._on_calendar_chosen)
        calendar.activated.connect(self._on_calendar_chosen)
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()
        self.calendar = calendar
        return calendar

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_Down and alt or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_calendar_action_triggered(self) -> None:
        self.open_calendar()

    def _on_calendar_chosen(self, day: QDate) -> None:
        self.set_value(from_qdate(day))
        if self.calendar is not None:
            self.calendar.close()
            self.calendar = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.chosen.emit()

    def _on_editing_finished(self) -> None:
        try:
            self.set_value(self.value())
        except InvalidInputError as error:  # left as typed
            self.refused.emit(str(error))
