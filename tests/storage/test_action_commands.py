"""The command line for actions: ``action edit`` corrects what is given and says what it
corrected, or why not in one sentence; ``actions`` writes the list with the tracker's filters."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from marac_desktop import cli
from marac_desktop.domain.meetings import ActionField, ActionStatus
from marac_desktop.services import access, actions
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.storage.test_actions import _heard_case


@pytest.fixture
def set_actions(db_path: Path) -> list[int]:
    """Three actions from a meeting on 12 March 2026: one done, two open."""
    admin = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        meeting_id, first, second = _heard_case(admin)
        made = [
            actions.add_action(admin, meeting_id, first, "Police", "Visit", "PC A", day)
            for day in (date(2026, 3, 20), date(2026, 3, 24), date(2026, 4, 30))
        ]
        actions.set_status(admin, made[0].id, ActionStatus.DONE)
        return [a.id for a in made]
    finally:
        admin.close()


def test_action_edit_corrects_what_is_given(
    run: Any, db_path: Path, set_actions: list[int]
) -> None:
    action = str(set_actions[1])
    code, out, _ = run("action", "edit", "--action", action, "--due", "2026-03-27")
    assert (code, out["corrected"], out["due"]) == (0, ["due"], "2026-03-27")
    code, out, _ = run("action", "edit", "--action", action, "--what", "Visit", "--who", "PC Z")
    assert (code, out["corrected"]) == (0, ["who"])  # the text was already that
    refusals = {
        ("--due", "2026-03-01"): "before the meeting",
        ("--due", "27/03/2026"): "YYYY-MM-DD",
        ("--what", " "): "Enter what the agency will do.",
        (): "Give --what, --who or --due",
    }
    for given, sentence in refusals.items():
        code, out, err = run("action", "edit", "--action", action, *given)
        assert (code, out) == (cli.EXIT_INPUT_ERROR, None)
        assert sentence in err and err.count("\n") == 1
    admin = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        stored = actions.get_action(admin, set_actions[1])
    finally:
        admin.close()
    assert [(e.field, e.new) for e in stored.edits] == [
        (ActionField.DUE, "2026-03-27"),
        (ActionField.WHO, "PC Z"),
    ]


def test_the_actions_list_takes_the_trackers_filters(
    run: Any, tmp_path: Path, set_actions: list[int]
) -> None:
    def listed(*filters: str) -> list[str]:
        out = tmp_path / "actions.csv"
        code, _, err = run("actions", "--out", str(out), *filters)
        assert code == 0, err
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1:]
        return [row[5] for row in rows]  # the due day

    assert listed() == ["2026-03-20", "2026-03-24", "2026-04-30"]  # a file: ISO days
    assert listed("--due-before", "2026-03-25") == ["2026-03-20", "2026-03-24"]
    open_ones = (date(2026, 3, 24), date(2026, 4, 30))
    late = [d.isoformat() for d in open_ones if d < date.today()]  # the command's today
    assert listed("--overdue") == late
    assert listed("--status", "done") == ["2026-03-20"]
