"""A meeting's list as a table the coordinator reorders by dragging rows (or Move up/down).

A drop moves the rows inside the model and emits ``order_changed`` with the new order of case
ids; the page stores it and reloads the rows, so the time slots follow the new order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.research import CaseResearch
from marac_desktop.services.agenda_view import AgendaRow, ListedCase, ListNotes

from marac_desktop.ui import style
from marac_desktop.ui.meetings.words import heard_minutes, research_cell, slot_text
from marac_desktop.ui.models.row_table_model import Index, RowTableModel

ROWS_MIME_TYPE = "application/x-marac-agenda-rows"
COL_SLOT = 0
COL_REFERENCE = 1
COL_CASE = 2
COL_VICTIM = 3
COL_SECTION = 4
COL_REASON = 5
COL_RESEARCH = 6
COL_HEARD = 7
_HEADERS = (
    "Time slot", "Meeting ref.", "Case", "Victim", "Section", "Reason", "Research", "Heard",
)  # fmt: skip


def heard_text(row: AgendaRow) -> str:
    if not row.heard:
        return "Not yet"
    if row.minutes_used is None:
        return "Heard"
    return f"Heard ({heard_minutes(row.minutes_used)})"


class AgendaListModel(RowTableModel[AgendaRow]):
    """``order_changed`` gives every case id in the new order after a drag or a move."""

    order_changed = Signal(list)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)
        self.editable = True
        self.last_moved: list[CaseId] = []
        self.notes: Mapping[CaseId, ListNotes] = {}
        self.who: Mapping[CaseId, ListedCase] = {}
        self.research: Mapping[CaseId, CaseResearch] = {}

    def case_ids(self) -> list[CaseId]:
        return [self.row_at(n).case_id for n in range(self.rowCount())]

    @override
    def display(self, row: AgendaRow, column: int) -> str:
        if column == COL_SLOT:
            return slot_text(row.slot_start, row.slot_end)
        if column == COL_REFERENCE:
            return row.reference
        if column in (COL_CASE, COL_VICTIM):
            listed = self.who.get(row.case_id)
            if listed is None:
                return ""
            return listed.case_reference if column == COL_CASE else listed.victim
        if column == COL_SECTION:
            return row.section.label
        if column == COL_REASON:
            noted = self.notes.get(row.case_id)
            return noted.reason if noted else ""
        if column == COL_RESEARCH:
            research = self.research.get(row.case_id)
            return research_cell(research) if research else ""
        if column == COL_HEARD:
            return heard_text(row)
        return ""

    @override
    def tooltip(self, row: AgendaRow, column: int) -> str | None:
        return self.display(row, column) if column == COL_REASON else None

    @override
    def foreground(self, row: AgendaRow, column: int) -> QColor | None:
        return QColor(style.MUTED_COLOUR) if row.heard else None

    # ----- drag and drop ------------------------------------------------------------------

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        flags = super().flags(index)
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    @override
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    @override
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    @override
    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME_TYPE]

    @override
    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        data.setData(ROWS_MIME_TYPE, QByteArray(",".join(map(str, rows)).encode("ascii")))
        return data

    @override
    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self.editable and data.hasFormat(ROWS_MIME_TYPE)

    @override
    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged rows to the drop point.

        Returns False on purpose: the move is complete here, and a True answer to a move would
        make the view remove the dragged rows afterwards, as if they had gone elsewhere.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = bytes(data.data(ROWS_MIME_TYPE).data()).decode("ascii")
        rows = [int(n) for n in raw.split(",") if n.strip().isdigit()]
        rows = [n for n in rows if 0 <= n < self.rowCount()]
        if not rows:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else self.rowCount()
        self.move_rows_to(rows, row)
        return False

    def move_rows_to(self, rows: Sequence[int], destination: int) -> bool:
        """Move ``rows`` (kept in their order) to before ``destination``; True if it changed."""
        moving = sorted(set(rows))
        order = [self.row_at(n) for n in range(self.rowCount())]
        kept = [r for n, r in enumerate(order) if n not in moving]
        insert_at = destination - sum(1 for n in moving if n < destination)
        insert_at = max(0, min(insert_at, len(kept)))
        new_order = kept[:insert_at] + [order[n] for n in moving] + kept[insert_at:]
        if new_order == order:
            return False
        self.last_moved = [order[n].case_id for n in moving]
        self.set_rows(new_order)
        self.order_changed.emit([r.case_id for r in new_order])
        return True

    @override
    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        if source_row < 0 or source_row + count > self.rowCount():
            return False
        return self.move_rows_to(range(source_row, source_row + count), destination_child)
