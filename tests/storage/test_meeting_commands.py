"""The command line for a meeting's changes: edit, cancel, add a case by reference, and take
one off with a coded reason; each says what it did in JSON, or why not in one sentence."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import access, agenda_view, audit, records
from tests.conftest import ADMIN, ADMIN_PASSWORD

WHEN = date.today() + timedelta(days=30)


def test_edit_add_remove_then_cancel_from_the_command_line(run: Any, db_path: Path) -> None:
    admin = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        reference = records.open_case(admin, PersonDetails("Testvictim", "Ada")).reference
    finally:
        admin.close()
    code, made, _ = run(
        "meeting", "create", "--starts", f"{WHEN} 10:00", "--venue", "Hall",
        "--chair", "C", "--area", "Leeds",
    )  # fmt: skip
    assert code == 0
    meeting = str(made["id"])
    code, edited, _ = run("meeting", "edit", "--meeting", meeting, "--starts", f"{WHEN} 14:30")
    assert code == 0
    assert edited["starts_at"] == f"{WHEN}T14:30"
    assert (edited["venue"], edited["chair"], edited["online"]) == ("Hall", "C", False)
    code, added, _ = run("meeting", "add-case", "--meeting", meeting, "--case", reference.lower())
    assert (code, added["added"], added["meeting_reference"]) == (0, reference.lower(), "M1-01")
    code, _, err = run("meeting", "add-case", "--meeting", meeting, "--case", "C-999999")
    assert code != 0 and "No case has that reference" in err
    code, removed, _ = run(
        "meeting", "remove-case", "--meeting", meeting, "--case", reference,
        "--reason", "withdrawn",
    )  # fmt: skip
    assert (code, removed["reason"]) == (0, "withdrawn")
    code, cancelled, _ = run("meeting", "cancel", "--meeting", meeting)
    assert (code, cancelled["status"]) == (0, "cancelled")
    code, _, err = run("meeting", "edit", "--meeting", meeting, "--chair", "D")
    assert code != 0 and "cancelled" in err
    admin = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert agenda_view.meeting_view(admin, made["id"]).rows == ()
        details = [e.detail for e in audit.recent_entries(admin, 30)]
        assert any(d.endswith(": withdrawn") for d in details)
    finally:
        admin.close()


def test_research_status_and_a_return_from_the_command_line(
    run: Any, db_path: Path, tmp_path: Path
) -> None:
    admin = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        reference = records.open_case(admin, PersonDetails("Testvictim", "Ada")).reference
    finally:
        admin.close()
    _, made, _ = run(
        "meeting", "create", "--starts", f"{WHEN} 10:00", "--venue", "Hall",
        "--chair", "C", "--area", "Leeds",
    )  # fmt: skip
    meeting = str(made["id"])
    run("meeting", "add-case", "--meeting", meeting, "--case", reference)
    code, status, _ = run("research", "status", "--meeting", meeting)
    assert code == 0 and status["overdue"] == 0
    (case,) = status["cases"]
    assert (case["meeting_reference"], case["case"]) == ("M1-01", reference)
    assert {r["status"] for r in case["requests"]} == {"sent"}
    assert "police" in [r["agency"] for r in case["requests"]]
    code, _, _ = run(
        "research", "return", "--meeting", meeting, "--case", reference, "--agency", "Police",
        "--status", "returned_information", "--on", date.today().isoformat(),
        "--summary", "Two callouts", "--contact", "PC Test",
    )  # fmt: skip
    assert code == 0
    _, status, _ = run("research", "status", "--meeting", meeting)
    police = next(r for r in status["cases"][0]["requests"] if r["agency"] == "police")
    assert (police["status"], police["known"]) == ("returned_information", True)
    assert "Two callouts" not in json.dumps(status)  # status only: what came back stays inside
    code, _, err = run(
        "research", "return", "--meeting", meeting, "--case", reference, "--agency", "Police",
        "--status", "returned_nothing",
    )  # fmt: skip
    assert code != 0 and "Enter the day Police returned" in err
    returns = tmp_path / "returns.csv"
    returns.write_text("Meeting ref,Agency,Known\nM1-01,Housing,N\n", encoding="utf-8")
    code, imported, _ = run("research", "import", str(returns), "--meeting", meeting)
    assert (code, imported["returns"], imported["cases"]) == (0, 1, 1)
