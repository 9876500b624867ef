"""Correcting an action from the Actions page, by keyboard: F2 on the chosen row opens the form
filled in, Enter saves, the table shows the correction with the action still chosen, and both
forms list it in the history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from meetings_support import TODAY, built_meeting
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from marac_desktop.domain.meetings import Action, ActionField
from marac_desktop.services import actions, agenda_view, demo
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.actions.action_table_model import COL_DUE
from marac_desktop.ui.actions.actions_page import ActionsPage
from marac_desktop.ui.actions.edit_dialog import ActionEditDialog
from marac_desktop.ui.actions.status_dialog import ActionStatusDialog

Answer = Callable[[Callable[[QDialog], None]], None]
CORRECTED = "Due corrected from 20 Mar 2026 to 27 Mar 2026"


def _actions(workspace: Workspace) -> tuple[Action, Action]:
    demo.generate(workspace, 60, seed=4, today=TODAY)
    meeting = built_meeting(workspace)
    rows = agenda_view.meeting_view(workspace, meeting).rows
    police = actions.add_action(
        workspace, meeting, rows[0].case_id, "Police", "Visit", "PC A", date(2026, 3, 20)
    )
    housing = actions.add_action(
        workspace, meeting, rows[1].case_id, "Housing", "Alarm", "J. O", date(2026, 3, 24)
    )
    return police, housing


def _page(qtbot: QtBot, workspace: Workspace) -> ActionsPage:
    page = ActionsPage(workspace, today=date(2026, 4, 1))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.refresh()
    wait_for_jobs()
    return page


def _type(dialog: QDialog, keys: str) -> None:
    """Typed into the field the dialog's focus is in, as a person types."""
    QTest.keyClicks(dialog.focusWidget(), keys)


def _press(
    dialog: QDialog, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(dialog.focusWidget() or dialog, key, modifier)


def _back_to(qtbot: QtBot, page: ActionsPage) -> None:
    """The window active again once a form has closed, as the window system makes it."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()


def test_correct_the_due_date_by_keyboard_and_see_it_in_the_history(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Answer
) -> None:
    police, _housing = _actions(admin_ws)
    page = _page(qtbot, admin_ws)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(page.table, Qt.Key.Key_Up)  # the first row: due soonest, of two
    assert page.selected() is not None and page.selected().action.id == police.id  # type: ignore[union-attr]
    seen: list[str] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionEditDialog)
        fields = (dialog.what_edit.text(), dialog.who_edit.text(), dialog.due_edit.text())
        assert fields == ("Visit", "PC A", "20 Mar 2026")
        assert dialog.focusWidget() is dialog.what_edit
        _press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _press(dialog, Qt.Key.Key_Delete)
        _press(
            dialog, Qt.Key.Key_Return
        )  # an empty action is refused in one sentence, nothing lost
        seen.append(dialog.status.text())
        assert dialog.isVisible() and dialog.due_edit.text() == "20 Mar 2026"
        _type(dialog, "Visit")
        _press(dialog, Qt.Key.Key_Tab)
        _press(dialog, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.due_edit
        _press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _type(dialog, "11/3/2026")
        _press(dialog, Qt.Key.Key_Return)  # before the meeting of 12 March: refused
        seen.append(dialog.status.text())
        _press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _type(dialog, "27/3/2026")
        _press(dialog, Qt.Key.Key_Return)

    answer_modal(correct)
    QTest.keyClick(page.table, Qt.Key.Key_F2)
    wait_for_jobs()
    assert seen == [
        "Enter what the agency will do.",
        "The due date is before the meeting that set the action; make it that day or later.",
    ]
    chosen = page.selected()
    assert chosen is not None and chosen.action.id == police.id  # still chosen
    row = page.table.currentIndex().row()
    assert page.model.index(row, COL_DUE).data() == "27 Mar 2026"
    assert page.status.text().endswith("action is corrected.")
    stored = actions.get_action(admin_ws, police.id)
    assert [(e.field, e.old, e.new) for e in stored.edits] == [
        (ActionField.DUE, "2026-03-20", "2026-03-27")
    ]

    histories: list[list[str]] = []

    def read_history(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionEditDialog | ActionStatusDialog)
        lines = [dialog.history_list.item(n).text() for n in range(dialog.history_list.count())]
        histories.append(lines)
        _press(dialog, Qt.Key.Key_Escape)

    _back_to(qtbot, page)
    answer_modal(read_history)
    QTest.keyClick(page.table, Qt.Key.Key_F2)
    answer_modal(read_history)
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter changes the status
    for lines in histories:
        assert len(lines) == 2 and lines[0].endswith("· admin · Open")
        assert lines[1].endswith(f"· admin · {CORRECTED}")
    assert len(histories) == 2


def test_a_second_desk_is_told_and_keeps_its_typing(qtbot: QtBot, admin_ws: Workspace) -> None:
    police, _housing = _actions(admin_ws)
    dialogs = [
        ActionEditDialog(
            admin_ws, actions.get_action(admin_ws, police.id), "M1-01 · Police", date(2026, 3, 12)
        )
        for _ in range(2)
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
    first, second = dialogs
    first.who_edit.setText("PC Other")
    first.save_button.click()
    assert first.edited is not None and not first.isVisible()

    second.due_edit.setText("3 Apr 2026")
    second.save_button.click()
    assert second.edited is None and second.isVisible()
    assert second.status.text().startswith("Alex Admin changed this action at ")
    assert second.status.text().endswith("look at theirs, then save again.")
    assert second.due_edit.text() == "3 Apr 2026"  # what was typed stays
    assert second.who_edit.text() == "PC Other"  # the field left alone shows theirs
    assert second.history_list.item(1).text().endswith("Who corrected from “PC A” to “PC Other”")

    second.save_button.click()  # told, and saved again: their correction stays too
    assert second.edited is not None
    assert (second.edited.who, second.edited.due) == ("PC Other", date(2026, 4, 3))
