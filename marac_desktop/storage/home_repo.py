"""What the Home page reads: one person's assessments, the referrals no list holds yet, and
the sign-ins and backups the audit log keeps. Each is one query on an index or one grouped
scan, so Home stays quick at any size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.users import User
from marac_desktop.storage import idva_links
from marac_desktop.storage.id_chunks import id_chunks
from marac_desktop.storage.meetings_repo import OPEN_REFERRAL
from marac_desktop.storage.orm import (
    AssessmentRow,
    AuditRow,
    CaseRow,
    IncidentRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
)


@dataclass(frozen=True, slots=True)
class AssessedCase:
    """A case with one of its assessments, named by reference and victim."""

    case_id: int
    reference: str
    family_name: str
    given_names: str
    assessment_id: int
    assessment_date: date


def _assessed_cases() -> Select[int, str, str, str, int, date]:
    return (
        select(
            AssessmentRow.case_id,
            CaseRow.reference,
            PersonRow.family_name,
            PersonRow.given_names,
            AssessmentRow.id,
            AssessmentRow.assessment_date,
        )
        .join(CaseRow, CaseRow.id == AssessmentRow.case_id)
        .join(PersonRow, PersonRow.id == CaseRow.victim_id)
    )


def _listed(session: Session, query: Select[int, str, str, str, int, date]) -> list[AssessedCase]:
    return [AssessedCase(*row) for row in session.execute(query)]


def drafts_by(session: Session, assessor: str) -> list[AssessedCase]:
    """The drafts ``assessor`` started, newest first."""
    query = (
        _assessed_cases()
        .where(
            AssessmentRow.status == AssessmentStatus.DRAFT.value,
            AssessmentRow.assessor == assessor,
        )
        .order_by(AssessmentRow.assessment_date.desc(), AssessmentRow.id.desc())
    )
    return _listed(session, query)


def last_completed_by(
    session: Session, assessor: str, idva: User | None = None
) -> list[AssessedCase]:
    """The cases whose newest completed assessment ``assessor`` made, or whose IDVA now is
    ``idva`` (``idva_links``), with that assessment, oldest first (the newest is the highest
    id, as for the case list's levels)."""
    newest = (
        select(AssessmentRow.case_id, func.max(AssessmentRow.id).label("newest"))
        .where(AssessmentRow.status == AssessmentStatus.COMPLETED.value)
        .group_by(AssessmentRow.case_id)
        .subquery()
    )
    query = (
        _assessed_cases()
        .join(newest, AssessmentRow.id == newest.c.newest)
        .where(
            or_(
                AssessmentRow.assessor == assessor,
                AssessmentRow.case_id.in_(idva_links.own_case_ids(idva)),
            )
        )
        .order_by(AssessmentRow.assessment_date, AssessmentRow.id)
    )
    return _listed(session, query)


def latest_incidents(session: Session, case_ids: Sequence[int]) -> dict[int, date]:
    """Each case's latest incident day (cases with none are left out)."""
    found: dict[int, date] = {}
    for chunk in id_chunks(case_ids):
        rows = session.execute(
            select(IncidentRow.case_id, func.max(IncidentRow.day))
            .where(IncidentRow.case_id.in_(chunk))
            .group_by(IncidentRow.case_id)
        )
        found.update({case_id: day for case_id, day in rows})
    return found


def cases_with_drafts(session: Session, case_ids: Sequence[int]) -> set[int]:
    """Which of the cases have a draft assessment, by anyone."""
    found: set[int] = set()
    for chunk in id_chunks(case_ids):
        found.update(
            session.scalars(
                select(AssessmentRow.case_id).where(
                    AssessmentRow.case_id.in_(chunk),
                    AssessmentRow.status == AssessmentStatus.DRAFT.value,
                )
            )
        )
    return found


def waiting_referrals(session: Session) -> int:
    """Open referrals (received or accepted, not heard) of cases that wait on no planned
    meeting's list."""
    listed = exists(
        select(MeetingCaseRow.case_id)
        .join(MeetingRow, MeetingRow.id == MeetingCaseRow.meeting_id)
        .where(
            MeetingCaseRow.case_id == ReferralRow.case_id,
            MeetingCaseRow.heard.is_(False),
            MeetingRow.status == MeetingStatus.PLANNED.value,
        )
    )
    count = session.scalar(
        select(func.count())
        .select_from(ReferralRow)
        .where(ReferralRow.status.in_(OPEN_REFERRAL), ~listed)
    )
    return int(count or 0)


def last_backup_at(session: Session) -> datetime | None:
    """When the last backup was written (the audit log keeps every one, wherever it went)."""
    at = session.scalar(
        select(AuditRow.at)
        .where(AuditRow.action == AuditAction.BACKUP.value, AuditRow.outcome == "ok")
        .order_by(AuditRow.id.desc())
        .limit(1)
    )
    if not at:
        return None
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _last_rows(session: Session, action: AuditAction) -> dict[str, int]:
    rows = session.execute(
        select(AuditRow.actor, func.max(AuditRow.id))
        .where(AuditRow.action == action.value)
        .group_by(AuditRow.actor)
    )
    return {actor: int(row_id) for actor, row_id in rows}


@dataclass(frozen=True, slots=True)
class SignIns:
    signed_in: frozenset[str]
    """Accounts that have signed in at least once."""
    failed_since: frozenset[str]
    """Accounts with a failed sign-in after their last successful one."""


def sign_ins(session: Session) -> SignIns:
    last_in = _last_rows(session, AuditAction.UNLOCK)
    last_failed = _last_rows(session, AuditAction.FAILED_UNLOCK)
    failed = {a for a, row_id in last_failed.items() if row_id > last_in.get(a, 0)}
    return SignIns(frozenset(last_in), frozenset(failed))
