"""The action list documents at scale: every action as CSV and as PDF, as the Actions page
saves or prints them (``meeting_documents.actions_bytes``).

One action for every tenth case (``action_data``): 25,000 actions at 250,000 cases. The list
holds every action, so its cost grows with the actions, by design; at 20,000 actions (every case
of 20,000 given one) the CSV took 4.5 s of CPU (ORM rows and their whole history read) and the
PDF grew with the square of the rows (one ReportLab table split page by page).
Run with: pytest tests/benchmarks/test_actions_documents_benchmark.py --benchmark-only -s
Sizes and prebuilt databases: see ``scale``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from marac_desktop.domain.meetings import ActionFilter
from marac_desktop.services import meeting_documents
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import scale
from tests.benchmarks.action_data import seed_actions


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int]]:
    ws = scale.open_demo(tmp_path_factory.mktemp("bench"), scale.size())
    count = seed_actions(ws)
    yield ws, count
    ws.close()


@pytest.mark.parametrize("as_csv", [True, False], ids=["csv", "pdf"])
def test_every_action(benchmark, big: tuple[Workspace, int], as_csv: bool) -> None:  # type: ignore[no-untyped-def]
    ws, count = big
    cpu: list[float] = []

    def document() -> bytes:
        began = time.process_time()
        data = meeting_documents.actions_bytes(
            ws, ActionFilter(today=scale.BENCH_TODAY), as_csv=as_csv
        )
        cpu.append(time.process_time() - began)
        return data

    data = benchmark.pedantic(document, rounds=1 if scale.smoke() else 3)
    benchmark.extra_info["actions"] = count
    benchmark.extra_info["cpu_seconds"] = [round(c, 3) for c in cpu]
    if as_csv:
        assert data.decode("utf-8-sig").count("\r\n") == count + 1
    else:
        assert data.startswith(b"%PDF")
    print(f"\n{count:,} actions as {'CSV' if as_csv else 'PDF'}: CPU {min(cpu):.2f} s")
