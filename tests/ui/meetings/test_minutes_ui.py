"""The coordinator saves the minutes, encrypted, and prints them, from the Meetings page."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from meetings_support import TODAY, built_meeting, with_demo_data
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.meetings import Attendance
from marac_desktop.services import agenda_view, audit, meeting_attendance, meeting_mode
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.meetings import meetings_page as meetings_page_module
from marac_desktop.ui.meetings.meetings_page import MINUTES_FILE_NAME, MeetingsPage
from marac_desktop.ui.meetings.restricted_document_dialog import MinutesDialog

Answer = Callable[[Callable[[QDialog], None]], None]
PASSWORD = "minutes phrase 31"


def _page(qtbot: QtBot, workspace: Workspace) -> MeetingsPage:
    page = MeetingsPage(workspace, today=TODAY)
    page.refresh()
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    wait_for_jobs()
    return page


def test_minutes_are_saved_encrypted_and_printed(
    qtbot: QtBot,
    admin_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer_modal: Answer,
) -> None:
    with_demo_data(admin_ws)
    meeting_id = built_meeting(admin_ws)
    first = agenda_view.meeting_view(admin_ws, meeting_id).rows[0].case_id
    meeting_mode.record_discussion(
        admin_ws, meeting_id, first, "Police attended twice.", "Threats to the children."
    )
    meeting_attendance.set_attendance(admin_ws, meeting_id, [Attendance("Police", "DS One", True)])
    page = _page(qtbot, admin_ws)
    assert page.select_meeting(meeting_id)
    wait_for_jobs()
    assert page.minutes_button.isEnabled()
    suggested: list[str] = []

    def choose(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        suggested.append(default)
        return str(tmp_path / "minutes"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))

    def type_password(dialog: QDialog) -> None:
        assert isinstance(dialog, MinutesDialog)
        assert dialog.encrypt_checkbox.isChecked()
        dialog.password_edit.setFocus()
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), PASSWORD)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    answer_modal(type_password)
    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()
    saved = tmp_path / "minutes.pdf"
    assert Path(suggested[0]).name == MINUTES_FILE_NAME
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    assert reader.is_encrypted and reader.decrypt(PASSWORD)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Police attended twice." in text and "DS One" in text
    assert page.status.text().startswith("Minutes saved to") and "encrypted" in page.status.text()

    printed: list[bytes] = []
    monkeypatch.setattr(
        meetings_page_module, "print_pdf", lambda _p, pdf: printed.append(pdf) or True
    )

    def print_them(dialog: QDialog) -> None:
        assert isinstance(dialog, MinutesDialog)
        dialog.print_button.click()

    answer_modal(print_them)
    assert page.minutes()
    wait_for_jobs()
    assert b"%PDF" in printed[0][:8] and b"/Encrypt" not in printed[0]
    assert page.status.text() == "Minutes sent to the printer."
    done = [(e.action, e.target_id) for e in audit.recent_entries(admin_ws, 10)]
    assert (AuditAction.PRINT.value, f"minutes/{meeting_id}") in done
    assert (AuditAction.EXPORT.value, f"minutes/{meeting_id}") in done
