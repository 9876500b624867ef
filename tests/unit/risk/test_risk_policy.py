"""AreaPolicy: the defaults (docs/architecture.md, "Where each rule lives"), mapping round
trip, validation and policy files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AreaPolicy, load_policy


def test_defaults_match_the_design() -> None:
    policy = AreaPolicy()
    assert policy.high_threshold == 14
    assert policy.medium_threshold == 10
    assert policy.escalation_incidents == 3
    assert policy.escalation_window_days == 365
    assert policy.repeat_window_days == 365
    assert policy.minimum_victim_age == 16


def test_mapping_round_trip() -> None:
    policy = AreaPolicy(high_threshold=15, escalation_window_days=182)
    mapping = policy.to_mapping()
    assert mapping["settings_version"] == 1
    assert AreaPolicy.from_mapping(mapping) == policy


def test_missing_keys_keep_defaults() -> None:
    assert AreaPolicy.from_mapping({"repeat_window_days": 180}) == AreaPolicy(
        repeat_window_days=180
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"high_threshold": 0}, "high_threshold"),
        ({"high_threshold": 101}, "high_threshold"),
        ({"high_threshold": "14"}, "high_threshold"),
        ({"high_threshold": 14.0}, "high_threshold"),
        ({"escalation_incidents": True}, "escalation_incidents"),
        ({"escalation_window_days": 0}, "escalation_window_days"),
        ({"repeat_window_days": 5000}, "repeat_window_days"),
        ({"minimum_victim_age": 5}, "minimum_victim_age"),
        ({"medium_threshold": 14}, "medium_threshold"),
        ({"high_threshold": 9}, "medium_threshold"),
        ({"high_treshold": 12}, "high_treshold"),
        ({"settings_version": 2}, "settings_version"),
    ],
)
def test_bad_settings_name_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        AreaPolicy.from_mapping(data)
    assert str(caught.value).startswith(f"Field '{field}': ")
    assert str(caught.value).endswith(".")


def test_load_toml_policy(tmp_path: Path) -> None:
    path = tmp_path / "area.toml"
    path.write_text("high_threshold = 12\nmedium_threshold = 8\n", encoding="utf-8")
    assert load_policy(path) == AreaPolicy(high_threshold=12, medium_threshold=8)


def test_load_json_policy(tmp_path: Path) -> None:
    path = tmp_path / "area.json"
    path.write_text('{"escalation_incidents": 5}', encoding="utf-8")
    assert load_policy(path) == AreaPolicy(escalation_incidents=5)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("area.toml", "high_threshold = \n", "is not valid TOML"),
        ("area.json", "{", "is not valid JSON"),
        ("area.json", "[1, 2]", "must hold one JSON object"),
        ("area.json", '{"high_threshold": 12, "high_threshold": 13}', "twice"),
        ("area.json", '{"high_threshold": NaN}', "is not valid JSON"),
    ],
)
def test_bad_policy_files(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=expected):
        load_policy(path)


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"^The policy file nope\.toml does not exist"):
        load_policy(tmp_path / "nope.toml")


def test_each_range_takes_its_lowest_and_highest_value() -> None:
    lowest = AreaPolicy(
        high_threshold=2,
        medium_threshold=1,
        escalation_incidents=1,
        escalation_window_days=1,
        repeat_window_days=1,
        serial_window_days=1,
        minimum_victim_age=10,
    )
    highest = AreaPolicy(
        high_threshold=100,
        medium_threshold=99,
        escalation_incidents=100,
        escalation_window_days=3660,
        repeat_window_days=3660,
        serial_window_days=3660,
        minimum_victim_age=25,
    )
    assert (lowest.medium_threshold, highest.high_threshold) == (1, 100)


def test_an_unknown_setting_is_named_short_with_the_settings_there_are() -> None:
    with pytest.raises(InvalidInputError) as caught:
        AreaPolicy.from_mapping({"x" * 60: 1})
    assert str(caught.value) == (
        f"Field '{'x' * 40}': this is not an area setting; use high_threshold, medium_threshold, "
        "escalation_incidents, escalation_window_days, repeat_window_days, serial_window_days, "
        "minimum_victim_age."
    )
