"""Scoring one full 24-answer assessment (target: under 1 ms)."""

from __future__ import annotations

from datetime import date

from pytest_benchmark.fixture import BenchmarkFixture

from marac_desktop.paths import forms_dir, risk_models_dir
from marac_desktop.risk import (
    Answer,
    AreaPolicy,
    AssessmentInput,
    ProfessionalJudgement,
    RiskLevel,
    load_forms,
    load_models,
    score,
)


def test_score_full_assessment(benchmark: BenchmarkFixture) -> None:
    forms = load_forms(forms_dir())
    model = load_models(risk_models_dir(), forms)["dash-safelives"]
    cycle = [Answer.YES, Answer.NO, Answer.YES, Answer.DONT_KNOW]
    assessment = AssessmentInput(
        form_id="dash",
        assessment_date=date(2025, 3, 1),
        answers={f"q{n}": cycle[n % 4] for n in range(1, 25)},
        professional_judgement=ProfessionalJudgement(True, "Synthetic reason."),
        victim_age=17,
        incident_dates=(date(2025, 2, 1), date(2024, 12, 24), date(2024, 6, 30)),
        last_marac_referral=date(2024, 9, 1),
        concerns=frozenset({"children_in_household"}),
    )

    result = benchmark(score, model, forms["dash"], AreaPolicy(), assessment)

    assert result.yes_count == 12
    assert result.level is RiskLevel.HIGH
    if benchmark.stats is not None:  # None under --benchmark-disable
        assert benchmark.stats.stats.mean < 0.001
