"""Agency actions: SMART checks, status history, the tracker, and the next meeting's list."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import ActionStatus, AgendaSection, MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import actions, meeting_list, meeting_mode, meetings, records
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 3, 2)
FIRST = datetime(2026, 3, 12, 10, 0)
SECOND = datetime(2026, 4, 9, 10, 0)


def _heard_case(ws: Workspace) -> tuple[MeetingId, int, int]:
    """A meeting with two cases heard; returns the meeting and both case ids."""
    ids = []
    for family in ("Hughes", "Iqbal"):
        case = records.open_case(ws, PersonDetails(family, "Test"), today=TODAY)
        records.record_referral(
            ws, case.id, TODAY, "Police", ReferralCriteria(visible_high_risk=True), today=TODAY
        )
        ids.append(case.id)
    meeting = meetings.create_meeting(ws, FIRST, "Hall", False, "Chair", "Leeds", today=TODAY)
    meeting_list.build_list(ws, meeting.id)
    for case_id in ids:
        meeting_mode.mark_heard(ws, meeting.id, case_id, minutes_used=9, now=FIRST)
    return meeting.id, ids[0], ids[1]


@pytest.mark.both_engines
def test_actions_are_smart(admin: Workspace) -> None:
    meeting_id, case_id, _ = _heard_case(admin)
    with pytest.raises(InvalidInputError, match="agency"):
        actions.add_action(admin, meeting_id, case_id, " ", "Visit", "PC A", date(2026, 3, 20))
    with pytest.raises(InvalidInputError, match="what"):
        actions.add_action(admin, meeting_id, case_id, "Police", " ", "PC A", date(2026, 3, 20))
    with pytest.raises(InvalidInputError, match="responsible"):
        actions.add_action(admin, meeting_id, case_id, "Police", "Visit", "", date(2026, 3, 20))
    with pytest.raises(InvalidInputError, match="before the meeting"):
        actions.add_action(admin, meeting_id, case_id, "Police", "Visit", "PC A", date(2026, 3, 11))
    with pytest.raises(InvalidInputError, match="not on this"):
        actions.add_action(admin, meeting_id, 999, "Police", "Visit", "PC A", date(2026, 3, 20))
    on_the_day = actions.add_action(
        admin, meeting_id, case_id, "Police", "Visit", "PC A", FIRST.date()
    )
    assert on_the_day.status is ActionStatus.OPEN and len(on_the_day.history) == 1


@pytest.mark.both_engines
def test_status_history_and_notes(admin: Workspace) -> None:
    meeting_id, case_id, _ = _heard_case(admin)
    action = actions.add_action(
        admin, meeting_id, case_id, "Housing", "Fit a door alarm", "J. Officer", date(2026, 3, 26)
    )
    with pytest.raises(InvalidInputError, match="Say why"):
        actions.set_status(admin, action.id, ActionStatus.NOT_POSSIBLE)
    actions.set_status(admin, action.id, ActionStatus.NOT_POSSIBLE, "She moved out of area.")
    with pytest.raises(InvalidInputError, match="already"):
        actions.set_status(admin, action.id, ActionStatus.DONE)
        actions.set_status(admin, action.id, ActionStatus.DONE)
    changed = actions.get_action(admin, action.id)
    assert [c.status for c in changed.history] == [
        ActionStatus.OPEN,
        ActionStatus.NOT_POSSIBLE,
        ActionStatus.DONE,
    ]
    assert changed.history[1].note == "She moved out of area." and changed.history[1].by == "admin"
    assert changed.status is ActionStatus.DONE


@pytest.mark.both_engines
def test_tracker_filters_and_overdue(admin: Workspace) -> None:
    meeting_id, first, second = _heard_case(admin)
    late = actions.add_action(
        admin, meeting_id, first, "Police", "Visit", "PC A", date(2026, 3, 20)
    )
    actions.add_action(admin, meeting_id, second, "Housing", "Alarm", "J. O", date(2026, 4, 30))
    done = actions.add_action(
        admin, meeting_id, second, "Police", "Check", "PC B", date(2026, 3, 13)
    )
    actions.set_status(admin, done.id, ActionStatus.DONE)
    tracked = actions.list_actions(admin, today=date(2026, 4, 1))
    assert [t.action.id for t in tracked] == [done.id, late.id, late.id + 1]
    assert [t.overdue for t in tracked] == [False, True, False]
    assert tracked[1].reference.startswith(f"M{meeting_id}-")
    police = actions.list_actions(admin, agency="Police")
    assert [(t.action.agency, t.agency_label) for t in police] == [("police", "Police")] * 2
    assert len(actions.list_actions(admin, status=ActionStatus.OPEN)) == 2
    assert len(actions.list_actions(admin, due_before=date(2026, 3, 21))) == 2
    assert len(actions.list_actions(admin, meeting_id=MeetingId(99))) == 0
    overdue = actions.list_actions(admin, today=date(2026, 4, 1), overdue_only=True)
    assert [t.action.id for t in overdue] == [late.id]


@pytest.mark.both_engines
def test_incomplete_actions_go_first_on_the_next_meeting(admin: Workspace) -> None:
    meeting_id, first, second = _heard_case(admin)
    actions.add_action(admin, meeting_id, first, "Police", "Visit", "PC A", date(2026, 3, 20))
    finished = actions.add_action(admin, meeting_id, second, "Police", "Call", "PC B", FIRST.date())
    actions.set_status(admin, finished.id, ActionStatus.DONE)
    newcomer = records.open_case(admin, PersonDetails("Jones", "Test"), today=TODAY)
    records.record_referral(
        admin,
        newcomer.id,
        date(2026, 3, 30),
        "Police",
        ReferralCriteria(visible_high_risk=True),
        today=date(2026, 4, 1),
    )
    nxt = meetings.create_meeting(admin, SECOND, "Hall", False, "Chair", "Leeds", today=TODAY)
    proposed = meeting_list.propose_list(admin, nxt.id)
    assert [(p.case_id, p.section) for p in proposed] == [
        (first, AgendaSection.INCOMPLETE_ACTIONS),
        (newcomer.id, AgendaSection.ADULT_ONLY),
    ]
    overdue = [t for t in actions.list_actions(admin, today=SECOND.date()) if t.overdue]
    assert [t.action.case_id for t in overdue] == [first]
