"""One desktop of the two-desktop test (test_two_desktops.py), in its own process: signs in to
the server as one person, opens the main window, does what that person does and says what the
window showed, as one JSON line. The password comes on standard input; a desk that waits for
another's work says "ready" and waits for "go" there. ``--screens`` saves each screen as PNG.

    python -m tests.ui.server.desk --db URL --user NAME --desk idva|coordinator|lead
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDeadlineTimer, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from marac_desktop.domain.criteria import ReferralCriteria  # noqa: E402
from marac_desktop.domain.key_derivation import TEST_KDF  # noqa: E402
from marac_desktop.risk import Answer  # noqa: E402
from marac_desktop.risk.answers import AssessmentInput  # noqa: E402
from marac_desktop.services import assessments, flags, meetings, records, server_access  # noqa: E402
from marac_desktop.services.workspace import Workspace  # noqa: E402
from tests.server.conftest import heard_then_threatened  # noqa: E402

from marac_desktop.ui import background  # noqa: E402
from marac_desktop.ui.cases.cases_page import CasesPage  # noqa: E402
from marac_desktop.ui.flags.flags_page import FlagsPage  # noqa: E402
from marac_desktop.ui.main_window import MainWindow  # noqa: E402
from marac_desktop.ui.meetings.meetings_page import MeetingsPage  # noqa: E402

WAIT_S = 60


def _until(condition: Callable[[], bool], seconds: float = WAIT_S) -> None:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not condition():
        if deadline.hasExpired():
            raise TimeoutError("the window never showed what was expected")
        QApplication.processEvents()
        QTest.qWait(20)


def _settled() -> None:
    _until(lambda: background.runner().idle)
    QTest.qWait(50)


class Desk:
    def __init__(self, workspace: Workspace, screens: Path | None) -> None:
        self.workspace = workspace
        self.screens = screens
        self.window = MainWindow(workspace)
        self.window.resize(1280, 800)
        self.window.show()
        self.window.activateWindow()
        _until(self.window.isActiveWindow)
        _settled()

    def screen(self, name: str) -> None:
        _settled()
        if self.screens is not None:
            self.screens.mkdir(parents=True, exist_ok=True)
            self.window.grab().save(str(self.screens / f"{name}.png"))

    def others_changed(self) -> None:
        """Say "ready", wait for "go" on standard input (the other desk has done its work), then
        for the window to say someone else saved a change, and read it with F5."""
        print("ready", flush=True)
        assert sys.stdin.readline().strip() == "go"
        _until(self.window.changes_label.isVisible)
        self.screen(f"{self.workspace.actor}-told")
        QTest.keyClick(self.window, Qt.Key.Key_F5)
        _settled()


def idva(desk: Desk) -> dict[str, object]:
    """Record the case and its history, complete the checklist (every question yes), refer."""
    today = date.today()
    ws = desk.workspace
    case_id = heard_then_threatened(ws, "Ada", today)
    draft = assessments.start(ws, case_id, today, today=today)
    answers = AssessmentInput("dash", today, {f"q{n}": Answer.YES for n in range(1, 25)})
    done = assessments.complete(ws, draft.id, answers, {}, today=today)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(ws, case_id, today, "IDVA service", criteria, today=today)
    flags.refresh(ws, case_id, today=today)
    page = desk.window.show_page("Cases")
    assert isinstance(page, CasesPage)
    page.open_case(case_id)
    _until(lambda: page.case_view.record is not None)
    desk.screen("idva-case")
    reference = records.case_references(ws, [case_id])[case_id]
    return {"case": int(case_id), "reference": reference, "refer": done.result.refer_to_marac}


def coordinator(desk: Desk) -> dict[str, object]:
    """The next meeting is open on the Meetings page before the referral exists; once told,
    propose its list."""
    page = desk.window.show_page("Meetings")
    assert isinstance(page, MeetingsPage)
    _until(lambda: page.view is not None)
    desk.screen("coordinator-before")
    desk.others_changed()
    QTest.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    _until(lambda: page.agenda_model.rowCount() > 0)
    desk.screen("coordinator-list")
    return {"listed": [int(case_id) for case_id in page.agenda_model.case_ids()]}


def lead(desk: Desk) -> dict[str, object]:
    page = desk.window.show_page("Flags")
    assert isinstance(page, FlagsPage)
    _settled()
    desk.others_changed()
    _until(lambda: page.model.rowCount() > 0)
    desk.screen("lead-flags")
    shown = [
        [page.model.index(row, column).data() for column in range(page.model.columnCount())]
        for row in range(page.model.rowCount())
    ]
    return {"flags": shown}


def _next_meeting(ws: Workspace) -> None:
    starts = datetime.combine(date.today() + timedelta(days=14), time(10))
    meetings.create_meeting(ws, starts, "Hall", False, "Chair", "Leeds", date.today())


JOURNEYS = {"idva": idva, "coordinator": coordinator, "lead": lead}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--desk", choices=sorted(JOURNEYS), required=True)
    parser.add_argument("--screens", type=Path)
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n")
    application = QApplication([])
    workspace = server_access.sign_in_at(args.db, args.user, password, kdf=TEST_KDF)
    try:
        if args.desk == "coordinator":
            _next_meeting(workspace)
        desk = Desk(workspace, args.screens)
        result = JOURNEYS[args.desk](desk)
        desk.window.discard()
    finally:
        workspace.close()
    application.processEvents()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
