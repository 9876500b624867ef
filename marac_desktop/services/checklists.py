"""The shipped forms and risk models, loaded once, plus the area policy: what the wizard asks."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from marac_desktop import paths
from marac_desktop.errors import ModelDefinitionError
from marac_desktop.risk import (
    AreaPolicy,
    AssessmentInput,
    FormDefinition,
    RiskModel,
    RiskResult,
    load_forms,
    load_models,
    score,
)

MAIN_FORM = "dash"


@functools.cache
def definitions() -> tuple[Mapping[str, FormDefinition], Mapping[str, RiskModel]]:
    forms = load_forms(paths.forms_dir())
    return forms, load_models(paths.risk_models_dir(), forms)


@dataclass(frozen=True, slots=True)
class Checklist:
    """The main form, its follow-on forms, the model that scores it and the area's rules."""

    form: FormDefinition
    follow_ons: Mapping[str, FormDefinition]
    model: RiskModel
    policy: AreaPolicy

    def score(self, assessment: AssessmentInput) -> RiskResult:
        """Pure and fast (well under a millisecond): safe to call on every click."""
        return score(self.model, self.form, self.policy, assessment)


def checklist(policy: AreaPolicy, form_id: str = MAIN_FORM) -> Checklist:
    forms, models = definitions()
    form = forms[form_id]
    matching = [m for m in models.values() if m.form == form_id]
    if len(matching) != 1:
        raise ModelDefinitionError(f"Form {form_id} needs exactly one risk model to score it.")
    follow_ons = {t.form: forms[t.form] for t in form.triggers}
    return Checklist(form, follow_ons, matching[0], policy)
