"""The stored report counts follow every change to the records they come from."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, select

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import (
    IdvaAllocation,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.services import (
    access,
    assessments,
    demo,
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    records,
)
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import reports_repo, settings_repo
from marac_desktop.storage.orm import CaseRow, ReportDayRow, ReportDiscussionRow, ReportStaleRow

TODAY = date(2026, 11, 20)
FROM, TO = date(2021, 1, 1), date(2026, 11, 20)
PASSWORD = "quiet lantern test phrase"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "demo.db"
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", PASSWORD)
    demo.generate(workspace, 400, seed=11, today=TODAY)
    yield workspace
    workspace.close()


def _report(ws: Workspace) -> performance.PerformanceReport:
    return performance.performance_report(ws, FROM, TO, TODAY)


def _from_scratch(ws: Workspace) -> performance.PerformanceReport:
    with ws.transaction() as session:
        for table in (ReportDiscussionRow, ReportDayRow, ReportStaleRow):
            session.execute(delete(table))
        session.execute(insert(ReportStaleRow).from_select(["case_id"], select(CaseRow.id)))
    return _report(ws)


def _stale(ws: Workspace) -> int:
    with ws.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ReportStaleRow)) or 0)


def _heard_day(ws: Workspace, case_id: CaseId) -> date:
    heard = [r.meeting_day for r in records.case_record(ws, case_id).referrals if r.meeting_day]
    assert heard
    return heard[0]


def test_edits_of_every_kind_land_in_the_next_report(ws: Workspace) -> None:
    before = _report(ws)
    assert _stale(ws) == 0
    a = next(CaseId(n) for n in range(1, 400) if _heard_without_idva(ws, CaseId(n)))
    b, c, d = (CaseId(n) for n in (5, 8, 13))
    records.allocate_idva(ws, a, IdvaAllocation("Testadviser", date(2015, 1, 1)), today=TODAY)
    assert _stale(ws) == 1
    with_idva = _report(ws).totals.with_idva
    assert with_idva == before.totals.with_idva + _heard_days(ws, a)
    victim = records.case_record(ws, b).victim
    records.update_person(
        ws, victim.id, PersonDetails(victim.details.family_name, "Testgiven", gender="male")
    )
    records.add_person_to_case(ws, c, PersonDetails("Testchild", "Kid"), PartyRole.CHILD)
    records.record_referral(
        ws,
        d,
        date(2024, 2, 1),
        "Testagency",
        ReferralCriteria(repeat=True),
        ReferralStatus.HEARD,
        date(2024, 2, 20),
        today=TODAY,
    )
    # A meeting recorded on a day known so far only from referrals: only its list counts now.
    day = _heard_day(ws, CaseId(21))
    meeting = meetings.create_meeting(
        ws,
        datetime.combine(day, datetime.min.time()) + timedelta(hours=10),
        "Hall",
        False,
        "Chair",
        "Area",
        today=day - timedelta(days=30),
    )
    meeting_list.add_case(ws, meeting.id, CaseId(21))
    meeting_mode.mark_heard(ws, meeting.id, CaseId(21), now=meeting.starts_at)
    meetings.close_meeting(ws, meeting.id, today=day)
    assert _stale(ws) > 0

    after = _report(ws)
    # An agency typed that is not in the list counts as "Other agency"; the words never do.
    assert dict(after.totals.by_agency).get("Other agency") == 1
    assert "Testagency" not in dict(after.totals.by_agency)
    assert after.totals.children >= before.totals.children + 1
    assert after == _from_scratch(ws)


def _heard_days(ws: Workspace, case_id: CaseId) -> int:
    return len({r.meeting_day for r in records.case_record(ws, case_id).referrals if r.meeting_day})


def _heard_without_idva(ws: Workspace, case_id: CaseId) -> bool:
    record = records.case_record(ws, case_id)
    return record.idva is None and any(r.meeting_day for r in record.referrals)


def test_new_category_rules_count_everything_again(ws: Workspace) -> None:
    first = _report(ws)
    with ws.transaction() as session:
        session.execute(delete(ReportDayRow))  # the next report must not rely on these
        settings_repo.store(session, reports_repo.RULES_KEY, "older rules")
    assert _report(ws) == first


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("counts") / "demo.db"
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", PASSWORD)
    demo.generate(workspace, 150, seed=5, today=TODAY)
    yield workspace
    workspace.close()


cases = st.integers(1, 150).map(CaseId)
days = st.dates(date(2022, 1, 1), date(2026, 11, 1))
edits = st.one_of(
    st.tuples(st.just("idva"), cases, days),
    st.tuples(st.just("idva ended"), cases, days),
    st.tuples(st.just("victim"), cases, st.sampled_from(["male", "female", ""]), st.none() | days),
    st.tuples(st.just("perpetrator"), cases, st.none() | days),
    st.tuples(st.just("high assessment"), cases, days),
    st.tuples(st.just("child"), cases),
    st.tuples(st.just("heard referral"), cases, days, st.booleans()),
    st.tuples(st.just("meeting"), st.lists(cases, min_size=1, max_size=3), days, st.booleans()),
)


def _apply(ws: Workspace, edit: tuple[Any, ...]) -> None:
    with contextlib.suppress(InvalidInputError):  # refused (a date before the IDVA's, say)
        _edit(ws, edit)


def _edit(ws: Workspace, edit: tuple[Any, ...]) -> None:
    kind, case_id = edit[0], edit[1]
    if kind == "idva":
        records.allocate_idva(ws, case_id, IdvaAllocation("Testadviser", edit[2]), TODAY)
    elif kind == "idva ended":
        records.end_idva(ws, case_id, edit[2], TODAY)
    elif kind == "perpetrator":  # some perpetrators are in several cases (demo serial rate)
        (perpetrator, *_) = records.case_record(ws, case_id).people(PartyRole.PERPETRATOR)
        details = replace(perpetrator.details, date_of_birth=edit[2])
        records.update_person(ws, perpetrator.id, details, today=TODAY)
    elif kind == "high assessment":
        draft = assessments.start(ws, case_id, edit[2], today=TODAY)
        answers = {f"q{n}": Answer.YES if n <= 15 else Answer.NO for n in range(1, 25)}
        main = AssessmentInput("dash", edit[2], answers, victim_age=draft.main.victim_age)
        assessments.complete(ws, draft.id, main, {}, today=TODAY)
    elif kind == "victim":
        victim = records.case_record(ws, case_id).victim
        details = replace(victim.details, gender=edit[2], date_of_birth=edit[3])
        records.update_person(ws, victim.id, details, today=TODAY)
    elif kind == "child":
        records.add_person_to_case(ws, case_id, PersonDetails("Testchild", "Kid"), PartyRole.CHILD)
    elif kind == "heard referral":
        heard_on = edit[2]
        criteria = ReferralCriteria(repeat=edit[3], visible_high_risk=not edit[3])
        records.record_referral(
            ws,
            case_id,
            heard_on - timedelta(days=9),
            "Testagency",
            criteria,
            ReferralStatus.HEARD,
            heard_on,
            today=TODAY,
        )
    else:
        starts = datetime.combine(edit[2], datetime.min.time()) + timedelta(hours=10)
        meeting = meetings.create_meeting(
            ws, starts, "Hall", False, "Chair", "Area", today=edit[2] - timedelta(days=30)
        )
        for listed in dict.fromkeys(case_id):
            meeting_list.add_case(ws, meeting.id, listed)
            meeting_mode.mark_heard(ws, meeting.id, listed, now=starts)
        if edit[3]:  # closed after a report has counted it while it was still planned
            _report(ws)
            meetings.close_meeting(ws, meeting.id, today=edit[2])


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(edits, min_size=1, max_size=5))
def test_counts_kept_by_edits_match_counting_afresh(
    shared: Workspace, changes: list[tuple[Any, ...]]
) -> None:
    _report(shared)
    for edit in changes:
        _apply(shared, edit)
    assert _report(shared) == _from_scratch(shared)


def test_counting_in_batches_gives_the_same_counts(ws: Workspace) -> None:
    assert performance.changed_cases(ws) == 400
    progress = list(performance.count_changed_cases(ws, batch=37))
    assert progress[0] == 37 and progress[-1] == 400 and len(progress) == 11
    assert performance.changed_cases(ws) == 0
    assert _report(ws) == _from_scratch(ws)
