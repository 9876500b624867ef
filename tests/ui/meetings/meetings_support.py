"""Helpers shared by the meeting-screen tests (a module name no other test folder uses)."""

from __future__ import annotations

from datetime import date, datetime

from marac_desktop.domain.meetings import MeetingId
from marac_desktop.services import demo, meeting_list, meetings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)  # a Thursday; the list closes on Thursday 5 March
NEXT_STARTS = datetime(2026, 4, 9, 10, 0)


def with_demo_data(workspace: Workspace) -> None:
    demo.generate(workspace, 500, seed=4, today=TODAY)


def fill_new_meeting(dialog: NewMeetingDialog, starts: datetime = STARTS) -> None:
    dialog.when_edit.set_value(starts)
    dialog.venue_edit.setText("Civic Centre, room 2")
    dialog.chair_edit.setText("DI Chair")
    dialog.area_edit.setText("Leeds")


def built_meeting(workspace: Workspace, starts: datetime = STARTS) -> MeetingId:
    meeting = meetings.create_meeting(
        workspace, starts, "Civic Centre", False, "DI Chair", "Leeds", today=TODAY
    )
    meeting_list.build_list(workspace, meeting.id)
    return meeting.id


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60
