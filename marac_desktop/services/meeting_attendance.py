"""Who came to a meeting: one row per agency representative. Audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.meetings import Attendance, MeetingId
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.meetings import find_meeting
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo


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
        find_meeting(session, meeting_id)
        meetings_repo.replace_attendance(session, meeting_id, cleaned)
        workspace.record(
            session, AuditAction.CHANGE, "meeting", str(meeting_id), detail="attendance"
        )
