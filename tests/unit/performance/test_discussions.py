"""Which cases count as discussed on which day, and with which referral."""

from __future__ import annotations

from datetime import date

from marac_desktop.risk.discussions import Discussion, ReferralFacts, discussions

DAY = date(2026, 3, 12)
HELD = {7, 8}
"""The meetings closed as held; any other meeting id is still planned."""


def _referral(
    id: int,
    day: date,
    agency: str = "Police",
    repeat: bool = False,
    heard_on: date | None = None,
) -> ReferralFacts:
    return ReferralFacts(id, day, agency, repeat, heard_on is not None, heard_on)


def test_a_hearing_takes_the_referral_heard_that_day_over_a_later_one() -> None:
    heard = _referral(1, date(2026, 3, 1), "Housing", heard_on=DAY)
    later = _referral(2, date(2026, 3, 5), "Police")
    assert discussions([(7, DAY)], [heard, later], {DAY}, HELD, 365) == [
        Discussion(DAY, 7, "Housing", False, 11)
    ]


def test_else_the_latest_referral_received_by_the_day() -> None:
    older = _referral(1, date(2026, 1, 2), "Probation")
    latest = _referral(2, date(2026, 3, 2), "Health")
    after = _referral(3, date(2026, 3, 20), "Police")
    assert discussions([(7, DAY)], [older, latest, after], {DAY}, HELD, 365) == [
        Discussion(DAY, 7, "Health", False, 10)
    ]


def test_no_referral_yet_gives_no_agency_and_no_wait() -> None:
    assert discussions([(7, DAY)], [_referral(1, date(2026, 4, 1))], {DAY}, HELD, 365) == [
        Discussion(DAY, 7, "", False, None)
    ]


def test_a_repeat_is_any_referral_heard_that_day_with_the_repeat_criterion() -> None:
    first = _referral(1, date(2026, 3, 1), heard_on=DAY)
    repeat = _referral(2, date(2026, 3, 3), "IDVA service", repeat=True, heard_on=DAY)
    (found,) = discussions([(7, DAY)], [first, repeat], {DAY}, HELD, 365)
    assert found.repeat and found.agency == "IDVA service"  # latest of those heard that day


def test_a_day_without_a_meeting_counts_once_per_case_from_its_first_heard_referral() -> None:
    other = date(2026, 3, 19)
    a = _referral(4, date(2026, 3, 2), "Police", heard_on=other)
    b = _referral(5, date(2026, 3, 9), "Housing", repeat=True, heard_on=other)
    assert discussions([], [b, a], {DAY}, HELD, 365) == [
        Discussion(other, None, "Police", False, 17)
    ]


def test_a_referral_marked_heard_on_a_meeting_day_counts_only_if_on_the_list() -> None:
    heard = _referral(1, date(2026, 3, 1), heard_on=DAY)
    assert discussions([], [heard], {DAY}, HELD, 365) == []
    assert len(discussions([(7, DAY)], [heard], {DAY}, HELD, 365)) == 1


def test_heard_at_two_meetings_the_same_day_counts_twice() -> None:
    heard = _referral(1, date(2026, 3, 1), heard_on=DAY)
    assert [d.meeting_id for d in discussions([(7, DAY), (8, DAY)], [heard], {DAY}, HELD, 365)] == [
        7,
        8,
    ]


def test_a_meeting_still_planned_counts_nothing_even_with_its_cases_marked_heard() -> None:
    heard = _referral(1, date(2026, 3, 1), heard_on=DAY)
    assert discussions([(9, DAY)], [heard], {DAY}, HELD, 365) == []
    assert [d.meeting_id for d in discussions([(9, DAY), (7, DAY)], [heard], {DAY}, HELD, 365)] == [
        7
    ]


def test_a_case_discussed_again_within_the_repeat_window_is_a_repeat() -> None:
    first, second, third = date(2025, 1, 10), date(2026, 1, 10), date(2027, 1, 11)
    hearings = [(1, first), (2, second), (3, third)]
    referrals = [_referral(1, date(2025, 1, 1)), _referral(2, date(2026, 1, 1))]
    held = {1, 2, 3}
    found = discussions(hearings, referrals, {first, second, third}, held, 365)
    # 365 days after the first is inside (its last day counts); 366 after the second is not.
    assert [d.repeat for d in found] == [False, True, False]
    assert [d.repeat for d in discussions(hearings, referrals, set(), held, 364)] == [
        False,
        False,
        False,
    ]


def test_a_referral_received_on_the_day_is_the_one_discussed() -> None:
    earlier = _referral(1, date(2026, 2, 1), "Probation")
    same_day = _referral(2, DAY, "Health")
    assert discussions([(7, DAY)], [earlier, same_day], {DAY}, HELD, 365) == [
        Discussion(DAY, 7, "Health", False, 0)
    ]


def test_of_two_referrals_on_one_day_the_later_recorded_is_discussed() -> None:
    first = _referral(1, date(2026, 3, 2), "Police")
    second = _referral(2, date(2026, 3, 2), "Housing")
    for order in ([first, second], [second, first]):
        (found,) = discussions([(7, DAY)], order, {DAY}, HELD, 365)
        assert found.agency == "Housing"


def test_a_referral_given_a_meeting_day_but_not_heard_counts_nothing() -> None:
    other = date(2026, 3, 19)
    listed = ReferralFacts(1, date(2026, 3, 2), "Police", False, False, other)
    assert discussions([], [listed], {DAY}, HELD, 365) == []


def test_a_planned_meeting_does_not_hide_the_held_ones_after_it() -> None:
    later = date(2026, 4, 9)
    found = discussions([(9, DAY), (7, later)], [_referral(1, date(2026, 3, 2))], {DAY}, HELD, 365)
    assert [(d.meeting_id, d.day) for d in found] == [(7, later)]


def test_discussed_the_day_before_makes_a_repeat() -> None:
    next_day = date(2026, 3, 13)
    found = discussions(
        [(7, DAY), (8, next_day)], [_referral(1, date(2026, 3, 2))], {DAY, next_day}, HELD, 365
    )
    assert [d.repeat for d in found] == [False, True]


def test_a_referral_not_heard_does_not_hide_a_later_one_heard_without_a_meeting() -> None:
    other = date(2026, 3, 19)
    waiting = _referral(1, date(2026, 3, 2), "Police")
    heard = _referral(2, date(2026, 3, 9), "Housing", heard_on=other)
    assert discussions([], [waiting, heard], {DAY}, HELD, 365) == [
        Discussion(other, None, "Housing", False, 10)
    ]
