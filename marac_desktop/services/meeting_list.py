"""A meeting's list: the cases the rules propose, building it, adding, removing, ordering, and
the agencies asked to research each case. All audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import (
    AgendaSection,
    Meeting,
    MeetingCase,
    MeetingId,
    MeetingStatus,
    RemovalReason,
)
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import agenda_rules
from marac_desktop.services.agenda_view import MeetingView, meeting_view
from marac_desktop.services.meeting_settings import (
    default_agencies,
    load_meeting_settings,
)
from marac_desktop.services.meetings import find_listed, find_meeting, mark_changed
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo

NOTICE_LOOKBACK_DAYS = 28
"""With no earlier meeting, 12-month notices look back this far from the meeting day."""


@dataclass(frozen=True, slots=True)
class ProposedRow:
    case_id: CaseId
    case_reference: str
    section: AgendaSection
    reason: str
    referral_day: date | None


def _not_cancelled(meeting: Meeting) -> Meeting:
    if meeting.status is MeetingStatus.CANCELLED:
        raise InvalidInputError("This meeting was cancelled, so its list stays empty.")
    return meeting


@dataclass(frozen=True, slots=True)
class WaitingElsewhere:
    """A case the rules would list here that already waits on another meeting's list."""

    case_id: CaseId
    case_reference: str
    meeting_starts_at: datetime


def _rules_proposal(session: Session, meeting: Meeting) -> list[agenda_rules.ProposedCase]:
    previous = meetings_repo.previous_meeting(session, meeting)
    notices_from = previous.day if previous else meeting.day - timedelta(days=NOTICE_LOOKBACK_DAYS)
    heard_from, heard_to = agenda_rules.last_heard_window(notices_from, meeting.day)
    candidates = meetings_repo.list_candidates(session, meeting, heard_from, heard_to)
    return agenda_rules.propose(candidates, meeting.cutoff, meeting.day, notices_from)


def _proposal(session: Session, meeting: Meeting) -> list[agenda_rules.ProposedCase]:
    """What the rules propose, less the cases waiting on another planned meeting's list (a
    case is heard once; ``waiting_elsewhere`` says where those are)."""
    proposed = _rules_proposal(session, meeting)
    elsewhere = meetings_repo.listed_elsewhere(session, meeting.id, [p.case_id for p in proposed])
    return [p for p in proposed if p.case_id not in elsewhere]


@requires(Permission.MANAGE_MEETINGS)
def waiting_elsewhere(workspace: Workspace, meeting_id: MeetingId) -> list[WaitingElsewhere]:
    """The cases the rules would put on this list that wait, not yet heard, on another
    planned meeting's list, so they are not proposed here."""
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        proposed = [p.case_id for p in _rules_proposal(session, meeting)]
        elsewhere = meetings_repo.listed_elsewhere(session, meeting_id, proposed)
        held = [case_id for case_id in proposed if case_id in elsewhere]
        references = meetings_repo.case_references(session, held)
    return [WaitingElsewhere(CaseId(c), references[c], elsewhere[c]) for c in held]


@requires(Permission.MANAGE_MEETINGS)
def waiting_on_other_lists(
    workspace: Workspace, meeting_id: MeetingId, case_ids: Sequence[CaseId]
) -> dict[CaseId, datetime]:
    """Which of ``case_ids`` wait, not yet heard, on another planned meeting's list than
    this one: each with the start of the earliest such meeting."""
    with workspace.transaction() as session:
        elsewhere = meetings_repo.listed_elsewhere(session, meeting_id, list(case_ids))
    return {CaseId(case_id): starts_at for case_id, starts_at in elsewhere.items()}


@requires(Permission.MANAGE_MEETINGS)
def propose_list(
    workspace: Workspace, meeting_id: MeetingId, today: date | None = None
) -> list[ProposedRow]:
    """The cases the rules put on this meeting's list, in the suggested agenda order."""
    del today  # the rules depend on the meeting's own dates, not on today
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        proposed = _proposal(session, meeting)
        references = meetings_repo.case_references(session, [p.case_id for p in proposed])
        workspace.record(
            session, AuditAction.VIEW, "meeting", str(meeting_id), detail="proposed list"
        )
    return [
        ProposedRow(CaseId(p.case_id), references[p.case_id], p.section, p.reason, p.referral_day)
        for p in proposed
    ]


LIST_STEP = 50
"""Cases stored between chances to stop while a list is built."""


@requires(Permission.MANAGE_MEETINGS)
def build_list(
    workspace: Workspace,
    meeting_id: MeetingId,
    today: date | None = None,
    progress: Progress | None = None,
) -> MeetingView:
    """Store the proposed list (replacing an earlier one while no case has been heard).

    Stopped, the transaction rolls back: the list stays as it was."""
    progress = quiet(progress)
    settings = load_meeting_settings(workspace)
    with workspace.transaction() as session:
        meeting = _not_cancelled(find_meeting(session, meeting_id))
        mark_changed(session, meeting_id, workspace.editor)
        if any(c.heard for c in meetings_repo.meeting_cases(session, meeting_id)):
            raise InvalidInputError(
                "Cases on this list have been heard; add or remove cases one at a time."
            )
        progress.step(0, 0, "Choosing the cases")
        proposed = _proposal(session, meeting)
        children = meetings_repo.cases_with_children(session, [p.case_id for p in proposed])
        progress.step(0, len(proposed), "Storing the list")
        meetings_repo.clear_list(session, meeting_id)
        for done, entry in enumerate(proposed, 1):
            if done % LIST_STEP == 0:
                progress.step(done, len(proposed), "Storing the list")
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
        progress.step(len(proposed), len(proposed), "Storing the list")
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
        find_meeting(session, meeting_id)
        mark_changed(session, meeting_id, workspace.editor)
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
        _not_cancelled(find_meeting(session, meeting_id))
        mark_changed(session, meeting_id, workspace.editor)
        if not meetings_repo.case_references(session, [case_id]):
            raise InvalidInputError("That case no longer exists.")
        if meetings_repo.meeting_case(session, meeting_id, case_id) is not None:
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
def remove_case(
    workspace: Workspace, meeting_id: MeetingId, case_id: CaseId, reason: RemovalReason
) -> None:
    """Take a case off the list, with the reason's code kept in the audit log."""
    with workspace.transaction() as session:
        entry = find_listed(session, meeting_id, case_id)
        mark_changed(session, meeting_id, workspace.editor)
        if entry.heard or meetings_repo.action_count(session, meeting_id, case_id):
            raise InvalidInputError("That case has been heard here, so it stays on the list.")
        meetings_repo.remove_meeting_case(session, meeting_id, case_id)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting",
            str(meeting_id),
            detail=f"removed case {case_id}: {reason.value}",
        )
