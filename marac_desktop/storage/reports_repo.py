"""Counts for the performance reports, kept per meeting and read by period.

What counts as a case discussed, its referral, agency, repeat and wait is in
``risk.discussions`` (cases heard at held meetings only); ages, a high-risk assessment and an
IDVA allocation are taken as on the meeting day. ``report_days`` holds each meeting's counts
(``risk.report_counts``) and ``report_discussions`` every case's discussions as counted there.
Triggers (migrations 0005 and 0007) mark a case stale whenever its records or its meetings'
day or status change; ``refresh`` takes the stale cases' old discussions away from the counts
and adds their new ones, so a report over any period only adds up per-meeting counts. Only
counts leave this module: never a name.

The rules are written in Python (``risk.discussions``, where they are easiest to read and
test) and carried out in SQL (``storage.report_discussions``, held equal to them by a test):
in Python, counting every case afresh at 250,000 cases took 17 s of CPU.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.risk.performance import AGE_BANDS
from marac_desktop.risk.report_counts import COUNTING_VERSION, Counts, add_counts, empty_counts
from marac_desktop.storage import perpetrator_counts, report_discussions, settings_repo
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    ActionRow,
    CaseRow,
    MeetingRow,
    ReportDayRow,
    ReportDiscussionRow,
    ReportPerpetratorRow,
    ReportStaleRow,
)
from marac_desktop.storage.report_discussions import Key

RULES_KEY = "report_rules"
_DAYS_PER_STATEMENT = 500


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
    for table in (ReportDayRow, ReportDiscussionRow, ReportPerpetratorRow, ReportStaleRow):
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
    stale = _stale_count(session)
    if not stale:
        return 0
    # One round: each round rewrites the counts of every meeting its cases were discussed at.
    take = stale if limit is None else min(limit, stale)
    # The first ``take`` stale cases: the same set until _recount's last statement.
    _recount(session, select(ReportStaleRow.case_id).order_by(ReportStaleRow.case_id).limit(take))
    return take


def _recount(session: Session, cases: Select[int]) -> None:
    """Take the cases' old discussions away from the counts and add their new ones."""
    connection = session.connection()
    old = report_discussions.counts(connection, report_discussions.of_cases(cases))
    window = settings_repo.area_policy(session).repeat_window_days
    before = report_discussions.write(connection, cases, window)
    perpetrator_counts.write(connection, cases, before)
    _count(session, old, report_discussions.counts(connection, report_discussions.after(before)))
    connection.execute(delete(ReportStaleRow).where(ReportStaleRow.case_id.in_(cases)))


def _count(session: Session, old: dict[Key, Counts], new: dict[Key, Counts]) -> None:
    """Take ``old`` away from and add ``new`` to the counts of the meetings they belong to."""
    days = sorted({day for day, _ in old} | {day for day, _ in new})
    r = ReportDayRow
    stored: dict[Key, tuple[int, str]] = {}
    for i in range(0, len(days), _DAYS_PER_STATEMENT):
        chunk = days[i : i + _DAYS_PER_STATEMENT]
        query = select(r.id, r.day, r.meeting_id, r.counts).where(r.day.in_(chunk))
        for stored_id, day, meeting_id, kept_json in session.execute(query):
            stored[(_as_date(day), meeting_id)] = (stored_id, kept_json)
    counts: dict[Key, Counts] = {}
    for sign, found in ((-1, old), (1, new)):
        for key, share in found.items():
            if key not in counts:
                kept = stored.get(key)
                counts[key] = empty_counts() if kept is None else json.loads(kept[1])
            add_counts(counts[key], share, sign)
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
