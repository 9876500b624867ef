"""Case records: who is in a case, what happened, referrals to MARAC, and flags to review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NewType

from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import DobPrecision, Person

IncidentId = NewType("IncidentId", int)
ReferralId = NewType("ReferralId", int)
FlagId = NewType("FlagId", int)


class PartyRole(StrEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    CHILD = "child"
    """A child or other dependant in the household."""


class IncidentKind(StrEnum):
    PHYSICAL_VIOLENCE = "physical_violence"
    SEXUAL_VIOLENCE = "sexual_violence"
    THREATS = "threats"
    STALKING_HARASSMENT = "stalking_harassment"
    BREACH_OF_ORDER = "breach_of_order"
    DAMAGE_TO_PROPERTY = "damage_to_property"
    COERCIVE_CONTROL = "coercive_control"
    UNWANTED_CONTACT = "unwanted_contact"
    CHILD_CONTACT_DISPUTE = "child_contact_dispute"
    OTHER = "other"

    @property
    def criminal(self) -> bool:
        """Whether it counts under the older, criminal-only repeat definition."""
        return self in _CRIMINAL


_CRIMINAL = {
    IncidentKind.PHYSICAL_VIOLENCE,
    IncidentKind.SEXUAL_VIOLENCE,
    IncidentKind.THREATS,
    IncidentKind.STALKING_HARASSMENT,
    IncidentKind.BREACH_OF_ORDER,
    IncidentKind.DAMAGE_TO_PROPERTY,
    IncidentKind.COERCIVE_CONTROL,
}


INCIDENT_WORDS: dict[IncidentKind, str] = {
    IncidentKind.PHYSICAL_VIOLENCE: "Physical violence",
    IncidentKind.SEXUAL_VIOLENCE: "Sexual violence",
    IncidentKind.THREATS: "Threats",
    IncidentKind.STALKING_HARASSMENT: "Stalking or harassment",
    IncidentKind.BREACH_OF_ORDER: "Breach of a court order",
    IncidentKind.DAMAGE_TO_PROPERTY: "Damage to property",
    IncidentKind.COERCIVE_CONTROL: "Coercive control",
    IncidentKind.UNWANTED_CONTACT: "Unwanted contact",
    IncidentKind.CHILD_CONTACT_DISPUTE: "Child contact dispute",
    IncidentKind.OTHER: "Other abuse",
}
"""Each kind in plain words, for the case screens and the perpetrator priority explanations."""


def incident_words(kind: str) -> str:
    """A stored kind in plain words; a value that is not a kind reads as other abuse."""
    try:
        return INCIDENT_WORDS[IncidentKind(kind)]
    except ValueError:
        return INCIDENT_WORDS[IncidentKind.OTHER]


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    HEARD = "heard"
    DECLINED = "declined"


class FlagStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    ACKNOWLEDGED = "acknowledged"
    """A notice someone has read (notices are never confirmed or dismissed)."""


@dataclass(frozen=True, slots=True)
class CaseParty:
    person: Person
    role: PartyRole
    relationship: str = ""
    """A relationship code (what was typed, going in); the description is the detail."""
    relationship_detail: str = ""


@dataclass(frozen=True, slots=True)
class Incident:
    id: IncidentId
    case_id: CaseId
    day: date
    kind: IncidentKind
    source_agency: str
    """An agency code (``source_agency_detail``: the words typed when it is ``other``)."""
    reported_to_police: bool
    source_agency_detail: str = ""


@dataclass(frozen=True, slots=True)
class Referral:
    id: ReferralId
    case_id: CaseId
    day: date
    referring_agency: str
    """An agency code (``referring_agency_detail``: the words typed when it is ``other``)."""
    criteria: ReferralCriteria
    status: ReferralStatus
    meeting_day: date | None = None
    referring_agency_detail: str = ""
    assessment_id: AssessmentId | None = None
    """The completed assessment whose result the criteria were taken from, if any."""


@dataclass(frozen=True, slots=True)
class CaseFlag:
    id: FlagId
    kind: str
    case_id: CaseId | None
    person_id: PersonId | None
    raised_on: date
    evidence: str
    status: FlagStatus
    reviewed_by: str | None = None
    review_reason: str = ""
    reviewed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IdvaAllocation:
    """An IDVA (independent domestic violence adviser) supporting the victim, from
    ``allocated_on`` until the day before ``ended_on`` (``None``: still allocated).

    ``account`` is the user name of the IDVA's account here; ``None`` for an IDVA from outside
    the partnership (and for allocations made before they named accounts)."""

    name: str
    allocated_on: date
    ended_on: date | None = None
    account: str | None = None

    def covers(self, day: date) -> bool:
        return self.allocated_on <= day and (self.ended_on is None or day < self.ended_on)


def current_idva(allocations: Sequence[IdvaAllocation]) -> IdvaAllocation | None:
    """The allocation not yet ended (the latest, should there be more than one)."""
    current = [a for a in allocations if a.ended_on is None]
    return current[-1] if current else None


@dataclass(frozen=True, slots=True)
class CaseRecord:
    id: CaseId
    reference: str
    parties: tuple[CaseParty, ...]
    incidents: tuple[Incident, ...]
    referrals: tuple[Referral, ...]
    flags: tuple[CaseFlag, ...]
    idvas: tuple[IdvaAllocation, ...] = ()
    """Every IDVA allocation, oldest first."""
    people_flags: tuple[CaseFlag, ...] = ()
    """Flags about the case's people raised on another case or on none (shown on their cards)."""
    version: int = 1
    """The version read; a change of IDVA sends it back (``storage/versions.py``)."""
    yours: bool = False
    """The signed-in user is the case's IDVA now (one of their own cases)."""

    @property
    def idva(self) -> IdvaAllocation | None:
        """The IDVA allocated now, if any."""
        return current_idva(self.idvas)

    @property
    def victim(self) -> Person:
        return next(p.person for p in self.parties if p.role is PartyRole.VICTIM)

    def people(self, role: PartyRole) -> tuple[Person, ...]:
        return tuple(p.person for p in self.parties if p.role is role)


class SearchHit(StrEnum):
    """What the case list's search found a case by."""

    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    CHILD = "child"
    REFERENCE = "reference"
    POSTCODE = "postcode"


@dataclass(frozen=True, slots=True)
class CaseListRow:
    """One line of the case list, as the database pages and sorts it."""

    id: CaseId
    reference: str
    family_name: str
    given_names: str
    date_of_birth: date | None
    dob_precision: DobPrecision
    last_referral: date | None
    open_flags: int
    found_by: str = ""
    """What a search found the case by: a ``SearchHit`` value, or empty when not searched."""


@dataclass(frozen=True, slots=True)
class PersonListLine:
    """One person found by the People search, with every case they are in and their part."""

    person_id: PersonId
    family_name: str
    given_names: str
    date_of_birth: date | None
    dob_precision: DobPrecision
    cases: tuple[tuple[CaseId, str, PartyRole], ...]
    """(case, reference, role) for each case, in case order."""
