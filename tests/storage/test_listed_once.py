"""A case waits on one meeting's list at a time: one already on another planned meeting's list,
not yet heard, is not proposed again, and the coordinator is told where it waits."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import meeting_list, meetings, records
from marac_desktop.services.workspace import Workspace

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 3, 11)
FIRST = datetime(2026, 3, 12, 10, 0)
SECOND = datetime(2026, 3, 26, 10, 0)


def _referred(ws: Workspace, family: str, day: date) -> int:
    case = records.open_case(ws, PersonDetails(family, "Test"), today=TODAY)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(ws, case.id, day, "Police", criteria, today=TODAY)
    return case.id


def _meeting(ws: Workspace, starts: datetime) -> meetings.MeetingId:
    return meetings.create_meeting(ws, starts, "Hall", False, "Chair", "Leeds", today=TODAY).id


def test_a_case_on_another_planned_list_is_not_proposed_and_is_named(admin: Workspace) -> None:
    early = _referred(admin, "Testone", date(2026, 3, 1))
    first = _meeting(admin, FIRST)
    assert [r.case_id for r in meeting_list.build_list(admin, first).rows] == [early]
    late = _referred(admin, "Testtwo", date(2026, 3, 10))
    second = _meeting(admin, SECOND)

    assert [p.case_id for p in meeting_list.propose_list(admin, second)] == [late]
    assert [r.case_id for r in meeting_list.build_list(admin, second).rows] == [late]
    [waiting] = meeting_list.waiting_elsewhere(admin, second)
    assert waiting.case_id == early
    assert waiting.case_reference == records.case_record(admin, early).reference
    assert waiting.meeting_starts_at == FIRST
    assert meeting_list.waiting_elsewhere(admin, first) == []

    meeting_list.remove_case(admin, first, early, RemovalReason.IN_ERROR)
    assert sorted(p.case_id for p in meeting_list.propose_list(admin, second)) == [early, late]
    assert meeting_list.waiting_elsewhere(admin, second) == []
