"""A table read from the database a page at a time, sorted (and filtered) there too.

The model never holds every row: it counts the matches, loads the first page, and loads the
next page only when the view scrolls to the end (``canFetchMore``/``fetchMore``). Sorting asks
the database for a new order instead of sorting in Python. Subclasses say how to count and how
to read a page (``count_rows``, ``read_page``) and which sort key each column has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from typing_extensions import override

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableView

from marac_desktop.errors import UserFacingError

from marac_desktop.ui.models.row_table_model import Index, RowTableModel

Row = TypeVar("Row")

PAGE_SIZE = 200


class PagedTableModel(RowTableModel[Row]):
    """``total`` is how many rows match; ``loaded`` how many are held so far.

    ``sort_keys`` holds the database's sort key for each column (None: that column does not
    sort); the order starts as ``sort_column`` and ``order``.
    """

    load_failed = Signal(str)

    def __init__(
        self,
        headers: Sequence[str],
        sort_keys: Sequence[str | None],
        sort_column: int = 0,
        order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
        parent: Any = None,
    ) -> None:
        super().__init__(headers, parent)
        self._sort_keys = tuple(sort_keys)
        self._sort_column = sort_column
        self._order = order
        self._total = 0
        self.page_size = PAGE_SIZE

    # ----- what a subclass gives ----------------------------------------------------------

    def count_rows(self) -> int:
        """How many rows match, now."""
        raise NotImplementedError

    def read_page(self, offset: int, limit: int) -> Sequence[Row]:
        """Up to ``limit`` rows from ``offset``, in the order ``sort_key``/``descending`` say."""
        raise NotImplementedError

    # ----- state --------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    @property
    def loaded(self) -> int:
        return len(self._rows)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._order

    @property
    def sort_key(self) -> str:
        key = self._sort_keys[self._sort_column]
        assert key is not None
        return key

    @property
    def descending(self) -> bool:
        return self._order == Qt.SortOrder.DescendingOrder

    # ----- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Count the matches again and load the first page (after a change or a new filter)."""
        problem = ""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        try:
            self._total = self.count_rows()
            if self._total:
                self._rows = list(self.read_page(0, self.page_size))
        except UserFacingError as error:
            problem = str(error)
        self._total = max(self._total, len(self._rows))
        self._rows_replaced()
        self.endResetModel()
        if problem:
            self.load_failed.emit(problem)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._total = [], 0
        self._rows_replaced()
        self.endResetModel()

    @override
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    @override
    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        try:
            more = self.read_page(len(self._rows), self.page_size)
        except UserFacingError as error:
            self._total = len(self._rows)
            self.load_failed.emit(str(error))
            return
        more = more[: self._total - len(self._rows)]
        if not more:  # rows removed since the count: stop asking
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._sort_keys) or self._sort_keys[column] is None:
            return
        if column == self._sort_column and order == self._order and self._rows:
            return
        self._sort_column, self._order = column, order
        self.reload()


def fit_rows_to_pages(table: QTableView, lines: int) -> None:
    """Size a paged table's rows and columns without measuring every row read.

    Rows are ``lines`` lines of text tall (longer text wraps and is cut; tooltips and detail
    panels show it whole), and columns sized to contents look at the rows on screen only, so
    a page loading costs the same whatever is already held.
    """
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().lineSpacing() * lines + 8)
    table.horizontalHeader().setResizeContentsPrecision(0)
