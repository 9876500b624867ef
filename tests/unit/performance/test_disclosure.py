"""Disclosure control that holds: no suppressed figure of a published report can be worked out.

Hundreds of random periods, and real periods of a small demo database, are published through
the export code; the attacker in ``disclosure_attack`` then solves the report's equations for
every hidden figure.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.reports.performance_export import sheets
from marac_desktop.services import access, demo, performance
from marac_desktop.services.workspace import Workspace
from tests.unit.performance.disclosure_attack import PERIOD_ONLY, attack
from tests.unit.performance.random_reports import random_report

RANDOM_PERIODS = 200
TODAY = date(2026, 11, 20)


def test_no_suppressed_figure_of_a_random_period_can_be_worked_out() -> None:
    rng = random.Random(20261201)
    hidden = perpetrators_hidden = 0
    disclosed: list[str] = []
    for number in range(RANDOM_PERIODS):
        threshold = 5 if number % 4 else rng.randint(3, 10)
        report = random_report(rng, threshold)
        result = attack(report)
        hidden += result.hidden
        disclosed += [f"period {number} (threshold {threshold}): {d}" for d in result.disclosed]
        perpetrators = {s.title: s for s in sheets(report)}["Perpetrators"]
        perpetrators_hidden += sum(
            1 for name, text in perpetrators.rows if name in PERIOD_ONLY and not text.isdigit()
        )
    print(f"{RANDOM_PERIODS} periods, {hidden} hidden figures attacked, {len(disclosed)} disclosed")
    assert hidden > 20 * RANDOM_PERIODS
    assert perpetrators_hidden > RANDOM_PERIODS  # the perpetrator figures are attacked too
    assert not disclosed, "\n".join(disclosed[:20]) + f"\n... {len(disclosed)} disclosed"


@pytest.fixture(scope="module")
def small_area(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path: Path = tmp_path_factory.mktemp("disclosure") / "demo.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", "quiet lantern test phrase")
    demo.generate(workspace, 120, seed=11, today=TODAY)
    yield workspace
    workspace.close()


@pytest.mark.parametrize(
    "period",
    [
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2025, 10, 1), date(2026, 9, 30)),
        (date(2022, 1, 1), date(2026, 11, 20)),
    ],
    ids=["quarter", "year", "five years"],
)
def test_no_suppressed_figure_of_a_demo_period_can_be_worked_out(
    small_area: Workspace, period: tuple[date, date]
) -> None:
    report = performance.performance_report(small_area, *period, today=TODAY)
    result = attack(report)
    print(f"{period}: {result.hidden} hidden figures attacked, {len(result.disclosed)} disclosed")
    assert result.hidden > 0
    assert not result.disclosed, "\n".join(result.disclosed[:20])
