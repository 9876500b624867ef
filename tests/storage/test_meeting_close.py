"""Meetings happen before cases are heard: a case is heard only once its meeting has started, a
meeting is held only when the coordinator closes it on or after its day, and the reports count
held meetings only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId, MeetingStatus
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import ReferralStatus
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import (
    access,
    actions,
    agenda_view,
    audit,
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    records,
)
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.orm import CaseRow, ReportDayRow, ReportDiscussionRow, ReportStaleRow
from tests.conftest import add_user

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)  # Thursday; the list closes on Thursday 5 March
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
NOT_STARTED = (
    "A case can be marked heard only once the meeting has started, at 10:00 on 12 Mar 2026."
)
NOT_ITS_DAY = "The meeting can be closed only on its day, 12 Mar 2026, or later."
CLOSED = "This meeting has already been closed."


def _listed_meeting(ws: Workspace, cases: int = 5) -> tuple[MeetingId, list[CaseId]]:
    ids = []
    for n in range(cases):
        case = records.open_case(ws, PersonDetails(f"Testfamily{n}", "Test"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)
        ids.append(case.id)
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    meeting_list.build_list(ws, meeting.id)
    return meeting.id, ids


def _heard(ws: Workspace, meeting_id: MeetingId) -> list[bool]:
    return [r.heard for r in agenda_view.meeting_view(ws, meeting_id).rows]


@pytest.mark.both_engines
def test_a_case_is_heard_only_once_the_meeting_has_started(admin: Workspace) -> None:
    meeting_id, (first, second, *_) = _listed_meeting(admin)
    for early in (STARTS - timedelta(days=14), STARTS - timedelta(minutes=1)):
        with pytest.raises(InvalidInputError) as refused:
            meeting_mode.mark_heard(admin, meeting_id, first, minutes_used=8, now=early)
        assert str(refused.value) == NOT_STARTED
    assert _heard(admin, meeting_id) == [False] * 5
    assert records.case_record(admin, first).referrals[0].status is ReferralStatus.RECEIVED

    meeting_mode.mark_heard(admin, meeting_id, first, minutes_used=8, now=STARTS)
    meeting_mode.mark_heard(admin, meeting_id, second, now=STARTS + timedelta(minutes=25))
    assert _heard(admin, meeting_id) == [True, True, False, False, False]
    referral = records.case_record(admin, first).referrals[0]
    assert referral.status is ReferralStatus.HEARD and referral.meeting_day == STARTS.date()
    # Hearing cases does not hold the meeting: only the coordinator's close does.
    assert meetings.get_meeting(admin, meeting_id).status is MeetingStatus.PLANNED


def test_a_meeting_is_closed_on_its_day_or_later_and_only_once(
    admin: Workspace, db_path: Path
) -> None:
    meeting_id, (first, *_) = _listed_meeting(admin)
    with pytest.raises(InvalidInputError) as refused:
        meetings.close_meeting(admin, meeting_id, today=STARTS.date() - timedelta(days=1))
    assert str(refused.value) == NOT_ITS_DAY
    assert meetings.get_meeting(admin, meeting_id).status is MeetingStatus.PLANNED

    meeting_mode.mark_heard(admin, meeting_id, first, now=STARTS)
    closed = meetings.close_meeting(admin, meeting_id, today=STARTS.date())
    assert closed.status is MeetingStatus.HELD
    assert meetings.get_meeting(admin, meeting_id).status is MeetingStatus.HELD
    with pytest.raises(InvalidInputError) as twice:
        meetings.close_meeting(admin, meeting_id, today=STARTS.date() + timedelta(days=1))
    assert str(twice.value) == CLOSED
    assert any(
        e.target_type == "meeting" and e.detail == "closed as held; 1 case(s) heard"
        for e in audit.recent_entries(admin)
    )

    later = meetings.create_meeting(
        admin, STARTS + timedelta(days=28), "Hall", False, "Chair", "Leeds", today=TODAY
    )
    after_its_day = later.day + timedelta(days=3)
    assert meetings.close_meeting(admin, later.id, today=after_its_day).status is MeetingStatus.HELD

    password = add_user(admin, "ivy.idva", Role.IDVA)
    idva = access.unlock(db_path, "ivy.idva", password)
    try:
        with pytest.raises(PermissionDeniedError):
            meetings.close_meeting(idva, meeting_id, today=STARTS.date())
    finally:
        idva.close()


def _from_scratch(ws: Workspace) -> performance.PerformanceReport:
    with ws.transaction() as session:
        for table in (ReportDiscussionRow, ReportDayRow, ReportStaleRow):
            session.execute(delete(table))
        session.execute(insert(ReportStaleRow).from_select(["case_id"], select(CaseRow.id)))
    return performance.performance_report(ws, *MARCH, today=TODAY)


@pytest.mark.both_engines
def test_the_reports_count_a_meeting_only_once_it_is_closed(admin: Workspace) -> None:
    meeting_id, (first, second, *_) = _listed_meeting(admin)
    meeting_mode.mark_heard(admin, meeting_id, first, now=STARTS)
    meeting_mode.mark_heard(admin, meeting_id, second, now=STARTS)
    actions.add_action(admin, meeting_id, first, "Police", "Visit", "PC A", date(2026, 3, 20))

    planned = performance.performance_report(admin, *MARCH, today=TODAY)
    assert planned.totals.cases == 0 and planned.rows == () and planned.actions == ()
    # The referrals heard on the meeting's day do not count on their own either.
    assert planned.meetings_from_referrals == 0

    meetings.close_meeting(admin, meeting_id, today=STARTS.date())
    held = performance.performance_report(admin, *MARCH, today=TODAY)
    assert held.totals.cases == 2
    assert [(r.meeting_id, r.cases) for r in held.rows] == [(meeting_id, 2)]
    assert [(a.agency, a.open) for a in held.actions] == [("Police", 1)]
    assert held == _from_scratch(admin)
