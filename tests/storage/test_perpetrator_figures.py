"""The performance report's perpetrator figures on a hand-built record set, on both engines:
each person counted once, at the edges of the period, the serial window and an 18th birthday,
and interventions by the outcome recorded in the period."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pytest

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.perpetrators import InterventionStatus
from marac_desktop.domain.records import PartyRole
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.risk.perpetrator_figures import PerpetratorFigures
from marac_desktop.services import (
    assessments,
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    perpetrator_work,
    records,
    settings,
)
from marac_desktop.services.workspace import Workspace

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 4, 20)
FROM, TO = date(2026, 1, 1), date(2026, 3, 31)
HIGH = ReferralCriteria(visible_high_risk=True)
WINDOW = 3 * 365
"""The serial window of the default area policy (checked below)."""


@dataclass
class Records:
    ws: Workspace
    cases: dict[date, list[CaseId]] = field(default_factory=dict)
    """The cases to hear at the meeting of each day."""
    people: dict[str, PersonId] = field(default_factory=dict)

    def case(
        self, name: str, perpetrator: str, born: date | None = None, referred: date = FROM
    ) -> CaseId:
        """A case of a new victim, harmed by ``perpetrator`` (added the first time), referred
        on ``referred``."""
        opened = records.open_case(self.ws, PersonDetails(name, "Victim"), today=TODAY)
        harmer: PersonDetails | PersonId = self.people.get(perpetrator) or PersonDetails(
            perpetrator, "Harmer", date_of_birth=born
        )
        added = records.add_person_to_case(
            self.ws, opened.id, harmer, PartyRole.PERPETRATOR, "partner", TODAY
        )
        self.people[perpetrator] = added.id
        records.record_referral(self.ws, opened.id, referred, "Police", HIGH, today=TODAY)
        return opened.id

    def heard(self, day: date, *cases: CaseId) -> None:
        self.cases.setdefault(day, []).extend(cases)

    def hold_meetings(self, listed_only: CaseId) -> None:
        for day, cases in sorted(self.cases.items()):
            starts = datetime.combine(day, datetime.min.time()).replace(hour=10)
            meeting = meetings.create_meeting(
                self.ws, starts, "Hall", False, "Chair", "Leeds", today=day - timedelta(days=30)
            )
            for case_id in cases:
                meeting_list.add_case(self.ws, meeting.id, case_id)
                meeting_mode.mark_heard(self.ws, meeting.id, case_id, minutes_used=5, now=starts)
            if day == date(2026, 2, 10):
                meeting_list.add_case(self.ws, meeting.id, listed_only)  # listed, never heard
            meetings.close_meeting(self.ws, meeting.id, today=day)


def _assessed_high(ws: Workspace, case_id: CaseId, day: date) -> None:
    draft = assessments.start(ws, case_id, day, today=TODAY)
    answers = {f"q{n}": Answer.YES if n <= 16 else Answer.NO for n in range(1, 25)}
    main = AssessmentInput("dash", day, answers, victim_age=draft.main.victim_age)
    assessments.complete(ws, draft.id, main, {}, today=TODAY)


def build(ws: Workspace) -> None:
    """Meetings on the day before the period, its first day, 10 February, its last day and the
    day after; who is heard where is written beside each case."""
    assert settings.load_policy(ws).serial_window_days == WINDOW
    r = Records(ws)
    before, first, middle, last, after = (
        FROM - timedelta(days=1),
        FROM,
        date(2026, 2, 10),
        TO,
        TO + timedelta(days=1),
    )
    # Twice: two cases (two victims), both heard at two meetings: once in every figure.
    twice_a, twice_b = r.case("Ash", "Twice"), r.case("Birch", "Twice")
    r.heard(first, twice_a, twice_b)
    r.heard(middle, twice_a, twice_b)  # each a repeat: discussed 40 days before
    # The serial window ends on the period's last day and counts its first day.
    r.heard(middle, r.case("Cedar", "Serial-in"))
    r.case("Cypress", "Serial-in", referred=TO - timedelta(days=WINDOW))
    r.heard(middle, r.case("Damson", "Serial-out"))
    r.case("Dogwood", "Serial-out", referred=TO - timedelta(days=WINDOW + 1))
    r.heard(middle, r.case("Elder", "Serial-later"))
    r.case("Elm", "Serial-later", referred=TODAY)  # after the period: not by its last day
    r.heard(middle, r.case("Fig", "Serial-since"))
    since = r.case("Filbert", "Serial-since", referred=date(2025, 6, 1))
    records.record_referral(ws, since, TODAY, "Police", HIGH, today=TODAY)  # dated by June
    # Under 18 on the meeting day: 18 on the day is not; 17 then 18 later in the period is.
    r.heard(middle, r.case("Fir", "Seventeen", born=date(2008, 2, 11)))
    r.heard(middle, r.case("Gorse", "Eighteen", born=date(2008, 2, 10)))
    turning = r.case("Hazel", "Turning", born=date(2008, 3, 1))
    r.heard(middle, turning)
    r.heard(last, turning)  # a repeat too
    # High risk by the meeting day: one case high, one not, for one perpetrator; and a case
    # assessed high only the day after its meeting.
    high, low = r.case("Holly", "High"), r.case("Ivy", "High")
    _assessed_high(ws, high, middle)
    r.heard(middle, high, low)
    late = r.case("Juniper", "Assessed-late")
    _assessed_high(ws, late, middle + timedelta(days=1))
    r.heard(middle, late)
    # The period's edges.
    r.heard(before, r.case("Larch", "Day-before", referred=before - timedelta(days=10)))
    r.heard(first, r.case("Maple", "First-day", referred=before - timedelta(days=10)))
    r.heard(last, r.case("Oak", "Last-day"))
    r.heard(after, r.case("Pine", "Day-after"))
    listed = r.case("Rowan", "Listed-only")
    r.hold_meetings(listed_only=listed)
    _interventions(ws, r.people["First-day"])


def _interventions(ws: Workspace, person: PersonId) -> None:
    """Outcomes recorded the day before, the first and last days of the period, the day after;
    one still only referred; one engaged and then breached."""

    def intervention(referred: date, *outcomes: tuple[InterventionStatus, date]) -> None:
        added = perpetrator_work.add_intervention(
            ws, person, "DAPP", "Probation", referred, today=TODAY
        )
        for status, on in outcomes:
            perpetrator_work.set_intervention_status(ws, added.id, status, on, "", today=TODAY)

    start = date(2025, 11, 1)
    intervention(start, (InterventionStatus.ACCEPTED, FROM - timedelta(days=1)))
    intervention(start, (InterventionStatus.ACCEPTED, FROM))
    intervention(start, (InterventionStatus.COMPLETED, TO))
    intervention(start, (InterventionStatus.DECLINED, TO + timedelta(days=1)))
    intervention(date(2026, 2, 1))
    intervention(
        start,
        (InterventionStatus.ENGAGED, date(2026, 2, 1)),
        (InterventionStatus.BREACHED, date(2026, 3, 1)),
    )


def test_each_figure_counts_each_perpetrator_once_at_every_edge(admin: Workspace) -> None:
    build(admin)
    figures = performance.performance_report(admin, FROM, TO, today=TODAY).perpetrators
    # Twice, Serial-in, Serial-out, Serial-later, Serial-since, Seventeen, Eighteen, Turning,
    # High, Assessed-late, First-day, Last-day: not Day-before, Day-after or Listed-only.
    assert figures.recorded == 12
    assert figures.high_risk == 1  # High (once, for two cases); not Assessed-late
    assert figures.serial == 4  # Twice, Serial-in, Serial-since and High (two victims each)
    assert figures.repeat == 2  # Twice (once, for two cases) and Turning
    assert figures.under_18 == 2  # Seventeen, and Turning at the first meeting
    assert dict(figures.outcomes) == {
        InterventionStatus.ACCEPTED: 1,
        InterventionStatus.ENGAGED: 0,  # engaged, then breached: counted by its last outcome
        InterventionStatus.COMPLETED: 1,
        InterventionStatus.DECLINED: 0,
        InterventionStatus.BREACHED: 1,
    }
    assert figures.with_an_outcome == 3
    assert figures.serial_window_days == WINDOW


def test_a_period_of_one_day_and_an_empty_period(admin: Workspace) -> None:
    build(admin)
    first_day = performance.performance_report(admin, FROM, FROM, today=TODAY).perpetrators
    # Twice (two cases) and First-day; Twice is not yet a repeat, and is serial.
    assert (first_day.recorded, first_day.repeat, first_day.serial) == (2, 0, 1)
    assert dict(first_day.outcomes)[InterventionStatus.ACCEPTED] == 1
    nothing = performance.performance_report(
        admin, date(2025, 6, 1), date(2025, 6, 30), today=TODAY
    ).perpetrators
    assert nothing == PerpetratorFigures(serial_window_days=WINDOW)


def test_the_serial_window_is_the_area_policys(admin: Workspace) -> None:
    build(admin)
    policy = settings.load_policy(admin)
    # Two days shorter: Serial-in's older case (on the window's first day) falls out.
    settings.save_policy(admin, replace(policy, serial_window_days=WINDOW - 2))
    figures = performance.performance_report(admin, FROM, TO, today=TODAY).perpetrators
    assert (figures.serial, figures.serial_window_days) == (3, WINDOW - 2)
