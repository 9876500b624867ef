"""Choose the period a report covers: a quarter (year and Q1 to Q4) or any dates from and to."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from marac_desktop.domain import date_style

from marac_desktop.ui.widgets.dates import display_format, from_qdate, to_qdate

QUARTER_NAMES = ("Q1 (Jan–Mar)", "Q2 (Apr–Jun)", "Q3 (Jul–Sep)", "Q4 (Oct–Dec)")
FIRST_YEAR = 2000


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """The first and last day of calendar quarter ``quarter`` (1 to 4) of ``year``."""
    first = date(year, 3 * (quarter - 1) + 1, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, after - timedelta(days=1)


def last_complete_quarter(today: date) -> tuple[int, int]:
    """The year and number of the latest quarter that ended before ``today``."""
    current = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if current == 1 else (today.year, current - 1)


class PeriodPicker(QWidget):
    """Emits ``changed`` whenever the chosen period changes; ``period()`` gives it."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        year, quarter = last_complete_quarter(today)
        self.quarter_choice = QRadioButton("Quarter")
        self.custom_choice = QRadioButton("From")
        self.year_box = QSpinBox()
        self.year_box.setAccessibleDescription("The year of the quarter")
        self.year_box.setRange(FIRST_YEAR, today.year)
        self.year_box.setValue(year)
        self.year_box.setAccessibleName("Year")
        self.quarter_box = QComboBox()
        self.quarter_box.setAccessibleDescription("The quarter the report counts")
        self.quarter_box.addItems(QUARTER_NAMES)
        self.quarter_box.setCurrentIndex(quarter - 1)
        self.quarter_box.setAccessibleName("Quarter")
        first, last = quarter_bounds(year, quarter)
        self.from_edit = self._date_edit(first, "From")
        self.from_edit.setAccessibleDescription("The first day the report counts")
        self.to_edit = self._date_edit(last, "To")
        self.to_edit.setAccessibleDescription("The last day the report counts")
        self.quarter_choice.setChecked(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Period:"))
        layout.addWidget(self.quarter_choice)
        layout.addWidget(self.year_box)
        layout.addWidget(self.quarter_box)
        layout.addSpacing(16)
        layout.addWidget(self.custom_choice)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.to_edit)
        layout.addStretch(1)
        self._enable()

        self.quarter_choice.toggled.connect(self._on_choice_toggled)
        self.year_box.valueChanged.connect(self._on_quarter_changed)
        self.quarter_box.currentIndexChanged.connect(self._on_quarter_changed)
        self.from_edit.dateChanged.connect(self._on_dates_changed)
        self.to_edit.dateChanged.connect(self._on_dates_changed)

    @staticmethod
    def _date_edit(day: date, name: str) -> QDateEdit:
        edit = QDateEdit(to_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(display_format())
        edit.setAccessibleName(name)
        return edit

    # ----- reading and setting ------------------------------------------------------------

    def is_quarter(self) -> bool:
        return self.quarter_choice.isChecked()

    def quarter(self) -> tuple[int, int]:
        return self.year_box.value(), self.quarter_box.currentIndex() + 1

    def period(self) -> tuple[date, date]:
        """The first and last day of the chosen period, both included."""
        if self.is_quarter():
            return quarter_bounds(*self.quarter())
        return from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())

    def set_dates(self, first: date, last: date) -> None:
        with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
            self.from_edit.setDate(to_qdate(first))
            self.to_edit.setDate(to_qdate(last))
        with QSignalBlocker(self.custom_choice), QSignalBlocker(self.quarter_choice):
            self.custom_choice.setChecked(True)
        self._enable()
        self.changed.emit()

    def period_name(self) -> str:
        """For file names: 2026-Q3, or 2026-01-01-to-2026-03-31. Never anything personal."""
        if self.is_quarter():
            year, quarter = self.quarter()
            return f"{year}-Q{quarter}"
        first, last = self.period()
        return f"{date_style.in_file(first)}-to-{date_style.in_file(last)}"

    # ----- reacting -----------------------------------------------------------------------

    def _enable(self) -> None:
        quarter = self.is_quarter()
        self.year_box.setEnabled(quarter)
        self.quarter_box.setEnabled(quarter)
        self.from_edit.setEnabled(not quarter)
        self.to_edit.setEnabled(not quarter)

    def _follow_quarter(self) -> None:
        """Keep the dates showing the quarter, so switching to dates starts from it."""
        first, last = quarter_bounds(*self.quarter())
        with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
            self.from_edit.setDate(to_qdate(first))
            self.to_edit.setDate(to_qdate(last))

    def _on_choice_toggled(self, _checked: bool) -> None:
        self._enable()
        self.changed.emit()

    def _on_quarter_changed(self, _value: int) -> None:
        self._follow_quarter()
        self.changed.emit()

    def _on_dates_changed(self, _value: QDate) -> None:
        self.changed.emit()
