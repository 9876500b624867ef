"""The same action open in two status forms: the later save is refused, the note typed stays."""

from __future__ import annotations

from datetime import date

from meetings_support import built_meeting, with_demo_data
from pytestqt.qtbot import QtBot

from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.services import actions, agenda_view
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.actions.status_dialog import ActionStatusDialog

NOTE = "No reply from the neighbourhood team."


def test_the_second_status_change_is_refused_and_keeps_the_note(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    with_demo_data(admin_ws)
    meeting = built_meeting(admin_ws)
    case_id = agenda_view.meeting_view(admin_ws, meeting).rows[0].case_id
    action = actions.add_action(
        admin_ws, meeting, case_id, "Police", "Visit", "PC A", date(2026, 3, 20)
    )
    dialogs = [
        ActionStatusDialog(admin_ws, actions.get_action(admin_ws, action.id), "M1-01 · Police")
        for _ in range(2)
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
    first, second = dialogs

    first.set_status(ActionStatus.DONE)
    first.save_button.click()
    assert first.changed is not None and not first.isVisible()

    second.set_status(ActionStatus.NOT_DONE)
    second.note_edit.setPlainText(NOTE)
    second.save_button.click()
    assert second.changed is None and second.isVisible()
    assert second.status.text().startswith("Alex Admin changed this action at ")
    assert second.status.text().endswith("look at theirs, then save again.")
    assert second.note_edit.toPlainText() == NOTE
    assert second.chosen() is ActionStatus.NOT_DONE
    history = actions.get_action(admin_ws, action.id).history
    assert [c.status for c in history] == [ActionStatus.OPEN, ActionStatus.DONE]

    second.save_button.click()  # told, and saved again: over theirs
    assert second.changed is not None and second.changed.status is ActionStatus.NOT_DONE
