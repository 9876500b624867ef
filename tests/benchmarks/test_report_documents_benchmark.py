"""Every performance report document, as the Reports page saves it: PDF, CSV and XLSX, for a
quarter and for ten years (target: each within 1 s at 250,000 cases).

Run with: pytest tests/benchmarks/test_report_documents_benchmark.py --benchmark-only
(``scale.size()``: 250,000 cases unless MARAC_BENCH_CASES or MARAC_BENCH_SMOKE=1 says otherwise).

Each document is the whole service call: the period's counts read, every figure suppressed
(``risk.performance.protect``) and the file written. The counts are brought up to date once
first (the recount is measured by the encryption cost benchmark).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from scale import BENCH_TODAY, open_demo, size

from marac_desktop.services import performance
from marac_desktop.services.performance import ReportFormat
from marac_desktop.services.workspace import Workspace

PERIODS = {
    "quarter": (date(2026, 7, 1), date(2026, 9, 30)),
    "ten years": (date(2016, 10, 1), date(2026, 9, 30)),
}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_demo(tmp_path_factory.mktemp("documents"), size())
    performance.performance_report(ws, date(2026, 1, 1), date(2026, 1, 1), BENCH_TODAY)
    yield ws
    ws.close()


@pytest.mark.parametrize("fmt", list(ReportFormat), ids=lambda f: f.value)
@pytest.mark.parametrize("period", list(PERIODS))
def test_document(  # type: ignore[no-untyped-def]
    benchmark, big: Workspace, tmp_path: Path, period: str, fmt: ReportFormat
) -> None:
    start, end = PERIODS[period]
    path = tmp_path / f"report.{fmt.value}"
    written = benchmark.pedantic(
        performance.save_report, args=(big, start, end, path, fmt, BENCH_TODAY), rounds=3
    )
    assert written.stat().st_size > 0
