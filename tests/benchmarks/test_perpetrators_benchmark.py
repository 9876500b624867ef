"""The perpetrator register and ranking at scale.

Targets (issue 16): every perpetrator of the 250,000-case demo ranked within 2 s; the
register's first page within 200 ms.
Run with: pytest tests/benchmarks/test_perpetrators_benchmark.py --benchmark-only
Sizes and prebuilt databases: see ``scale`` (MARAC_BENCH_CASES, MARAC_BENCH_SMOKE,
MARAC_BENCH_DB_DIR).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marac_desktop.services import perpetrator_ranking, perpetrators
from marac_desktop.services.perpetrator_ranking import RankFilter
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import scale

from marac_desktop.ui.models.paged_table_model import PAGE_SIZE


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = scale.open_demo(tmp_path_factory.mktemp("bench"), scale.size())
    yield ws
    ws.close()


def test_rank_every_perpetrator(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    ranking = benchmark(perpetrator_ranking.ranked_list, big, RankFilter(), scale.BENCH_TODAY)
    assert ranking.rows and ranking.ranked >= len(ranking.rows)
    scores = [row.score for row in ranking.rows]
    assert scores == sorted(scores, reverse=True)


def test_rank_serial_only(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    chosen = RankFilter(serial_only=True)
    ranking = benchmark(perpetrator_ranking.ranked_list, big, chosen, scale.BENCH_TODAY)
    assert all(row.victims >= 2 for row in ranking.rows)


def test_register_first_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    def first_page() -> int:
        perpetrators.count_register(big)
        return len(perpetrators.register_page(big, 0, PAGE_SIZE))

    assert benchmark(first_page) == PAGE_SIZE
