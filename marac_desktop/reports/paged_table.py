"""A long table laid out one page at a time.

ReportLab lays out and splits a ``Table`` as a whole: every page's split measures and restyles
all the rows still to come, so a table of n rows costs about n² (25,000 actions took minutes).
``PagedTable`` is given each row's height, works out how many rows a page holds, and builds one
small table per page, so the cost grows with the rows; the pages look the same (the header
repeated on each).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

MakeTable = Callable[[int, int], Table]
"""``make(start, end)``: the table of rows ``start`` to ``end``, with its header row."""


def row_heights(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    leading: float,
    padding: float,
    cell_padding: float,
) -> list[float]:
    """Each row's height as ReportLab lays it out: a plain cell is one ``leading`` a line, a
    paragraph as high as it wraps inside ``cell_padding`` each side; ``padding`` above and
    below."""
    heights = []
    for row in rows:
        tallest = 0.0
        for value, width in zip(row, widths, strict=True):
            if isinstance(value, Paragraph):
                high = value.wrap(width - 2 * cell_padding, 1e9)[1]
            else:
                high = leading * (value.count("\n") + 1)
            tallest = max(tallest, high)
        heights.append(tallest + 2 * padding)
    return heights


class PagedTable(Flowable):  # type: ignore[misc]
    def __init__(
        self,
        make: MakeTable,
        heights: Sequence[float],
        start: int = 0,
        ends: list[float] | None = None,
        header: float | None = None,
        headings: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__()
        self._make = make
        self._heights = heights
        self._headings = headings
        """Rows that head the rows after them, so never end a page."""
        self._start = start
        self._ends = ends if ends is not None else [0.0, *accumulate(heights)]
        """``_ends[n]``: the height of rows 0 to n, for finding a page's last row by bisection."""
        self._header = header
        self._page: Table | None = None

    def _held(self, room: float) -> int:
        """How many rows from ``_start`` fit below the header in ``room`` points."""
        top = self._ends[self._start]
        return bisect_right(self._ends, top + room) - 1 - self._start

    def _fitted(self, width: float, height: float) -> tuple[Table, int] | None:
        """The table of as many rows as fit in ``height``, and their number."""
        if self._header is None:
            one = self._make(self._start, self._start + 1)
            self._header = one.wrap(width, height)[1] - self._heights[self._start]
        held = min(self._held(height - self._header), len(self._heights) - self._start)
        while held > 0:
            last = self._start + held - 1
            if last in self._headings and last + 1 < len(self._heights):
                held -= 1  # a heading goes over with the row it heads
                continue
            page = self._make(self._start, self._start + held)
            if page.wrap(width, height)[1] <= height:
                return page, held
            held -= 1  # a height worked out a shade low: one row fewer
        return None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        rest = self._ends[-1] - self._ends[self._start]
        if self._header is not None and self._header + rest > available_height:
            self._page = None
            return available_width, available_height + 1  # more than fits: split it
        fitted = self._fitted(available_width, available_height)
        if fitted is None or fitted[1] < len(self._heights) - self._start:
            self._page = None
            return available_width, available_height + 1  # more than fits: split it
        self._page = fitted[0]
        return self._page.wrap(available_width, available_height)  # type: ignore[no-any-return]

    def split(self, available_width: float, available_height: float) -> list[Any]:
        fitted = self._fitted(available_width, available_height)
        if fitted is None:
            return []
        page, held = fitted
        rest = self._start + held
        if rest == len(self._heights):
            return [page]
        rest_of_it = PagedTable(
            self._make, self._heights, rest, self._ends, self._header, self._headings
        )
        return [page, rest_of_it]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        assert self._page is not None, "drawn without being wrapped"
        self._page.drawOn(canvas, x, y, _sW)
