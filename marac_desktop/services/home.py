"""What waits for the signed-in person, for the Home page: each section read only for a role
whose permissions cover its work, so no one is shown counts of work they may not see.

- Assessments (record assessments and manage cases): the person's drafts, and their cases due
  a reassessment (those whose latest completed assessment they made, or whose IDVA they are
  now): a new incident since that assessment, or ``domain.assessments.REASSESSMENT_DAYS``
  passed since it.
- Meetings (manage meetings): the next planned meeting and its cut-off, the referrals no list
  holds yet, and the overdue actions. (Research returns are not recorded yet, so what is
  missing from them cannot be counted.)
- Flags (review flags): the flags waiting for review by kind, and the notices to acknowledge.
- Backups (back up): when the last one was made, old after ``backups.BACKUP_WARNING_DAYS``.
- Accounts (manage users): accounts never signed in, or with failed sign-ins since their last
  sign-in (read from the audit log, so not by the recovery code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from marac_desktop.domain.assessments import AssessmentId, reassessment_due_on
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, form_name
from marac_desktop.domain.meetings import ActionFilter, Meeting
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.users import User
from marac_desktop.domain.words import counted
from marac_desktop.risk import agenda_rules
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services.backups import backup_is_old
from marac_desktop.services.meeting_settings import load_meeting_settings
from marac_desktop.services.research_returns import meeting_research
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import home_repo, meetings_repo, records_repo, users_repo
from marac_desktop.storage.home_repo import AssessedCase

SHOWN = 8
"""Drafts and cases due listed by name; any more are counted."""


@dataclass(frozen=True, slots=True)
class CaseItem:
    """A case by reference and victim, with the assessment the item is about and its date."""

    case_id: CaseId
    reference: str
    victim: str
    assessment_id: AssessmentId
    assessed_on: date


class DueReason(StrEnum):
    NEW_INCIDENT = "new_incident"
    """An incident recorded after the last completed assessment."""
    INTERVAL = "interval"
    """The reassessment interval has passed since the last completed assessment."""


@dataclass(frozen=True, slots=True)
class DueItem:
    case: CaseItem
    reason: DueReason
    since: date
    """The new incident's day, or the day the reassessment fell due."""


@dataclass(frozen=True, slots=True)
class AssessmentWork:
    drafts: tuple[CaseItem, ...]
    """The newest ``SHOWN`` of the person's drafts."""
    draft_count: int
    due: tuple[DueItem, ...]
    """The ``SHOWN`` cases longest due first, new incidents before the interval."""
    due_count: int


@dataclass(frozen=True, slots=True)
class NextMeeting:
    meeting: Meeting
    listed: int
    """Cases on its list."""
    cutoff_in: int
    """Working days from today to the cut-off (0 on the day and after it)."""
    returns_missing: int = 0
    """Research requests on its list not yet returned."""
    returns_overdue: int = 0


@dataclass(frozen=True, slots=True)
class MeetingWork:
    next_meeting: NextMeeting | None
    waiting_referrals: int
    """Open referrals of cases that wait on no planned meeting's list."""
    overdue_actions: int


@dataclass(frozen=True, slots=True)
class FlagWork:
    waiting: tuple[tuple[FlagKind, int], ...]
    """Each kind of flag with some waiting for review, in the kinds' order."""
    notices: int


@dataclass(frozen=True, slots=True)
class BackupWork:
    on_server: bool
    """Backups are the server operator's, so none is made or dated here."""
    last_backup: datetime | None
    old: bool


@dataclass(frozen=True, slots=True)
class AccountWork:
    never_signed_in: tuple[User, ...]
    failed_sign_ins: tuple[User, ...]
    """Active accounts with a failed sign-in after their last successful one."""
    sign_ins_read: bool
    """Whether this session may read the sign-ins (the recovery code may not)."""


@dataclass(frozen=True, slots=True)
class HomeWork:
    today: date
    assessments: AssessmentWork | None = None
    meetings: MeetingWork | None = None
    flags: FlagWork | None = None
    backups: BackupWork | None = None
    accounts: AccountWork | None = None


def _item(case: AssessedCase) -> CaseItem:
    return CaseItem(
        CaseId(case.case_id),
        case.reference,
        form_name(case.family_name, case.given_names),
        AssessmentId(case.assessment_id),
        case.assessment_date,
    )


def _due(session: Session, assessor: str, idva: User | None, today: date) -> list[DueItem]:
    completed = home_repo.last_completed_by(session, assessor, idva)
    ids = [c.case_id for c in completed]
    drafted = home_repo.cases_with_drafts(session, ids)
    incidents = home_repo.latest_incidents(session, ids)
    due: list[DueItem] = []
    for case in completed:
        if case.case_id in drafted:  # the reassessment is under way
            continue
        incident = incidents.get(case.case_id)
        if incident is not None and incident > case.assessment_date:
            due.append(DueItem(_item(case), DueReason.NEW_INCIDENT, incident))
        elif reassessment_due_on(case.assessment_date) <= today:
            due.append(
                DueItem(_item(case), DueReason.INTERVAL, reassessment_due_on(case.assessment_date))
            )
    due.sort(key=lambda d: (d.reason is not DueReason.NEW_INCIDENT, d.since, d.case.case_id))
    return due


def _assessments(workspace: Workspace, session: Session, today: date) -> AssessmentWork:
    drafts = home_repo.drafts_by(session, workspace.actor)
    due = _due(session, workspace.actor, workspace.user, today)
    named = {d.case_id for d in drafts[:SHOWN]} | {d.case.case_id for d in due[:SHOWN]}
    workspace.record(
        session, AuditAction.VIEW, "home", detail=f"{counted(len(named), 'case')} named"
    )
    return AssessmentWork(
        tuple(_item(d) for d in drafts[:SHOWN]), len(drafts), tuple(due[:SHOWN]), len(due)
    )


def _meetings(session: Session, today: date, research_days: int) -> MeetingWork:
    meeting = meetings_repo.next_planned(session, today)
    next_meeting = None
    if meeting is not None:
        research = meeting_research(session, meeting, research_days)
        next_meeting = NextMeeting(
            meeting,
            meetings_repo.case_count(session, meeting.id),
            agenda_rules.working_days_until(today, meeting.cutoff),
            research.waiting(),
            research.overdue(today),
        )
    _total, overdue = meetings_repo.count_actions(session, ActionFilter(today=today))
    return MeetingWork(next_meeting, home_repo.waiting_referrals(session), overdue)


def _flags(session: Session) -> FlagWork:
    counts = records_repo.open_flag_counts(session)
    waiting = tuple(
        (kind, counts[kind.value]) for kind in FlagKind if not kind.notice and counts.get(kind)
    )
    notices = sum(counts.get(kind.value, 0) for kind in FlagKind if kind.notice)
    return FlagWork(waiting, notices)


def _backups(workspace: Workspace, session: Session, today: date) -> BackupWork:
    if workspace.on_server:
        return BackupWork(True, None, False)
    last = home_repo.last_backup_at(session)
    return BackupWork(False, last, backup_is_old(last.astimezone().date() if last else None, today))


def _accounts(workspace: Workspace, session: Session) -> AccountWork:
    active = [u for u in users_repo.all_users(session) if u.active]
    read = workspace.can(Permission.VIEW_AUDIT_LOG)
    sign_ins = home_repo.sign_ins(session) if read else None
    never = tuple(u for u in active if sign_ins and u.username not in sign_ins.signed_in)
    failed = tuple(u for u in active if sign_ins and u.username in sign_ins.failed_since)
    return AccountWork(never, failed, read)


@requires(Anyone.SESSION)
def home(workspace: Workspace, today: date | None = None) -> HomeWork:
    """Each section this session's role may see; the others are None (not read at all)."""
    today = today or date.today()
    can = workspace.can
    research_days = (
        load_meeting_settings(workspace).research_due_working_days
        if can(Permission.MANAGE_MEETINGS)
        else 0
    )
    with workspace.transaction() as session:
        return HomeWork(
            today,
            assessments=_assessments(workspace, session, today)
            if can(Permission.RECORD_ASSESSMENTS) and can(Permission.MANAGE_CASES)
            else None,
            meetings=_meetings(session, today, research_days)
            if can(Permission.MANAGE_MEETINGS)
            else None,
            flags=_flags(session) if can(Permission.REVIEW_FLAGS) else None,
            backups=_backups(workspace, session, today) if can(Permission.BACK_UP) else None,
            accounts=_accounts(workspace, session) if can(Permission.MANAGE_USERS) else None,
        )
