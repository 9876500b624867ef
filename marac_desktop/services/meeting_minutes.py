"""The minutes of a meeting, from meeting mode's record: attendance, what was shared about each
case, its action plan and the earlier actions reviewed. Restricted, and audited.

Each case is named by its meeting case reference, and by its case reference too only when the
area's ``MeetingSettings.minutes_case_reference`` allows it; no name of a person is read.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.meetings import (
    Action,
    ActionStatus,
    Attendance,
    MeetingCase,
    MeetingId,
    MeetingStatus,
    meeting_case_reference,
)
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.vocabulary import Vocabulary, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.reports import minutes_pdf, research_list_pdf
from marac_desktop.reports.minutes_pdf import (
    MinutesAction,
    MinutesAttendee,
    MinutesCase,
    MinutesDocument,
)
from marac_desktop.services import marking, meeting_settings
from marac_desktop.services.meeting_documents import meeting_heading, short_day
from marac_desktop.services.meetings import find_meeting
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, vocabulary_repo
from marac_desktop.storage.atomic import atomic_writer
from marac_desktop.storage.meetings_repo import ActionListing

CANCELLED = "This meeting was cancelled, so it has no minutes."
_STATUS = {MeetingStatus.PLANNED: "Not yet closed", MeetingStatus.HELD: "Held"}


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _attendee(entry: Attendance) -> MinutesAttendee:
    attended = "Present" if entry.present else "Apologies" if entry.apologies else "Not present"
    return MinutesAttendee(
        entry.agency,
        entry.attendee,
        attended,
        _yes(entry.information_sent),
        _yes(entry.signed_confidentiality),
    )


def _heard(entry: MeetingCase) -> str:
    if not entry.heard:
        return "Not heard"
    return "Heard" + (f", {entry.minutes_used} min" if entry.minutes_used else "")


def _changed_on(at: datetime) -> date:
    return (at.astimezone() if at.tzinfo else at).date()


def _open_on(action: Action, day: date) -> bool:
    """Whether the action was open as the meeting day began: its last change before then."""
    before = [c for c in action.history if _changed_on(c.at) < day]
    return bool(before) and before[-1].status is ActionStatus.OPEN


def _action(listing: ActionListing, words: Vocabulary, earlier: bool) -> MinutesAction:
    action = listing.action
    last = action.history[-1] if action.history else None
    set_at = ""
    if earlier:
        number = listing.number
        set_at = meeting_case_reference(action.meeting_id, number) if number else "earlier"
    return MinutesAction(
        words.label(action.agency),
        action.what,
        action.who,
        short_day(action.due),
        "Still open" if earlier and action.status is ActionStatus.OPEN else action.status.label,
        last.note if last and action.status.needs_note else "",
        set_at,
    )


@requires(Permission.MANAGE_MEETINGS)
def minutes_document(workspace: Workspace, meeting_id: MeetingId) -> MinutesDocument:
    """The minutes' content, worded; the reading is audited."""
    settings = meeting_settings.load_meeting_settings(workspace)
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        if meeting.status is MeetingStatus.CANCELLED:
            raise InvalidInputError(CANCELLED)
        listed = meetings_repo.meeting_cases(session, meeting_id)
        case_ids = [entry.case_id for entry in listed]
        references = (
            meetings_repo.case_references(session, case_ids)
            if settings.minutes_case_reference
            else {}
        )
        listings = meetings_repo.case_actions(session, case_ids)
        attendance = meetings_repo.attendance(session, meeting_id)
        words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
        workspace.record(session, AuditAction.VIEW, "meeting", str(meeting_id), detail="minutes")
    cases = []
    for entry in listed:
        own = [item for item in listings if item.action.case_id == entry.case_id]
        heading = entry.reference
        if entry.case_id in references:
            heading += f" · {references[entry.case_id]}"
        cases.append(
            MinutesCase(
                heading,
                entry.section.label,
                _heard(entry),
                entry.agency_summary,
                entry.risks,
                tuple(_action(i, words, False) for i in own if i.action.meeting_id == meeting_id),
                tuple(
                    _action(i, words, True)
                    for i in own
                    if i.action.meeting_id != meeting_id and _open_on(i.action, meeting.day)
                ),
            )
        )
    present = sum(1 for a in attendance if a.present)
    signed = sum(1 for a in attendance if a.present and a.signed_confidentiality)
    details = (
        ("Chair", meeting.chair),
        ("Area", meeting.area),
        ("Where", "Online" if meeting.online else meeting.venue),
        ("Status", _STATUS[meeting.status]),
        ("Cases", f"{len(listed)} on the list, {sum(1 for e in listed if e.heard)} heard"),
        ("Statement signed", f"{signed} of the {present} present"),
    )
    return MinutesDocument(
        marking.protective_marking(workspace),
        meeting_heading(meeting),
        details,
        settings.confidentiality_statement,
        tuple(_attendee(a) for a in attendance),
        tuple(cases),
    )


@requires(Permission.MANAGE_MEETINGS)
def minutes_bytes(
    workspace: Workspace, meeting_id: MeetingId, password: str | None = None
) -> bytes:
    """The minutes as a PDF; encrypted with AES-256 when a password is given."""
    minutes = minutes_document(workspace, meeting_id)
    buffer = io.BytesIO()
    minutes_pdf.build_minutes(minutes, buffer)
    pdf = buffer.getvalue()
    return research_list_pdf.encrypt(pdf, password) if password is not None else pdf


@requires(Permission.MANAGE_MEETINGS)
def save_minutes(
    workspace: Workspace, meeting_id: MeetingId, path: Path, password: str | None = None
) -> Path:
    """Write the minutes into a temporary file beside ``path`` that replaces it once whole."""
    data = minutes_bytes(workspace, meeting_id, password)
    with atomic_writer(path) as handle:
        handle.write(data)
    detail = "minutes" + (", encrypted" if password else "")
    workspace.audit(AuditAction.EXPORT, "document", f"minutes/{meeting_id}", detail=detail)
    return path
