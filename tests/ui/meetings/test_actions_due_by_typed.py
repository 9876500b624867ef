"""The Actions page's Due by, by keyboard: the day is typed whole, as meeting mode's due date,
Tab leaves the field at once, and a day it cannot read is refused in one sentence with the
list and the text typed kept."""

from __future__ import annotations

from datetime import date

import pytest
from meetings_support import TODAY, built_meeting
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.services import actions, agenda_view, demo
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.actions.action_table_model import COL_WHAT
from marac_desktop.ui.actions.actions_page import ActionsPage


def _page(qtbot: QtBot, workspace: Workspace) -> ActionsPage:
    demo.generate(workspace, 40, seed=4, today=TODAY)
    meeting = built_meeting(workspace)
    rows = agenda_view.meeting_view(workspace, meeting).rows
    for row, what, due in (
        (0, "Visit-soon", date(2026, 3, 20)),
        (1, "Alarm-later", date(2026, 5, 4)),
    ):
        actions.add_action(workspace, meeting, rows[row].case_id, "Police", what, "PC", due)
    page = ActionsPage(workspace, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.refresh()
    wait_for_jobs()
    return page


def _shown(page: ActionsPage) -> list[str]:
    model = page.model
    return [str(model.index(row, COL_WHAT).data()) for row in range(model.rowCount())]


def test_due_by_is_typed_whole_and_tab_leaves_it(qtbot: QtBot, admin_ws: Workspace) -> None:
    page = _page(qtbot, admin_ws)
    assert sorted(_shown(page)) == ["Alarm-later", "Visit-soon"]
    page.due_checkbox.setFocus()
    qtbot.keyClick(page.due_checkbox, Qt.Key.Key_Space)
    wait_for_jobs()
    qtbot.keyClick(page.due_checkbox, Qt.Key.Key_Tab)
    field = page.due_edit
    assert QApplication.focusWidget() is field
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "1/4/2026")
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # one Tab: out of the field, the day taken
    assert QApplication.focusWidget() is not field
    wait_for_jobs()
    assert field.text() == "1 Apr 2026"
    assert _shown(page) == ["Visit-soon"]
    assert page.due_before() == date(2026, 4, 1)


def test_a_day_it_cannot_read_is_refused_and_nothing_is_lost(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    page = _page(qtbot, admin_ws)
    page.due_checkbox.setFocus()
    qtbot.keyClick(page.due_checkbox, Qt.Key.Key_Space)
    qtbot.keyClick(page.due_checkbox, Qt.Key.Key_Tab)
    field = page.due_edit
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "1/4/2026")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_jobs()
    assert _shown(page) == ["Visit-soon"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "31/02/2026")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_jobs()
    assert page.status.is_error()
    assert page.status.text() == "The date is not a day that exists; type it as 28/02/2026."
    assert field.text() == "31/02/2026"  # what was typed stays, to correct
    assert _shown(page) == ["Visit-soon"] and page.due_before() == date(2026, 4, 1)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # correcting it takes the refusal away
    assert not page.status.is_error()
    qtbot.keyClicks(field, "6")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "5 May 2026")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_jobs()
    assert sorted(_shown(page)) == ["Alarm-later", "Visit-soon"]


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_alt_down_chooses_the_day_from_a_calendar(qtbot: QtBot, admin_ws: Workspace) -> None:
    page = _page(qtbot, admin_ws)
    page.due_checkbox.setFocus()
    qtbot.keyClick(page.due_checkbox, Qt.Key.Key_Space)
    page.set_due_by(date(2026, 3, 25))
    wait_for_jobs()
    assert _shown(page) == ["Visit-soon"]
    field = page.due_edit
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None
    days = QApplication.focusWidget()
    assert days is not None and calendar.isAncestorOf(days)
    for _ in range(6):
        qtbot.keyClick(days, Qt.Key.Key_Down)  # a week on each: 6 May
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert field.text() == "6 May 2026"
    wait_for_jobs()
    assert sorted(_shown(page)) == ["Alarm-later", "Visit-soon"]
