"""Audit log entries as a table: time, user, action, target, outcome, detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from typing_extensions import override

from PySide6.QtGui import QColor

from marac_desktop.domain.audit import AuditEntry

from marac_desktop.ui import style
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import SORT_ROLE as SORT_ROLE
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_TIME = 0
COL_USER = 1
COL_ACTION = 2
COL_TARGET = 3
COL_OUTCOME = 4
COL_DETAIL = 5
_HEADERS = ("Time", "User", "Action", "Target", "Outcome", "Detail")


def local_time(stamp: str) -> str:
    """An ISO time from the log shown in local time; left as it is if it cannot be read."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp


class AuditTableModel(RowTableModel[AuditEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    @override
    def display(self, row: AuditEntry, column: int) -> str:
        if column == COL_TIME:
            return local_time(row.at)
        if column == COL_USER:
            return row.actor
        if column == COL_ACTION:
            return row.action.replace("_", " ")
        if column == COL_TARGET:
            return f"{row.target_type} {row.target_id}".strip()
        if column == COL_OUTCOME:
            return row.outcome
        if column == COL_DETAIL:
            return row.detail
        return ""

    @override
    def sort_value(self, row: AuditEntry, column: int) -> Any:
        return row.id if column == COL_TIME else self.display(row, column)

    @override
    def foreground(self, row: AuditEntry, column: int) -> QColor | None:
        return QColor(style.ERROR_COLOUR) if row.outcome != "ok" else None
