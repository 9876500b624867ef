"""Counts for the performance reports, kept per meeting and read by period.

What counts as a case discussed, its referral, agency, repeat and wait is in
``risk.discussions`` (cases heard at held meetings only); ages, a high-risk assessment and an
IDVA allocation are taken as on the meeting day. ``report_days`` holds each meeting's counts
(``risk.report_counts``) and ``report_case_facts`` each case's discussions as counted there.
Triggers (migrations 0005 and 0007) mark a case stale whenever its records or its meetings'
day or status change; ``refresh`` takes the stale cases' old discussions away from the counts
and adds their new ones, so a report over any period only adds up per-meeting counts. Only
counts leave this module: never a name.

The rules run in Python rather than SQL because they are easier to read and test there, and
run the same on every database. (They first moved out of SQL because SQLCipher's memory
security made SQL string and date functions slow; it is off now, and a month-by-month
``strftime`` count of every referral at 250,000 cases takes 0.8 s of CPU, so speed no longer
decides it: the rules stay where they are simplest.)
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.records import IdvaAllocation, ReferralStatus
from marac_desktop.risk.discussions import ReferralFacts, discussions
from marac_desktop.risk.performance import AGE_BANDS, age_on
from marac_desktop.risk.report_counts import (
    COUNTING_VERSION,
    Counts,
    DiscussionFacts,
    add,
    empty_counts,
)
from marac_desktop.storage import settings_repo
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    ActionRow,
    AssessmentRow,
    CaseImportRow,
    CasePartyRow,
    CaseRow,
    IdvaAllocationRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
    ReportCaseFactsRow,
    ReportDayRow,
    ReportStaleRow,
)

RULES_KEY = "report_rules"
_DAYS_PER_STATEMENT = 500
BATCH = 50_000
"""Cases counted per round: a round holds its cases' records in memory and rewrites the counts
of every meeting it touches, so a few large rounds are quickest."""


@dataclass(frozen=True, slots=True)
class DayCounts:
    """The counts of one meeting (or one meeting day known only from referrals)."""

    day: date
    meeting_id: int | None
    sums: dict[str, int]
    """``risk.report_counts.SUMS``: cases, repeats, children, ..."""
    values: dict[str, dict[str, int]]
    """Cases by value, per ``risk.report_counts.DIMENSIONS`` (agency, ethnicity, ...)."""


@dataclass(frozen=True, slots=True)
class ActionCount:
    agency: str
    status: str
    overdue: bool
    actions: int


# ----- keeping the counts up to date ---------------------------------------------------------


def _rules_fingerprint(session: Session) -> str:
    """What the kept counts depend on besides the records: the counting rules and the area's
    repeat window (a change of either counts every case afresh)."""
    rules = (COUNTING_VERSION, AGE_BANDS, settings_repo.area_policy(session).repeat_window_days)
    return hashlib.sha256(repr(rules).encode()).hexdigest()


def _start_again_if_rules_changed(session: Session) -> None:
    """The counts follow the rules in ``risk.performance``: under new rules, count afresh."""
    fingerprint = _rules_fingerprint(session)
    if settings_repo.load(session, RULES_KEY) == fingerprint:
        return
    for table in (ReportDayRow, ReportCaseFactsRow, ReportStaleRow):
        session.execute(delete(table))
    session.execute(insert(ReportStaleRow).from_select(["case_id"], select(CaseRow.id)))
    settings_repo.store(session, RULES_KEY, fingerprint)


def stale_cases(session: Session) -> int:
    """How many cases the next ``refresh`` counts again."""
    _start_again_if_rules_changed(session)
    return _stale_count(session)


def _stale_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ReportStaleRow)) or 0)


def refresh(session: Session, limit: int | None = None) -> int:
    """Count stale cases again (all, or the first ``limit``); returns how many were counted.

    Each case's share of the counts is separate, so this can run in several transactions.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Edits wait (their triggers write report_stale) and refreshes take turns, so no mark
        # made while this one counts is deleted with the ones it counted.
        session.execute(text("LOCK TABLE report_stale IN SHARE ROW EXCLUSIVE MODE"))
    _start_again_if_rules_changed(session)
    done = 0
    while (stale := _stale_count(session)) and (limit is None or done < limit):
        # Never more than are stale: PostgreSQL plans the recount's reads by this limit, and a
        # day's few edits read by index, not by scanning every case.
        take = min(stale, BATCH if limit is None else limit - done)
        # The first ``take`` stale cases: the same set until _recount's last statement.
        first = select(ReportStaleRow.case_id).order_by(ReportStaleRow.case_id).limit(take)
        _recount(session, first)
        done += take
    return done


def _recount(session: Session, cases: Select[int]) -> None:
    """Take the cases' old discussions away from the counts and add their new ones."""
    facts = ReportCaseFactsRow
    old = [
        DiscussionFacts.from_json(item)
        for kept_json in session.scalars(select(facts.discussions).where(facts.case_id.in_(cases)))
        for item in json.loads(kept_json)
    ]
    new = _discussions_of(session, cases)
    _count(session, old, [f for found in new.values() for f in found])
    session.execute(delete(facts).where(facts.case_id.in_(cases)))
    rows = [
        {"case_id": case_id, "discussions": json.dumps([f.to_json() for f in found])}
        for case_id, found in new.items()
    ]
    if rows:
        session.connection().execute(insert(facts), rows)  # Core: no ORM work per row
    session.execute(delete(ReportStaleRow).where(ReportStaleRow.case_id.in_(cases)))


def _count(session: Session, old: list[DiscussionFacts], new: list[DiscussionFacts]) -> None:
    """Take ``old`` away from and add ``new`` to the counts of the meetings they belong to."""
    days = sorted({f.day for f in old} | {f.day for f in new})
    r = ReportDayRow
    stored: dict[tuple[date, int | None], tuple[int, str]] = {}
    for i in range(0, len(days), _DAYS_PER_STATEMENT):
        chunk = days[i : i + _DAYS_PER_STATEMENT]
        query = select(r.id, r.day, r.meeting_id, r.counts).where(r.day.in_(chunk))
        for stored_id, day, meeting_id, kept_json in session.execute(query):
            stored[(_as_date(day), meeting_id)] = (stored_id, kept_json)
    counts: dict[tuple[date, int | None], Counts] = {}
    for sign, found in ((-1, old), (1, new)):
        for fact in found:
            key = (fact.day, fact.meeting_id)
            if key not in counts:
                kept = stored.get(key)
                counts[key] = empty_counts() if kept is None else json.loads(kept[1])
            add(counts[key], fact, sign)
    changed: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    emptied: list[int] = []
    for (day, meeting_id), kept_counts in counts.items():
        known = stored.get((day, meeting_id))
        row_id = None if known is None else known[0]
        if kept_counts["sums"]["cases"] == 0:
            if row_id is not None:
                emptied.append(row_id)
        elif row_id is None:
            added.append({"day": day, "meeting_id": meeting_id, "counts": json.dumps(kept_counts)})
        else:
            changed.append({"id": row_id, "counts": json.dumps(kept_counts)})
    if changed:  # many rows in one statement each, not one statement per row
        session.execute(update(r), changed)
    if added:
        session.connection().execute(insert(r), added)
    if emptied:
        session.execute(delete(r).where(r.id.in_(emptied)))


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _discussions_of(session: Session, cases: Select[int]) -> dict[int, list[DiscussionFacts]]:
    """{case id: its discussions} for the given cases that have any."""
    meeting_day: dict[int, date] = {}
    held: set[int] = set()
    for meeting_id, starts, status in session.execute(
        anonymised_select(MeetingRow.id, MeetingRow.starts_at, MeetingRow.status)
    ):
        meeting_day[meeting_id] = starts.date()
        if status == MeetingStatus.HELD.value:
            held.add(meeting_id)
    meeting_days = set(meeting_day.values())
    m = MeetingCaseRow
    hearings = _grouped(
        (case_id, (meeting_id, meeting_day[meeting_id]))
        for case_id, meeting_id in session.execute(
            anonymised_select(m.case_id, m.meeting_id).where(m.heard, m.case_id.in_(cases))
        )
    )
    r = ReferralRow
    heard = r.status == ReferralStatus.HEARD.value
    referrals = _grouped(
        (row[0], ReferralFacts(*row[1:]))
        for row in session.execute(
            anonymised_select(
                r.case_id, r.id, r.day, r.referring_agency, r.repeat, heard, r.meeting_day
            ).where(r.case_id.in_(cases))
        )
    )
    party, person = CasePartyRow, PersonRow
    perpetrators = _grouped(
        session.execute(
            anonymised_select(party.case_id, person.date_of_birth)
            .join(person, person.id == party.person_id)
            .where(party.role == "perpetrator", party.case_id.in_(cases))
        )
    )
    children = _grouped(
        session.execute(
            anonymised_select(party.case_id, party.person_id).where(
                party.role == "child", party.case_id.in_(cases)
            )
        )
    )
    imported_children: dict[int, int] = dict(
        session.execute(
            anonymised_select(CaseImportRow.case_id, func.max(CaseImportRow.children_count))
            .where(CaseImportRow.case_id.in_(cases), CaseImportRow.children_count.is_not(None))
            .group_by(CaseImportRow.case_id)
        ).all()
    )
    a = AssessmentRow
    high_from: dict[int, date] = dict(
        session.execute(
            anonymised_select(a.case_id, func.min(a.assessment_date))
            .where(a.status == "completed", a.level == "high", a.case_id.in_(cases))
            .group_by(a.case_id)
        ).all()
    )
    i = IdvaAllocationRow
    idvas = _grouped(
        (case_id, IdvaAllocation("", allocated_on, ended_on))
        for case_id, allocated_on, ended_on in session.execute(
            anonymised_select(i.case_id, i.allocated_on, i.ended_on).where(i.case_id.in_(cases))
        )
    )
    victims = session.execute(
        anonymised_select(
            CaseRow.id,
            person.date_of_birth,
            person.ethnicity,
            person.gender,
            person.sexuality,
            person.disability,
        )
        .join(person, person.id == CaseRow.victim_id)
        .where(CaseRow.id.in_(cases))
    )
    window = settings_repo.area_policy(session).repeat_window_days
    found: dict[int, list[DiscussionFacts]] = {}
    for case_id, born, ethnicity, gender, sexuality, disability in victims:
        found_here = discussions(
            hearings.get(case_id, ()), referrals.get(case_id, ()), meeting_days, held, window
        )
        if not found_here:
            continue
        high = high_from.get(case_id)
        found[case_id] = [
            DiscussionFacts(
                day=x.day,
                meeting_id=x.meeting_id,
                agency=x.agency,
                repeat=x.repeat,
                wait=x.wait,
                victim_age=None if born is None else age_on(born, x.day),
                children=len(children.get(case_id, ())) or imported_children.get(case_id, 0),
                young_perpetrators=sum(
                    1 for b in perpetrators.get(case_id, ()) if b and age_on(b, x.day) < 18
                ),
                high_risk=high is not None and high <= x.day,
                with_idva=any(a.covers(x.day) for a in idvas.get(case_id, ())),
                ethnicity=ethnicity or "",
                gender=gender or "",
                sexuality=sexuality or "",
                disability=disability,
            )
            for x in found_here
        ]
    return found


# ----- reading a period -------------------------------------------------------------------


def day_counts(session: Session, start: date, end: date) -> list[DayCounts]:
    query = (
        select(ReportDayRow.day, ReportDayRow.meeting_id, ReportDayRow.counts)
        .where(ReportDayRow.day.between(start, end))
        .order_by(ReportDayRow.day, ReportDayRow.meeting_id)
    )
    made = []
    for day, meeting_id, kept_json in session.execute(query):
        counts = json.loads(kept_json)
        made.append(DayCounts(_as_date(day), meeting_id, counts["sums"], counts["values"]))
    return made


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def action_counts(session: Session, start: date, end: date, today: date) -> list[ActionCount]:
    """Actions set at meetings held in the period (closed, not planned), by agency, status and
    whether overdue."""
    low, high = _bounds(start, end)
    overdue = case((and_(ActionRow.status == "open", ActionRow.due < today), 1), else_=0).label(
        "overdue"
    )
    query = (
        anonymised_select(ActionRow.agency, ActionRow.status, overdue, func.count())
        .join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
        .where(
            MeetingRow.starts_at >= low,
            MeetingRow.starts_at < high,
            MeetingRow.status == MeetingStatus.HELD.value,
        )
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
