"""The data return on a hand-built data set: every figure worked out by hand below."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import ActionStatus, MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import (
    IdvaAllocation,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.services import (
    access,
    actions,
    assessments,
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    records,
)
from marac_desktop.services.performance import ReportSettings
from marac_desktop.services.workspace import Workspace
from tests.conftest import add_user

TODAY = date(2026, 4, 20)
FROM, TO = date(2026, 1, 1), date(2026, 3, 31)
HIGH = ReferralCriteria(visible_high_risk=True)
NAMES = (
    "Ashworth",
    "Qureshi",
    "Pemberton",
    "Okonkwo-Lindqvist",
    "Fairbrother",
    "Unheardson",
    "Laterday",
    "Fallbackova",
    "Listlesse",
)


def _person(family: str, **kw: object) -> PersonDetails:
    return PersonDetails(family, "Testgiven", **kw)  # type: ignore[arg-type]


def _case(
    ws: Workspace,
    victim: PersonDetails,
    perpetrator_born: date,
    children: int,
) -> CaseId:
    case = records.open_case(ws, victim, today=TODAY)
    records.add_person_to_case(
        ws,
        case.id,
        _person(f"{victim.family_name}perp", gender="male", date_of_birth=perpetrator_born),
        PartyRole.PERPETRATOR,
        "partner",
        today=TODAY,
    )
    for n in range(children):
        records.add_person_to_case(
            ws, case.id, _person(f"{victim.family_name}kid{n}"), PartyRole.CHILD, "child", TODAY
        )
    return case.id


def _meeting(ws: Workspace, day: date, cases: list[CaseId], heard: list[CaseId]) -> MeetingId:
    starts = datetime.combine(day, datetime.min.time()).replace(hour=10)
    meeting = meetings.create_meeting(
        ws,
        starts,
        "Hall",
        False,
        "Chair",
        "Leeds",
        today=date(2026, 1, 1),
    )
    for case_id in cases:
        meeting_list.add_case(ws, meeting.id, case_id)
    for case_id in heard:
        meeting_mode.mark_heard(ws, meeting.id, case_id, minutes_used=10, now=starts)
    meetings.close_meeting(ws, meeting.id, today=day)
    return meeting.id


def _assessed(ws: Workspace, case_id: CaseId, day: date, yes: int) -> None:
    draft = assessments.start(ws, case_id, day, today=TODAY)
    answers = {f"q{n}": Answer.YES if n <= yes else Answer.NO for n in range(1, 25)}
    main = AssessmentInput("dash", day, answers, victim_age=draft.main.victim_age)
    assessments.complete(ws, draft.id, main, {}, today=TODAY)


def _idva(ws: Workspace, case_id: CaseId, day: date) -> None:
    records.allocate_idva(ws, case_id, IdvaAllocation("Testadviser", day), today=TODAY)


def build(ws: Workspace) -> None:
    """Three meetings (two in the period) and a meeting day known only from a referral."""
    refer = records.record_referral
    c1 = _case(
        ws,
        _person(
            NAMES[0],
            gender="female",
            ethnicity="White British",
            sexuality="heterosexual",
            disability=False,
            date_of_birth=date(1990, 5, 1),
        ),
        date(1985, 1, 1),
        children=2,
    )
    c2 = _case(
        ws,
        _person(
            NAMES[1],
            gender="male",
            ethnicity="Pakistani",
            sexuality="gay",
            disability=True,
            date_of_birth=date(2009, 3, 1),
        ),
        date(2008, 6, 1),
        children=0,
    )
    c3 = _case(
        ws,
        _person(NAMES[2], gender="female", date_of_birth=date(1955, 1, 20)),
        date(1950, 1, 1),
        children=1,
    )
    refer(ws, c1, date(2026, 1, 5), "Police", HIGH, today=TODAY)
    refer(ws, c2, date(2026, 1, 2), "Housing", HIGH, today=TODAY)
    refer(
        ws,
        c3,
        date(2026, 1, 7),
        "Police",
        ReferralCriteria(professional_judgement=True),
        today=TODAY,
    )
    c9 = _case(ws, _person(NAMES[8], gender="female"), date(1980, 1, 1), children=0)
    # Heard "on" meeting A's day but not on its list: meeting days count the list only.
    refer(ws, c9, date(2026, 1, 3), "Police", HIGH, ReferralStatus.HEARD, date(2026, 1, 15), TODAY)
    _assessed(ws, c1, date(2026, 1, 10), yes=15)  # high at meetings A and B
    _idva(ws, c1, date(2026, 1, 12))
    _assessed(ws, c2, date(2026, 1, 20), yes=16)  # high only after meeting A
    _idva(ws, c2, date(2026, 1, 1))
    records.end_idva(ws, c2, date(2026, 1, 14), today=TODAY)  # stopped the day before A
    _assessed(ws, c3, date(2026, 1, 10), yes=9)  # standard
    _idva(ws, c3, date(2026, 1, 10))
    a = _meeting(ws, date(2026, 1, 15), [c1, c2, c3], [c1, c2, c3])

    c5 = _case(
        ws,
        _person(
            NAMES[3],
            gender="female",
            ethnicity="Black Caribbean",
            sexuality="bisexual",
            disability=True,
            date_of_birth=date(1960, 2, 20),
        ),
        date(2010, 1, 1),
        children=3,
    )
    c6 = _case(ws, _person(NAMES[5], gender="female"), date(1980, 1, 1), children=0)
    _assessed(ws, c5, date(2026, 1, 20), yes=20)  # high at meeting B, no IDVA
    refer(ws, c1, date(2026, 2, 2), "IDVA service", ReferralCriteria(repeat=True), today=TODAY)
    refer(ws, c5, date(2026, 1, 20), "Children's social care", HIGH, today=TODAY)
    refer(ws, c6, date(2026, 2, 1), "Police", HIGH, today=TODAY)
    b = _meeting(ws, date(2026, 2, 12), [c1, c5, c6], [c1, c5])  # c6 listed, never heard

    c8 = _case(
        ws,
        _person(
            NAMES[7],
            gender="female",
            ethnicity="Irish",
            disability=False,
            date_of_birth=date(1980, 3, 10),
        ),
        date(1975, 1, 1),
        children=0,
    )
    refer(
        ws, c8, date(2026, 2, 20), "Probation", HIGH, ReferralStatus.HEARD, date(2026, 3, 5), TODAY
    )

    c7 = _case(ws, _person(NAMES[6], gender="female"), date(1980, 1, 1), children=4)
    refer(ws, c7, date(2026, 3, 25), "Police", HIGH, today=TODAY)
    c = _meeting(ws, date(2026, 4, 9), [c7], [c7])  # after the period

    done = actions.add_action(ws, a, c1, "Police", "Visit", "PC One", date(2026, 1, 31))
    actions.set_status(ws, done.id, ActionStatus.DONE)
    actions.add_action(ws, a, c1, "Housing", "Move", "Officer", date(2026, 1, 31))  # overdue
    gone = actions.add_action(ws, a, c2, "Housing", "Alarm", "Officer", date(2026, 2, 28))
    actions.set_status(ws, gone.id, ActionStatus.NOT_POSSIBLE, "moved away")
    late = actions.add_action(ws, b, c5, "Children's social care", "Plan", "SW", date(2026, 3, 1))
    actions.set_status(ws, late.id, ActionStatus.NOT_DONE, "no capacity")
    actions.add_action(ws, b, c5, "Children's social care", "Review", "SW", date(2026, 12, 31))
    actions.add_action(ws, c, c7, "Police", "Check", "PC", date(2026, 4, 30))  # after the period


@pytest.fixture
def report(admin: Workspace) -> performance.PerformanceReport:
    build(admin)
    return performance.performance_report(admin, FROM, TO, today=TODAY)


def test_every_figure_of_the_return(report: performance.PerformanceReport) -> None:
    assert report.agencies == (  # the police, then partners in the vocabulary's order
        "Police",
        "IDVA service",
        "Children's social care",
        "Housing",
        "Probation",
    )
    a, b, fallback = report.rows
    # Meeting A, 15/01: cases 1, 2, 3 (case 9's heard referral is not on the list).
    assert (a.meeting_day, a.cases, a.repeats) == (date(2026, 1, 15), 3, 0)
    assert a.children == 3  # 2 + 0 + 1
    assert dict(a.by_agency) == {
        "Police": 2,
        "Children's social care": 0,
        "Housing": 1,
        "IDVA service": 0,
        "Probation": 0,
    }
    assert (a.police_referrals, a.partner_referrals) == (2, 1)
    # Case 2: Pakistani, gay, disabled, male, 16 on 15/01/2026; perpetrator 17. Case 3: aged 70.
    assert (a.minoritised, a.lgbt, a.disabled, a.male) == (1, 1, 1, 1)
    assert (a.aged_16_17, a.aged_65_plus, a.perpetrators_under_18) == (1, 1, 1)
    # Meeting B, 12/02: case 1 again (repeat referral, IDVA service) and case 5; case 6 unheard.
    assert (b.meeting_day, b.cases, b.repeats, b.children) == (date(2026, 2, 12), 2, 1, 5)
    assert (b.police_referrals, b.partner_referrals) == (0, 2)
    # Case 5: Black Caribbean, bisexual, disabled, 65 (born 20/02/1960); perpetrator 16.
    assert (b.minoritised, b.lgbt, b.disabled, b.male) == (1, 1, 1, 0)
    assert (b.aged_16_17, b.aged_65_plus, b.perpetrators_under_18) == (0, 1, 1)
    # 05/03: no meeting recorded; case 8's referral was marked heard that day (Probation).
    assert fallback.meeting_id is None and fallback.meeting_day == date(2026, 3, 5)
    assert (fallback.cases, fallback.partner_referrals, fallback.minoritised) == (1, 1, 0)
    assert report.meetings_from_referrals == 1

    t = report.totals
    assert (t.cases, t.repeats, t.children) == (6, 1, 8)  # 3+2+1, 0+1+0, 3+5+0
    assert dict(t.by_agency) == {
        "Police": 2,
        "Children's social care": 1,
        "Housing": 1,
        "IDVA service": 1,
        "Probation": 1,
    }
    assert (t.police_referrals, t.partner_referrals) == (2, 4)
    assert (t.minoritised, t.lgbt, t.disabled, t.male) == (2, 2, 2, 1)
    assert (t.aged_16_17, t.aged_65_plus, t.perpetrators_under_18) == (1, 2, 2)
    # High risk by the meeting day: case 1 at A (case 2's is later); cases 1 and 5 at B.
    # An IDVA on the meeting day: cases 1 and 3 at A (case 2's stopped the day before); case 1
    # at B; none for case 8.
    assert [(r.high_risk, r.with_idva) for r in report.rows] == [(1, 2), (2, 1), (0, 0)]
    assert (t.high_risk, t.with_idva) == (3, 3)


def test_rates_trends_and_waits(report: performance.PerformanceReport) -> None:
    r = report.rates
    assert r.days == 90  # 31 + 28 + 31
    assert r.repeat_percent == 16.7  # 1 / 6
    assert r.partner_percent == 66.7  # 4 / (2 + 4)
    assert r.per_10k_a_year == 2.4  # 6 * 365 / 90 / 100,000 * 10,000 = 2.43
    assert r.expected_cases == 98.6  # 40 * 100,000 / 10,000 * 90 / 365 = 98.63
    assert [(p.label, p.cases, p.repeats) for p in report.by_month] == [
        ("Jan 2026", 3, 0),
        ("Feb 2026", 2, 1),
        ("Mar 2026", 1, 0),
    ]
    assert report.by_month[1].repeat_percent == 50.0
    assert [(p.label, p.cases, p.repeats) for p in report.by_quarter] == [("2026 Q1", 6, 1)]
    # Waits: 10, 13, 8 (meeting A); 10, 23 (meeting B); 13 (05/03) -> sorted 8 10 10 13 13 23
    h = report.hearing
    assert (h.cases, h.median_days, h.mean_days, h.max_days) == (6, 11.5, 12.8, 23)  # 77 / 6
    assert r.idva_percent == 50.0  # 3 / 6


def test_actions_and_breakdowns(report: performance.PerformanceReport) -> None:
    got = {
        a.agency: (a.done, a.not_possible, a.not_done, a.open, a.overdue) for a in report.actions
    }
    assert got == {
        "Children's social care": (0, 0, 1, 1, 0),
        "Housing": (0, 1, 0, 1, 1),  # the open one was due 31/01, before 20/04
        "Police": (1, 0, 0, 0, 0),  # meeting C's action is after the period
    }
    b = {x.title: dict(x.rows) for x in report.breakdowns}
    assert b["Gender"] == {"Female": 5, "Male": 1}
    assert b["Ethnicity"] == {
        "White: English, Welsh, Scottish, Northern Irish or British": 2,
        "Black: Caribbean": 1,
        "White: Irish": 1,
        "Asian: Pakistani": 1,
        "Not recorded": 1,
    }
    assert b["Age band"] == {"16-17": 1, "35-44": 2, "45-54": 1, "65 and over": 2}
    assert b["Disability"] == {"Not disabled": 3, "Disabled": 2, "Not recorded": 1}
    assert b["Sexuality"] == {
        "Straight or heterosexual": 2,
        "Bisexual": 1,
        "Gay or lesbian": 1,
        "Not recorded": 2,
    }
    assert all(x.total == 6 for x in report.breakdowns)


def test_period_checks_settings_and_permissions(admin: Workspace, db_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        performance.performance_report(admin, TO, FROM)
    assert performance.load_report_settings(admin) == ReportSettings()
    performance.save_report_settings(admin, ReportSettings(250_000, 10))
    assert performance.load_report_settings(admin) == ReportSettings(250_000, 10)
    with pytest.raises(InvalidInputError):
        performance.save_report_settings(admin, ReportSettings(0, 5))
    idva = add_user(admin, "ivy", Role.IDVA)
    lead = add_user(admin, "lee", Role.COORDINATOR)
    ws = access.unlock(db_path, "ivy", idva)
    try:
        with pytest.raises(PermissionDeniedError):
            performance.performance_report(ws, FROM, TO)
    finally:
        ws.close()
    ws = access.unlock(db_path, "lee", lead)
    try:
        assert performance.performance_report(ws, FROM, TO).totals.cases == 0
        with pytest.raises(PermissionDeniedError):
            performance.save_report_settings(ws, ReportSettings(1, 5))
    finally:
        ws.close()
