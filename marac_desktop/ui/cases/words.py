"""Plain words for stored codes and dates, shared by the case screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from marac_desktop.domain import date_style
from marac_desktop.domain.cases import age_on
from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.people import Alias, DobPrecision, PersonDetails
from marac_desktop.domain.records import INCIDENT_WORDS as INCIDENT_WORDS
from marac_desktop.domain.records import (
    CaseFlag,
    FlagStatus,
    IdvaAllocation,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.risk import AreaPolicy
from marac_desktop.risk.flags import is_notice

NOT_KNOWN = "Not known"

ROLE_WORDS: dict[PartyRole, str] = {
    PartyRole.VICTIM: "Victim",
    PartyRole.PERPETRATOR: "Perpetrator",
    PartyRole.CHILD: "Child or dependant",
}

REFERRAL_STATUS_WORDS: dict[ReferralStatus, str] = {
    ReferralStatus.RECEIVED: "Received",
    ReferralStatus.ACCEPTED: "Accepted",
    ReferralStatus.HEARD: "Heard at MARAC",
    ReferralStatus.DECLINED: "Declined",
}

FLAG_STATUS_WORDS: dict[FlagStatus, str] = {
    FlagStatus.OPEN: "Waiting for review",
    FlagStatus.CONFIRMED: "Confirmed",
    FlagStatus.DISMISSED: "Dismissed",
    FlagStatus.ACKNOWLEDGED: "Acknowledged",
}

_FLAG_WORDS = {
    "repeat": "Repeat incident",
    "potential_escalation": "Potential escalation",
    "serial_perpetrator": "Serial perpetrator",
    "twelve_month_notice": "12-month notice",
}

LEVEL_WORDS = {"high": "High risk", "medium": "Medium risk", "standard": "Standard risk"}
LEVEL_COLOURS = {"high": "#b3261e", "medium": "#8a5a00", "standard": "#1e6b34"}


def flag_words(kind: str) -> str:
    return _FLAG_WORDS.get(kind, kind.replace("_", " ").capitalize())


NOTICE_OPEN_WORDS = "To acknowledge"


def flag_status_text(flag: CaseFlag) -> str:
    """Waiting for review; a notice nobody has read yet is "To acknowledge"."""
    if flag.status is FlagStatus.OPEN and is_notice(flag.kind):
        return NOTICE_OPEN_WORDS
    return FLAG_STATUS_WORDS[flag.status]


def review_text(flag: CaseFlag) -> str:
    """Confirmed by sam.lead on 1 Dec 2026: the reason ("" while nobody has looked at it)."""
    if flag.status is FlagStatus.OPEN or flag.reviewed_by is None:
        return ""
    text = f"{FLAG_STATUS_WORDS[flag.status]} by {flag.reviewed_by}"
    if flag.reviewed_at is not None:
        text += f" on {day_text(flag.reviewed_at.astimezone().date())}"
    return f"{text}: {flag.review_reason}" if flag.review_reason else text


def flag_badge_text(flag: CaseFlag) -> str:
    """Serial perpetrator: waiting for review (a flag shown on a person's card)."""
    return f"{flag_words(flag.kind)}: {flag_status_text(flag).lower()}"


def level_words(level: str | None) -> str:
    if not level:
        return "Not scored"
    return LEVEL_WORDS.get(level, level.capitalize())


def day_text(day: date | None, missing: str = NOT_KNOWN) -> str:
    """The day as this area writes days (12 Mar 2025 unless set otherwise)."""
    return missing if day is None else date_style.shown(day)


def idva_text(allocation: IdvaAllocation | None) -> str:
    """IDVA: Testadviser Quill, since 3 Feb 2025 (or that none is allocated)."""
    if allocation is None:
        return "IDVA: none allocated"
    return f"IDVA: {allocation.name}, since {day_text(allocation.allocated_on)}"


def earlier_idvas_text(allocations: Sequence[IdvaAllocation], shown: int = 3) -> str:
    """Earlier: Testadviser Reed 1 Jan 2025–3 Feb 2025; ... for the latest ``shown`` IDVAs
    that have stopped, latest first ("" when none has). ``allocations`` are oldest first."""
    latest = [a for a in reversed(allocations) if a.ended_on is not None]
    if not latest:
        return ""
    parts = [
        f"{a.name} {day_text(a.allocated_on)}\u2013{day_text(a.ended_on)}" for a in latest[:shown]
    ]
    more = len(latest) - shown
    return "Earlier: " + "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def dob_cell(born: date | None, precision: DobPrecision) -> str:
    """A date of birth in a table cell: a year alone when only the year is known."""
    if born is not None and precision is DobPrecision.YEAR:
        return f"{born.year} (year only)"
    return day_text(born)


def dob_text(details: PersonDetails, today: date | None = None) -> str:
    born = details.date_of_birth
    if born is None:
        return NOT_KNOWN
    now = today or date.today()
    if details.dob_precision is DobPrecision.YEAR:
        return f"{born.year} (year only, about {now.year - born.year})"
    return f"{day_text(born)} (age {age_on(born, now)})"


def person_summary(details: PersonDetails) -> str:
    """The name and date of birth, as a person is told apart from others with the same name."""
    if details.date_of_birth is None:
        return f"{details.display_name}, date of birth not known"
    return f"{details.display_name}, born {dob_text(details)}"


def criteria_text(criteria: ReferralCriteria) -> str:
    met = [criterion.label for criterion in criteria.met()]
    return ", ".join(met).capitalize() if met else "None recorded"


def criterion_choice(criterion: Criterion, policy: AreaPolicy) -> str:
    """A referral criterion as a tick box offers it, with the area's figures."""
    what = {
        Criterion.VISIBLE_HIGH_RISK: f"{policy.high_threshold} or more yes answers",
        Criterion.PROFESSIONAL_JUDGEMENT: "the referrer judges the risk high",
        Criterion.POTENTIAL_ESCALATION: (
            f"{policy.escalation_incidents} or more incidents within "
            f"{policy.escalation_window_days} days"
        ),
        Criterion.REPEAT: (
            f"further abuse within {policy.repeat_window_days} days of the last MARAC referral"
        ),
    }[criterion]
    return f"{criterion.heading} ({what})"


def yes_no(value: bool | None, missing: str = NOT_KNOWN) -> str:
    if value is None:
        return missing
    return "Yes" if value else "No"


def capitalised(text: str, missing: str = NOT_KNOWN) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else missing


def aliases_text(details: PersonDetails) -> str:
    """Other names, each written the way the person's own name is (PersonDetails.display_name)."""
    names = [PersonDetails(a.family_name, a.given_names) for a in _known(details.aliases)]
    return "; ".join(name.display_name for name in names)


def _known(aliases: tuple[Alias, ...]) -> list[Alias]:
    return [a for a in aliases if a.family_name.strip() or a.given_names.strip()]
