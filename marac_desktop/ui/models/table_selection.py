"""Selecting rows in a table view that shows a RowTableModel, through a sort/filter proxy or
straight (``proxy`` None, as a model that sorts in the database is shown)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QTableView

from marac_desktop.ui.models.row_table_model import RowTableModel

Row = TypeVar("Row")


def selected_row(
    table: QTableView, proxy: QSortFilterProxyModel | None, model: RowTableModel[Row]
) -> Row | None:
    """The row object of the first selected row, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    return model.row_at(proxy.mapToSource(rows[0]).row() if proxy else rows[0].row())


def select_row_where(
    table: QTableView,
    proxy: QSortFilterProxyModel | None,
    model: RowTableModel[Row],
    matches: Callable[[Row], bool],
) -> bool:
    """Select the first shown row whose object ``matches``; False if none is shown."""
    for row in range(proxy.rowCount() if proxy else model.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0)).row() if proxy else row
        if matches(model.row_at(source)):
            table.selectRow(row)
            return True
    return False
