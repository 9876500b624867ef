"""A malformed form or model file gives a ModelDefinitionError naming the file, place and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop.errors import ModelDefinitionError
from marac_desktop.risk import Answer, load_form, load_forms, load_model, load_models

GOOD_FORM = """\
id = "mini"
version = 1
title = "Mini form"
description = "A small form for tests."

[[concerns]]
id = "worry"
label = "A worry"

[[triggers]]
form = "extra"
when = { question = "a1", answer = "yes" }

[[triggers]]
form = "extra"
concern = "worry"

[[sections]]
id = "first"
title = "First"

[[sections.questions]]
id = "a1"
kind = "risk_factor"
text = "Question one?"
help = "Why it matters."
options = [{ id = "one", label = "One" }]

[[sections.questions]]
id = "a2"
kind = "risk_factor"
text = "Question two?"
help = "Why it matters."

[[sections.questions]]
id = "notes"
kind = "text"
text = "Anything else?"
help = "Free text."
"""

EXTRA_FORM = """\
id = "extra"
version = 1
title = "Extra"
description = "Follow-on."

[[sections]]
id = "only"
title = "Only"

[[sections.questions]]
id = "e1"
kind = "risk_factor"
text = "Extra?"
help = "Why."
"""

GOOD_MODEL = """\
id = "mini-model"
version = 2
title = "Mini model"
description = "Counts yes."
form = "mini"

[bands]
high = 2
medium = 1

[[red_flags]]
id = "both"
label = "both"
all_yes = ["a1"]
any_yes = ["a2"]
explanation = "Both are yes."
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def forms_folder(tmp_path: Path, mini: str = GOOD_FORM) -> Path:
    folder = tmp_path / "forms"
    write(folder, "mini.toml", mini)
    write(folder, "extra.toml", EXTRA_FORM)
    return folder


def test_good_files_load(tmp_path: Path) -> None:
    forms = load_forms(forms_folder(tmp_path))
    mini = forms["mini"]
    assert [q.id for q in mini.questions()] == ["a1", "a2", "notes"]
    assert mini.risk_factor_ids() == ("a1", "a2")
    assert mini.triggers[0].fires({"a1": Answer.YES}, ())
    assert mini.triggers[1].fires({}, {"worry"})
    model = load_model(write(tmp_path / "risk_models", "mini-model.toml", GOOD_MODEL), forms)
    assert (model.bands.high, model.bands.medium, model.version) == (2, 1, 2)
    assert model.red_flags[0].raised({"a1": Answer.YES, "a2": Answer.YES})
    assert not model.red_flags[0].raised({"a1": Answer.YES, "a2": Answer.DONT_KNOW})


FORM_ERRORS = [
    (
        'text = "Question one?"\n',
        "",
        "forms/mini.toml: question a1: key 'text' is missing",
    ),
    (
        'text = "Question one?"\n',
        'text = "Question one?"\ntxt = "typo"\n',
        "forms/mini.toml: question a1: key 'txt' is not recognised",
    ),
    (
        'kind = "risk_factor"\ntext = "Question one?"',
        'kind = "yes_no"\ntext = "Question one?"',
        "forms/mini.toml: question a1: key 'kind' must be one of risk_factor, text",
    ),
    (
        'id = "a2"',
        'id = "a1"',
        "forms/mini.toml: question a1: the id is used more than once",
    ),
    (
        "version = 1",
        'version = "1"',
        "forms/mini.toml: key 'version' must be a whole number",
    ),
    (
        'title = "Mini form"\n',
        "",
        "forms/mini.toml: key 'title' is missing",
    ),
    (
        'help = "Free text."',
        'help = "Free text."\noptions = [{ id = "x", label = "X" }]',
        "forms/mini.toml: question notes: key 'options' is only allowed on risk_factor questions",
    ),
    (
        'options = [{ id = "one", label = "One" }]',
        'options = [{ id = "one" }]',
        "forms/mini.toml: question a1: option 1: key 'label' is missing",
    ),
    (
        'id = "a2"',
        'id = "A 2"',
        "forms/mini.toml: section first: question 2: key 'id' must start with a letter",
    ),
    (
        'title = "First"',
        'title = ""',
        "forms/mini.toml: section first: key 'title' must not be empty",
    ),
    (
        'when = { question = "a1", answer = "yes" }',
        'when = { question = "zz", answer = "yes" }',
        "forms/mini.toml: trigger 1: when: question 'zz' is not in this form",
    ),
    (
        'when = { question = "a1", answer = "yes" }',
        'when = { question = "notes", answer = "yes" }',
        "forms/mini.toml: trigger 1: when: question 'notes' is not a risk_factor question",
    ),
    (
        'when = { question = "a1", answer = "yes" }',
        'when = { question = "a1", answer = "y" }',
        "forms/mini.toml: trigger 1: when: key 'answer' must be one of yes, no",
    ),
    (
        'when = { question = "a1", answer = "yes" }',
        'when = { question = "a1", answer = "yes" }\nconcern = "worry"',
        "forms/mini.toml: trigger 1: give exactly one of the keys 'when' and 'concern'",
    ),
    (
        'concern = "worry"',
        'concern = "other"',
        "forms/mini.toml: trigger 2: concern 'other' is not listed under [[concerns]]",
    ),
    (
        'id = "mini"',
        'id = "mini2"',
        "forms/mini.toml: key 'id' is 'mini2' but the file is named mini.toml",
    ),
    (
        "[[sections]]",
        "[[sections]]]",
        "forms/mini.toml: the file is not valid TOML",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), FORM_ERRORS)
def test_malformed_form(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD_FORM
    path = write(tmp_path / "forms", "mini.toml", GOOD_FORM.replace(old, new, 1))
    with pytest.raises(ModelDefinitionError) as caught:
        load_form(path)
    assert str(caught.value).startswith(message)


def test_trigger_to_unknown_form(tmp_path: Path) -> None:
    folder = forms_folder(tmp_path, GOOD_FORM.replace('form = "extra"', 'form = "ghost"', 1))
    with pytest.raises(ModelDefinitionError) as caught:
        load_forms(folder)
    assert str(caught.value) == "forms/mini.toml: trigger 1: form 'ghost' is not in forms/"


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "forms", "mini.toml", "")
    path.write_bytes(b'id = "\xff"')
    with pytest.raises(ModelDefinitionError, match=r"^forms/mini\.toml: "):
        load_form(path)


MODEL_ERRORS = [
    (
        'all_yes = ["a1"]',
        'all_yes = ["zz"]',
        "red flag both: question 'zz' is not a scored question in form mini",
    ),
    (
        'all_yes = ["a1"]',
        'all_yes = ["notes"]',
        "red flag both: question 'notes' is not a scored question",
    ),
    ('all_yes = ["a1"]\nany_yes = ["a2"]\n', "", "red flag both: give at least one question"),
    ('all_yes = ["a1"]', 'all_yes = "a1"', "red flag both: key 'all_yes' must be a list of text"),
    ("medium = 1", "medium = 2", "bands: key 'medium' must be lower than key 'high'"),
    ("high = 2", "high = 3", "bands: key 'high' is more than the 2 scored questions"),
    ("medium = 1", "", "bands: key 'medium' is missing"),
    ('form = "mini"', 'form = "ghost"', "form 'ghost' is not in the forms folder"),
    (
        'explanation = "Both are yes."',
        'explanation = "Both."\nweight = 2',
        "red flag both: key 'weight' is not recognised",
    ),
    ("version = 2", "version = 0", "key 'version' must be 1 or more"),
]


@pytest.mark.parametrize(("old", "new", "message"), MODEL_ERRORS)
def test_malformed_model(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD_MODEL
    forms = load_forms(forms_folder(tmp_path))
    folder = tmp_path / "risk_models"
    write(folder, "mini-model.toml", GOOD_MODEL.replace(old, new, 1))
    with pytest.raises(ModelDefinitionError) as caught:
        load_models(folder, forms)
    assert str(caught.value).startswith(f"risk_models/mini-model.toml: {message}")
