"""Pure rules for a MARAC meeting list: the cut-off, which cases are proposed, their order, slots.

Working days are Monday to Friday; bank holidays are not known here, so an area whose cut-off
falls over a bank holiday should set one more working day.

A transfer in (MARAC-to-MARAC) is a referral whose referring agency is the code
``marac_transfer`` (``risk.vocabularies.TRANSFER``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marac_desktop.domain.cases import age_on
from marac_desktop.domain.meetings import AgendaSection
from marac_desktop.risk.vocabularies import TRANSFER

AGE_BANDS = ((16, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 64))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def cutoff_date(meeting_day: date, working_days: int) -> date:
    """The day ``working_days`` working days (Mon-Fri) before the meeting day."""
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    day = meeting_day
    remaining = working_days
    while remaining:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_until(today: date, day: date) -> int:
    """The working days after ``today`` up to and including ``day`` (0 when it is not later):
    a cut-off on Thursday is 3 working days away on Monday."""
    whole_weeks, rest = divmod(max((day - today).days, 0), 7)
    count = whole_weeks * 5
    for step in range(1, rest + 1):
        if is_working_day(today + timedelta(days=step)):
            count += 1
    return count


def is_transfer(referring_agency: str) -> bool:
    return referring_agency == TRANSFER


def anniversary(day: date) -> date:
    """The same date a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def last_heard_window(notices_from: date, meeting_day: date) -> tuple[date, date]:
    """The first and last day (inclusive) a case's last hearing can fall on for its 12-month
    notice to be due at this meeting (``anniversary`` after ``notices_from`` and on or before the
    meeting day); a day or two wider, so a query can narrow with it and ``propose`` decides."""
    slack = timedelta(days=2)
    return _year_before(notices_from) - slack, _year_before(meeting_day) + slack


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def age_bands(minimum_age: int) -> tuple[tuple[int, int], ...]:
    """The bands from the area's minimum victim age up to 64 (65 and over is one more band)."""
    bands = [(max(low, minimum_age), high) for low, high in AGE_BANDS if high >= minimum_age]
    if minimum_age < AGE_BANDS[0][0]:
        bands.insert(0, (minimum_age, AGE_BANDS[0][0] - 1))
    return tuple(bands)


def age_band(date_of_birth: date | None, on: date, minimum_age: int) -> str:
    """The victim's age band on the day; below the area's minimum age, "under N"."""
    if date_of_birth is None:
        return "unknown"
    age = age_on(date_of_birth, on)
    if age < minimum_age:
        return f"under {minimum_age}"
    for low, high in age_bands(minimum_age):
        if low <= age <= high:
            return f"{low}-{high}" if low < high else str(low)
    return "65+"


@dataclass(frozen=True, slots=True)
class OpenReferral:
    day: date
    referring_agency: str
    repeat: bool


@dataclass(frozen=True, slots=True)
class ListCandidate:
    """What the rules need to know about one case."""

    case_id: int
    open_referrals: tuple[OpenReferral, ...] = ()
    """Referrals received or accepted and not yet heard."""
    has_children: bool = False
    incomplete_actions: int = 0
    """Open actions from earlier meetings."""
    last_heard: date | None = None


@dataclass(frozen=True, slots=True)
class ProposedCase:
    case_id: int
    section: AgendaSection
    reason: str
    referral_day: date | None
    """The date that orders the case within its section."""


def _listed_referrals(
    candidate: ListCandidate, cutoff: date, meeting_day: date
) -> list[OpenReferral]:
    """Referrals received by the cut-off; repeats and transfers in up to the meeting day."""
    listed = []
    for referral in candidate.open_referrals:
        urgent = referral.repeat or is_transfer(referral.referring_agency)
        if referral.day <= cutoff or (urgent and referral.day <= meeting_day):
            listed.append(referral)
    return listed


def _why(referrals: Sequence[OpenReferral]) -> str:
    if any(is_transfer(r.referring_agency) for r in referrals):
        return "Transfer in from another MARAC"
    if any(r.repeat for r in referrals):
        return "Repeat referral"
    return "New referral"


def propose(
    candidates: Sequence[ListCandidate],
    cutoff: date,
    meeting_day: date,
    notices_from: date,
) -> list[ProposedCase]:
    """The proposed list in the SafeLives suggested agenda order.

    Incomplete actions from earlier meetings first, then cases with children, then adult-only
    cases, then cases whose last MARAC was 12 months ago (anniversary after ``notices_from`` and
    on or before the meeting day). Within a section, by referral date, then case id.
    """
    proposed: list[ProposedCase] = []
    for candidate in candidates:
        listed = _listed_referrals(candidate, cutoff, meeting_day)
        first = min((r.day for r in listed), default=None)
        if candidate.incomplete_actions:
            reason = f"{candidate.incomplete_actions} incomplete action(s) from the last meeting"
            if listed:
                reason += f"; {_why(listed).lower()}"
            proposed.append(
                ProposedCase(candidate.case_id, AgendaSection.INCOMPLETE_ACTIONS, reason, first)
            )
        elif listed:
            section = AgendaSection.CHILDREN if candidate.has_children else AgendaSection.ADULT_ONLY
            proposed.append(ProposedCase(candidate.case_id, section, _why(listed), first))
        elif candidate.last_heard is not None and not candidate.open_referrals:
            due = anniversary(candidate.last_heard)
            if notices_from < due <= meeting_day:
                proposed.append(
                    ProposedCase(
                        candidate.case_id,
                        AgendaSection.TWELVE_MONTH,
                        "12 months since the last MARAC",
                        due,
                    )
                )
    return sorted(proposed, key=order_key)


def order_key(case: ProposedCase) -> tuple[int, date, int]:
    return (case.section.order, case.referral_day or date.max, case.case_id)


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    end: datetime


def slots(starts_at: datetime, count: int, slot_minutes: int) -> list[Slot]:
    """Back-to-back slots of ``slot_minutes`` from the meeting start, one per case."""
    if slot_minutes < 1:
        raise ValueError("slot_minutes must be at least 1")
    length = timedelta(minutes=slot_minutes)
    return [Slot(starts_at + length * n, starts_at + length * (n + 1)) for n in range(count)]


def ends_at(starts_at: datetime, count: int, slot_minutes: int) -> datetime:
    return starts_at + timedelta(minutes=slot_minutes * count)
