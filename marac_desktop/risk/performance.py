"""Pure rules of the MARAC data return: who counts as what, rates, and small-number suppression.

Nothing here sees a database: storage counts with SQL, this module defines the categories and
turns counts into rates and into cells that are safe to export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from marac_desktop.domain.cases import age_on as age_on

RECOMMENDED_PER_10K = 40
"""SafeLives recommended volume: 40 cases per 10,000 adult women a year."""

NOT_RECORDED = "Not recorded"

AGE_BANDS = (
    (0, 15, "Under 16"),
    (16, 17, "16-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, 200, "65 and over"),
)


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_RECORDED
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return NOT_RECORDED


# ----- rates ------------------------------------------------------------------------------


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole`` to one decimal place; None when ``whole`` is 0."""
    return None if whole <= 0 else round(100.0 * part / whole, 1)


def per_10k_a_year(cases: int, days: int, adult_female_population: int) -> float | None:
    """Cases (repeats included) scaled to a 365-day year, per 10,000 adult women."""
    if days <= 0 or adult_female_population <= 0:
        return None
    return round(cases * 365.0 / days / adult_female_population * 10_000, 1)


def median_from_histogram(histogram: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many}."""
    total = sum(histogram.values())
    if total == 0:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


# ----- suppression ------------------------------------------------------------------------

SECONDARY = "*"
"""A cell hidden only so that a suppressed small count cannot be worked out from a total."""


def suppressed_label(threshold: int) -> str:
    return f"<{threshold}"


def suppression_mask(
    values: Sequence[Sequence[int]], threshold: int, groups: Sequence[Sequence[tuple[int, int]]]
) -> list[list[str | None]]:
    """For a table of counts, which cells to hide and how: ``"<5"``, ``"*"`` or None (show).

    Counts from 1 to threshold-1 are hidden. Each group is a set of cells that add up to a
    published figure; where exactly one cell of a group is hidden, the smallest other non-zero
    cell of the group is hidden too, repeated until no group has exactly one.
    """
    mask: list[list[str | None]] = [
        [suppressed_label(threshold) if 0 < v < threshold else None for v in row] for row in values
    ]
    changed = True
    while changed:
        changed = False
        for group in groups:
            hidden = [cell for cell in group if mask[cell[0]][cell[1]] is not None]
            if len(hidden) != 1:
                continue
            shown = [c for c in group if mask[c[0]][c[1]] is None and values[c[0]][c[1]] > 0]
            if shown:
                r, c = min(shown, key=lambda cell: values[cell[0]][cell[1]])
                mask[r][c] = SECONDARY
                changed = True
    return mask


def suppress_column(values: Sequence[int], threshold: int) -> list[str]:
    """One breakdown (its cells add up to a published total), as export-safe text."""
    mask = suppression_mask(
        [[v] for v in values], threshold, [[(i, 0) for i in range(len(values))]]
    )
    return [m[0] if m[0] is not None else str(v) for m, v in zip(mask, values, strict=True)]


def is_safe_cell(text: str, threshold: int) -> bool:
    """True unless ``text`` is a bare count from 1 to threshold-1 (what exports must never show)."""
    try:
        number = int(text)
    except ValueError:
        return True
    return not 0 < number < threshold


# ----- the report, as the service hands it over ------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportSettings:
    adult_female_population: int = 100_000
    """Women aged 16 and over in the area the MARAC covers."""
    suppression_threshold: int = 5
    """Exported counts from 1 to this minus 1 are shown as "<N"; 1 turns suppression off."""


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One line of the data return: one meeting, or the period's totals (``meeting_day`` None)."""

    label: str
    meeting_day: date | None
    meeting_id: int | None
    """None for totals, and for a meeting day known only from referrals marked heard."""
    cases: int
    repeats: int
    children: int
    police_referrals: int
    partner_referrals: int
    by_agency: tuple[tuple[str, int], ...]
    """Cases by referring agency, in ``PerformanceReport.agencies`` order (zeros included)."""
    minoritised: int
    lgbt: int
    disabled: int
    male: int
    aged_16_17: int
    aged_65_plus: int
    perpetrators_under_18: int
    high_risk: int
    """Cases whose victim had a completed high-risk assessment by the meeting day."""
    with_idva: int
    """Cases with an IDVA allocated by the meeting day."""


@dataclass(frozen=True, slots=True)
class Rates:
    repeat_percent: float | None
    partner_percent: float | None
    """Non-police referrals as a % of cases whose referring agency is recorded."""
    idva_percent: float | None
    """Cases with an IDVA allocated by the meeting day, as a % of cases discussed (every
    MARAC case is a high-risk case)."""
    per_10k_a_year: float | None
    recommended_per_10k: int
    expected_cases: float
    """Cases the recommended 40 per 10,000 a year would give over this period."""
    days: int


@dataclass(frozen=True, slots=True)
class TrendPoint:
    label: str
    start: date
    cases: int
    repeats: int
    repeat_percent: float | None


@dataclass(frozen=True, slots=True)
class HearingTimes:
    cases: int
    median_days: float | None
    mean_days: float | None
    max_days: int | None


@dataclass(frozen=True, slots=True)
class AgencyActions:
    agency: str
    done: int
    not_possible: int
    not_done: int
    open: int
    overdue: int
    """Open and past the due date (also counted in ``open``)."""

    @property
    def total(self) -> int:
        return self.done + self.not_possible + self.not_done + self.open


@dataclass(frozen=True, slots=True)
class Breakdown:
    title: str
    rows: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


@dataclass(frozen=True, slots=True)
class PerformanceReport:
    period_from: date
    period_to: date
    generated_on: date
    settings: ReportSettings
    agencies: tuple[str, ...]
    """Referring agencies seen in the period: police first, then A to Z, "Not recorded" last."""
    rows: tuple[ReturnRow, ...]
    totals: ReturnRow
    rates: Rates
    by_month: tuple[TrendPoint, ...]
    by_quarter: tuple[TrendPoint, ...]
    hearing: HearingTimes
    actions: tuple[AgencyActions, ...]
    breakdowns: tuple[Breakdown, ...]
    """Ethnicity, age band, disability, sexuality, gender: each adds up to the cases."""
    meetings_from_referrals: int
    """Meeting days counted from referrals marked heard because no meeting was recorded."""
    protective_marking: str = "OFFICIAL-SENSITIVE"
