"""A read-only table of report figures: the first column names the row, the rest are counts.

Rows are plain tuples of text; a row marked as a total is shown in bold. Numbers sort as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from marac_desktop.ui.models.row_table_model import RowTableModel


@dataclass(frozen=True, slots=True)
class FigureRow:
    cells: tuple[str, ...]
    total: bool = False


class FigureTableModel(RowTableModel[FigureRow]):
    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(headers, parent)

    def set_figures(self, rows: Sequence[Sequence[str]], totals: Sequence[str] | None) -> None:
        figures = [FigureRow(tuple(row)) for row in rows]
        if totals is not None:
            figures.append(FigureRow(tuple(totals), total=True))
        self.set_rows(figures)

    def cell(self, row: int, column: int) -> str:
        return self.display(self.row_at(row), column)

    @override
    def display(self, row: FigureRow, column: int) -> str:
        return row.cells[column] if column < len(row.cells) else ""

    @override
    def sort_value(self, row: FigureRow, column: int) -> Any:
        # Totals stay at the bottom of an ascending sort; numbers sort by value.
        text = self.display(row, column)
        number = _number(text)
        return (row.total, 0, number, "") if number is not None else (row.total, 1, 0, text)

    @override
    def alignment(self, row: FigureRow, column: int) -> Any:
        if column == 0:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    @override
    def font(self, row: FigureRow, column: int) -> Any:
        if not row.total:
            return None
        font = QFont()
        font.setBold(True)
        return font


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "").rstrip("%").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None
