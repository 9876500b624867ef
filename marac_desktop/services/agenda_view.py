"""The meeting's list as the coordinator's screens, the agenda and meeting mode show it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, form_name
from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.meetings import (
    AgendaSection,
    Attendance,
    Meeting,
    MeetingCase,
    MeetingId,
)
from marac_desktop.domain.permissions import Permission
from marac_desktop.risk import agenda_rules, criteria
from marac_desktop.services.meeting_settings import load_meeting_settings
from marac_desktop.services.meetings import find_meeting
from marac_desktop.services.research_returns import MeetingResearch, meeting_research
from marac_desktop.services.settings import area_policy
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, vocabulary_repo


@dataclass(frozen=True, slots=True)
class AgendaRow:
    case_id: CaseId
    reference: str
    """The meeting case reference (never derived from a name)."""
    position: int
    section: AgendaSection
    slot_start: datetime
    slot_end: datetime
    age_band: str
    gender: str
    """The gender vocabulary's label ("" when not recorded)."""
    criteria: tuple[str, ...]
    repeat: bool
    months_since_last_marac: int | None
    children: int
    referring_agency: str
    """The agency vocabulary's label ("" when not recorded)."""
    risk_level: str | None
    yes_count: int | None
    research_agencies: tuple[str, ...]
    """Agency codes; ``research_labels`` are their labels."""
    research_labels: tuple[str, ...]
    heard: bool
    minutes_used: int | None


@dataclass(frozen=True, slots=True)
class ListNotes:
    """What was typed about a listed case (why it was added, what was shared, the risks).
    For the coordinator's screens only: no anonymised document reads it."""

    reason: str
    agency_summary: str
    risks: str
    version: int = 1
    """The version of the case's entry read: meeting mode's saves send it back."""


@dataclass(frozen=True, slots=True)
class ListedCase:
    """Who a listed case is about, so the coordinator can tell the cases apart. For the
    coordinator's screens only: no anonymised document reads it."""

    case_reference: str
    victim: str


@dataclass(frozen=True, slots=True)
class MeetingView:
    meeting: Meeting
    rows: tuple[AgendaRow, ...]
    """The anonymised list: built from codes, numbers and dates only."""
    attendance: tuple[Attendance, ...]
    ends_at: datetime
    notes: Mapping[CaseId, ListNotes]
    who: Mapping[CaseId, ListedCase]
    research: MeetingResearch
    """For the coordinator's screens only, like ``notes``."""


def view_rows(
    session: Session, meeting: Meeting, listed: Sequence[MeetingCase]
) -> tuple[AgendaRow, ...]:
    """The ``listed`` cases as the agenda and meeting mode show them: codes (worded by the
    vocabularies), numbers and dates from ``meetings_repo.case_facts``, never a column a
    person typed."""
    facts = meetings_repo.case_facts(session, [c.case_id for c in listed], meeting.day)
    policy = area_policy(session)
    times = agenda_rules.slots(meeting.starts_at, len(listed), meeting.slot_minutes)
    words = vocabulary_repo.vocabularies(session)
    rows = []
    for entry, slot in zip(listed, times, strict=True):
        fact = facts[entry.case_id]
        research = tuple(dict.fromkeys(words.agency.known(a) for a in entry.research_agencies))
        found = (
            criteria.derive(fact.criteria, meeting.cutoff, meeting.day, policy)
            if fact.criteria
            else None
        )
        assessment = found.assessment if found else None
        rows.append(
            AgendaRow(
                entry.case_id,
                entry.reference,
                entry.position,
                entry.section,
                slot.start,
                slot.end,
                agenda_rules.age_band(fact.victim_dob, meeting.day, policy.minimum_victim_age),
                words.gender.label(fact.victim_gender, ""),
                found.texts() if found else (),
                bool(found and found.from_record(Criterion.REPEAT)),
                agenda_rules.months_between(fact.last_heard, meeting.day)
                if fact.last_heard
                else None,
                fact.children,
                words.agency.label(fact.referring_agency, ""),
                assessment.level if assessment else None,
                assessment.yes_count if assessment else None,
                research,
                tuple(words.agency.label(a) for a in research),
                entry.heard,
                entry.minutes_used,
            )
        )
    return tuple(rows)


def _notes(listed: Sequence[MeetingCase]) -> dict[CaseId, ListNotes]:
    return {
        entry.case_id: ListNotes(entry.reason, entry.agency_summary, entry.risks, entry.version)
        for entry in listed
    }


@requires(Permission.MANAGE_MEETINGS)
def meeting_view(
    workspace: Workspace, meeting_id: MeetingId, today: date | None = None
) -> MeetingView:
    del today
    working_days = load_meeting_settings(workspace).research_due_working_days
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        listed = meetings_repo.meeting_cases(session, meeting_id)
        rows = view_rows(session, meeting, listed)
        notes = _notes(listed)
        who = {
            CaseId(case_id): ListedCase(reference, form_name(family, given))
            for case_id, (reference, family, given) in meetings_repo.listed_victims(
                session, meeting_id
            ).items()
        }
        attendance = tuple(meetings_repo.attendance(session, meeting_id))
        research = meeting_research(session, meeting, working_days, listed)
        workspace.record(session, AuditAction.VIEW, "meeting", str(meeting_id))
    ends = agenda_rules.ends_at(meeting.starts_at, len(rows), meeting.slot_minutes)
    return MeetingView(meeting, rows, attendance, ends, notes, who, research)
