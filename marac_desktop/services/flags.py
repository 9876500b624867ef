"""Flags with their evidence, kept up to date from the records, and the review queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import CaseFlag, CaseRecord, FlagId, FlagStatus, PartyRole
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.flags import (
    FlagRules,
    IncidentFact,
    ReferralFact,
    escalation_flag,
    repeat_flag,
    serial_perpetrator_flag,
    twelve_month_notice,
)
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import records_repo
from marac_desktop.storage.bulk import NewFlag


def case_flags(
    case_id: int,
    incidents: Sequence[IncidentFact],
    referrals: Sequence[ReferralFact],
    rules: FlagRules,
    today: date,
) -> list[NewFlag]:
    """The case's flags, each with a key that stays the same however often it is worked out."""
    found = []
    for flag in (
        repeat_flag(incidents, referrals, rules),
        escalation_flag(incidents, today, rules),
    ):
        if flag is not None:
            key = f"{flag.kind}:{case_id}:{flag.raised_on.isoformat()}"
            found.append(NewFlag(key, flag.kind, case_id, None, flag.raised_on, flag.evidence))
    heard = [r.meeting_day or r.day for r in referrals]
    last = max(heard) if heard else None
    notice = twelve_month_notice(last, today, rules)
    if notice is not None and last is not None:
        key = f"{notice.kind}:{case_id}:{last.isoformat()}"
        found.append(NewFlag(key, notice.kind, case_id, None, notice.raised_on, notice.evidence))
    return found


def perpetrator_flag(
    person_id: int, victims: Sequence[tuple[int, date]], rules: FlagRules, today: date
) -> NewFlag | None:
    flag = serial_perpetrator_flag(victims, today, rules)
    if flag is None:
        return None
    count = len({victim for victim, _ in victims})
    key = f"{flag.kind}:person:{person_id}:{count}"
    return NewFlag(key, flag.kind, None, person_id, flag.raised_on, flag.evidence)


def _facts(record: CaseRecord) -> tuple[list[IncidentFact], list[ReferralFact]]:
    return (
        [IncidentFact(i.day, i.kind.criminal) for i in record.incidents],
        [ReferralFact(r.day, r.meeting_day) for r in record.referrals],
    )


def last_activity(record: CaseRecord) -> date | None:
    days = [i.day for i in record.incidents] + [r.day for r in record.referrals]
    return max(days) if days else None


def _raise(session: Session, flag: NewFlag) -> bool:
    return records_repo.raise_flag(
        session, flag.key, flag.kind, flag.case_id, flag.person_id, flag.raised_on, flag.evidence
    )


def refresh_case(session: Session, case_id: int, rules: FlagRules, today: date) -> int:
    """Raise any flag the case now meets (each only once); return how many are new."""
    record = records_repo.case_record(session, case_id)
    if record is None:
        return 0
    incidents, referrals = _facts(record)
    new = sum(_raise(session, f) for f in case_flags(case_id, incidents, referrals, rules, today))
    for perpetrator in record.people(PartyRole.PERPETRATOR):
        victims: list[tuple[int, date]] = []
        for other_id, role in records_repo.cases_of_person(session, perpetrator.id):
            if role != PartyRole.PERPETRATOR.value:
                continue
            other = records_repo.case_record(session, other_id)
            day = last_activity(other) if other else None
            if other is not None and day is not None:
                victims.append((other.victim.id, day))
        flag = perpetrator_flag(perpetrator.id, victims, rules, today)
        new += flag is not None and _raise(session, flag)
    return new


@requires(Permission.MANAGE_CASES)
def refresh(workspace: Workspace, case_id: CaseId, today: date | None = None) -> int:
    """Raise the flags the case now meets; audited when any is new."""
    with workspace.transaction() as session:
        new = refresh_case(session, case_id, FlagRules(), today or date.today())
        if new:
            workspace.record(
                session, AuditAction.CREATE, "flag", str(case_id), detail=f"{new} flag(s)"
            )
    return new


@requires(Permission.REVIEW_FLAGS)
def queue(workspace: Workspace, include_reviewed: bool = False) -> list[CaseFlag]:
    """Flags waiting for a safeguarding lead (and, if asked, those already reviewed)."""
    statuses = list(FlagStatus) if include_reviewed else [FlagStatus.OPEN]
    with workspace.transaction() as session:
        found = records_repo.flags(session, statuses)
        workspace.record(session, AuditAction.VIEW, "flag_queue", detail=f"{len(found)} flag(s)")
    return found


@requires(Permission.REVIEW_FLAGS)
def review(workspace: Workspace, flag_id: FlagId, confirm: bool, reason: str) -> CaseFlag:
    """Confirm or dismiss a flag; a reason is required either way."""
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInputError("Give a reason for confirming or dismissing the flag.")
    status = FlagStatus.CONFIRMED if confirm else FlagStatus.DISMISSED
    with workspace.transaction() as session:
        flag = records_repo.review_flag(session, flag_id, status, workspace.actor, reason)
        if flag is None:
            raise InvalidInputError("That flag no longer exists.")
        workspace.record(session, AuditAction.CHANGE, "flag", str(flag_id), detail=status.value)
    return flag
