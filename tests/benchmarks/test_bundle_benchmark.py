"""Bundle export at scale: every record read back and turned into the JSON document.

Run with: pytest tests/benchmarks/test_bundle_benchmark.py --benchmark-only -p no:cacheprovider
Sizes come from ``scale.size`` (default 20,000 cases here: the export holds everything, so it
grows with the whole database by design); ``MARAC_BENCH_DB_DIR`` copies a prebuilt database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marac_desktop.services import bundle
from marac_desktop.services.workspace import Workspace
from tests.benchmarks.scale import open_demo, size

CASES = size(20_000)


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_demo(tmp_path_factory.mktemp("bench"), CASES)
    yield ws
    ws.close()


def test_export(benchmark, demo_workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    document = benchmark.pedantic(bundle.export_bundle, (demo_workspace,), rounds=3, iterations=1)
    assert len(document["cases"]) == CASES
