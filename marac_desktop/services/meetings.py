"""MARAC meetings: create, build and order the list, attendance, and meeting mode. All audited.

Meeting times are local wall-clock times (naive datetimes), as the meeting is arranged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.meetings import (
    AgendaSection,
    Attendance,
    Meeting,
    MeetingCase,
    MeetingId,
    MeetingStatus,
)
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.vocabulary import OTHER, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import agenda_rules, criteria
from marac_desktop.services.settings import area_policy
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import meetings_repo, settings_repo, vocabulary_repo

SETTINGS_KEY = "meeting_settings"
RESEARCH_FIELDS = ("names", "aliases", "date_of_birth", "address", "postcode", "phone")
DEFAULT_RESEARCH_FIELDS = ("names", "aliases", "date_of_birth", "address", "postcode")
DEFAULT_STATEMENT = (
    "Everything shared at this meeting is confidential. It is shared only to keep the people "
    "at risk safe and to manage the risk the perpetrator poses. Do not copy, forward or pass "
    "on this document or what is said here except as your agency's information sharing "
    "agreement allows. Each agency stays responsible for its own actions."
)
MAX_SUMMARY = 4000
NOTICE_LOOKBACK_DAYS = 28
"""With no earlier meeting, 12-month notices look back this far from the meeting day."""


@dataclass(frozen=True, slots=True)
class MeetingSettings:
    protective_marking: str = "OFFICIAL-SENSITIVE"
    cutoff_working_days: int = 5
    slot_minutes: int = 10
    research_fields: tuple[str, ...] = DEFAULT_RESEARCH_FIELDS
    agencies: tuple[str, ...] = ()
    """Agency codes asked to research a case by default (when never set: the vocabulary's
    agencies marked ``research``, in its order)."""
    confidentiality_statement: str = DEFAULT_STATEMENT


@dataclass(frozen=True, slots=True)
class ProposedRow:
    case_id: CaseId
    case_reference: str
    section: AgendaSection
    reason: str
    referral_day: date | None


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


@dataclass(frozen=True, slots=True)
class MeetingView:
    meeting: Meeting
    rows: tuple[AgendaRow, ...]
    """The anonymised list: built from codes, numbers and dates only."""
    attendance: tuple[Attendance, ...]
    ends_at: datetime
    notes: Mapping[CaseId, ListNotes]


# ----- settings ---------------------------------------------------------------------------


@requires(Anyone.SESSION)
def load_meeting_settings(workspace: Workspace) -> MeetingSettings:
    with workspace.transaction() as session:
        stored: dict[str, Any] = settings_repo.load(session, SETTINGS_KEY) or {}
        agencies = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    known = {f.name for f in fields(MeetingSettings)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in stored.items() if k in known
    }
    if not values.get("agencies"):
        values["agencies"] = tuple(t.code for t in agencies if t.has("research"))
    return MeetingSettings(**values)


@requires(Permission.EDIT_SETTINGS)
def save_meeting_settings(workspace: Workspace, new: MeetingSettings) -> None:
    marking = clean(new.protective_marking, "protective marking", required=True, limit=60)
    if not 0 <= new.cutoff_working_days <= 30:
        raise InvalidInputError("The cut-off must be between 0 and 30 working days.")
    if not 1 <= new.slot_minutes <= 60:
        raise InvalidInputError("A case slot must be between 1 and 60 minutes.")
    unknown = set(new.research_fields) - set(RESEARCH_FIELDS)
    if unknown:
        raise InvalidInputError(f"Research lists cannot show {sorted(unknown)[0]}.")
    if not new.agencies:
        raise InvalidInputError("Name at least one agency.")
    with workspace.transaction() as session:
        agencies = tuple(_agency_code(session, a) for a in new.agencies)
    statement = clean(new.confidentiality_statement, "confidentiality statement", True, 2000)
    cleaned = replace(
        new, protective_marking=marking, agencies=agencies, confidentiality_statement=statement
    )
    value = {f.name: getattr(cleaned, f.name) for f in fields(MeetingSettings)}
    with workspace.transaction() as session:
        settings_repo.store(session, SETTINGS_KEY, value)
        workspace.record(session, AuditAction.SETTING_CHANGED, "setting", SETTINGS_KEY)


# ----- helpers ----------------------------------------------------------------------------


def _text(value: str, label: str, limit: int = MAX_SUMMARY) -> str:
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise InvalidInputError(f"The {label} is longer than {limit} characters.")
    return cleaned


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = meetings_repo.get_meeting(session, meeting_id)
    if meeting is None:
        raise InvalidInputError("That meeting no longer exists.")
    return meeting


def _listed(session: Session, meeting_id: int, case_id: int) -> MeetingCase:
    for entry in meetings_repo.meeting_cases(session, meeting_id):
        if entry.case_id == case_id:
            return entry
    raise InvalidInputError("That case is not on this meeting's list.")


def _agency_code(session: Session, agency: str) -> str:
    """A known agency's code; an agency that is not in the list is refused, not coded other."""
    coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
    if not coded.code:
        raise InvalidInputError("Choose an agency.")
    if coded.code == OTHER and coded.detail:
        raise InvalidInputError(
            f"{coded.detail} is not in the agency list; an administrator can add it in Settings."
        )
    return coded.code


def default_agencies(
    session: Session, settings: MeetingSettings, has_children: bool
) -> tuple[str, ...]:
    words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    return tuple(a for a in settings.agencies if has_children or not words.has(a, "children_only"))


# ----- meetings ---------------------------------------------------------------------------


@requires(Permission.MANAGE_MEETINGS)
def create_meeting(
    workspace: Workspace,
    starts_at: datetime,
    venue: str,
    online: bool,
    chair: str,
    area: str,
    today: date | None = None,
    slot_minutes: int | None = None,
) -> Meeting:
    """A planned meeting; its cut-off is the area's working days before the meeting day."""
    if starts_at.date() < (today or date.today()):
        raise InvalidInputError("The meeting date is in the past; check it.")
    settings = load_meeting_settings(workspace)
    minutes = settings.slot_minutes if slot_minutes is None else slot_minutes
    if not 1 <= minutes <= 60:
        raise InvalidInputError("A case slot must be between 1 and 60 minutes.")
    place = clean(venue, "venue", required=not online) or "Online"
    cutoff = agenda_rules.cutoff_date(starts_at.date(), settings.cutoff_working_days)
    with workspace.transaction() as session:
        meeting = meetings_repo.add_meeting(
            session,
            starts_at.replace(tzinfo=None, second=0, microsecond=0),
            place,
            online,
            clean(chair, "chair", required=True),
            clean(area, "area", required=True),
            cutoff,
            minutes,
        )
        workspace.record(session, AuditAction.CREATE, "meeting", str(meeting.id))
    return meeting


@requires(Permission.MANAGE_MEETINGS)
def list_meetings(workspace: Workspace) -> list[Meeting]:
    """Every meeting, newest first."""
    with workspace.transaction() as session:
        found = meetings_repo.list_meetings(session)
        workspace.record(session, AuditAction.VIEW, "meeting_list")
    return found


@requires(Permission.MANAGE_MEETINGS)
def case_counts(workspace: Workspace) -> dict[MeetingId, int]:
    """How many cases are on each meeting's list (meetings with none are left out)."""
    with workspace.transaction() as session:
        counts = meetings_repo.case_counts(session)
    return {MeetingId(m): n for m, n in counts.items()}


@requires(Permission.MANAGE_MEETINGS)
def get_meeting(workspace: Workspace, meeting_id: MeetingId) -> Meeting:
    with workspace.transaction() as session:
        meeting = _meeting(session, meeting_id)
        workspace.record(session, AuditAction.VIEW, "meeting", str(meeting_id))
    return meeting


def _proposal(session: Session, meeting: Meeting) -> list[agenda_rules.ProposedCase]:
    previous = meetings_repo.previous_meeting(session, meeting)
    notices_from = previous.day if previous else meeting.day - timedelta(days=NOTICE_LOOKBACK_DAYS)
    candidates = meetings_repo.list_candidates(session, meeting)
    return agenda_rules.propose(candidates, meeting.cutoff, meeting.day, notices_from)


@requires(Permission.MANAGE_MEETINGS)
def propose_list(
    workspace: Workspace, meeting_id: MeetingId, today: date | None = None
) -> list[ProposedRow]:
    """The cases the rules put on this meeting's list, in the suggested agenda order."""
    del today  # the rules depend on the meeting's own dates, not on today
    with workspace.transaction() as session:
        meeting = _meeting(session, meeting_id)
        proposed = _proposal(session, meeting)
        references = meetings_repo.case_references(session, [p.case_id for p in proposed])
        workspace.record(
            session, AuditAction.VIEW, "meeting", str(meeting_id), detail="proposed list"
        )
    return [
        ProposedRow(CaseId(p.case_id), references[p.case_id], p.section, p.reason, p.referral_day)
        for p in proposed
    ]


@requires(Permission.MANAGE_MEETINGS)
def build_list(
    workspace: Workspace, meeting_id: MeetingId, today: date | None = None
) -> MeetingView:
    """Store the proposed list (replacing an earlier one while no case has been heard)."""
    settings = load_meeting_settings(workspace)
    with workspace.transaction() as session:
        meeting = _meeting(session, meeting_id)
        if any(c.heard for c in meetings_repo.meeting_cases(session, meeting_id)):
            raise InvalidInputError(
                "Cases on this list have been heard; add or remove cases one at a time."
            )
        proposed = _proposal(session, meeting)
        children = meetings_repo.cases_with_children(session, [p.case_id for p in proposed])
        meetings_repo.clear_list(session, meeting_id)
        for entry in proposed:
            meetings_repo.add_meeting_case(
                session,
                meeting_id,
                entry.case_id,
                entry.section,
                entry.reason,
                default_agencies(session, settings, entry.case_id in children),
            )
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting",
            str(meeting_id),
            detail=f"list built: {len(proposed)} case(s)",
        )
    return meeting_view(workspace, meeting_id, today)


@requires(Permission.MANAGE_MEETINGS)
def reorder(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_ids: Sequence[CaseId],
    today: date | None = None,
) -> MeetingView:
    """Put the list in this order (every listed case once); slots follow the new order."""
    with workspace.transaction() as session:
        _meeting(session, meeting_id)
        listed = [c.case_id for c in meetings_repo.meeting_cases(session, meeting_id)]
        if sorted(listed) != sorted(case_ids):
            raise InvalidInputError("The new order must hold every case on the list once.")
        meetings_repo.reorder(session, meeting_id, case_ids)
        workspace.record(
            session, AuditAction.CHANGE, "meeting", str(meeting_id), detail="reordered"
        )
    return meeting_view(workspace, meeting_id, today)


@requires(Permission.MANAGE_MEETINGS)
def add_case(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    reason: str = "Added by the coordinator",
    section: AgendaSection | None = None,
) -> MeetingCase:
    """Add a case at the end of its section (the one its children decide, unless given)."""
    settings = load_meeting_settings(workspace)
    with workspace.transaction() as session:
        _meeting(session, meeting_id)
        if not meetings_repo.case_references(session, [case_id]):
            raise InvalidInputError("That case no longer exists.")
        if any(c.case_id == case_id for c in meetings_repo.meeting_cases(session, meeting_id)):
            raise InvalidInputError("That case is already on this meeting's list.")
        has_children = bool(meetings_repo.cases_with_children(session, [case_id]))
        if section is None:
            section = AgendaSection.CHILDREN if has_children else AgendaSection.ADULT_ONLY
        added = meetings_repo.add_meeting_case(
            session,
            meeting_id,
            case_id,
            section,
            clean(reason, "reason", required=True),
            default_agencies(session, settings, has_children),
        )
        listed = meetings_repo.meeting_cases(session, meeting_id)
        others = [c for c in listed if c.case_id != case_id]
        before = [c.case_id for c in others if c.section.order <= section.order] + [case_id]
        after = [c.case_id for c in others if c.section.order > section.order]
        meetings_repo.reorder(session, meeting_id, [*before, *after])
        added = replace(added, position=len(before))
        workspace.record(
            session, AuditAction.CHANGE, "meeting", str(meeting_id), detail=f"added case {case_id}"
        )
    return added


@requires(Permission.MANAGE_MEETINGS)
def remove_case(workspace: Workspace, meeting_id: MeetingId, case_id: CaseId) -> None:
    with workspace.transaction() as session:
        entry = _listed(session, meeting_id, case_id)
        if entry.heard or meetings_repo.action_count(session, meeting_id, case_id):
            raise InvalidInputError("That case has been heard here, so it stays on the list.")
        meetings_repo.remove_meeting_case(session, meeting_id, case_id)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting",
            str(meeting_id),
            detail=f"removed case {case_id}",
        )


@requires(Permission.MANAGE_MEETINGS)
def set_research_agencies(
    workspace: Workspace, meeting_id: MeetingId, case_id: CaseId, agencies: Sequence[str]
) -> None:
    with workspace.transaction() as session:
        cleaned = tuple(dict.fromkeys(_agency_code(session, a) for a in agencies))
        _listed(session, meeting_id, case_id)
        meetings_repo.update_meeting_case(session, meeting_id, case_id, research_agencies=cleaned)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting",
            str(meeting_id),
            detail=f"research agencies for case {case_id}",
        )


@requires(Permission.MANAGE_MEETINGS)
def set_attendance(
    workspace: Workspace, meeting_id: MeetingId, attendance: Sequence[Attendance]
) -> None:
    """Replace the meeting's attendance record (one row per agency representative)."""
    cleaned = [
        replace(
            a,
            agency=clean(a.agency, "agency", required=True),
            attendee=clean(a.attendee, "attendee's name"),
        )
        for a in attendance
    ]
    for entry in cleaned:
        if entry.present and entry.apologies:
            raise InvalidInputError(f"{entry.agency} cannot be both present and sending apologies.")
    with workspace.transaction() as session:
        _meeting(session, meeting_id)
        meetings_repo.replace_attendance(session, meeting_id, cleaned)
        workspace.record(
            session, AuditAction.CHANGE, "meeting", str(meeting_id), detail="attendance"
        )


# ----- the view -------------------------------------------------------------------------


def view_rows(session: Session, meeting: Meeting) -> tuple[AgendaRow, ...]:
    """The list as the agenda and meeting mode show it: codes (worded by the vocabularies),
    numbers and dates from ``meetings_repo.case_facts``, never a column a person typed."""
    listed = meetings_repo.meeting_cases(session, meeting.id)
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


def _notes(session: Session, meeting_id: int) -> dict[CaseId, ListNotes]:
    return {
        entry.case_id: ListNotes(entry.reason, entry.agency_summary, entry.risks)
        for entry in meetings_repo.meeting_cases(session, meeting_id)
    }


@requires(Permission.MANAGE_MEETINGS)
def meeting_view(
    workspace: Workspace, meeting_id: MeetingId, today: date | None = None
) -> MeetingView:
    del today
    with workspace.transaction() as session:
        meeting = _meeting(session, meeting_id)
        rows = view_rows(session, meeting)
        notes = _notes(session, meeting_id)
        attendance = tuple(meetings_repo.attendance(session, meeting_id))
        workspace.record(session, AuditAction.VIEW, "meeting", str(meeting_id))
    ends = agenda_rules.ends_at(meeting.starts_at, len(rows), meeting.slot_minutes)
    return MeetingView(meeting, rows, attendance, ends, notes)


# ----- meeting mode -----------------------------------------------------------------------


@requires(Permission.MANAGE_MEETINGS)
def record_discussion(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    summary: str,
    risks: str,
    minutes_used: int | None = None,
) -> None:
    """What the agencies shared (a summary, not minutes of every word) and the risks discussed."""
    if minutes_used is not None and not 0 <= minutes_used <= 600:
        raise InvalidInputError("The minutes used must be between 0 and 600.")
    values: dict[str, object] = {
        "agency_summary": _text(summary, "summary"),
        "risks": _text(risks, "risks discussed"),
    }
    if minutes_used is not None:  # None leaves the time already recorded as it was
        values["minutes_used"] = minutes_used
    with workspace.transaction() as session:
        _listed(session, meeting_id, case_id)
        meetings_repo.update_meeting_case(session, meeting_id, case_id, **values)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting_case",
            f"{meeting_id}/{case_id}",
            detail="discussion",
        )


@requires(Permission.MANAGE_MEETINGS)
def mark_heard(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    minutes_used: int | None = None,
    now: datetime | None = None,
) -> None:
    """The case was heard: its open referrals become heard on the meeting day.

    Only once the meeting has started (``Meeting.heard_refusal``); the meeting itself is held
    only when the coordinator closes it (``close_meeting``).
    """
    if minutes_used is not None and not 0 <= minutes_used <= 600:
        raise InvalidInputError("The minutes used must be between 0 and 600.")
    with workspace.transaction() as session:
        meeting = _meeting(session, meeting_id)
        refusal = meeting.heard_refusal(now or datetime.now())
        if refusal:
            raise InvalidInputError(refusal)
        entry = _listed(session, meeting_id, case_id)
        values: dict[str, object] = {"heard": True}
        if minutes_used is not None:
            values["minutes_used"] = minutes_used
        meetings_repo.update_meeting_case(session, meeting_id, case_id, **values)
        heard = meetings_repo.mark_referrals_heard(session, case_id, meeting.day)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting_case",
            f"{meeting_id}/{case_id}",
            detail=f"heard ({entry.reference}); {heard} referral(s) heard",
        )


@requires(Permission.MANAGE_MEETINGS)
def close_meeting(
    workspace: Workspace, meeting_id: MeetingId, today: date | None = None
) -> Meeting:
    """The coordinator closes the meeting on its day or later: it is held, and the reports
    count the cases heard at it (``Meeting.close_refusal`` says when it cannot be closed)."""
    with workspace.transaction() as session:
        meeting = _meeting(session, meeting_id)
        refusal = meeting.close_refusal(today or date.today())
        if refusal:
            raise InvalidInputError(refusal)
        meetings_repo.set_meeting_status(session, meeting_id, MeetingStatus.HELD)
        heard = sum(c.heard for c in meetings_repo.meeting_cases(session, meeting_id))
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting",
            str(meeting_id),
            detail=f"closed as held; {heard} case(s) heard",
        )
    return replace(meeting, status=MeetingStatus.HELD)
