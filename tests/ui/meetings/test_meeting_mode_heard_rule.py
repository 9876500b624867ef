"""Meeting mode and the Meetings page refuse, in one sentence, to hear a case before the meeting
starts or to close a meeting before its day; once allowed, both work."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from meetings_support import STARTS, TODAY, FakeClock
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId, MeetingStatus
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import agenda_view, meeting_list, meetings, performance, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.meetings.words import CLOSED

NOT_STARTED = (
    "A case can be marked heard only once the meeting has started, at 10:00 on 12 Mar 2026."
)
NOT_ITS_DAY = "The meeting can be closed only on its day, 12 Mar 2026, or later."
ALREADY = "This meeting has already been closed."
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _meeting(workspace: Workspace) -> MeetingId:
    for n in range(3):
        case = records.open_case(workspace, PersonDetails(f"Testfamily{n}", "Test"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(workspace, case.id, TODAY, "Police", criteria, today=TODAY)
    meeting = meetings.create_meeting(
        workspace, STARTS, "Civic Centre", False, "DI Chair", "Leeds", today=TODAY
    )
    meeting_list.build_list(workspace, meeting.id)
    return meeting.id


class _Now:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _heard(workspace: Workspace, meeting_id: MeetingId) -> list[bool]:
    return [r.heard for r in agenda_view.meeting_view(workspace, meeting_id).rows]


def test_heard_and_close_are_refused_until_their_time_then_work(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    meeting_id = _meeting(admin_ws)
    now = _Now(STARTS - timedelta(days=1))
    mode = MeetingModeDialog(admin_ws, meeting_id, clock=FakeClock(), now=now)
    qtbot.addWidget(mode)
    mode.show()

    # The day before: neither may be used, and each says why beside it and in its tooltip.
    assert not mode.heard_button.isEnabled()
    assert mode.heard_button.toolTip() == NOT_STARTED == mode.heard_note.text()
    assert mode.heard_note.isVisible()
    assert not mode.close_meeting_button.isEnabled()
    assert mode.close_meeting_button.toolTip() == NOT_ITS_DAY == mode.close_note.text()
    assert not mode.mark_heard()  # the service refuses too, with the same sentence
    assert mode.status.text() == NOT_STARTED
    assert _heard(admin_ws, meeting_id) == [False, False, False]

    # A minute before the start: the day has come, the meeting has not started.
    now.at = STARTS - timedelta(minutes=1)
    mode._on_timer_timeout()
    assert not mode.heard_button.isEnabled() and mode.heard_note.isVisible()
    assert mode.close_meeting_button.isEnabled() and not mode.close_note.isVisible()

    # At the start the screen, already open, lets the case be heard.
    now.at = STARTS
    mode._on_timer_timeout()
    assert mode.heard_button.isEnabled() and mode.heard_button.toolTip() == ""
    assert not mode.heard_note.isVisible()
    mode.heard_button.click()
    assert _heard(admin_ws, meeting_id) == [True, False, False]
    assert mode.index == 1 and "marked heard" in mode.status.text()
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.PLANNED
    assert performance.performance_report(admin_ws, *MARCH, today=TODAY).totals.cases == 0

    # Close meeting asks first; No leaves it planned.
    message_boxes.answers.append(False)
    mode.close_meeting_button.click()
    assert "2 cases on the list have not been marked heard" in message_boxes.texts("question")[0]
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.PLANNED
    message_boxes.answers.append(True)
    mode.close_meeting_button.click()
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.HELD
    assert mode.status.text() == CLOSED and mode.title_label.text().endswith("· Held")
    assert not mode.close_meeting_button.isEnabled()
    assert mode.close_meeting_button.toolTip() == ALREADY == mode.close_note.text()
    assert mode.changed
    assert performance.performance_report(admin_ws, *MARCH, today=TODAY).totals.cases == 1
    assert not message_boxes.texts("warning")


def test_the_meetings_page_closes_a_meeting_on_its_day(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    meeting_id = _meeting(admin_ws)
    early = MeetingsPage(admin_ws, today=STARTS.date() - timedelta(days=1))
    qtbot.addWidget(early)
    early.refresh()
    early.show()
    wait_for_jobs()
    assert early.select_meeting(meeting_id)
    wait_for_jobs()
    assert not early.close_meeting_button.isEnabled()
    assert early.close_meeting_button.toolTip() == NOT_ITS_DAY == early.close_note.text()
    assert early.close_note.isVisible()

    page = MeetingsPage(admin_ws, today=STARTS.date())
    qtbot.addWidget(page)
    page.refresh()
    page.show()
    wait_for_jobs()
    assert page.select_meeting(meeting_id)
    wait_for_jobs()
    assert page.close_meeting_button.isEnabled() and not page.close_note.isVisible()
    message_boxes.answers.append(True)
    page.close_meeting_button.click()
    wait_for_jobs()
    assert "3 cases on the list have not been marked heard" in message_boxes.texts("question")[0]
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.HELD
    assert page.status.text() == CLOSED and page.meeting_details.text().endswith("· Held")
    assert not page.close_meeting_button.isEnabled()
    assert page.close_meeting_button.toolTip() == ALREADY == page.close_note.text()
