"""The anonymised agenda PDF for a 25-case and a 200-case meeting, built from demo data.

Targets (issue 5): 25 cases within 300 ms, 200 cases within 2 s.
Run with: pytest tests/benchmarks/test_agenda_benchmark.py --benchmark-only -p no:cacheprovider
Set MARAC_BENCH_CASES to change the number of demo cases (default 1,000). Each runs on the
encrypted file and on a partnership server holding the same cases (``bench_server``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta

import pytest

from marac_desktop.domain.meetings import MeetingId
from marac_desktop.services import agenda_view, meeting_documents, meeting_list, meetings
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import bench_server, scale
from tests.benchmarks.bench_server import DemoCluster

TODAY = scale.BENCH_TODAY
CASES = scale.size(1000)


@pytest.fixture(scope="module", params=bench_server.ENGINES)
def workspace(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_servers: Callable[[int], DemoCluster],
) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("bench")
    with bench_server.open_demo(request.param, folder, CASES, demo_servers) as ws:
        yield ws


def _meeting(ws: Workspace, cases: int, hour: int) -> MeetingId:
    starts_at = datetime.combine(TODAY + timedelta(days=10), time(hour))
    meeting = meetings.create_meeting(ws, starts_at, "Civic Centre", False, "Chair", "Leeds", TODAY)
    view = meeting_list.build_list(ws, meeting.id)
    listed = [r.case_id for r in view.rows][:cases]
    for row in view.rows[cases:]:
        meeting_list.remove_case(ws, meeting.id, row.case_id)
    spare = (c for c in range(1, CASES + 1) if c not in set(listed))
    while len(listed) < cases:
        case_id = next(spare)
        meeting_list.add_case(ws, meeting.id, case_id, "Added for the benchmark")
        listed.append(case_id)
    assert len(agenda_view.meeting_view(ws, meeting.id).rows) == cases
    return meeting.id


@pytest.mark.parametrize(("cases", "target"), [(25, 0.3), (200, 2.0)])
def test_agenda_pdf(benchmark, workspace: Workspace, cases: int, target: float) -> None:  # type: ignore[no-untyped-def]
    meeting_id = _meeting(workspace, cases, 9 if cases == 25 else 13)
    pdf = benchmark(meeting_documents.agenda_bytes, workspace, meeting_id)
    assert pdf.startswith(b"%PDF")
    if benchmark.stats is not None:  # None under --benchmark-disable
        assert benchmark.stats.stats.median < target
