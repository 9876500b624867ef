"""The perpetrators of a period's discussions, counted for the performance report
(``risk.perpetrator_figures`` says what each figure counts).

Each discussion's perpetrators are kept beside it in ``report_perpetrators`` (one row per
discussion and perpetrator, written by the recount with the discussions, and so marked stale
by the same triggers: a party, a date of birth, a referral, an assessment), so a period's
figures are read from one index; counted from the records afresh they took 1.5 s for a
quarter at 250,000 cases. Whether a perpetrator is serial depends on all of their cases,
discussed or not, and on the period's end, so that is read at the time, for the few
perpetrators recorded in two or more cases. Every read goes through ``anonymised_select``:
only ids, dates and yes/no leave the database, and from here only counts and case ids.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    delete,
    distinct,
    exists,
    func,
    insert,
)
from sqlalchemy.orm import Session, aliased

from marac_desktop.domain.records import PartyRole
from marac_desktop.risk.engine import ADULT_AGE
from marac_desktop.risk.flags import PerpetratorCase
from marac_desktop.risk.perpetrator_figures import PerpetratorFigure
from marac_desktop.storage import report_discussions
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    Base,
    CasePartyRow,
    CaseRow,
    IncidentRow,
    PersonRow,
    ReferralRow,
    ReportDiscussionRow,
    ReportPerpetratorRow,
)
from marac_desktop.storage.report_discussions import age_on

_PERPETRATOR = PartyRole.PERPETRATOR.value
_KEPT = Base.metadata.tables[ReportPerpetratorRow.__tablename__]


def write(connection: Connection, cases: Select[Any], before: int) -> None:
    """The perpetrators of the cases' discussions written after row ``before`` of
    ``report_discussions`` (``report_discussions.write``), their old rows deleted first."""
    kept, d = _KEPT, ReportDiscussionRow
    connection.execute(delete(kept).where(kept.c.case_id.in_(cases)))
    born = PersonRow.date_of_birth
    young = and_(born.is_not(None), age_on(connection, born, d.day) < ADULT_AGE)
    facts = (
        anonymised_select(
            d.case_id,
            d.day,
            CasePartyRow.person_id,
            d.high_risk,
            d.repeat,
            case((young, True), else_=False),
        )
        .join(
            CasePartyRow,
            and_(CasePartyRow.case_id == d.case_id, CasePartyRow.role == _PERPETRATOR),
        )
        .join(PersonRow, PersonRow.id == CasePartyRow.person_id)
        # the parties of these cases only: otherwise SQLite reads every party to find them
        .where(report_discussions.after(before), CasePartyRow.case_id.in_(cases))
    )
    columns = ["case_id", "day", "person_id", "high_risk", "repeat", "under_18"]
    connection.execute(insert(kept).from_select(columns, facts))


def _discussed(start: date, end: date) -> ColumnElement[bool]:
    return ReportPerpetratorRow.day.between(start, end)


def discussed_counts(session: Session, start: date, end: date) -> dict[PerpetratorFigure, int]:
    """The perpetrators in cases discussed from ``start`` to ``end``, each once: all of them,
    and those with a discussion that was high risk, a repeat, or when they were under 18."""
    r = ReportPerpetratorRow

    def people(where: ColumnElement[bool] | None = None) -> ColumnElement[int]:
        counted = r.person_id if where is None else case((where, r.person_id))
        return func.count(distinct(counted))

    query = anonymised_select(
        people(),
        people(r.high_risk.is_(True)),
        people(r.repeat.is_(True)),
        people(r.under_18.is_(True)),
    ).where(_discussed(start, end))
    recorded, high_risk, repeat, under_18 = session.execute(query).one()
    return {
        PerpetratorFigure.RECORDED: int(recorded),
        PerpetratorFigure.HIGH_RISK: int(high_risk),
        PerpetratorFigure.REPEAT: int(repeat),
        PerpetratorFigure.UNDER_18: int(under_18),
    }


ASK_EACH_UP_TO = 50_000
"""Up to this many perpetrators in a period, each is asked how many cases they have; above it,
every perpetrator's cases are counted at once (quicker for a period of years)."""


def serial_candidates(
    session: Session, start: date, end: date, victims: int, perpetrators: int
) -> list[list[PerpetratorCase]]:
    """For each of the period's ``perpetrators`` (in cases discussed in it) who is recorded in
    at least ``victims`` cases, those cases with their victims, each dated by its latest
    incident or referral up to ``end`` (a case with none by then is left out). Whether they
    are serial is the flag rule's to say."""
    r, harmed, party = ReportPerpetratorRow, aliased(CasePartyRow), aliased(CasePartyRow)
    if perpetrators <= ASK_EACH_UP_TO:
        in_period = anonymised_select(r.person_id).where(_discussed(start, end)).distinct()
        cases_of = (
            anonymised_select(func.count())
            .where(party.person_id == r.person_id, party.role == _PERPETRATOR)
            .scalar_subquery()
        )
        candidates = in_period.where(cases_of >= victims)
    else:
        discussed = exists(
            anonymised_select(r.person_id).where(
                r.person_id == party.person_id, _discussed(start, end)
            )
        )
        candidates = (
            anonymised_select(party.person_id)
            .where(party.role == _PERPETRATOR)
            .group_by(party.person_id)
            .having(and_(func.count() >= victims, discussed))
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
