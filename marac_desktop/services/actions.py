"""SMART agency actions from MARAC meetings, their status history, and the tracker. All audited.

Open actions set at any earlier meeting put their case first on the next meeting's proposed
list (see ``meeting_list.propose_list``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.meetings import (
    Action,
    ActionField,
    ActionFilter,
    ActionId,
    ActionStatus,
    Meeting,
    MeetingId,
    meeting_case_reference,
)
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.vocabulary import Vocabulary, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.meetings import find_listed, find_meeting
from marac_desktop.services.validation import clean, long_text
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, versions, vocabulary_repo

MAX_NOTE = 1000
MAX_WHAT = 2000
NOTHING_CHANGED = "The action already reads like that; change what, who or the due date first."


@dataclass(frozen=True, slots=True)
class TrackedAction:
    action: Action
    meeting_starts_at: datetime
    reference: str
    """The case's meeting case reference at the meeting that set the action."""
    overdue: bool
    agency_label: str
    """The agency's name as the vocabulary words it (``action.agency`` is its code)."""


@requires(Permission.MANAGE_MEETINGS)
def add_action(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    agency: str,
    what: str,
    who: str,
    due: date,
) -> Action:
    """A SMART action: the agency, what exactly, who will do it, and by when."""
    agency_name = clean(agency, "agency", required=True, limit=64)
    description = _what(what)
    person = _who(who)
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        find_listed(session, meeting_id, case_id)
        _check_due(due, meeting)
        action = meetings_repo.add_action(
            session, meeting_id, case_id, agency_name, description, person, due, workspace.actor
        )
        workspace.record(
            session, AuditAction.CREATE, "action", str(action.id), detail=f"meeting {meeting_id}"
        )
    return action


def _what(what: str) -> str:
    description = long_text(what, "action", limit=MAX_WHAT)
    if not description:
        raise InvalidInputError("Enter what the agency will do.")
    return description


def _who(who: str) -> str:
    return clean(who, "person responsible", required=True)


def _check_due(due: date, meeting: Meeting) -> None:
    if due < meeting.day:
        raise InvalidInputError(
            "The due date is before the meeting that set the action; make it that day or later."
        )


@requires(Permission.MANAGE_MEETINGS)
def edit_action(
    workspace: Workspace,
    action_id: ActionId,
    what: str | None = None,
    who: str | None = None,
    due: date | None = None,
    version: int | None = None,
) -> Action:
    """Correct an action's text, who is doing it or its due date (None leaves a field as it
    is), checked as a new action is; the history keeps each changed field's value before and
    after, with who and when. ``version`` is the one read for the correction: refused if
    someone has changed the action since."""
    wanted: dict[ActionField, str] = {}
    if what is not None:
        wanted[ActionField.WHAT] = _what(what)
    if who is not None:
        wanted[ActionField.WHO] = _who(who)
    if due is not None:
        wanted[ActionField.DUE] = due.isoformat()
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.ACTION, action_id, version, workspace.editor)
        current = meetings_repo.get_action(session, action_id)
        if current is None:
            raise InvalidInputError("That action no longer exists.")
        now = {
            ActionField.WHAT: current.what,
            ActionField.WHO: current.who,
            ActionField.DUE: current.due.isoformat(),
        }
        changed = {f: (now[f], new) for f, new in wanted.items() if new != now[f]}
        if not changed:
            raise InvalidInputError(NOTHING_CHANGED)
        if due is not None and ActionField.DUE in changed:
            _check_due(due, find_meeting(session, current.meeting_id))
        edited = meetings_repo.edit_action(session, action_id, changed, workspace.actor)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "action",
            str(action_id),
            detail="corrected " + ", ".join(f.value for f in changed),
        )
    return edited


@requires(Permission.MANAGE_MEETINGS)
def set_status(
    workspace: Workspace,
    action_id: ActionId,
    status: ActionStatus,
    note: str = "",
    version: int | None = None,
) -> Action:
    """Change an action's status; the history keeps every change with who, when and why.
    ``version`` is the one read for the change: refused if someone has changed it since."""
    cleaned = long_text(note, "note", limit=MAX_NOTE)
    if status.needs_note and not cleaned:
        raise InvalidInputError(f"Say why the action is '{status.label.lower()}'.")
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.ACTION, action_id, version, workspace.editor)
        current = meetings_repo.get_action(session, action_id)
        if current is None:
            raise InvalidInputError("That action no longer exists.")
        if current.status is status and not cleaned:
            raise InvalidInputError("The action already has that status.")
        changed = meetings_repo.set_action_status(
            session, action_id, status, cleaned, workspace.actor
        )
        workspace.record(
            session,
            AuditAction.CHANGE,
            "action",
            str(action_id),
            detail=f"{current.status.value}->{status.value}",
        )
    return changed


@requires(Permission.MANAGE_MEETINGS)
def get_action(workspace: Workspace, action_id: ActionId) -> Action:
    with workspace.transaction() as session:
        found = meetings_repo.get_action(session, action_id)
        if found is None:
            raise InvalidInputError("That action no longer exists.")
        workspace.record(session, AuditAction.VIEW, "action", str(action_id))
    return found


@requires(Permission.MANAGE_MEETINGS)
def agencies_with_actions(workspace: Workspace) -> set[str]:
    """The agency codes any action was set for (for the tracker's filter)."""
    with workspace.transaction() as session:
        return set(meetings_repo.action_agencies(session))


def _tracked(
    found: list[meetings_repo.ActionListing], words: Vocabulary, now: date
) -> list[TrackedAction]:
    return [
        TrackedAction(
            f.action,
            f.meeting_starts_at,
            meeting_case_reference(f.action.meeting_id, f.number) if f.number else "",
            f.action.overdue(now),
            words.label(f.action.agency),
        )
        for f in found
    ]


@requires(Permission.MANAGE_MEETINGS)
def list_actions(
    workspace: Workspace,
    agency: str | None = None,
    meeting_id: MeetingId | None = None,
    status: ActionStatus | None = None,
    due_before: date | None = None,
    today: date | None = None,
    overdue_only: bool = False,
) -> list[TrackedAction]:
    """The tracker, filtered, ordered by due date; ``overdue`` marks open actions past due."""
    now = today or date.today()
    with workspace.transaction() as session:
        found = meetings_repo.list_actions(session, agency, meeting_id, status, due_before)
        words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
        workspace.record(session, AuditAction.VIEW, "action_list")
    tracked = _tracked(found, words, now)
    return [t for t in tracked if t.overdue] if overdue_only else tracked


@dataclass(frozen=True, slots=True)
class ActionCount:
    actions: int
    overdue: int


ACTION_SORTS = meetings_repo.ACTION_SORTS
"""What ``action_page`` sorts by; ``due`` ascending is the tracker's usual order."""


@requires(Permission.MANAGE_MEETINGS)
def count_actions(workspace: Workspace, chosen: ActionFilter) -> ActionCount:
    """How many actions the filters keep, and how many of those are overdue."""
    with workspace.transaction() as session:
        total, overdue = meetings_repo.count_actions(session, chosen)
    return ActionCount(total, overdue)


def check_sort(sort: str) -> None:
    if sort not in ACTION_SORTS:
        raise InvalidInputError("The actions cannot be sorted that way.")


@requires(Permission.MANAGE_MEETINGS)
def action_page(
    workspace: Workspace,
    chosen: ActionFilter,
    offset: int,
    limit: int,
    sort: str = "due",
    descending: bool = False,
) -> list[TrackedAction]:
    """One page of the tracker, filtered and sorted in the database (fast at any size); the
    actions come without their history (``get_action`` reads it)."""
    check_sort(sort)
    with workspace.transaction() as session:
        found = meetings_repo.action_page(session, chosen, offset, limit, sort, descending)
        words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
        if offset == 0:  # one audit row per list shown, not per page scrolled
            workspace.record(session, AuditAction.VIEW, "action_list")
    return _tracked(found, words, chosen.day)
