"""A case's assessments over time: date, level, yes answers, referral, status and assessor."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui.assessment import look
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_DATE = 0
COL_LEVEL = 1
COL_YES = 2
COL_REFERRED = 3
COL_STATUS = 4
COL_ASSESSOR = 5
_HEADERS = ("Date", "Level", "Yes answers", "Refer to MARAC", "Status", "Assessor")

STATUS_WORDS = {AssessmentStatus.DRAFT: "Draft", AssessmentStatus.COMPLETED: "Completed"}


class HistoryTableModel(RowTableModel[LevelPoint]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    def rows(self) -> list[LevelPoint]:
        return list(self._rows)

    def point_at(self, row: int) -> LevelPoint:
        return self.row_at(row)

    @override
    def display(self, row: LevelPoint, column: int) -> str:
        if column == COL_DATE:
            return day_text(row.assessment_date)
        if column == COL_LEVEL:
            return look.level_words(row.level)
        if column == COL_YES:
            return str(row.yes_count)
        if column == COL_REFERRED:
            return "Yes" if row.refer_to_marac else "No"
        if column == COL_STATUS:
            return STATUS_WORDS.get(row.status, str(row.status))
        if column == COL_ASSESSOR:
            return row.assessor
        return ""

    @override
    def background(self, row: LevelPoint, column: int) -> QColor | None:
        level = look.level_look(row.level)
        return QColor(level.tint) if column == COL_LEVEL and level is not None else None

    @override
    def foreground(self, row: LevelPoint, column: int) -> QColor | Qt.GlobalColor | None:
        level = look.level_look(row.level)
        if column == COL_LEVEL and level is not None:
            return QColor(level.strong)
        return Qt.GlobalColor.darkGray if row.status is AssessmentStatus.DRAFT else None

    @override
    def font(self, row: LevelPoint, column: int) -> QFont | None:
        if column != COL_LEVEL or look.level_look(row.level) is None:
            return None
        font = QFont()
        font.setBold(True)
        return font
