"""The coordinator records what each agency found, from the Meetings page, by keyboard; the
list shows how much research is in, and the page says when returns are overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from meetings_support import STARTS, TODAY
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.research import ResearchReturn, ResearchStatus
from marac_desktop.services import meeting_list, meetings, records, research_returns
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings import meetings_page as meetings_page_module
from marac_desktop.ui.meetings.agenda_model import COL_RESEARCH
from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.meetings.research_dialog import ResearchDialog

Answer = Callable[[Callable[[QDialog], None]], None]


def _meeting(ws: Workspace) -> MeetingId:
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    for family in ("Testvictim", "Testother"):
        case = records.open_case(ws, PersonDetails(family, "Ada"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)
    meeting_list.build_list(ws, meeting.id, today=TODAY)
    return meeting.id


def _page(qtbot: QtBot, ws: Workspace, meeting_id: MeetingId, today: date) -> MeetingsPage:
    page = MeetingsPage(ws, today=today)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.refresh()
    wait_for_jobs()
    assert page.select_meeting(meeting_id)
    wait_for_jobs()
    return page


def _cell(page: MeetingsPage, row: int) -> str:
    return str(page.agenda_model.index(row, COL_RESEARCH).data())


def test_a_return_typed_in_shows_on_the_list(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Answer
) -> None:
    meeting_id = _meeting(admin_ws)
    page = _page(qtbot, admin_ws, meeting_id, TODAY)
    asked = len(research_returns.research_status(admin_ws, meeting_id).cases[0].returns)
    assert _cell(page, 0) == f"0 of {asked} in"
    assert "due by 10 Mar 2026" in page.research_label.text()
    assert "overdue" not in page.research_label.text()
    page.agenda_table.setFocus()
    qtbot.keyClick(page.agenda_table, Qt.Key.Key_Down)
    qtbot.keyClick(page.agenda_table, Qt.Key.Key_Up)
    assert page.returns_button.isEnabled()
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResearchDialog)
        assert dialog.agency_list.currentItem().text() == "Police"
        assert not dialog.returned_edit.isEnabled()
        qtbot.keyClick(dialog.agency_list, Qt.Key.Key_Tab)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # Returned with information
        assert dialog.returned_edit.isEnabled()
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Two callouts in March.")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Threats to kill.")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "PC Test, MASH")
        seen.append(dialog.windowTitle())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    answer_modal(fill)
    page.returns_button.setFocus()
    qtbot.keyClick(page.returns_button, Qt.Key.Key_Space)
    wait_for_jobs()
    assert seen == ["Research returns"]  # no case data in the title
    assert _cell(page, 0) == f"1 of {asked} in"
    assert page.selected_agenda_row() == 0
    first = research_returns.research_status(admin_ws, meeting_id).cases[0]
    police = next(r for r in first.returns if r.agency == "police")
    assert police.status is ResearchStatus.RETURNED_INFORMATION
    assert (police.returned_on, police.summary, police.risks, police.contact) == (
        TODAY, "Two callouts in March.", "Threats to kill.", "PC Test, MASH",
    )  # fmt: skip


def test_returns_overdue_before_the_meeting_are_named(qtbot: QtBot, admin_ws: Workspace) -> None:
    meeting_id = _meeting(admin_ws)
    page = _page(qtbot, admin_ws, meeting_id, date(2026, 3, 11))
    waiting = research_returns.research_status(admin_ws, meeting_id).waiting()
    assert f"{waiting} returns overdue" in page.research_label.text()


def test_an_agency_that_returned_cannot_be_unticked_and_nothing_is_lost(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Answer
) -> None:
    meeting_id = _meeting(admin_ws)
    page = _page(qtbot, admin_ws, meeting_id, TODAY)
    page.agenda_table.selectRow(0)
    sentences: list[str] = []

    def return_then_untick(dialog: QDialog) -> None:
        assert isinstance(dialog, ResearchDialog)
        dialog.status_combo.setCurrentIndex(2)  # Returned, nothing known
        dialog.save_button.click()

    answer_modal(return_then_untick)
    page.research_returns()
    wait_for_jobs()

    def untick(dialog: QDialog) -> None:
        assert isinstance(dialog, ResearchDialog)
        qtbot.keyClick(dialog.agency_list, Qt.Key.Key_Space)  # Police, the current row
        dialog.save_button.click()
        sentences.append(dialog.status.text())
        assert dialog.isVisible()
        dialog.reject()

    answer_modal(untick)
    assert not page.research_returns()
    assert sentences and "has returned its research" in sentences[0]
    first = research_returns.research_status(admin_ws, meeting_id).cases[0]
    assert first.returns[0].status is ResearchStatus.RETURNED_NOTHING


def test_meeting_mode_shows_what_each_agency_returned(qtbot: QtBot, admin_ws: Workspace) -> None:
    meeting_id = _meeting(admin_ws)
    first = research_returns.research_status(admin_ws, meeting_id).cases[0]
    found = ResearchReturn(
        "police", ResearchStatus.RETURNED_INFORMATION, TODAY, "Two callouts.", "Threats.", "PC Test"
    )
    nothing = ResearchReturn("housing", ResearchStatus.RETURNED_NOTHING, TODAY, "No trace.")
    research_returns.save_case_research(
        admin_ws, meeting_id, first.case_id, [found, nothing, ResearchReturn("probation")],
        today=TODAY,
    )  # fmt: skip
    dialog = MeetingModeDialog(admin_ws, meeting_id, now=lambda: STARTS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.current().case_id == first.case_id
    assert dialog.facts["research"].text() == (
        "Police: returned with information; Housing: returned, nothing known; Probation: sent"
    )
    shown = dialog.returns_edit.toPlainText()
    assert shown == "Police: Two callouts.\nRisks: Threats.\nContact: PC Test"
    dialog.next_button.click()
    assert dialog.returns_edit.toPlainText() == ""


def test_a_return_file_is_imported_from_the_page(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = _meeting(admin_ws)
    page = _page(qtbot, admin_ws, meeting_id, TODAY)
    page.agenda_table.selectRow(1)
    returns = tmp_path / "returns.csv"
    returns.write_text(
        f"Meeting ref,Agency,Known,Summary\nM{meeting_id}-01,Police,Y,Known\n"
        f"M{meeting_id}-02,Police,N,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(returns), ""))
    )
    page.import_returns_button.setFocus()
    qtbot.keyClick(page.import_returns_button, Qt.Key.Key_Space)
    wait_for_jobs()
    assert page.status.text() == "2 returns imported for 2 cases."
    assert page.selected_agenda_row() == 1
    asked = [len(c.returns) for c in research_returns.research_status(admin_ws, meeting_id).cases]
    assert [_cell(page, 0), _cell(page, 1)] == [f"1 of {asked[0]} in", f"1 of {asked[1]} in"]
    returns.write_text("Meeting ref,Agency,Known\nM9-01,Police,Y\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        meetings_page_module, "show_user_error", lambda _p, error: shown.append(str(error))
    )
    page.import_returns()
    wait_for_jobs()
    assert shown == ["Row 2: no case on this meeting's list has that ref."]
