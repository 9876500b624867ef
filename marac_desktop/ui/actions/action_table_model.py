"""Agency actions as a table; an overdue action says "Overdue" as well as being coloured."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtGui import QColor

from marac_desktop.services.actions import TrackedAction

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_MEETING = 0
COL_CASE = 1
COL_AGENCY = 2
COL_WHAT = 3
COL_WHO = 4
COL_DUE = 5
COL_STATUS = 6
_HEADERS = ("Meeting", "Case", "Agency", "What", "Who", "Due", "Status")
OVERDUE_BACKGROUND = "#fbe4e2"


def status_text(item: TrackedAction) -> str:
    label = item.action.status.label
    return f"Overdue ({label.lower()})" if item.overdue else label


class ActionTableModel(RowTableModel[TrackedAction]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    @override
    def display(self, row: TrackedAction, column: int) -> str:
        action = row.action
        if column == COL_MEETING:
            return day_text(row.meeting_starts_at.date())
        if column == COL_CASE:
            return row.reference
        if column == COL_AGENCY:
            return row.agency_label
        if column == COL_WHAT:
            return action.what
        if column == COL_WHO:
            return action.who
        if column == COL_DUE:
            return day_text(action.due)
        if column == COL_STATUS:
            return status_text(row)
        return ""

    @override
    def sort_value(self, row: TrackedAction, column: int) -> Any:
        if column == COL_MEETING:
            return row.meeting_starts_at.isoformat()
        if column == COL_DUE:
            return row.action.due.isoformat()
        return self.display(row, column).casefold()

    @override
    def background(self, row: TrackedAction, column: int) -> QColor | None:
        return QColor(OVERDUE_BACKGROUND) if row.overdue else None

    @override
    def foreground(self, row: TrackedAction, column: int) -> QColor | None:
        if row.overdue and column in (COL_DUE, COL_STATUS):
            return QColor(style.ERROR_COLOUR)
        if row.overdue:
            return QColor("#000000")
        return None

    @override
    def tooltip(self, row: TrackedAction, column: int) -> str | None:
        return row.action.what if column == COL_WHAT else None
