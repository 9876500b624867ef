"""The Meetings page, meeting mode and the actions tracker, driven as a coordinator would."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from meetings_support import (
    NEXT_STARTS,
    STARTS,
    TODAY,
    FakeClock,
    built_meeting,
    fill_new_meeting,
    with_demo_data,
)
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel

from marac_desktop.domain.meetings import ActionStatus, AgendaSection, MeetingId, RemovalReason
from marac_desktop.services import (
    actions,
    agenda_view,
    audit,
    meeting_settings,
    meetings,
    records,
)
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui import background
from marac_desktop.ui.actions import actions_page as actions_page_module
from marac_desktop.ui.actions.action_table_model import COL_STATUS, OVERDUE_BACKGROUND
from marac_desktop.ui.actions.actions_page import ActionsPage
from marac_desktop.ui.actions.status_dialog import ActionStatusDialog
from marac_desktop.ui.meetings import meetings_page as meetings_page_module
from marac_desktop.ui.meetings.agenda_model import (
    COL_CASE,
    COL_REFERENCE,
    COL_SECTION,
    COL_SLOT,
    COL_VICTIM,
    AgendaListModel,
)
from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog
from marac_desktop.ui.meetings.meeting_table_model import COL_CASES
from marac_desktop.ui.meetings.meetings_page import AGENDA_FILE_NAME, MeetingsPage
from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog
from marac_desktop.ui.meetings.remove_case_dialog import RemoveCaseDialog
from marac_desktop.ui.meetings.restricted_document_dialog import ResearchListDialog
from marac_desktop.ui.meetings.words import NOT_ALLOWED

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester

Answer = Callable[[Callable[[QDialog], None]], None]
T = TypeVar("T")


def _page(qtbot: QtBot, workspace: Workspace) -> MeetingsPage:
    page = MeetingsPage(workspace, today=TODAY)
    page.refresh()  # as the main window does when the page is shown
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    wait_for_jobs()
    return page


def _order(workspace: Workspace, meeting_id: MeetingId) -> list[int]:
    return [r.case_id for r in agenda_view.meeting_view(workspace, meeting_id).rows]


def test_build_reorder_run_the_meeting_and_chase_the_action(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Answer, message_boxes: MessageBoxes
) -> None:
    with_demo_data(admin_ws)
    page = _page(qtbot, admin_ws)
    assert "No meetings yet" in page.count_label.text()

    def arrange(dialog: QDialog) -> None:
        assert isinstance(dialog, NewMeetingDialog)
        fill_new_meeting(dialog)
        assert "5 Mar 2026" in dialog.cutoff_label.text()
        dialog.create_button.click()

    answer_modal(arrange)
    page.new_button.click()
    wait_for_jobs()
    assert page.model.rowCount() == 1 and page.view is not None
    meeting_id = page.view.meeting.id
    assert "List closes 5 Mar 2026" in page.meeting_details.text()

    # Build the list: the rules' order, with slots and the end time.
    page.propose_button.click()
    wait_for_jobs()
    agenda = page.agenda_model
    count = agenda.rowCount()
    assert count >= 10
    sections = [agenda.row_at(n).section.order for n in range(count)]
    assert sections == sorted(sections)
    ends = STARTS + timedelta(minutes=10 * count)
    assert f"ends about {ends:%H:%M}" in page.end_label.text()
    assert page.model.index(0, 6).data() == str(count)
    assert agenda.index(0, COL_SLOT).data() == "10:00–10:10"

    # Drag and drop: the view hands the model the dragged row and the drop point.
    before = _order(admin_ws, meeting_id)
    dragged = agenda.mimeData([agenda.index(0, COL_REFERENCE)])
    assert "application/x-marac-agenda-rows" in agenda.mimeTypes()
    assert agenda.canDropMimeData(dragged, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    # False on purpose: the move is done, so the view must not also remove the dragged row.
    assert not agenda.dropMimeData(dragged, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    expected = [before[1], before[2], before[0], *before[3:]]
    assert [agenda.row_at(n).case_id for n in range(count)] == expected  # shown at once
    wait_for_jobs()  # saved off the window's thread
    assert _order(admin_ws, meeting_id) == expected
    assert [agenda.row_at(n).case_id for n in range(count)] == expected
    assert agenda.index(2, COL_SLOT).data() == "10:20–10:30"
    assert (
        agenda.row_at(2).reference
        == agenda_view.meeting_view(admin_ws, meeting_id).rows[2].reference
    )
    assert page.selected_agenda_row() == 2

    # The model's own moveRows (what a view in InternalMove mode may call) stores too.
    assert agenda.moveRows(QModelIndex(), 0, 1, QModelIndex(), 2)
    expected = [expected[1], expected[0], *expected[2:]]
    wait_for_jobs()
    assert _order(admin_ws, meeting_id) == expected

    # Keyboard users: Move down and Move up, with the selection following the case.
    page.agenda_table.selectRow(0)
    page.down_button.click()
    expected = [expected[1], expected[0], *expected[2:]]
    wait_for_jobs()
    assert _order(admin_ws, meeting_id) == expected
    assert page.selected_agenda_row() == 1
    assert not page.agenda_model.row_at(0).heard
    page.up_button.click()
    expected = [expected[1], expected[0], *expected[2:]]
    wait_for_jobs()
    assert _order(admin_ws, meeting_id) == expected
    assert page.selected_agenda_row() == 0
    assert not page.up_button.isEnabled()

    # Meeting mode on the first case.
    clock = FakeClock()
    mode = MeetingModeDialog(admin_ws, meeting_id, page, clock=clock, now=lambda: STARTS)
    qtbot.addWidget(mode)
    first = mode.current()
    assert first is not None and first.case_id == expected[0]
    assert first.reference in mode.case_heading.text()
    assert "Case 1 of" in mode.position_label.text()
    clock.advance(7.5)
    mode._on_timer_timeout()
    assert mode.timer_label.text() == "Time used 07:30 of 10:00"
    clock.advance(4.5)
    mode._on_timer_timeout()
    assert mode.timer_label.text() == "Time used 12:00 of 10:00 — 02:00 over the slot"
    mode.summary_edit.setPlainText(
        "Police: two call-outs since the referral. Housing: rent arrears."
    )
    mode.risks_edit.setPlainText("Stalking; threats to kill.")

    mode.what_edit.setText("Fit a door alarm")
    assert not mode.add_action()
    assert "person responsible" in mode.action_status.text()
    mode.agency_combo.setCurrentText("Housing")
    mode.who_edit.setText("J. Officer")
    mode.due_edit.set_value(date(2026, 3, 20))
    mode.add_action_button.click()
    assert "Housing: Fit a door alarm — J. Officer, due 20 Mar 2026" in [
        mode.action_list.item(n).text() for n in range(mode.action_list.count())
    ]
    mode.heard_button.click()
    assert mode.index == 1 and "marked heard (12 min)" in mode.status.text()
    mode.previous_button.click()
    assert mode.timer_label.text() == "Heard: 12 of 10 minutes used"
    assert not mode.heard_button.isEnabled()
    mode.next_button.click()
    mode.summary_edit.setPlainText("IDVA: she is staying with family.")
    mode.previous_button.click()
    second = agenda_view.meeting_view(admin_ws, meeting_id)
    assert second.notes[second.rows[1].case_id].agency_summary == (
        "IDVA: she is staying with family."
    )
    assert not agenda_view.meeting_view(admin_ws, meeting_id).rows[1].heard
    mode.close_button.click()
    assert mode.changed

    view = agenda_view.meeting_view(admin_ws, meeting_id)
    row = view.rows[0]
    assert row.heard and row.minutes_used == 12
    assert view.notes[row.case_id].agency_summary.startswith("Police: two call-outs")
    assert view.notes[row.case_id].risks == "Stalking; threats to kill."
    (action,) = actions.list_actions(admin_ws, meeting_id=meeting_id)
    assert (action.agency_label, action.action.who) == ("Housing", "J. Officer")

    # The due date passes; the case comes first on the next meeting's list.
    page.refresh()
    wait_for_jobs()
    assert page.view is not None and page.view.rows[0].heard
    assert not page.propose_button.isEnabled()

    def arrange_next(dialog: QDialog) -> None:
        assert isinstance(dialog, NewMeetingDialog)
        fill_new_meeting(dialog, NEXT_STARTS)
        dialog.create_button.click()

    answer_modal(arrange_next)
    page.new_button.click()
    wait_for_jobs()
    assert page.model.rowCount() == 2 and page.view is not None
    assert page.view.meeting.starts_at == NEXT_STARTS
    page.propose_button.click()
    wait_for_jobs()
    top = page.agenda_model.row_at(0)
    assert top.case_id == expected[0]
    assert top.section is AgendaSection.INCOMPLETE_ACTIONS
    assert page.agenda_model.index(0, COL_SECTION).data() == (
        "Incomplete actions from the last meeting"
    )
    # The coordinator's list says who each case is; the agenda's meeting reference stays.
    record = records.case_record(admin_ws, expected[0])
    assert page.agenda_model.index(0, COL_REFERENCE).data().startswith("M")
    assert page.agenda_model.index(0, COL_CASE).data() == record.reference
    assert page.agenda_model.index(0, COL_VICTIM).data() == record.victim.details.display_name

    tracker = ActionsPage(admin_ws, today=date(2026, 4, 1))
    tracker.refresh()
    wait_for_jobs()
    qtbot.addWidget(tracker)
    assert tracker.model.rowCount() == 1
    assert tracker.model.index(0, COL_STATUS).data() == "Overdue (open)"
    background = tracker.model.index(0, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole)
    assert background.name() == OVERDUE_BACKGROUND
    assert "1 overdue" in tracker.count_label.text()
    assert not message_boxes.shown


def test_agenda_and_research_list_files(
    qtbot: QtBot,
    admin_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer_modal: Answer,
    message_boxes: MessageBoxes,
) -> None:
    with_demo_data(admin_ws)
    built_meeting(admin_ws)
    page = _page(qtbot, admin_ws)
    suggested: list[str] = []
    targets = iter([tmp_path / "agenda", tmp_path / "research.pdf"])

    def choose(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        suggested.append(default)
        return str(next(targets)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    saved = page.save_agenda()
    wait_for_jobs()
    assert saved == tmp_path / "agenda.pdf" and saved.read_bytes().startswith(b"%PDF")
    assert Path(suggested[0]).name == AGENDA_FILE_NAME == "marac-agenda.pdf"

    def research(dialog: QDialog) -> None:
        assert isinstance(dialog, ResearchListDialog)
        dialog.agency_combo.setCurrentText("Police")
        dialog.password_edit.setText("correct horse")
        dialog.confirm_edit.setText("correct hors")
        dialog.save_button.click()
        assert "not the same" in dialog.status.text()
        dialog.confirm_edit.setText("correct horse")
        dialog.save_button.click()

    answer_modal(research)
    assert page.research_list()
    wait_for_jobs()
    written = (tmp_path / "research.pdf").read_bytes()
    assert written.startswith(b"%PDF") and b"/Encrypt" in written
    assert Path(suggested[1]).name == "marac-research-list.pdf"
    assert "encrypted" in page.status.text()

    printed: list[bytes] = []
    monkeypatch.setattr(
        meetings_page_module, "print_pdf", lambda _p, pdf: printed.append(pdf) or True
    )
    assert page.print_agenda()
    wait_for_jobs()
    assert printed[0].startswith(b"%PDF")
    assert not message_boxes.shown


def test_attendance_is_saved_and_checked(qtbot: QtBot, admin_ws: Workspace) -> None:
    meeting_id = built_meeting(admin_ws)
    page = _page(qtbot, admin_ws)
    panel = page.attendance
    assert panel.table.rowCount() == len(meeting_settings.load_meeting_settings(admin_ws).agencies)
    panel.set_row(0, "DS One", present=True, signed=True)
    panel.set_row(6, "", apologies=True, information_sent=True)
    panel.save_button.click()
    assert panel.status.text() == "Attendance saved."
    stored = agenda_view.meeting_view(admin_ws, meeting_id).attendance
    assert [(a.agency, a.present, a.apologies) for a in stored] == [
        ("Police", True, False),
        ("Housing", False, True),
    ]
    assert panel.summary_label.text() == "1 present, 1 apologies."
    panel.set_row(0, "DS One", present=True, apologies=True)
    assert not panel.save()
    assert "both present" in panel.status.text()


def test_remove_a_case_and_propose_again(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes, answer_modal: Answer
) -> None:
    with_demo_data(admin_ws)
    meeting_id = built_meeting(admin_ws)
    page = _page(qtbot, admin_ws)
    count = page.agenda_model.rowCount()
    page.agenda_table.selectRow(1)
    gone = page.agenda_model.row_at(1)

    def keep_it(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_modal(keep_it)
    page.remove_button.click()
    assert gone.case_id in _order(admin_ws, meeting_id)

    def another_meeting(dialog: QDialog) -> None:
        assert isinstance(dialog, RemoveCaseDialog)
        assert gone.reference in " ".join(label.text() for label in dialog.findChildren(QLabel))
        qtbot.keyClick(dialog.reason_combo, Qt.Key.Key_Down)
        assert dialog.reason() is RemovalReason.ANOTHER_MEETING
        dialog.remove_button.click()

    answer_modal(another_meeting)
    page.remove_button.click()
    wait_for_jobs()
    assert gone.case_id not in _order(admin_ws, meeting_id)
    [entry] = [e for e in audit.recent_entries(admin_ws, 5) if e.detail.startswith("removed case")]
    assert entry.detail == f"removed case {gone.case_id}: another_meeting"
    assert page.agenda_model.rowCount() == count - 1
    assert page.model.index(0, 6).data() == str(count - 1)
    message_boxes.answers.append(False)
    assert not page.propose()
    message_boxes.answers.append(True)
    assert page.propose()
    wait_for_jobs()
    assert page.agenda_model.rowCount() == count


def test_actions_page_filters_and_status_history(
    qtbot: QtBot,
    admin_ws: Workspace,
    answer_modal: Answer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_demo_data(admin_ws)
    first = built_meeting(admin_ws)
    rows = agenda_view.meeting_view(admin_ws, first).rows
    a, b = rows[0].case_id, rows[1].case_id
    police = actions.add_action(admin_ws, first, a, "Police", "Visit", "PC A", date(2026, 3, 20))
    actions.add_action(admin_ws, first, b, "Housing", "Alarm", "J. O", date(2026, 4, 30))
    second = built_meeting(admin_ws, NEXT_STARTS)
    later = agenda_view.meeting_view(admin_ws, second).rows[0].case_id
    actions.add_action(admin_ws, second, later, "Police", "Check", "PC B", date(2026, 4, 20))

    page = ActionsPage(admin_ws, today=date(2026, 4, 1))
    page.refresh()
    wait_for_jobs()
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    assert page.model.rowCount() == 3
    assert page.set_filter(page.agency_combo, "Police")
    wait_for_jobs()
    assert page.model.rowCount() == 2
    assert page.set_filter(page.meeting_combo, int(first))
    wait_for_jobs()
    assert page.model.rowCount() == 1
    assert page.set_filter(page.agency_combo, None)
    wait_for_jobs()
    assert page.set_filter(page.meeting_combo, None)
    wait_for_jobs()
    assert page.set_filter(page.status_combo, "overdue")
    wait_for_jobs()
    assert [t.action.id for t in (page.model.row_at(0),)] == [police.id]
    assert page.model.rowCount() == 1
    assert page.set_filter(page.status_combo, None)
    wait_for_jobs()
    page.set_due_by(date(2026, 4, 25))
    wait_for_jobs()
    assert page.model.rowCount() == 2
    page.due_checkbox.setChecked(False)
    wait_for_jobs()
    assert page.model.rowCount() == 3

    assert page.select_action(police.id)

    def not_done(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionStatusDialog)
        assert dialog.history_list.count() == 1
        dialog.set_status(ActionStatus.NOT_DONE)
        assert "required" in dialog.note_label.text()
        dialog.save_button.click()
        assert "Say why" in dialog.status.text()
        dialog.note_edit.setPlainText("No reply from the neighbourhood team.")
        dialog.save_button.click()

    answer_modal(not_done)
    page.change_button.click()
    wait_for_jobs()
    assert "not done by the agency" in page.status.text()
    history = actions.get_action(admin_ws, police.id).history
    assert [c.status for c in history] == [ActionStatus.OPEN, ActionStatus.NOT_DONE]
    assert history[1].note == "No reply from the neighbourhood team."
    assert page.selected() is not None
    assert page.selected().action.status is ActionStatus.NOT_DONE  # type: ignore[union-attr]
    assert page.model.index(page.table.currentIndex().row(), COL_STATUS).data() == (
        "Not done by the agency"
    )

    def done(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionStatusDialog)
        assert dialog.history_list.count() == 2
        assert "No reply" in dialog.history_list.item(1).text()
        dialog.set_status(ActionStatus.DONE)
        dialog.save_button.click()

    answer_modal(done)
    page.change_button.click()
    wait_for_jobs()
    assert actions.get_action(admin_ws, police.id).status is ActionStatus.DONE

    chosen = iter([tmp_path / "police", tmp_path / "police.pdf"])
    names: list[str] = []

    def pick(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        names.append(Path(default).name)
        return str(next(chosen)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))
    page.set_filter(page.agency_combo, "Police")
    wait_for_jobs()
    csv_path = page.export(".csv")
    assert csv_path == tmp_path / "police.csv"
    wait_for_jobs()
    assert page.status.text() == f"Actions saved to {csv_path}."
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "Visit" in text and "Check" in text and "Alarm" not in text
    pdf_path = page.export(".pdf")
    wait_for_jobs()
    assert pdf_path is not None and pdf_path.read_bytes().startswith(b"%PDF")
    assert names == ["marac-actions.csv", "marac-actions.pdf"]
    printed: list[bytes] = []
    monkeypatch.setattr(
        actions_page_module, "print_pdf", lambda _p, pdf: printed.append(pdf) or True
    )
    assert page.print_actions()
    wait_for_jobs()
    assert printed[0].startswith(b"%PDF")
    assert page.status.text() == "The actions were sent to the printer."


def test_roles_without_manage_meetings_are_refused_plainly(
    qtbot: QtBot, idva_ws: Workspace
) -> None:
    meetings_page = MeetingsPage(idva_ws)
    tracker = ActionsPage(idva_ws)
    for page in (meetings_page, tracker):
        qtbot.addWidget(page)
        assert not page.allowed
        assert page.not_allowed_label.text() == NOT_ALLOWED
        page.refresh()
        wait_for_jobs()
    assert meetings_page.meeting_table.parent() is None
    assert tracker.table.parent() is None


def test_new_meeting_dialog_shows_refusals(qtbot: QtBot, admin_ws: Workspace) -> None:
    dialog = NewMeetingDialog(admin_ws, today=TODAY)
    qtbot.addWidget(dialog)
    fill_new_meeting(dialog)
    dialog.chair_edit.clear()
    dialog.create_button.click()
    assert "chair" in dialog.status.text() and dialog.meeting is None
    dialog.chair_edit.setText("DI Chair")
    dialog.online_checkbox.setChecked(True)
    assert not dialog.venue_edit.isEnabled()
    dialog.create_button.click()
    assert dialog.meeting is not None and dialog.meeting.online
    assert dialog.meeting.cutoff == date(2026, 3, 5)


def test_moves_made_faster_than_a_save_are_all_saved(qtbot: QtBot, admin_ws: Workspace) -> None:
    with_demo_data(admin_ws)
    meeting_id = built_meeting(admin_ws)
    page = _page(qtbot, admin_ws)
    assert page.view is not None and page.view.meeting.id == meeting_id
    before = _order(admin_ws, meeting_id)
    page.agenda_table.selectRow(0)
    for _ in range(3):  # three presses before the first save has reported back
        page.down_button.click()
    expected = [before[1], before[2], before[3], before[0], *before[4:]]
    wait_for_jobs()
    assert _order(admin_ws, meeting_id) == expected
    assert [page.agenda_model.row_at(n).case_id for n in range(len(before))] == expected
    assert page.selected_agenda_row() == 3
    assert "List reordered" in page.status.text()


def test_a_move_while_another_job_runs_is_refused_and_the_list_stays_as_saved(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    with_demo_data(admin_ws)
    meeting_id = built_meeting(admin_ws)
    page = _page(qtbot, admin_ws)
    before = _order(admin_ws, meeting_id)
    release = threading.Event()
    assert background.runner().start("Backing up", lambda _p: release.wait(30), lambda _r: None)
    try:
        page.agenda_table.selectRow(0)
        page.down_button.click()
        assert [page.agenda_model.row_at(n).case_id for n in range(len(before))] == before
        assert page.status.text() == background.runner().refusal()
    finally:
        release.set()
        wait_for_jobs()
    assert _order(admin_ws, meeting_id) == before


def test_agenda_model_passes_the_model_tester(
    qtmodeltester: ModelTester, admin_ws: Workspace
) -> None:
    with_demo_data(admin_ws)
    meeting_id = built_meeting(admin_ws)
    model = AgendaListModel()
    model.set_rows(agenda_view.meeting_view(admin_ws, meeting_id).rows)
    qtmodeltester.check(model)
    assert not model.move_rows_to([0], 0) and not model.move_rows_to([0], 1)
    assert model.move_rows_to([0], model.rowCount())


def test_the_page_reads_off_the_window_thread_and_meeting_mode_reads_no_list_again(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Answer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_demo_data(admin_ws)
    meeting_id = built_meeting(admin_ws)
    threads: list[str] = []

    def noting(read: Callable[..., T]) -> Callable[..., T]:
        def noted(*args: object, **kwargs: object) -> T:
            threads.append(threading.current_thread().name)
            return read(*args, **kwargs)

        return noted

    for module, name in ((meetings, "list_meetings"), (agenda_view, "meeting_view")):
        monkeypatch.setattr(module, name, noting(getattr(module, name)))
    page = _page(qtbot, admin_ws)
    assert page.view is not None and page.view.meeting.id == meeting_id
    assert page.agenda_model.rowCount() == len(page.view.rows) > 0
    assert len(threads) == 2 and threading.main_thread().name not in threads

    answer_modal(lambda dialog: dialog.reject())
    mode = page.open_meeting_mode()
    assert mode is not None and mode.view is page.view
    assert len(threads) == 2, "meeting mode read the list again on the window's thread"


def test_the_meetings_table_sorts_itself_and_keeps_the_selection(
    qtbot: QtBot, qtmodeltester: ModelTester, admin_ws: Workspace, answer_modal: Answer
) -> None:
    with_demo_data(admin_ws)
    first = built_meeting(admin_ws)
    later = meetings.create_meeting(
        admin_ws, NEXT_STARTS, "", True, "DI Chair", "Leeds", today=TODAY
    ).id
    page = _page(qtbot, admin_ws)
    qtmodeltester.check(page.model)
    assert [page.model.row_at(n).meeting.id for n in range(2)] == [later, first]  # newest first
    assert page.select_meeting(first)
    wait_for_jobs()
    page.meeting_table.sortByColumn(COL_CASES, Qt.SortOrder.DescendingOrder)
    assert [page.model.row_at(n).meeting.id for n in range(2)] == [first, later]
    assert page.selected_meeting_id() == first and page.meeting_table.currentIndex().row() == 0
    page.refresh()  # the rows read again come in the order chosen
    wait_for_jobs()
    assert [page.model.row_at(n).meeting.id for n in range(2)] == [first, later]
    assert page.selected_meeting_id() == first
