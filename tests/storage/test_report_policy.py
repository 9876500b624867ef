"""The reports read the area's stored repeat window, the same one the flags and the agenda use."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import (
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    records,
    settings,
)
from marac_desktop.services.workspace import Workspace

FIRST = date(2025, 3, 13)
SECOND = FIRST + timedelta(days=200)


def _heard(ws: Workspace, case_id: CaseId, day: date) -> None:
    starts = datetime.combine(day, time(10))
    meeting = meetings.create_meeting(
        ws, starts, "Hall", False, "Chair", "Leeds", today=day - timedelta(days=20)
    )
    meeting_list.add_case(ws, meeting.id, case_id)
    meeting_mode.mark_heard(ws, meeting.id, case_id, now=starts)
    meetings.close_meeting(ws, meeting.id, today=day)


@pytest.mark.both_engines
def test_a_second_hearing_is_a_repeat_only_within_the_stored_window(admin: Workspace) -> None:
    case = records.open_case(admin, PersonDetails("Quinn", "Ada"), today=FIRST)
    criteria = ReferralCriteria(visible_high_risk=True)  # the referrer did not tick repeat
    records.record_referral(
        admin, case.id, FIRST - timedelta(days=5), "Police", criteria, today=FIRST
    )
    _heard(admin, case.id, FIRST)
    records.record_referral(
        admin, case.id, SECOND - timedelta(days=5), "Police", criteria, today=SECOND
    )
    _heard(admin, case.id, SECOND)
    whole = (date(2025, 1, 1), date(2025, 12, 31))

    report = performance.performance_report(admin, *whole, today=SECOND)
    assert (report.totals.cases, report.totals.repeats) == (2, 1)

    policy = settings.load_policy(admin)
    settings.save_policy(admin, replace(policy, repeat_window_days=199))
    report = performance.performance_report(admin, *whole, today=SECOND)
    assert (report.totals.cases, report.totals.repeats) == (2, 0)  # counted afresh

    settings.save_policy(admin, replace(policy, repeat_window_days=200))  # its last day counts
    report = performance.performance_report(admin, *whole, today=SECOND)
    assert report.totals.repeats == 1
