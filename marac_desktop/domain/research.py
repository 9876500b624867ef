"""What each agency asked to research a listed case found in its files, and when it is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desktop.domain.cases import CaseId


class ResearchStatus(StrEnum):
    SENT = "sent"
    """Asked, nothing back yet."""
    RETURNED_INFORMATION = "returned_information"
    RETURNED_NOTHING = "returned_nothing"
    """Returned: nothing known to the agency."""
    NOT_RETURNED = "not_returned"
    """The coordinator has stopped waiting: nothing came back before the meeting."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def returned(self) -> bool:
        return self in (ResearchStatus.RETURNED_INFORMATION, ResearchStatus.RETURNED_NOTHING)

    @property
    def known(self) -> bool | None:
        """Whether the agency knows the people (None until it has returned)."""
        return self is ResearchStatus.RETURNED_INFORMATION if self.returned else None


_LABELS = {
    ResearchStatus.SENT: "Sent",
    ResearchStatus.RETURNED_INFORMATION: "Returned with information",
    ResearchStatus.RETURNED_NOTHING: "Returned, nothing known",
    ResearchStatus.NOT_RETURNED: "Not returned",
}


@dataclass(frozen=True, slots=True)
class ResearchReturn:
    """One agency's answer for one case: a short record, never the agency's files."""

    agency: str
    """Agency code."""
    status: ResearchStatus = ResearchStatus.SENT
    returned_on: date | None = None
    summary: str = ""
    risks: str = ""
    contact: str = ""
    """Who at the agency holds the information."""


@dataclass(frozen=True, slots=True)
class CaseResearch:
    """The research asked for one case on one meeting's list."""

    case_id: CaseId
    meeting_reference: str
    case_reference: str
    returns: tuple[ResearchReturn, ...]
    """One per agency asked, in the order they were asked."""

    def missing(self) -> tuple[ResearchReturn, ...]:
        return tuple(r for r in self.returns if r.status is ResearchStatus.SENT)


def is_overdue(status: ResearchStatus, due: date, today: date) -> bool:
    return status is ResearchStatus.SENT and today > due
