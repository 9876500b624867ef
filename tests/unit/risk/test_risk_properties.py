"""Hypothesis properties of scoring and of the answers parser."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import (
    Answer,
    AssessmentInput,
    FormDefinition,
    ProfessionalJudgement,
    RiskLevel,
    RiskModel,
    parse_answers_json,
    score,
)

TODAY = date(2025, 3, 10)
QUESTION_IDS = [f"q{n}" for n in range(1, 25)]

answer_sets = st.fixed_dictionaries(
    {}, optional={q: st.sampled_from(list(Answer)) for q in QUESTION_IDS}
)
judgements = st.one_of(
    st.none(),
    st.builds(ProfessionalJudgement, st.booleans(), st.just("Reason written down.")),
)


def assessment(
    answers: dict[str, Answer], judgement: ProfessionalJudgement | None
) -> AssessmentInput:
    return AssessmentInput("dash", date(2025, 3, 1), answers, judgement, victim_age=30)


@given(answers=answer_sets, judgement=judgements, data=st.data())
def test_level_never_drops_when_a_no_becomes_yes(
    dash_model: RiskModel,
    dash: FormDefinition,
    answers: dict[str, Answer],
    judgement: ProfessionalJudgement | None,
    data: st.DataObject,
) -> None:
    question = data.draw(st.sampled_from(QUESTION_IDS))
    before = score(dash_model, dash, None, assessment(answers | {question: Answer.NO}, judgement))
    after = score(dash_model, dash, None, assessment(answers | {question: Answer.YES}, judgement))
    assert after.yes_count == before.yes_count + 1
    assert after.level.rank >= before.level.rank
    assert after.actuarial_level.rank >= before.actuarial_level.rank
    assert after.refer_to_marac >= before.refer_to_marac


@given(answers=answer_sets, judgement=judgements)
def test_counts_match_the_answers(
    dash_model: RiskModel,
    dash: FormDefinition,
    answers: dict[str, Answer],
    judgement: ProfessionalJudgement | None,
) -> None:
    result = score(dash_model, dash, None, assessment(answers, judgement))
    values = list(answers.values())
    assert result.yes_count == values.count(Answer.YES)
    assert result.dont_know_count == values.count(Answer.DONT_KNOW)
    assert len(result.unanswered) == 24 - len(answers) + values.count(Answer.NOT_ASKED)
    assert result.level.rank >= result.actuarial_level.rank
    if judgement is not None and judgement.raised:
        assert result.level is RiskLevel.HIGH
    assert result.criteria.visible_high_risk == (result.yes_count >= 14)


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["dash", "stalking", "yes", "no", "dont_know", "2025-03-01", "2099-01-01"]),
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from(["answer", "raised", "reason", "q1"])),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
dates = st.sampled_from(["2025-03-01", "2025-03-11", "2025-02-30", "1899-01-01", "1 May"])
answer_values = st.one_of(
    st.sampled_from(["yes", "no", "dont_know", "not_asked", "maybe"]),
    st.fixed_dictionaries(
        {},
        optional={
            "answer": st.sampled_from(["yes", "no"]) | json_values,
            "options": st.lists(st.sampled_from(["victim", "children", "x"]) | json_values),
            "comment": json_values,
            "source": json_values,
        },
    ),
    json_values,
)
near_valid_fields = {
    "form": st.sampled_from(["dash", "stalking", "nope"]) | json_values,
    "form_version": st.sampled_from([1, 2]) | json_values,
    "model": st.sampled_from(["dash-safelives", "Bad Model"]) | json_values,
    "assessment_date": dates | json_values,
    "answers": st.dictionaries(
        st.sampled_from([*QUESTION_IDS, "own_fears", "zz"]), answer_values, max_size=6
    )
    | json_values,
    "concerns": st.lists(st.sampled_from(["honour_based_abuse", "pets"]) | json_values)
    | json_values,
    "professional_judgement": st.fixed_dictionaries(
        {"raised": st.booleans() | json_values}, optional={"reason": json_values}
    )
    | json_values,
    "victim_age": st.integers(min_value=-5, max_value=130) | json_values,
    "incident_dates": st.lists(dates | json_values, max_size=4) | json_values,
    "last_marac_referral": dates | json_values,
    "extra": json_values,
}


@given(
    st.fixed_dictionaries({}, optional=near_valid_fields)
    | st.dictionaries(st.text(max_size=10), json_values, max_size=5)
)
def test_parse_raises_only_invalid_input(
    forms: dict[str, FormDefinition], data: dict[str, Any]
) -> None:
    try:
        parsed = parse_answers_json(data, forms, TODAY)
    except InvalidInputError as error:
        message = str(error)
        assert message.endswith(".")
        assert "\n" not in message
    else:
        assert parsed.form_id in forms
        assert parsed.assessment_date <= TODAY


@given(
    answers=st.dictionaries(
        st.sampled_from(QUESTION_IDS), st.sampled_from(["yes", "no", "dont_know", "not_asked"])
    ),
    age=st.integers(min_value=0, max_value=120),
)
def test_valid_files_always_parse(
    forms: dict[str, FormDefinition], answers: dict[str, str], age: int
) -> None:
    parsed = parse_answers_json(
        {"form": "dash", "assessment_date": "2025-03-01", "answers": answers, "victim_age": age},
        forms,
        TODAY,
    )
    assert {q: str(a) for q, a in parsed.answers.items()} == answers
