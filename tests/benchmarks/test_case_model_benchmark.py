"""The case list model over 20,000 demo cases: the first page, and each further page, timed
until the rows read on the reading thread are in the model.

Run with: pytest tests/benchmarks/test_case_model_benchmark.py --benchmark-only
Set MARAC_BENCH_CASES to change the size (default 20,000).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.services.workspace import Workspace
from tests.benchmarks import scale
from tests.event_loop_gaps import run_loop_until

from marac_desktop.ui import background
from marac_desktop.ui.cases.case_table_model import (
    COL_FAMILY_NAME,
    COL_LAST_REFERRAL,
    COL_OPEN_FLAGS,
    PAGE_SIZE,
    CaseTableModel,
)

if TYPE_CHECKING:
    from pytest_benchmark.fixture import BenchmarkFixture

CASES = scale.size(20_000)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = scale.open_demo(tmp_path_factory.mktemp("bench"), CASES)
    yield workspace
    workspace.close()


@pytest.fixture
def model(qapp: QApplication, big: Workspace) -> CaseTableModel:
    return CaseTableModel(big)


def _settled() -> None:
    assert run_loop_until(lambda: background.runner().idle, 600), "the read never ended"


def _first_page(model: CaseTableModel) -> int:
    model.reload()
    _settled()
    return model.rowCount()


def test_first_page(benchmark: BenchmarkFixture, model: CaseTableModel) -> None:
    assert benchmark(_first_page, model) == min(PAGE_SIZE, CASES)
    assert model.total == CASES


@pytest.mark.parametrize(
    ("column", "order"),
    [
        (COL_FAMILY_NAME, Qt.SortOrder.AscendingOrder),
        (COL_LAST_REFERRAL, Qt.SortOrder.DescendingOrder),
        (COL_OPEN_FLAGS, Qt.SortOrder.DescendingOrder),
    ],
    ids=["family_name", "last_referral_desc", "open_flags_desc"],
)
def test_first_page_sorted(
    benchmark, model: CaseTableModel, column: int, order: Qt.SortOrder
) -> None:
    model.sort(column, order)
    _settled()
    assert benchmark(_first_page, model) == min(PAGE_SIZE, CASES)


def test_first_page_searched(benchmark: BenchmarkFixture, model: CaseTableModel) -> None:
    model.set_search("kha")  # a word's start (two letters match whole words only)
    _settled()
    assert 0 < benchmark(_first_page, model) <= PAGE_SIZE


def test_fetch_more(benchmark: BenchmarkFixture, model: CaseTableModel) -> None:
    def fetch() -> int:
        model.fetchMore(QModelIndex())
        _settled()
        return model.rowCount()

    def first() -> None:
        _first_page(model)

    rows = benchmark.pedantic(fetch, setup=first, rounds=20, iterations=1)
    assert rows == min(2 * PAGE_SIZE, CASES)


def test_fetch_more_deep(benchmark: BenchmarkFixture, model: CaseTableModel) -> None:
    """The page after 10,000 rows already loaded (about 50 scrolls to the end)."""
    loaded = min(10_000, max(PAGE_SIZE, (CASES // PAGE_SIZE - 1) * PAGE_SIZE))

    def scroll_far() -> None:
        _first_page(model)
        while model.rowCount() < loaded:
            model.fetchMore(QModelIndex())
            _settled()

    def fetch() -> int:
        model.fetchMore(QModelIndex())
        _settled()
        return model.rowCount()

    rows = benchmark.pedantic(fetch, setup=scroll_far, rounds=5, iterations=1)
    assert rows == min(loaded + PAGE_SIZE, CASES)
