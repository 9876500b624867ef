"""A referral's criteria taken from what the case holds: a completed assessment's result, the
case's incidents and referrals, and only otherwise the referring agency's form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import Answer, AreaPolicy, ProfessionalJudgement
from marac_desktop.risk.referral_grounds import Source, grounds_for
from marac_desktop.services import assessments, audit, records, referral_grounds
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)
POLICY = AreaPolicy()


def _case(ws: Workspace) -> CaseId:
    return records.open_case(ws, PersonDetails("Okafor", "Test"), today=TODAY).id


def _assess(ws: Workspace, case_id: CaseId, day: date, yes: int, reason: str = "") -> AssessmentId:
    started = assessments.start(ws, case_id, day, today=TODAY)
    answers = {f"q{n}": Answer.YES if n <= yes else Answer.NO for n in range(1, 25)}
    judgement = ProfessionalJudgement(True, reason) if reason else None
    main = replace(started.main, answers=answers, professional_judgement=judgement)
    return assessments.complete(ws, started.id, main, {}, today=TODAY).id


def _incidents(ws: Workspace, case_id: CaseId, *days: date) -> None:
    for day in days:
        records.record_incident(ws, case_id, day, IncidentKind.THREATS, "Police", True, today=TODAY)


def test_with_an_assessment_the_referral_takes_its_result(admin: Workspace) -> None:
    case_id = _case(admin)
    _incidents(admin, case_id, TODAY - timedelta(days=30))
    first = _assess(admin, case_id, TODAY - timedelta(days=60), yes=4)
    latest = _assess(admin, case_id, TODAY - timedelta(days=2), yes=15, reason="Threats to kill")
    history = referral_grounds.case_history(admin, case_id)
    assert [a.id for a in history.assessments] == [first, latest]

    grounds = grounds_for(history, TODAY, POLICY)
    assert grounds.assessment is not None and grounds.assessment.id == latest
    high = grounds.ground(Criterion.VISIBLE_HIGH_RISK)
    assert high.met_by is Source.ASSESSMENT and not high.askable
    assert "15 of 24" in high.why and "14 or more is visible high risk" in high.why
    judged = grounds.ground(Criterion.PROFESSIONAL_JUDGEMENT)
    assert judged.met_by is Source.ASSESSMENT and "Threats to kill" in judged.why
    assert grounds.ground(Criterion.POTENTIAL_ESCALATION).met_by is None
    assert grounds.criteria([]) == ReferralCriteria(True, True, False, False)
    with pytest.raises(InvalidInputError, match="worked out"):
        grounds.criteria([Criterion.REPEAT])

    # A referral dated before the latest assessment takes the one before it.
    earlier = grounds_for(history, TODAY - timedelta(days=10), POLICY)
    assert earlier.assessment is not None and earlier.assessment.id == first
    assert earlier.ground(Criterion.PROFESSIONAL_JUDGEMENT).askable
    assert earlier.criteria([Criterion.PROFESSIONAL_JUDGEMENT]) == ReferralCriteria(
        professional_judgement=True
    )
    assert [e.detail for e in audit.recent_entries(admin)][0] == "referral criteria"


def test_the_referral_links_the_assessment_and_keeps_what_it_met(admin: Workspace) -> None:
    case_id = _case(admin)
    assessed = _assess(admin, case_id, TODAY - timedelta(days=1), yes=16)
    with pytest.raises(InvalidInputError, match="met visible high risk; a referral keeps"):
        records.record_referral(
            admin,
            case_id,
            TODAY,
            "Police",
            ReferralCriteria(professional_judgement=True),
            today=TODAY,
            assessment_id=assessed,
        )
    with pytest.raises(InvalidInputError, match="dated after the referral"):
        records.record_referral(
            admin,
            case_id,
            TODAY - timedelta(days=5),
            "Police",
            ReferralCriteria(visible_high_risk=True),
            today=TODAY,
            assessment_id=assessed,
        )
    other = _case(admin)
    with pytest.raises(InvalidInputError, match="not one of this case's"):
        records.record_referral(
            admin,
            other,
            TODAY,
            "Police",
            ReferralCriteria(visible_high_risk=True),
            today=TODAY,
            assessment_id=assessed,
        )
    assert records.case_record(admin, case_id).referrals == ()

    saved = records.record_referral(
        admin,
        case_id,
        TODAY,
        "Police",
        ReferralCriteria(visible_high_risk=True),
        today=TODAY,
        assessment_id=assessed,
    )
    assert saved.assessment_id == assessed
    assert records.case_record(admin, case_id).referrals[0].assessment_id == assessed
    created = [e for e in audit.recent_entries(admin) if e.action == "create"][0]
    assert (created.target_type, created.detail) == ("referral", f"from assessment {assessed}")


def test_a_draft_is_not_an_assessment_to_take_criteria_from(admin: Workspace) -> None:
    case_id = _case(admin)
    draft = assessments.start(admin, case_id, TODAY, today=TODAY)
    assert referral_grounds.case_history(admin, case_id).assessments == ()
    with pytest.raises(InvalidInputError, match="not complete"):
        records.record_referral(
            admin,
            case_id,
            TODAY,
            "Police",
            ReferralCriteria(professional_judgement=True),
            today=TODAY,
            assessment_id=draft.id,
        )


def test_with_no_assessment_repeat_and_escalation_come_from_the_record(
    admin: Workspace,
) -> None:
    case_id = _case(admin)
    empty = grounds_for(referral_grounds.case_history(admin, case_id), TODAY, POLICY)
    assert empty.assessment is None
    assert [g.askable for g in empty.grounds] == [True, True, True, False]
    assert "No earlier MARAC referral" in empty.ground(Criterion.REPEAT).why

    earlier = TODAY - timedelta(days=200)
    records.record_referral(
        admin, case_id, earlier, "Police", ReferralCriteria(visible_high_risk=True), today=TODAY
    )
    _incidents(admin, case_id, *(TODAY - timedelta(days=n) for n in (10, 40, 365)))
    grounds = grounds_for(referral_grounds.case_history(admin, case_id), TODAY, POLICY)
    repeat = grounds.ground(Criterion.REPEAT)
    assert repeat.met_by is Source.RECORD and not repeat.askable
    assert "200 days before this one, within the 365-day repeat window" in repeat.why
    escalation = grounds.ground(Criterion.POTENTIAL_ESCALATION)
    assert escalation.met_by is Source.RECORD  # the window counts its last day
    assert "3 incidents were recorded in the 365 days up to the referral date" in escalation.why
    assert grounds.criteria([Criterion.VISIBLE_HIGH_RISK]) == ReferralCriteria(
        True, False, True, True
    )

    a_year_on = grounds_for(
        referral_grounds.case_history(admin, case_id), earlier + timedelta(days=400), POLICY
    )
    assert a_year_on.ground(Criterion.REPEAT).met_by is Source.RECORD  # an incident inside it
    assert "An incident came" in a_year_on.ground(Criterion.REPEAT).why

    old_case = _case(admin)
    long_ago = TODAY - timedelta(days=400)
    records.record_referral(
        admin, old_case, long_ago, "Police", ReferralCriteria(repeat=True), today=TODAY
    )
    _incidents(admin, old_case, long_ago - timedelta(days=3))
    lapsed = grounds_for(referral_grounds.case_history(admin, old_case), TODAY, POLICY)
    assert lapsed.ground(Criterion.REPEAT).met_by is None
    assert (
        "400 days before this one and no incident came within"
        in lapsed.ground(Criterion.REPEAT).why
    )
    assert not lapsed.ground(Criterion.POTENTIAL_ESCALATION).askable  # the case has incidents
    assert lapsed.ground(Criterion.POTENTIAL_ESCALATION).met_by is None
