"""Audit log entries as a table: time, user, action, target, outcome, detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from marac_desktop.domain.audit import AuditEntry

from marac_desktop.ui import style

COL_TIME = 0
COL_USER = 1
COL_ACTION = 2
COL_TARGET = 3
COL_OUTCOME = 4
COL_DETAIL = 5
_HEADERS = ("Time", "User", "Action", "Target", "Outcome", "Detail")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def local_time(stamp: str) -> str:
    """An ISO time from the log shown in local time; left as it is if it cannot be read."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp


def _display(entry: AuditEntry, column: int) -> str:
    if column == COL_TIME:
        return local_time(entry.at)
    if column == COL_USER:
        return entry.actor
    if column == COL_ACTION:
        return entry.action.replace("_", " ")
    if column == COL_TARGET:
        return f"{entry.target_type} {entry.target_id}".strip()
    if column == COL_OUTCOME:
        return entry.outcome
    if column == COL_DETAIL:
        return entry.detail
    return ""


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditEntry] = []

    def set_rows(self, rows: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @override
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == ROW_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(entry, index.column())
        if role == SORT_ROLE:
            return entry.id if index.column() == COL_TIME else _display(entry, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and entry.outcome != "ok":
            return QColor(style.ERROR_COLOUR)
        return None
