"""The sentences an assessor reads beside a result, word for word: the score and its bands, the
gaps, judgement, escalation, repeat, the red flags, the outcome, and the prompts after it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from marac_desktop.errors import ModelDefinitionError
from marac_desktop.risk import (
    AreaPolicy,
    AssessmentInput,
    FormDefinition,
    RiskModel,
    RiskResult,
    score,
)

MakeInput = Callable[..., AssessmentInput]

NO_JUDGEMENT = "Professional judgement was not raised; it can raise the level but never lower it."
NO_REFERRAL = "No earlier MARAC referral is recorded, so this is not a repeat."
NO_INCIDENTS = (
    "0 incidents were recorded in the 365 days up to the assessment date; potential escalation "
    "needs 3 or more."
)
NOT_MET = (
    "No MARAC referral criterion is met; consider a domestic abuse referral outside MARAC and "
    "assess again if anything changes."
)
STRANGULATION = (
    "Non-fatal strangulation, choking or smothering is one of the strongest warning signs of "
    "homicide (yes to q15)."
)
STALKING = "Ask the follow-on questions on stalking: question q8 was answered yes."
HONOUR_BY_ANSWER = (
    "Ask the follow-on questions on honour based abuse: question q4 was answered yes."
)
FGM = (
    "The victim is under 18: regulated health and social care professionals and teachers must "
    "report known female genital mutilation (FGM) to the police."
)
YOUNG = (
    "The victim is aged 13 to 17: consider the young people's checklist and its safeguarding "
    "guidance."
)
CHILDRENS = "Make a referral to children's services; MARAC does not take victims of this age."
RED_FLAG_BELOW_HIGH = (
    "A red flag is present although the score is below high risk: consider whether your "
    "professional judgement should raise the level to high."
)


@pytest.fixture
def run(dash_model: RiskModel, dash: FormDefinition) -> Callable[..., RiskResult]:
    def run_score(
        make: MakeInput, policy: AreaPolicy | None = None, **kwargs: object
    ) -> RiskResult:
        return score(dash_model, dash, policy, make(**kwargs))

    return run_score


def _prompts(result: RiskResult) -> dict[str, str]:
    return {prompt.id: prompt.text for prompt in result.prompts}


def test_standard_risk_with_no_age(run: Callable[..., RiskResult], make_input: MakeInput) -> None:
    result = run(make_input, yes=3, age=None)
    assert result.question_count == 24
    assert result.explanations == (
        "3 of 24 risk factors were answered yes; below 10 is standard risk and 14 or more is "
        "visible high risk.",
        NO_JUDGEMENT,
        NO_INCIDENTS,
        NO_REFERRAL,
        NOT_MET,
    )
    assert _prompts(result) == {
        "age_not_recorded": "Record the victim's age: MARAC takes victims aged 16 or over."
    }


def test_judgement_raises_a_medium_score_for_a_child_with_concerns(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(
        make_input,
        yes=11,
        dont_know=1,
        yes_ids=["q15"],
        judgement="fear for her safety",
        age=15,
        incidents=(0, 10, 365),
        referral=365,
        concerns=["children_in_household", "honour_based_abuse"],
    )
    sentences = result.explanations
    assert sentences[:5] == (
        "12 of 24 risk factors were answered yes; 10 to 13 is medium risk and 14 or more is "
        "visible high risk.",
        "1 risk factor was answered don't know and not counted; find out more if it is safe to.",
        "Professional judgement was raised with a written reason, so the level is high although "
        "the score alone gives medium.",
        "3 incidents were recorded in the 365 days up to the assessment date; 3 or more is "
        "potential escalation.",
        "The last MARAC referral was 365 days before this assessment, within the 365-day repeat "
        "window, so this is a repeat and goes back to MARAC whatever the score.",
    )
    assert sentences[5] == STRANGULATION
    assert sentences[-1] == (
        "The victim is 15, under the MARAC minimum age of 16: refer to children's services "
        "instead of MARAC."
    )
    assert _prompts(result) == {
        "concern:children_in_household": (
            "Children live in the household: make a child safeguarding referral to children's "
            "services as well; MARAC does not replace it."
        ),
        "follow_on:stalking": STALKING,
        "follow_on:honour-based-abuse": (
            "Ask the follow-on questions on honour based abuse: question q4 was answered yes and "
            "a concern was flagged (so-called honour-based abuse or forced marriage)."
        ),
        "follow_on:children-dependants": (
            "Ask the follow-on questions on children and dependants: a concern was flagged "
            "(children, step-children or other dependants live in the household)."
        ),
        "childrens_services": CHILDRENS,
        "fgm_duty": FGM,
        "young_person_checklist": YOUNG,
    }


def test_high_score_with_gaps_judgement_and_a_lapsed_referral(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(
        make_input,
        yes=14,
        dont_know=2,
        judgement="fear",
        age=13,
        incidents=(1, 366),
        referral=366,
        unanswered=["q24"],
    )
    assert result.explanations[:6] == (
        "14 of 24 risk factors were answered yes; 14 or more is visible high risk.",
        "2 risk factors were answered don't know and not counted; find out more if it is safe to.",
        "1 risk factor was not asked or not answered (q24) and not counted.",
        "Professional judgement was also raised, with a written reason.",
        "1 incident was recorded in the 365 days up to the assessment date; potential escalation "
        "needs 3 or more.",
        "The last MARAC referral was 366 days before this assessment, after the 365-day repeat "
        "window, so this is not a repeat.",
    )
    assert "young_person_checklist" in _prompts(result)  # 13 is the youngest it is for


def test_medium_score_with_a_red_flag_prompts_for_judgement(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(
        make_input, yes=10, yes_ids=["q8"], age=17, referral=-3, unanswered=["q20", "q21", "q22"]
    )
    assert result.explanations[:5] == (
        "10 of 24 risk factors were answered yes; 10 to 13 is medium risk and 14 or more is "
        "visible high risk.",
        "3 risk factors were not asked or not answered (q20, q21 and q22) and not counted.",
        NO_JUDGEMENT,
        NO_INCIDENTS,
        "The last MARAC referral is dated after this assessment, so it is not a repeat.",
    )
    assert result.explanations[-1] == NOT_MET
    assert _prompts(result) == {
        "consider_professional_judgement": RED_FLAG_BELOW_HIGH,
        "follow_on:stalking": STALKING,
        "follow_on:honour-based-abuse": HONOUR_BY_ANSWER,
        "fgm_duty": FGM,
        "young_person_checklist": YOUNG,
    }


def test_a_referral_on_the_assessment_day_is_a_repeat(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(make_input, yes=0, referral=0)
    assert result.explanations[3] == (
        "The last MARAC referral was 0 days before this assessment, within the 365-day repeat "
        "window, so this is a repeat and goes back to MARAC whatever the score."
    )


@pytest.mark.parametrize(
    ("kwargs", "outcome"),
    [
        ({"yes": 14, "age": 30}, "Refer to MARAC: visible high risk is met."),
        (
            {"yes": 14, "judgement": "x", "age": 40, "incidents": (0, 1, 2), "referral": 1},
            "Refer to MARAC: visible high risk, professional judgement, potential escalation and "
            "repeat are met.",
        ),
        (
            {"yes": 0, "age": 16, "referral": 1},
            "Refer to MARAC: repeat is met.",
        ),
    ],
)
def test_the_outcome_names_each_criterion_met(
    run: Callable[..., RiskResult], make_input: MakeInput, kwargs: dict[str, object], outcome: str
) -> None:
    result = run(make_input, **kwargs)
    assert result.explanations[-1] == outcome
    assert "childrens_services" not in _prompts(result)


def test_a_victim_of_12_gets_no_young_peoples_checklist(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    prompts = _prompts(run(make_input, yes=14, age=12))
    assert prompts["childrens_services"] == CHILDRENS and prompts["fgm_duty"] == FGM
    assert "young_person_checklist" not in prompts


def test_an_area_policy_sets_the_bands_and_the_minimum_age(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    policy = AreaPolicy(high_threshold=12, medium_threshold=11, minimum_victim_age=18)
    result = run(make_input, policy, yes=11, age=17)
    assert result.explanations[0] == (
        "11 of 24 risk factors were answered yes; 11 is medium risk and 12 or more is visible "
        "high risk."
    )
    assert result.explanations[-1] == (
        "The victim is 17, under the MARAC minimum age of 18: refer to children's services "
        "instead of MARAC."
    )
    no_age = run(make_input, policy, yes=0, age=None)
    assert _prompts(no_age)["age_not_recorded"] == (
        "Record the victim's age: MARAC takes victims aged 18 or over."
    )


def test_a_model_for_another_form_is_refused_in_one_sentence(
    dash_model: RiskModel, dash: FormDefinition, make_input: MakeInput
) -> None:
    other = dataclasses.replace(dash_model, form="stalking")
    with pytest.raises(ModelDefinitionError) as raised:
        score(other, dash, None, make_input(0))
    assert str(raised.value) == f"Risk model {dash_model.id} scores form stalking, not dash."
