"""A read-only table of ready-made text cells, each row carrying the record it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from typing_extensions import override

from marac_desktop.ui.models.row_table_model import ROW_ROLE as ROW_ROLE
from marac_desktop.ui.models.row_table_model import RowTableModel


@dataclass(frozen=True, slots=True)
class TextRow:
    cells: tuple[str, ...]
    record: object = None
    tooltip: str = ""


class TextTableModel(RowTableModel[TextRow]):
    @override
    def set_rows(self, rows: Sequence[TextRow], headers: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self._headers = tuple(headers)
        self._rows = list(rows)
        self.endResetModel()

    @override
    def display(self, row: TextRow, column: int) -> str | None:
        return row.cells[column] if 0 <= column < len(row.cells) else None

    @override
    def row_value(self, row: TextRow) -> object:
        return row.record

    @override
    def tooltip(self, row: TextRow, column: int) -> str | None:
        return row.tooltip or None
