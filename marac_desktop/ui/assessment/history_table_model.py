"""A case's assessments over time: date, level, yes answers, referral, status and assessor."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui.assessment import look
from marac_desktop.ui.assessment.context_page import day_text

COL_DATE = 0
COL_LEVEL = 1
COL_YES = 2
COL_REFERRED = 3
COL_STATUS = 4
COL_ASSESSOR = 5
_HEADERS = ("Date", "Level", "Yes answers", "Refer to MARAC", "Status", "Assessor")

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_WORDS = {AssessmentStatus.DRAFT: "Draft", AssessmentStatus.COMPLETED: "Completed"}

_Index = QModelIndex | QPersistentModelIndex


class HistoryTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LevelPoint] = []

    def set_rows(self, rows: list[LevelPoint]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[LevelPoint]:
        return list(self._rows)

    def point_at(self, row: int) -> LevelPoint:
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
        point = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return point
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(point, column)
        level = look.level_look(point.level)
        if column == COL_LEVEL and level is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(level.tint)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(level.strong)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and point.status is AssessmentStatus.DRAFT:
            return Qt.GlobalColor.darkGray
        return None

    @staticmethod
    def _display(point: LevelPoint, column: int) -> str:
        if column == COL_DATE:
            return day_text(point.assessment_date)
        if column == COL_LEVEL:
            return look.level_words(point.level)
        if column == COL_YES:
            return str(point.yes_count)
        if column == COL_REFERRED:
            return "Yes" if point.refer_to_marac else "No"
        if column == COL_STATUS:
            return STATUS_WORDS.get(point.status, str(point.status))
        if column == COL_ASSESSOR:
            return point.assessor
        return ""
