"""Two coordinators with one meeting open, on the file and on a server: a save over the other's
newer one is refused in one sentence naming who and when, and theirs stays as they saved it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId, MeetingStatus, RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.errors import StaleEditError
from marac_desktop.services import agenda_view, meeting_list, meeting_mode, meetings, records
from marac_desktop.services.workspace import Workspace
from tests.conftest import SignIn, add_user
from tests.side_by_side import REFUSAL_END

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)


def _listed_meeting(ws: Workspace, cases: int = 2) -> tuple[MeetingId, list[CaseId]]:
    ids = []
    for n in range(cases):
        case = records.open_case(ws, PersonDetails(f"Testfamily{n}", "Test"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)
        ids.append(case.id)
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    meeting_list.build_list(ws, meeting.id)
    return meeting.id, ids


@pytest.fixture
def second(admin: Workspace, sign_in: SignIn) -> Workspace:
    return sign_in("coord.two", add_user(admin, "coord.two", Role.COORDINATOR))


def _notes(ws: Workspace, meeting_id: MeetingId, case_id: CaseId) -> agenda_view.ListNotes:
    return agenda_view.meeting_view(ws, meeting_id).notes[case_id]


@pytest.mark.both_engines
def test_the_second_save_of_a_cases_meeting_notes_is_refused(
    admin: Workspace, second: Workspace
) -> None:
    meeting_id, (case_id, other) = _listed_meeting(admin)
    read_first, read_second = (
        _notes(admin, meeting_id, case_id),
        _notes(second, meeting_id, case_id),
    )
    assert read_first.version == read_second.version
    saved = meeting_mode.record_discussion(
        admin, meeting_id, case_id, "Police shared call-outs.", "Stalking", 8, read_first.version
    )
    assert saved == read_first.version + 1

    with pytest.raises(StaleEditError) as refused:
        meeting_mode.record_discussion(
            second, meeting_id, case_id, "Health shared A&E visits.", "", 9, read_second.version
        )
    sentence = str(refused.value)
    assert sentence.startswith(f"{admin.editor} changed this case's meeting notes at ")
    assert sentence.endswith(REFUSAL_END)
    assert refused.value.current == saved
    kept = _notes(second, meeting_id, case_id)
    assert (kept.agency_summary, kept.risks, kept.version) == (
        "Police shared call-outs.",
        "Stalking",
        saved,
    )

    # Another case's notes are not held up by it; and saved again, the second goes over theirs.
    meeting_mode.record_discussion(
        second,
        meeting_id,
        other,
        "Nothing new.",
        "",
        None,
        _notes(second, meeting_id, other).version,
    )
    meeting_mode.record_discussion(
        second, meeting_id, case_id, "Health shared A&E visits.", "", 9, refused.value.current
    )
    assert _notes(admin, meeting_id, case_id).agency_summary == "Health shared A&E visits."


@pytest.mark.both_engines
def test_marking_heard_over_a_newer_save_is_refused(admin: Workspace, second: Workspace) -> None:
    meeting_id, (case_id, _other) = _listed_meeting(admin)
    seen = _notes(second, meeting_id, case_id).version
    meeting_mode.mark_heard(admin, meeting_id, case_id, 12, now=STARTS, version=seen)

    with pytest.raises(StaleEditError, match=f"^{admin.editor} changed this case's meeting notes"):
        meeting_mode.mark_heard(second, meeting_id, case_id, 30, now=STARTS, version=seen)
    rows = agenda_view.meeting_view(second, meeting_id).rows
    row = next(r for r in rows if r.case_id == case_id)
    assert (row.heard, row.minutes_used) == (True, 12)


def _change_notes(ws: Workspace, meeting_id: MeetingId, cases: list[CaseId]) -> None:
    meeting_mode.record_discussion(ws, meeting_id, cases[0], "Police shared call-outs.", "")


def _hear(ws: Workspace, meeting_id: MeetingId, cases: list[CaseId]) -> None:
    meeting_mode.mark_heard(ws, meeting_id, cases[1], 10, now=STARTS)


def _add(ws: Workspace, meeting_id: MeetingId, cases: list[CaseId]) -> None:
    case = records.open_case(ws, PersonDetails("Testlate", "Test"), today=TODAY)
    meeting_list.add_case(ws, meeting_id, case.id)


def _take_off(ws: Workspace, meeting_id: MeetingId, cases: list[CaseId]) -> None:
    meeting_list.remove_case(ws, meeting_id, cases[0], RemovalReason.IN_ERROR)


def _reorder(ws: Workspace, meeting_id: MeetingId, cases: list[CaseId]) -> None:
    meeting_list.reorder(ws, meeting_id, list(reversed(cases)))


@pytest.mark.both_engines
@pytest.mark.parametrize("change", [_change_notes, _hear, _add, _take_off, _reorder])
def test_closing_a_meeting_changed_since_it_was_read_is_refused(
    admin: Workspace,
    second: Workspace,
    change: Callable[[Workspace, MeetingId, list[CaseId]], None],
) -> None:
    meeting_id, cases = _listed_meeting(admin)
    read = agenda_view.meeting_view(admin, meeting_id)
    seen = read.meeting.version, {case: notes.version for case, notes in read.notes.items()}
    change(second, meeting_id, cases)
    changed = agenda_view.meeting_view(second, meeting_id)

    with pytest.raises(StaleEditError) as refused:
        meetings.close_meeting(admin, meeting_id, STARTS.date(), *seen)
    assert str(refused.value).startswith(f"{second.editor} changed this meeting at ")
    assert str(refused.value).endswith(
        "; it is shown as it is now — look at it, then close it again."
    )
    now = agenda_view.meeting_view(admin, meeting_id)
    assert refused.value.current == now.meeting.version
    assert now.meeting.status is MeetingStatus.PLANNED
    assert (now.rows, now.notes) == (changed.rows, changed.notes) != (read.rows, read.notes)

    entries = {case: notes.version for case, notes in now.notes.items()}
    closed = meetings.close_meeting(admin, meeting_id, STARTS.date(), now.meeting.version, entries)
    assert closed.status is MeetingStatus.HELD and closed.version == now.meeting.version + 1


@pytest.mark.both_engines
def test_a_meeting_read_and_closed_with_nothing_changed_closes(admin: Workspace) -> None:
    meeting_id, (case_id, _other) = _listed_meeting(admin)
    meeting_mode.record_discussion(admin, meeting_id, case_id, "Police shared call-outs.", "")
    view = agenda_view.meeting_view(admin, meeting_id)
    entries = {case: notes.version for case, notes in view.notes.items()}
    meetings.close_meeting(admin, meeting_id, STARTS.date(), view.meeting.version, entries)
    assert meetings.get_meeting(admin, meeting_id).status is MeetingStatus.HELD
