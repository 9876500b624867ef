"""The rules of ``risk.discussions`` (and the facts ``risk.report_counts`` counts) in SQL.

``risk.discussions`` says in Python which cases were discussed on which day; here the same
rules fill ``report_discussions`` with one INSERT ... SELECT per round of cases, and each
meeting's counts are read back with GROUP BY, so no record passes through Python one by one
(at 250,000 cases the Python rules took 17 s of CPU, these about 2 s).
``tests/storage/test_report_discussions_sql.py`` holds the two equal on generated records.
Every read of a record goes through ``anonymised_select``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    extract,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    true,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.types import NullType

from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.records import ReferralStatus
from marac_desktop.risk.engine import ADULT_AGE
from marac_desktop.risk.performance import AGE_BANDS, NOT_RECORDED
from marac_desktop.risk.report_counts import DISABILITY_VALUES, SUMS, Counts, empty_counts
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    AssessmentRow,
    Base,
    CaseImportRow,
    CasePartyRow,
    CaseRow,
    IdvaAllocationRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
    ReportDiscussionRow,
)

_DISCUSSIONS = Base.metadata.tables[ReportDiscussionRow.__tablename__]
Key = tuple[date, int | None]
"""A meeting's day and id (None for a meeting day known only from referrals)."""


def _meeting_day(connection: Connection) -> ColumnElement[date]:
    """A meeting's day: the date of its start, which is kept as naive UTC."""
    starts = MeetingRow.starts_at
    if connection.dialect.name == "postgresql":
        return cast(func.timezone("UTC", starts), Date)
    return func.date(starts, type_=Date)


def _days_from(connection: Connection, earlier: Any, later: Any) -> ColumnElement[int]:
    if connection.dialect.name == "postgresql":
        return cast(later - earlier, Integer)
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def age_on(connection: Connection, born: Any, day: Any) -> ColumnElement[int]:
    """``domain.cases.age_on``: whole years, a birthday counting on its day."""
    year: Callable[[Any], ColumnElement[Any]]
    month_day: Callable[[Any], ColumnElement[Any]]
    if connection.dialect.name == "sqlite":
        # SQLite keeps a date as ISO text: the years are its first four characters, and
        # "MM-DD" texts compare as the days do (four times quicker than strftime per row).
        def year(d: Any) -> ColumnElement[Any]:
            return cast(func.substr(d, 1, 4), Integer)

        def month_day(d: Any) -> ColumnElement[Any]:
            return func.substr(d, 6, 5)
    else:

        def year(d: Any) -> ColumnElement[Any]:
            return extract("year", d)

        def month_day(d: Any) -> ColumnElement[Any]:
            return extract("month", d) * 100 + extract("day", d)

    return year(day) - year(born) - case((month_day(day) < month_day(born), 1), else_=0)


def _found(connection: Connection, cases: Select[Any]) -> Any:
    """Every discussion of the cases: (case_id, meeting_id, day, agency, repeat, wait), the
    repeat as ticked on that day (the repeat window is applied afterwards)."""
    r, mc, m = ReferralRow, MeetingCaseRow, MeetingRow
    heard = r.status == ReferralStatus.HEARD.value
    hearing = (
        anonymised_select(
            mc.case_id.label("case_id"),
            m.id.label("meeting_id"),
            _meeting_day(connection).label("day"),
        )
        .join(m, m.id == mc.meeting_id)
        .where(mc.heard, m.status == MeetingStatus.HELD.value, mc.case_id.in_(cases))
        .subquery("hearing")
    )
    other = ReferralRow.__table__.alias("other")

    def latest(*where: ColumnElement[bool]) -> Any:
        return (
            anonymised_select(other.c.id)
            .where(other.c.case_id == hearing.c.case_id, other.c.day <= hearing.c.day, *where)
            .order_by(other.c.day.desc(), other.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    # the latest referral heard that day, else the latest received by then (two queries, so
    # that no ORDER BY reads the outer row: SQLite 3.40 refuses that)
    chosen = func.coalesce(latest(other.c.meeting_day == hearing.c.day), latest())
    ticked = exists(
        anonymised_select(other.c.id).where(
            other.c.case_id == hearing.c.case_id,
            other.c.repeat,
            other.c.meeting_day == hearing.c.day,
        )
    )
    # the referral chosen as a column first, then joined
    heard_at = anonymised_select(
        hearing.c.case_id,
        hearing.c.meeting_id,
        hearing.c.day,
        chosen.label("chosen"),
        case((ticked, True), else_=False).label("repeat"),
    ).subquery("heard_at")
    at_meetings = anonymised_select(
        heard_at.c.case_id,
        heard_at.c.meeting_id,
        heard_at.c.day,
        func.coalesce(r.referring_agency, "").label("agency"),
        heard_at.c.repeat,
        _days_from(connection, r.day, heard_at.c.day).label("wait"),
    ).outerjoin(r, r.id == heard_at.c.chosen)
    first_heard = (
        anonymised_select(func.min(other.c.id))
        .where(
            other.c.case_id == r.case_id,
            other.c.status == ReferralStatus.HEARD.value,
            other.c.meeting_day == r.meeting_day,
        )
        .scalar_subquery()
    )
    without_meeting = anonymised_select(
        r.case_id,
        cast(null(), Integer).label("meeting_id"),
        r.meeting_day.label("day"),
        r.referring_agency.label("agency"),
        r.repeat,
        _days_from(connection, r.day, r.meeting_day).label("wait"),
    ).where(
        heard,
        r.meeting_day.is_not(None),
        r.case_id.in_(cases),
        r.meeting_day.not_in(anonymised_select(_meeting_day(connection))),
        r.id == first_heard,
    )
    return union_all(at_meetings, without_meeting).subquery("found")


def write(connection: Connection, cases: Select[Any], repeat_window_days: int) -> int:
    """Work out the cases' discussions into ``report_discussions`` (their old rows deleted);
    returns the highest row id before, so the new rows are those above it (the rows are only
    written here, under the recount's lock, and ids only grow)."""
    d = _DISCUSSIONS
    connection.execute(delete(d).where(d.c.case_id.in_(cases)))
    before = int(connection.execute(select(func.max(d.c.id))).scalar() or 0)
    found = _found(connection, cases)
    party, person, victim = CasePartyRow, PersonRow, PersonRow.__table__.alias("victim")
    children = (
        anonymised_select(func.count())
        .where(party.case_id == found.c.case_id, party.role == "child")
        .scalar_subquery()
    )
    imported = (
        anonymised_select(func.max(CaseImportRow.children_count))
        .where(CaseImportRow.case_id == found.c.case_id)
        .scalar_subquery()
    )
    young = (
        anonymised_select(func.count())
        .select_from(party)
        .join(person, person.id == party.person_id)
        .where(
            party.case_id == found.c.case_id,
            party.role == "perpetrator",
            person.date_of_birth.is_not(None),
            age_on(connection, person.date_of_birth, found.c.day) < ADULT_AGE,
        )
        .scalar_subquery()
    )
    a = AssessmentRow
    high = exists(
        anonymised_select(a.id).where(
            a.case_id == found.c.case_id,
            a.status == "completed",
            a.level == "high",
            a.assessment_date <= found.c.day,
        )
    )
    i = IdvaAllocationRow
    idva = exists(
        anonymised_select(i.id).where(
            i.case_id == found.c.case_id,
            i.allocated_on <= found.c.day,
            or_(i.ended_on.is_(None), found.c.day < i.ended_on),
        )
    )
    born = victim.c.date_of_birth
    facts = (
        anonymised_select(
            found.c.case_id,
            found.c.day,
            found.c.meeting_id,
            found.c.agency,
            found.c.repeat,
            found.c.wait,
            case((born.is_(None), null()), else_=age_on(connection, born, found.c.day)),
            func.coalesce(func.nullif(children, 0), imported, 0),
            young,
            case((high, True), else_=False),
            case((idva, True), else_=False),
            func.coalesce(victim.c.ethnicity, ""),
            func.coalesce(victim.c.gender, ""),
            func.coalesce(victim.c.sexuality, ""),
            victim.c.disability,
        )
        .join(CaseRow, CaseRow.id == found.c.case_id)
        .join(victim, victim.c.id == CaseRow.victim_id)
    )
    columns = [
        "case_id", "day", "meeting_id", "agency", "repeat", "wait", "victim_age", "children",
        "young_perpetrators", "high_risk", "with_idva", "ethnicity", "gender", "sexuality",
        "disability",
    ]  # fmt: skip
    connection.execute(insert(d).from_select(columns, facts))
    earlier = d.alias("earlier")
    days_before = _days_from(connection, earlier.c.day, d.c.day)
    discussed_before = exists(
        select(earlier.c.id).where(
            earlier.c.case_id == d.c.case_id,
            days_before > 0,
            days_before <= repeat_window_days,
        )
    )
    connection.execute(
        update(d)
        .where(d.c.case_id.in_(cases), d.c.repeat.is_(False), discussed_before)
        .values(repeat=true())
    )
    return before


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _age_band(age: Any) -> ColumnElement[str]:
    """``risk.performance.age_band``."""
    return case(
        *((and_(age >= low, age <= high), label) for low, high, label in AGE_BANDS),
        else_=NOT_RECORDED,
    )


def of_cases(cases: Select[Any]) -> ColumnElement[bool]:
    return ReportDiscussionRow.case_id.in_(cases)


def after(row_id: int) -> ColumnElement[bool]:
    """The rows written after ``row_id``: read on the primary key, in order."""
    return ReportDiscussionRow.id > row_id


SEPARATOR = "\x1f"
"""Between the values a meeting's row lists (no code holds it; if one did, that dimension is
counted value by value instead)."""


def counts(connection: Connection, mine: ColumnElement[bool]) -> dict[Key, Counts]:
    """The discussions ``mine`` selects counted per meeting (``risk.report_counts.add``): one
    GROUP BY that lists each meeting's values, counted here."""
    d = _DISCUSSIONS
    age = d.c.victim_age
    sums = (
        func.count(),
        _flag(d.c.repeat),
        func.sum(d.c.children),
        _flag(d.c.disability.is_(True)),
        _flag(and_(age >= 16, age <= 17)),
        _flag(age >= 65),
        func.sum(d.c.young_perpetrators),
        _flag(d.c.high_risk),
        _flag(d.c.with_idva),
        func.count(d.c.wait),
        func.coalesce(func.sum(d.c.wait), 0),
    )
    assert len(sums) == len(SUMS)
    dimensions = list(_values(d))
    listed = [func.aggregate_strings(cast(value, String), SEPARATOR) for _, value in dimensions]
    # the day as stored, made a date once per meeting rather than once per row
    by_meeting = (type_coerce(d.c.day, NullType()), d.c.meeting_id)
    query = select(*by_meeting, *sums, *listed).where(mine).group_by(*by_meeting)
    made: dict[Key, Counts] = {}
    days: dict[Any, date] = {}
    uncounted: set[str] = set()
    for stored, meeting_id, *numbers in connection.execute(query):
        day = days[stored] = _as_date(stored)
        kept = made[(day, meeting_id)] = empty_counts()
        kept["sums"] = {name: int(n or 0) for name, n in zip(SUMS, numbers, strict=False)}
        for (dimension, _), values in zip(dimensions, numbers[len(SUMS) :], strict=True):
            found = [] if values is None else values.split(SEPARATOR)
            expected = kept["sums"]["waits" if dimension == "wait" else "cases"]
            if len(found) == expected:
                kept["values"][dimension] = dict(Counter(found))
            else:
                uncounted.add(dimension)
    for dimension, value in dimensions:
        if dimension in uncounted:
            _count_values(connection, mine, by_meeting, days, made, dimension, value)
    return made


def _count_values(
    connection: Connection,
    mine: ColumnElement[bool],
    by_meeting: tuple[ColumnElement[Any], ColumnElement[Any]],
    days: dict[Any, date],
    made: dict[Key, Counts],
    dimension: str,
    value: ColumnElement[Any],
) -> None:
    """One dimension counted value by value, in GROUP BY."""
    query = select(*by_meeting, value.label("value"), func.count()).where(mine, value.is_not(None))
    for kept in made.values():
        kept["values"][dimension] = {}
    # grouped by the label: an expression with parameters is not the same twice on PostgreSQL
    grouped = query.group_by(*by_meeting, literal_column("value"))
    for stored, meeting_id, code, n in connection.execute(grouped):
        made[(days[stored], meeting_id)]["values"][dimension][str(code)] = int(n)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _values(d: Any) -> Iterator[tuple[str, ColumnElement[Any]]]:
    """Each dimension of ``risk.report_counts`` and its value (None: not counted)."""
    yield "agency", d.c.agency
    yield "ethnicity", d.c.ethnicity
    yield "gender", d.c.gender
    yield "sexuality", d.c.sexuality
    disability = case(
        (d.c.disability.is_(True), DISABILITY_VALUES[True]),
        (d.c.disability.is_(False), DISABILITY_VALUES[False]),
        else_=DISABILITY_VALUES[None],
    )
    yield "disability", disability
    yield "age_band", _age_band(d.c.victim_age)
    yield "wait", d.c.wait
