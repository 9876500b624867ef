"""The case list, read from the database a page at a time, sorted and searched there too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from marac_desktop.domain.cases import CaseId
from marac_desktop.services import records

from marac_desktop.ui.cases.words import day_text, dob_cell
from marac_desktop.ui.models.paged_table_model import PAGE_SIZE as PAGE_SIZE
from marac_desktop.ui.models.paged_table_model import PagedTableModel
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COL_REFERENCE = 0
COL_FAMILY_NAME = 1
COL_GIVEN_NAMES = 2
COL_DATE_OF_BIRTH = 3
COL_LAST_REFERRAL = 4
COL_OPEN_FLAGS = 5
COL_FOUND_BY = 6
_HEADERS = (
    "Case",
    "Family name",
    "Given names",
    "Date of birth",
    "Last referral",
    "Open flags",
    "Found by",
)
SORT_KEYS: tuple[str | None, ...] = (
    "reference",
    "family_name",
    "given_names",
    "date_of_birth",
    "last_referral",
    "open_flags",
    None,
)


CaseRow = records.CaseListRow


class CaseTableModel(PagedTableModel[CaseRow]):
    """``total`` is how many cases match the search; ``loaded`` how many are held so far."""

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(_HEADERS, SORT_KEYS, COL_REFERENCE, parent=parent)
        self._workspace = workspace
        self._search = ""
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def search(self) -> str:
        return self._search

    def set_search(self, text: str) -> None:
        self._search = " ".join(text.split())
        self.reload()

    @override
    def count_rows(self) -> int:
        return records.count_cases(self._workspace, self._search)

    @override
    def read_page(self, offset: int, limit: int) -> Sequence[CaseRow]:
        return records.case_page(
            self._workspace, self._search, offset, limit, self.sort_key, self.descending
        )

    def case_at(self, row: int) -> CaseRow:
        return self.row_at(row)

    def row_of(self, case_id: CaseId) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == case_id), -1)

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
        if column == COL_FOUND_BY:
            return row.found_by.capitalize()
        return ""

    @override
    def font(self, row: CaseRow, column: int) -> QFont | None:
        return self._bold if column == COL_OPEN_FLAGS and row.open_flags else None

    @override
    def alignment(self, row: CaseRow, column: int) -> int | None:
        return int(Qt.AlignmentFlag.AlignCenter) if column == COL_OPEN_FLAGS else None
