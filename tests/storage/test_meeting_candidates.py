"""The proposed list read on indexes is the list the rules give over every case.

``meetings_repo.list_candidates`` reads only the cases a list can hold (open referrals up to the
meeting day, open actions from earlier meetings, last hearings in the 12-month window). Here the
rules are run on both it and a reading of every case, for a year of monthly meetings over demo
data, some of them built, heard and given actions, and must propose the same list each time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import AgendaSection, Meeting, MeetingId
from marac_desktop.domain.records import PartyRole, ReferralStatus
from marac_desktop.risk import agenda_rules
from marac_desktop.risk.agenda_rules import ListCandidate, OpenReferral
from marac_desktop.services import actions, demo, meeting_list, meeting_mode, meetings, records
from marac_desktop.services.meeting_list import NOTICE_LOOKBACK_DAYS
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import meetings_repo
from marac_desktop.storage.meetings_repo import OPEN_REFERRAL
from marac_desktop.storage.orm import ActionRow, CasePartyRow, MeetingRow, ReferralRow

TODAY = date(2026, 11, 20)
HIGH, REPEAT = ReferralCriteria(visible_high_risk=True), ReferralCriteria(repeat=True)
REFERRALS = ((-12, HIGH), (-12, REPEAT), (-2, REPEAT), (-2, HIGH), (5, HIGH))
"""Referral days from each meeting's day: by the cut-off, after it (only a repeat is listed),
and after the meeting (which keeps a case's 12-month notice off the list)."""


def _every_candidate(session: Session, meeting: Meeting) -> list[ListCandidate]:
    """Every case with an open referral, an open action from an earlier meeting, or a hearing,
    read without narrowing (as the list was read before it used indexes)."""
    open_refs: dict[int, list[OpenReferral]] = defaultdict(list)
    for case_id, day, agency, repeat in session.execute(
        select(
            ReferralRow.case_id, ReferralRow.day, ReferralRow.referring_agency, ReferralRow.repeat
        ).where(ReferralRow.status.in_(OPEN_REFERRAL))
    ):
        open_refs[case_id].append(OpenReferral(day, agency, repeat))
    heard_rows = session.execute(
        select(ReferralRow.case_id, func.max(ReferralRow.meeting_day))
        .where(ReferralRow.status == ReferralStatus.HEARD.value)
        .group_by(ReferralRow.case_id)
    )
    heard: dict[int, date | None] = {case_id: day for case_id, day in heard_rows}
    incomplete: dict[int, int] = {
        case_id: count
        for case_id, count in session.execute(
            select(ActionRow.case_id, func.count())
            .join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
            .where(
                ActionRow.status == "open",
                MeetingRow.starts_at < meeting.starts_at,
                MeetingRow.id != meeting.id,
            )
            .group_by(ActionRow.case_id)
        )
    }
    children = set(
        session.scalars(
            select(CasePartyRow.case_id).where(CasePartyRow.role == PartyRole.CHILD.value)
        )
    )
    return [
        ListCandidate(
            case_id,
            tuple(open_refs.get(case_id, ())),
            case_id in children,
            incomplete.get(case_id, 0),
            heard.get(case_id),
        )
        for case_id in sorted(set(open_refs) | set(heard) | set(incomplete))
    ]


def _both(
    ws: Workspace, meeting_id: MeetingId
) -> tuple[list[agenda_rules.ProposedCase], list[agenda_rules.ProposedCase]]:
    with ws.transaction() as session:
        meeting = meetings_repo.get_meeting(session, meeting_id)
        assert meeting is not None
        previous = meetings_repo.previous_meeting(session, meeting)
        notices_from = (
            previous.day if previous else meeting.day - timedelta(days=NOTICE_LOOKBACK_DAYS)
        )
        window = agenda_rules.last_heard_window(notices_from, meeting.day)
        narrow = meetings_repo.list_candidates(session, meeting, *window)
        full = _every_candidate(session, meeting)
    rules = (meeting.cutoff, meeting.day, notices_from)
    return (
        list(agenda_rules.propose(narrow, *rules)),
        list(agenda_rules.propose(full, *rules)),
    )


@pytest.mark.both_engines
def test_the_indexed_reading_proposes_what_every_case_does(admin: Workspace) -> None:
    demo.generate(admin, 400, seed=8, today=TODAY)
    sections: Counter[AgendaSection] = Counter()
    kept_off = 0
    first = date(2025, 12, 4)
    for month in range(14):
        starts = datetime.combine(first + timedelta(days=28 * month), datetime.min.time())
        starts = starts.replace(hour=10)
        meeting = meetings.create_meeting(
            admin, starts, "Hall", False, "Chair", "Leeds", today=starts.date()
        )
        for k, (offset, criteria) in enumerate(REFERRALS):  # before and after the cut-off
            day = starts.date() + timedelta(days=offset)
            case_id = CaseId(1 + (month * 29 + k * 97) % 400)
            records.record_referral(admin, case_id, day, "Police", criteria, today=day)
        narrow, full = _both(admin, meeting.id)
        assert narrow == full, starts.date()
        notices = [p.case_id for p in full if p.section is AgendaSection.TWELVE_MONTH]
        if notices:  # a referral after the meeting day keeps a notice off the list
            later = starts.date() + timedelta(days=3)
            records.record_referral(admin, CaseId(notices[0]), later, "Police", HIGH, today=later)
            narrow, full = _both(admin, meeting.id)
            assert narrow == full, starts.date()
            assert notices[0] not in {p.case_id for p in narrow}
            kept_off += 1
        sections.update(p.section for p in narrow)
        if month % 3 == 0 and starts.date() <= TODAY:  # held: later lists see what it did
            view = meeting_list.build_list(admin, meeting.id)
            for row in view.rows[:6]:
                meeting_mode.mark_heard(admin, meeting.id, row.case_id, now=starts)
                actions.add_action(
                    admin, meeting.id, row.case_id, "Police", "Visit", "PC Test", starts.date()
                )
    assert set(sections) == set(AgendaSection), "every section should have been proposed"
    assert kept_off > 3


def test_the_proposal_walks_no_whole_table(admin: Workspace) -> None:
    """Every query the proposal runs reads on an index: SQLite's plan names no full scan of a
    table (a scan grows with every case ever recorded)."""
    demo.generate(admin, 60, seed=5, today=TODAY)
    records.record_referral(admin, CaseId(1), TODAY, "Police", HIGH, today=TODAY)
    starts = datetime(2026, 12, 3, 10, 0)
    meeting = meetings.create_meeting(admin, starts, "Hall", False, "Chair", "Leeds", TODAY)
    statements: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        reading = statement.lstrip().upper().startswith("SELECT")
        if reading and "audit_log" not in statement:  # the audit row reads the chain's last
            statements.append((statement, parameters))

    engine = admin.database.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        assert meeting_list.propose_list(admin, meeting.id)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(statements) >= 4
    with engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details = [row[-1] for row in plan]
            scans = [d for d in details if d.startswith("SCAN") and "COVERING" not in d]
            assert scans == [], (statement, details)
