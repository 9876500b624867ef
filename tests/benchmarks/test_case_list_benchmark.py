"""The case list at scale: count, first page, a deep page, sorted by name and by last referral,
searched, and the Cases page opening with its first screenful, over demo data: each on the
encrypted file and on a partnership server holding the same cases (``bench_server``).

Target (issue 12): each first screenful within 200 ms at 250,000 cases.
Run with: pytest tests/benchmarks/test_case_list_benchmark.py --benchmark-only
Sizes and prebuilt databases: see ``scale`` (MARAC_BENCH_CASES, MARAC_BENCH_SMOKE,
MARAC_BENCH_DB_DIR).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import bench_server, scale
from tests.benchmarks.bench_server import DemoCluster
from tests.benchmarks.page_timing import open_page

from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.models.paged_table_model import PAGE_SIZE

CASES = scale.size()
DEEP = max(0, CASES - 2 * PAGE_SIZE)  # the second page from the end (on small data, the first)


@pytest.fixture(scope="module", params=bench_server.ENGINES)
def big(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_servers: Callable[[int], DemoCluster],
) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("bench")
    with bench_server.open_demo(request.param, folder, CASES, demo_servers) as ws:
        yield ws


def test_count(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(records.count_cases, big) == CASES


def test_first_page_sorted_by_family_name(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "", 0, PAGE_SIZE, "family_name")
    assert len(rows) == PAGE_SIZE


@pytest.mark.parametrize("descending", [True, False])
def test_first_page_sorted_by_last_referral(benchmark, big: Workspace, descending: bool) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "", 0, PAGE_SIZE, "last_referral", descending)
    days = [r.last_referral for r in rows if r.last_referral is not None]
    assert len(rows) == PAGE_SIZE and days == sorted(days, reverse=descending)


def test_deep_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "", DEEP, PAGE_SIZE, "reference")
    assert len(rows) == PAGE_SIZE


def test_deep_page_by_last_referral(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark(records.case_page, big, "", DEEP, PAGE_SIZE, "last_referral", True)
    assert len(rows) == PAGE_SIZE


def test_search_first_page(benchmark, big: Workspace) -> None:  # type: ignore[no-untyped-def]
    """One word shared by very many people (about 3% of the demo's cases start with it)."""
    rows = benchmark(records.case_page, big, "kowal", 0, PAGE_SIZE, "reference")
    assert rows and all(r.found_by for r in rows)
    victims = [r for r in rows if r.found_by == "victim"]
    assert all("kowal" in r.family_name.lower() for r in victims)
    if benchmark.stats is not None:
        assert benchmark.stats.stats.median < 0.1


# Issue 13: a case found by any order of the victim's names, or by a perpetrator's or child's
# name, first page within 100 ms at 250,000 cases.


def _named(big: Workspace, role: str) -> str:
    """Words of the first case's party in that role, given names first (the other way round)."""
    for row in records.case_page(big, "", 0, 50):
        record = records.case_record(big, row.id)
        people = [p.person for p in record.parties if p.role.value == role]
        if people:
            person = people[0]
            break
    return f"{person.details.given_names} {person.details.family_name}"


@pytest.mark.parametrize("role", ["victim", "perpetrator", "child"])
def test_search_by_a_partys_names_in_any_order(benchmark, big: Workspace, role: str) -> None:  # type: ignore[no-untyped-def]
    typed = _named(big, role)
    started = time.perf_counter()
    total = records.count_cases(big, typed)
    counted = time.perf_counter() - started
    rows = benchmark.pedantic(
        records.case_page, args=(big, typed, 0, PAGE_SIZE, "reference"), rounds=5
    )
    assert total > 0 and rows and role in {r.found_by for r in rows}
    print(f"{role}: {total} case(s), counted in {1000 * counted:.1f} ms")
    if benchmark.stats is not None:
        assert benchmark.stats.stats.median < 0.1 and counted < 0.1


@pytest.mark.parametrize("role", ["victim", "perpetrator", "child"])
def test_people_search(benchmark, big: Workspace, role: str) -> None:  # type: ignore[no-untyped-def]
    typed = _named(big, role)
    found = benchmark.pedantic(records.find_people, args=(big, typed), rounds=5)
    assert any(role in {r.value for _, _, r in line.cases} for line in found)
    if benchmark.stats is not None:
        assert benchmark.stats.stats.median < 0.1


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
def test_page_opens_with_its_first_screenful(  # type: ignore[no-untyped-def]
    benchmark, big: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []

    def run() -> float:
        done = open_page(lambda: CasesPage(big), monkeypatch)
        qtbot.addWidget(done.page)
        opened.append(done)
        return done.seconds

    benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    assert opened[-1].page.model.loaded == PAGE_SIZE
    benchmark.extra_info.update(seconds=[round(o.seconds, 4) for o in opened])
