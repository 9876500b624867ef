"""Perpetrators as the register holds them: their cases and victims, what partners referred,
the interventions and actions about them, and nominations for tasking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import NewType

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.meetings import ActionStatus

NOT_HEARD = "Not heard"
"""A case of theirs no MARAC has heard yet."""

InterventionId = NewType("InterventionId", int)
PerpetratorActionId = NewType("PerpetratorActionId", int)


class InterventionStatus(StrEnum):
    """Where a referral to a programme or process stands; every one but ``referred`` is an
    outcome the figures count."""

    REFERRED = "referred"
    ACCEPTED = "accepted"
    ENGAGED = "engaged"
    COMPLETED = "completed"
    DECLINED = "declined"
    BREACHED = "breached"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class RegisterLine:
    """One perpetrator in the register: who, and how many cases and victims."""

    person_id: PersonId
    family_name: str
    given_names: str
    date_of_birth: date | None
    cases: int
    victims: int
    last_seen: date | None
    """The latest incident or referral on any of their cases."""


@dataclass(frozen=True, slots=True)
class PerpetratorCase:
    """A case in which the person is recorded as causing harm."""

    case_id: CaseId
    reference: str
    victim_id: PersonId
    victim_name: str
    """The victim's name; empty for a role that sees victims by case reference only."""
    relationship: str
    last_referral: date | None
    heard_at: tuple[date, ...]
    """The days of the MARACs that heard the case."""


@dataclass(frozen=True, slots=True)
class PerpetratorIncident:
    case_reference: str
    day: date
    kind: str


@dataclass(frozen=True, slots=True)
class DescribedFactor:
    """A checklist answer that describes the person causing harm, from an assessment in one
    of their cases."""

    case_reference: str
    assessment_date: date
    question: str
    text: str
    """The question as the checklist asks it."""


@dataclass(frozen=True, slots=True)
class ReportedConcern:
    """A concern the practitioner flagged in a completed assessment of one of their cases
    (such as honour-based abuse), as the checklist names it."""

    case_reference: str
    assessment_date: date
    label: str

    @property
    def text(self) -> str:
        return f"Concern flagged: {self.label}"


@dataclass(frozen=True, slots=True)
class PartnerReferral:
    id: int
    day: date
    agency: str
    agency_detail: str
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class Intervention:
    id: InterventionId
    kind: str
    """A code of the intervention vocabulary (``kind_detail``: what was typed for ``other``)."""
    kind_detail: str
    agency: str
    referred_on: date
    status: InterventionStatus
    status_on: date
    notes: str
    version: int = 1


@dataclass(frozen=True, slots=True)
class PerpetratorAction:
    id: PerpetratorActionId
    agency: str
    what: str
    who: str
    due: date
    status: ActionStatus
    version: int = 1

    def overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due < today


@dataclass(frozen=True, slots=True)
class Nomination:
    day: date
    reason: str
    by: str
    score: int
    model: str
    """The priority model's id and version the score came from, as ``id v2``."""


@dataclass(frozen=True, slots=True)
class PerpetratorFile:
    """Everything the register holds on one perpetrator, for the window and the profile."""

    person_id: PersonId
    family_name: str
    given_names: str
    date_of_birth: date | None
    aliases: tuple[str, ...]
    cases: tuple[PerpetratorCase, ...]
    incidents: tuple[PerpetratorIncident, ...]
    factors: tuple[DescribedFactor, ...]
    flags: tuple[tuple[str, str], ...]
    """(flag kind, flag status) of the open and confirmed flags about them or their cases."""
    partner_referrals: tuple[PartnerReferral, ...]
    interventions: tuple[Intervention, ...]
    actions: tuple[PerpetratorAction, ...]
    nominations: tuple[Nomination, ...]
    concerns: tuple[ReportedConcern, ...] = ()

    @property
    def described(self) -> tuple[DescribedFactor | ReportedConcern, ...]:
        """The answers that describe them and the concerns flagged, by assessment date."""
        return tuple(sorted((*self.factors, *self.concerns), key=attrgetter("assessment_date")))

    @property
    def victims(self) -> int:
        return len({c.victim_id for c in self.cases})
