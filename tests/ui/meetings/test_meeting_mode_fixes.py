"""Meeting mode as a coordinator runs it case after case: each case's actions start from the
first agency, a refusal goes once it is being put right, and no case is heard in "0 min"."""

from __future__ import annotations

from dataclasses import replace

from meetings_support import STARTS, FakeClock, built_meeting, with_demo_data
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings.agenda_model import heard_text
from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog


def _mode(qtbot: QtBot, ws: Workspace) -> tuple[MeetingModeDialog, FakeClock]:
    with_demo_data(ws)
    clock = FakeClock()
    mode = MeetingModeDialog(ws, built_meeting(ws), clock=clock, now=lambda: STARTS)
    qtbot.addWidget(mode)
    mode.show()
    return mode, clock


def test_the_next_case_starts_from_the_first_agency(qtbot: QtBot, admin_ws: Workspace) -> None:
    mode, _ = _mode(qtbot, admin_ws)
    first_agency = mode.agency_combo.currentText()
    mode.agency_combo.setCurrentIndex(3)
    assert mode.agency_combo.currentText() != first_agency
    mode.next_button.click()
    assert mode.agency_combo.currentText() == first_agency


def test_a_refusal_goes_once_the_action_is_being_put_right(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    mode, _ = _mode(qtbot, admin_ws)
    qtbot.keyClicks(mode.what_edit, "Fit a door alarm")
    mode.add_action_button.click()
    assert mode.action_status.is_error() and "person responsible" in mode.action_status.text()
    qtbot.keyClicks(mode.who_edit, "J")
    assert not mode.action_status.isVisible() and mode.action_status.text() == ""
    qtbot.keyClicks(mode.who_edit, ". Officer")
    qtbot.keyClick(mode.add_action_button, Qt.Key.Key_Space)
    assert mode.action_status.text() == "Action added."
    qtbot.keyClicks(mode.what_edit, "x")
    assert mode.action_status.text() == "Action added."  # only a refusal is cleared


def test_a_case_heard_in_seconds_is_heard_in_a_minute_not_none(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    mode, clock = _mode(qtbot, admin_ws)
    clock.advance(0.2)
    first = mode.current()
    assert first is not None
    assert mode.mark_heard()
    mode.previous_button.click()
    heard = mode.current()
    assert heard is not None and heard.case_id == first.case_id
    assert heard.minutes_used == 1
    assert mode.timer_label.text() == "Heard: 1 of 10 minutes used"
    assert heard_text(heard) == "Heard (1 min)"


def test_an_old_record_of_no_minutes_reads_as_under_a_minute(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    mode, _ = _mode(qtbot, admin_ws)
    row = mode.current()
    assert row is not None
    assert heard_text(replace(row, heard=True, minutes_used=0)) == "Heard (under a minute)"


def test_no_fact_is_cut_off_at_the_smallest_window(qtbot: QtBot, admin_ws: Workspace) -> None:
    mode, _ = _mode(qtbot, admin_ws)
    mode.resize(mode.minimumSize())
    QApplication.processEvents()
    assert "; " in mode.facts["research"].text()  # the longest fact: every agency asked
    for name, label in mode.facts.items():
        needed = (
            label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        )
        assert label.height() >= needed, name
