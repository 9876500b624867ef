"""The meeting list's criteria rule at each boundary: threshold, count, windows, dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.risk.criteria import (
    CaseCriteriaFacts,
    CriterionSource,
    ScoredAssessment,
    ShownCriterion,
    derive,
    is_repeat,
    list_closed_on,
)
from marac_desktop.risk.policy import AreaPolicy

MEETING = date(2026, 3, 12)
CUTOFF = date(2026, 3, 5)
REFERRED = date(2026, 3, 2)
POLICY = AreaPolicy()
VISIBLE = ReferralCriteria(visible_high_risk=True)
ONE = timedelta(days=1)


def _assessment(
    yes: int, day: date = REFERRED, high: int = 14, raised: bool = False
) -> ScoredAssessment:
    return ScoredAssessment(day, yes, high, raised, "high" if yes >= high or raised else "medium")


def _texts(facts: CaseCriteriaFacts, policy: AreaPolicy = POLICY) -> tuple[str, ...]:
    return derive(facts, CUTOFF, MEETING, policy).texts()


def test_visible_high_risk_only_at_or_above_the_threshold() -> None:
    thirteen = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(13)])
    fourteen = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(14)])
    assert _texts(thirteen) == ("professional judgement (referrer)",)
    assert _texts(fourteen) == ("visible high risk",)
    twelve = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(12)])
    assert "visible high risk" not in _texts(twelve)


def test_the_threshold_is_the_one_the_assessment_was_scored_under() -> None:
    """An area that later lowers its threshold does not turn an old 12 into visible high risk."""
    scored_at_14 = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(12, high=14)])
    scored_at_12 = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(12, high=12)])
    lowered = AreaPolicy(high_threshold=12, medium_threshold=8)
    assert _texts(scored_at_14, lowered) == ("professional judgement (referrer)",)
    assert _texts(scored_at_12, POLICY) == ("visible high risk",)


def test_a_score_that_reaches_the_threshold_shows_even_when_not_ticked() -> None:
    judged = ReferralCriteria(professional_judgement=True)
    facts = CaseCriteriaFacts(REFERRED, judged, assessments=[_assessment(16)])
    assert _texts(facts) == ("visible high risk", "professional judgement (referrer)")


def test_no_assessment_leaves_a_visible_high_risk_tick_to_the_referrer() -> None:
    found = derive(CaseCriteriaFacts(REFERRED, VISIBLE), CUTOFF, MEETING, POLICY)
    assert found.texts() == ("professional judgement (referrer)",)
    assert found.assessment is None
    assert not found.from_record(Criterion.PROFESSIONAL_JUDGEMENT)


def test_an_assessment_dated_after_the_cutoff_is_ignored() -> None:
    on_cutoff = _assessment(15, day=CUTOFF)
    after = _assessment(10, day=CUTOFF + timedelta(days=1))
    found = derive(
        CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[on_cutoff, after]),
        CUTOFF,
        MEETING,
        POLICY,
    )
    assert found.assessment == on_cutoff and found.texts() == ("visible high risk",)
    only_after = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(20, CUTOFF + ONE)])
    assert derive(only_after, CUTOFF, MEETING, POLICY).assessment is None
    assert _texts(only_after) == ("professional judgement (referrer)",)


def test_the_latest_assessment_counts_not_the_highest() -> None:
    older_high = _assessment(18, day=REFERRED - timedelta(days=40))
    newer_low = _assessment(9, day=REFERRED)
    facts = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[newer_low, older_high])
    found = derive(facts, CUTOFF, MEETING, POLICY)
    assert found.assessment == newer_low
    assert found.texts() == ("professional judgement (referrer)",)
    same_day = [_assessment(9), _assessment(15)]
    assert (
        derive(
            CaseCriteriaFacts(REFERRED, VISIBLE, assessments=same_day), CUTOFF, MEETING, POLICY
        ).assessment
        == same_day[1]
    )


def test_the_assessors_judgement_is_shown_as_theirs() -> None:
    facts = CaseCriteriaFacts(REFERRED, VISIBLE, assessments=[_assessment(10, raised=True)])
    found = derive(facts, CUTOFF, MEETING, POLICY)
    assert found.texts() == ("professional judgement (assessor)",)
    assert found.shown[0].source is CriterionSource.ASSESSOR


def _incidents(count: int, last: date, spacing: int = 10) -> tuple[date, ...]:
    return tuple(last - timedelta(days=spacing * n) for n in range(count))


def test_escalation_at_the_count_not_one_below() -> None:
    escalation = ReferralCriteria(potential_escalation=True)
    two = CaseCriteriaFacts(REFERRED, escalation, incident_days=_incidents(2, REFERRED))
    three = CaseCriteriaFacts(REFERRED, escalation, incident_days=_incidents(3, REFERRED))
    assert _texts(two) == ("professional judgement (referrer)",)
    assert _texts(three) == ("potential escalation",)
    four_needed = AreaPolicy(escalation_incidents=4)
    assert _texts(three, four_needed) == ("professional judgement (referrer)",)


def test_escalation_window_counts_its_last_day() -> None:
    """The window ends on the cut-off and reaches back exactly ``escalation_window_days``."""
    inside = (CUTOFF - timedelta(days=365), CUTOFF - timedelta(days=100), CUTOFF)
    outside = (CUTOFF - timedelta(days=366), CUTOFF - timedelta(days=100), CUTOFF)
    after_cutoff = (CUTOFF - timedelta(days=100), CUTOFF - ONE, CUTOFF + ONE)
    none = ReferralCriteria(professional_judgement=True)
    assert "potential escalation" in _texts(CaseCriteriaFacts(REFERRED, none, incident_days=inside))
    assert "potential escalation" not in _texts(
        CaseCriteriaFacts(REFERRED, none, incident_days=outside)
    )
    assert "potential escalation" not in _texts(
        CaseCriteriaFacts(REFERRED, none, incident_days=after_cutoff)
    )
    wider = AreaPolicy(escalation_window_days=366)
    assert "potential escalation" in _texts(
        CaseCriteriaFacts(REFERRED, none, incident_days=outside), wider
    )


def test_repeat_within_the_window_after_the_previous_referral() -> None:
    repeat = ReferralCriteria(repeat=True)
    previous = REFERRED - timedelta(days=365)
    edge = CaseCriteriaFacts(REFERRED, repeat, earlier_referral_days=(previous,))
    beyond = CaseCriteriaFacts(REFERRED, repeat, earlier_referral_days=(previous - ONE,))
    assert _texts(edge) == ("repeat",)
    assert _texts(beyond) == ("professional judgement (referrer)",)
    assert _texts(beyond, AreaPolicy(repeat_window_days=366)) == ("repeat",)


def test_repeat_from_an_incident_between_the_referrals() -> None:
    previous = REFERRED - timedelta(days=500)
    incident = previous + timedelta(days=365)
    facts = CaseCriteriaFacts(
        REFERRED, ReferralCriteria(), earlier_referral_days=(previous,), incident_days=(incident,)
    )
    assert _texts(facts) == ("repeat",)
    late = CaseCriteriaFacts(
        REFERRED,
        ReferralCriteria(),
        earlier_referral_days=(previous,),
        incident_days=(incident + ONE,),
    )
    assert _texts(late) == ()


def test_repeat_needs_a_previous_referral() -> None:
    facts = CaseCriteriaFacts(
        REFERRED, ReferralCriteria(repeat=True), earlier_referral_days=(REFERRED + ONE,)
    )
    assert _texts(facts) == ("professional judgement (referrer)",)
    assert not derive(facts, CUTOFF, MEETING, POLICY).from_record(Criterion.REPEAT)


def test_unsupported_ticks_show_once_as_the_referrers_judgement() -> None:
    everything = ReferralCriteria(True, True, True, True)
    assert _texts(CaseCriteriaFacts(REFERRED, everything)) == ("professional judgement (referrer)",)


def test_a_late_repeat_closes_on_its_own_day() -> None:
    late = CUTOFF + timedelta(days=3)
    assert list_closed_on(late, CUTOFF, MEETING) == late
    assert list_closed_on(REFERRED, CUTOFF, MEETING) == CUTOFF
    assert list_closed_on(MEETING + ONE, CUTOFF, MEETING) == MEETING
    assessed = _assessment(15, day=late)
    facts = CaseCriteriaFacts(late, VISIBLE, assessments=[assessed])
    assert derive(facts, CUTOFF, MEETING, POLICY).assessment == assessed


@pytest.mark.parametrize("criterion", list(Criterion))
def test_each_criterion_has_its_stored_key_as_a_field(criterion: Criterion) -> None:
    met = ReferralCriteria.of([criterion])
    assert met.met() == (criterion,) and met.to_json_dict()[criterion.value]
    assert ReferralCriteria.from_mapping(met.to_json_dict()) == met
    assert criterion.label == criterion.value.replace("_", " ")


def test_each_criterion_shown_says_where_it_comes_from() -> None:
    facts = CaseCriteriaFacts(
        REFERRED,
        ReferralCriteria(),
        earlier_referral_days=(REFERRED - 100 * ONE,),
        incident_days=(REFERRED - 3 * ONE, REFERRED - 2 * ONE, REFERRED - ONE),
        assessments=(_assessment(15, raised=True),),
    )
    criteria = derive(facts, CUTOFF, MEETING, POLICY)
    assert criteria.shown == (
        ShownCriterion(Criterion.VISIBLE_HIGH_RISK, CriterionSource.SCORE),
        ShownCriterion(Criterion.PROFESSIONAL_JUDGEMENT, CriterionSource.ASSESSOR),
        ShownCriterion(Criterion.POTENTIAL_ESCALATION, CriterionSource.INCIDENTS),
        ShownCriterion(Criterion.REPEAT, CriterionSource.HISTORY),
    )
    assert criteria.closed_on == CUTOFF
    assert all(criteria.from_record(c) for c in Criterion)


def test_from_record_is_false_for_a_tick_alone_and_for_a_criterion_not_shown() -> None:
    facts = CaseCriteriaFacts(
        REFERRED, ReferralCriteria(repeat=True), assessments=(_assessment(15),)
    )
    criteria = derive(facts, CUTOFF, MEETING, POLICY)
    assert criteria.from_record(Criterion.VISIBLE_HIGH_RISK)
    assert not criteria.from_record(Criterion.PROFESSIONAL_JUDGEMENT)  # the referrer's tick
    assert not criteria.from_record(Criterion.REPEAT)


def test_a_referral_on_the_same_day_is_not_a_previous_one() -> None:
    facts = CaseCriteriaFacts(
        REFERRED, ReferralCriteria(), earlier_referral_days=(REFERRED,), incident_days=(CUTOFF,)
    )
    assert not is_repeat(facts, CUTOFF, 365)


def test_an_incident_on_the_previous_referrals_day_is_not_a_repeat() -> None:
    previous = REFERRED - 400 * ONE
    facts = CaseCriteriaFacts(
        REFERRED, ReferralCriteria(), earlier_referral_days=(previous,), incident_days=(previous,)
    )
    assert not is_repeat(facts, CUTOFF, 365)


def test_an_incident_on_the_day_the_list_closed_counts_for_repeat() -> None:
    previous = CUTOFF - 100 * ONE
    facts = CaseCriteriaFacts(
        CUTOFF + 10 * ONE,  # referred after the day the list closed
        ReferralCriteria(),
        earlier_referral_days=(previous,),
        incident_days=(CUTOFF,),
    )
    assert is_repeat(facts, CUTOFF, 365)
    assert not is_repeat(facts, CUTOFF - ONE, 365)
