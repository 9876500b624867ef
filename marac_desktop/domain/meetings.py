"""MARAC meetings, the cases on each list, attendance by agency, and agency actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NewType

from marac_desktop.domain.cases import CaseId

MeetingId = NewType("MeetingId", int)
ActionId = NewType("ActionId", int)


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    """Closed by the coordinator on or after its day; only held meetings are counted."""
    CANCELLED = "cancelled"
    """Called off before any case was heard; its list no longer holds its cases."""


class RemovalReason(StrEnum):
    """Why a case comes off a meeting's list: a code, so the audit log can keep it."""

    IN_ERROR = "in_error"
    ANOTHER_MEETING = "another_meeting"
    CRITERIA_NOT_MET = "criteria_not_met"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _REMOVAL_LABELS[self]


_REMOVAL_LABELS = {
    RemovalReason.IN_ERROR: "Put on the list in error",
    RemovalReason.ANOTHER_MEETING: "To be heard at another meeting",
    RemovalReason.CRITERIA_NOT_MET: "Does not meet the referral criteria after all",
    RemovalReason.WITHDRAWN: "Referral withdrawn by the referring agency",
}


class AgendaSection(StrEnum):
    """The SafeLives suggested agenda, in the order the sections are heard."""

    INCOMPLETE_ACTIONS = "incomplete_actions"
    CHILDREN = "children"
    ADULT_ONLY = "adult_only"
    TWELVE_MONTH = "twelve_month"

    @property
    def order(self) -> int:
        return list(AgendaSection).index(self)

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    AgendaSection.INCOMPLETE_ACTIONS: "Incomplete actions from the last meeting",
    AgendaSection.CHILDREN: "Cases with children",
    AgendaSection.ADULT_ONLY: "Adult-only cases",
    AgendaSection.TWELVE_MONTH: "12 months since the last MARAC",
}


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_POSSIBLE = "not_possible"
    """Not possible because circumstances changed."""
    NOT_DONE = "not_done"
    """Not done by the agency."""

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def needs_note(self) -> bool:
        return self in (ActionStatus.NOT_POSSIBLE, ActionStatus.NOT_DONE)


_STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Done",
    ActionStatus.NOT_POSSIBLE: "Not possible (circumstances changed)",
    ActionStatus.NOT_DONE: "Not done by the agency",
}


def meeting_case_reference(meeting_id: int, number: int) -> str:
    """A reference for a case at one meeting, derived from nothing about the people in it."""
    return f"M{meeting_id}-{number:02d}"


@dataclass(frozen=True, slots=True)
class Meeting:
    id: MeetingId
    starts_at: datetime
    venue: str
    online: bool
    chair: str
    area: str
    cutoff: date
    slot_minutes: int
    status: MeetingStatus
    version: int = 1
    """The version read; closing sends it back (``storage/versions.py``)."""

    @property
    def day(self) -> date:
        return self.starts_at.date()

    def heard_refusal(self, now: datetime) -> str | None:
        """Why a case cannot be marked heard at this meeting at ``now``; None when it can."""
        if self.status is MeetingStatus.CANCELLED:
            return "This meeting was cancelled."
        if now < self.starts_at:
            return (
                "A case can be marked heard only once the meeting has started, at "
                f"{self.starts_at:%H:%M} on {_day_text(self.day)}."
            )
        return None

    def close_refusal(self, today: date) -> str | None:
        """Why this meeting cannot be closed (marked held) on ``today``; None when it can."""
        if self.status is MeetingStatus.HELD:
            return "This meeting has already been closed."
        if self.status is MeetingStatus.CANCELLED:
            return "This meeting was cancelled."
        if today < self.day:
            return f"The meeting can be closed only on its day, {_day_text(self.day)}, or later."
        return None


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True, slots=True)
class MeetingCase:
    meeting_id: MeetingId
    case_id: CaseId
    position: int
    section: AgendaSection
    reason: str
    number: int
    """Order of addition to the list, which reordering never changes."""
    research_agencies: tuple[str, ...]
    heard: bool = False
    minutes_used: int | None = None
    agency_summary: str = ""
    risks: str = ""
    version: int = 1
    """The version read; meeting mode's saves send it back (``storage/versions.py``)."""

    @property
    def reference(self) -> str:
        return meeting_case_reference(self.meeting_id, self.number)


@dataclass(frozen=True, slots=True)
class Attendance:
    agency: str
    attendee: str = ""
    present: bool = False
    apologies: bool = False
    information_sent: bool = False
    signed_confidentiality: bool = False


@dataclass(frozen=True, slots=True)
class ActionChange:
    at: datetime
    by: str
    status: ActionStatus
    note: str = ""


class ActionField(StrEnum):
    """What a correction of an action may change (its agency and status are not corrected)."""

    WHAT = "what"
    WHO = "who"
    DUE = "due"

    @property
    def label(self) -> str:
        return _FIELD_LABELS[self]


_FIELD_LABELS = {ActionField.WHAT: "Action", ActionField.WHO: "Who", ActionField.DUE: "Due"}


@dataclass(frozen=True, slots=True)
class ActionEdit:
    """One field of an action corrected: who, when, and the value before and after (a due day
    as ``YYYY-MM-DD``)."""

    at: datetime
    by: str
    field: ActionField
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Action:
    id: ActionId
    meeting_id: MeetingId
    case_id: CaseId
    agency: str
    what: str
    who: str
    due: date
    status: ActionStatus
    history: tuple[ActionChange, ...] = ()
    """Every status it has had, the first one ``open``."""
    version: int = 1
    """The version read; a status change or a correction sends it back
    (``storage/versions.py``)."""
    edits: tuple[ActionEdit, ...] = ()
    """Every correction of its text, who does it or its due day, oldest first."""

    def overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due < today


@dataclass(frozen=True, slots=True)
class ActionFilter:
    """The tracker's filters, applied alike to its table and to every document made from it;
    ``due_before`` keeps actions due before that day, ``overdue_only`` open actions past due
    on ``today``."""

    agency: str | None = None
    meeting_id: MeetingId | None = None
    status: ActionStatus | None = None
    due_before: date | None = None
    overdue_only: bool = False
    today: date | None = None

    @property
    def day(self) -> date:
        return self.today or date.today()
