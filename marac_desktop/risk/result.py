"""The explained outcome of scoring one assessment."""

from __future__ import annotations

from dataclasses import dataclass

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.risk.codes import AgeRoute, RiskLevel


@dataclass(frozen=True, slots=True)
class Prompt:
    """Something the practitioner should consider or do next."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class RiskResult:
    form_id: str
    form_version: int
    model_id: str
    model_version: int
    yes_count: int
    dont_know_count: int
    question_count: int
    """How many risk-factor questions the form has."""
    unanswered: tuple[str, ...]
    """Risk factors with no answer or answered not_asked, in form order."""
    high_threshold: int
    medium_threshold: int
    actuarial_level: RiskLevel
    """The level from the score alone."""
    level: RiskLevel
    """The level after professional judgement, which may raise it but never lower it."""
    red_flags: tuple[str, ...]
    criteria: ReferralCriteria
    refer_to_marac: bool
    age_route: AgeRoute | None
    follow_on: tuple[str, ...]
    """Ids of follow-on forms whose triggers fired."""
    prompts: tuple[Prompt, ...]
    explanations: tuple[str, ...]
    """One plain sentence per criterion, red flag and outcome, with the figures."""

    def to_json_dict(self) -> dict[str, object]:
        return {
            "form": self.form_id,
            "form_version": self.form_version,
            "model": self.model_id,
            "model_version": self.model_version,
            "yes_count": self.yes_count,
            "dont_know_count": self.dont_know_count,
            "question_count": self.question_count,
            "unanswered": list(self.unanswered),
            "thresholds": {"high": self.high_threshold, "medium": self.medium_threshold},
            "actuarial_level": str(self.actuarial_level),
            "level": str(self.level),
            "red_flags": list(self.red_flags),
            "criteria": self.criteria.to_json_dict(),
            "refer_to_marac": self.refer_to_marac,
            "age_route": None if self.age_route is None else str(self.age_route),
            "follow_on": list(self.follow_on),
            "prompts": [{"id": prompt.id, "text": prompt.text} for prompt in self.prompts],
            "explanations": list(self.explanations),
        }
