"""What the priority model scores, read for every perpetrator at once: the incidents,
referrals and checklist answers of their cases inside a window, and who their victims are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.records import PartyRole
from marac_desktop.risk.codes import Answer
from marac_desktop.risk.engine import ADULT_AGE
from marac_desktop.risk.perpetrator_priority import (
    HarmIncident,
    PerpetratorHistory,
    ReportedFactor,
    VictimFacts,
)
from marac_desktop.storage.id_chunks import id_chunks
from marac_desktop.storage.orm import (
    AnswerRow,
    AssessmentRow,
    CasePartyRow,
    CaseRow,
    IncidentRow,
    PerpetratorReferralRow,
    PersonRow,
    ReferralRow,
)

PREGNANCY_QUESTION = "q9"
"""The checklist question that records a victim pregnant or recently given birth."""

_PERPETRATOR = PartyRole.PERPETRATOR.value


@dataclass(slots=True)
class _Gathered:
    incidents: list[HarmIncident] = field(default_factory=list)
    referrals: list[date] = field(default_factory=list)
    factors: list[ReportedFactor] = field(default_factory=list)
    victims: set[int] = field(default_factory=set)
    pregnant: set[int] = field(default_factory=set)


def histories(
    session: Session,
    start: date,
    today: date,
    factor_questions: Collection[str],
    only: int | None = None,
) -> list[PerpetratorHistory]:
    """The history of each perpetrator (or of ``only``) with anything dated after ``start``
    up to ``today``; nothing older is read, since nothing outside the window counts.

    Read as plain rows on the connection (no ORM loading), in one pass over the perpetrators'
    cases: the ranking reads every perpetrator's window at once. Of a case's referrals only
    the latest in the window is read, since recency is all the score takes from them."""
    gathered: defaultdict[int, _Gathered] = defaultdict(_Gathered)
    harmed = aliased(CasePartyRow)
    connection = session.connection()

    def in_window(day: InstrumentedAttribute[date]) -> ColumnElement[bool]:
        return and_(day > start, day <= today)

    cases = (
        select(harmed.person_id, CaseRow.victim_id)
        .join(CaseRow, CaseRow.id == harmed.case_id)
        .where(harmed.role == _PERPETRATOR)
    )
    partners = select(PerpetratorReferralRow.person_id, PerpetratorReferralRow.day)
    if only is not None:
        cases = cases.where(harmed.person_id == only)
        partners = partners.where(PerpetratorReferralRow.person_id == only)
    # One pass over the perpetrators' cases gives both the incidents in the window and each
    # case's latest referral (kept on the case), which is all of its referrals the score uses.
    referred: set[int] = set()
    later: list[int] = []
    for person, victim_id, case_id, last_referral, day, kind in connection.execute(
        cases.add_columns(CaseRow.id, CaseRow.last_referral, IncidentRow.day, IncidentRow.kind)
        .outerjoin(IncidentRow, and_(IncidentRow.case_id == CaseRow.id, in_window(IncidentRow.day)))
        .where(or_(IncidentRow.id.is_not(None), CaseRow.last_referral > start))
    ).all():
        found = gathered[person]
        if day is not None:
            found.incidents.append(HarmIncident(day, kind, victim_id))
            found.victims.add(victim_id)
        if last_referral is not None and last_referral > start and case_id not in referred:
            referred.add(case_id)
            if last_referral <= today:
                found.referrals.append(last_referral)
                found.victims.add(victim_id)
            else:
                later.append(case_id)
    for chunk in id_chunks(later):  # referred again after ``today``: the last one up to it
        for person, victim_id, day in connection.execute(
            cases.add_columns(ReferralRow.day)
            .join(ReferralRow, ReferralRow.case_id == CaseRow.id)
            .where(CaseRow.id.in_(chunk), in_window(ReferralRow.day))
        ).all():
            gathered[person].referrals.append(day)
            gathered[person].victims.add(victim_id)
    questions = sorted({*factor_questions, PREGNANCY_QUESTION})
    for person, victim_id, day, question in connection.execute(
        cases.add_columns(AssessmentRow.assessment_date, AnswerRow.question_id)
        .join(AssessmentRow, AssessmentRow.case_id == CaseRow.id)
        .join(AnswerRow, AnswerRow.assessment_id == AssessmentRow.id)
        .where(
            in_window(AssessmentRow.assessment_date),
            AssessmentRow.status == AssessmentStatus.COMPLETED.value,
            AnswerRow.question_id.in_(questions),
            AnswerRow.answer == Answer.YES.value,
        )
    ):
        found = gathered[person]
        found.victims.add(victim_id)
        if question == PREGNANCY_QUESTION:
            found.pregnant.add(victim_id)
        if question in factor_questions:
            found.factors.append(ReportedFactor(day, question, victim_id))
    for person, day in connection.execute(partners.where(in_window(PerpetratorReferralRow.day))):
        gathered[person].referrals.append(day)
    children = _child_victims(session, today)
    return [
        PerpetratorHistory(
            person,
            tuple(found.incidents),
            tuple(found.referrals),
            tuple(found.factors),
            tuple(VictimFacts(v, v in children, v in found.pregnant) for v in found.victims),
        )
        for person, found in gathered.items()
    ]


def _child_victims(session: Session, today: date) -> set[int]:
    """The victims of any case who are under 18 on ``today``: few, and found from the index on
    dates of birth, where asking about each victim in the window would take a query per few
    hundred of them."""
    try:
        born_after = today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        born_after = today.replace(year=today.year - ADULT_AGE, day=28)
    return set(
        session.scalars(
            select(CaseRow.victim_id)
            .join(PersonRow, PersonRow.id == CaseRow.victim_id)
            .where(PersonRow.date_of_birth > born_after)
        )
    )


def with_children(session: Session) -> set[int]:
    """Perpetrators with a child recorded in the household of one of their cases."""
    child = aliased(CasePartyRow)
    return set(
        session.scalars(
            select(CasePartyRow.person_id)
            .join(child, child.case_id == CasePartyRow.case_id)
            .where(CasePartyRow.role == _PERPETRATOR, child.role == PartyRole.CHILD.value)
            .distinct()
        )
    )


def in_postcode_area(session: Session, area: str) -> set[int]:
    """Perpetrators whose postcode, or whose victims' postcode, starts with ``area``."""
    prefix = area.replace(" ", "").upper()
    victim = aliased(PersonRow)
    harmer = aliased(PersonRow)
    rows = session.execute(
        select(CasePartyRow.person_id, harmer.postcode, victim.postcode)
        .join(harmer, harmer.id == CasePartyRow.person_id)
        .join(CaseRow, CaseRow.id == CasePartyRow.case_id)
        .join(victim, victim.id == CaseRow.victim_id)
        .where(CasePartyRow.role == _PERPETRATOR)
    )
    return {
        person
        for person, own, theirs in rows
        if any(code.replace(" ", "").upper().startswith(prefix) for code in (own, theirs) if code)
    }
