"""Meetings as a table: when, where, chair, status and how many cases are on the list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from marac_desktop.domain.meetings import Meeting

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.meetings.words import STATUS_WORDS, when_text, where_text
from marac_desktop.ui.models.row_table_model import RowTableModel

COL_WHEN = 0
COL_WHERE = 1
COL_CHAIR = 2
COL_AREA = 3
COL_CUTOFF = 4
COL_STATUS = 5
COL_CASES = 6
_HEADERS = ("Date and time", "Venue or online", "Chair", "Area", "Cut-off", "Status", "Cases")


@dataclass(frozen=True, slots=True)
class MeetingRow:
    meeting: Meeting
    cases: int


class MeetingTableModel(RowTableModel[MeetingRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)

    @override
    def display(self, row: MeetingRow, column: int) -> str:
        meeting = row.meeting
        if column == COL_WHEN:
            return when_text(meeting.starts_at)
        if column == COL_WHERE:
            return where_text(meeting)
        if column == COL_CHAIR:
            return meeting.chair
        if column == COL_AREA:
            return meeting.area
        if column == COL_CUTOFF:
            return day_text(meeting.cutoff)
        if column == COL_STATUS:
            return STATUS_WORDS[meeting.status]
        if column == COL_CASES:
            return str(row.cases)
        return ""

    @override
    def sort_value(self, row: MeetingRow, column: int) -> Any:
        if column == COL_WHEN:
            return row.meeting.starts_at.isoformat()
        if column == COL_CUTOFF:
            return row.meeting.cutoff.isoformat()
        if column == COL_CASES:
            return row.cases
        return self.display(row, column).casefold()
