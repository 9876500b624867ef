"""The discussions and counts worked out in SQL (``storage.report_discussions``) are the ones the
Python rules give (``risk.discussions`` and ``risk.report_counts.add``, run by the oracle), on
generated records with every kind of edit, on both engines."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select, update

from marac_desktop.domain.cases import CaseId, age_on
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.risk.report_counts import Counts, DiscussionFacts
from marac_desktop.services import access, demo
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import report_discussions, reports_repo
from marac_desktop.storage.orm import CaseRow, PersonRow, ReportDayRow, ReportDiscussionRow
from tests.storage.report_discussions_oracle import counted
from tests.storage.test_report_counts import PASSWORD, TODAY, _apply, edits

Found = dict[int, list[DiscussionFacts]]


def _sorted(found: Found) -> Found:
    return {case_id: sorted(facts, key=repr) for case_id, facts in found.items() if facts}


def _sql_and_oracle(ws: Workspace) -> tuple[tuple[Found, dict[Any, Counts]], ...]:
    """(discussions, counts) as stored after a recount, and as the oracle works them out."""
    with ws.transaction() as session:
        reports_repo.refresh(session)
        d = ReportDiscussionRow
        found: Found = defaultdict(list)
        for case_id, *facts in session.execute(
            select(
                d.case_id,
                d.day,
                d.meeting_id,
                d.agency,
                d.repeat,
                d.wait,
                d.victim_age,
                d.children,
                d.young_perpetrators,
                d.high_risk,
                d.with_idva,
                d.ethnicity,
                d.gender,
                d.sexuality,
                d.disability,
            )  # fmt: skip
        ):
            found[case_id].append(DiscussionFacts(*facts))
        days = {
            (day, meeting_id): json.loads(kept)
            for day, meeting_id, kept in session.execute(
                select(ReportDayRow.day, ReportDayRow.meeting_id, ReportDayRow.counts)
            )
        }
        expected, expected_days = counted(session)
    return (_sorted(found), days), (_sorted(expected), expected_days)


def _assert_same(ws: Workspace) -> None:
    (found, days), (expected, expected_days) = _sql_and_oracle(ws)
    assert found == expected
    assert days == expected_days


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("sql") / "demo.db"
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", PASSWORD)
    demo.generate(workspace, 150, seed=7, today=TODAY)
    yield workspace
    workspace.close()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(edits, min_size=1, max_size=6))
def test_sql_counts_what_the_python_rules_count(
    shared: Workspace, changes: list[tuple[Any, ...]]
) -> None:
    for edit in changes:
        _apply(shared, edit)
    _assert_same(shared)


DAY = date(2025, 6, 10)
EVERY_KIND: list[tuple[Any, ...]] = [
    ("meeting", [CaseId(1), CaseId(2)], DAY, True),
    ("meeting", [CaseId(3)], DAY + timedelta(days=30), False),  # planned: counts nothing
    ("heard referral", CaseId(4), DAY, True),  # heard on a meeting's day: the meeting counts
    ("heard referral", CaseId(5), DAY + timedelta(days=3), False),
    ("heard referral", CaseId(5), DAY + timedelta(days=100), False),  # within the window
    ("heard referral", CaseId(6), DAY + timedelta(days=10), False),
    ("heard referral", CaseId(6), DAY + timedelta(days=375), False),  # the window's last day
    ("heard referral", CaseId(7), DAY + timedelta(days=10), False),
    ("heard referral", CaseId(7), DAY + timedelta(days=376), False),  # a day after it
    ("idva", CaseId(1), DAY - timedelta(days=40)),
    ("idva ended", CaseId(1), DAY - timedelta(days=2)),
    ("idva", CaseId(2), DAY - timedelta(days=1)),
    ("victim", CaseId(2), "male", None),
    ("victim", CaseId(1), "female", DAY - timedelta(days=365 * 17 + 3)),
    ("perpetrator", CaseId(1), DAY - timedelta(days=365 * 16)),
    ("perpetrator", CaseId(2), None),
    ("high assessment", CaseId(1), DAY - timedelta(days=5)),
    ("child", CaseId(2)),
    ("meeting", [CaseId(1)], DAY + timedelta(days=200), True),
    # at the meeting: the referral heard that day, not the one received since (heard later)
    ("heard referral", CaseId(8), DAY + timedelta(days=50), False),
    ("heard referral", CaseId(8), DAY + timedelta(days=55), False),
    ("meeting", [CaseId(8)], DAY + timedelta(days=50), True),
]


@pytest.mark.both_engines
def test_sql_counts_what_the_python_rules_count_on_both_engines(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=3, today=TODAY)
    _assert_same(admin)
    for edit in EVERY_KIND:
        _apply(admin, edit)
    (found, days), expected = _sql_and_oracle(admin)
    assert any(f.meeting_id is not None for facts in found.values() for f in facts)
    assert (found, days) == expected


def test_a_value_holding_the_separator_is_counted_value_by_value(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    ws = access.unlock(path, "admin", PASSWORD)
    try:
        demo.generate(ws, 40, seed=2, today=TODAY)
        with ws.transaction() as session:
            victims = select(CaseRow.victim_id).where(CaseRow.id <= 20)
            session.execute(
                update(PersonRow).where(PersonRow.id.in_(victims)).values(ethnicity="a\x1fb")
            )
        _assert_same(ws)
    finally:
        ws.close()


AGE_EDGES = [
    (date(1990, 6, 15), date(2026, 6, 14)),  # the day before a birthday
    (date(1990, 6, 15), date(2026, 6, 15)),  # the birthday itself
    (date(1990, 6, 15), date(2026, 6, 16)),
    (date(2008, 2, 29), date(2026, 2, 28)),  # born on 29 February, in a year without one
    (date(2008, 2, 29), date(2026, 3, 1)),
    (date(2008, 2, 29), date(2028, 2, 29)),
    (date(2008, 12, 31), date(2026, 1, 1)),
    (date(2008, 1, 1), date(2025, 12, 31)),
    (date(2026, 5, 1), date(2026, 5, 1)),  # born that day
    (date(1926, 10, 9), date(2026, 10, 8)),
]


@pytest.mark.both_engines
@given(st.lists(st.tuples(st.dates(date(1920, 1, 1)), st.dates(date(1920, 1, 1))), max_size=40))
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_ages_worked_out_in_sql_are_the_domains(
    admin: Workspace, pairs: list[tuple[date, date]]
) -> None:
    """The recount's ages (victims' bands, perpetrators under 18) on each engine's own reading
    of dates are ``domain.cases.age_on``, on birthdays and 29 February too."""
    pairs = [(born, day) for born, day in [*AGE_EDGES, *pairs] if born <= day]
    with admin.transaction() as session:
        connection = session.connection()
        found = connection.execute(
            select(
                *(
                    report_discussions.age_on(connection, literal(born, Date), literal(day, Date))
                    for born, day in pairs
                )
            )
        ).one()
    assert list(found) == [age_on(born, day) for born, day in pairs]
