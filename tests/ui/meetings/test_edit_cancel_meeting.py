"""Editing and cancelling a meeting from the Meetings page, by keyboard where a person would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import meeting_list, meetings, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog
from marac_desktop.ui.meetings.words import CANCELLED

TODAY = date(2026, 3, 11)
Answer = Callable[[Callable[[QDialog], None]], None]


def _page(qtbot: QtBot, workspace: Workspace, meeting_id: int) -> MeetingsPage:
    page = MeetingsPage(workspace, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.refresh(select=meetings.MeetingId(meeting_id))
    wait_for_jobs()
    return page


def _meeting(ws: Workspace) -> meetings.Meeting:
    return meetings.create_meeting(
        ws, datetime(2026, 3, 12, 10), "Hall", False, "Chair", "Leeds", today=TODAY
    )


def test_the_meeting_is_moved_from_its_edit_dialog(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Answer
) -> None:
    meeting = _meeting(admin_ws)
    page = _page(qtbot, admin_ws, meeting.id)

    def move_it(dialog: QDialog) -> None:
        assert isinstance(dialog, NewMeetingDialog)
        assert dialog.windowTitle() == "Edit meeting"
        assert dialog.chair_edit.text() == "Chair" and dialog.venue_edit.text() == "Hall"
        dialog.when_edit.setFocus()
        qtbot.keyClick(dialog.when_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.when_edit, "26/3/2026 14:00")
        qtbot.keyClick(dialog.when_edit, Qt.Key.Key_Tab)
        dialog.create_button.click()

    answer_modal(move_it)
    qtbot.keyClick(page.edit_button, Qt.Key.Key_Space)
    wait_for_jobs()
    moved = meetings.get_meeting(admin_ws, meeting.id)
    assert moved.starts_at == datetime(2026, 3, 26, 14)
    assert moved.cutoff == date(2026, 3, 19)
    assert page.status.text() == "Meeting changed. Its list closes on 19 Mar 2026."


def test_cancelling_lets_the_cases_go_and_leaves_nothing_to_do(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    meeting = _meeting(admin_ws)
    case = records.open_case(admin_ws, PersonDetails("Testvictim", "Ada"), today=TODAY)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(admin_ws, case.id, date(2026, 3, 1), "Police", criteria, today=TODAY)
    meeting_list.build_list(admin_ws, meeting.id)
    page = _page(qtbot, admin_ws, meeting.id)
    message_boxes.answers.append(False)
    page.cancel_button.click()
    assert meetings.get_meeting(admin_ws, meeting.id).status is MeetingStatus.PLANNED
    message_boxes.answers.append(True)
    page.cancel_button.click()
    wait_for_jobs()
    assert "its 1 case can then be proposed" in message_boxes.texts("question")[-1]
    assert meetings.get_meeting(admin_ws, meeting.id).status is MeetingStatus.CANCELLED
    assert page.status.text() == CANCELLED
    assert page.model.index(0, 5).data() == "Cancelled"
    assert page.end_label.text().startswith("The meeting was cancelled")
    for button in (page.edit_button, page.cancel_button, page.propose_button):
        assert not button.isEnabled()
