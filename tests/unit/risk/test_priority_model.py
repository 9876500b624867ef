"""The priority model loader: the shipped file, each rule it checks (one sentence naming the file,
the place and the key), and writing a model back to TOML text that reads back the same."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.domain.records import IncidentKind
from marac_desktop.errors import ModelDefinitionError
from marac_desktop.paths import priority_models_dir
from marac_desktop.risk import FormDefinition
from marac_desktop.risk.priority_model import (
    FactorWeight,
    FrequencyBand,
    PriorityModel,
    RecencyBand,
    VictimWeights,
    default_priority_model,
    load_priority_model,
    priority_model_from_text,
    priority_model_to_toml,
)

SHIPPED = priority_models_dir() / "matac-priority.toml"
TEXT = SHIPPED.read_text(encoding="utf-8")
SETTINGS = "settings: perpetrator priority model"


def from_text(text: str, dash: FormDefinition) -> PriorityModel:
    return priority_model_from_text(text, SETTINGS, dash)


def test_the_shipped_model(dash: FormDefinition) -> None:
    model = load_priority_model(SHIPPED, dash)
    assert model == default_priority_model()
    assert (model.id, model.version, model.window_days) == ("matac-priority", 1, 365)
    assert model.recency == (
        RecencyBand(30, 20),
        RecencyBand(90, 12),
        RecencyBand(182, 6),
        RecencyBand(365, 2),
    )
    assert model.frequency == (
        FrequencyBand(1, 3),
        FrequencyBand(2, 8),
        FrequencyBand(3, 15),
        FrequencyBand(5, 25),
    )
    assert [weight.kind for weight in model.incident_kinds] == list(IncidentKind)
    assert model.factors[0] == FactorWeight("q15", 12, "non-fatal strangulation reported")
    assert model.victims == VictimWeights(10, per_victim_beyond_two=5, child=8, pregnant=6)


def test_text_reads_like_the_file_and_the_optional_parts_may_be_left_out(
    dash: FormDefinition,
) -> None:
    assert from_text(TEXT, dash) == load_priority_model(SHIPPED, dash)
    start, end = TEXT.index("[[factors]]"), TEXT.index("[victims]")
    text = TEXT[:start] + "[victims]\nmore_than_one = 4\n"
    bare = from_text(text, dash)
    assert (bare.factors, bare.victims) == ((), VictimWeights(4))
    assert end > start


# Each rule: a change to the shipped text and the one sentence it gives, after "settings: ...: ".
TEXT_ERRORS = [
    ("window_days = 365", "windows_days = 365", "key 'windows_days' is not recognised"),
    ("window_days = 365", "", "key 'window_days' is missing"),
    ('id = "matac-priority"', 'id = "MATAC priority"', "key 'id' must start with a letter"),
    ("version = 1", "version = 0", "key 'version' must be 1 or more"),
    ('title = "Perpetrator', "title = 3 #", "key 'title' must be text"),
    ("window_days = 365", "window_days = 0", "key 'window_days' must be 1 or more"),
    ("window_days = 365", "window_days = 4000", "key 'window_days' must be 3,660 or less"),
    ("window_days = 365", 'window_days = "365"', "key 'window_days' must be a whole number"),
    (
        "within_days = 90\n",
        "within_days = 30\n",
        "recency band 2: key 'within_days' must be more than recency band 1's (30)",
    ),
    (
        "within_days = 90\npoints = 12",
        "within_days = 90\npoints = 21",
        "recency band 2: key 'points' must not be more than recency band 1's (20)",
    ),
    (
        "within_days = 365",
        "within_days = 366",
        "recency band 4: key 'within_days' is more than window_days (365)",
    ),
    ("within_days = 30\n", "within_days = -1\n", "recency band 1: key 'within_days' must be 0"),
    (
        "within_days = 30\npoints = 20",
        "within_days = 30",
        "recency band 1: key 'points' is missing",
    ),
    (
        "within_days = 30\n",
        "within_days = 30\nweight = 2\n",
        "recency band 1: key 'weight' is not recognised",
    ),
    ("points = 20", "points = 1001", "recency band 1: key 'points' must be 1,000 or less"),
    (
        "min_incidents = 3",
        "min_incidents = 2",
        "frequency band 3: key 'min_incidents' must be more than frequency band 2's (2)",
    ),
    (
        "min_incidents = 5\npoints = 25",
        "min_incidents = 5\npoints = 14",
        "frequency band 4: key 'points' must not be less than frequency band 3's (15)",
    ),
    ("min_incidents = 1", "min_incidents = 0", "frequency band 1: key 'min_incidents' must be 1"),
    ("threats = 5\n", "", "incident_kinds: key 'threats' is missing"),
    ("threats = 5\n", "threats = 5\narson = 9\n", "incident_kinds: key 'arson' is not recognised"),
    ("threats = 5\n", "threats = -5\n", "incident_kinds: key 'threats' must be 0 or more"),
    ("threats = 5\n", "threats = 5.5\n", "incident_kinds: key 'threats' must be a whole number"),
    ('question = "q15"', 'question = "q99"', "factor q99: question 'q99' is not in form dash"),
    (
        'question = "q15"',
        'question = "own_fears"',
        "factor own_fears: question 'own_fears' is not a risk_factor question in dash",
    ),
    ('question = "q13"', 'question = "q15"', "factor q15: the id is used more than once"),
    (
        'label = "non-fatal strangulation reported"',
        'label = " "',
        "factor q15: key 'label' must not be empty",
    ),
    ('question = "q15"', 'question = "Q 15"', "factor 1: key 'question' must start with a"),
    ("more_than_one = 10", "more_than_one = 0", "victims: key 'more_than_one' must be 1 or more"),
    ("child = 8", "children = 8", "victims: key 'children' is not recognised"),
    ("[victims]", "[victim]", "key 'victim' is not recognised"),
]


@pytest.mark.parametrize(("old", "new", "message"), TEXT_ERRORS)
def test_each_rule_gives_one_sentence_naming_the_place_and_key(
    old: str, new: str, message: str, dash: FormDefinition
) -> None:
    assert old in TEXT
    with pytest.raises(ModelDefinitionError) as caught:
        from_text(TEXT.replace(old, new, 1), dash)
    assert str(caught.value).startswith(f"{SETTINGS}: {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("key", ["recency", "frequency"])
def test_at_least_one_band_of_each(key: str, dash: FormDefinition) -> None:
    no_bands: dict[str, Any] = {key: ()}
    written = priority_model_to_toml(replace(default_priority_model(), **no_bands))
    with pytest.raises(ModelDefinitionError) as caught:
        from_text(written, dash)
    assert str(caught.value) == f"{SETTINGS}: key '{key}' is missing"
    empty = written.replace("window_days = 365\n", f"window_days = 365\n{key} = []\n")
    with pytest.raises(ModelDefinitionError) as caught:
        from_text(empty, dash)
    assert str(caught.value) == f"{SETTINGS}: key '{key}' must not be empty"


def test_text_that_is_not_toml(dash: FormDefinition) -> None:
    with pytest.raises(ModelDefinitionError) as caught:
        from_text(TEXT + "\nwindow_days = \n", dash)
    assert str(caught.value).startswith(f"{SETTINGS}: the text is not valid TOML (")


def test_a_file_names_itself_and_must_carry_its_own_id(
    tmp_path: Path, dash: FormDefinition
) -> None:
    folder = tmp_path / "priority"
    folder.mkdir()
    other = folder / "other.toml"
    other.write_text(TEXT, encoding="utf-8")
    with pytest.raises(ModelDefinitionError) as caught:
        load_priority_model(other, dash)
    assert str(caught.value) == (
        "priority/other.toml: key 'id' is 'matac-priority' but the file is named other.toml"
    )
    broken = folder / "matac-priority.toml"
    broken.write_text(TEXT.replace("threats = 5\n", "threats = -1\n"), encoding="utf-8")
    with pytest.raises(ModelDefinitionError) as caught:
        load_priority_model(broken, dash)
    assert str(caught.value) == (
        "priority/matac-priority.toml: incident_kinds: key 'threats' must be 0 or more"
    )
    with pytest.raises(ModelDefinitionError, match="^priority/gone.toml: the file could not"):
        load_priority_model(folder / "gone.toml", dash)


def test_the_readme_example_error_is_the_real_one(dash: FormDefinition) -> None:
    readme = (priority_models_dir() / "README.md").read_text(encoding="utf-8")
    with pytest.raises(ModelDefinitionError) as caught:
        priority_model_from_text(
            TEXT.replace("within_days = 90\n", "within_days = 30\n", 1),
            "priority/matac-priority.toml",
            dash,
        )
    assert f"`{caught.value}`" in readme


def test_the_shipped_model_round_trips_through_toml_text(dash: FormDefinition) -> None:
    model = default_priority_model()
    text = priority_model_to_toml(model)
    assert from_text(text, dash) == model
    assert priority_model_to_toml(from_text(text, dash)) == text


plain_text = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t != "")
points = st.integers(min_value=0, max_value=1000)


@given(
    title=plain_text,
    description=plain_text,
    label=plain_text,
    version=st.integers(min_value=1, max_value=10**6),
    kind_points=st.lists(points, min_size=len(IncidentKind), max_size=len(IncidentKind)),
    victims=st.builds(VictimWeights, st.integers(1, 1000), points, points, points),
)
def test_edited_weights_and_any_words_round_trip(
    dash: FormDefinition,
    title: str,
    description: str,
    label: str,
    version: int,
    kind_points: list[int],
    victims: VictimWeights,
) -> None:
    model = default_priority_model()
    edited = replace(
        model,
        title=title,
        description=description,
        version=version,
        factors=(replace(model.factors[0], label=label), *model.factors[1:]),
        incident_kinds=tuple(
            replace(weight, points=p)
            for weight, p in zip(model.incident_kinds, kind_points, strict=True)
        ),
        victims=victims,
    )
    assert from_text(priority_model_to_toml(edited), dash) == edited


def test_an_edited_model_that_breaks_a_rule_is_refused_on_reading_back(
    dash: FormDefinition,
) -> None:
    model = default_priority_model()
    rising = replace(model, recency=(RecencyBand(30, 5), RecencyBand(90, 9)))
    with pytest.raises(ModelDefinitionError) as caught:
        from_text(priority_model_to_toml(rising), dash)
    assert str(caught.value) == (
        f"{SETTINGS}: recency band 2: key 'points' must not be more than recency band 1's (5)"
    )
