"""MARAC meetings: create, list, look up and close them. All audited.

Meeting times are local wall-clock times (naive datetimes), as the meeting is arranged. The
list is built in ``meeting_list``, shown by ``agenda_view`` and heard in ``meeting_mode``;
attendance is kept by ``attendance`` and the settings by ``meeting_settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.edits import CLOSE_AGAIN, Edited, stale_sentence
from marac_desktop.domain.meetings import Meeting, MeetingCase, MeetingId, MeetingStatus
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError, StaleEditError
from marac_desktop.risk import agenda_rules
from marac_desktop.services.meeting_settings import check_range, load_meeting_settings
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, versions


def find_meeting(session: Session, meeting_id: int) -> Meeting:
    """The meeting, or one sentence saying it is gone."""
    meeting = meetings_repo.get_meeting(session, meeting_id)
    if meeting is None:
        raise InvalidInputError("That meeting no longer exists.")
    return meeting


def find_listed(session: Session, meeting_id: int, case_id: int) -> MeetingCase:
    """The case's entry on the meeting's list, or one sentence saying it is not listed."""
    entry = meetings_repo.meeting_case(session, meeting_id, case_id)
    if entry is None:
        raise InvalidInputError("That case is not on this meeting's list.")
    return entry


def mark_changed(session: Session, meeting_id: int, editor: str) -> int:
    """Raise the meeting's version: it or its list is changing (by ``editor``,
    ``Workspace.editor``). A case's entry has its own version (``meeting_mode``)."""
    return versions.save_edit(session, Edited.MEETING, meeting_id, None, editor)


@dataclass(frozen=True, slots=True)
class _Details:
    starts_at: datetime
    venue: str
    online: bool
    chair: str
    area: str
    cutoff: date
    slot_minutes: int


def _details(
    workspace: Workspace,
    starts_at: datetime,
    venue: str,
    online: bool,
    chair: str,
    area: str,
    today: date | None,
    slot_minutes: int | None,
) -> _Details:
    """A meeting's details as typed, checked; its cut-off is the area's working days before
    the meeting day."""
    if starts_at.date() < (today or date.today()):
        raise InvalidInputError("The meeting date is in the past; check it.")
    settings = load_meeting_settings(workspace)
    minutes = settings.slot_minutes if slot_minutes is None else slot_minutes
    check_range("slot_minutes", minutes)
    return _Details(
        starts_at.replace(tzinfo=None, second=0, microsecond=0),
        clean(venue, "venue", required=not online) or "Online",
        online,
        clean(chair, "chair", required=True),
        clean(area, "area", required=True),
        agenda_rules.cutoff_date(starts_at.date(), settings.cutoff_working_days),
        minutes,
    )


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
    """A planned meeting."""
    details = _details(workspace, starts_at, venue, online, chair, area, today, slot_minutes)
    with workspace.transaction() as session:
        meeting = meetings_repo.add_meeting(session, *astuple(details))
        workspace.record(session, AuditAction.CREATE, "meeting", str(meeting.id))
    return meeting


@requires(Permission.MANAGE_MEETINGS)
def edit_meeting(
    workspace: Workspace,
    meeting_id: MeetingId,
    starts_at: datetime,
    venue: str,
    online: bool,
    chair: str,
    area: str,
    today: date | None = None,
    slot_minutes: int | None = None,
    version: int | None = None,
) -> Meeting:
    """Change a planned meeting's time, place, chair, area or case slot (its cut-off moves
    with its day); refused over someone else's newer change (``version`` as read)."""
    details = _details(workspace, starts_at, venue, online, chair, area, today, slot_minutes)
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        if meeting.status is not MeetingStatus.PLANNED:
            raise InvalidInputError(_NOT_PLANNED[meeting.status])
        versions.save_edit(session, Edited.MEETING, meeting_id, version, workspace.editor)
        meetings_repo.update_meeting(session, meeting_id, *astuple(details))
        workspace.record(session, AuditAction.CHANGE, "meeting", str(meeting_id), detail="edited")
        return find_meeting(session, meeting_id)


@requires(Permission.MANAGE_MEETINGS)
def cancel_meeting(
    workspace: Workspace, meeting_id: MeetingId, version: int | None = None
) -> Meeting:
    """Call off a planned meeting at which no case has been heard: its cases can be proposed
    for another meeting, and it never counts in the reports."""
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        if meeting.status is not MeetingStatus.PLANNED:
            raise InvalidInputError(_NOT_PLANNED[meeting.status])
        if any(c.heard for c in meetings_repo.meeting_cases(session, meeting_id)):
            raise InvalidInputError(
                "Cases have been heard at this meeting, so it cannot be cancelled; close it."
            )
        saved = versions.save_edit(session, Edited.MEETING, meeting_id, version, workspace.editor)
        meetings_repo.set_meeting_status(session, meeting_id, MeetingStatus.CANCELLED)
        workspace.record(
            session, AuditAction.CHANGE, "meeting", str(meeting_id), detail="cancelled"
        )
    return replace(meeting, status=MeetingStatus.CANCELLED, version=saved)


_NOT_PLANNED = {
    MeetingStatus.HELD: "This meeting has been closed, so it stays as it was held.",
    MeetingStatus.CANCELLED: "This meeting was cancelled.",
}


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
        meeting = find_meeting(session, meeting_id)
        workspace.record(session, AuditAction.VIEW, "meeting", str(meeting_id))
    return meeting


def _same_entries(
    session: Session, meeting_id: int, seen: Mapping[CaseId, int], current: int
) -> None:
    """Refuse, naming the newest, if a case's entry on the list has changed since ``seen``."""
    changed = [
        entry
        for entry in meetings_repo.entry_versions(session, meeting_id)
        if seen.get(CaseId(entry.case_id), entry.version) != entry.version
    ]
    if changed:
        newest = max(changed, key=lambda e: e.changed_at or datetime.min)
        sentence = stale_sentence(
            Edited.MEETING, newest.changed_by, newest.changed_at, then=CLOSE_AGAIN
        )
        raise StaleEditError(sentence, current)


@requires(Permission.MANAGE_MEETINGS)
def close_meeting(
    workspace: Workspace,
    meeting_id: MeetingId,
    today: date | None = None,
    version: int | None = None,
    entries: Mapping[CaseId, int] | None = None,
) -> Meeting:
    """The coordinator closes the meeting on its day or later: it is held, and the reports
    count the cases heard at it (``Meeting.close_refusal`` says when it cannot be closed).
    ``version`` is the meeting's as read (``Meeting.version``) and ``entries`` each listed
    case's (``ListNotes.version``): refused in one sentence, naming whose change is newest, if
    anyone has changed the meeting, its list or a case's entry on it since."""
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        refusal = meeting.close_refusal(today or date.today())
        if refusal:
            raise InvalidInputError(refusal)
        saved = versions.save_edit(
            session, Edited.MEETING, meeting_id, version, workspace.editor, CLOSE_AGAIN
        )
        if entries is not None:
            _same_entries(session, meeting_id, entries, saved - 1)  # a refusal rolls back
        meetings_repo.set_meeting_status(session, meeting_id, MeetingStatus.HELD)
        heard = sum(c.heard for c in meetings_repo.meeting_cases(session, meeting_id))
        workspace.record(
            session,
            AuditAction.CHANGE,
            "meeting",
            str(meeting_id),
            detail=f"closed as held; {heard} case(s) heard",
        )
    return replace(meeting, status=MeetingStatus.HELD, version=saved)
