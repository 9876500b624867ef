"""score() at every boundary: bands, judgement, escalation and repeat windows, age, red flags."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marac_desktop.errors import InvalidInputError, ModelDefinitionError
from marac_desktop.risk import (
    AgeRoute,
    Answer,
    AreaPolicy,
    AssessmentInput,
    FormDefinition,
    ProfessionalJudgement,
    RiskLevel,
    RiskModel,
    RiskResult,
    score,
)

MakeInput = Callable[..., AssessmentInput]


@pytest.fixture
def run(dash_model: RiskModel, dash: FormDefinition) -> Callable[..., RiskResult]:
    def run_score(assessment: AssessmentInput, policy: AreaPolicy | None = None) -> RiskResult:
        return score(dash_model, dash, policy, assessment)

    return run_score


@pytest.mark.parametrize(
    ("yes", "level", "visible_high_risk"),
    [
        (0, RiskLevel.STANDARD, False),
        (9, RiskLevel.STANDARD, False),
        (10, RiskLevel.MEDIUM, False),
        (13, RiskLevel.MEDIUM, False),
        (14, RiskLevel.HIGH, True),
        (24, RiskLevel.HIGH, True),
    ],
)
def test_bands_at_their_boundaries(
    run: Callable[..., RiskResult],
    make_input: MakeInput,
    yes: int,
    level: RiskLevel,
    visible_high_risk: bool,
) -> None:
    result = run(make_input(yes))
    assert result.yes_count == yes
    assert result.actuarial_level is level
    assert result.level is level
    assert result.criteria.visible_high_risk is visible_high_risk
    assert result.refer_to_marac is visible_high_risk


def test_score_sentence_gives_the_figures(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    assert run(make_input(14)).explanations[0] == (
        "14 of 24 risk factors were answered yes; 14 or more is visible high risk."
    )
    assert run(make_input(13)).explanations[0] == (
        "13 of 24 risk factors were answered yes; 10 to 13 is medium risk and 14 or more is "
        "visible high risk."
    )
    assert run(make_input(1)).explanations[0].startswith("1 of 24 risk factors was answered yes")


def test_dont_know_is_not_counted(run: Callable[..., RiskResult], make_input: MakeInput) -> None:
    result = run(make_input(13, dont_know=5))
    assert result.yes_count == 13
    assert result.dont_know_count == 5
    assert result.level is RiskLevel.MEDIUM
    assert result.unanswered == ()


def test_missing_and_not_asked_are_unanswered_and_not_counted(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    assessment = make_input(14)
    answers = dict(assessment.answers)
    del answers["q20"]
    answers["q3"] = Answer.NOT_ASKED
    result = run(AssessmentInput("dash", assessment.assessment_date, answers, victim_age=30))
    assert result.unanswered == ("q3", "q20")
    assert result.yes_count == 13
    assert "2 risk factors were not asked or not answered (q3 and q20)" in " ".join(
        result.explanations
    )


@pytest.mark.parametrize("yes", [0, 9, 13])
def test_professional_judgement_raises_to_high(
    run: Callable[..., RiskResult], make_input: MakeInput, yes: int
) -> None:
    result = run(make_input(yes, judgement="She fears he will kill her when he is released."))
    assert result.level is RiskLevel.HIGH
    assert result.actuarial_level is not RiskLevel.HIGH
    assert result.criteria.professional_judgement
    assert result.refer_to_marac


def test_professional_judgement_never_lowers(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    high = make_input(20)
    not_raised = AssessmentInput(
        "dash",
        high.assessment_date,
        high.answers,
        professional_judgement=ProfessionalJudgement(False, "I think the risk is lower."),
        victim_age=40,
    )
    result = run(not_raised)
    assert result.level is RiskLevel.HIGH
    assert result.actuarial_level is RiskLevel.HIGH
    assert not result.criteria.professional_judgement
    assert result.refer_to_marac


@pytest.mark.parametrize("reason", ["", "   "])
def test_judgement_without_reason_is_refused(reason: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^Field 'professional_judgement\.reason': "):
        ProfessionalJudgement(True, reason)


@pytest.mark.parametrize(
    ("incidents", "expected"),
    [
        ((), False),
        ((10, 20), False),
        ((10, 20, 30), True),
        ((0, 0, 0), True),
        ((10, 20, 365), True),
        ((10, 20, 366), False),
        ((10, 20, 366, 400, 1000), False),
    ],
)
def test_potential_escalation_window(
    run: Callable[..., RiskResult],
    make_input: MakeInput,
    incidents: tuple[int, ...],
    expected: bool,
) -> None:
    result = run(make_input(2, incidents=incidents))
    assert result.criteria.potential_escalation is expected
    assert result.refer_to_marac is expected


def test_escalation_sentence_gives_the_figures(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    sentences = run(make_input(0, incidents=(1, 2, 400))).explanations
    assert (
        "2 incidents were recorded in the 365 days up to the assessment date; potential "
        "escalation needs 3 or more."
    ) in sentences


def test_escalation_settings_come_from_the_policy(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    policy = AreaPolicy(escalation_incidents=2, escalation_window_days=182)
    assert run(make_input(0, incidents=(10, 182)), policy).criteria.potential_escalation
    assert not run(make_input(0, incidents=(10, 183)), policy).criteria.potential_escalation


@pytest.mark.parametrize(
    ("referral", "expected"),
    [(None, False), (0, True), (200, True), (365, True), (366, False), (800, False)],
)
def test_repeat_window(
    run: Callable[..., RiskResult],
    make_input: MakeInput,
    referral: int | None,
    expected: bool,
) -> None:
    result = run(make_input(0, referral=referral))
    assert result.criteria.repeat is expected
    assert result.refer_to_marac is expected, "a repeat goes back to MARAC whatever the score"


def test_repeat_sentence_gives_the_figures(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    assert (
        "The last MARAC referral was 366 days before this assessment, after the 365-day repeat "
        "window, so this is not a repeat."
    ) in run(make_input(0, referral=366)).explanations


@pytest.mark.parametrize(
    ("age", "refer", "route", "fgm"),
    [
        (15, False, AgeRoute.CHILDRENS_SERVICES, True),
        (16, True, None, True),
        (17, True, None, True),
        (18, True, None, False),
    ],
)
def test_age_rule(
    run: Callable[..., RiskResult],
    make_input: MakeInput,
    age: int,
    refer: bool,
    route: AgeRoute | None,
    fgm: bool,
) -> None:
    result = run(make_input(16, age=age))
    assert result.criteria.visible_high_risk
    assert result.refer_to_marac is refer
    assert result.age_route is route
    prompt_ids = {prompt.id for prompt in result.prompts}
    assert ("fgm_duty" in prompt_ids) is fgm
    assert ("childrens_services" in prompt_ids) is (route is not None)


def test_unknown_age_does_not_block_a_referral_but_asks_for_it(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(make_input(14, age=None))
    assert result.refer_to_marac
    assert "age_not_recorded" in {prompt.id for prompt in result.prompts}


def test_policy_thresholds_replace_the_model_bands(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    policy = AreaPolicy(high_threshold=12, medium_threshold=8)
    assert run(make_input(12), policy).level is RiskLevel.HIGH
    assert run(make_input(8), policy).level is RiskLevel.MEDIUM
    assert run(make_input(12)).level is RiskLevel.MEDIUM
    assert run(make_input(12), policy).to_json_dict()["thresholds"] == {"high": 12, "medium": 8}


@pytest.mark.parametrize(
    ("yes_ids", "flags"),
    [
        (["q15"], ["strangulation"]),
        (["q14"], ["threats_to_kill"]),
        (["q13"], ["weapons"]),
        (["q6"], ["separation"]),
        (["q8"], ["stalking"]),
        (["q10"], ["escalation"]),
        (["q11"], ["escalation"]),
        (["q9"], ["pregnancy"]),
        (["q6", "q12"], ["separation"]),
        (["q6", "q12", "q16"], ["separation", "cluster"]),
        (["q12", "q16"], []),
        ([], []),
    ],
)
def test_red_flags(
    run: Callable[..., RiskResult],
    make_input: MakeInput,
    yes_ids: list[str],
    flags: list[str],
) -> None:
    result = run(make_input(0, yes_ids=yes_ids))
    assert list(result.red_flags) == flags
    prompt_ids = {prompt.id for prompt in result.prompts}
    assert ("consider_professional_judgement" in prompt_ids) is bool(flags)


def test_red_flag_sentence_names_the_questions(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    sentences = run(make_input(0, yes_ids=["q6", "q12", "q1", "q15"])).explanations
    assert any(s.endswith("(yes to q6, q12, q1 and q15).") for s in sentences)


def test_no_judgement_prompt_when_already_high(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(make_input(15))
    assert "strangulation" in result.red_flags
    assert "consider_professional_judgement" not in {prompt.id for prompt in result.prompts}


def test_follow_on_forms_from_answers_and_concerns(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    result = run(make_input(0, yes_ids=["q8"], concerns=["children_in_household"]))
    assert result.follow_on == ("stalking", "children-dependants")
    both = run(make_input(0, yes_ids=["q4"], concerns=["honour_based_abuse"]))
    assert both.follow_on == ("honour-based-abuse",)


def test_result_records_form_and_model_versions(
    run: Callable[..., RiskResult], make_input: MakeInput, dash: FormDefinition
) -> None:
    data = run(make_input(3)).to_json_dict()
    assert data["form"] == "dash"
    assert data["form_version"] == dash.version
    assert data["model"] == "dash-safelives"
    assert data["model_version"] == 1


def test_json_dict_has_the_contract_keys(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    data = run(make_input(14, judgement="Escalating threats.", referral=30)).to_json_dict()
    assert {
        "yes_count",
        "dont_know_count",
        "unanswered",
        "level",
        "red_flags",
        "criteria",
        "refer_to_marac",
        "explanations",
        "form_version",
        "model_version",
        "form",
        "model",
        "actuarial_level",
        "age_route",
        "prompts",
    } <= data.keys()
    assert data["criteria"] == {
        "visible_high_risk": True,
        "professional_judgement": True,
        "potential_escalation": False,
        "repeat": True,
    }
    assert data["level"] == "high"
    explanations = data["explanations"]
    assert isinstance(explanations, list)
    assert all(isinstance(s, str) and s.endswith(".") for s in explanations)


def test_input_for_another_form_is_refused(
    run: Callable[..., RiskResult], make_input: MakeInput
) -> None:
    assessment = make_input(3)
    other = AssessmentInput("stalking", assessment.assessment_date, {})
    with pytest.raises(InvalidInputError, match=r"^Field 'form'"):
        run(other)


def test_model_for_another_form_is_refused(
    dash_model: RiskModel, forms: dict[str, FormDefinition], make_input: MakeInput
) -> None:
    with pytest.raises(ModelDefinitionError):
        score(dash_model, forms["stalking"], None, make_input(1))


def test_children_concern_prompts_a_safeguarding_referral() -> None:
    from datetime import date as day

    from marac_desktop import paths
    from marac_desktop.risk import AssessmentInput, load_forms, load_models, score

    forms = load_forms(paths.forms_dir())
    model = load_models(paths.risk_models_dir(), forms)["dash-safelives"]
    base = AssessmentInput("dash", day(2026, 1, 5), {}, victim_age=30)
    with_children = AssessmentInput(
        "dash", day(2026, 1, 5), {}, victim_age=30, concerns=frozenset({"children_in_household"})
    )
    assert "concern:children_in_household" not in [
        p.id for p in score(model, forms["dash"], None, base).prompts
    ]
    prompts = {p.id: p.text for p in score(model, forms["dash"], None, with_children).prompts}
    assert "child safeguarding referral" in prompts["concern:children_in_household"]
