"""Flags as a table: what kind, which case or person, when raised, status and the evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from PySide6.QtGui import QColor

from marac_desktop.domain.records import CaseFlag, FlagStatus

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text, flag_status_text, flag_words, review_text
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import SORT_ROLE as SORT_ROLE
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_KIND = 0
COL_ABOUT = 1
COL_RAISED = 2
COL_STATUS = 3
COL_EVIDENCE = 4
COL_REVIEW = 5
_HEADERS = ("Flag", "Case or person", "Raised on", "Status", "Evidence", "Reviewed")


@dataclass(frozen=True, slots=True)
class FlagRow:
    flag: CaseFlag
    about: str
    """The case reference, and the person's name for a flag about a person."""


class FlagTableModel(RowTableModel[FlagRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    @override
    def display(self, row: FlagRow, column: int) -> str:
        flag = row.flag
        if column == COL_KIND:
            return flag_words(flag.kind)
        if column == COL_ABOUT:
            return row.about
        if column == COL_RAISED:
            return day_text(flag.raised_on)
        if column == COL_STATUS:
            return flag_status_text(flag)
        if column == COL_EVIDENCE:
            return flag.evidence
        if column == COL_REVIEW:
            return review_text(flag)
        return ""

    @override
    def sort_value(self, row: FlagRow, column: int) -> str:
        if column == COL_RAISED:
            return row.flag.raised_on.isoformat()
        return self.display(row, column).casefold()

    @override
    def tooltip(self, row: FlagRow, column: int) -> str | None:
        if column == COL_EVIDENCE:
            return row.flag.evidence
        return review_text(row.flag) or None if column == COL_REVIEW else None

    @override
    def foreground(self, row: FlagRow, column: int) -> QColor | None:
        return QColor(style.MUTED_COLOUR) if row.flag.status is not FlagStatus.OPEN else None
