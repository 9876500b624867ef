"""Which referral criteria a case on a meeting list meets, and where each one comes from.

The agenda and meeting mode show the criteria the record bears out, not only the referrer's
ticks:

- **visible high risk** when the latest completed assessment dated on or before the day the
  case's list closed scored at or above the high threshold of the policy it was scored under;
- **professional judgement** when that assessment raised the level by the assessor's judgement;
- **potential escalation** when the case has at least the policy's count of incidents in the
  escalation window ending on the day the list closed;
- **repeat** when an incident (or the referral itself) came within the repeat window after the
  case's previous MARAC referral.

A criterion the referrer ticked that the record does not bear out (visible high risk beside a
score below the threshold, say) is shown once as the referrer's professional judgement, so the
meeting sees both that the referrer judged the case high risk and that the record does not show
it. Every window counts its last day, as the flags do (``risk.flags``).

The list closes on the meeting's cut-off; a referral listed after the cut-off (a repeat or a
transfer in) closes on its own day, never after the meeting day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.risk.policy import AreaPolicy


class CriterionSource(StrEnum):
    SCORE = "score"
    """The assessment's score reached the high threshold."""
    ASSESSOR = "assessor"
    """The assessor raised the level by professional judgement."""
    INCIDENTS = "incidents"
    """The incidents recorded in the escalation window."""
    HISTORY = "history"
    """The case's earlier MARAC referral."""
    REFERRER = "referrer"
    """Ticked by the referrer and not borne out by the record."""


_JUDGED_BY = {CriterionSource.ASSESSOR: "assessor", CriterionSource.REFERRER: "referrer"}


@dataclass(frozen=True, slots=True)
class ScoredAssessment:
    """A completed assessment, as the criteria need it."""

    day: date
    yes_count: int
    high_threshold: int
    """The high threshold of the policy it was scored under."""
    judgement_raised: bool
    level: str


@dataclass(frozen=True, slots=True)
class CaseCriteriaFacts:
    """What the record holds for one case's current referral."""

    referral_day: date
    ticked: ReferralCriteria
    """What the referrer ticked."""
    earlier_referral_days: Sequence[date] = ()
    """The days of the case's other MARAC referrals (any before the current one count)."""
    incident_days: Sequence[date] = ()
    assessments: Sequence[ScoredAssessment] = ()
    """The case's completed assessments in the order they were saved."""


@dataclass(frozen=True, slots=True)
class ShownCriterion:
    criterion: Criterion
    source: CriterionSource

    @property
    def text(self) -> str:
        """How the agenda words it: "visible high risk", "professional judgement (referrer)"."""
        judged_by = _JUDGED_BY.get(self.source)
        return f"{self.criterion.label} ({judged_by})" if judged_by else self.criterion.label


@dataclass(frozen=True, slots=True)
class CaseCriteria:
    shown: tuple[ShownCriterion, ...]
    """In the order the criteria are listed; each criterion at most once."""
    assessment: ScoredAssessment | None
    """The assessment the criteria were read from (and the agenda shows the level of)."""
    closed_on: date
    """The day the case's list closed: what the windows end on."""

    def texts(self) -> tuple[str, ...]:
        return tuple(shown.text for shown in self.shown)

    def from_record(self, criterion: Criterion) -> bool:
        """Whether the record (not the referrer's tick alone) bears the criterion out."""
        return any(
            s.criterion is criterion and s.source is not CriterionSource.REFERRER
            for s in self.shown
        )


def list_closed_on(referral_day: date, cutoff: date, meeting_day: date) -> date:
    """The cut-off, or the referral's own day for one listed after it (never after the meeting)."""
    return min(max(cutoff, referral_day), meeting_day)


class Dated(Protocol):
    @property
    def day(self) -> date: ...


DatedT = TypeVar("DatedT", bound=Dated)


def latest_assessment(assessments: Sequence[DatedT], on_or_before: date) -> DatedT | None:
    """The newest completed assessment dated on or before the day (later ones are ignored); of
    two on one day, the one saved later."""
    dated = [a for a in reversed(assessments) if a.day <= on_or_before]
    return max(dated, key=lambda a: a.day) if dated else None


def incidents_in_window(incident_days: Sequence[date], closed_on: date, window_days: int) -> int:
    start = closed_on - timedelta(days=window_days)
    return sum(1 for day in incident_days if start <= day <= closed_on)


@dataclass(frozen=True, slots=True)
class RepeatEvidence:
    previous_referral: date
    """The case's latest MARAC referral before the current one."""
    event_day: date
    """The first incident (or the referral itself) inside the window after it."""
    is_referral: bool
    """Whether ``event_day`` is the current referral's own day, not an incident's."""


def previous_referral(facts: CaseCriteriaFacts) -> date | None:
    """The case's latest MARAC referral dated before the current one."""
    earlier = (day for day in facts.earlier_referral_days if day < facts.referral_day)
    return max(earlier, default=None)


def repeat_evidence(
    facts: CaseCriteriaFacts, closed_on: date, window_days: int
) -> RepeatEvidence | None:
    """What makes the case a repeat: an incident, or the referral itself, within the window
    after the previous referral (the referral itself first, then the earliest incident)."""
    previous = previous_referral(facts)
    if previous is None:
        return None

    def inside(day: date) -> bool:
        return previous < day <= closed_on and (day - previous).days <= window_days

    if inside(facts.referral_day):
        return RepeatEvidence(previous, facts.referral_day, True)
    incidents = sorted(day for day in facts.incident_days if inside(day))
    return RepeatEvidence(previous, incidents[0], False) if incidents else None


def is_repeat(facts: CaseCriteriaFacts, closed_on: date, window_days: int) -> bool:
    """An incident, or the referral itself, within the window after the previous referral."""
    return repeat_evidence(facts, closed_on, window_days) is not None


def derive(
    facts: CaseCriteriaFacts, cutoff: date, meeting_day: date, policy: AreaPolicy
) -> CaseCriteria:
    """The criteria shown for the case, each with its source (see the module notes)."""
    closed_on = list_closed_on(facts.referral_day, cutoff, meeting_day)
    assessment = latest_assessment(facts.assessments, closed_on)
    found: dict[Criterion, CriterionSource] = {}
    if assessment is not None and assessment.yes_count >= assessment.high_threshold:
        found[Criterion.VISIBLE_HIGH_RISK] = CriterionSource.SCORE
    if assessment is not None and assessment.judgement_raised:
        found[Criterion.PROFESSIONAL_JUDGEMENT] = CriterionSource.ASSESSOR
    escalation = incidents_in_window(facts.incident_days, closed_on, policy.escalation_window_days)
    if escalation >= policy.escalation_incidents:
        found[Criterion.POTENTIAL_ESCALATION] = CriterionSource.INCIDENTS
    if is_repeat(facts, closed_on, policy.repeat_window_days):
        found[Criterion.REPEAT] = CriterionSource.HISTORY
    unsupported = [c for c in facts.ticked.met() if c not in found]
    if unsupported and Criterion.PROFESSIONAL_JUDGEMENT not in found:
        found[Criterion.PROFESSIONAL_JUDGEMENT] = CriterionSource.REFERRER
    shown = tuple(ShownCriterion(c, found[c]) for c in Criterion if c in found)
    return CaseCriteria(shown, assessment, closed_on)
