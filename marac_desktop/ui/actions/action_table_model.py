"""Agency actions as a table; an overdue action says "Overdue" as well as being coloured.

The tracker is read a page at a time, filtered and sorted in the database (``PagedTableModel``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import override

from PySide6.QtGui import QColor

from marac_desktop.domain.meetings import ActionFilter
from marac_desktop.services import actions
from marac_desktop.services.actions import TrackedAction

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.models.paged_table_model import PagedTableModel

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COL_MEETING = 0
COL_CASE = 1
COL_AGENCY = 2
COL_WHAT = 3
COL_WHO = 4
COL_DUE = 5
COL_STATUS = 6
_HEADERS = ("Meeting", "Case", "Agency", "What", "Who", "Due", "Status")
SORT_KEYS = ("meeting", "case", "agency", "what", "who", "due", "status")
OVERDUE_BACKGROUND = "#fbe4e2"


def status_text(item: TrackedAction) -> str:
    label = item.action.status.label
    return f"Overdue ({label.lower()})" if item.overdue else label


class ActionTableModel(PagedTableModel[TrackedAction]):
    """Empty until ``set_filter`` chooses what to show; by due day to begin with. ``overdue``
    is how many of the matching actions are overdue."""

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(_HEADERS, SORT_KEYS, COL_DUE, parent=parent)
        self._workspace = workspace
        self._filter: ActionFilter | None = None
        self.overdue = 0

    def set_filter(self, chosen: ActionFilter) -> None:
        self._filter = chosen
        self.reload()

    @override
    def count_rows(self) -> int:
        return self.count_detail()[0]

    @override
    def count_detail(self) -> tuple[int, object]:
        """The actions that match, and how many of them are overdue."""
        if self._filter is None:
            return 0, 0
        counted = actions.count_actions(self._workspace, self._filter)
        return counted.actions, counted.overdue

    @override
    def counted(self, extra: object) -> None:
        self.overdue = extra if isinstance(extra, int) else 0

    @override
    def read_page(self, offset: int, limit: int) -> Sequence[TrackedAction]:
        if self._filter is None:
            return []
        return actions.action_page(
            self._workspace, self._filter, offset, limit, self.sort_key, self.descending
        )

    @override
    def display(self, row: TrackedAction, column: int) -> str:
        action = row.action
        if column == COL_MEETING:
            return day_text(row.meeting_starts_at.date())
        if column == COL_CASE:
            return row.reference
        if column == COL_AGENCY:
            return row.agency_label
        if column == COL_WHAT:
            return action.what
        if column == COL_WHO:
            return action.who
        if column == COL_DUE:
            return day_text(action.due)
        if column == COL_STATUS:
            return status_text(row)
        return ""

    @override
    def background(self, row: TrackedAction, column: int) -> QColor | None:
        return QColor(OVERDUE_BACKGROUND) if row.overdue else None

    @override
    def foreground(self, row: TrackedAction, column: int) -> QColor | None:
        if row.overdue and column in (COL_DUE, COL_STATUS):
            return QColor(style.ERROR_COLOUR)
        if row.overdue:
            return QColor("#000000")
        return None

    @override
    def tooltip(self, row: TrackedAction, column: int) -> str | None:
        return row.action.what if column == COL_WHAT else None
