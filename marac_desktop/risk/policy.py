"""Area settings: the thresholds, windows, counts and age that the checklist, the flags, the
agenda and the reports apply. Each value lives here only; the stored policy is read through
``services.settings.area_policy``.

When a policy is given, its thresholds replace the risk model's bands (each MARAC sets its own);
with no policy the model's bands apply and the windows and age take the defaults below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.input_files import read_input_file

SETTINGS_VERSION = 1

RANGES: dict[str, tuple[int, int]] = {
    "high_threshold": (1, 100),
    "medium_threshold": (1, 100),
    "escalation_incidents": (1, 100),
    "escalation_window_days": (1, 3660),
    "repeat_window_days": (1, 3660),
    "serial_window_days": (1, 3660),
    "minimum_victim_age": (10, 25),
}
"""Each setting's lowest and highest allowed value."""


@dataclass(frozen=True, slots=True)
class AreaPolicy:
    high_threshold: int = 14
    """Yes answers at or above which the result is (visible) high risk."""
    medium_threshold: int = 10
    """Yes answers at or above which the result is medium risk."""
    escalation_incidents: int = 3
    """Incidents within the escalation window that make potential escalation."""
    escalation_window_days: int = 365
    repeat_window_days: int = 365
    """Days after the last MARAC referral in which a new incident is a repeat."""
    serial_window_days: int = 3 * 365
    """Days within which two victims of one person make a serial-perpetrator flag."""
    minimum_victim_age: int = 16
    """Victims younger than this go to children's services, not to MARAC."""

    def __post_init__(self) -> None:
        for name, (low, high) in RANGES.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InvalidInputError(f"Field '{name}': use a whole number from {low} to {high}.")
        if self.medium_threshold >= self.high_threshold:
            raise InvalidInputError(
                f"Field 'medium_threshold': it must be lower than high_threshold "
                f"({self.high_threshold})."
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> AreaPolicy:
        """Settings from a file or the settings screen; keys left out keep their defaults."""
        names = [field.name for field in fields(cls)]
        for key in data:
            if key != "settings_version" and key not in names:
                raise InvalidInputError(
                    f"Field '{str(key)[:40]}': this is not an area setting; use {', '.join(names)}."
                )
        version = data.get("settings_version", SETTINGS_VERSION)
        if type(version) is not int or version != SETTINGS_VERSION:
            raise InvalidInputError(
                f"Field 'settings_version': this version reads settings version "
                f"{SETTINGS_VERSION} only."
            )
        values = {name: data[name] for name in names if name in data}
        return cls(**values)  # type: ignore[arg-type]  # __post_init__ checks each type

    def to_mapping(self) -> dict[str, int]:
        return {"settings_version": SETTINGS_VERSION, **asdict(self)}


def load_policy(path: Path) -> AreaPolicy:
    """An area policy file (``--policy FILE``): TOML if named ``*.toml``, otherwise JSON."""
    return AreaPolicy.from_mapping(read_input_file(path, "policy file"))
