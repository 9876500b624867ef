"""The counts kept per meeting for the performance reports, and one discussion's share of them.

Each meeting (or meeting day known only from referrals) keeps sums (cases, repeats, children,
...) and, per dimension, cases by value (referring agency, ethnicity, gender, sexuality,
disability, age band, days waited). A discussion is added when it is worked out and taken away
when its case changes, so a report over any period only adds up per-meeting counts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from marac_desktop.risk.performance import age_band

COUNTING_VERSION = 5
"""Raise this when ``risk.discussions`` or this module changes what is counted: every database
then counts its cases afresh at the next report. 2: only meetings held (closed) count. 4: the
discussions are kept in columns (migration 0016). 5: each discussion's perpetrators are kept
too (migration 0023)."""

SUMS = (
    "cases",
    "repeats",
    "children",
    "disabled",
    "aged_16_17",
    "aged_65_plus",
    "young_perpetrators",
    "high_risk",
    "with_idva",
    "waits",
    "wait_total",
)
DIMENSIONS = ("agency", "ethnicity", "gender", "sexuality", "disability", "age_band", "wait")
DISABILITY_VALUES = {True: "yes", False: "no", None: ""}

Counts = dict[str, Any]
"""{"sums": {name: n}, "values": {dimension: {value: n}}} for one meeting."""


@dataclass(frozen=True, slots=True)
class DiscussionFacts:
    """One case discussed on one day: what the counts need to know, and no name."""

    day: date
    meeting_id: int | None
    agency: str
    repeat: bool
    wait: int | None
    victim_age: int | None
    children: int
    young_perpetrators: int
    high_risk: bool
    with_idva: bool
    ethnicity: str
    gender: str
    sexuality: str
    disability: bool | None

    def to_json(self) -> list[Any]:
        return [self.day.isoformat(), *(getattr(self, name) for name in _AFTER_DAY)]

    @classmethod
    def from_json(cls, data: list[Any]) -> DiscussionFacts:
        return cls(date.fromisoformat(data[0]), *data[1:])


_AFTER_DAY = [f.name for f in fields(DiscussionFacts)][1:]


def empty_counts() -> Counts:
    return {"sums": dict.fromkeys(SUMS, 0), "values": {d: {} for d in DIMENSIONS}}


def add(counts: Counts, fact: DiscussionFacts, sign: int = 1) -> None:
    """Add the discussion to a meeting's counts (``sign=-1`` takes it away again)."""
    age = fact.victim_age
    shares = {
        "cases": 1,
        "repeats": fact.repeat,
        "children": fact.children,
        "disabled": fact.disability is True,
        "aged_16_17": age is not None and 16 <= age <= 17,
        "aged_65_plus": age is not None and age >= 65,
        "young_perpetrators": fact.young_perpetrators,
        "high_risk": fact.high_risk,
        "with_idva": fact.with_idva,
        "waits": fact.wait is not None,
        "wait_total": fact.wait or 0,
    }
    sums = counts["sums"]
    for name, share in shares.items():
        sums[name] += sign * int(share)
    values = {
        "agency": fact.agency,
        "ethnicity": fact.ethnicity,
        "gender": fact.gender,
        "sexuality": fact.sexuality,
        "disability": DISABILITY_VALUES[fact.disability],
        "age_band": age_band(age),
    }
    if fact.wait is not None:
        values["wait"] = str(fact.wait)
    for dimension, value in values.items():
        bucket: dict[str, int] = counts["values"][dimension]
        n = bucket.get(value, 0) + sign
        if n:
            bucket[value] = n
        else:
            del bucket[value]


def add_counts(counts: Counts, share: Counts, sign: int = 1) -> None:
    """Add one meeting's ``share`` of counts to its ``counts`` (``sign=-1`` takes it away)."""
    sums = counts["sums"]
    for name, n in share["sums"].items():
        sums[name] += sign * n
    for dimension, counted in share["values"].items():
        bucket: dict[str, int] = counts["values"][dimension]
        for value, n in counted.items():
            total = bucket.get(value, 0) + sign * n
            if total:
                bucket[value] = total
            else:
                del bucket[value]
