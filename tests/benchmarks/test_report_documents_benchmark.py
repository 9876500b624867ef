"""Every performance report document, as the Reports page saves it: PDF, CSV and XLSX, for a
quarter and for ten years (target: each within 1 s at 250,000 cases).

Run with: pytest tests/benchmarks/test_report_documents_benchmark.py --benchmark-only
(``scale.size()``: 250,000 cases unless MARAC_BENCH_CASES or MARAC_BENCH_SMOKE=1 says otherwise).

Each document is the whole service call: the period's counts read, every figure suppressed
(``risk.performance.protect``) and the file written. The counts are brought up to date once
first (the recount is measured by the encryption cost benchmark).

``test_small_area_quarter`` holds the cost of suppression where most counts are small: a
quarter over 20,000 cases (about 800 counts from 1 to 4 among 2,300 figures) took 4.6 s of CPU
in ``protect`` before its long searches shared one budget, 1.5 s after (target 1 s, not met).

``test_small_area_long_period`` holds the same small area's year and ten years, every document:
listed meeting by meeting, the year took 41 s of CPU (8,090 of 8,838 figures hidden) and ten
years did not finish in 10 minutes; listed by calendar quarter (``risk.performance.return_unit``)
each document is written within ``SMALL_AREA_LONG_CPU``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from scale import BENCH_TODAY, open_demo, size, smoke

from marac_desktop.services import performance
from marac_desktop.services.performance import ReportFormat
from marac_desktop.services.workspace import Workspace

SMALL_AREA = 20_000
SMALL_AREA_CPU = 2.5
"""Seconds of CPU for the small area's quarter as CSV: room above today's 1.5 s for a busy
machine, well below the 4.6 s of an unbounded search."""
SMALL_AREA_LONG_CPU = 1.0
"""Seconds of CPU for each document of the small area's year or ten years."""
PERIODS = {
    "quarter": (date(2026, 7, 1), date(2026, 9, 30)),
    "ten years": (date(2016, 10, 1), date(2026, 9, 30)),
}
LONG_PERIODS = {
    "year": (date(2025, 10, 1), date(2026, 9, 30)),
    "ten years": PERIODS["ten years"],
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


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_demo(tmp_path_factory.mktemp("small"), size(SMALL_AREA, "MARAC_BENCH_SMALL_AREA"))
    performance.performance_report(ws, date(2026, 1, 1), date(2026, 1, 1), BENCH_TODAY)
    yield ws
    ws.close()


def _timed_save(  # type: ignore[no-untyped-def]
    benchmark, ws: Workspace, period: tuple[date, date], path: Path, fmt: ReportFormat
) -> list[float]:
    """Save the document three times; the CPU seconds of each."""
    start, end = period
    cpu: list[float] = []

    def save() -> Path:
        began = time.process_time()
        written = performance.save_report(ws, start, end, path, fmt, BENCH_TODAY)
        cpu.append(time.process_time() - began)
        return written

    written = benchmark.pedantic(save, rounds=3)
    assert written.stat().st_size > 0
    benchmark.extra_info["cpu_seconds"] = [round(c, 3) for c in cpu]
    return cpu


def test_small_area_quarter(benchmark, small: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cpu = _timed_save(benchmark, small, PERIODS["quarter"], tmp_path / "r.csv", ReportFormat.CSV)
    if benchmark.stats is not None and not smoke():
        assert min(cpu) < SMALL_AREA_CPU


@pytest.mark.parametrize("fmt", list(ReportFormat), ids=lambda f: f.value)
@pytest.mark.parametrize("period", list(LONG_PERIODS))
def test_small_area_long_period(  # type: ignore[no-untyped-def]
    benchmark, small: Workspace, tmp_path: Path, period: str, fmt: ReportFormat
) -> None:
    path = tmp_path / f"report.{fmt.value}"
    cpu = _timed_save(benchmark, small, LONG_PERIODS[period], path, fmt)
    if benchmark.stats is not None and not smoke():
        assert min(cpu) < SMALL_AREA_LONG_CPU
