"""Meetings through the services on a real encrypted database: list, order, attendance, mode."""

from __future__ import annotations

import io
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import AgendaSection, Attendance, MeetingStatus, RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole, ReferralStatus
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import (
    access,
    agenda_view,
    audit,
    demo,
    meeting_attendance,
    meeting_list,
    meeting_mode,
    meetings,
    records,
    research_returns,
)
from marac_desktop.services.workspace import Workspace
from tests.conftest import add_user

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)  # Thursday; cut-off Thursday 5 March
HIGH = ReferralCriteria(visible_high_risk=True)


def _case(ws: Workspace, family: str, referred: date, children: int = 0, agency: str = "Police"):
    case = records.open_case(ws, PersonDetails(family, "Test", gender="female"), today=TODAY)
    for n in range(children):
        records.add_person_to_case(
            ws, case.id, PersonDetails(family, f"Child{n}"), PartyRole.CHILD, "child", today=TODAY
        )
    records.record_referral(ws, case.id, referred, agency, HIGH, today=STARTS.date())
    return case.id


def _meeting(ws: Workspace) -> int:
    return meetings.create_meeting(
        ws, STARTS, "Civic Centre", False, "DI Chair", "Leeds", today=TODAY
    ).id


@pytest.mark.both_engines
def test_create_meeting_validates_and_sets_the_cutoff(admin: Workspace) -> None:
    meeting = meetings.get_meeting(admin, meetings.MeetingId(_meeting(admin)))
    assert meeting.cutoff == date(2026, 3, 5) and meeting.slot_minutes == 10
    assert meeting.status is MeetingStatus.PLANNED
    online = meetings.create_meeting(admin, STARTS, " ", True, "Chair", "Leeds", today=TODAY)
    assert online.venue == "Online"
    with pytest.raises(InvalidInputError, match="past"):
        meetings.create_meeting(admin, STARTS, "Hall", False, "C", "Leeds", today=date(2026, 4, 1))
    with pytest.raises(InvalidInputError, match="venue"):
        meetings.create_meeting(admin, STARTS, " ", False, "C", "Leeds", today=TODAY)
    with pytest.raises(InvalidInputError, match="chair"):
        meetings.create_meeting(admin, STARTS, "Hall", False, "", "Leeds", today=TODAY)
    assert [m.id for m in meetings.list_meetings(admin)] == [1, 2] or len(
        meetings.list_meetings(admin)
    ) == 2


def test_idva_cannot_manage_meetings(admin: Workspace, db_path: Path) -> None:
    password = add_user(admin, "ivy.idva", Role.IDVA)
    idva = access.unlock(db_path, "ivy.idva", password)
    try:
        with pytest.raises(PermissionDeniedError):
            meetings.create_meeting(idva, STARTS, "Hall", False, "C", "Leeds", today=TODAY)
        with pytest.raises(PermissionDeniedError):
            meetings.list_meetings(idva)
    finally:
        idva.close()
    coordinator = access.unlock(db_path, "cora", add_user(admin, "cora", Role.COORDINATOR))
    try:
        meetings.create_meeting(coordinator, STARTS, "Hall", False, "C", "Leeds", today=TODAY)
    finally:
        coordinator.close()


@pytest.mark.both_engines
def test_build_reorder_add_remove_and_slots(admin: Workspace) -> None:
    adult_late = _case(admin, "Adams", date(2026, 3, 4))
    with_children = _case(admin, "Brown", date(2026, 3, 3), children=2)
    on_cutoff = _case(admin, "Clark", date(2026, 3, 5))
    after_cutoff = _case(admin, "Dunn", date(2026, 3, 6))
    meeting_id = meetings.MeetingId(_meeting(admin))
    proposed = meeting_list.propose_list(admin, meeting_id)
    assert [p.case_id for p in proposed] == [with_children, adult_late, on_cutoff]
    assert proposed[0].section is AgendaSection.CHILDREN and proposed[0].case_reference
    meeting_list.build_list(admin, meeting_id)
    meeting_list.add_case(admin, meeting_id, after_cutoff, "Late referral agreed by the chair")
    view = agenda_view.meeting_view(admin, meeting_id)
    assert [r.reference for r in view.rows] == ["M1-01", "M1-02", "M1-03", "M1-04"]
    assert view.rows[0].children == 2 and "education" in view.rows[0].research_agencies
    assert "Education" in view.rows[0].research_labels
    assert "education" not in view.rows[1].research_agencies
    assert view.ends_at == datetime(2026, 3, 12, 10, 40)
    assert [r.slot_start.strftime("%H:%M") for r in view.rows] == [
        "10:00",
        "10:10",
        "10:20",
        "10:30",
    ]

    order = [on_cutoff, with_children, adult_late, after_cutoff]
    view = meeting_list.reorder(admin, meeting_id, order)
    assert [r.case_id for r in view.rows] == order
    assert view.rows[0].reference == "M1-03" and view.rows[0].slot_start.hour == 10
    with pytest.raises(InvalidInputError, match="every case"):
        meeting_list.reorder(admin, meeting_id, order[:2])

    meeting_list.remove_case(admin, meeting_id, after_cutoff, RemovalReason.IN_ERROR)
    with pytest.raises(InvalidInputError, match="not on this"):
        meeting_list.remove_case(admin, meeting_id, after_cutoff, RemovalReason.IN_ERROR)
    added = meeting_list.add_case(admin, meeting_id, after_cutoff, "Late referral, agreed")
    assert added.reference == "M1-05" and added.position == 4
    with pytest.raises(InvalidInputError, match="already"):
        meeting_list.add_case(admin, meeting_id, after_cutoff)
    research_returns.set_research_agencies(
        admin, meeting_id, adult_late, ["Police", "Housing", "Police"]
    )
    row = next(
        r for r in agenda_view.meeting_view(admin, meeting_id).rows if r.case_id == adult_late
    )
    assert row.research_agencies == ("police", "housing")
    assert row.research_labels == ("Police", "Housing")
    with pytest.raises(InvalidInputError, match="not in the agency list"):
        research_returns.set_research_agencies(
            admin, meeting_id, adult_late, ["Jo Bloggs 07700 900123"]
        )


@pytest.mark.both_engines
def test_attendance_and_meeting_mode(admin: Workspace) -> None:
    case_id = _case(admin, "Evans", date(2026, 3, 2))
    meeting_id = meetings.MeetingId(_meeting(admin))
    meeting_list.build_list(admin, meeting_id)
    attendance = [
        Attendance("Police", "DS One", present=True, signed_confidentiality=True),
        Attendance("Housing", "", apologies=True, information_sent=True),
    ]
    meeting_attendance.set_attendance(admin, meeting_id, attendance)
    with pytest.raises(InvalidInputError, match="both present"):
        meeting_attendance.set_attendance(
            admin, meeting_id, [Attendance("Police", present=True, apologies=True)]
        )
    meeting_mode.record_discussion(
        admin, meeting_id, case_id, "Police: 2 call-outs.", "Stalking", 12
    )
    meeting_mode.mark_heard(admin, meeting_id, case_id, now=STARTS)
    view = agenda_view.meeting_view(admin, meeting_id)
    assert view.attendance == tuple(attendance)
    assert view.meeting.status is MeetingStatus.PLANNED  # held only once closed
    (row,) = view.rows
    assert row.heard and row.minutes_used == 12
    assert view.notes[case_id].agency_summary == "Police: 2 call-outs."
    referral = records.case_record(admin, case_id).referrals[0]
    assert referral.status is ReferralStatus.HEARD and referral.meeting_day == STARTS.date()
    meeting_mode.record_discussion(admin, meeting_id, case_id, "Police: 3 call-outs.", "Stalking")
    assert agenda_view.meeting_view(admin, meeting_id).rows[0].minutes_used == 12  # kept
    assert meetings.case_counts(admin) == {meeting_id: 1}
    with pytest.raises(InvalidInputError, match="heard"):
        meeting_list.remove_case(admin, meeting_id, case_id, RemovalReason.IN_ERROR)
    with pytest.raises(InvalidInputError, match="heard"):
        meeting_list.build_list(admin, meeting_id)
    done = {(e.action, e.target_type) for e in audit.recent_entries(admin)}
    assert {("create", "meeting"), ("change", "meeting"), ("change", "meeting_case")} <= done
    assert ("view", "meeting") in done


@pytest.mark.both_engines
def test_demo_meeting_rows_carry_no_identity(admin: Workspace) -> None:
    demo.generate(admin, 500, seed=4, today=TODAY)
    meeting_id = meetings.MeetingId(_meeting(admin))
    view = meeting_list.build_list(admin, meeting_id)
    assert len(view.rows) >= 10
    sections = [r.section.order for r in view.rows]
    assert sections == sorted(sections)
    assert all(r.age_band != "unknown" for r in view.rows)
    assert all(r.repeat == ("repeat" in r.criteria) for r in view.rows)
    assert any(r.repeat for r in view.rows)
    assert all(r.months_since_last_marac is not None for r in view.rows if r.repeat)


def test_command_line_meeting_documents(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from marac_desktop import cli
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    def run(argv: list[str], *extra: str) -> tuple[int, str, str]:
        lines = "".join(f"{line}\n" for line in (ADMIN_PASSWORD, *extra))
        monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
        code = cli.main([*argv, "--db", str(db_path), "--user", ADMIN, "--password-stdin"])
        out, err = capsys.readouterr()
        return code, out, err

    admin = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        _case(admin, "Fox", date(2026, 3, 2))
    finally:
        admin.close()
    when = (date.today() + timedelta(days=30)).isoformat()
    code, out, _ = run(
        [
            "meeting",
            "create",
            "--starts",
            f"{when} 10:00",
            "--online",
            "--chair",
            "C",
            "--area",
            "Leeds",
        ]
    )
    assert code == 0 and json.loads(out)["venue"] == "Online"
    assert run(["meeting", "build", "--meeting", "1"])[0] == 0
    code, out, _ = run(["meeting", "show", "--meeting", "1"])
    shown = json.loads(out)
    assert code == 0 and shown["cases"][0]["reference"] == "M1-01" and "Fox" not in out
    assert json.loads(run(["meeting", "list"])[1])[0]["id"] == 1
    assert run(["agenda", "--meeting", "1", "--out", str(tmp_path / "a.pdf")])[0] == 0
    code, out, _ = run(
        [
            "research-list",
            "--meeting",
            "1",
            "--agency",
            "Police",
            "--out",
            str(tmp_path / "r.pdf"),
            "--encrypt",
        ],
        "research phrase 99",
    )
    assert code == 0 and json.loads(out)["encrypted"] is True
    minutes = tmp_path / "m.pdf"
    code, out, _ = run(
        ["minutes", "--meeting", "1", "--out", str(minutes), "--encrypt"], "mins 9876"
    )
    assert code == 0 and json.loads(out) == {
        "minutes": str(minutes),
        "meeting": 1,
        "encrypted": True,
    }
    assert (
        PdfReader(minutes).is_encrypted
        and "Fox" not in PdfReader(minutes, password="mins 9876").pages[0].extract_text()
    )
    code, out, _ = run(["actions", "--status", "open", "--out", str(tmp_path / "x.csv")])
    assert code == 0 and (tmp_path / "x.csv").exists()
    code, _, err = run(["meeting", "create", "--starts", "soon", "--chair", "C", "--area", "L"])
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run(["research-list", "--meeting", "1", "--agency", "Nobody", "--out", "r.pdf"])
    assert code == 2 and "agency" in err
    chair = ["--chair", "C", "--area", "Leeds"]
    code, _, err = run(["meeting", "close", "--meeting", "1"])  # 30 days ahead
    assert code == 2 and "can be closed only on its day" in err
    today = date.today().isoformat()
    code, out, _ = run(["meeting", "create", "--starts", f"{today} 00:00", "--online"] + chair)
    assert code == 0 and json.loads(out)["status"] == "planned"
    code, out, _ = run(["meeting", "close", "--meeting", "2"])
    assert code == 0 and json.loads(out)["status"] == "held"
    code, _, err = run(["meeting", "close", "--meeting", "2"])
    assert code == 2 and "already been closed" in err
