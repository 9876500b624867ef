"""parse_answers_json: good files parse; each kind of bad input is one sentence naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import (
    Answer,
    AnswerNote,
    FormDefinition,
    ProfessionalJudgement,
    parse_answers_json,
)

TODAY = date(2025, 3, 10)


def good() -> dict[str, Any]:
    return {
        "form": "dash",
        "assessment_date": "2025-03-01",
        "answers": {"q1": "yes", "q2": "no", "q3": "dont_know", "q4": "not_asked"},
    }


def with_(**changes: Any) -> dict[str, Any]:
    return good() | changes


def test_minimal_file(forms: dict[str, FormDefinition]) -> None:
    parsed = parse_answers_json(good(), forms, TODAY)
    assert parsed.form_id == "dash"
    assert parsed.assessment_date == date(2025, 3, 1)
    assert parsed.answers == {
        "q1": Answer.YES,
        "q2": Answer.NO,
        "q3": Answer.DONT_KNOW,
        "q4": Answer.NOT_ASKED,
    }
    assert parsed.professional_judgement is None
    assert parsed.victim_age is None
    assert parsed.incident_dates == ()
    assert parsed.last_marac_referral is None


def test_full_file(forms: dict[str, FormDefinition]) -> None:
    data = with_(
        form_version=1,
        model="dash-safelives",
        answers={
            "q14": {
                "answer": "yes",
                "options": ["victim", "children", "victim"],
                "comment": "Said in front of the children.",
                "source": "Police officer",
            },
            "q15": None,
            "own_fears": "That he will find the new flat.",
        },
        concerns=["children_in_household"],
        professional_judgement={"raised": True, "reason": " Threats are escalating. "},
        victim_age=34,
        incident_dates=["2025-03-01", "2024-03-02"],
        last_marac_referral="2024-06-15",
    )
    parsed = parse_answers_json(data, forms, TODAY)
    assert parsed.answers == {"q14": Answer.YES}
    assert parsed.notes["q14"] == AnswerNote(
        "Said in front of the children.", "Police officer", ("victim", "children")
    )
    assert parsed.texts == {"own_fears": "That he will find the new flat."}
    assert parsed.concerns == frozenset({"children_in_household"})
    assert parsed.professional_judgement == ProfessionalJudgement(True, "Threats are escalating.")
    assert parsed.victim_age == 34
    assert parsed.incident_dates == (date(2025, 3, 1), date(2024, 3, 2))
    assert parsed.last_marac_referral == date(2024, 6, 15)
    assert parsed.model_id == "dash-safelives"


def test_assessment_today_is_allowed(forms: dict[str, FormDefinition]) -> None:
    parsed = parse_answers_json(with_(assessment_date="2025-03-10"), forms, TODAY)
    assert parsed.assessment_date == TODAY


def test_unknown_question_message(forms: dict[str, FormDefinition]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_answers_json(with_(answers={"q25": "yes"}), forms, TODAY)
    assert str(caught.value) == "Field 'answers.q25': there is no question q25 in form dash."


BAD_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("unknown form", with_(form="dasj"), "form"),
    ("missing form", {k: v for k, v in good().items() if k != "form"}, "form"),
    ("form not text", with_(form=3), "form"),
    ("form version differs", with_(form_version=2), "form_version"),
    ("form version not a number", with_(form_version="1"), "form_version"),
    ("unknown field", with_(last_marac_refferal="2024-01-01"), "last_marac_refferal"),
    ("unknown question", with_(answers={"q25": "yes"}), "answers.q25"),
    ("question of another form", with_(answers={"s1": "yes"}), "answers.s1"),
    ("unknown answer", with_(answers={"q3": "maybe"}), "answers.q3"),
    ("answer upper case", with_(answers={"q3": "Yes"}), "answers.q3"),
    ("answer not text", with_(answers={"q3": True}), "answers.q3"),
    ("answer object without answer", with_(answers={"q3": {"comment": "x"}}), "answers.q3.answer"),
    ("answer object unknown key", with_(answers={"q3": {"answer": "yes", "x": 1}}), "answers.q3.x"),
    (
        "comment not text",
        with_(answers={"q3": {"answer": "yes", "comment": 5}}),
        "answers.q3.comment",
    ),
    (
        "unknown option",
        with_(answers={"q14": {"answer": "yes", "options": ["dog"]}}),
        "answers.q14.options[0]",
    ),
    (
        "options on question without options",
        with_(answers={"q1": {"answer": "yes", "options": ["x"]}}),
        "answers.q1.options[0]",
    ),
    (
        "options not a list",
        with_(answers={"q14": {"answer": "yes", "options": "victim"}}),
        "answers.q14.options",
    ),
    ("text question given a number", with_(answers={"own_fears": 3}), "answers.own_fears"),
    ("answers missing", {"form": "dash", "assessment_date": "2025-03-01"}, "answers"),
    ("answers a list", with_(answers=["yes"]), "answers"),
    ("date missing", {"form": "dash", "answers": {}}, "assessment_date"),
    ("date malformed", with_(assessment_date="01/03/2025"), "assessment_date"),
    ("date compact ISO", with_(assessment_date="20250301"), "assessment_date"),
    ("date impossible", with_(assessment_date="2025-02-30"), "assessment_date"),
    ("date not text", with_(assessment_date=20250301), "assessment_date"),
    ("date before 1900", with_(assessment_date="1899-12-31"), "assessment_date"),
    ("assessment in the future", with_(assessment_date="2025-03-11"), "assessment_date"),
    (
        "judgement raised without reason",
        with_(professional_judgement={"raised": True}),
        "professional_judgement.reason",
    ),
    (
        "judgement reason blank",
        with_(professional_judgement={"raised": True, "reason": "  "}),
        "professional_judgement.reason",
    ),
    (
        "judgement raised not bool",
        with_(professional_judgement={"raised": "yes", "reason": "r"}),
        "professional_judgement.raised",
    ),
    (
        "judgement unknown key",
        with_(professional_judgement={"raised": False, "why": "r"}),
        "professional_judgement.why",
    ),
    ("judgement not an object", with_(professional_judgement=True), "professional_judgement"),
    ("negative age", with_(victim_age=-1), "victim_age"),
    ("absurd age", with_(victim_age=121), "victim_age"),
    ("age as text", with_(victim_age="34"), "victim_age"),
    ("age with a fraction", with_(victim_age=34.5), "victim_age"),
    ("age as boolean", with_(victim_age=True), "victim_age"),
    ("incident dates not a list", with_(incident_dates="2025-01-01"), "incident_dates"),
    (
        "incident date malformed",
        with_(incident_dates=["2025-01-01", "yesterday"]),
        "incident_dates[1]",
    ),
    ("incident after assessment", with_(incident_dates=["2025-03-02"]), "incident_dates[0]"),
    ("referral malformed", with_(last_marac_referral="June 2024"), "last_marac_referral"),
    ("referral after assessment", with_(last_marac_referral="2025-03-05"), "last_marac_referral"),
    ("unknown concern", with_(concerns=["pets"]), "concerns[0]"),
    ("concerns not a list", with_(concerns="honour_based_abuse"), "concerns"),
    ("model not an id", with_(model="Dash Model!"), "model"),
]


@pytest.mark.parametrize(
    ("data", "field"), [case[1:] for case in BAD_CASES], ids=[case[0] for case in BAD_CASES]
)
def test_bad_input_names_the_field_in_one_sentence(
    forms: dict[str, FormDefinition], data: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_answers_json(data, forms, TODAY)
    message = str(caught.value)
    assert message.startswith(f"Field '{field}': ")
    assert message.endswith(".")
    assert "\n" not in message
    assert ". " not in message, "one sentence only"


def test_messages_never_repeat_free_text(forms: dict[str, FormDefinition]) -> None:
    secret = "Jane Example lives at 1 Sample Street"
    with pytest.raises(InvalidInputError) as caught:
        parse_answers_json(with_(answers={"q3": secret}), forms, TODAY)
    assert "Sample Street" not in str(caught.value)


def test_long_or_strange_field_names_are_shortened(forms: dict[str, FormDefinition]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_answers_json(with_(answers={"x\n" * 100: "yes"}), forms, TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert len(message) < 200


def test_top_level_must_be_an_object(forms: dict[str, FormDefinition]) -> None:
    with pytest.raises(InvalidInputError, match="one JSON object"):
        parse_answers_json(["dash"], forms, TODAY)  # type: ignore[arg-type]
