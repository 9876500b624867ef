"""The Flags page at scale: the queue's first page with its labels, a deep page, another order,
and the page opening in the window until its first screenful is in the model.

Target (issue 12): the first screenful within 200 ms at 250,000 cases, with a handful of service
calls however long the queue (none per flag).
Run with: pytest tests/benchmarks/test_flags_page_benchmark.py --benchmark-only
Sizes and prebuilt databases: see ``scale`` (MARAC_BENCH_CASES, MARAC_BENCH_SMOKE,
MARAC_BENCH_DB_DIR).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from marac_desktop.domain.records import FlagStatus
from marac_desktop.services import flags
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import scale
from tests.benchmarks.page_timing import open_page

from marac_desktop.ui.flags.flags_page import KIND_CHOICES, FlagsPage
from marac_desktop.ui.models.paged_table_model import PAGE_SIZE

TO_REVIEW = KIND_CHOICES[0][1]  # what the page shows first: flags to review, waiting
MAX_CALLS = 6


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = scale.open_demo(tmp_path_factory.mktemp("bench"), scale.size())
    yield ws
    ws.close()


def _first_page(ws: Workspace) -> list[flags.QueueRow]:
    flags.count_queue(ws, True, kinds=TO_REVIEW, status=FlagStatus.OPEN)
    return flags.queue_page(ws, 0, PAGE_SIZE, True, kinds=TO_REVIEW, status=FlagStatus.OPEN)


def test_count_and_first_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(_first_page, big)
    assert len(rows) == min(PAGE_SIZE, flags.count_queue(big, True, kinds=TO_REVIEW))


def test_deep_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    total = flags.count_queue(big, True)
    offset = max(0, total - 2 * PAGE_SIZE)
    rows = benchmark(flags.queue_page, big, offset, PAGE_SIZE, True)
    assert len(rows) == min(PAGE_SIZE, total - offset)


@pytest.mark.parametrize("sort", ["kind", "about", "status"])
def test_first_page_in_another_order(benchmark, big: Workspace, sort: str) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(flags.queue_page, big, 0, PAGE_SIZE, True, sort=sort, descending=False)
    assert rows


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
def test_page_opens_with_its_first_screenful(  # type: ignore[no-untyped-def]
    benchmark, big: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []

    def run() -> float:
        done = open_page(lambda: FlagsPage(big), monkeypatch)
        qtbot.addWidget(done.page)
        opened.append(done)
        return done.seconds

    benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    last = opened[-1]
    total = flags.count_queue(big, True, kinds=TO_REVIEW, status=FlagStatus.OPEN)
    assert last.page.model.total == total
    assert last.page.model.loaded == min(PAGE_SIZE, total)
    assert last.calls <= MAX_CALLS, "a service call per flag is back"
    benchmark.extra_info.update(seconds=[round(o.seconds, 4) for o in opened], calls=last.calls)
