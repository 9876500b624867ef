"""The read-only table every page shows: whole rows selected one at a time, nothing edited in
place, no row numbers, headings on the left."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class RowsTable(QTableView):
    """A table that asks for room for ``rows`` rows and takes any more its window has.

    A table's own hint is a fixed height: beside wrapped text, Qt holds a page to the heights
    its parts ask for, so that hint made a page scroll in a window it fitted in."""

    def __init__(self, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    @override
    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        header = self.horizontalHeader()
        height = (
            (header.sizeHint().height() if header.isVisible() else 0)
            + self._rows * self.verticalHeader().defaultSectionSize()
            + self.horizontalScrollBar().sizeHint().height()
            + 2 * self.frameWidth()
        )
        return QSize(hint.width(), height)


def read_only_table(
    table: QTableView | None = None,
    model: QAbstractItemModel | None = None,
    *,
    wrap: bool | None = None,
    alternating: bool = True,
    sort_by: tuple[int, Qt.SortOrder] | None = None,
) -> QTableView:
    """Set ``table`` (a new one when None) up as a read-only list of rows showing ``model``.

    ``wrap`` True wraps long cells and sizes each row to its text; False keeps cells on one
    line; None leaves Qt's default. ``sort_by`` (column, order) sorts by clicking headings.
    """
    table = table if table is not None else QTableView()
    if model is not None:
        table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    rows = table.verticalHeader()
    rows.setVisible(False)
    if wrap is not None:
        table.setWordWrap(wrap)
    if wrap:
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if sort_by is not None:
        table.setSortingEnabled(True)
        table.sortByColumn(*sort_by)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table
