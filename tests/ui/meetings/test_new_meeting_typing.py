"""New meeting, by keyboard: the date and time are typed in one go, Tab leaves the field, and
what the field cannot read stays as typed with one sentence; nothing is changed behind it."""

from __future__ import annotations

from datetime import datetime

from meetings_support import TODAY
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.new_meeting_dialog import CUTOFF_UNKNOWN, NewMeetingDialog


def _dialog(qtbot: QtBot, workspace: Workspace) -> NewMeetingDialog:
    dialog = NewMeetingDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type_over(qtbot: QtBot, dialog: NewMeetingDialog, text: str) -> None:
    dialog.when_edit.setFocus()
    qtbot.keyClick(dialog.when_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.when_edit, text)
    qtbot.keyClick(dialog.when_edit, Qt.Key.Key_Tab)


def test_a_whole_date_and_time_typed_then_tab_goes_on_to_the_next_field(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog = _dialog(qtbot, admin_ws)
    _type_over(qtbot, dialog, "12/3/2026 14:30")
    assert QApplication.focusWidget() is dialog.online_checkbox
    assert dialog.starts_at() == datetime(2026, 3, 12, 14, 30)
    assert dialog.when_edit.text() == "Thu 12 Mar 2026, 14:30"
    assert "5 Mar 2026" in dialog.cutoff_label.text()
    qtbot.keyClick(dialog.online_checkbox, Qt.Key.Key_Tab)
    for field, text in (
        (dialog.venue_edit, "Civic Centre"),
        (dialog.chair_edit, "DI Chair"),
        (dialog.area_edit, "Leeds"),
    ):
        assert QApplication.focusWidget() is field
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.slot_spin, Qt.Key.Key_Return)
    assert dialog.meeting is not None
    assert dialog.meeting.starts_at == datetime(2026, 3, 12, 14, 30)


def test_what_the_field_cannot_read_stays_as_typed_and_nothing_is_created(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog = _dialog(qtbot, admin_ws)
    _type_over(qtbot, dialog, "12/3/2026")
    assert dialog.when_edit.text() == "12/3/2026"
    assert dialog.status.text() == "Type the time after the date, for example 12/03/2026 10:00."
    assert dialog.cutoff_label.text() == CUTOFF_UNKNOWN
    dialog.venue_edit.setText("Civic Centre")
    dialog.chair_edit.setText("DI Chair")
    dialog.area_edit.setText("Leeds")
    dialog.create_button.click()
    assert dialog.meeting is None
    assert dialog.when_edit.text() == "12/3/2026"
    assert dialog.status.text().startswith("Type the time after the date")
    _type_over(qtbot, dialog, "12/3/2026 9:15")
    assert dialog.status.text() == ""
    assert "5 Mar 2026" in dialog.cutoff_label.text()
    dialog.create_button.click()
    assert dialog.meeting is not None
    assert dialog.meeting.starts_at == datetime(2026, 3, 12, 9, 15)
