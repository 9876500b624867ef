"""The Actions page at scale: the tracker's count and first page, the overdue filter, another
order, and the page opening in the window until its first screenful is in the model.

The demo makes no meetings, so one action for every tenth case is added (``action_data``).
Target (issue 12): the first screenful within 200 ms at 250,000 cases.
Run with: pytest tests/benchmarks/test_actions_page_benchmark.py --benchmark-only
Sizes and prebuilt databases: see ``scale``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from marac_desktop.services import actions
from marac_desktop.services.actions import ActionFilter, TrackedAction
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import scale
from tests.benchmarks.action_data import seed_actions
from tests.benchmarks.page_timing import open_page

from marac_desktop.ui.actions.actions_page import ActionsPage
from marac_desktop.ui.models.paged_table_model import PAGE_SIZE

EVERYTHING = ActionFilter(today=scale.BENCH_TODAY)
MAX_CALLS = 8  # settings, agencies, meetings for the filters; count and first page


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = scale.open_demo(tmp_path_factory.mktemp("bench"), scale.size())
    seed_actions(ws)
    yield ws
    ws.close()


def _first_page(ws: Workspace, chosen: ActionFilter, sort: str = "due") -> list[TrackedAction]:
    actions.count_actions(ws, chosen)
    return actions.action_page(ws, chosen, 0, PAGE_SIZE, sort)


def test_count_and_first_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(_first_page, big, EVERYTHING)
    assert len(rows) == min(PAGE_SIZE, actions.count_actions(big, EVERYTHING).actions)


def test_overdue_first_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    overdue = ActionFilter(today=scale.BENCH_TODAY, overdue_only=True)
    rows = benchmark(_first_page, big, overdue)
    assert rows and all(t.overdue for t in rows)


@pytest.mark.parametrize("sort", ["agency", "meeting", "who"])
def test_first_page_in_another_order(benchmark, big: Workspace, sort: str) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(_first_page, big, EVERYTHING, sort)


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
def test_page_opens_with_its_first_screenful(  # type: ignore[no-untyped-def]
    benchmark, big: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []

    def run() -> float:
        done = open_page(lambda: ActionsPage(big, today=scale.BENCH_TODAY), monkeypatch)
        qtbot.addWidget(done.page)
        opened.append(done)
        return done.seconds

    benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    last = opened[-1]
    total = actions.count_actions(big, EVERYTHING).actions
    assert last.page.model.total == total
    assert last.page.model.loaded == min(PAGE_SIZE, total)
    assert last.calls <= MAX_CALLS
    benchmark.extra_info.update(seconds=[round(o.seconds, 4) for o in opened], calls=last.calls)
