"""One simulated desktop for the load benchmark: sign in, then for a while do what a person
at that desk does, timing each operation. Run as ``python -m tests.benchmarks.server_load``;
reads the password from standard input; prints one JSON object: each operation's times in
seconds, the errors, and the writes made.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind
from marac_desktop.errors import UserFacingError
from marac_desktop.risk import Answer
from marac_desktop.risk.answers import AssessmentInput
from marac_desktop.services import (
    access,
    actions,
    agenda_view,
    assessments,
    meetings,
    people_matching,
    records,
    server_access,
)
from marac_desktop.services.workspace import Workspace

FAMILY_NAMES = ("Smith", "Khan", "Jones", "Patel", "Kowalski", "Brown", "Ahmed", "Taylor")


class Desk:
    def __init__(self, workspace: Workspace, mix: str, seed: int, cases: int) -> None:
        self.ws = workspace
        self.random = random.Random(seed)
        self.cases = cases
        self.today = date.today()
        listed = meetings.list_meetings(workspace) if mix == "coordinator" else []
        self.meetings = [m.id for m in listed]
        self.incidents = 0
        self.actions = 0

    def _case(self) -> CaseId:
        return CaseId(self.random.randint(1, self.cases))

    def open_case(self) -> None:
        records.case_record(self.ws, self._case())

    def add_incident(self) -> None:
        day = self.today - timedelta(days=self.random.randint(0, 60))
        records.record_incident(
            self.ws, self._case(), day, IncidentKind.THREATS, "Police", True, self.today
        )
        self.incidents += 1

    def search_name(self) -> None:
        wanted = PersonDetails(self.random.choice(FAMILY_NAMES), "")
        people_matching.find_candidates(self.ws, wanted)

    def run_assessment(self) -> None:
        draft = assessments.start(self.ws, self._case(), self.today, today=self.today)
        answers = {f"q{n}": self.random.choice((Answer.YES, Answer.NO)) for n in range(1, 25)}
        main = AssessmentInput("dash", self.today, answers, victim_age=draft.main.victim_age)
        assessments.complete(self.ws, draft.id, main, {}, today=self.today)

    def view_meeting(self) -> None:
        agenda_view.meeting_view(self.ws, MeetingId(self.random.choice(self.meetings)))

    def record_action(self) -> None:
        meeting_id = MeetingId(self.random.choice(self.meetings))
        view = agenda_view.meeting_view(self.ws, meeting_id)
        if not view.rows:
            return
        row = self.random.choice(view.rows)
        due = view.meeting.day + timedelta(days=14)
        actions.add_action(self.ws, meeting_id, row.case_id, "Police", "Visit", "PC Test", due)
        self.actions += 1


MIXES: dict[str, tuple[str, ...]] = {
    "idva": ("open_case", "add_incident", "search_name", "run_assessment", "open_case"),
    "coordinator": ("open_case", "view_meeting", "record_action", "search_name", "add_incident"),
}


def run(workspace: Workspace, mix: str, seconds: float, seed: int, cases: int) -> dict[str, object]:
    desk = Desk(workspace, mix, seed, cases)
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    ends = time.monotonic() + seconds
    operations = MIXES[mix]
    while time.monotonic() < ends:
        name = desk.random.choice(operations)
        operation: Callable[[], None] = getattr(desk, name)
        started = time.perf_counter()
        try:
            operation()
        except UserFacingError as error:
            errors.append(f"{name}: {error}")
            continue
        times.setdefault(name, []).append(time.perf_counter() - started)
    return {"times": times, "errors": errors, "incidents": desk.incidents, "actions": desk.actions}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--mix", choices=sorted(MIXES), required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, required=True)
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n")
    if server_access.is_server(args.db):
        workspace = server_access.sign_in_at(args.db, args.user, password, kdf=TEST_KDF)
    else:
        workspace = access.unlock(Path(args.db), args.user, password)
    try:
        result = run(workspace, args.mix, args.seconds, args.seed, args.cases)
    finally:
        workspace.close()
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
