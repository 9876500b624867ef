"""Meetings and agency actions added straight into a demo database (the demo makes none).

Every ``every``-th case is heard at one of the fortnightly meetings before ``BENCH_TODAY`` and
gets one action, a third of them done; each is due one to nine weeks after its meeting, so the
open ones of earlier meetings are overdue and the latest are not yet due. ``upcoming_meeting``
adds the meeting to come, with a long list.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from marac_desktop.domain.meetings import ActionStatus, MeetingStatus
from marac_desktop.services import meetings
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.orm import (
    ActionChangeRow,
    ActionRow,
    CaseRow,
    MeetingCaseRow,
    MeetingRow,
)
from tests.benchmarks.scale import BENCH_TODAY

AGENCIES = ("police", "idva", "childrens_social_care", "primary_care", "mental_health")
CASES_PER_MEETING = 25


def seed_actions(workspace: Workspace, every: int = 10) -> int:
    """Add the meetings and actions; return how many actions there are."""
    now = datetime.now(UTC)
    with workspace.transaction() as session:
        case_ids = list(session.scalars(select(CaseRow.id).order_by(CaseRow.id)))[::every]
        meetings = (len(case_ids) + CASES_PER_MEETING - 1) // CASES_PER_MEETING
        first = datetime(BENCH_TODAY.year, BENCH_TODAY.month, BENCH_TODAY.day, 10) - timedelta(
            days=14 * meetings
        )
        session.execute(
            insert(MeetingRow),
            [
                {
                    "starts_at": first + timedelta(days=14 * n),
                    "venue": "Civic Centre",
                    "online": False,
                    "chair": "Chair",
                    "area": "Leeds",
                    "cutoff": (first + timedelta(days=14 * n - 7)).date(),
                    "slot_minutes": 10,
                    "status": MeetingStatus.HELD.value,
                    "last_number": CASES_PER_MEETING,
                    "created_at": now,
                }
                for n in range(meetings)
            ],
        )
        meeting_ids = list(session.scalars(select(MeetingRow.id).order_by(MeetingRow.starts_at)))
        cases, actions, changes = [], [], []
        for n, case_id in enumerate(case_ids):
            meeting = n // CASES_PER_MEETING
            cases.append(
                {
                    "meeting_id": meeting_ids[meeting],
                    "case_id": case_id,
                    "number": n % CASES_PER_MEETING + 1,
                    "position": n % CASES_PER_MEETING,
                    "section": "adult_only",
                    "reason": "Benchmark",
                    "research_agencies": "[]",
                    "heard": True,
                    "minutes_used": 10,
                }
            )
            status = ActionStatus.DONE if n % 3 == 0 else ActionStatus.OPEN
            actions.append(
                {
                    "id": n + 1,
                    "meeting_id": meeting_ids[meeting],
                    "case_id": case_id,
                    "agency": AGENCIES[n % len(AGENCIES)],
                    "agency_detail": "",
                    "what": f"Safety plan review number {n} with the victim and the agency",
                    "who": f"Worker {n % 97}",
                    "due": (first + timedelta(days=14 * meeting + 7 + n % 60)).date(),
                    "status": status.value,
                    "created_at": now,
                }
            )
            changes.append(
                {"action_id": n + 1, "at": now, "by": "admin", "status": status.value, "note": ""}
            )
        session.execute(insert(MeetingCaseRow), cases)
        session.execute(insert(ActionRow), actions)
        session.execute(insert(ActionChangeRow), changes)
    return len(case_ids)


def upcoming_meeting(workspace: Workspace, listed: int) -> int:
    """A meeting a fortnight after ``BENCH_TODAY`` (so the newest, shown first) with ``listed``
    cases on its list, spread over the whole database; its id."""
    starts = datetime(BENCH_TODAY.year, BENCH_TODAY.month, BENCH_TODAY.day, 10) + timedelta(14)
    meeting = meetings.create_meeting(
        workspace, starts, "Civic Centre", False, "Chair", "Leeds", BENCH_TODAY
    )
    with workspace.transaction() as session:
        every = list(session.scalars(select(CaseRow.id).order_by(CaseRow.id)))
        chosen = every[:: max(1, len(every) // listed)][:listed]
        session.execute(
            insert(MeetingCaseRow),
            [
                {
                    "meeting_id": meeting.id,
                    "case_id": case_id,
                    "number": n + 1,
                    "position": n,
                    "section": "adult_only",
                    "reason": "Benchmark",
                    "research_agencies": '["police"]',
                    "heard": False,
                    "minutes_used": None,
                }
                for n, case_id in enumerate(chosen)
            ],
        )
        session.execute(
            update(MeetingRow).where(MeetingRow.id == meeting.id).values(last_number=len(chosen))
        )
    return meeting.id
