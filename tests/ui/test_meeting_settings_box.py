"""The meeting settings on the Settings page: a coordinator changes them by keyboard and the
next meeting follows; a bad value is one sentence and loses nothing; others only read them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.users import Role
from marac_desktop.risk import agenda_rules
from marac_desktop.services import access, audit, meeting_settings, meetings, users
from marac_desktop.services.meeting_settings import MeetingSettings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog
from marac_desktop.ui.pages.meeting_settings_box import (
    RESTORED,
    SAVED,
    UNSAVED,
)
from marac_desktop.ui.pages.settings_page import SettingsPage

COORDINATOR = "casey.coordinator"
COORDINATOR_PASSWORD = "harbour lantern willow"
TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 19, 10, 0)  # a Thursday


@pytest.fixture
def coordinator_ws(made_db: MadeDatabase, admin_ws: Workspace) -> Iterator[Workspace]:
    users.add_user(admin_ws, COORDINATOR, Role.COORDINATOR, COORDINATOR_PASSWORD, "Casey Cole")
    workspace = access.unlock(made_db.path, COORDINATOR, COORDINATOR_PASSWORD)
    yield workspace
    workspace.close()


def _shown_page(qtbot: QtBot, workspace: Workspace) -> SettingsPage:
    page = SettingsPage(workspace)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def _tab_until(qtbot: QtBot, target: QWidget, limit: int = 40) -> list[QWidget]:
    """Press Tab from the focused widget until ``target`` has the focus; each widget passed."""
    passed: list[QWidget] = []
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is target:
            return passed
        passed.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the widget")


def test_a_coordinator_changes_the_cutoff_by_keyboard_and_the_next_meeting_uses_it(
    qtbot: QtBot, coordinator_ws: Workspace, admin_ws: Workspace
) -> None:
    page = _shown_page(qtbot, coordinator_ws)
    box = page.meeting_box
    cutoff = box.spins["cutoff_working_days"]
    assert box.editable and cutoff.value() == MeetingSettings().cutoff_working_days == 5
    cutoff.setFocus()
    qtbot.keyClick(cutoff, Qt.Key.Key_Down)
    qtbot.keyClick(cutoff, Qt.Key.Key_Down)
    assert cutoff.text() == "3 working days before the meeting"
    assert box.status.text() == UNSAVED
    passed = _tab_until(qtbot, box.save_button)
    for field in (
        box.spins["slot_minutes"],
        box.spins["research_due_working_days"],
        *box.field_boxes.values(),
        box.agency_list,
        box.statement_edit,
        box.minutes_reference_box,
    ):
        assert field in passed
    qtbot.keyClick(box.save_button, Qt.Key.Key_Return)
    assert box.status.text() == SAVED

    reopened = _shown_page(qtbot, coordinator_ws)
    again = reopened.meeting_box
    assert again.spins["cutoff_working_days"].value() == 3
    assert again.shown() == meeting_settings.load_meeting_settings(coordinator_ws)
    saved = [e for e in audit.recent_entries(admin_ws) if e.action == AuditAction.SETTING_CHANGED]
    assert (saved[0].actor, saved[0].target_id) == (COORDINATOR, "meeting_settings")
    assert saved[0].detail == "cutoff_working_days 5->3"

    meeting = meetings.create_meeting(
        coordinator_ws, STARTS, "Civic Centre", False, "DI Chair", "Leeds", today=TODAY
    )
    assert meeting.cutoff == agenda_rules.cutoff_date(STARTS.date(), 3) == date(2026, 3, 16)
    dialog = NewMeetingDialog(coordinator_ws, today=TODAY)
    qtbot.addWidget(dialog)
    assert "3 working days before the meeting" in dialog.cutoff_label.text()


def test_enter_in_a_field_saves_and_the_agencies_keep_the_order_chosen(
    qtbot: QtBot, coordinator_ws: Workspace
) -> None:
    page = _shown_page(qtbot, coordinator_ws)
    box = page.meeting_box
    first = box.shown().agencies
    box.agency_list.setFocus()
    box.agency_list.setCurrentRow(1)
    qtbot.keyClick(box.agency_list, Qt.Key.Key_Space)  # unticks the second agency
    box.agency_list.setCurrentRow(2)
    box.up_button.click()
    box.up_button.click()  # the third agency is now first
    slot = box.spins["slot_minutes"]
    slot.setFocus()
    qtbot.keyClick(slot, Qt.Key.Key_Up)
    qtbot.keyClick(slot, Qt.Key.Key_Return)
    assert box.status.text() == SAVED
    stored = meeting_settings.load_meeting_settings(coordinator_ws)
    assert stored.slot_minutes == 11
    assert stored.agencies == (first[2], first[0], *first[3:])


def test_a_bad_value_is_one_sentence_and_nothing_typed_is_lost(
    qtbot: QtBot, coordinator_ws: Workspace
) -> None:
    page = _shown_page(qtbot, coordinator_ws)
    box = page.meeting_box
    box.spins["cutoff_working_days"].setValue(8)
    box.marking_edit.selectAll()
    qtbot.keyClick(box.marking_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(box.marking_edit, Qt.Key.Key_Return)
    assert box.status.text() == "Enter the protective marking."
    assert box.spins["cutoff_working_days"].value() == 8
    for row in range(box.agency_list.count()):
        box.agency_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClicks(box.marking_edit, "OFFICIAL")
    box.save_button.click()
    assert box.status.text() == "Choose at least one agency to ask to research."
    assert box.marking_edit.text() == "OFFICIAL"
    assert meeting_settings.load_meeting_settings(coordinator_ws) == MeetingSettings(
        agencies=meeting_settings.default_meeting_settings(coordinator_ws).agencies
    )


def test_restore_defaults_fills_the_form_and_saves_nothing(
    qtbot: QtBot, coordinator_ws: Workspace
) -> None:
    changed = MeetingSettings(
        protective_marking="OFFICIAL",
        cutoff_working_days=9,
        research_fields=("names", "phone"),
        agencies=("housing", "police"),
        confidentiality_statement="Kept in confidence.",
        minutes_case_reference=True,
    )
    meeting_settings.save_meeting_settings(coordinator_ws, changed)
    page = _shown_page(qtbot, coordinator_ws)
    box = page.meeting_box
    assert box.shown() == changed
    assert [box.agency_list.item(r).text() for r in range(2)] == ["Housing", "Police"]
    box.defaults_button.click()
    assert box.status.text() == RESTORED
    assert box.shown() == meeting_settings.default_meeting_settings(coordinator_ws)
    assert box.shown().confidentiality_statement == meeting_settings.DEFAULT_STATEMENT
    assert meeting_settings.load_meeting_settings(coordinator_ws) == changed


def test_a_role_that_may_not_change_them_sees_them_read_only(
    qtbot: QtBot, idva_ws: Workspace
) -> None:
    page = _shown_page(qtbot, idva_ws)
    box = page.meeting_box
    assert not box.editable
    assert box.shown() == meeting_settings.load_meeting_settings(idva_ws)
    for button in (box.save_button, box.defaults_button, box.up_button, box.down_button):
        assert not button.isVisible()
    assert box.marking_edit.isReadOnly() and box.statement_edit.isReadOnly()
    assert not box.spins["cutoff_working_days"].isEnabled()
    assert not box.agency_list.isEnabled()
    assert not box.minutes_reference_box.isEnabled()
    texts = [label.text() for label in box.findChildren(QLabel) if label.isVisible()]
    assert "Only a MARAC coordinator or an administrator can change these." in texts
