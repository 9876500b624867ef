"""Staff accounts as a table: user name, display name, role, status."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from marac_desktop.domain.users import User

from marac_desktop.ui import style

COL_USERNAME = 0
COL_DISPLAY_NAME = 1
COL_ROLE = 2
COL_STATUS = 3
_HEADERS = ("User name", "Display name", "Role", "Status")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def status_text(user: User) -> str:
    if user.active:
        return "Active"
    if user.revoked_at is not None:
        return f"Revoked {user.revoked_at.astimezone():%d %b %Y}"
    return "Revoked"


class UserTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[User] = []

    def set_rows(self, rows: list[User]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def user_at(self, row: int) -> User:
        return self._rows[row]

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
        user = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return user
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(user, column)
        if role == SORT_ROLE:
            if column == COL_STATUS:
                return ("0 " if user.active else "1 ") + user.username
            return self._display(user, column).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QColor(style.MUTED_COLOUR)
        return None

    @staticmethod
    def _display(user: User, column: int) -> str:
        if column == COL_USERNAME:
            return user.username
        if column == COL_DISPLAY_NAME:
            return user.display_name
        if column == COL_ROLE:
            return user.role.label
        if column == COL_STATUS:
            return status_text(user)
        return ""
