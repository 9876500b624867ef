"""The four MARAC referral criteria, their labels, and which of them a referral or result meets.

The stored keys (database columns, JSON keys, bundle fields) are the criterion values, so the
labels can change without touching stored data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Criterion(StrEnum):
    """Any one criterion is enough to refer a case to MARAC."""

    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"

    @property
    def label(self) -> str:
        """Lower-case words for running text and the agenda: "visible high risk"."""
        return self.value.replace("_", " ")

    @property
    def heading(self) -> str:
        """The label as a heading or tick box starts: "Visible high risk"."""
        return self.label.capitalize()


@dataclass(frozen=True, slots=True)
class ReferralCriteria:
    """Which criteria are met: ticked by a referrer, or worked out by scoring an assessment."""

    visible_high_risk: bool = False
    professional_judgement: bool = False
    potential_escalation: bool = False
    repeat: bool = False

    @classmethod
    def of(cls, met: Iterable[Criterion]) -> ReferralCriteria:
        return cls(**{criterion.value: True for criterion in met})

    @classmethod
    def from_mapping(cls, values: dict[str, bool]) -> ReferralCriteria:
        """From stored ``{key: bool}``; keys other than the four criteria are ignored."""
        return cls(**{c.value: bool(values.get(c.value, False)) for c in Criterion})

    def has(self, criterion: Criterion) -> bool:
        return bool(getattr(self, criterion.value))

    def met(self) -> tuple[Criterion, ...]:
        """The criteria met, in the order the criteria are listed."""
        return tuple(c for c in Criterion if self.has(c))

    def any(self) -> bool:
        return bool(self.met())

    def to_json_dict(self) -> dict[str, bool]:
        return {c.value: self.has(c) for c in Criterion}
