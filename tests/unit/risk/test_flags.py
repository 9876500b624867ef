"""Flag rules at their window edges."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.risk.flags import (
    Flag,
    FlagKind,
    FlagRules,
    IncidentFact,
    PerpetratorCase,
    ReferralFact,
    RepeatAnchor,
    RepeatDefinition,
    escalation_flag,
    is_notice,
    repeat_flag,
    serial_perpetrator_flag,
    twelve_month_notice,
)
from marac_desktop.risk.policy import AreaPolicy

RULES = FlagRules(AreaPolicy())
REFERRAL = date(2025, 3, 1)


def _after(days: int, criminal: bool = True) -> IncidentFact:
    return IncidentFact(REFERRAL + timedelta(days=days), criminal)


def test_repeat_day_365_counts_and_366_does_not() -> None:
    flag = repeat_flag([_after(365)], [ReferralFact(REFERRAL)], RULES)
    assert flag is not None and flag.kind is FlagKind.REPEAT
    assert "365 days after" in flag.evidence
    assert repeat_flag([_after(366)], [ReferralFact(REFERRAL)], RULES) is None


def test_repeat_needs_an_earlier_referral() -> None:
    assert repeat_flag([_after(-1)], [ReferralFact(REFERRAL)], RULES) is None
    assert repeat_flag([_after(0)], [ReferralFact(REFERRAL)], RULES) is None
    assert repeat_flag([_after(1)], [ReferralFact(REFERRAL)], RULES) is not None
    assert repeat_flag([_after(5)], [], RULES) is None


def test_repeat_anchor_and_definition_settings() -> None:
    meeting = ReferralFact(REFERRAL, meeting_day=REFERRAL + timedelta(days=20))
    by_meeting = FlagRules(AreaPolicy(), repeat_anchor=RepeatAnchor.MEETING)
    assert repeat_flag([_after(380)], [meeting], by_meeting) is not None
    assert repeat_flag([_after(386)], [meeting], by_meeting) is None
    assert repeat_flag([_after(10)], [meeting], by_meeting) is None  # before the meeting
    criminal_only = FlagRules(AreaPolicy(), repeat_definition=RepeatDefinition.CRIMINAL)
    assert (
        repeat_flag([_after(30, criminal=False)], [ReferralFact(REFERRAL)], criminal_only) is None
    )
    assert repeat_flag([_after(30, criminal=False)], [ReferralFact(REFERRAL)], RULES) is not None


def test_escalation_third_incident_and_window_edge() -> None:
    today = date(2026, 6, 1)
    two = [IncidentFact(today - timedelta(days=d)) for d in (0, 100)]
    assert escalation_flag(two, today, RULES) is None
    three = [*two, IncidentFact(today - timedelta(days=365))]
    flag = escalation_flag(three, today, RULES)
    assert flag is not None and flag.evidence.startswith("3 incidents")
    outside = [*two, IncidentFact(today - timedelta(days=366))]
    assert escalation_flag(outside, today, RULES) is None


def test_serial_perpetrator_second_victim() -> None:
    today = date(2026, 6, 1)
    one_victim = [
        PerpetratorCase(1, "C-000001", 1, date(2025, 1, 1)),
        PerpetratorCase(2, "C-000002", 1, date(2026, 1, 1)),
    ]
    assert serial_perpetrator_flag(one_victim, today, RULES) is None
    edge = today - timedelta(days=3 * 365)
    second = [*one_victim, PerpetratorCase(7, "C-000007", 2, edge)]
    flag = serial_perpetrator_flag(second, today, RULES)
    assert flag is not None and "2 different victims" in flag.evidence
    assert flag.evidence.endswith(
        f"in cases C-000007 ({edge.isoformat()}), C-000001 (2025-01-01) and C-000002 (2026-01-01)."
    )
    too_old = [*one_victim, PerpetratorCase(7, "C-000007", 2, edge - timedelta(days=1))]
    assert serial_perpetrator_flag(too_old, today, RULES) is None


def test_twelve_month_notice_edges() -> None:
    last = date(2025, 6, 1)
    assert twelve_month_notice(last, last + timedelta(days=364), RULES) is None
    flag = twelve_month_notice(last, last + timedelta(days=365), RULES)
    assert flag is not None and flag.raised_on == last + timedelta(days=365)
    assert twelve_month_notice(last, last + timedelta(days=425), RULES) is not None
    assert twelve_month_notice(last, last + timedelta(days=426), RULES) is None  # long lapsed
    assert twelve_month_notice(None, last, RULES) is None


@given(st.lists(st.integers(min_value=-400, max_value=800), max_size=12))
def test_repeat_flag_matches_a_plain_reading(offsets: list[int]) -> None:
    incidents = [_after(d) for d in offsets]
    expected = any(0 < d <= 365 for d in offsets)
    assert (repeat_flag(incidents, [ReferralFact(REFERRAL)], RULES) is not None) == expected


def test_only_the_twelve_month_notice_is_a_notice() -> None:
    assert is_notice("twelve_month_notice") and FlagKind.TWELVE_MONTH_NOTICE.notice
    assert not any(is_notice(kind.value) for kind in FlagKind if kind.notice is False)
    assert not is_notice("repeat")


def test_repeat_evidence_names_the_incident_the_gap_and_the_anchor() -> None:
    flag = repeat_flag([_after(1), _after(40)], [ReferralFact(REFERRAL)], RULES)
    assert flag == Flag(
        FlagKind.REPEAT,
        REFERRAL + timedelta(days=1),
        "An incident on 2025-03-02 came 1 day after the last MARAC referral (2025-03-01), "
        "within the 365-day repeat window.",
    )
    meeting = ReferralFact(REFERRAL, meeting_day=REFERRAL + timedelta(days=20))
    by_meeting = FlagRules(AreaPolicy(), repeat_anchor=RepeatAnchor.MEETING)
    flag = repeat_flag([_after(22)], [meeting], by_meeting)
    assert flag is not None and flag.evidence == (
        "An incident on 2025-03-23 came 2 days after the last MARAC meeting (2025-03-21), "
        "within the 365-day repeat window."
    )


def test_escalation_evidence_spans_the_first_and_last_incident_inside() -> None:
    today = date(2026, 6, 1)
    days = [today - timedelta(days=d) for d in (400, 300, 200, 100, 10)]
    flag = escalation_flag([IncidentFact(d) for d in days], today, RULES)
    assert flag == Flag(
        FlagKind.ESCALATION,
        days[-1],
        "4 incidents between 2025-08-05 and 2026-05-22, within 365 days; 3 or more is "
        "potential escalation.",
    )


def test_serial_evidence_counts_victims_years_and_the_latest_case() -> None:
    today = date(2026, 6, 1)
    cases = [
        PerpetratorCase(3, "C-000003", 3, today),
        PerpetratorCase(1, "C-000001", 1, date(2025, 1, 1)),
        PerpetratorCase(2, "C-000002", 2, date(2026, 1, 1)),
    ]
    flag = serial_perpetrator_flag(cases, today, RULES)
    assert flag == Flag(
        FlagKind.SERIAL_PERPETRATOR,
        today,
        "Recorded as the person causing harm to 3 different victims within 3 years (latest "
        "2026-06-01), in cases C-000001 (2025-01-01), C-000002 (2026-01-01) and C-000003 "
        "(2026-06-01).",
    )
    two = serial_perpetrator_flag(cases[1:], today, RULES)
    assert two is not None and two.evidence.endswith(
        "in cases C-000001 (2025-01-01) and C-000002 (2026-01-01)."
    )
    one_is_enough = FlagRules(AreaPolicy(), serial_victims=1)
    single = serial_perpetrator_flag(cases[:1], today, one_is_enough)
    assert single is not None and single.evidence.endswith("in cases C-000003 (2026-06-01).")


def test_twelve_month_notice_evidence() -> None:
    last = date(2025, 6, 1)
    flag = twelve_month_notice(last, last + timedelta(days=400), RULES)
    assert flag == Flag(
        FlagKind.TWELVE_MONTH_NOTICE,
        last + timedelta(days=365),
        "The last MARAC for this case was 400 days ago (2025-06-01); a new incident now is a new "
        "referral, not a repeat.",
    )
