"""The case list at scale: count, first page, a deep page, sorted and searched, over demo data.

Run with: pytest tests/benchmarks/test_case_list_benchmark.py --benchmark-only
Set MARAC_BENCH_CASES to change the size (default 250,000; generation takes a few minutes).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import scale

CASES = scale.size()
PAGE = 100


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = scale.open_demo(tmp_path_factory.mktemp("bench"), CASES)
    yield ws
    ws.close()


def test_count(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(records.count_cases, big) == CASES


def test_first_page_sorted_by_family_name(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "", 0, PAGE, "family_name")
    assert len(rows) == PAGE


def test_deep_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "", CASES - 2 * PAGE, PAGE, "reference")
    assert len(rows) == PAGE


def test_search_first_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "kowal", 0, PAGE, "reference")
    assert rows and all("kowal" in r.family_name.lower() for r in rows)
