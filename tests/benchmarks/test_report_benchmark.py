"""The performance report at scale: a quarter and ten years over demo data (target under 1 s).

Run with: pytest tests/benchmarks/test_report_benchmark.py --benchmark-only -p no:cacheprovider
Set MARAC_BENCH_CASES to change the size (default 250,000; generation takes a few minutes).

The report reads counts kept per meeting day. The fixture brings them up to date once (the
work the first report after an upgrade or a large import does); ``test_after_edits`` times a
report after a day's edits (50 cases changed). Each runs on the encrypted file and on a
partnership server holding the same cases (``bench_server``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.services import performance, records
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import bench_server, scale
from tests.benchmarks.bench_server import DemoCluster

CASES = scale.size()
TODAY = scale.BENCH_TODAY


@pytest.fixture(scope="module", params=bench_server.ENGINES)
def big(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_servers: Callable[[int], DemoCluster],
) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("bench")
    with bench_server.open_demo(request.param, folder, CASES, demo_servers) as ws:
        performance.performance_report(ws, date(2026, 1, 1), date(2026, 1, 1), TODAY)  # counts
        yield ws


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


def test_after_edits(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    def edit() -> None:  # a new IDVA today for 50 cases: each is counted again
        for case_id in range(1, 51):
            records.allocate_idva(
                big, CaseId(case_id), IdvaAllocation("Benchadviser", TODAY), TODAY
            )

    report = benchmark.pedantic(
        performance.performance_report,
        args=(big, date(2026, 7, 1), date(2026, 9, 30), TODAY),
        setup=edit,
        rounds=5,
    )
    assert report.totals.cases > 0
