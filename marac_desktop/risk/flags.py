"""Case flags with their evidence: repeat, escalation, serial perpetrator, 12-month notice.

Pure rules over dates. Every window counts its last day: an incident 365 days after the anchor
is inside a 365-day window, one 366 days after is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from marac_desktop.risk.policy import AreaPolicy


class FlagKind(StrEnum):
    REPEAT = "repeat"
    ESCALATION = "potential_escalation"
    SERIAL_PERPETRATOR = "serial_perpetrator"
    TWELVE_MONTH_NOTICE = "twelve_month_notice"

    @property
    def notice(self) -> bool:
        """Whether it only tells people something (acknowledged, not confirmed or dismissed)."""
        return self is FlagKind.TWELVE_MONTH_NOTICE


NOTICE_KINDS = frozenset(kind.value for kind in FlagKind if kind.notice)
"""Stored kinds that only tell (12-month notices), kept apart from the flags to review."""


def is_notice(kind: str) -> bool:
    return kind in NOTICE_KINDS


class RepeatAnchor(StrEnum):
    REFERRAL = "referral"
    MEETING = "meeting"


class RepeatDefinition(StrEnum):
    ANY_ABUSE = "any_abuse"
    """SafeLives' current definition: any further instance of abuse."""
    CRIMINAL = "criminal"
    """The older definition: behaviour that would be criminal if reported."""


@dataclass(frozen=True, slots=True)
class FlagRules:
    """How flags are raised: the area policy's windows and counts, and the flag-only rules.

    The policy has no default, so no caller can raise flags under built-in windows by mistake.
    """

    policy: AreaPolicy
    repeat_anchor: RepeatAnchor = RepeatAnchor.REFERRAL
    repeat_definition: RepeatDefinition = RepeatDefinition.ANY_ABUSE
    serial_victims: int = 2
    notice_days: int = 365
    notice_grace_days: int = 60
    """How long after the anniversary a 12-month notice is still raised (older cases are not)."""

    @property
    def repeat_window_days(self) -> int:
        return self.policy.repeat_window_days

    @property
    def escalation_incidents(self) -> int:
        return self.policy.escalation_incidents

    @property
    def escalation_window_days(self) -> int:
        return self.policy.escalation_window_days

    @property
    def serial_window_days(self) -> int:
        return self.policy.serial_window_days


@dataclass(frozen=True, slots=True)
class IncidentFact:
    day: date
    criminal: bool = True


@dataclass(frozen=True, slots=True)
class ReferralFact:
    day: date
    meeting_day: date | None = None


@dataclass(frozen=True, slots=True)
class PerpetratorCase:
    """One case where a person is recorded as causing harm: its victim and its latest date."""

    case_id: int
    reference: str
    victim_id: int
    day: date


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    raised_on: date
    evidence: str
    """One sentence with the dates and figures that raised the flag."""


def _days(count: int) -> str:
    return f"{count} day" + ("" if count == 1 else "s")


def _anchor(referral: ReferralFact, rules: FlagRules) -> date | None:
    return referral.meeting_day if rules.repeat_anchor is RepeatAnchor.MEETING else referral.day


def repeat_flag(
    incidents: Iterable[IncidentFact], referrals: Sequence[ReferralFact], rules: FlagRules
) -> Flag | None:
    """The first incident within the window after the latest earlier MARAC referral (or meeting)."""
    anchors = sorted(a for a in (_anchor(r, rules) for r in referrals) if a is not None)
    counted = (
        i
        for i in sorted(incidents, key=lambda i: i.day)
        if i.criminal or rules.repeat_definition is RepeatDefinition.ANY_ABUSE
    )
    for incident in counted:
        earlier = [a for a in anchors if a < incident.day]
        if not earlier:
            continue
        gap = (incident.day - earlier[-1]).days
        if gap <= rules.repeat_window_days:
            what = "meeting" if rules.repeat_anchor is RepeatAnchor.MEETING else "referral"
            return Flag(
                FlagKind.REPEAT,
                incident.day,
                f"An incident on {incident.day.isoformat()} came {_days(gap)} after the last MARAC "
                f"{what} ({earlier[-1].isoformat()}), within the {rules.repeat_window_days}-day "
                "repeat window.",
            )
    return None


def escalation_flag(
    incidents: Iterable[IncidentFact], today: date, rules: FlagRules
) -> Flag | None:
    """Enough incidents in the window ending today."""
    start = today - timedelta(days=rules.escalation_window_days)
    inside = sorted(i.day for i in incidents if start <= i.day <= today)
    if len(inside) < rules.escalation_incidents:
        return None
    return Flag(
        FlagKind.ESCALATION,
        inside[-1],
        f"{len(inside)} incidents between {inside[0].isoformat()} and {inside[-1].isoformat()}, "
        f"within {rules.escalation_window_days} days; {rules.escalation_incidents} or more is "
        "potential escalation.",
    )


def serial_perpetrator_flag(
    cases: Iterable[PerpetratorCase], today: date, rules: FlagRules
) -> Flag | None:
    """One person recorded as perpetrator against enough different victims within the window.

    ``cases`` holds every case of one perpetrator; the evidence names the cases counted.
    """
    start = today - timedelta(days=rules.serial_window_days)
    inside = sorted(
        (c for c in cases if start <= c.day <= today), key=lambda c: (c.day, c.reference)
    )
    victims = {c.victim_id for c in inside}
    if len(victims) < rules.serial_victims:
        return None
    years = rules.serial_window_days / 365
    latest = inside[-1].day
    named = [f"{c.reference} ({c.day.isoformat()})" for c in inside]
    listed = ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else named[0]
    return Flag(
        FlagKind.SERIAL_PERPETRATOR,
        latest,
        f"Recorded as the person causing harm to {len(victims)} different victims within "
        f"{years:g} years (latest {latest.isoformat()}), in cases {listed}.",
    )


def twelve_month_notice(last_marac: date | None, today: date, rules: FlagRules) -> Flag | None:
    """A case whose last MARAC was at least ``notice_days`` ago: tell partners it has lapsed."""
    if last_marac is None:
        return None
    elapsed = (today - last_marac).days
    if not rules.notice_days <= elapsed <= rules.notice_days + rules.notice_grace_days:
        return None
    return Flag(
        FlagKind.TWELVE_MONTH_NOTICE,
        last_marac + timedelta(days=rules.notice_days),
        f"The last MARAC for this case was {_days(elapsed)} ago ({last_marac.isoformat()}); "
        "a new incident now is a new referral, not a repeat.",
    )
