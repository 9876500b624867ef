"""The perpetrators of a period's discussions, counted for the performance report
(``risk.perpetrator_figures`` says what each figure counts).

Read from the discussions the report keeps (``report_discussions``, brought up to date by
``reports_repo.refresh`` first) and each perpetrator's cases, through ``anonymised_select``:
only ids, codes, dates and yes/no leave the database, and from here only counts and, for
the few perpetrators with two or more victims, their cases' ids and dates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, and_, case, distinct, func
from sqlalchemy.orm import Session, aliased

from marac_desktop.domain.records import PartyRole
from marac_desktop.risk.engine import ADULT_AGE
from marac_desktop.risk.flags import PerpetratorCase
from marac_desktop.risk.perpetrator_figures import PerpetratorFigure
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    CasePartyRow,
    CaseRow,
    IncidentRow,
    PersonRow,
    ReferralRow,
    ReportDiscussionRow,
)
from marac_desktop.storage.report_discussions import age_on

_PERPETRATOR = PartyRole.PERPETRATOR.value


def _discussed(start: date, end: date) -> ColumnElement[bool]:
    return ReportDiscussionRow.day.between(start, end)


def _harmer_of_discussion() -> ColumnElement[bool]:
    return and_(
        CasePartyRow.case_id == ReportDiscussionRow.case_id, CasePartyRow.role == _PERPETRATOR
    )


def discussed_counts(session: Session, start: date, end: date) -> dict[PerpetratorFigure, int]:
    """The perpetrators in cases discussed from ``start`` to ``end``, each once: all of them,
    and those with a discussion that was high risk, a repeat, or when they were under 18."""
    d, person = ReportDiscussionRow, CasePartyRow.person_id
    born = PersonRow.date_of_birth
    young = and_(born.is_not(None), age_on(born, d.day) < ADULT_AGE)

    def people(where: ColumnElement[bool] | None = None) -> ColumnElement[int]:
        counted = person if where is None else case((where, person))
        return func.count(distinct(counted))

    query = (
        anonymised_select(
            people(), people(d.high_risk.is_(True)), people(d.repeat.is_(True)), people(young)
        )
        .select_from(d)
        .join(CasePartyRow, _harmer_of_discussion())
        .join(PersonRow, PersonRow.id == person)
        .where(_discussed(start, end))
    )
    recorded, high_risk, repeat, under_18 = session.execute(query).one()
    return {
        PerpetratorFigure.RECORDED: int(recorded),
        PerpetratorFigure.HIGH_RISK: int(high_risk),
        PerpetratorFigure.REPEAT: int(repeat),
        PerpetratorFigure.UNDER_18: int(under_18),
    }


def serial_candidates(
    session: Session, start: date, end: date, victims: int
) -> list[list[PerpetratorCase]]:
    """For each perpetrator in cases discussed in the period who has harmed at least
    ``victims`` different victims in any of their cases, those cases, each dated by its latest
    incident or referral up to ``end`` (a case with none by then is left out). Whether they
    are serial is the flag rule's to say."""
    in_period = (
        anonymised_select(CasePartyRow.person_id)
        .select_from(ReportDiscussionRow)
        .join(CasePartyRow, _harmer_of_discussion())
        .where(_discussed(start, end))
    )
    harmed = aliased(CasePartyRow)
    candidates = (
        anonymised_select(harmed.person_id)
        .join(CaseRow, CaseRow.id == harmed.case_id)
        .where(harmed.role == _PERPETRATOR, harmed.person_id.in_(in_period))
        .group_by(harmed.person_id)
        .having(func.count(distinct(CaseRow.victim_id)) >= victims)
    )
    latest_incident = (
        anonymised_select(func.max(IncidentRow.day))
        .where(IncidentRow.case_id == CaseRow.id, IncidentRow.day <= end)
        .scalar_subquery()
    )
    latest_referral = (
        anonymised_select(func.max(ReferralRow.day))
        .where(ReferralRow.case_id == CaseRow.id, ReferralRow.day <= end)
        .scalar_subquery()
    )
    rows = session.execute(
        anonymised_select(
            harmed.person_id, CaseRow.id, CaseRow.victim_id, latest_incident, latest_referral
        )
        .join(CaseRow, CaseRow.id == harmed.case_id)
        .where(harmed.role == _PERPETRATOR, harmed.person_id.in_(candidates))
    )
    cases: defaultdict[int, list[PerpetratorCase]] = defaultdict(list)
    for person_id, case_id, victim_id, incident, referral in rows:
        days = [_day(d) for d in (incident, referral) if d is not None]
        if days:
            cases[person_id].append(PerpetratorCase(case_id, "", victim_id, max(days)))
    return list(cases.values())


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
