"""Meeting mode: what was shared about each case, and each case heard. Audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.meetings import find_listed, find_meeting
from marac_desktop.services.validation import long_text
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, versions

MAX_MINUTES = 600


def _check_minutes(minutes_used: int | None) -> None:
    if minutes_used is not None and not 0 <= minutes_used <= MAX_MINUTES:
        raise InvalidInputError(f"The minutes used must be between 0 and {MAX_MINUTES}.")


def _mark(
    workspace: Workspace, session: Session, meeting_id: MeetingId, case_id: CaseId, seen: int | None
) -> int:
    """Raise the case's entry to its next version, or refuse a save made from an older one."""
    return versions.save_edit(
        session, Edited.MEETING_CASE, (meeting_id, case_id), seen, workspace.editor
    )


@requires(Permission.MANAGE_MEETINGS)
def record_discussion(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    summary: str,
    risks: str,
    minutes_used: int | None = None,
    version: int | None = None,
) -> int:
    """What the agencies shared (a summary, not minutes of every word) and the risks discussed.
    ``version`` is the one read (``ListNotes.version``): refused in one sentence if someone has
    saved this case's notes or marked it heard since. Returns the entry's new version."""
    _check_minutes(minutes_used)
    values: dict[str, object] = {
        "agency_summary": long_text(summary, "summary"),
        "risks": long_text(risks, "risks discussed"),
    }
    if minutes_used is not None:  # None leaves the time already recorded as it was
        values["minutes_used"] = minutes_used
    with workspace.transaction() as session:
        find_listed(session, meeting_id, case_id)
        saved = _mark(workspace, session, meeting_id, case_id, version)
        meetings_repo.update_meeting_case(session, meeting_id, case_id, **values)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting_case",
            f"{meeting_id}/{case_id}",
            detail="discussion",
        )
    return saved


@requires(Permission.MANAGE_MEETINGS)
def mark_heard(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    minutes_used: int | None = None,
    now: datetime | None = None,
    version: int | None = None,
) -> int:
    """The case was heard: its open referrals become heard on the meeting day.

    Only once the meeting has started (``Meeting.heard_refusal``); the meeting itself is held
    only when the coordinator closes it (``meetings.close_meeting``). ``version`` as for
    ``record_discussion``; returns the entry's new version.
    """
    _check_minutes(minutes_used)
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        refusal = meeting.heard_refusal(now or datetime.now())
        if refusal:
            raise InvalidInputError(refusal)
        entry = find_listed(session, meeting_id, case_id)
        saved = _mark(workspace, session, meeting_id, case_id, version)
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
    return saved
