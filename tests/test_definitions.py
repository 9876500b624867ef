"""Load EVERY file in forms/, risk_models/ and risk_models/priority/ and check what the rest of
the app relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop.domain.records import IncidentKind
from marac_desktop.paths import forms_dir, priority_models_dir, risk_models_dir
from marac_desktop.risk import (
    FormDefinition,
    QuestionKind,
    RiskModel,
    load_form,
    load_forms,
    load_model,
    load_models,
)
from marac_desktop.risk.priority_model import load_priority_model

FORM_FILES = sorted(forms_dir().glob("*.toml"))
MODEL_FILES = sorted(risk_models_dir().glob("*.toml"))
PRIORITY_FILES = sorted(priority_models_dir().glob("*.toml"))


@pytest.fixture(scope="module")
def forms() -> dict[str, FormDefinition]:
    return load_forms(forms_dir())


@pytest.fixture(scope="module")
def models(forms: dict[str, FormDefinition]) -> dict[str, RiskModel]:
    return load_models(risk_models_dir(), forms)


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.name for p in FORM_FILES])
def test_each_form_file_loads(path: Path) -> None:
    form = load_form(path)
    assert form.id == path.stem
    assert form.version >= 1
    assert all(section.questions for section in form.sections)


@pytest.mark.parametrize("path", MODEL_FILES, ids=[p.name for p in MODEL_FILES])
def test_each_model_file_validates_against_its_form(
    path: Path, forms: dict[str, FormDefinition]
) -> None:
    model = load_model(path, forms)
    scored = forms[model.form].risk_factor_ids()
    for flag in model.red_flags:
        assert set(flag.all_yes) | set(flag.any_yes) <= set(scored)
    assert model.bands.medium < model.bands.high <= len(scored)


@pytest.mark.parametrize(
    ("folder", "subfolders"),
    [(forms_dir(), set()), (risk_models_dir(), {"priority"}), (priority_models_dir(), set())],
)
def test_folders_hold_only_definitions_and_readme(folder: Path, subfolders: set[str]) -> None:
    names = {path.name for path in folder.iterdir()}
    assert "README.md" in names
    assert {name for name in names if not name.endswith(".toml")} == {"README.md"} | subfolders


@pytest.mark.parametrize("path", PRIORITY_FILES, ids=[p.name for p in PRIORITY_FILES])
def test_each_priority_model_file_validates_against_the_dash_form(
    path: Path, forms: dict[str, FormDefinition]
) -> None:
    model = load_priority_model(path, forms["dash"])
    assert set(IncidentKind) == {weight.kind for weight in model.incident_kinds}
    assert {factor.question for factor in model.factors} <= set(forms["dash"].risk_factor_ids())


def test_the_risk_models_loader_leaves_the_priority_models_alone(
    models: dict[str, RiskModel],
) -> None:
    assert set(models) == {path.stem for path in MODEL_FILES} == {"dash-safelives"}


def test_the_expected_forms_are_shipped(forms: dict[str, FormDefinition]) -> None:
    assert set(forms) == {"dash", "stalking", "honour-based-abuse", "children-dependants"}


def test_dash_has_24_risk_factors_in_published_order(forms: dict[str, FormDefinition]) -> None:
    assert forms["dash"].risk_factor_ids() == tuple(f"q{n}" for n in range(1, 25))


def test_dash_ends_with_the_victims_own_words(forms: dict[str, FormDefinition]) -> None:
    questions = forms["dash"].questions_by_id()
    for question_id in ("own_fears", "own_feared_people", "own_safety_priorities"):
        assert questions[question_id].kind is QuestionKind.TEXT
        assert questions[question_id].own_words
    assert questions["other_information"].kind is QuestionKind.TEXT


@pytest.mark.parametrize(
    ("form_id", "prefix", "count"),
    [("stalking", "s", 11), ("honour-based-abuse", "h", 10), ("children-dependants", "c", 10)],
)
def test_follow_on_forms(
    forms: dict[str, FormDefinition], form_id: str, prefix: str, count: int
) -> None:
    assert forms[form_id].risk_factor_ids() == tuple(f"{prefix}{n}" for n in range(1, count + 1))


def test_dash_triggers_open_the_follow_on_forms(forms: dict[str, FormDefinition]) -> None:
    triggers = {
        (t.form, t.when.question if t.when else None, t.concern) for t in forms["dash"].triggers
    }
    assert triggers == {
        ("stalking", "q8", None),
        ("honour-based-abuse", "q4", None),
        ("honour-based-abuse", None, "honour_based_abuse"),
        ("children-dependants", None, "children_in_household"),
    }


def test_hba_form_asks_services_to_review_against_licensed_h_dash(
    forms: dict[str, FormDefinition],
) -> None:
    assert "licensed H-DASH" in forms["honour-based-abuse"].description


def test_every_question_has_help(forms: dict[str, FormDefinition]) -> None:
    for form in forms.values():
        for question in form.questions():
            assert question.help, f"{form.id} {question.id}"


def test_dash_model(models: dict[str, RiskModel]) -> None:
    model = models["dash-safelives"]
    assert model.form == "dash"
    assert (model.bands.high, model.bands.medium) == (14, 10)
    flags = {flag.id: (flag.all_yes, flag.any_yes) for flag in model.red_flags}
    assert flags == {
        "strangulation": (("q15",), ()),
        "threats_to_kill": (("q14",), ()),
        "weapons": (("q13",), ()),
        "separation": (("q6",), ()),
        "stalking": (("q8",), ()),
        "escalation": ((), ("q10", "q11")),
        "pregnancy": (("q9",), ()),
        "cluster": (("q6", "q12"), ("q1", "q13", "q15", "q16")),
    }
