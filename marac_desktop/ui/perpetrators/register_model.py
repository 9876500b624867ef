"""The perpetrator register as a table: most recently recorded first, a page at a time, or the
perpetrators a search by name or alias finds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import override

from PySide6.QtCore import Qt

from marac_desktop.domain.perpetrators import RegisterLine
from marac_desktop.services import perpetrators

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.models.paged_table_model import PagedTableModel

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COL_FAMILY_NAME = 0
COL_GIVEN_NAMES = 1
COL_BORN = 2
COL_CASES = 3
COL_VICTIMS = 4
COL_LAST_SEEN = 5
_HEADERS = (
    "Family name",
    "Given names",
    "Date of birth",
    "Cases",
    "Victims",
    "Latest incident or referral",
)
_NUMBERS = (COL_CASES, COL_VICTIMS)


class RegisterTableModel(PagedTableModel[RegisterLine]):
    """The whole register until ``set_search`` gives words to look for; with ``own``, only
    the perpetrators of the user's own cases (``perpetrators.own_register``)."""

    def __init__(self, workspace: Workspace, parent: Any = None, own: bool = False) -> None:
        super().__init__(_HEADERS, (None,) * len(_HEADERS), parent=parent)
        self._workspace = workspace
        self.own = own
        self.search = ""

    def set_search(self, text: str) -> None:
        self.search = " ".join(text.split())
        self.reload()

    @override
    def read_first(self, limit: int) -> tuple[int, object, Sequence[RegisterLine]]:
        if self.own:
            found = perpetrators.own_register(self._workspace, self.search)
        elif self.search:
            found = perpetrators.search_register(self._workspace, self.search)
        else:
            return super().read_first(limit)
        return len(found), None, found

    @override
    def count_rows(self) -> int:
        return perpetrators.count_register(self._workspace)

    @override
    def read_page(self, offset: int, limit: int) -> Sequence[RegisterLine]:
        if self.search or self.own:
            return []  # these rows all come with the first read
        return perpetrators.register_page(self._workspace, offset, limit)

    def line_at(self, row: int) -> RegisterLine:
        return self.row_at(row)

    @override
    def display(self, row: RegisterLine, column: int) -> str:
        if column == COL_FAMILY_NAME:
            return row.family_name
        if column == COL_GIVEN_NAMES:
            return row.given_names
        if column == COL_BORN:
            return day_text(row.date_of_birth, "")
        if column == COL_CASES:
            return f"{row.cases:,}"
        if column == COL_VICTIMS:
            return f"{row.victims:,}"
        if column == COL_LAST_SEEN:
            return day_text(row.last_seen, "")
        return ""

    @override
    def alignment(self, row: RegisterLine, column: int) -> Qt.AlignmentFlag | None:
        if column in _NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
