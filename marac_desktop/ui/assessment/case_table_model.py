"""Cases as a table: reference, victim, and the level of the latest completed assessment.

The level is looked up the first time a row is shown (a view asks only for the rows on screen),
through the loader the page gives, and kept until the rows are replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import override

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from marac_desktop.domain.cases import CaseSummary

from marac_desktop.ui.assessment import look

COL_REFERENCE = 0
COL_VICTIM = 1
COL_LEVEL = 2
_HEADERS = ("Reference", "Victim", "Latest level")
NO_LEVEL = "None completed"

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


LevelLoader = Callable[[CaseSummary], str]
"""The level of a case's latest completed assessment, or "" when none is completed."""


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, level_loader: LevelLoader | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._levels: dict[int, str] = {}
        self._level_loader = level_loader

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._levels = {}
        self.endResetModel()

    def case_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def row_of(self, case_id: int) -> int:
        return next((n for n, case in enumerate(self._rows) if case.id == case_id), -1)

    def latest_level(self, row: int) -> str:
        case = self._rows[row]
        if case.id not in self._levels:
            loader = self._level_loader
            self._levels[case.id] = loader(case) if loader is not None else ""
        return self._levels[case.id]

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
        case = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return case
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), column)
        if role == SORT_ROLE:
            if column == COL_LEVEL:
                level = look.level_look(self.latest_level(index.row()))
                rank = list(look.LEVELS.values()).index(level) if level else len(look.LEVELS)
                return f"{rank} {case.reference}"
            return self._display(index.row(), column).casefold()
        if column == COL_LEVEL and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            level = look.level_look(self.latest_level(index.row()))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(level.tint) if level else None
            return QColor(level.strong) if level else Qt.GlobalColor.darkGray
        return None

    def _display(self, row: int, column: int) -> str:
        case = self._rows[row]
        if column == COL_REFERENCE:
            return case.reference
        if column == COL_VICTIM:
            return case.victim.display_name
        if column == COL_LEVEL:
            level = self.latest_level(row)
            return look.level_words(level) if level else NO_LEVEL
        return ""


class CaseFilterProxy(QSortFilterProxyModel):
    """Finds cases by reference or name only, so filtering never looks up levels."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange()

    @override
    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        needle = self._needle
        if not needle:
            return True
        model = self.sourceModel()
        return any(
            needle in str(model.index(source_row, column, source_parent).data()).casefold()
            for column in (COL_REFERENCE, COL_VICTIM)
        )
