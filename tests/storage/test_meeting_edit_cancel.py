"""A planned meeting can be moved or changed, and called off while no case has been heard; a
cancelled meeting holds no cases, is never anyone's previous meeting and stays as it is."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.people import PersonDetails
from marac_desktop.errors import InvalidInputError, StaleEditError
from marac_desktop.services import audit, meeting_list, meeting_mode, meetings, records
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import meetings_repo

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 3, 11)
STARTS = datetime(2026, 3, 12, 10, 0)
LATER = datetime(2026, 3, 26, 14, 30)


def _meeting(ws: Workspace, starts: datetime = STARTS) -> meetings.Meeting:
    return meetings.create_meeting(ws, starts, "Hall", False, "Chair", "Leeds", today=TODAY)


def _listed(ws: Workspace, meeting: meetings.Meeting) -> int:
    case = records.open_case(ws, PersonDetails("Testvictim", "Ada"), today=TODAY)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(ws, case.id, date(2026, 3, 1), "Police", criteria, today=TODAY)
    meeting_list.build_list(ws, meeting.id)
    return case.id


def test_editing_moves_the_meeting_and_its_cutoff(admin: Workspace) -> None:
    meeting = _meeting(admin)
    edited = meetings.edit_meeting(
        admin, meeting.id, LATER, "", True, "DI Chair", "Leeds North", TODAY, 15, meeting.version
    )
    assert (edited.starts_at, edited.venue, edited.online) == (LATER, "Online", True)
    assert (edited.chair, edited.area, edited.slot_minutes) == ("DI Chair", "Leeds North", 15)
    assert edited.cutoff == date(2026, 3, 19)
    assert meetings.get_meeting(admin, meeting.id) == edited
    assert any(e.detail == "edited" for e in audit.recent_entries(admin, 5))
    with pytest.raises(StaleEditError):
        meetings.edit_meeting(
            admin, meeting.id, STARTS, "Hall", False, "C", "A", TODAY, None, meeting.version
        )
    with pytest.raises(InvalidInputError, match="past"):
        meetings.edit_meeting(
            admin, meeting.id, datetime(2026, 3, 1, 10), "Hall", False, "C", "A", TODAY
        )


def test_a_cancelled_meeting_lets_its_cases_go_and_stays_cancelled(admin: Workspace) -> None:
    first = _meeting(admin)
    case_id = _listed(admin, first)
    second = _meeting(admin, LATER)
    assert meeting_list.propose_list(admin, second.id) == []  # it waits on the first
    cancelled = meetings.cancel_meeting(admin, first.id, first.version + 1)
    assert cancelled.status is MeetingStatus.CANCELLED
    assert [p.case_id for p in meeting_list.propose_list(admin, second.id)] == [case_id]
    for refused in (
        lambda: meetings.cancel_meeting(admin, first.id),
        lambda: meetings.edit_meeting(admin, first.id, LATER, "Hall", False, "C", "A", TODAY),
        lambda: meeting_list.build_list(admin, first.id),
        lambda: meetings.close_meeting(admin, first.id, today=STARTS.date()),
    ):
        with pytest.raises(InvalidInputError):
            refused()


def test_a_meeting_where_a_case_was_heard_cannot_be_cancelled(admin: Workspace) -> None:
    meeting = _meeting(admin)
    case_id = _listed(admin, meeting)
    meeting_mode.mark_heard(admin, meeting.id, case_id, now=STARTS)
    with pytest.raises(InvalidInputError, match="cannot be cancelled"):
        meetings.cancel_meeting(admin, meeting.id)
    assert meetings.get_meeting(admin, meeting.id).status is MeetingStatus.PLANNED


def test_a_cancelled_meeting_is_no_ones_previous_meeting(admin: Workspace) -> None:
    first = _meeting(admin)
    second = _meeting(admin, LATER)
    with admin.transaction() as session:
        assert meetings_repo.previous_meeting(session, second) == first
    meetings.cancel_meeting(admin, first.id)
    with admin.transaction() as session:
        assert meetings_repo.previous_meeting(session, second) is None
    case_id = _listed(admin, second)
    with pytest.raises(InvalidInputError, match="cancelled"):
        meeting_mode.mark_heard(admin, first.id, case_id, now=STARTS)
