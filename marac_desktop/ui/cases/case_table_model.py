"""The case list, read from the database a page at a time, sorted and searched there too.

The model never holds every case: it counts the matches, loads the first page, and loads the
next page only when the view scrolls to the end (``canFetchMore``/``fetchMore``). Sorting asks
the database for a new order instead of sorting in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import override

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from marac_desktop.domain.cases import CaseId
from marac_desktop.errors import UserFacingError
from marac_desktop.services import records

from marac_desktop.ui.cases.words import day_text, dob_cell
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import Index, RowTableModel

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COL_REFERENCE = 0
COL_FAMILY_NAME = 1
COL_GIVEN_NAMES = 2
COL_DATE_OF_BIRTH = 3
COL_LAST_REFERRAL = 4
COL_OPEN_FLAGS = 5
_HEADERS = ("Case", "Family name", "Given names", "Date of birth", "Last referral", "Open flags")
SORT_KEYS = (
    "reference",
    "family_name",
    "given_names",
    "date_of_birth",
    "last_referral",
    "open_flags",
)


CaseRow = records.CaseListRow


PAGE_SIZE = 200


class CaseTableModel(RowTableModel[CaseRow]):
    """``total`` is how many cases match the search; ``loaded`` how many are held so far."""

    load_failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)
        self._workspace = workspace
        self._total = 0
        self._search = ""
        self._sort_column = COL_REFERENCE
        self._order = Qt.SortOrder.AscendingOrder
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def total(self) -> int:
        return self._total

    @property
    def loaded(self) -> int:
        return len(self._rows)

    @property
    def search(self) -> str:
        return self._search

    @property
    def sort_key(self) -> str:
        return SORT_KEYS[self._sort_column]

    @property
    def descending(self) -> bool:
        return self._order == Qt.SortOrder.DescendingOrder

    def set_search(self, text: str) -> None:
        self._search = " ".join(text.split())
        self.reload()

    def reload(self) -> None:
        """Count the matches again and load the first page (after a change or a new search)."""
        problem = ""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        try:
            self._total = records.count_cases(self._workspace, self._search)
            if self._total:
                self._rows = list(self._page(0))
        except UserFacingError as error:
            problem = str(error)
        self._total = max(self._total, len(self._rows))
        self.endResetModel()
        if problem:
            self.load_failed.emit(problem)

    def _page(self, offset: int) -> Sequence[CaseRow]:
        return records.case_page(
            self._workspace, self._search, offset, PAGE_SIZE, self.sort_key, self.descending
        )

    def case_at(self, row: int) -> CaseRow:
        return self.row_at(row)

    def row_of(self, case_id: CaseId) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == case_id), -1)

    @override
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    @override
    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        try:
            more = self._page(len(self._rows))
        except UserFacingError as error:
            self._total = len(self._rows)
            self.load_failed.emit(str(error))
            return
        more = more[: self._total - len(self._rows)]
        if not more:  # cases removed since the count: stop asking
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        if column == self._sort_column and order == self._order and self._rows:
            return
        self._sort_column, self._order = column, order
        self.reload()

    @override
    def display(self, row: CaseRow, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_FAMILY_NAME:
            return row.family_name
        if column == COL_GIVEN_NAMES:
            return row.given_names
        if column == COL_DATE_OF_BIRTH:
            return dob_cell(row.date_of_birth, row.dob_precision)
        if column == COL_LAST_REFERRAL:
            return day_text(row.last_referral, "None")
        if column == COL_OPEN_FLAGS:
            return str(row.open_flags) if row.open_flags else ""
        return ""

    @override
    def font(self, row: CaseRow, column: int) -> QFont | None:
        return self._bold if column == COL_OPEN_FLAGS and row.open_flags else None

    @override
    def alignment(self, row: CaseRow, column: int) -> int | None:
        return int(Qt.AlignmentFlag.AlignCenter) if column == COL_OPEN_FLAGS else None
