"""Flags as a table: what kind, which case or person, when raised, status and the evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from marac_desktop.domain.records import CaseFlag, FlagStatus

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import FLAG_STATUS_WORDS, day_text, flag_words

COL_KIND = 0
COL_ABOUT = 1
COL_RAISED = 2
COL_STATUS = 3
COL_EVIDENCE = 4
_HEADERS = ("Flag", "Case or person", "Raised on", "Status", "Evidence")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class FlagRow:
    flag: CaseFlag
    about: str
    """The case reference, or the person's name for a flag about a person."""


class FlagTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[FlagRow] = []

    def set_rows(self, rows: Sequence[FlagRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> FlagRow:
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
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            if column == COL_RAISED:
                return row.flag.raised_on.isoformat()
            return self._display(row, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_EVIDENCE:
            return row.flag.evidence
        if role == Qt.ItemDataRole.ForegroundRole and row.flag.status is not FlagStatus.OPEN:
            return QColor(style.MUTED_COLOUR)
        return None

    @staticmethod
    def _display(row: FlagRow, column: int) -> str:
        flag = row.flag
        if column == COL_KIND:
            return flag_words(flag.kind)
        if column == COL_ABOUT:
            return row.about
        if column == COL_RAISED:
            return day_text(flag.raised_on)
        if column == COL_STATUS:
            return FLAG_STATUS_WORDS[flag.status]
        if column == COL_EVIDENCE:
            return flag.evidence
        return ""
