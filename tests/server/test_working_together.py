"""Three people at three desks, one server: what one does, the others see without restarting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.risk import Answer
from marac_desktop.risk.answers import AssessmentInput
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import (
    assessments,
    flags,
    meeting_list,
    meetings,
    people_matching,
    records,
)
from tests.server.conftest import Server, heard_then_threatened, password_of


def test_an_idva_refers_the_coordinator_lists_it_and_the_lead_sees_the_repeat(
    server: Server, staff: dict[Role, str]
) -> None:
    today = date.today()
    # The coordinator and the lead are signed in before the IDVA does anything.
    coordinator = server.sign_in(staff[Role.COORDINATOR], password_of(staff[Role.COORDINATOR]))
    lead = server.sign_in(staff[Role.SAFEGUARDING_LEAD], password_of(staff[Role.SAFEGUARDING_LEAD]))
    idva = server.sign_in(staff[Role.IDVA], password_of(staff[Role.IDVA]))
    try:
        starts = datetime.combine(today + timedelta(days=14), time(10))
        meeting = meetings.create_meeting(
            coordinator, starts, "Hall", False, "Chair", "Leeds", today
        )
        assert meeting_list.propose_list(coordinator, meeting.id) == []

        case_id = heard_then_threatened(idva, "Ada", today)
        draft = assessments.start(idva, case_id, today, today=today)
        answers = AssessmentInput("dash", today, {f"q{n}": Answer.YES for n in range(1, 25)})
        done = assessments.complete(idva, draft.id, answers, {}, today=today)
        assert done.result.refer_to_marac
        records.record_referral(
            idva, case_id, today, "Police", ReferralCriteria(visible_high_risk=True), today=today
        )
        flags.refresh(idva, case_id, today=today)

        proposed = meeting_list.propose_list(coordinator, meeting.id)
        assert [row.case_id for row in proposed] == [case_id]
        queued = flags.queue(lead)
        assert [(f.kind, f.case_id) for f in queued] == [(FlagKind.REPEAT.value, case_id)]
    finally:
        for workspace in (idva, coordinator, lead):
            workspace.close()


def test_a_person_added_at_one_desk_is_found_at_another_at_once(
    server: Server, staff: dict[Role, str]
) -> None:
    coordinator = server.sign_in(staff[Role.COORDINATOR], password_of(staff[Role.COORDINATOR]))
    idva = server.sign_in(staff[Role.IDVA], password_of(staff[Role.IDVA]))
    try:
        wanted = PersonDetails("Kowalska", "Anna", date_of_birth=date(1991, 4, 2))
        assert people_matching.find_candidates(coordinator, wanted) == []
        case = records.open_case(idva, wanted, today=date.today())
        found = people_matching.find_candidates(coordinator, wanted)
        assert [c.person.id for c in found][:1] == [case.victim.id]
    finally:
        idva.close()
        coordinator.close()
