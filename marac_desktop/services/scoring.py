"""Score an answers file with no database: the ``marac-desktop score ANSWERS.json`` use-case."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from marac_desktop import paths
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import (
    AssessmentInput,
    RiskModel,
    load_forms,
    load_models,
    load_policy,
    parse_answers_json,
    score,
)
from marac_desktop.risk.input_files import read_input_file


def score_file(path: Path, policy_path: Path | None, today: date) -> dict[str, object]:
    """The JSON-ready result of scoring ``path``; bad input raises InvalidInputError."""
    policy = None if policy_path is None else load_policy(policy_path)
    data = read_input_file(path, "answers file")
    forms = load_forms(paths.forms_dir())
    assessment = parse_answers_json(data, forms, today)
    model = choose_model(load_models(paths.risk_models_dir(), forms), assessment)
    return score(model, forms[assessment.form_id], policy, assessment).to_json_dict()


def choose_model(models: Mapping[str, RiskModel], assessment: AssessmentInput) -> RiskModel:
    """The model named in the answers, or else the only model for their form."""
    if assessment.model_id is not None:
        model = models.get(assessment.model_id)
        if model is None or model.form != assessment.form_id:
            raise InvalidInputError(
                f"Field 'model': there is no risk model {assessment.model_id} for form "
                f"{assessment.form_id}."
            )
        return model
    matching = [model for model in models.values() if model.form == assessment.form_id]
    if not matching:
        raise InvalidInputError(
            f"Field 'form': no risk model scores form {assessment.form_id}; "
            "score answers to a form that has a model, such as dash."
        )
    if len(matching) > 1:
        raise InvalidInputError(
            f"Field 'model': form {assessment.form_id} has more than one risk model; "
            f"name one of {', '.join(sorted(model.id for model in matching))}."
        )
    return matching[0]
