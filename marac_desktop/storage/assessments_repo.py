"""Cases, victims and assessments in and out of the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marac_desktop.domain.assessments import (
    AssessmentId,
    AssessmentStatus,
    StoredAnswer,
    StoredAssessment,
)
from marac_desktop.domain.cases import CaseId, CaseSummary, PersonId, Victim
from marac_desktop.domain.users import User
from marac_desktop.storage import idva_links
from marac_desktop.storage.orm import (
    AnswerRow,
    AssessmentRow,
    CaseRow,
    IdvaAllocationRow,
    PersonRow,
)
from marac_desktop.storage.records_repo import BATCH


def _case(row: CaseRow) -> CaseSummary:
    person = row.victim
    victim = Victim(
        PersonId(person.id), person.family_name, person.given_names, person.date_of_birth
    )
    return CaseSummary(CaseId(row.id), row.reference, victim)


def get_case(session: Session, case_id: int) -> CaseSummary | None:
    row = session.get(CaseRow, case_id)
    return _case(row) if row else None


def case_summaries(session: Session, case_ids: list[int]) -> list[CaseSummary]:
    """The given cases with their victims in one query, in the order of ``case_ids``."""
    if not case_ids:
        return []
    rows = session.execute(
        select(
            CaseRow.id,
            CaseRow.reference,
            PersonRow.id.label("person_id"),
            PersonRow.family_name,
            PersonRow.given_names,
            PersonRow.date_of_birth,
        )
        .join(PersonRow, PersonRow.id == CaseRow.victim_id)
        .where(CaseRow.id.in_(case_ids))
    )
    by_id = {
        r.id: CaseSummary(
            CaseId(r.id),
            r.reference,
            Victim(PersonId(r.person_id), r.family_name, r.given_names, r.date_of_birth),
        )
        for r in rows
    }
    return [by_id[i] for i in case_ids if i in by_id]


def recently_assessed(session: Session, limit: int) -> list[int]:
    """Ids of the cases with any assessment (drafts too), most recently assessed first."""
    return list(
        session.scalars(
            select(AssessmentRow.case_id)
            .group_by(AssessmentRow.case_id)
            .order_by(
                func.max(AssessmentRow.assessment_date).desc(),
                func.max(AssessmentRow.id).desc(),
            )
            .limit(limit)
        )
    )


def allocated_to(session: Session, user: User | None, limit: int) -> list[int]:
    """Ids of the cases whose IDVA now is ``user`` (``idva_links``), the most recently
    allocated first."""
    return list(
        session.scalars(
            select(IdvaAllocationRow.case_id)
            .where(idva_links.allocated_now_to(user))
            .group_by(IdvaAllocationRow.case_id)
            .order_by(
                func.max(IdvaAllocationRow.allocated_on).desc(), IdvaAllocationRow.case_id.desc()
            )
            .limit(limit)
        )
    )


def is_allocated_to(session: Session, user: User | None, case_id: int) -> bool:
    """Whether ``user`` is the case's IDVA now (``idva_links``)."""
    found = select(IdvaAllocationRow.id).where(
        IdvaAllocationRow.case_id == case_id, idva_links.allocated_now_to(user)
    )
    return session.scalar(found.limit(1)) is not None


def recently_changed(session: Session, limit: int) -> list[int]:
    """Ids of the cases opened or changed most recently first."""
    latest = func.coalesce(CaseRow.changed_at, CaseRow.created_at)
    return list(
        session.scalars(select(CaseRow.id).order_by(latest.desc(), CaseRow.id.desc()).limit(limit))
    )


def latest_completed_before(
    session: Session, case_id: int, assessment: StoredAssessment
) -> StoredAssessment | None:
    """The case's latest completed assessment other than ``assessment`` and not after it."""
    row = session.scalars(
        select(AssessmentRow)
        .where(
            AssessmentRow.case_id == case_id,
            AssessmentRow.id != assessment.id,
            AssessmentRow.status == AssessmentStatus.COMPLETED.value,
            AssessmentRow.assessment_date <= assessment.assessment_date,
        )
        .order_by(AssessmentRow.assessment_date.desc(), AssessmentRow.id.desc())
        .limit(1)
    ).first()
    return _assessment(row) if row is not None else None


def _answer(row: AnswerRow) -> StoredAnswer:
    return StoredAnswer(
        row.form_id,
        row.form_version,
        row.question_id,
        row.answer,
        row.text,
        row.comment,
        row.source,
        tuple(json.loads(row.options)),
    )


def _assessment(row: AssessmentRow) -> StoredAssessment:
    return StoredAssessment(
        id=AssessmentId(row.id),
        case_id=CaseId(row.case_id),
        status=AssessmentStatus(row.status),
        form_id=row.form_id,
        form_version=row.form_version,
        model_id=row.model_id,
        model_version=row.model_version,
        assessment_date=row.assessment_date,
        assessor=row.assessor,
        victim_age=row.victim_age,
        incident_dates=tuple(date.fromisoformat(d) for d in json.loads(row.incident_dates)),
        last_marac_referral=row.last_marac_referral,
        concerns=tuple(json.loads(row.concerns)),
        judgement_raised=row.judgement_raised,
        judgement_reason=row.judgement_reason,
        level=row.level,
        actuarial_level=row.actuarial_level,
        yes_count=row.yes_count,
        refer_to_marac=row.refer_to_marac,
        result_json=row.result_json,
        policy_json=row.policy_json,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        answers=tuple(_answer(a) for a in row.answers),
        version=row.version,
    )


_COPIED = [
    f.name
    for f in fields(StoredAssessment)
    if f.name not in {"id", "incident_dates", "concerns", "answers", "status", "case_id", "version"}
]


def save(session: Session, assessment: StoredAssessment) -> StoredAssessment:
    """Insert (id 0) or replace an assessment and all its answers."""
    row = session.get(AssessmentRow, assessment.id) if assessment.id else None
    if row is None:
        row = AssessmentRow(case_id=assessment.case_id)
        session.add(row)
    for name in _COPIED:
        setattr(row, name, getattr(assessment, name))
    row.status = assessment.status.value
    row.incident_dates = json.dumps([d.isoformat() for d in assessment.incident_dates])
    row.concerns = json.dumps(list(assessment.concerns))
    row.answers = [
        AnswerRow(
            form_id=a.form_id,
            question_id=a.question_id,
            form_version=a.form_version,
            answer=a.answer,
            text=a.text,
            comment=a.comment,
            source=a.source,
            options=json.dumps(list(a.options)),
        )
        for a in assessment.answers
    ]
    session.flush()
    session.refresh(row)
    return _assessment(row)


def get(session: Session, assessment_id: int) -> StoredAssessment | None:
    row = session.get(AssessmentRow, assessment_id)
    return _assessment(row) if row else None


def for_case(session: Session, case_id: int) -> list[StoredAssessment]:
    rows = session.scalars(
        select(AssessmentRow)
        .where(AssessmentRow.case_id == case_id)
        .order_by(AssessmentRow.assessment_date, AssessmentRow.id)
    )
    return [_assessment(row) for row in rows]


def for_cases(session: Session, case_ids: Sequence[int]) -> dict[int, list[StoredAssessment]]:
    """``for_case`` for many cases, read ``BATCH`` cases at a time; cases without any are left
    out."""
    found: dict[int, list[StoredAssessment]] = {}
    for start in range(0, len(case_ids), BATCH):
        rows = session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.case_id.in_(case_ids[start : start + BATCH]))
            .order_by(AssessmentRow.assessment_date, AssessmentRow.id)
        )
        for row in rows:
            found.setdefault(row.case_id, []).append(_assessment(row))
    return found


def latest_levels(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The level of each case's most recent completed assessment (cases with none are left out)."""
    newest = (
        select(AssessmentRow.case_id, func.max(AssessmentRow.id).label("newest"))
        .where(AssessmentRow.case_id.in_(case_ids), AssessmentRow.status == "completed")
        .group_by(AssessmentRow.case_id)
        .subquery()
    )
    rows = session.execute(
        select(AssessmentRow.case_id, AssessmentRow.level).join(
            newest, AssessmentRow.id == newest.c.newest
        )
    )
    return {case_id: level for case_id, level in rows}
