"""Proposing a list in the window: a case already waiting on another meeting's list is left
off, and the page says which case and where it waits."""

from __future__ import annotations

from datetime import date, datetime

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import meeting_list, meetings, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.meetings_page import MeetingsPage

TODAY = date(2026, 3, 11)


def test_the_case_waiting_elsewhere_is_named_with_its_meeting(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    case = records.open_case(admin_ws, PersonDetails("Testvictim", "Ada"), today=TODAY)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(admin_ws, case.id, date(2026, 3, 1), "Police", criteria, today=TODAY)
    first = meetings.create_meeting(
        admin_ws, datetime(2026, 3, 12, 10), "Hall", False, "Chair", "Leeds", today=TODAY
    )
    meeting_list.build_list(admin_ws, first.id)
    second = meetings.create_meeting(
        admin_ws, datetime(2026, 3, 26, 10), "Hall", False, "Chair", "Leeds", today=TODAY
    )
    page = MeetingsPage(admin_ws, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    page.refresh(select=second.id)
    wait_for_jobs()
    page.propose_button.setFocus()
    qtbot.keyClick(page.propose_button, Qt.Key.Key_Space)
    wait_for_jobs()
    assert page.agenda_model.rowCount() == 0
    assert page.status.text() == (
        "0 cases proposed for the list. Not proposed, as they wait on another meeting's "
        f"list: {case.reference} (Thu 12 Mar 2026, 10:00)."
    )
