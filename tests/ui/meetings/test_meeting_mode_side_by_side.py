"""One meeting in meeting mode at two desks: a save over the other's newer notes is refused in
one sentence, what was typed stays on screen, and saving again saves over theirs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from meetings_support import STARTS, TODAY, FakeClock
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, MessageBoxes, wait_for_jobs

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId, MeetingStatus, RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.services import access, agenda_view, meeting_list, meetings, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.meetings.words import CLOSED

SECOND = "coord.two"
SECOND_PASSWORD = "harbour lantern willow"
THEIR_SUMMARY = "Police shared two call-outs since the referral."
THEIR_RISKS = "Stalking at work"
MY_SUMMARY = "Health shared three A&E visits."
REFUSED = "Sam Second changed this case's meeting notes at "
REFUSAL_END = "; your changes are still here — look at theirs, then save again."


@pytest.fixture
def second_ws(made_db: MadeDatabase, admin_ws: Workspace) -> Iterator[Workspace]:
    users.add_user(admin_ws, SECOND, Role.COORDINATOR, SECOND_PASSWORD, "Sam Second")
    workspace = access.unlock(made_db.path, SECOND, SECOND_PASSWORD)
    yield workspace
    workspace.close()


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


def _mode(qtbot: QtBot, workspace: Workspace, meeting_id: MeetingId) -> MeetingModeDialog:
    mode = MeetingModeDialog(workspace, meeting_id, clock=FakeClock(), now=lambda: STARTS)
    qtbot.addWidget(mode)
    mode.show()
    return mode


def _stored(workspace: Workspace, meeting_id: MeetingId, index: int) -> tuple[str, str]:
    view = agenda_view.meeting_view(workspace, meeting_id)
    notes = view.notes[view.rows[index].case_id]
    return notes.agency_summary, notes.risks


def test_the_second_notes_are_refused_and_stay_typed(
    qtbot: QtBot, admin_ws: Workspace, second_ws: Workspace
) -> None:
    meeting_id = _meeting(admin_ws)
    mine, theirs = _mode(qtbot, admin_ws, meeting_id), _mode(qtbot, second_ws, meeting_id)

    theirs.summary_edit.setPlainText(THEIR_SUMMARY)
    theirs.risks_edit.setPlainText(THEIR_RISKS)
    theirs.next_button.click()
    assert theirs.index == 1

    mine.summary_edit.setPlainText(MY_SUMMARY)
    mine.next_button.click()
    assert mine.index == 0  # stays on the case, saying why
    assert mine.status.text().startswith(REFUSED) and mine.status.text().endswith(REFUSAL_END)
    assert mine.summary_edit.toPlainText() == MY_SUMMARY  # what was typed stays
    assert mine.risks_edit.toPlainText() == THEIR_RISKS  # left as it was, so theirs is shown
    assert _stored(admin_ws, meeting_id, 0) == (THEIR_SUMMARY, THEIR_RISKS)

    mine.next_button.click()  # told, and saved again: over theirs
    assert mine.index == 1
    assert _stored(admin_ws, meeting_id, 0) == (MY_SUMMARY, THEIR_RISKS)


def test_marking_heard_after_the_other_desk_did_is_refused(
    qtbot: QtBot, admin_ws: Workspace, second_ws: Workspace
) -> None:
    meeting_id = _meeting(admin_ws)
    mine, theirs = _mode(qtbot, admin_ws, meeting_id), _mode(qtbot, second_ws, meeting_id)
    theirs.heard_button.click()
    assert "marked heard" in theirs.status.text()

    mine.summary_edit.setPlainText(MY_SUMMARY)
    assert not mine.mark_heard()
    assert mine.status.text().startswith(REFUSED)
    assert mine.summary_edit.toPlainText() == MY_SUMMARY
    assert mine.position_label.text() == "Case 1 of 3 · Heard (1 min)"  # never "0 min"
    assert not mine.heard_button.isEnabled()  # theirs is shown: the case is heard now
    view = agenda_view.meeting_view(admin_ws, meeting_id)
    assert [r.heard for r in view.rows] == [True, False, False]
    assert view.notes[view.rows[0].case_id].agency_summary == ""


CLOSE_REFUSED = "Sam Second changed this meeting at "
CLOSE_AGAIN = "; it is shown as it is now — look at it, then close it again."


def test_closing_after_the_other_desk_changed_a_case_is_refused(
    qtbot: QtBot, admin_ws: Workspace, second_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    meeting_id = _meeting(admin_ws)
    mine, theirs = _mode(qtbot, admin_ws, meeting_id), _mode(qtbot, second_ws, meeting_id)
    theirs.go_to(2)
    theirs.summary_edit.setPlainText(THEIR_SUMMARY)
    theirs.previous_button.click()  # their notes for the third case are stored

    mine.summary_edit.setPlainText(MY_SUMMARY)
    mine.next_button.click()  # my notes for the first case go in: another case than theirs
    assert mine.index == 1 and _stored(admin_ws, meeting_id, 0)[0] == MY_SUMMARY
    message_boxes.answers.append(True)
    mine.close_meeting_button.click()
    assert mine.status.text().startswith(CLOSE_REFUSED)
    assert mine.status.text().endswith(CLOSE_AGAIN)
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.PLANNED
    assert mine.go_to(2) and mine.summary_edit.toPlainText() == THEIR_SUMMARY  # read again

    message_boxes.answers.append(True)
    mine.close_meeting_button.click()  # looked at, and closed again
    assert mine.status.text() == CLOSED
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.HELD
    assert _stored(admin_ws, meeting_id, 2)[0] == THEIR_SUMMARY


def test_the_meetings_page_refuses_to_close_a_meeting_changed_since_it_was_shown(
    qtbot: QtBot, admin_ws: Workspace, second_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    meeting_id = _meeting(admin_ws)
    page = MeetingsPage(admin_ws, today=STARTS.date())
    qtbot.addWidget(page)
    page.refresh()
    page.show()
    wait_for_jobs()
    assert page.select_meeting(meeting_id)
    wait_for_jobs()
    view = agenda_view.meeting_view(second_ws, meeting_id)
    meeting_list.remove_case(second_ws, meeting_id, view.rows[0].case_id, RemovalReason.IN_ERROR)

    message_boxes.answers.append(True)
    page.close_meeting_button.click()
    (sentence,) = message_boxes.texts("warning")
    assert sentence.startswith(CLOSE_REFUSED) and sentence.endswith(CLOSE_AGAIN)
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.PLANNED
    wait_for_jobs()
    assert page.view is not None and len(page.view.rows) == 2  # shown as it is now

    message_boxes.answers.append(True)
    page.close_meeting_button.click()
    wait_for_jobs()
    assert meetings.get_meeting(admin_ws, meeting_id).status is MeetingStatus.HELD
