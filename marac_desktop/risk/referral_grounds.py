"""What a new MARAC referral's criteria are taken from, criterion by criterion.

With a completed assessment dated on or before the referral (the latest such), the referral
takes the criteria its result met: visible high risk from the score, professional judgement
with the assessor's reason, potential escalation and repeat as ``engine.score`` worked them
out. None of these can be taken off: a judgement never lowers a risk. Potential escalation and
repeat are also worked out from the case's own record up to the referral day, by the rules the
agenda applies (``risk.criteria``), so an incident recorded since the assessment still counts.
The one criterion left to the referrer is a professional judgement the assessment did not
raise.

With no assessment the referring agency's form is the word on visible high risk and
professional judgement. Repeat is always worked out from the case's referrals; potential
escalation from its incidents once it holds any (a case with none recorded, typed in from an
agency's form, takes the form's word).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import explanations as explain
from marac_desktop.risk.criteria import (
    CaseCriteriaFacts,
    incidents_in_window,
    latest_assessment,
    previous_referral,
    repeat_evidence,
)
from marac_desktop.risk.policy import AreaPolicy
from marac_desktop.risk.result import RiskResult
from marac_desktop.risk.result_sentences import sentences_of


class Source(StrEnum):
    ASSESSMENT = "assessment"
    """The completed assessment's result met it."""
    RECORD = "record"
    """The case's recorded incidents or referrals meet it."""


@dataclass(frozen=True, slots=True)
class AssessedRisk:
    """A completed assessment, as a referral needs it."""

    id: int
    day: date
    result: RiskResult
    judgement_reason: str


@dataclass(frozen=True, slots=True)
class CaseHistory:
    """What a case already holds that a new referral's criteria are worked out from."""

    referral_days: tuple[date, ...] = ()
    incident_days: tuple[date, ...] = ()
    assessments: tuple[AssessedRisk, ...] = ()
    """Completed assessments only, in the order they were saved."""


@dataclass(frozen=True, slots=True)
class Ground:
    criterion: Criterion
    met_by: Source | None
    """None: neither the assessment nor the record meets it."""
    askable: bool
    """Whether the person may tick it (only ever when ``met_by`` is None)."""
    why: str
    """The plain sentence that explains it ("" when there is nothing to explain)."""


@dataclass(frozen=True, slots=True)
class ReferralGrounds:
    assessment: AssessedRisk | None
    grounds: tuple[Ground, ...]
    """One per criterion, in the order the criteria are listed."""

    def ground(self, criterion: Criterion) -> Ground:
        return next(g for g in self.grounds if g.criterion is criterion)

    def criteria(self, ticked: Iterable[Criterion]) -> ReferralCriteria:
        """What the referral records: every criterion met, and each ticked one that may be
        ticked; a tick on a criterion worked out from the record is refused."""
        chosen = set(ticked)
        for ground in self.grounds:
            if ground.criterion in chosen and ground.met_by is None and not ground.askable:
                raise InvalidInputError(
                    f"{ground.criterion.heading} is worked out from the case's record and "
                    "cannot be ticked by hand."
                )
        return ReferralCriteria.of(
            g.criterion for g in self.grounds if g.met_by is not None or g.criterion in chosen
        )


def grounds_for(history: CaseHistory, referral_day: date, policy: AreaPolicy) -> ReferralGrounds:
    """Each criterion of a referral dated ``referral_day``, where it comes from, and why."""
    assessed = latest_assessment(history.assessments, referral_day)
    escalation = _escalation(history, referral_day, policy)
    repeat = _repeat(history, referral_day, policy)
    if assessed is None:
        grounds = (
            Ground(Criterion.VISIBLE_HIGH_RISK, None, True, ""),
            Ground(Criterion.PROFESSIONAL_JUDGEMENT, None, True, ""),
            escalation
            if escalation.met_by or history.incident_days
            else Ground(
                Criterion.POTENTIAL_ESCALATION,
                None,
                True,
                "No incident is recorded for this case yet, so the form's word is taken.",
            ),
            repeat,
        )
        return ReferralGrounds(None, grounds)
    result = assessed.result
    said = sentences_of(result)

    def from_result(criterion: Criterion, recorded: Ground | None = None) -> Ground:
        if result.criteria.has(criterion):
            return Ground(criterion, Source.ASSESSMENT, False, said.criterion(criterion))
        if recorded is not None:
            return recorded
        return Ground(criterion, None, False, said.criterion(criterion))

    judgement = said.judgement
    if result.criteria.professional_judgement and assessed.judgement_reason.strip():
        judgement += f" The assessor's reason: {assessed.judgement_reason.strip()}"
    return ReferralGrounds(
        assessed,
        (
            from_result(Criterion.VISIBLE_HIGH_RISK),
            Ground(
                Criterion.PROFESSIONAL_JUDGEMENT,
                Source.ASSESSMENT if result.criteria.professional_judgement else None,
                not result.criteria.professional_judgement,
                judgement,
            ),
            from_result(Criterion.POTENTIAL_ESCALATION, escalation),
            from_result(Criterion.REPEAT, repeat),
        ),
    )


def _escalation(history: CaseHistory, referral_day: date, policy: AreaPolicy) -> Ground:
    counted = incidents_in_window(
        history.incident_days, referral_day, policy.escalation_window_days
    )
    met = counted >= policy.escalation_incidents
    why = explain.escalation(
        counted, policy.escalation_window_days, policy.escalation_incidents, "the referral date"
    )
    return Ground(Criterion.POTENTIAL_ESCALATION, Source.RECORD if met else None, False, why)


def _repeat(history: CaseHistory, referral_day: date, policy: AreaPolicy) -> Ground:
    facts = CaseCriteriaFacts(
        referral_day, ReferralCriteria(), history.referral_days, history.incident_days
    )
    window = policy.repeat_window_days
    found = repeat_evidence(facts, referral_day, window)
    if found is None:
        previous = previous_referral(facts)
        days = None if previous is None else (referral_day - previous).days
        return Ground(Criterion.REPEAT, None, False, explain.not_repeat(days, window))
    gap = (found.event_day - found.previous_referral).days
    why = (
        explain.repeat_of_referral(gap, window)
        if found.is_referral
        else explain.repeat_of_incident(gap, window)
    )
    return Ground(Criterion.REPEAT, Source.RECORD, False, why)
