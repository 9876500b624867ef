"""Add case…, by keyboard: a case is found by its reference or the victim's name; one already on
the list is shown as such and cannot be chosen; Enter before anything is found adds nothing."""

from __future__ import annotations

from meetings_support import NEXT_STARTS, STARTS, TODAY
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import agenda_view, meeting_list, meetings, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.meetings.add_case_dialog import CHOOSE_FIRST, DEFAULT_REASON, AddCaseDialog
from marac_desktop.ui.meetings.words import when_text


def _dialog(qtbot: QtBot, ws: Workspace) -> tuple[AddCaseDialog, list[str]]:
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    cases = []
    for family in ("Testlisted", "Testwaiting"):
        case = records.open_case(ws, PersonDetails(family, "Ada"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)
        cases.append(case)
    meeting_list.add_case(ws, meeting.id, cases[0].id)
    dialog = AddCaseDialog(ws, meeting.id, frozenset({cases[0].id}))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog, [c.reference for c in cases]


def test_a_case_is_found_by_its_reference_and_added_with_the_reason(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog, references = _dialog(qtbot, admin_ws)
    assert QApplication.focusWidget() is dialog.search_edit
    qtbot.keyClicks(dialog.search_edit, references[1].lower())
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)  # finds it; nothing added yet
    assert dialog.added is None and dialog.isVisible()
    wait_for_jobs()
    assert dialog.results.count() == 1 and dialog.count_label.text() == "1 case found."
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.results
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert dialog.added is not None and not dialog.isVisible()
    listed = agenda_view.meeting_view(admin_ws, dialog.added.meeting_id)
    assert [who.case_reference for who in listed.who.values()] == references
    assert listed.notes[dialog.added.case_id].reason == DEFAULT_REASON


def test_a_case_on_the_list_already_is_shown_and_not_offered(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog, references = _dialog(qtbot, admin_ws)
    qtbot.keyClicks(dialog.search_edit, "testlisted")
    dialog.search()
    wait_for_jobs()
    assert dialog.results.item(0).text().endswith(" · on this list already")
    assert dialog.chosen() is None
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    assert dialog.status.text() == CHOOSE_FIRST and dialog.isVisible()
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.search_edit, "nobody of that name")
    assert dialog.status.text() == ""  # typing again clears the refusal
    dialog.search()
    wait_for_jobs()
    assert dialog.results.count() == 0
    assert dialog.count_label.text() == "No case has that name or reference."
    assert references[0] not in dialog.windowTitle()


def test_a_case_waiting_on_another_list_says_which_meeting_before_it_is_added(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog, references = _dialog(qtbot, admin_ws)
    other = meetings.create_meeting(
        admin_ws, NEXT_STARTS, "Room 2", False, "Chair", "Leeds", today=TODAY
    )
    [waiting] = records.case_page(admin_ws, references[1], 0, 1)
    meeting_list.add_case(admin_ws, other.id, waiting.id)
    qtbot.keyClicks(dialog.search_edit, references[1])
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    wait_for_jobs()
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    when = when_text(other.starts_at)
    listed_for = f" · listed for {day_text(other.starts_at.date())}"
    assert dialog.results.currentItem().text().endswith(listed_for)
    assert dialog.elsewhere_note.isVisible()
    assert dialog.elsewhere_note.text() == (
        f"{references[1]} is already on the list of the meeting on {when}, waiting to be "
        "heard there."
    )
    assert dialog.added is None  # said before anything is added
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.search_edit, "testlisted")
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    wait_for_jobs()
    assert not dialog.elsewhere_note.isVisible()  # this meeting's own list is not "another"
