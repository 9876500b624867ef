"""Staff accounts as a table: user name, display name, role, status."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtGui import QColor

from marac_desktop.domain.users import User

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import SORT_ROLE as SORT_ROLE
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_USERNAME = 0
COL_DISPLAY_NAME = 1
COL_ROLE = 2
COL_STATUS = 3
_HEADERS = ("User name", "Display name", "Role", "Status")


def status_text(user: User) -> str:
    if user.active:
        return "Active"
    if user.revoked_at is not None:
        return f"Revoked {day_text(user.revoked_at.astimezone().date())}"
    return "Revoked"


class UserTableModel(RowTableModel[User]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    @override
    def display(self, row: User, column: int) -> str:
        if column == COL_USERNAME:
            return row.username
        if column == COL_DISPLAY_NAME:
            return row.display_name
        if column == COL_ROLE:
            return row.role.label
        if column == COL_STATUS:
            return status_text(row)
        return ""

    @override
    def sort_value(self, row: User, column: int) -> str:
        if column == COL_STATUS:
            return ("0 " if row.active else "1 ") + row.username
        return self.display(row, column).casefold()

    @override
    def foreground(self, row: User, column: int) -> QColor | None:
        return None if row.active else QColor(style.MUTED_COLOUR)
