"""Fixtures for the pure risk-layer tests: the shipped forms and model, and an input maker."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

import pytest

from marac_desktop.paths import forms_dir, risk_models_dir
from marac_desktop.risk import (
    Answer,
    AssessmentInput,
    FormDefinition,
    ProfessionalJudgement,
    RiskModel,
    load_forms,
    load_models,
)

ASSESSED = date(2025, 3, 1)

MakeInput = Callable[..., AssessmentInput]


@pytest.fixture(scope="session")
def forms() -> dict[str, FormDefinition]:
    return load_forms(forms_dir())


@pytest.fixture(scope="session")
def dash(forms: dict[str, FormDefinition]) -> FormDefinition:
    return forms["dash"]


@pytest.fixture(scope="session")
def dash_model(forms: dict[str, FormDefinition]) -> RiskModel:
    return load_models(risk_models_dir(), forms)["dash-safelives"]


def days_before(days: int, anchor: date = ASSESSED) -> date:
    return anchor - timedelta(days=days)


@pytest.fixture(scope="session")
def make_input() -> MakeInput:
    """An assessment: the first ``yes`` factors yes, the next ``dont_know`` don't know, rest no."""

    def make(
        yes: int = 0,
        *,
        dont_know: int = 0,
        yes_ids: Iterable[str] = (),
        judgement: str | None = None,
        age: int | None = 30,
        incidents: Iterable[int] = (),
        referral: int | None = None,
        concerns: Iterable[str] = (),
        unanswered: Iterable[str] = (),
    ) -> AssessmentInput:
        answers = {f"q{n}": Answer.NO for n in range(1, 25)}
        for n in range(1, yes + 1):
            answers[f"q{n}"] = Answer.YES
        for n in range(yes + 1, yes + dont_know + 1):
            answers[f"q{n}"] = Answer.DONT_KNOW
        for question_id in yes_ids:
            answers[question_id] = Answer.YES
        for question_id in unanswered:
            del answers[question_id]
        return AssessmentInput(
            form_id="dash",
            assessment_date=ASSESSED,
            answers=answers,
            professional_judgement=(
                None if judgement is None else ProfessionalJudgement(True, judgement)
            ),
            victim_age=age,
            incident_dates=tuple(days_before(d) for d in incidents),
            last_marac_referral=None if referral is None else days_before(referral),
            concerns=frozenset(concerns),
        )

    return make
