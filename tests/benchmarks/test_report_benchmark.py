"""The performance report at scale: a quarter and ten years over demo data (target under 1 s).

Run with: pytest tests/benchmarks/test_report_benchmark.py --benchmark-only -p no:cacheprovider
Set MARAC_BENCH_CASES to change the size (default 250,000; generation takes a few minutes).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.services import access, demo, performance
from marac_desktop.services.workspace import Workspace

CASES = int(os.environ.get("MARAC_BENCH_CASES", "250000"))
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("bench") / "big.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    ws = access.unlock(path, "admin", "quiet lantern test phrase")
    done = 0
    while done < CASES:  # in slices, so memory stays modest
        step = min(50_000, CASES - done)
        demo.generate(ws, step, seed=done + 1, today=TODAY)
        done += step
    yield ws
    ws.close()


def test_quarter(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    report = benchmark(
        performance.performance_report, big, date(2026, 7, 1), date(2026, 9, 30), TODAY
    )
    assert report.totals.cases > 0


def test_ten_years(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    report = benchmark(
        performance.performance_report, big, date(2016, 10, 1), date(2026, 9, 30), TODAY
    )
    assert report.totals.cases > CASES // 2
