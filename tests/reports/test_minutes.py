"""The minutes of a meeting: what they record, what they never name, password, audit, refusals."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import ActionStatus, Attendance, MeetingId
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import (
    actions,
    audit,
    demo,
    meeting_attendance,
    meeting_list,
    meeting_minutes,
    meeting_mode,
    meeting_settings,
    meetings,
    records,
)
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import meetings_repo
from marac_desktop.storage.atomic import TEMP_PREFIX
from tests.conftest import SignIn, add_user

EARLIER = datetime(2026, 2, 12, 10, 0)
STARTS = datetime(2026, 3, 12, 10, 0)
PASSWORD = "minutes list phrase 4"
FIRST, SECOND = CaseId(1), CaseId(2)


def _at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    """Action changes are stamped with the clock: set it to ``when``."""
    monkeypatch.setattr(meetings_repo, "_now", lambda: when.replace(tzinfo=UTC))


def _text(pdf: bytes, password: str | None = None) -> tuple[str, dict[str, object]]:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), dict(reader.metadata or {})


@pytest.fixture
def held(admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> MeetingId:
    """An earlier meeting that set three actions on the first case, and this meeting, which
    heard it, reviewed two of them and set a new one."""
    demo.generate(admin, 12, seed=3, today=date(2026, 2, 1))
    _at(monkeypatch, datetime(2026, 2, 12, 11, 0))
    earlier = meetings.create_meeting(
        admin, EARLIER, "Civic Centre", False, "DI Chair", "Leeds", date(2026, 2, 1)
    )
    meeting_list.add_case(admin, earlier.id, FIRST)
    visit = actions.add_action(
        admin, earlier.id, FIRST, "Police", "Visit", "PC Blue", date(2026, 3, 1)
    )
    housing = actions.add_action(
        admin, earlier.id, FIRST, "Housing", "Change the locks", "Housing officer", date(2026, 3, 2)
    )
    early = actions.add_action(
        admin, earlier.id, FIRST, "Police", "Flag the address", "PC Blue", date(2026, 2, 20)
    )
    meeting_mode.mark_heard(admin, earlier.id, FIRST, now=datetime(2026, 2, 12, 10, 30))
    meetings.close_meeting(admin, earlier.id, today=date(2026, 2, 12))
    _at(monkeypatch, datetime(2026, 2, 18, 9, 0))
    actions.set_status(admin, early.id, ActionStatus.DONE)

    meeting = meetings.create_meeting(
        admin, STARTS, "Civic Centre", False, "DI Chair", "Leeds", date(2026, 3, 1)
    )
    for case_id in (FIRST, SECOND):
        meeting_list.add_case(admin, meeting.id, case_id)
    meeting_attendance.set_attendance(
        admin,
        meeting.id,
        [
            Attendance("Police", "DS One", present=True, signed_confidentiality=True),
            Attendance("Housing", "Ms Two", present=True, information_sent=True),
            Attendance("Probation", apologies=True, information_sent=True),
        ],
    )
    _at(monkeypatch, datetime(2026, 3, 12, 10, 20))
    actions.set_status(admin, visit.id, ActionStatus.DONE)
    actions.set_status(admin, housing.id, ActionStatus.NOT_DONE, "No locksmith free")
    meeting_mode.record_discussion(
        admin, meeting.id, FIRST, "Police attended twice since.", "Threats to the children.", 14
    )
    meeting_mode.mark_heard(admin, meeting.id, FIRST, now=datetime(2026, 3, 12, 10, 25))
    actions.add_action(
        admin,
        meeting.id,
        FIRST,
        "Children's social care",
        "Strategy meeting",
        "Team lead",
        date(2026, 3, 19),
    )
    return meeting.id


def test_minutes_record_the_meeting(admin: Workspace, held: MeetingId) -> None:
    text, metadata = _text(meeting_minutes.minutes_bytes(admin, held))
    for expected in (
        "MARAC minutes",
        "RESTRICTED · OFFICIAL-SENSITIVE",
        "Thursday 12 March 2026, 10:00, Civic Centre",
        "Police DS One Present No Yes",
        "Housing Ms Two Present Yes No",
        "Probation Apologies Yes No",
        "1 of the 2 present",
        "2 on the list, 1 heard",
        f"M{held}-01",
        "Heard, 14 min",
        "What the agencies shared: Police attended twice since.",
        "Risks identified: Threats to the children.",
        "Strategy meeting Team lead 19 Mar 2026 Open",
        "Visit PC Blue 1 Mar 2026 Done",
        "Not done by the agency: No locksmith free",
        f"M{held}-02",
        "Not heard",
        "Nothing recorded.",
        "Everything shared at this meeting is confidential.",
    ):
        assert expected in text, expected
    assert "Flag the address" not in text  # done before this meeting: nothing to review
    assert metadata.get("/Title") == "MARAC minutes"
    assert not {metadata.get(k) for k in ("/Author", "/Subject", "/Keywords")} - {"", None}


def test_earlier_actions_name_the_meeting_that_set_them(admin: Workspace, held: MeetingId) -> None:
    document = meeting_minutes.minutes_document(admin, held)
    first = document.cases[0]
    assert [a.what for a in first.actions] == ["Strategy meeting"]
    assert [(a.what, a.status) for a in first.reviewed] == [
        ("Visit", "Done"),
        ("Change the locks", "Not done by the agency"),
    ]
    assert {a.set_at for a in first.reviewed} == {f"M{held - 1}-01"}
    assert document.cases[1].reviewed == () and document.cases[1].actions == ()


def test_minutes_name_no_one_and_the_case_only_where_allowed(
    admin: Workspace, held: MeetingId
) -> None:
    listed = [records.case_record(admin, case_id) for case_id in (FIRST, SECOND)]
    names = {p.person.details.family_name for case in listed for p in case.parties}
    names |= {p.person.details.given_names for case in listed for p in case.parties}
    text, _ = _text(meeting_minutes.minutes_bytes(admin, held))
    assert not {n for n in names if n and n in text}
    assert not {case.reference for case in listed if case.reference in text}

    settings = meeting_settings.load_meeting_settings(admin)
    meeting_settings.save_meeting_settings(admin, replace(settings, minutes_case_reference=True))
    text, _ = _text(meeting_minutes.minutes_bytes(admin, held))
    assert all(f"M{held}-0{n} · {case.reference}" in text for n, case in enumerate(listed, 1))
    assert not {n for n in names if n and n in text}


def test_saved_minutes_are_encrypted_and_audited(
    admin: Workspace, held: MeetingId, tmp_path: Path
) -> None:
    path = meeting_minutes.save_minutes(admin, held, tmp_path / "minutes.pdf", PASSWORD)
    data = path.read_bytes()
    assert b"locksmith" not in data
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    text, _ = _text(data, PASSWORD)
    assert "No locksmith free" in text
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert path.stat().st_mode & 0o077 == 0
    rows = audit.recent_entries(admin, 5)
    assert any(r.target_id == f"minutes/{held}" and "encrypted" in r.detail for r in rows)
    with pytest.raises(InvalidInputError, match="at least 8"):
        meeting_minutes.minutes_bytes(admin, held, "short")


def test_a_cancelled_meeting_has_no_minutes(admin: Workspace) -> None:
    meeting = meetings.create_meeting(
        admin, STARTS, "Hall", False, "Chair", "Area", date(2026, 3, 1)
    )
    meetings.cancel_meeting(admin, meeting.id)
    with pytest.raises(InvalidInputError, match=meeting_minutes.CANCELLED):
        meeting_minutes.minutes_bytes(admin, meeting.id)


def test_only_meeting_managers_make_minutes(
    admin: Workspace, sign_in: SignIn, held: MeetingId
) -> None:
    password = add_user(admin, "idva1", Role.IDVA)
    idva = sign_in("idva1", password)
    with pytest.raises(PermissionDeniedError):
        meeting_minutes.minutes_bytes(idva, held)
