"""The meeting list rules at their edges: cut-off, proposal, order, slots, age bands."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import (
    Action,
    ActionId,
    ActionStatus,
    AgendaSection,
    MeetingId,
    meeting_case_reference,
)
from marac_desktop.risk.agenda_rules import (
    ListCandidate,
    OpenReferral,
    age_band,
    age_bands,
    anniversary,
    cutoff_date,
    ends_at,
    is_transfer,
    last_heard_window,
    months_between,
    propose,
    slots,
    working_days_until,
)

MEETING = date(2026, 3, 12)  # a Thursday
CUTOFF = cutoff_date(MEETING, 5)


def _new(case_id: int, day: date, children: bool = False, **kw: object) -> ListCandidate:
    agency = str(kw.get("agency", "Police"))
    repeat = bool(kw.get("repeat", False))
    return ListCandidate(case_id, (OpenReferral(day, agency, repeat),), children)


def test_cutoff_counts_working_days_and_skips_weekends() -> None:
    assert date(2026, 3, 5) == CUTOFF  # Thursday a week before
    assert cutoff_date(date(2026, 3, 9), 1) == date(2026, 3, 6)  # Monday -> Friday
    assert cutoff_date(date(2026, 3, 9), 5) == date(2026, 3, 2)
    assert cutoff_date(date(2026, 3, 10), 2) == date(2026, 3, 6)  # over the weekend
    assert cutoff_date(MEETING, 0) == MEETING
    with pytest.raises(ValueError):
        cutoff_date(MEETING, -1)


def test_working_days_to_a_cutoff_count_the_cutoff_and_skip_weekends() -> None:
    assert working_days_until(date(2026, 3, 2), CUTOFF) == 3  # Monday to Thursday
    assert working_days_until(date(2026, 2, 27), CUTOFF) == 4  # from a Friday, over a weekend
    assert working_days_until(date(2026, 2, 19), CUTOFF) == 10  # two whole weeks
    assert working_days_until(CUTOFF, CUTOFF) == 0
    assert working_days_until(MEETING, CUTOFF) == 0  # passed
    for gap in range(40):  # the same as counting the days one by one
        start = date(2026, 3, 1)
        end = start + timedelta(days=gap)
        one_by_one = sum(1 for n in range(1, gap + 1) if (start + timedelta(days=n)).weekday() < 5)
        assert working_days_until(start, end) == one_by_one
    for working_days in range(12):  # and the cut-off rule agrees, from a working day
        assert working_days_until(cutoff_date(MEETING, working_days), MEETING) == working_days


def test_referral_on_the_cutoff_day_is_in_and_the_day_after_is_out() -> None:
    proposed = propose(
        [_new(1, CUTOFF), _new(2, date(2026, 3, 6)), _new(3, date(2026, 3, 1))],
        CUTOFF,
        MEETING,
        date(2026, 2, 12),
    )
    assert [p.case_id for p in proposed] == [3, 1]


def test_repeats_and_transfers_in_are_listed_after_the_cutoff_but_not_after_the_meeting() -> None:
    late = date(2026, 3, 10)
    proposed = propose(
        [
            _new(1, late, repeat=True),
            _new(2, late, agency="marac_transfer"),
            _new(3, late),
            _new(4, date(2026, 3, 13), repeat=True),
        ],
        CUTOFF,
        MEETING,
        date(2026, 2, 12),
    )
    assert {p.case_id: p.reason for p in proposed} == {
        1: "Repeat referral",
        2: "Transfer in from another MARAC",
    }
    assert is_transfer("marac_transfer") and not is_transfer("police")


def test_suggested_agenda_order_is_stable_by_referral_date() -> None:
    candidates = [
        _new(10, date(2026, 3, 1)),  # adult only
        _new(11, date(2026, 2, 20), children=True),
        _new(12, date(2026, 2, 25)),  # adult only, earlier
        ListCandidate(13, (), True, incomplete_actions=2, last_heard=date(2026, 2, 12)),
        ListCandidate(14, (), False, last_heard=date(2025, 3, 1)),  # 12 months on 2026-03-01
        _new(15, date(2026, 2, 20), children=True),  # same date as 11: case id decides
        ListCandidate(16, (), False, last_heard=date(2025, 2, 12)),  # anniversary == notices_from
        ListCandidate(17, (), False, last_heard=date(2025, 3, 12)),  # anniversary == meeting day
    ]
    proposed = propose(candidates, CUTOFF, MEETING, date(2026, 2, 12))
    assert [(p.case_id, p.section) for p in proposed] == [
        (13, AgendaSection.INCOMPLETE_ACTIONS),
        (11, AgendaSection.CHILDREN),
        (15, AgendaSection.CHILDREN),
        (12, AgendaSection.ADULT_ONLY),
        (10, AgendaSection.ADULT_ONLY),
        (14, AgendaSection.TWELVE_MONTH),
        (17, AgendaSection.TWELVE_MONTH),
    ]
    assert proposed[0].reason == "2 incomplete action(s) from the last meeting"


def test_incomplete_actions_come_first_even_with_a_new_referral() -> None:
    candidate = ListCandidate(
        5, (OpenReferral(date(2026, 3, 2), "Police", False),), False, incomplete_actions=1
    )
    (only,) = propose([_new(4, date(2026, 1, 1)), candidate], CUTOFF, MEETING, MEETING)[:1]
    assert only.case_id == 5 and "new referral" in only.reason


def test_slots_and_end_time() -> None:
    start = datetime(2026, 3, 12, 9, 30)
    made = slots(start, 3, 10)
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in made] == [
        ("09:30", "09:40"),
        ("09:40", "09:50"),
        ("09:50", "10:00"),
    ]
    assert ends_at(start, 3, 10) == made[-1].end
    assert ends_at(start, 0, 10) == start and slots(start, 0, 10) == []
    assert slots(start, 1, 15)[0].end == datetime(2026, 3, 12, 9, 45)
    with pytest.raises(ValueError):
        slots(start, 1, 0)


def test_age_bands() -> None:
    assert age_band(date(2008, 3, 12), MEETING, 16) == "18-24"
    assert age_band(date(2008, 3, 13), MEETING, 16) == "16-17"
    assert age_band(date(1961, 3, 12), MEETING, 16) == "65+"
    assert age_band(date(1961, 3, 13), MEETING, 16) == "55-64"
    assert age_band(None, MEETING, 16) == "unknown"
    assert age_band(date(2010, 3, 12), MEETING, 16) == "16-17"
    assert age_band(date(2010, 3, 13), MEETING, 16) == "under 16"


def test_age_bands_start_at_the_areas_minimum_age() -> None:
    seventeen = date(2009, 3, 12)
    assert age_band(seventeen, MEETING, 18) == "under 18"
    assert age_band(date(2008, 3, 12), MEETING, 18) == "18-24"
    assert age_band(seventeen, MEETING, 17) == "17"
    assert age_band(date(2012, 3, 12), MEETING, 14) == "14-15"
    assert age_band(date(2012, 3, 13), MEETING, 14) == "under 14"
    assert age_band(date(2010, 3, 12), MEETING, 14) == "16-17"
    assert age_band(date(2006, 3, 12), MEETING, 20) == "20-24"
    assert age_band(date(2006, 3, 13), MEETING, 20) == "under 20"


def test_months_and_anniversaries() -> None:
    assert months_between(date(2025, 3, 12), MEETING) == 12
    assert months_between(date(2025, 3, 13), MEETING) == 11
    assert anniversary(date(2024, 2, 29)) == date(2025, 2, 28)


def test_action_overdue_and_reference() -> None:
    action = Action(
        ActionId(1),
        MeetingId(1),
        CaseId(1),
        "Police",
        "Visit",
        "PC Test",
        MEETING,
        ActionStatus.OPEN,
    )
    assert not action.overdue(MEETING) and action.overdue(date(2026, 3, 13))
    done = Action(
        ActionId(1),
        MeetingId(1),
        CaseId(1),
        "Police",
        "Visit",
        "PC Test",
        MEETING,
        ActionStatus.DONE,
    )
    assert not done.overdue(date(2027, 1, 1))
    assert meeting_case_reference(7, 3) == "M7-03"
    assert ActionStatus.NOT_DONE.needs_note and not ActionStatus.DONE.needs_note


@pytest.mark.parametrize(
    ("notices_from", "meeting_day"),
    [
        (date(2026, 2, 12), date(2026, 3, 12)),
        (date(2028, 2, 1), date(2028, 3, 1)),  # the year after a leap day
        (date(2029, 2, 1), date(2029, 3, 1)),  # anniversaries of 29 February 2028
        (date(2026, 12, 20), date(2027, 1, 10)),
        (date(2026, 3, 12), date(2026, 3, 12)),
    ],
)
def test_last_heard_window_holds_every_hearing_whose_notice_is_due(
    notices_from: date, meeting_day: date
) -> None:
    first, last = last_heard_window(notices_from, meeting_day)
    due = []
    day = meeting_day - timedelta(days=800)
    while day <= meeting_day:
        if notices_from < anniversary(day) <= meeting_day:
            due.append(day)
            assert first <= day <= last, day
        day += timedelta(days=1)
    assert due or notices_from == meeting_day
    if due:  # and not much more: the query it narrows reads little
        assert (min(due) - first).days <= 3 and (last - max(due)).days <= 3


def test_each_proposed_case_has_its_reason_and_the_date_it_is_ordered_by() -> None:
    candidates = [
        ListCandidate(
            5, (OpenReferral(date(2026, 3, 2), "Police", False),), False, incomplete_actions=1
        ),
        ListCandidate(6, (), False, incomplete_actions=3),
        _new(7, date(2026, 3, 3)),
        _new(8, MEETING, repeat=True),  # a repeat received on the meeting day itself
        ListCandidate(9, (), False, last_heard=date(2025, 3, 1)),
        ListCandidate(10, (), False),  # nothing open and never heard: not listed
    ]
    proposed = propose(candidates, CUTOFF, MEETING, date(2026, 2, 12))
    assert [(p.case_id, p.section, p.reason, p.referral_day) for p in proposed] == [
        (
            5,
            AgendaSection.INCOMPLETE_ACTIONS,
            "1 incomplete action(s) from the last meeting; new referral",
            date(2026, 3, 2),
        ),
        (6, AgendaSection.INCOMPLETE_ACTIONS, "3 incomplete action(s) from the last meeting", None),
        (7, AgendaSection.ADULT_ONLY, "New referral", date(2026, 3, 3)),
        (8, AgendaSection.ADULT_ONLY, "Repeat referral", MEETING),
        (9, AgendaSection.TWELVE_MONTH, "12 months since the last MARAC", date(2026, 3, 1)),
    ]


def test_the_age_bands_a_report_lists_from_the_areas_minimum_age() -> None:
    adult = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64))
    assert age_bands(16) == ((16, 17), *adult)
    assert age_bands(17) == ((17, 17), *adult)
    assert age_bands(14) == ((14, 15), (16, 17), *adult)
    assert age_bands(20) == ((20, 24), *adult[1:])


def test_a_notice_window_from_29_february_starts_on_28_february_a_year_before() -> None:
    start, end = last_heard_window(date(2028, 2, 29), date(2028, 3, 9))
    assert (start, end) == (date(2027, 2, 26), date(2027, 3, 11))
    assert last_heard_window(date(2028, 1, 1), date(2028, 2, 29))[1] == date(2027, 3, 2)


def test_one_minute_slots_are_allowed() -> None:
    start = datetime(2026, 3, 12, 9, 30)
    assert [s.end for s in slots(start, 2, 1)] == [
        datetime(2026, 3, 12, 9, 31),
        datetime(2026, 3, 12, 9, 32),
    ]
