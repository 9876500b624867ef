"""services.scoring.score_file: reading the answers file, choosing the model, bad files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AssessmentInput, Bands, RiskModel
from marac_desktop.services.scoring import choose_model, score_file

TODAY = date(2025, 3, 10)
ANSWERS: dict[str, Any] = {
    "form": "dash",
    "assessment_date": "2025-03-01",
    "answers": {f"q{n}": "yes" if n <= 14 else "no" for n in range(1, 25)},
}


def write(tmp_path: Path, content: str, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_scores_a_file(tmp_path: Path) -> None:
    result = score_file(write(tmp_path, json.dumps(ANSWERS)), None, TODAY)
    assert result["yes_count"] == 14
    assert result["level"] == "high"
    assert result["refer_to_marac"] is True
    assert result["model"] == "dash-safelives"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(ANSWERS).encode())
    assert score_file(path, None, TODAY)["yes_count"] == 14


def test_policy_file_changes_thresholds(tmp_path: Path) -> None:
    policy = write(tmp_path, "high_threshold = 15\nmedium_threshold = 12\n", "area.toml")
    result = score_file(write(tmp_path, json.dumps(ANSWERS)), policy, TODAY)
    assert result["level"] == "medium"
    assert result["refer_to_marac"] is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", r"^The answers file answers\.json is not valid JSON \(line 1, column 2: "),
        ("[]", r"^The answers file answers\.json must hold one JSON object"),
        ('{"form": "dash", "form": "dash"}', r"has the key 'form' twice; keep only one\.$"),
        ('{"victim_age": Infinity}', r"is not valid JSON\.$"),
        ("[" * 100_000, r"is not valid JSON"),
        (
            json.dumps(ANSWERS | {"form": "stalking", "answers": {}}),
            r"^Field 'form': no risk model",
        ),
        (json.dumps(ANSWERS | {"model": "other-model"}), r"^Field 'model': there is no risk model"),
    ],
)
def test_bad_answers_files(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        score_file(write(tmp_path, content), None, TODAY)


def test_missing_answers_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        score_file(tmp_path / "gone.json", None, TODAY)
    assert str(caught.value) == "The answers file gone.json does not exist; check the path."


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="could not be read"):
        score_file(tmp_path, None, TODAY)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(b'{"form": "\xff"}')
    with pytest.raises(InvalidInputError, match="is not UTF-8 text"):
        score_file(path, None, TODAY)


def test_choose_model_needs_a_name_when_a_form_has_two() -> None:
    bands = Bands(high=14, medium=10)
    models = {
        "a": RiskModel("a", 1, "A", "A", "dash", bands),
        "b": RiskModel("b", 1, "B", "B", "dash", bands),
    }
    assessment = AssessmentInput("dash", date(2025, 3, 1), {})
    with pytest.raises(InvalidInputError, match=r"^Field 'model': .* name one of a, b\.$"):
        choose_model(models, assessment)
    named = AssessmentInput("dash", date(2025, 3, 1), {}, model_id="b")
    assert choose_model(models, named).id == "b"
