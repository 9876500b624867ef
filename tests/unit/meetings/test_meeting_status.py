"""When a case may be marked heard at a meeting, and when the meeting may be closed as held."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from marac_desktop.domain.meetings import Meeting, MeetingId, MeetingStatus

STARTS = datetime(2026, 3, 12, 10, 0)


def _meeting(status: MeetingStatus = MeetingStatus.PLANNED) -> Meeting:
    return Meeting(
        MeetingId(1), STARTS, "Hall", False, "Chair", "Leeds", date(2026, 3, 5), 10, status
    )


def test_a_case_may_be_heard_from_the_start_time_on() -> None:
    meeting = _meeting()
    refusal = meeting.heard_refusal(STARTS - timedelta(seconds=1))
    assert refusal == (
        "A case can be marked heard only once the meeting has started, at 10:00 on 12 Mar 2026."
    )
    assert meeting.heard_refusal(STARTS - timedelta(days=14)) == refusal
    assert meeting.heard_refusal(STARTS) is None
    assert meeting.heard_refusal(STARTS + timedelta(days=30)) is None
    assert _meeting(MeetingStatus.HELD).heard_refusal(STARTS + timedelta(hours=2)) is None


def test_a_meeting_may_be_closed_from_its_day_on_and_once() -> None:
    meeting = _meeting()
    assert meeting.close_refusal(date(2026, 3, 11)) == (
        "The meeting can be closed only on its day, 12 Mar 2026, or later."
    )
    assert meeting.close_refusal(date(2026, 3, 12)) is None
    assert meeting.close_refusal(date(2026, 6, 1)) is None
    held = _meeting(MeetingStatus.HELD)
    assert held.close_refusal(date(2026, 3, 12)) == "This meeting has already been closed."
