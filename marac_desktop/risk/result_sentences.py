"""The explanation sentences of a RiskResult, sorted by what each one explains.

``score()`` writes them in a fixed order: the score, the gaps (don't know, not answered), the
professional judgement, potential escalation, repeat, one per red flag, and the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from marac_desktop.domain.criteria import Criterion
from marac_desktop.risk.result import RiskResult


@dataclass(frozen=True, slots=True)
class ResultSentences:
    score: str
    gaps: tuple[str, ...]
    judgement: str
    escalation: str
    repeat: str
    red_flags: tuple[str, ...]
    """One per raised red flag, in the order of ``RiskResult.red_flags``."""
    outcome: str

    def criterion(self, criterion: Criterion) -> str:
        return {
            Criterion.VISIBLE_HIGH_RISK: self.score,
            Criterion.PROFESSIONAL_JUDGEMENT: self.judgement,
            Criterion.POTENTIAL_ESCALATION: self.escalation,
            Criterion.REPEAT: self.repeat,
        }[criterion]


def sentences_of(result: RiskResult) -> ResultSentences:
    sentences = result.explanations
    gaps = int(result.dont_know_count > 0) + int(bool(result.unanswered))
    flags = len(result.red_flags)
    expected = 1 + gaps + 3 + flags + 1
    if len(sentences) != expected:
        raise ValueError(f"expected {expected} explanation sentences, got {len(sentences)}")
    after_gaps = 1 + gaps
    return ResultSentences(
        score=sentences[0],
        gaps=tuple(sentences[1:after_gaps]),
        judgement=sentences[after_gaps],
        escalation=sentences[after_gaps + 1],
        repeat=sentences[after_gaps + 2],
        red_flags=tuple(sentences[after_gaps + 3 : after_gaps + 3 + flags]),
        outcome=sentences[-1],
    )
