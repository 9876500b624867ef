"""Which cases were discussed on which day, for the performance reports (pure rules, no database).

**Cases discussed**: every case marked heard at a held meeting (one the coordinator has closed),
once per meeting; a meeting still planned counts nothing. Plus, for days on which no meeting is
recorded (held or planned), every case with a referral marked heard with that meeting day
(data entered or imported without meeting records), once per case and day. A discussion's
**referral** is the one heard that day, else the latest referral received by that day; its
**referring agency** is that referral's, and it is a **repeat** when any referral heard that
day has the repeat criterion ticked, or when the case was discussed before within the area's
repeat window (the stored policy's ``repeat_window_days``, its last day counted). The **wait**
is the days from that referral to the day.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    id: int
    day: date
    agency: str
    repeat: bool
    heard: bool
    meeting_day: date | None


@dataclass(frozen=True, slots=True)
class Discussion:
    day: date
    meeting_id: int | None
    agency: str
    repeat: bool
    wait: int | None


def _referral_for(day: date, referrals: Sequence[ReferralFacts]) -> ReferralFacts | None:
    received = [r for r in referrals if r.day <= day]
    if not received:
        return None
    return min(received, key=lambda r: (r.meeting_day != day, -r.day.toordinal(), -r.id))


def discussions(
    hearings: Iterable[tuple[int, date]],
    referrals: Sequence[ReferralFacts],
    meeting_days: Container[date],
    held: Container[int],
    repeat_window_days: int,
) -> list[Discussion]:
    """One case's discussions: ``hearings`` are (meeting id, meeting day) where it was heard;
    ``meeting_days`` every day with a meeting recorded, for any case; ``held`` the ids of the
    meetings held; ``repeat_window_days`` the area's repeat window."""
    found = []
    for meeting_id, day in hearings:
        if meeting_id not in held:
            continue
        chosen = _referral_for(day, referrals)
        repeat = any(r.repeat and r.meeting_day == day for r in referrals)
        wait = None if chosen is None else (day - chosen.day).days
        found.append(Discussion(day, meeting_id, chosen.agency if chosen else "", repeat, wait))
    seen: set[date] = set()
    for r in sorted(referrals, key=lambda r: r.id):
        heard_on = r.meeting_day
        if not r.heard or heard_on is None or heard_on in seen or heard_on in meeting_days:
            continue
        seen.add(heard_on)
        found.append(Discussion(heard_on, None, r.agency, r.repeat, (heard_on - r.day).days))
    return [
        replace(x, repeat=True)
        if not x.repeat and _discussed_before(x.day, found, repeat_window_days)
        else x
        for x in found
    ]


def _discussed_before(day: date, found: Iterable[Discussion], window_days: int) -> bool:
    return any(0 < (day - earlier.day).days <= window_days for earlier in found)
