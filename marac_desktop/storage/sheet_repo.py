"""Writes for a tracking-sheet import beyond the people, cases and referrals that
``storage.bulk`` loads: the meetings that heard the history, their heard cases, and what the
sheet recorded beside each referral (score, children, notes). Many rows per statement.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from marac_desktop.domain.imported import CaseNote, HeardCase, ImportedFacts
from marac_desktop.domain.meetings import AgendaSection, MeetingStatus
from marac_desktop.storage import references
from marac_desktop.storage.orm import (
    Base,
    CaseImportRow,
    CaseNoteRow,
    MeetingCaseRow,
    MeetingRow,
    ReferralRow,
)

CHUNK = 5000
IMPORTED_MEETING_HOUR = time(10, 0)
IMPORTED_REASON = "Heard before the records came in (imported from the tracking sheet)"


def _insert(session: Session, table: type[Base], rows: Sequence[Mapping[str, object]]) -> None:
    connection = session.connection()
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(table), list(rows[start : start + CHUNK]))


def meetings_on(session: Session, days: Collection[date]) -> dict[date, tuple[int, int]]:
    """The first meeting held or planned on each of ``days``: {day: (id, last number)}."""
    if not days:
        return {}
    first, last = min(days), max(days)
    rows = session.execute(
        select(MeetingRow.id, MeetingRow.starts_at, MeetingRow.last_number)
        .where(
            MeetingRow.starts_at >= datetime.combine(first, time(0)),
            MeetingRow.starts_at < datetime.combine(last + timedelta(days=1), time(0)),
        )
        .order_by(MeetingRow.id)
    )
    found: dict[date, tuple[int, int]] = {}
    for meeting_id, starts_at, last_number in rows:
        day = starts_at.date()
        if day in days and day not in found:
            found[day] = (meeting_id, last_number)
    return found


def next_id(session: Session, table: type[MeetingRow] | type[ReferralRow]) -> int:
    return (session.scalar(select(func.max(table.id))) or 0) + 1


def add_heard_cases(
    session: Session, heard: Sequence[HeardCase], slot_minutes: int, cutoffs: Mapping[date, date]
) -> int:
    """Each case heard at the meeting on its day: an existing meeting that day, or a new one
    marked held. Returns how many meetings were made."""
    days = {h.day for h in heard}
    existing = meetings_on(session, days)
    made = sorted(days - existing.keys())
    now = datetime.now(UTC)
    first_id = next_id(session, MeetingRow)
    new_ids = {day: first_id + n for n, day in enumerate(made)}
    ids = {day: meeting_id for day, (meeting_id, _) in existing.items()} | new_ids
    counts = Counter(h.day for h in heard)
    numbers = {
        day: references.take_meeting_numbers(session, meeting_id, counts[day])[0] - 1
        for day, (meeting_id, _) in existing.items()
    } | dict.fromkeys(made, 0)
    rows: list[dict[str, object]] = []
    for case in sorted(heard, key=lambda h: (h.day, h.case_id)):
        numbers[case.day] += 1
        section = AgendaSection.CHILDREN if case.children else AgendaSection.ADULT_ONLY
        rows.append(
            {
                "meeting_id": ids[case.day],
                "case_id": case.case_id,
                "number": numbers[case.day],
                "position": numbers[case.day],
                "section": section.value,
                "reason": IMPORTED_REASON,
                "research_agencies": json.dumps([]),
                "heard": True,
                "minutes_used": None,
                "agency_summary": "",
                "risks": "",
            }
        )
    _insert(
        session,
        MeetingRow,
        [
            {
                "id": new_ids[day],
                "starts_at": datetime.combine(day, IMPORTED_MEETING_HOUR),
                "venue": "",
                "online": False,
                "chair": "",
                "area": "",
                "cutoff": cutoffs[day],
                "slot_minutes": slot_minutes,
                "status": MeetingStatus.HELD.value,
                "last_number": numbers[day],
                "created_at": now,
            }
            for day in made
        ],
    )
    _insert(session, MeetingCaseRow, rows)
    return len(made)


def add_imported_facts(session: Session, facts: Sequence[ImportedFacts]) -> None:
    now = datetime.now(UTC)
    _insert(
        session,
        CaseImportRow,
        [
            {
                "case_id": f.case_id,
                "sheet_row": f.sheet_row,
                "referral_day": f.referral_day,
                "dash_score": f.dash_score,
                "children_count": f.children_count,
                "created_at": now,
            }
            for f in facts
        ],
    )


def add_notes(session: Session, notes: Sequence[CaseNote]) -> None:
    now = datetime.now(UTC)
    _insert(
        session,
        CaseNoteRow,
        [
            {"case_id": n.case_id, "heading": n.heading, "body": n.body, "created_at": now}
            for n in notes
        ],
    )


def imported_facts(session: Session, case_id: int) -> list[ImportedFacts]:
    rows = session.scalars(
        select(CaseImportRow).where(CaseImportRow.case_id == case_id).order_by(CaseImportRow.id)
    )
    return [
        ImportedFacts(r.case_id, r.sheet_row, r.referral_day, r.dash_score, r.children_count)
        for r in rows
    ]


def case_notes(session: Session, case_id: int) -> list[CaseNote]:
    rows = session.scalars(
        select(CaseNoteRow).where(CaseNoteRow.case_id == case_id).order_by(CaseNoteRow.id)
    )
    return [CaseNote(r.case_id, r.heading, r.body) for r in rows]
