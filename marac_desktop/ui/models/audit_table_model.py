"""Audit log entries as a table: time, user, action, target, outcome, detail (cases by their
references; the tooltip says what the entry itself records)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor

from marac_desktop.domain.audit_references import AuditLine

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text
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
        moment = datetime.fromisoformat(stamp).astimezone()
        return f"{day_text(moment.date())} {moment:%H:%M:%S}"
    except ValueError:
        return stamp


def action_words(action: str) -> str:
    return action.replace("_", " ")


def recorded_target(line: AuditLine) -> str:
    return f"{line.entry.target_type} {line.entry.target_id}".strip()


class AuditTableModel(RowTableModel[AuditLine]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    def add_rows(self, lines: list[AuditLine]) -> None:
        """Older entries, after the ones shown."""
        if not lines:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(lines) - 1)
        self._rows.extend(lines)
        self.endInsertRows()

    @override
    def display(self, row: AuditLine, column: int) -> str:
        entry = row.entry
        if column == COL_TIME:
            return local_time(entry.at)
        if column == COL_USER:
            return entry.actor
        if column == COL_ACTION:
            return action_words(entry.action)
        if column == COL_TARGET:
            return row.target
        if column == COL_OUTCOME:
            return entry.outcome
        if column == COL_DETAIL:
            return row.detail
        return ""

    @override
    def sort_value(self, row: AuditLine, column: int) -> Any:
        return row.entry.id if column == COL_TIME else self.display(row, column)

    @override
    def foreground(self, row: AuditLine, column: int) -> QColor | None:
        return QColor(style.ERROR_COLOUR) if row.entry.outcome != "ok" else None

    @override
    def tooltip(self, row: AuditLine, column: int) -> str | None:
        recorded = {COL_TARGET: recorded_target(row), COL_DETAIL: row.entry.detail}.get(column)
        shown = self.display(row, column)
        return f"Recorded as: {recorded}" if recorded and recorded != shown else None
