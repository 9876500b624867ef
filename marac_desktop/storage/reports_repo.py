"""Counts for the performance reports, kept up to date per meeting day and read by period.

What counts as a case discussed, its referral, agency, repeat and wait is in
``risk.discussions``; ages, a high-risk assessment and an IDVA allocation are taken as on the
meeting day. Each discussion is one row of ``report_discussions``, and each meeting's sums one
row of ``report_days`` plus rows of ``report_day_values`` (cases per referring agency,
ethnicity, gender, and so on). Triggers (migration 0005) mark a case stale whenever its records
change; ``refresh`` works out the stale cases and the days they touch again, so a report over
any period only adds up per-meeting rows. Only counts leave this module: never a name.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, select
from sqlalchemy.orm import Session

from marac_desktop.risk.discussions import ReferralFacts, discussions
from marac_desktop.risk.performance import (
    AGE_BANDS,
    NOT_LGBT,
    WHITE_ETHNICITIES,
    age_band,
    age_on,
    is_lgbt,
    is_minoritised,
)
from marac_desktop.storage import settings_repo
from marac_desktop.storage.orm import (
    ActionRow,
    AssessmentRow,
    CasePartyRow,
    CaseRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
    ReportDayRow,
    ReportDayValueRow,
    ReportDiscussionRow,
    ReportStaleRow,
)

HEARD = "heard"
RULES_KEY = "report_rules"
_DAYS_PER_STATEMENT = 500


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
    with_idva: int
    waits: int
    wait_days_total: int
    wait_days_max: int | None


@dataclass(frozen=True, slots=True)
class AgencyCount:
    day: date
    meeting_id: int | None
    agency: str
    cases: int


@dataclass(frozen=True, slots=True)
class ActionCount:
    agency: str
    status: str
    overdue: bool
    actions: int


# ----- keeping the counts up to date ---------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def _rules_fingerprint() -> str:
    rules = (sorted(WHITE_ETHNICITIES), sorted(NOT_LGBT), AGE_BANDS)
    return hashlib.sha256(repr(rules).encode()).hexdigest()


def _restale_if_rules_changed(session: Session) -> None:
    """The stored categories follow the rules in ``risk.performance``: new rules, count again."""
    fingerprint = _rules_fingerprint()
    if settings_repo.load_all(session).get(RULES_KEY) == fingerprint:
        return
    session.execute(delete(ReportStaleRow))
    session.execute(insert(ReportStaleRow).from_select(["case_id"], select(CaseRow.id)))
    settings_repo.store(session, RULES_KEY, fingerprint)


def refresh(session: Session) -> int:
    """Work out again every case marked stale and the meeting days it touches; returns how many.

    The rules run in Python (``risk.discussions``), not SQL: SQLCipher's memory security makes
    each SQL string or date function slow, and the rules are easier to read and test there.
    """
    _restale_if_rules_changed(session)
    stale = session.scalar(select(func.count()).select_from(ReportStaleRow)) or 0
    if not stale:
        return 0
    cases = select(ReportStaleRow.case_id)
    d = ReportDiscussionRow
    touched = select(d.day).where(d.case_id.in_(cases)).distinct()
    days = set(session.scalars(touched))
    session.execute(delete(d).where(d.case_id.in_(cases)))
    rows = _discussion_rows(session, cases)
    _insert(session, d, rows)
    days.update(row["day"] for row in rows)
    ordered = sorted(days)
    for i in range(0, len(ordered), _DAYS_PER_STATEMENT):
        _sum_days(session, ordered[i : i + _DAYS_PER_STATEMENT])
    session.execute(delete(ReportStaleRow))
    return int(stale)


def _insert(session: Session, entity: Any, rows: list[dict[str, Any]]) -> None:
    """Many rows at once through Core (the ORM's bulk path costs more per row)."""
    if rows:
        session.connection().execute(insert(entity.__table__), rows)


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _discussion_rows(session: Session, cases: Any) -> list[dict[str, Any]]:
    """A ``report_discussions`` row for each discussion of the given cases."""
    meeting_day = {
        i: starts.date()
        for i, starts in session.execute(select(MeetingRow.id, MeetingRow.starts_at))
    }
    meeting_days = set(meeting_day.values())
    m = MeetingCaseRow
    hearings = _grouped(
        (case_id, (meeting_id, meeting_day[meeting_id]))
        for case_id, meeting_id in session.execute(
            select(m.case_id, m.meeting_id).where(m.heard, m.case_id.in_(cases))
        )
    )
    r = ReferralRow
    referrals = _grouped(
        (row[0], ReferralFacts(row[1], row[2], row[3], row[4], row[5] == HEARD, row[6]))
        for row in session.execute(
            select(
                r.case_id, r.id, r.day, r.referring_agency, r.repeat, r.status, r.meeting_day
            ).where(r.case_id.in_(cases))
        )
    )
    party, person = CasePartyRow, PersonRow
    perpetrators = _grouped(
        session.execute(
            select(party.case_id, person.date_of_birth)
            .join(person, person.id == party.person_id)
            .where(party.role == "perpetrator", party.case_id.in_(cases))
        )
    )
    children = _grouped(
        session.execute(
            select(party.case_id, party.person_id).where(
                party.role == "child", party.case_id.in_(cases)
            )
        )
    )
    a = AssessmentRow
    high_from = dict(
        session.execute(
            select(a.case_id, func.min(a.assessment_date))
            .where(a.status == "completed", a.level == "high", a.case_id.in_(cases))
            .group_by(a.case_id)
        ).all()
    )
    victims = session.execute(
        select(
            CaseRow.id,
            CaseRow.idva_allocated_on,
            person.date_of_birth,
            person.ethnicity,
            person.gender,
            person.sexuality,
            person.disability,
        )
        .join(person, person.id == CaseRow.victim_id)
        .where(CaseRow.id.in_(cases))
    )
    rows = []
    for case_id, idva_on, born, ethnicity, gender, sexuality, disability in victims:
        found = discussions(hearings.get(case_id, ()), referrals.get(case_id, ()), meeting_days)
        if not found:
            continue
        ethnicity, gender = (ethnicity or "").strip(), (gender or "").strip().lower()
        sexuality = (sexuality or "").strip().lower()
        high = high_from.get(case_id)
        for x in found:
            rows.append(
                {
                    "day": x.day,
                    "meeting_id": x.meeting_id,
                    "case_id": case_id,
                    "agency": x.agency,
                    "repeat": int(x.repeat),
                    "wait": x.wait,
                    "victim_age": None if born is None else age_on(born, x.day),
                    "children": len(children.get(case_id, ())),
                    "young_perpetrators": sum(
                        1 for b in perpetrators.get(case_id, ()) if b and age_on(b, x.day) < 18
                    ),
                    "high_risk": int(high is not None and high <= x.day),
                    "idva": int(idva_on is not None and idva_on <= x.day),
                    "minoritised": int(is_minoritised(ethnicity)),
                    "lgbt": int(is_lgbt(sexuality)),
                    "ethnicity": ethnicity,
                    "gender": gender,
                    "sexuality": sexuality,
                    "disability": disability,
                }
            )
    return rows


_SUMMED = (
    "cases",
    "repeats",
    "children",
    "minoritised",
    "lgbt",
    "disabled",
    "male",
    "aged_16_17",
    "aged_65_plus",
    "young_perpetrators",
    "high_risk",
    "with_idva",
    "waits",
    "wait_total",
)
_DISABILITY_VALUE = {True: "yes", False: "no", None: ""}


def _sum_days(session: Session, days: Sequence[date]) -> None:
    """Replace the per-meeting sums of these days with sums over ``report_discussions``."""
    d = ReportDiscussionRow
    session.execute(delete(ReportDayRow).where(ReportDayRow.day.in_(days)))
    session.execute(delete(ReportDayValueRow).where(ReportDayValueRow.day.in_(days)))
    sums: dict[tuple[date, int | None], dict[str, Any]] = {}
    values: dict[tuple[date, int | None, str, str], int] = defaultdict(int)
    query = select(
        d.day,
        d.meeting_id,
        d.agency,
        d.repeat,
        d.wait,
        d.victim_age,
        d.children,
        d.young_perpetrators,
        d.high_risk,
        d.idva,
        d.minoritised,
        d.lgbt,
        d.ethnicity,
        d.gender,
        d.sexuality,
        d.disability,
    ).where(d.day.in_(days))
    for row in session.execute(query):
        key = (row.day, row.meeting_id)
        total = sums.get(key)
        if total is None:
            total = sums[key] = dict.fromkeys(_SUMMED, 0) | {"wait_max": None}
        age = row.victim_age
        for name, n in (
            ("cases", 1),
            ("repeats", row.repeat),
            ("children", row.children),
            ("minoritised", row.minoritised),
            ("lgbt", row.lgbt),
            ("disabled", int(row.disability is True)),
            ("male", int(row.gender == "male")),
            ("aged_16_17", int(age is not None and 16 <= age <= 17)),
            ("aged_65_plus", int(age is not None and age >= 65)),
            ("young_perpetrators", row.young_perpetrators),
            ("high_risk", row.high_risk),
            ("with_idva", row.idva),
        ):
            total[name] += n
        if row.wait is not None:
            total["waits"] += 1
            total["wait_total"] += row.wait
            total["wait_max"] = max(row.wait, total["wait_max"] or 0)
            values[(*key, "wait", str(row.wait))] += 1
        for dimension, value in (
            ("agency", row.agency),
            ("ethnicity", row.ethnicity),
            ("gender", row.gender),
            ("sexuality", row.sexuality),
            ("disability", _DISABILITY_VALUE[row.disability]),
            ("age_band", age_band(age)),
        ):
            values[(*key, dimension, value)] += 1
    _insert(
        session,
        ReportDayRow,
        [{"day": day, "meeting_id": meeting} | t for (day, meeting), t in sums.items()],
    )
    _insert(
        session,
        ReportDayValueRow,
        [
            {"day": day, "meeting_id": meeting, "dimension": dim, "value": value, "n": n}
            for (day, meeting, dim, value), n in values.items()
        ],
    )


# ----- reading a period -------------------------------------------------------------------


def day_counts(session: Session, start: date, end: date) -> list[DayCounts]:
    query = (
        select(ReportDayRow)
        .where(ReportDayRow.day.between(start, end))
        .order_by(ReportDayRow.day, ReportDayRow.meeting_id)
    )
    return [
        DayCounts(
            day=r.day,
            meeting_id=r.meeting_id,
            cases=r.cases,
            repeats=r.repeats,
            children=r.children,
            minoritised=r.minoritised,
            lgbt=r.lgbt,
            disabled=r.disabled,
            male=r.male,
            aged_16_17=r.aged_16_17,
            aged_65_plus=r.aged_65_plus,
            perpetrators_under_18=r.young_perpetrators,
            high_risk=r.high_risk,
            with_idva=r.with_idva,
            waits=r.waits,
            wait_days_total=r.wait_total,
            wait_days_max=r.wait_max,
        )
        for r in session.scalars(query)
    ]


def agency_counts(session: Session, start: date, end: date) -> list[AgencyCount]:
    v = ReportDayValueRow
    query = select(v.day, v.meeting_id, v.value, v.n).where(
        v.dimension == "agency", v.day.between(start, end)
    )
    return [
        AgencyCount(_as_date(day), meeting, agency, int(n))
        for day, meeting, agency, n in session.execute(query)
    ]


def value_totals(
    session: Session, start: date, end: date, dimensions: Iterable[str]
) -> dict[str, dict[str, int]]:
    """{dimension: {value: cases}} over the period, for the breakdowns and the wait histogram."""
    v = ReportDayValueRow
    query = (
        select(v.dimension, v.value, func.sum(v.n))
        .where(v.dimension.in_(list(dimensions)), v.day.between(start, end))
        .group_by(v.dimension, v.value)
    )
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    for dimension, value, n in session.execute(query):
        totals[dimension][value] = int(n)
    return totals


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
