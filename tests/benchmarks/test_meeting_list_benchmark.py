"""Meetings at scale: proposing a new meeting's list, opening a 200-case list, and one agency's
research list for it, over demo data (``scale.size()`` cases).

Targets (issue 12): the proposal and the list within 200 ms, the research list within 1 s, at
250,000 cases.
Run with: pytest tests/benchmarks/test_meeting_list_benchmark.py --benchmark-only
(``MARAC_BENCH_DB_DIR`` copies a prebuilt demo database; ``MARAC_BENCH_SMOKE=1`` uses small data.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from scale import BENCH_TODAY, open_demo, size, smoke

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.services import agenda_view, meeting_documents, meeting_list, meetings
from marac_desktop.services.workspace import Workspace

LISTED = 200
PROPOSE_TARGET = 0.2
VIEW_TARGET = 0.2
RESEARCH_TARGET = 1.0
AGENCY = "Police"


@dataclass(frozen=True)
class Bench:
    ws: Workspace
    cases: int
    new_meeting: MeetingId
    """A meeting with no list yet and no meeting before it."""
    full_meeting: MeetingId
    """A later meeting with ``LISTED`` cases on its list, spread over the whole database."""


def _spread(cases: int, count: int) -> list[CaseId]:
    step = max(1, cases // count)
    return [CaseId(n) for n in range(1, cases + 1, step)][:count]


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    cases = size()
    ws = open_demo(Path(tmp_path_factory.mktemp("meetings")), cases)
    first = BENCH_TODAY + timedelta(days=14)
    starts = datetime(first.year, first.month, first.day, 10, 0)
    new = meetings.create_meeting(ws, starts, "Civic Centre", False, "Chair", "Leeds", BENCH_TODAY)
    later = starts + timedelta(days=28)
    full = meetings.create_meeting(ws, later, "Civic Centre", False, "Chair", "Leeds", BENCH_TODAY)
    for case_id in _spread(cases, min(LISTED, cases)):
        meeting_list.add_case(ws, full.id, case_id, "Added for the benchmark")
    yield Bench(ws, cases, new.id, full.id)
    ws.close()


def _check(benchmark, target: float) -> None:  # type: ignore[no-untyped-def]
    if benchmark.stats is None:  # None under --benchmark-disable (the smoke run)
        return
    fastest = benchmark.stats.stats.min
    print(f"\n{benchmark.name}: min {fastest * 1000:.0f} ms (target {target * 1000:.0f} ms)")
    if not smoke():
        assert fastest < target


def test_propose_new_list(benchmark, bench: Bench) -> None:  # type: ignore[no-untyped-def]
    proposed = benchmark(meeting_list.propose_list, bench.ws, bench.new_meeting)
    assert proposed, "the demo data should put some case on a new meeting's list"
    _check(benchmark, PROPOSE_TARGET)


def test_open_full_list(benchmark, bench: Bench) -> None:  # type: ignore[no-untyped-def]
    view = benchmark(agenda_view.meeting_view, bench.ws, bench.full_meeting)
    assert len(view.rows) == min(LISTED, bench.cases)
    _check(benchmark, VIEW_TARGET)


def test_research_list(benchmark, bench: Bench) -> None:  # type: ignore[no-untyped-def]
    pdf = benchmark(meeting_documents.research_list_bytes, bench.ws, bench.full_meeting, AGENCY)
    assert pdf.startswith(b"%PDF")
    _check(benchmark, RESEARCH_TARGET)
