"""Flags as a table: what kind, which case or person, when raised, status and the evidence.

The queue is read a page at a time, filtered and sorted in the database (``PagedTableModel``);
the label of what each flag is about is worked out for the rows read only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from marac_desktop.domain.records import CaseFlag, FlagStatus
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import flags

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text, flag_status_text, flag_words, review_text
from marac_desktop.ui.flags.flag_labels import about_label
from marac_desktop.ui.models.paged_table_model import PagedTableModel
from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COL_KIND = 0
COL_ABOUT = 1
COL_RAISED = 2
COL_STATUS = 3
COL_EVIDENCE = 4
COL_REVIEW = 5
_HEADERS = ("Flag", "Case or person", "Raised on", "Status", "Evidence", "Reviewed")
SORT_KEYS = ("kind", "about", "raised_on", "status", "evidence", "reviewed")


@dataclass(frozen=True, slots=True)
class FlagRow:
    flag: CaseFlag
    about: str
    """The case reference, and the person's name for a flag about a person."""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    kinds: Collection[FlagKind] | None = None
    """None: every kind."""
    status: FlagStatus | None = None
    """None: every status."""


class FlagTableModel(PagedTableModel[FlagRow]):
    """Empty until ``set_filter`` chooses what to show; newest first to begin with."""

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(_HEADERS, SORT_KEYS, COL_RAISED, Qt.SortOrder.DescendingOrder, parent)
        self._workspace = workspace
        self._filter: QueueFilter | None = None

    def set_filter(self, chosen: QueueFilter) -> None:
        self._filter = chosen
        self.reload()

    @override
    def count_rows(self) -> int:
        if self._filter is None:
            return 0
        return flags.count_queue(
            self._workspace, True, kinds=self._filter.kinds, status=self._filter.status
        )

    @override
    def read_page(self, offset: int, limit: int) -> Sequence[FlagRow]:
        if self._filter is None:
            return []
        found = flags.queue_page(
            self._workspace,
            offset,
            limit,
            True,
            kinds=self._filter.kinds,
            status=self._filter.status,
            sort=self.sort_key,
            descending=self.descending,
        )
        return [FlagRow(row.flag, about_label(row)) for row in found]

    def row_of(self, flag_id: int) -> int:
        return next((n for n, row in enumerate(self._rows) if row.flag.id == flag_id), -1)

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
    def tooltip(self, row: FlagRow, column: int) -> str | None:
        if column == COL_EVIDENCE:
            return row.flag.evidence
        return review_text(row.flag) or None if column == COL_REVIEW else None

    @override
    def foreground(self, row: FlagRow, column: int) -> QColor | None:
        return QColor(style.MUTED_COLOUR) if row.flag.status is not FlagStatus.OPEN else None
