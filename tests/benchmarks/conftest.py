"""The benchmarks' shared demo data on a partnership server (see ``bench_server``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest

from tests.benchmarks import bench_server
from tests.benchmarks.bench_server import DemoCluster


@pytest.fixture(scope="session")
def demo_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[int], DemoCluster]]:
    """``demo_servers(cases)``: the run's cluster with that many demo cases, started (and, the
    first time, built) when first asked for, stopped at the end of the run."""
    with contextlib.ExitStack() as stack:
        made: dict[int, DemoCluster] = {}

        def get(cases: int) -> DemoCluster:
            if cases not in made:
                work = tmp_path_factory.mktemp("move")
                made[cases] = stack.enter_context(bench_server.demo_cluster(cases, work))
            return made[cases]

        yield get
