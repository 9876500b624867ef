"""Two coordinators with one meeting open, on the file and on a server: a save over the other's
newer one is refused in one sentence naming who and when, and theirs stays as they saved it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId
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
