"""Selecting rows in a table view that shows a RowTableModel through a sort/filter proxy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QTableView

from marac_desktop.ui.models.row_table_model import RowTableModel

Row = TypeVar("Row")


def selected_row(
    table: QTableView, proxy: QSortFilterProxyModel, model: RowTableModel[Row]
) -> Row | None:
    """The row object of the first selected row, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    return model.row_at(proxy.mapToSource(rows[0]).row())


def select_row_where(
    table: QTableView,
    proxy: QSortFilterProxyModel,
    model: RowTableModel[Row],
    matches: Callable[[Row], bool],
) -> bool:
    """Select the first shown row whose object ``matches``; False if none is shown."""
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0))
        if matches(model.row_at(source.row())):
            table.selectRow(row)
            return True
    return False
