"""Reading the perpetrator register: every person recorded as causing harm in a case, a page
of them at a time, and everything held on one of them."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.perpetrators import (
    PerpetratorCase,
    PerpetratorIncident,
    RegisterLine,
)
from marac_desktop.domain.records import FlagStatus, PartyRole
from marac_desktop.risk.codes import Answer
from marac_desktop.storage.id_chunks import id_chunks
from marac_desktop.storage.orm import (
    AnswerRow,
    AssessmentRow,
    CasePartyRow,
    CaseRow,
    FlagRow,
    IncidentRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
)

_PERPETRATOR = PartyRole.PERPETRATOR.value


InCases = Select[int] | None
"""The cases to read from (a select of case ids, such as ``idva_links.own_case_ids``), or None
for every case."""


def _perpetrator_ids(in_cases: InCases = None) -> Select[Any]:
    found = select(CasePartyRow.person_id).where(CasePartyRow.role == _PERPETRATOR)
    if in_cases is not None:
        found = found.where(CasePartyRow.case_id.in_(in_cases))
    return found.distinct()


def count_register(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(_perpetrator_ids().subquery())) or 0


def register_page(
    session: Session, offset: int, limit: int, in_cases: InCases = None
) -> list[RegisterLine]:
    """Perpetrators most recently recorded first, ``limit`` from ``offset``."""
    ids = list(
        session.scalars(
            _perpetrator_ids(in_cases)
            .order_by(CasePartyRow.person_id.desc())
            .offset(offset)
            .limit(limit)
        )
    )
    return register_lines(session, ids, in_cases)


def is_perpetrator(session: Session, person_id: int, in_cases: InCases = None) -> bool:
    """Whether the person causes harm in a case (one of ``in_cases``, when given)."""
    found = select(CasePartyRow.case_id).where(
        CasePartyRow.person_id == person_id, CasePartyRow.role == _PERPETRATOR
    )
    if in_cases is not None:
        found = found.where(CasePartyRow.case_id.in_(in_cases))
    return session.scalar(found.limit(1)) is not None


def register_lines(
    session: Session, person_ids: Sequence[int], in_cases: InCases = None
) -> list[RegisterLine]:
    """A register line for each perpetrator asked for, in the order asked, counting their
    cases (those of ``in_cases``, when given)."""
    counted: dict[int, tuple[int, int, date | None]] = {}
    for chunk in id_chunks(person_ids):
        query = (
            select(
                CasePartyRow.person_id,
                func.count(CaseRow.id),
                func.count(CaseRow.victim_id.distinct()),
                func.max(CaseRow.last_referral),
            )
            .join(CaseRow, CaseRow.id == CasePartyRow.case_id)
            .where(CasePartyRow.role == _PERPETRATOR, CasePartyRow.person_id.in_(chunk))
            .group_by(CasePartyRow.person_id)
        )
        if in_cases is not None:
            query = query.where(CasePartyRow.case_id.in_(in_cases))
        counted.update({r[0]: (r[1], r[2], r[3]) for r in session.execute(query)})
    people = {
        r[0]: r[1:]
        for chunk in id_chunks(list(counted))
        for r in session.execute(
            select(
                PersonRow.id, PersonRow.family_name, PersonRow.given_names, PersonRow.date_of_birth
            ).where(PersonRow.id.in_(chunk))
        )
    }
    return [
        RegisterLine(PersonId(p), *people[p], *counted[p])
        for p in person_ids
        if p in counted and p in people
    ]


def perpetrator_cases(
    session: Session, person_id: int, victim_names: bool, in_cases: InCases = None
) -> list[PerpetratorCase]:
    """Each case the person causes harm in (of ``in_cases``, when given), with its victim,
    relationship and MARAC days."""
    victim = aliased(PersonRow)
    query = (
        select(
            CaseRow.id,
            CaseRow.reference,
            CaseRow.victim_id,
            victim.given_names,
            victim.family_name,
            CasePartyRow.relation,
            CaseRow.last_referral,
        )
        .join(CaseRow, CaseRow.id == CasePartyRow.case_id)
        .join(victim, victim.id == CaseRow.victim_id)
        .where(CasePartyRow.person_id == person_id, CasePartyRow.role == _PERPETRATOR)
        .order_by(CaseRow.id)
    )
    if in_cases is not None:
        query = query.where(CaseRow.id.in_(in_cases))
    rows = session.execute(query).all()
    heard: dict[int, list[date]] = {}
    for case_id, starts_at in session.execute(
        select(MeetingCaseRow.case_id, MeetingRow.starts_at)
        .join(MeetingRow, MeetingRow.id == MeetingCaseRow.meeting_id)
        .where(MeetingCaseRow.case_id.in_([r[0] for r in rows]), MeetingCaseRow.heard)
        .order_by(MeetingRow.starts_at)
    ):
        heard.setdefault(case_id, []).append(starts_at.date())
    return [
        PerpetratorCase(
            CaseId(r[0]),
            r[1],
            PersonId(r[2]),
            f"{r[3]} {r[4]}".strip() if victim_names else "",
            r[5],
            r[6],
            tuple(heard.get(r[0], ())),
        )
        for r in rows
    ]


def perpetrator_incidents(session: Session, case_ids: Collection[int]) -> list[PerpetratorIncident]:
    rows = session.execute(
        select(CaseRow.reference, IncidentRow.day, IncidentRow.kind)
        .join(CaseRow, CaseRow.id == IncidentRow.case_id)
        .where(IncidentRow.case_id.in_(list(case_ids)))
        .order_by(IncidentRow.day, IncidentRow.id)
    )
    return [PerpetratorIncident(r[0], r[1], r[2]) for r in rows]


def referral_days(session: Session, case_ids: Collection[int]) -> list[date]:
    return list(
        session.scalars(
            select(ReferralRow.day)
            .where(ReferralRow.case_id.in_(list(case_ids)))
            .order_by(ReferralRow.day)
        )
    )


def described_factors(
    session: Session, case_ids: Collection[int], questions: Collection[str]
) -> list[tuple[str, date, str]]:
    """(case reference, assessment date, question) for each of ``questions`` answered yes in
    a completed assessment of one of the cases, oldest first."""
    rows = session.execute(
        select(CaseRow.reference, AssessmentRow.assessment_date, AnswerRow.question_id)
        .join(AssessmentRow, AssessmentRow.id == AnswerRow.assessment_id)
        .join(CaseRow, CaseRow.id == AssessmentRow.case_id)
        .where(
            AssessmentRow.case_id.in_(list(case_ids)),
            AssessmentRow.status == AssessmentStatus.COMPLETED.value,
            AnswerRow.question_id.in_(list(questions)),
            AnswerRow.answer == Answer.YES.value,
        )
        .order_by(AssessmentRow.assessment_date, AnswerRow.question_id)
    )
    return [(r[0], r[1], r[2]) for r in rows]


def reported_concerns(session: Session, case_ids: Collection[int]) -> list[tuple[str, date, str]]:
    """(case reference, assessment date, concern id) for each concern flagged in a completed
    assessment of one of the cases, oldest first."""
    rows = session.execute(
        select(CaseRow.reference, AssessmentRow.assessment_date, AssessmentRow.concerns)
        .join(CaseRow, CaseRow.id == AssessmentRow.case_id)
        .where(
            AssessmentRow.case_id.in_(list(case_ids)),
            AssessmentRow.status == AssessmentStatus.COMPLETED.value,
        )
        .order_by(AssessmentRow.assessment_date, AssessmentRow.id)
    )
    return [
        (reference, day, concern)
        for reference, day, concerns in rows
        for concern in json.loads(concerns or "[]")
    ]


def flags_about(
    session: Session, person_id: int, case_ids: Collection[int], on_person: bool = True
) -> list[tuple[str, str]]:
    """(kind, status) of the open and confirmed flags on the cases, and on the person
    wherever raised unless not ``on_person``."""
    cases = FlagRow.case_id.in_(list(case_ids))
    rows = session.execute(
        select(FlagRow.kind, FlagRow.status)
        .where(
            (FlagRow.person_id == person_id) | cases if on_person else cases,
            FlagRow.status.in_([FlagStatus.OPEN.value, FlagStatus.CONFIRMED.value]),
        )
        .order_by(FlagRow.raised_on, FlagRow.id)
    )
    return [(r[0], r[1]) for r in rows]
