"""Flags with their evidence, kept up to date from the records, and the review queue."""

from __future__ import annotations

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
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import records_repo


def _case_facts(record: CaseRecord) -> tuple[list[IncidentFact], list[ReferralFact]]:
    incidents = [IncidentFact(i.day, i.kind.criminal) for i in record.incidents]
    referrals = [ReferralFact(r.day, r.meeting_day) for r in record.referrals]
    return incidents, referrals


def _last_activity(record: CaseRecord) -> date | None:
    days = [i.day for i in record.incidents] + [r.day for r in record.referrals]
    return max(days) if days else None


def refresh_case(session: Session, case_id: int, rules: FlagRules, today: date) -> int:
    """Raise any flag the case now meets (each only once); return how many are new."""
    record = records_repo.case_record(session, case_id)
    if record is None:
        return 0
    incidents, referrals = _case_facts(record)
    new = 0
    for flag in (
        repeat_flag(incidents, referrals, rules),
        escalation_flag(incidents, today, rules),
    ):
        if flag is not None:
            key = f"{flag.kind}:{case_id}:{flag.raised_on.isoformat()}"
            new += records_repo.raise_flag(
                session, key, flag.kind, case_id, None, flag.raised_on, flag.evidence
            )
    heard = [r.meeting_day or r.day for r in record.referrals]
    notice = twelve_month_notice(max(heard) if heard else None, today, rules)
    if notice is not None:
        key = f"{notice.kind}:{case_id}:{max(heard).isoformat()}"
        new += records_repo.raise_flag(
            session, key, notice.kind, case_id, None, notice.raised_on, notice.evidence
        )
    for perpetrator in record.people(PartyRole.PERPETRATOR):
        new += _refresh_perpetrator(session, perpetrator.id, rules, today)
    return new


def _refresh_perpetrator(session: Session, person_id: int, rules: FlagRules, today: date) -> int:
    victims: list[tuple[int, date]] = []
    for case_id, role in records_repo.cases_of_person(session, person_id):
        if role != PartyRole.PERPETRATOR.value:
            continue
        record = records_repo.case_record(session, case_id)
        day = _last_activity(record) if record else None
        if record is not None and day is not None:
            victims.append((record.victim.id, day))
    flag = serial_perpetrator_flag(victims, today, rules)
    if flag is None:
        return 0
    count = len({v for v, _ in victims})
    key = f"{flag.kind}:person:{person_id}:{count}"
    return int(
        records_repo.raise_flag(
            session, key, flag.kind, None, person_id, flag.raised_on, flag.evidence
        )
    )


def refresh(workspace: Workspace, case_id: CaseId, today: date | None = None) -> int:
    with workspace.transaction() as session:
        return refresh_case(session, case_id, FlagRules(), today or date.today())


def queue(workspace: Workspace, include_reviewed: bool = False) -> list[CaseFlag]:
    """Flags waiting for a safeguarding lead (and, if asked, those already reviewed)."""
    workspace.require(Permission.REVIEW_FLAGS)
    statuses = list(FlagStatus) if include_reviewed else [FlagStatus.OPEN]
    with workspace.transaction() as session:
        found = records_repo.flags(session, statuses)
        workspace.record(session, AuditAction.VIEW, "flag_queue", detail=f"{len(found)} flag(s)")
    return found


def review(workspace: Workspace, flag_id: FlagId, confirm: bool, reason: str) -> CaseFlag:
    """Confirm or dismiss a flag; a reason is required either way."""
    workspace.require(Permission.REVIEW_FLAGS)
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
