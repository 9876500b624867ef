"""Counts for the performance reports, each one SQL GROUP BY over the cases discussed in a period.

**Cases discussed** in [start, end]: every case marked heard at a meeting held on a day in the
period, once per meeting; plus, for days on which no meeting is recorded, every case with a
referral marked heard with that meeting day (data entered or imported without meeting
records), once per case and day. A discussed case's **referral** is the one heard that day,
else its latest referral received by that day; its **referring agency** is that referral's,
and it is a **repeat** when any referral heard that day has the repeat criterion ticked.
Ages are on the meeting day. Only counts leave this module: never a name or a record.

SQLite and PostgreSQL differ in date arithmetic, so the few date expressions are per dialect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from marac_desktop.risk.performance import AGE_BANDS, NOT_LGBT, NOT_RECORDED, WHITE_ETHNICITIES
from marac_desktop.storage.orm import (
    ActionRow,
    AssessmentRow,
    CasePartyRow,
    CaseRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
)

HEARD = "heard"


@dataclass(frozen=True, slots=True)
class DayCounts:
    """The return's counts for one meeting (or one meeting day known only from referrals)."""

    day: date
    meeting_id: int | None
    cases: int
    repeats: int
    children: int
    minoritised: int
    lgbt: int
    disabled: int
    male: int
    aged_16_17: int
    aged_65_plus: int
    perpetrators_under_18: int
    high_risk: int
    waits: int
    wait_days_total: float
    wait_days_max: float | None


@dataclass(frozen=True, slots=True)
class AgencyCount:
    day: date
    meeting_id: int | None
    agency: str
    cases: int


@dataclass(frozen=True, slots=True)
class ProfileCount:
    """How many discussed cases had a victim with this combination of characteristics."""

    ethnicity: str
    gender: str
    sexuality: str
    disability: bool | None
    age_band: str
    cases: int


@dataclass(frozen=True, slots=True)
class ActionCount:
    agency: str
    status: str
    overdue: bool
    actions: int


# ----- dialect-specific dates ---------------------------------------------------------------


class _Dates:
    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def day_of(self, moment: Any) -> ColumnElement[Any]:
        if self.sqlite:
            return type_coerce(func.date(moment), Date)
        return cast(moment, Date)

    def days_between(self, first: Any, second: Any) -> ColumnElement[Any]:
        if self.sqlite:
            return cast(func.julianday(second) - func.julianday(first), Integer)
        return cast(second - first, Integer)

    def age(self, born: Any, day: Any) -> ColumnElement[Any]:
        if self.sqlite:
            years = cast(func.strftime("%Y", day), Integer) - cast(
                func.strftime("%Y", born), Integer
            )
            before = case((func.strftime("%m%d", day) < func.strftime("%m%d", born), 1), else_=0)
            return years - before
        return cast(func.date_part("year", func.age(day, born)), Integer)


def _dates(session: Session) -> _Dates:
    return _Dates(session.get_bind().dialect.name)


# ----- the cases discussed ------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def meeting_days(session: Session, start: date, end: date) -> list[date]:
    """Days in the period with a meeting recorded."""
    low, high = _bounds(start, end)
    moments = session.scalars(
        select(MeetingRow.starts_at).where(MeetingRow.starts_at >= low, MeetingRow.starts_at < high)
    )
    return sorted({m.date() for m in moments})


def _discussions(session: Session, start: date, end: date) -> Any:
    """(day, meeting_id, case_id, agency, repeat, wait) for each case discussed in the period.

    Worked out once per session and period into a temporary table (in memory: SQLCipher keeps
    temporary storage in RAM here), which every count then reads; the database drops it when
    the connection closes.
    """
    made: dict[tuple[date, date], Table] = session.info.setdefault("discussed", {})
    if (start, end) not in made:
        table = Table(
            f"discussed_{len(made)}",
            MetaData(),
            Column("day", Date),
            Column("meeting_id", Integer),
            Column("case_id", Integer),
            Column("agency", String),
            Column("repeat", Integer),
            Column("wait", Integer),
            Column("victim_age", Integer),
            Column("children", Integer),
            Column("young_perpetrators", Integer),
            Column("high_risk", Integer),
            prefixes=["TEMPORARY"],
        )
        table.create(session.connection())
        found = _discussed_query(session, start, end).subquery()
        victim = aliased(PersonRow)
        query = (
            select(
                *found.c,
                _dates(session).age(victim.date_of_birth, found.c.day).label("victim_age"),
                *_case_facts(session, found),
            )
            .join(CaseRow, CaseRow.id == found.c.case_id)
            .join(victim, victim.id == CaseRow.victim_id)
        )
        session.execute(insert(table).from_select([c.name for c in table.columns], query))
        made[(start, end)] = table
    return made[(start, end)]


def _case_facts(session: Session, found: Any) -> list[ColumnElement[Any]]:
    """Per discussed case: children, perpetrators under 18 that day, and a high assessment."""
    children = (
        select(func.count())
        .where(CasePartyRow.case_id == found.c.case_id, CasePartyRow.role == "child")
        .scalar_subquery()
    )
    perpetrator = aliased(PersonRow)
    young = (
        select(func.count())
        .select_from(CasePartyRow)
        .join(perpetrator, perpetrator.id == CasePartyRow.person_id)
        .where(
            CasePartyRow.case_id == found.c.case_id,
            CasePartyRow.role == "perpetrator",
            _dates(session).age(perpetrator.date_of_birth, found.c.day) < 18,
        )
        .scalar_subquery()
    )
    high = exists().where(
        AssessmentRow.case_id == found.c.case_id,
        AssessmentRow.status == "completed",
        AssessmentRow.level == "high",
        AssessmentRow.assessment_date <= found.c.day,
    )
    return [
        children.label("children"),
        young.label("young_perpetrators"),
        case((high, 1), else_=0).label("high_risk"),
    ]


def _discussed_query(session: Session, start: date, end: date) -> Any:
    d = _dates(session)
    low, high = _bounds(start, end)
    heard_day = d.day_of(MeetingRow.starts_at)
    listed = (
        select(
            heard_day.label("day"),
            MeetingCaseRow.meeting_id.label("meeting_id"),
            MeetingCaseRow.case_id.label("case_id"),
        )
        .join(MeetingRow, MeetingRow.id == MeetingCaseRow.meeting_id)
        .where(MeetingCaseRow.heard, MeetingRow.starts_at >= low, MeetingRow.starts_at < high)
        .subquery()
    )
    pick = aliased(ReferralRow)
    chosen = (
        select(pick.id)
        .where(pick.case_id == listed.c.case_id, pick.day <= listed.c.day)
        .order_by(
            case((pick.meeting_day == listed.c.day, 0), else_=1), pick.day.desc(), pick.id.desc()
        )
        .limit(1)
        .scalar_subquery()
    )
    flagged = aliased(ReferralRow)
    repeat_heard = exists().where(
        flagged.case_id == listed.c.case_id,
        flagged.meeting_day == listed.c.day,
        flagged.repeat,
    )
    referral = aliased(ReferralRow)
    from_meetings = select(
        listed.c.day,
        listed.c.meeting_id,
        listed.c.case_id,
        func.coalesce(referral.referring_agency, "").label("agency"),
        case((repeat_heard, 1), else_=0).label("repeat"),
        d.days_between(referral.day, listed.c.day).label("wait"),
    ).select_from(listed.outerjoin(referral, referral.id == chosen))

    days = meeting_days(session, start, end)
    earlier = aliased(ReferralRow)
    duplicate = exists().where(
        earlier.case_id == ReferralRow.case_id,
        earlier.meeting_day == ReferralRow.meeting_day,
        earlier.status == HEARD,
        earlier.id < ReferralRow.id,
    )
    conditions = [
        ReferralRow.status == HEARD,
        ReferralRow.meeting_day >= start,
        ReferralRow.meeting_day <= end,
        ~duplicate,
    ]
    if days:
        conditions.append(ReferralRow.meeting_day.not_in(days))
    from_referrals = select(
        ReferralRow.meeting_day.label("day"),
        cast(null(), Integer).label("meeting_id"),
        ReferralRow.case_id,
        ReferralRow.referring_agency.label("agency"),
        case((ReferralRow.repeat, 1), else_=0).label("repeat"),
        d.days_between(ReferralRow.day, ReferralRow.meeting_day).label("wait"),
    ).where(*conditions)
    return from_meetings.union_all(from_referrals)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _lower(column: Any) -> ColumnElement[str]:
    return func.lower(func.trim(func.coalesce(column, "")))


def day_counts(session: Session, start: date, end: date) -> list[DayCounts]:
    discussed = _discussions(session, start, end)
    victim = aliased(PersonRow)
    age = discussed.c.victim_age
    ethnicity, sexuality = _lower(victim.ethnicity), _lower(victim.sexuality)
    query = (
        select(
            discussed.c.day,
            discussed.c.meeting_id,
            func.count(),
            func.coalesce(func.sum(discussed.c.repeat), 0),
            func.coalesce(func.sum(discussed.c.children), 0),
            _flag(and_(ethnicity != "", ethnicity.not_in(sorted(WHITE_ETHNICITIES)))),
            _flag(and_(sexuality != "", sexuality.not_in(sorted(NOT_LGBT)))),
            _flag(victim.disability.is_(True)),
            _flag(_lower(victim.gender) == "male"),
            _flag(age.between(16, 17)),
            _flag(age >= 65),
            func.coalesce(func.sum(discussed.c.young_perpetrators), 0),
            func.coalesce(func.sum(discussed.c.high_risk), 0),
            func.count(discussed.c.wait),
            func.coalesce(func.sum(discussed.c.wait), 0),
            func.max(discussed.c.wait),
        )
        .select_from(discussed)
        .join(CaseRow, CaseRow.id == discussed.c.case_id)
        .join(victim, victim.id == CaseRow.victim_id)
        .group_by(discussed.c.day, discussed.c.meeting_id)
        .order_by(discussed.c.day, discussed.c.meeting_id)
    )
    return [_day_counts(tuple(r)) for r in session.execute(query)]


def _day_counts(r: tuple[Any, ...]) -> DayCounts:
    n = [int(v) for v in r[2:14]]
    return DayCounts(
        day=_as_date(r[0]),
        meeting_id=r[1],
        cases=n[0],
        repeats=n[1],
        children=n[2],
        minoritised=n[3],
        lgbt=n[4],
        disabled=n[5],
        male=n[6],
        aged_16_17=n[7],
        aged_65_plus=n[8],
        perpetrators_under_18=n[9],
        high_risk=n[10],
        waits=n[11],
        wait_days_total=float(r[14]),
        wait_days_max=None if r[15] is None else float(r[15]),
    )


def agency_counts(session: Session, start: date, end: date) -> list[AgencyCount]:
    discussed = _discussions(session, start, end)
    query = select(
        discussed.c.day, discussed.c.meeting_id, discussed.c.agency, func.count()
    ).group_by(discussed.c.day, discussed.c.meeting_id, discussed.c.agency)
    return [
        AgencyCount(_as_date(day), meeting, agency or "", int(n))
        for day, meeting, agency, n in session.execute(query)
    ]


def _band(age: ColumnElement[Any]) -> ColumnElement[str]:
    whens: list[tuple[Any, str]] = [
        (age.between(low, high), label) for low, high, label in AGE_BANDS
    ]
    return case(*whens, else_=literal(NOT_RECORDED))


def profile_counts(session: Session, start: date, end: date) -> list[ProfileCount]:
    discussed = _discussions(session, start, end)
    victim = aliased(PersonRow)
    band = _band(discussed.c.victim_age).label("band")
    ethnicity = func.trim(func.coalesce(victim.ethnicity, "")).label("ethnicity")
    gender = _lower(victim.gender).label("gender")
    sexuality = _lower(victim.sexuality).label("sexuality")
    query = (
        select(ethnicity, gender, sexuality, victim.disability, band, func.count())
        .select_from(discussed)
        .join(CaseRow, CaseRow.id == discussed.c.case_id)
        .join(victim, victim.id == CaseRow.victim_id)
        .group_by(ethnicity, gender, sexuality, victim.disability, band)
    )
    return [
        ProfileCount(e or "", g or "", s or "", dis, b, int(n))
        for e, g, s, dis, b, n in session.execute(query)
    ]


def wait_histogram(session: Session, start: date, end: date) -> dict[int, int]:
    """{days from referral to hearing: how many cases}."""
    discussed = _discussions(session, start, end)
    query = (
        select(discussed.c.wait, func.count())
        .where(discussed.c.wait.is_not(None))
        .group_by(discussed.c.wait)
    )
    return {int(wait): int(n) for wait, n in session.execute(query)}


def action_counts(session: Session, start: date, end: date, today: date) -> list[ActionCount]:
    """Actions set at meetings held in the period, by agency, status and whether overdue."""
    low, high = _bounds(start, end)
    overdue = case((and_(ActionRow.status == "open", ActionRow.due < today), 1), else_=0).label(
        "overdue"
    )
    query = (
        select(ActionRow.agency, ActionRow.status, overdue, func.count())
        .join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
        .where(MeetingRow.starts_at >= low, MeetingRow.starts_at < high)
        .group_by(ActionRow.agency, ActionRow.status, overdue)
    )
    return [
        ActionCount(agency, status, bool(late), int(n))
        for agency, status, late, n in session.execute(query)
    ]


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
