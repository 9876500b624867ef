"""Render the meeting screens offscreen to PNG files, to look at (not a test; run it by hand).

    python tests/ui/meetings/render_meetings.py [FOLDER]   (default /tmp/marac-renders/meetings)

Synthetic data only: demo cases on a throwaway database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SCRATCH = Path(tempfile.mkdtemp(prefix="marac-render-"))
os.environ.setdefault("MARAC_DESKTOP_DATA_DIR", str(_SCRATCH / "data"))
os.environ.setdefault("MARAC_DESKTOP_LOG_DIR", str(_SCRATCH / "logs"))
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from marac_desktop.domain.key_derivation import TEST_KDF  # noqa: E402
from marac_desktop.domain.meetings import ActionStatus  # noqa: E402
from marac_desktop.paths import resource_path  # noqa: E402
from marac_desktop.services import access, actions, demo, meeting_list, meetings  # noqa: E402

from marac_desktop.ui import background  # noqa: E402
from marac_desktop.ui.actions.actions_page import ActionsPage  # noqa: E402
from marac_desktop.ui.actions.edit_dialog import ActionEditDialog  # noqa: E402
from marac_desktop.ui.actions.status_dialog import ActionStatusDialog  # noqa: E402
from marac_desktop.ui.fonts import load_bundled_fonts, use_bundled_fonts  # noqa: E402
from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog  # noqa: E402
from marac_desktop.ui.meetings.meetings_page import ATTENDANCE_TAB, MeetingsPage  # noqa: E402
from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog  # noqa: E402
from marac_desktop.ui.meetings.restricted_document_dialog import (  # noqa: E402
    MinutesDialog,
    ResearchListDialog,
)

DEFAULT_FOLDER = Path("/tmp/marac-renders/meetings")
PASSWORD = "render preview passphrase"
TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)
NEXT_STARTS = datetime(2026, 4, 9, 10, 0)


class _Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def _answer_yes(*_args: object) -> QMessageBox.StandardButton:
    return QMessageBox.StandardButton.Yes


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    widget.show()
    background.runner().wait()  # what the page is reading, then its result
    QApplication.processEvents()
    for _ in range(3):
        QApplication.processEvents()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    QMessageBox.question = _answer_yes  # type: ignore[method-assign, assignment]
    application = QApplication(argv[:1])
    use_bundled_fonts(application, load_bundled_fonts(resource_path("fonts")))
    path = _SCRATCH / "meetings" / "marac.db"
    access.create_database(path, "admin", PASSWORD, "Alex Morgan", kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", PASSWORD)
    saved: list[Path] = []
    try:
        demo.generate(workspace, 500, seed=4, today=TODAY)
        first = meetings.create_meeting(
            workspace, STARTS, "Civic Centre, room 2", False, "DI Sam Chair", "Leeds", today=TODAY
        )
        view = meeting_list.build_list(workspace, first.id)
        meetings.create_meeting(workspace, NEXT_STARTS, "", True, "DI Sam Chair", "Leeds", TODAY)

        page = MeetingsPage(workspace, today=TODAY)
        page.refresh()
        page.resize(1180, 820)
        background.runner().wait()  # the meetings, read on the reading thread
        QApplication.processEvents()
        page.select_meeting(first.id)
        background.runner().wait()  # then its list
        QApplication.processEvents()
        page.agenda_table.selectRow(2)
        saved.append(_save(page, folder, "01-meetings-list"))
        page.attendance.set_row(0, "DS Priya Shah", present=True, signed=True)
        page.attendance.set_row(1, "Jo Bright", present=True, information_sent=True)
        page.attendance.set_row(6, "", apologies=True, information_sent=True)
        page.attendance.save()
        page.tabs.setCurrentIndex(ATTENDANCE_TAB)
        saved.append(_save(page, folder, "02-attendance"))

        new = NewMeetingDialog(workspace, today=TODAY)
        saved.append(_save(new, folder, "03-new-meeting"))
        research = ResearchListDialog(["Police", "Housing", "Education"])
        saved.append(_save(research, folder, "04-research-list"))
        saved.append(_save(MinutesDialog(), folder, "04b-minutes"))

        early = MeetingModeDialog(workspace, first.id, now=lambda: STARTS - timedelta(days=1))
        early.resize(1100, 760)
        saved.append(_save(early, folder, "05a-meeting-mode-before-start"))
        early.close_button.click()

        clock = _Clock()
        started = [STARTS + timedelta(minutes=11.5)]
        mode = MeetingModeDialog(workspace, first.id, clock=clock, now=lambda: started[0])
        mode.resize(1100, 760)
        mode.summary_edit.setPlainText(
            "Police: two call-outs since the referral, the last on 1 March.\n"
            "Housing: rent arrears; a move is being considered.\nGP: no contact since January."
        )
        mode.risks_edit.setPlainText("Stalking after separation; threats to kill.")
        mode.what_edit.setText("Fit a door alarm and a letterbox guard")
        mode.who_edit.setText("J. Officer")
        mode.due_edit.set_value(date(2026, 3, 20))
        mode.add_action()
        mode.agency_combo.setCurrentText("Police")
        mode.what_edit.setText("Flag the address for an urgent response")
        mode.who_edit.setText("PC A. Khan")
        mode.add_action()
        clock.now = 11.5 * 60
        mode._on_timer_timeout()
        saved.append(_save(mode, folder, "05-meeting-mode"))
        mode.mark_heard()
        started[0] = STARTS + timedelta(hours=3)
        mode.close_meeting()  # asks first: answered Yes by _answer_yes
        saved.append(_save(mode, folder, "05b-meeting-mode-closed"))
        mode.close_button.click()

        rows = view.rows
        actions.add_action(
            workspace,
            first.id,
            rows[1].case_id,
            "Probation",
            "Review licence",
            "K. Lee",
            date(2026, 3, 30),
        )
        done = actions.add_action(
            workspace,
            first.id,
            rows[2].case_id,
            "Housing",
            "Sanctuary scheme",
            "J. O",
            date(2026, 4, 30),
        )
        actions.set_status(workspace, done.id, ActionStatus.NOT_POSSIBLE, "She has moved area.")
        tracker = ActionsPage(workspace, today=date(2026, 4, 1))
        tracker.refresh()
        tracker.resize(1180, 620)
        saved.append(_save(tracker, folder, "06-actions-overdue"))
        tracked = actions.list_actions(workspace, today=date(2026, 4, 1))
        target = next(t for t in tracked if t.action.id == done.id)
        dialog = ActionStatusDialog(workspace, target.action, target.reference)
        saved.append(_save(dialog, folder, "07-action-status"))
        actions.edit_action(
            workspace, done.id, "Sanctuary scheme: lock change and alarm", due=date(2026, 5, 7)
        )
        corrected = actions.get_action(workspace, done.id)
        meeting_day = target.meeting_starts_at.date()
        reference = f"{target.reference} · {target.agency_label}"
        edit = ActionEditDialog(workspace, corrected, reference, meeting_day, today=TODAY)
        saved.append(_save(edit, folder, "07b-action-edit"))
        edit.due_edit.setText("1/3/2026")
        edit.save_button.click()
        saved.append(_save(edit, folder, "07c-action-edit-refused"))
        dialog = ActionStatusDialog(workspace, corrected, target.reference)
        saved.append(_save(dialog, folder, "07d-action-status-with-correction"))
        tracker.refresh()
        background.runner().wait()
        QApplication.processEvents()
        tracker.select_action(done.id)
        saved.append(_save(tracker, folder, "06b-actions-chosen"))

        held = MeetingsPage(workspace, today=STARTS.date())
        held.refresh(select=first.id)
        held.resize(1180, 820)
        saved.append(_save(held, folder, "01b-meetings-list-held"))

        page.refresh()
        page.select_meeting(meetings.list_meetings(workspace)[0].id)
        page.propose()
        background.runner().wait()
        QApplication.processEvents()
        page.tabs.setCurrentIndex(0)
        saved.append(_save(page, folder, "08-next-meeting-incomplete-actions"))
    finally:
        workspace.close()
    for item in saved:
        print(item)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
