"""The read-only table every page shows: whole rows selected one at a time, nothing edited in
place, no row numbers, headings on the left."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


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
