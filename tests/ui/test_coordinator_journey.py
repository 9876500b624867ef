"""The coordinator's week, by keyboard, in the main window: arrange today's meeting, add a case
to its list by hand, record what the police found, run the meeting (attendance, what was
shared, an action), close it and print the minutes, which name the case by its meeting
reference only."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.research import ResearchStatus
from marac_desktop.domain.users import Role
from marac_desktop.services import access, records, research_returns, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui import printing
from marac_desktop.ui.actions.actions_page import ActionsPage
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.meetings import meetings_page as meetings_page_module
from marac_desktop.ui.meetings.add_case_dialog import AddCaseDialog
from marac_desktop.ui.meetings.agenda_model import (
    COL_CASE,
    COL_REASON,
    COL_REFERENCE,
    COL_RESEARCH,
    COL_VICTIM,
)
from marac_desktop.ui.meetings.attendance_panel import COL_ATTENDEE
from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog
from marac_desktop.ui.meetings.research_dialog import ResearchDialog
from marac_desktop.ui.meetings.restricted_document_dialog import MinutesDialog

Answer = Callable[[Callable[[QDialog], None]], None]
COORDINATOR, PASSWORD = "cat.coord", "orchard lantern seven 21"
TODAY = date.today()
ACTION = "Fit a door alarm at the victim's address"
SHARED = "Police: two callouts since the referral."
REASON = "Threats since the referral"
SCREENS = os.environ.get("MARAC_JOURNEY_SCREENS", "")
"""A folder to keep each step's screen in, to look at; none kept when unset."""


def _victims_case(admin: Workspace) -> str:
    """One case referred today: after the cut-off of today's meeting, so only a coordinator
    adding it by hand puts it on the list."""
    case = records.open_case(admin, PersonDetails("Testvictim", "Ada"), today=TODAY)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(admin, case.id, TODAY, "Police", criteria, today=TODAY)
    return case.reference


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(_focused(), key)


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _screen(widget: QWidget, name: str) -> None:
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SCREENS) / f"{name}.png"))


def _active(qtbot: QtBot, dialog: QDialog) -> None:
    """Keys go where the person sees the focus only once the dialog has become the window."""
    qtbot.waitUntil(dialog.isActiveWindow)


def _activate(qtbot: QtBot, window: QWidget) -> None:
    """Back to the window a dialog closed over: a desktop hands it the keyboard again; the
    offscreen platform waits to be asked."""
    if not window.isActiveWindow():
        window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        )
        return " ".join(done.stdout.split())
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def _cell(page: MeetingsPage, column: int, row: int = 0) -> str:
    return str(page.agenda_model.index(row, column).data())


def _press_button(qtbot: QtBot, button: QWidget) -> None:
    """Tab to a button and press Space, as a keyboard user does (focus put there directly)."""
    assert button.isEnabled(), button.text()  # type: ignore[attr-defined]
    _activate(qtbot, button.window())
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_the_coordinator_adds_a_case_records_research_runs_the_meeting_and_prints_minutes(
    qtbot: QtBot,
    made_db: MadeDatabase,
    admin_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer_modal: Answer,
    message_boxes: MessageBoxes,
) -> None:
    case_reference = _victims_case(admin_ws)
    users.add_user(admin_ws, COORDINATOR, Role.COORDINATOR, PASSWORD, "Cat Coordinator")
    coordinator = access.unlock(made_db.path, COORDINATOR, PASSWORD)
    try:
        window = MainWindow(coordinator)
        qtbot.addWidget(window)
        window.resize(1280, 820)
        window.show()
        window.activateWindow()
        _activate(qtbot, window)
        wait_for_jobs()

        # ----- the Meetings page, chosen from the navigation by typing its name ------------
        window.navigation.setFocus()
        qtbot.keyClicks(window.navigation, "Meetings")
        wait_for_jobs()
        page = window.current_page()
        assert isinstance(page, MeetingsPage)
        assert page.model.rowCount() == 0

        # ----- New meeting: today, from midnight, so it has started and can be closed ------
        def arrange(dialog: QDialog) -> None:
            assert isinstance(dialog, NewMeetingDialog)
            _active(qtbot, dialog)
            dialog.when_edit.setFocus()
            qtbot.keyClick(dialog.when_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            _type(qtbot, f"{TODAY:%d/%m/%Y} 00:00")
            _press(qtbot, Qt.Key.Key_Tab)  # to Online meeting
            _press(qtbot, Qt.Key.Key_Tab)
            for text in ("Civic Centre, room 2", "DI Chair", "Leeds"):
                _type(qtbot, text)
                _press(qtbot, Qt.Key.Key_Tab)
            _screen(dialog, "1-new-meeting")
            _press(qtbot, Qt.Key.Key_Return)

        answer_modal(arrange)
        _press_button(qtbot, page.new_button)
        wait_for_jobs()
        assert page.model.rowCount() == 1
        assert page.view is not None and not page.view.rows
        assert page.status.text().startswith("Meeting arranged.")
        meeting_id = page.view.meeting.id

        # ----- Add case…: found by the victim's name, with the reason typed ----------------
        found: list[str] = []

        def add(dialog: QDialog) -> None:
            assert isinstance(dialog, AddCaseDialog)
            _active(qtbot, dialog)
            assert _focused() is dialog.search_edit
            _type(qtbot, "testvictim")
            qtbot.waitUntil(lambda: dialog.results.count() == 1)
            found.append(dialog.results.item(0).text())
            _press(qtbot, Qt.Key.Key_Tab)  # to the cases found
            assert _focused() is dialog.results
            _press(qtbot, Qt.Key.Key_Tab)  # to the reason
            qtbot.keyClick(_focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            _type(qtbot, REASON)
            _screen(dialog, "2-add-case")
            _press(qtbot, Qt.Key.Key_Return)

        answer_modal(add)
        _press_button(qtbot, page.add_case_button)
        wait_for_jobs()
        assert found == [f"{case_reference} · TESTVICTIM, Ada · referred {TODAY.day} {TODAY:%b %Y}"]
        assert page.agenda_model.rowCount() == 1
        reference = f"M{meeting_id}-01"
        assert [_cell(page, c) for c in (COL_REFERENCE, COL_CASE, COL_VICTIM, COL_REASON)] == [
            reference,
            case_reference,
            "TESTVICTIM, Ada",
            REASON,
        ]
        assert page.status.text() == f"Added to the list as {reference}."
        assert page.selected_agenda_row() == 0
        asked = len(research_returns.research_status(coordinator, meeting_id).cases[0].returns)
        assert asked >= 1 and _cell(page, COL_RESEARCH) == f"0 of {asked} in"
        _screen(window, "3-list-with-the-case")

        # ----- Research returns…: the police's return, typed in ----------------------------
        def record_return(dialog: QDialog) -> None:
            assert isinstance(dialog, ResearchDialog)
            _active(qtbot, dialog)
            assert dialog.agency_list.currentItem().text() == "Police"
            _press(qtbot, Qt.Key.Key_Tab)  # to what came back
            _press(qtbot, Qt.Key.Key_Down)  # returned with information
            _press(qtbot, Qt.Key.Key_Tab)  # the day it came back: today, as it is
            _press(qtbot, Qt.Key.Key_Tab)
            _type(qtbot, "Two callouts since the referral.")
            _press(qtbot, Qt.Key.Key_Tab)
            _type(qtbot, "Threats to kill.")
            _press(qtbot, Qt.Key.Key_Tab)
            _type(qtbot, "PC Test, MASH")
            _screen(dialog, "4-research-return")
            _press(qtbot, Qt.Key.Key_Return)

        answer_modal(record_return)
        _press_button(qtbot, page.returns_button)
        wait_for_jobs()
        assert _cell(page, COL_RESEARCH) == f"1 of {asked} in"
        assert page.status.text() == f"Research saved for {reference}."

        # ----- Attendance: Ctrl+Tab to its tab, the police attendee typed and ticked -------
        _activate(qtbot, window)
        page.tabs.setFocus()
        qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert page.tabs.currentWidget() is page.attendance
        table = page.attendance.table
        assert table.item(0, 0).text() == "Police"
        table.setFocus()
        table.setCurrentCell(0, COL_ATTENDEE)
        for key in "DS One":  # the first key opens the cell's editor; the rest go into it
            _type(qtbot, key)
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _focused() is table)  # the cell's editor closes after the key
        for _column in ("present", "information sent", "signed"):
            _press(qtbot, Qt.Key.Key_Right)
            if _column == "information sent":
                _press(qtbot, Qt.Key.Key_Right)  # past Apologies
            _press(qtbot, Qt.Key.Key_Space)
        _press_button(qtbot, page.attendance.save_button)
        assert page.attendance.status.text() == "Attendance saved."
        assert page.attendance.summary_label.text() == "1 present, 0 apologies."
        _screen(window, "5-attendance")

        # ----- Meeting mode: the return is there; what was shared, an action, heard --------
        message_boxes.answers.append(True)  # "Close the meeting?" -> Yes
        seen: dict[str, str] = {}

        def run_meeting(dialog: QDialog) -> None:
            assert isinstance(dialog, MeetingModeDialog)
            _active(qtbot, dialog)
            seen["heading"] = dialog.case_heading.text()
            seen["returns"] = dialog.returns_edit.toPlainText()
            dialog.summary_edit.setFocus()
            _type(qtbot, SHARED)
            _press(qtbot, Qt.Key.Key_Tab)
            assert _focused() is dialog.risks_edit
            _type(qtbot, "Threats to kill; the children at home.")
            _press(qtbot, Qt.Key.Key_Tab)  # to what the research found, to read
            assert _focused() is dialog.returns_edit
            _press(qtbot, Qt.Key.Key_Tab)  # to the agency: Police, the first
            assert _focused() is dialog.agency_combo
            _press(qtbot, Qt.Key.Key_Tab)
            _type(qtbot, ACTION)
            _press(qtbot, Qt.Key.Key_Tab)
            _type(qtbot, "PC Test")
            _press(qtbot, Qt.Key.Key_Tab)  # the due date: four weeks on, as it is
            _press(qtbot, Qt.Key.Key_Tab)
            assert _focused() is dialog.add_action_button
            _press(qtbot, Qt.Key.Key_Space)
            assert dialog.action_status.text() == "Action added."
            seen["action"] = dialog.action_list.item(0).text()
            _screen(dialog, "6-meeting-mode")
            _press_button(qtbot, dialog.heard_button)
            seen["heard"] = dialog.status.text()
            _press_button(qtbot, dialog.close_meeting_button)
            seen["closed"] = dialog.status.text()
            _press_button(qtbot, dialog.close_button)

        answer_modal(run_meeting)
        _press_button(qtbot, page.mode_button)
        wait_for_jobs()
        assert seen["heading"].startswith(f"{reference} · ")
        assert "Testvictim" not in seen["heading"] and case_reference not in seen["heading"]
        assert seen["returns"] == (
            "Police: Two callouts since the referral.\nRisks: Threats to kill.\n"
            "Contact: PC Test, MASH"
        )
        assert seen["action"].startswith(f"Police: {ACTION} — PC Test, due ")
        assert seen["heard"] == "Every case on the list has been heard."
        assert seen["closed"].startswith("Meeting closed")
        assert page.meeting_details.text().endswith("Held")
        _screen(window, "7-meeting-held")
        police = research_returns.research_status(coordinator, meeting_id).cases[0].returns[0]
        assert police.status is ResearchStatus.RETURNED_INFORMATION

        # ----- Minutes…: saved as a PDF (not encrypted here), then printed -----------------
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *_a, **_k: (str(tmp_path / "minutes"), "")),
        )

        def save_plain(dialog: QDialog) -> None:
            assert isinstance(dialog, MinutesDialog)
            _active(qtbot, dialog)
            dialog.encrypt_checkbox.setFocus()
            _press(qtbot, Qt.Key.Key_Space)  # no password: the file stays on this computer
            assert not dialog.password_edit.isEnabled()
            _screen(dialog, "8-minutes-dialog")
            _press(qtbot, Qt.Key.Key_Return)  # Save as PDF…

        answer_modal(save_plain)
        _press_button(qtbot, page.minutes_button)
        wait_for_jobs()
        saved = tmp_path / "minutes.pdf"
        assert page.status.text() == f"Minutes saved to {saved}."
        text = _pdf_text(saved)
        if SCREENS:
            shutil.copy(saved, Path(SCREENS) / "minutes.pdf")
        assert reference in text and ACTION in text and SHARED in text and "DS One" in text
        for personal in ("Testvictim", "TESTVICTIM", case_reference):
            assert personal not in text

        printed = tmp_path / "printed.pdf"

        def to_pdf_printer(parent: QWidget | None, pdf: bytes) -> bool:
            printer = QPrinter()
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))
            return printing.print_pdf(parent, pdf, printer)

        monkeypatch.setattr(meetings_page_module, "print_pdf", to_pdf_printer)

        def print_them(dialog: QDialog) -> None:
            assert isinstance(dialog, MinutesDialog)
            _active(qtbot, dialog)
            dialog.print_button.setFocus()
            _press(qtbot, Qt.Key.Key_Space)

        answer_modal(print_them)
        _press_button(qtbot, page.minutes_button)
        wait_for_jobs()
        assert page.status.text() == "Minutes sent to the printer."
        assert printed.read_bytes().startswith(b"%PDF")

        # ----- the Actions page lists the action set at the meeting ------------------------
        _activate(qtbot, window)
        window.navigation.setFocus()
        qtbot.keyClicks(window.navigation, "Actions")
        wait_for_jobs()
        actions_page = window.current_page()
        assert isinstance(actions_page, ActionsPage)
        shown = [
            " | ".join(
                str(actions_page.model.index(row, column).data())
                for column in range(actions_page.model.columnCount())
            )
            for row in range(actions_page.model.rowCount())
        ]
        assert len(shown) == 1 and ACTION in shown[0] and "PC Test" in shown[0]
        _screen(window, "9-actions")
    finally:
        coordinator.close()
