"""The fixed vocabularies of the risk layer: answers, question kinds, risk levels, age routes."""

from __future__ import annotations

from enum import StrEnum


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont_know"
    NOT_ASKED = "not_asked"


class QuestionKind(StrEnum):
    RISK_FACTOR = "risk_factor"
    """Answered yes, no, don't know or not asked; a yes counts towards the score."""
    TEXT = "text"
    """Free text, often in the victim's own words; never scored."""


class RiskLevel(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Order of severity. Compare ranks, never the strings ("high" < "medium" as text)."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {RiskLevel.STANDARD: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


class AgeRoute(StrEnum):
    """Where a victim goes instead of MARAC because of their age."""

    CHILDRENS_SERVICES = "childrens_services"
