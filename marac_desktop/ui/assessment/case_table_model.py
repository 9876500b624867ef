"""Cases as a table: reference, victim, the level of the latest completed assessment, and
whether the signed-in user is the case's IDVA.

The page gives the levels of all the rows at once (one read for the whole list), never one read
per row; a case missing from them has no completed assessment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
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
COL_MINE = 3
_HEADERS = ("Reference", "Victim", "Latest level", "IDVA")
NO_LEVEL = "None completed"
MINE = "You"


class CaseTableModel(RowTableModel[CaseSummary]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)
        self._levels: dict[CaseId, str] = {}
        self._mine: frozenset[CaseId] = frozenset()
        self._order: dict[CaseId, int] = {}

    def set_cases(
        self,
        rows: Sequence[CaseSummary],
        levels: Mapping[CaseId, str],
        mine: Collection[CaseId] = (),
    ) -> None:
        """Replace the rows, their latest completed levels and which are the user's together."""
        self.beginResetModel()
        self._rows = list(rows)
        self._levels = dict(levels)
        self._mine = frozenset(mine)
        self._order = {case.id: n for n, case in enumerate(self._rows)}
        self.endResetModel()

    @override
    def _rows_replaced(self) -> None:
        self._levels = {}
        self._mine = frozenset()
        self._order = {case.id: n for n, case in enumerate(self._rows)}

    def is_mine(self, row: int) -> bool:
        return self._rows[row].id in self._mine

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
        if column == COL_MINE:
            return MINE if row.id in self._mine else ""
        return ""

    @override
    def sort_value(self, row: CaseSummary, column: int) -> str:
        if column == COL_MINE:  # the user's first, then in the order listed (the most recent)
            return f"{0 if row.id in self._mine else 1} {self._order.get(row.id, 0):06d}"
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
