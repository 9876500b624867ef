"""Properties of the report over demo data, for any period and threshold."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.reports import performance_export
from marac_desktop.risk.performance import is_safe_cell, per_10k_a_year, percent
from marac_desktop.services import access, demo, performance
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.vocabulary_repo import shipped

TODAY = date(2026, 11, 20)
START = TODAY - timedelta(days=5 * 365)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path: Path = tmp_path_factory.mktemp("perf") / "demo.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", "quiet lantern test phrase")
    demo.generate(workspace, 1500, seed=7, today=TODAY)
    yield workspace
    workspace.close()


periods = st.tuples(st.integers(0, 5 * 365), st.integers(0, 5 * 365)).map(
    lambda p: (START + timedelta(days=min(p)), START + timedelta(days=max(p)))
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(periods, st.sampled_from((1, 5, 10)))  # small thresholds on years of data are slow
def test_counts_add_up(ws: Workspace, period: tuple[date, date], threshold: int) -> None:
    report = performance.performance_report(ws, *period, today=TODAY)
    t = report.totals
    assert 0 <= t.repeats <= t.cases
    assert sum(n for _, n in t.by_agency) == t.cases
    police_labels = {t.label for t in shipped().agency if t.has("police")}
    police = sum(n for a, n in t.by_agency if a in police_labels)
    assert t.police_referrals == police
    assert t.police_referrals + t.partner_referrals <= t.cases
    assert sum(r.cases for r in report.rows) == t.cases
    assert all(sum(n for _, n in r.by_agency) == r.cases for r in report.rows)
    assert all(b.total == t.cases for b in report.breakdowns)
    assert sum(p.cases for p in report.by_month) == t.cases
    assert sum(p.cases for p in report.by_quarter) == t.cases
    assert report.rates.repeat_percent == percent(t.repeats, t.cases)
    assert report.rates.partner_percent == percent(
        t.partner_referrals, t.police_referrals + t.partner_referrals
    )
    days = (period[1] - period[0]).days + 1
    assert report.rates.per_10k_a_year == per_10k_a_year(t.cases, days, 100_000)
    assert report.hearing.cases <= t.cases
    for name in ("minoritised", "lgbt", "disabled", "male", "aged_16_17", "aged_65_plus"):
        assert 0 <= getattr(t, name) <= t.cases

    from dataclasses import replace

    exported = replace(report, settings=replace(report.settings, suppression_threshold=threshold))
    text = performance_export.csv_bytes(exported).decode("utf-8-sig")
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        assert all(is_safe_cell(v, threshold) for v in row[1:])
    for sheet in performance_export.sheets(exported):
        if sheet.title == "Summary":
            continue  # settings and days, not counts of people
        for row in sheet.rows:
            assert all(is_safe_cell(v, threshold) for v in row[1:])


def test_whole_span_has_cases(ws: Workspace) -> None:
    report = performance.performance_report(ws, START, TODAY, today=TODAY)
    assert report.totals.cases > 1000
    assert report.meetings_from_referrals == len(report.rows)  # demo data has no meetings
