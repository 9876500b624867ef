"""Table-driven golden cases from tests/data/risk/golden_cases.json, run through score_file.

Each case is a literal answers file (usable with ``marac-desktop score``), an optional area
policy and the expected values of some result keys. ``explanations_include`` lists sentences that
must appear; ``prompt_ids`` is the exact list of prompt ids.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from marac_desktop.services.scoring import score_file

CASES_FILE = Path(__file__).resolve().parents[2] / "data" / "risk" / "golden_cases.json"
CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_golden_case(tmp_path: Path, case: dict[str, Any]) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(case["answers_file"]), encoding="utf-8")
    policy = None
    if "policy" in case:
        policy = tmp_path / "policy.json"
        policy.write_text(json.dumps(case["policy"]), encoding="utf-8")

    result = score_file(answers, policy, date.fromisoformat(case["today"]))

    expected = dict(case["expected"])
    for sentence in expected.pop("explanations_include", []):
        assert sentence in result["explanations"]  # type: ignore[operator]
    if "prompt_ids" in expected:
        prompts: list[dict[str, str]] = result["prompts"]  # type: ignore[assignment]
        assert [prompt["id"] for prompt in prompts] == expected.pop("prompt_ids")
    for key, value in expected.items():
        assert result[key] == value, key
    assert json.loads(json.dumps(result)) == result, "the result must be plain JSON"


def test_every_case_has_a_unique_name() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
