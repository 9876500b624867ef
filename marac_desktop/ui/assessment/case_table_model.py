"""Cases as a table: reference, victim, and the level of the latest completed assessment.

The page gives the levels of all the rows at once (one read for the whole list), never one read
per row; a case missing from them has no completed assessment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from marac_desktop.domain.cases import CaseId, CaseSummary

from marac_desktop.ui.assessment import look
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import SORT_ROLE as SORT_ROLE
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_REFERENCE = 0
COL_VICTIM = 1
COL_LEVEL = 2
_HEADERS = ("Reference", "Victim", "Latest level")
NO_LEVEL = "None completed"


class CaseTableModel(RowTableModel[CaseSummary]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)
        self._levels: dict[CaseId, str] = {}

    def set_cases(self, rows: Sequence[CaseSummary], levels: Mapping[CaseId, str]) -> None:
        """Replace the rows and their latest completed levels together."""
        self.beginResetModel()
        self._rows = list(rows)
        self._levels = dict(levels)
        self.endResetModel()

    @override
    def _rows_replaced(self) -> None:
        self._levels = {}

    def case_at(self, row: int) -> CaseSummary:
        return self.row_at(row)

    def row_of(self, case_id: int) -> int:
        return next((n for n, case in enumerate(self._rows) if case.id == case_id), -1)

    def latest_level(self, row: int) -> str:
        return self._level_of(self._rows[row])

    def _level_of(self, case: CaseSummary) -> str:
        return self._levels.get(case.id, "")

    @override
    def display(self, row: CaseSummary, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_VICTIM:
            return row.victim.display_name
        if column == COL_LEVEL:
            level = self._level_of(row)
            return look.level_words(level) if level else NO_LEVEL
        return ""

    @override
    def sort_value(self, row: CaseSummary, column: int) -> str:
        if column == COL_LEVEL:
            level = look.level_look(self._level_of(row))
            rank = list(look.LEVELS.values()).index(level) if level else len(look.LEVELS)
            return f"{rank} {row.reference}"
        return self.display(row, column).casefold()

    @override
    def background(self, row: CaseSummary, column: int) -> QColor | None:
        if column != COL_LEVEL:
            return None
        level = look.level_look(self._level_of(row))
        return QColor(level.tint) if level else None

    @override
    def foreground(self, row: CaseSummary, column: int) -> QColor | Qt.GlobalColor | None:
        if column != COL_LEVEL:
            return None
        level = look.level_look(self._level_of(row))
        return QColor(level.strong) if level else Qt.GlobalColor.darkGray
