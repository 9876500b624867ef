"""A table read from the database a page at a time, sorted (and filtered) there too.

The model never holds every row: it counts the matches, loads the first page, and loads the
next page only when the view scrolls to the end (``canFetchMore``/``fetchMore``). Sorting asks
the database for a new order instead of sorting in Python. Subclasses say how to count and how
to read a page (``count_rows``, ``read_page``) and which sort key each column has.

Both reads run on the background runner's reading thread (``background.runner().load``), so the
window answers while a page is counted and read; the rows held stay on show until the new ones
arrive (``loading`` meanwhile), and a newer reload drops an older one's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from typing_extensions import override

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableView

from marac_desktop.domain.progress import Progress
from marac_desktop.errors import UserFacingError

from marac_desktop.ui import background
from marac_desktop.ui.models.row_table_model import Index, RowTableModel

Row = TypeVar("Row")

PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class _FirstPage(Generic[Row]):
    total: int
    extra: object
    rows: Sequence[Row]


class PagedTableModel(RowTableModel[Row]):
    """``total`` is how many rows match; ``loaded`` how many are held so far.

    ``sort_keys`` holds the database's sort key for each column (None: that column does not
    sort); the order starts as ``sort_column`` and ``order``.
    """

    load_failed = Signal(str)
    loading_changed = Signal(bool)
    reloaded = Signal()
    """A reload's rows are in (after ``modelReset``), or it failed."""

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
        self._loading = False
        self._fetching = False
        self.page_size = PAGE_SIZE

    # ----- what a subclass gives (both run on the reading thread) -------------------------

    def count_rows(self) -> int:
        """How many rows match, now."""
        raise NotImplementedError

    def count_detail(self) -> tuple[int, object]:
        """The count and anything else counted with it (given to ``counted`` on the GUI
        thread)."""
        return self.count_rows(), None

    def read_page(self, offset: int, limit: int) -> Sequence[Row]:
        """Up to ``limit`` rows from ``offset``, in the order ``sort_key``/``descending`` say."""
        raise NotImplementedError

    def counted(self, extra: object) -> None:
        """Takes what ``count_detail`` counted beside the rows, inside the reset."""

    def read_first(self, limit: int) -> tuple[int, object, Sequence[Row]]:
        """The count, what was counted with it and the first ``limit`` rows; a model whose rows
        come from one read (a search with a limit of its own) gives all three from that read."""
        total, extra = self.count_detail()
        return total, extra, list(self.read_page(0, limit)) if total else []

    # ----- state --------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    @property
    def loaded(self) -> int:
        return len(self._rows)

    @property
    def loading(self) -> bool:
        """A reload is running: the rows held are the ones from before it."""
        return self._loading

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
        """Count the matches again and read the first page (after a change or a new filter),
        on the reading thread; ``reloaded`` fires once the rows are in."""
        runner = background.runner()
        runner.stop_load((self, "more"))
        self._fetching = False
        size = self.page_size

        def first_page(_progress: Progress) -> _FirstPage[Row]:
            return _FirstPage(*self.read_first(size))

        self._set_loading(True)
        runner.load(
            (self, "first"),
            first_page,
            self._on_first_page,
            failed=self._on_first_page_failed,
            owner=self,
        )

    def clear(self) -> None:
        background.runner().stop_load((self, "first"))
        background.runner().stop_load((self, "more"))
        self._fetching = False
        self._set_loading(False)
        self.beginResetModel()
        self._rows, self._total = [], 0
        self._rows_replaced()
        self.endResetModel()

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _on_first_page(self, page: _FirstPage[Row]) -> None:
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = max(page.total, len(self._rows))
        self.counted(page.extra)
        self._rows_replaced()
        self.endResetModel()
        self._set_loading(False)
        self.reloaded.emit()

    def _on_first_page_failed(self, error: UserFacingError) -> None:
        self.beginResetModel()
        self._rows, self._total = [], 0
        self._rows_replaced()
        self.endResetModel()
        self._set_loading(False)
        self.reloaded.emit()
        self.load_failed.emit(str(error))

    @override
    def canFetchMore(self, parent: Index) -> bool:
        return (
            not parent.isValid()
            and not self._loading
            and not self._fetching
            and len(self._rows) < self._total
        )

    @override
    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        offset, size = len(self._rows), self.page_size
        self._fetching = True

        def next_page(_progress: Progress) -> Sequence[Row]:
            return list(self.read_page(offset, size))

        background.runner().load(
            (self, "more"),
            next_page,
            lambda more: self._on_next_page(offset, more),
            failed=self._on_next_page_failed,
            owner=self,
        )

    def _on_next_page(self, offset: int, more: Sequence[Row]) -> None:
        self._fetching = False
        if offset != len(self._rows):  # the rows changed meanwhile
            return
        more = list(more)[: self._total - len(self._rows)]
        if not more:  # rows removed since the count: stop asking
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def _on_next_page_failed(self, error: UserFacingError) -> None:
        self._fetching = False
        self._total = len(self._rows)
        self.load_failed.emit(str(error))

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._sort_keys) or self._sort_keys[column] is None:
            return
        if column == self._sort_column and order == self._order:
            return  # the view asks once when sorting is turned on; the page loads on refresh
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
