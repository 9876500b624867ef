"""Pure rules of the MARAC data return: who counts as what, rates, and small-number suppression.

Nothing here sees a database: storage counts with SQL, this module defines the categories and
turns counts into rates and into cells that are safe to export.
"""

from __future__ import annotations

import bisect
from collections import defaultdict, deque
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from marac_desktop.domain.cases import age_on as age_on
from marac_desktop.risk.perpetrator_figures import PerpetratorFigures

K = TypeVar("K", bound=Hashable)

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
"""A count of at least the threshold, hidden only so that a small count cannot be worked out.
(A zero hidden for the same reason is shown as "<5": it is fewer than 5.)"""

SEARCH_STEPS = 30
"""How many changes a quick search for another table may try; a long search (``LONG_SEARCH``
times as many) follows before more cells are hidden."""
LONG_SEARCH = 10
LONG_STEPS_PER_CELL = 40
"""All the long searches of one report together may take this many changes per cell hidden at
the start; after that every cell gets quick searches only (and a neighbour hidden when they
fail), so a report with many small counts is protected in bounded time by hiding a little more."""
SEARCH_DEPTHS = (8, 16, 40)
"""Most changes a second table may make, tried in turn."""
BRANCHES = 6
SHORT = 40
"""Equations with at most this many candidate cells have every cell ranked."""


def suppressed_label(threshold: int) -> str:
    """What a count from 1 to ``threshold`` - 1 is printed as, in every table and chart."""
    return f"<{threshold}"


def protect(
    values: Mapping[K, int], equations: Sequence[Mapping[K, int]], threshold: int
) -> dict[K, str]:
    """The cells to hide, each with its label ("<5" or "*"); the others are published as counts.

    Each equation maps cells to coefficients: the sum of ``coefficient * value`` is zero, or a
    figure printed elsewhere when only the parts are listed.

    Counts from 1 to threshold - 1 are hidden as "<5". A reader who knows every published
    cell, that "<5" is 0 to 4 and "*" is 5 or more, and every equation, must not be able to work
    out any hidden cell: for each one this finds a second table, differing in that cell, that
    agrees with all of it (a certificate that the cell has at least two possible values). Where
    no second table changes hidden cells only, it looks for one that also changes published
    cells, and hides those (a zero as "<5", a larger count as "*"); where the search finds none
    in time, it hides a neighbouring cell and tries again. The protection is checked, not
    assumed.
    """
    return _Protector(values, equations, threshold).run()


class _Protector(Generic[K]):
    def __init__(
        self, values: Mapping[K, int], equations: Sequence[Mapping[K, int]], threshold: int
    ) -> None:
        self.values = values
        self.threshold = threshold
        self.equations = [{c: n for c, n in e.items() if n} for e in equations]
        self.of: dict[K, list[tuple[int, int]]] = defaultdict(list)
        for number, equation in enumerate(self.equations):
            for cell, coefficient in equation.items():
                self.of[cell].append((number, coefficient))
        self.hidden: dict[K, str] = {}
        self.hidden_in: list[list[K]] = [[] for _ in self.equations]
        self.hidden_at: list[dict[K, int]] = [{} for _ in self.equations]
        """Where each hidden cell stands in ``hidden_in`` (the order options are ranked in)."""
        self.at: list[dict[K, int]] = [{c: i for i, c in enumerate(e)} for e in self.equations]
        self.fewest: list[int] = [
            min((len(self.of[c]) for c in e), default=1) for e in self.equations
        ]
        """The fewest equations any one cell of each equation is in."""
        self.shared: dict[tuple[int, int], list[K]] = {}
        for cell, value in values.items():
            if 0 < value < threshold:
                self._hide(cell)
        self.steps = 0
        self.long_steps_left = LONG_STEPS_PER_CELL * len(self.hidden)
        self.widen = False
        """While True, the search may also change published cells (which are then hidden)."""
        self.seen: dict[frozenset[tuple[K, int]], int] = {}

    def run(self) -> dict[K, str]:
        if self.threshold <= 1:
            return self.hidden
        protected: set[K] = set()
        failed: set[K] = set()
        waiting = list(self.hidden)
        while waiting:
            cell = waiting.pop()
            if cell in protected:
                continue
            # Searched at length once already, or out of time for long searches: quick only.
            if cell in failed or self.long_steps_left <= 0:
                move = self._another_table(cell, SEARCH_STEPS, widen=False) or (
                    self._another_table(cell, SEARCH_STEPS, widen=True)
                )
            else:
                move = self._another_table(cell, SEARCH_STEPS, widen=False) or self._long_search(
                    cell
                )
            if move is None:
                failed.add(cell)
                # No second table found in time: hide a neighbour and try again.
                extra = self._hide_near(cell)
                if extra is not None:
                    waiting += [extra, cell]
                continue
            for changed in move:
                if changed not in self.hidden:
                    self._hide(changed)
            protected.update(move)
        return self.hidden

    def _long_search(self, cell: K) -> dict[K, int] | None:
        for steps, widen in (
            (SEARCH_STEPS * LONG_SEARCH, False),
            (SEARCH_STEPS * LONG_SEARCH, True),
            (SEARCH_STEPS * LONG_SEARCH**2, True),
        ):
            if self.long_steps_left <= 0:
                return None
            move = self._another_table(cell, steps, widen)
            if move is not None:
                return move
        return None

    def _hide_near(self, cell: K) -> K | None:
        """Hide the published cell nearest ``cell`` through the equations (a zero first)."""
        queue = deque(number for number, _ in self.of[cell])
        seen: set[int] = set()
        while queue:
            number = queue.popleft()
            if number in seen:
                continue
            seen.add(number)
            shown = [c for c in self.equations[number] if c not in self.hidden]
            if shown:
                chosen = min(shown, key=lambda c: (self.values[c] != 0, self.values[c]))
                self._hide(chosen)
                return chosen
            for hidden in self.hidden_in[number]:
                queue.extend(n for n, _ in self.of[hidden] if n not in seen)
        return None

    def _hide(self, cell: K) -> None:
        small = self.values[cell] < self.threshold
        self.hidden[cell] = suppressed_label(self.threshold) if small else SECONDARY
        for number, _ in self.of[cell]:
            self.hidden_at[number][cell] = len(self.hidden_in[number])
            self.hidden_in[number].append(cell)

    # A "move" changes cells by whole numbers so that every equation still holds and every
    # cell stays within what its label says (or would say, once hidden).

    def _fits(self, cell: K, change: int) -> bool:
        value = self.values[cell]
        if value < self.threshold:
            return 0 <= value + change < self.threshold
        return value + change >= self.threshold

    def _another_table(self, cell: K, steps: int, widen: bool) -> dict[K, int] | None:
        """A move that changes ``cell``; when widened, the one that hides least."""
        self.widen = widen
        for depth in SEARCH_DEPTHS:  # short tables of changes first: most cells have one
            found = []
            for step in (1, -1):
                if not self._fits(cell, step):
                    continue
                self.steps = steps
                self.seen = {}
                move: dict[K, int] = {}
                imbalance: dict[int, int] = defaultdict(int)
                self._change(move, imbalance, cell, step)
                balanced = self._balance(move, imbalance, cell, depth)
                if steps > SEARCH_STEPS:
                    self.long_steps_left -= steps - self.steps
                if balanced:
                    if not widen:
                        return move
                    found.append(move)
            if found:
                return min(found, key=self._hiding_cost)
        return None

    def _hiding_cost(self, move: dict[K, int]) -> tuple[int, int]:
        """How much a move would hide: larger counts count double (they become "*")."""
        new = [c for c in move if c not in self.hidden]
        return (sum(2 if self.values[c] else 1 for c in new), len(move))

    def _change(self, move: dict[K, int], imbalance: dict[int, int], cell: K, by: int) -> None:
        move[cell] = move.get(cell, 0) + by
        if not move[cell]:
            del move[cell]
        for number, coefficient in self.of[cell]:
            imbalance[number] += coefficient * by
            if not imbalance[number]:
                del imbalance[number]

    def _options(
        self, number: int, move: dict[K, int], imbalance: dict[int, int], fixed: K
    ) -> list[tuple[tuple[int, int], K, int]]:
        """Ways to rebalance equation ``number`` by changing one cell, best first: hidden
        cells before published ones, then those that unbalance fewest other equations.

        The same list as ranking every cell of the equation, found without reading most of
        them: a cell in no other unbalanced equation unbalances exactly its other equations, so
        once enough options rank below anything such a cell could rank, the rest of a long
        equation (a column of a ten-year return) is left unread.
        """
        equation = self.equations[number]
        at = self.at[number] if self.widen else self.hidden_at[number]
        off = imbalance[number]
        cells = self.equations[number] if self.widen else self.hidden_in[number]
        if len(cells) <= SHORT:  # rank them all: quicker than working out which to skip
            every = [
                (option[0], cell, option[1])
                for cell in cells
                if (
                    option := self._option(
                        number, equation[cell], off, move, imbalance, cell, fixed
                    )
                )
            ]
            every.sort(key=lambda o: o[0])
            return every[:BRANCHES]
        special: set[K] = set()  # cells in another unbalanced equation: ranked first
        for other in imbalance:
            if other != number:
                special.update(c for c in self._shared(number, other) if c in at)
        ranked = []
        for cell in special:
            option = self._option(number, equation[cell], off, move, imbalance, cell, fixed)
            if option is not None:
                ranked.append((option[0], at[cell], cell, option[1]))
        ranked.sort(key=lambda r: (r[0], r[1]))
        del ranked[BRANCHES:]
        floor = (0, self.fewest[number] - 1)
        for position, cell in enumerate(cells):
            if len(ranked) >= BRANCHES and ranked[-1][:2] < (floor, position):
                break  # nothing left to read can rank among the first BRANCHES
            if cell in special:
                continue
            option = self._option(number, equation[cell], off, move, imbalance, cell, fixed)
            if option is not None:  # (rank, position) is unique: cells are never compared
                bisect.insort(ranked, (option[0], position, cell, option[1]))
                del ranked[BRANCHES:]
        return [(key, cell, change) for key, _, cell, change in ranked[:BRANCHES]]

    def _option(
        self,
        number: int,
        coefficient: int,
        off: int,
        move: dict[K, int],
        imbalance: dict[int, int],
        cell: K,
        fixed: K,
    ) -> tuple[tuple[int, int], int] | None:
        """How well changing ``cell`` rebalances equation ``number``, and by how much; None
        when it cannot."""
        if cell == fixed or off % coefficient:
            return None
        change = -off // coefficient
        before = move.get(cell, 0)
        if before * change < 0 or not self._fits(cell, before + change):
            return None  # undoing an earlier change only goes round in circles
        score = 0
        for other, c in self.of[cell]:
            if other != number:
                was = imbalance.get(other, 0)
                score += bool(was + c * change) - bool(was)
        # A zero hidden as "<5" loses the reader less than a larger count hidden as "*".
        cost = 0 if cell in self.hidden or cell in move else 2 if self.values[cell] else 1
        return (cost, score), change

    def _shared(self, a: int, b: int) -> list[K]:
        """The cells two equations have in common (kept: the equations never change)."""
        pair = (a, b) if a < b else (b, a)
        found = self.shared.get(pair)
        if found is None:
            small, large = sorted((self.equations[a], self.equations[b]), key=len)
            found = self.shared[pair] = [c for c in small if c in large]
        return found

    def _balance(self, move: dict[K, int], imbalance: dict[int, int], fixed: K, left: int) -> bool:
        """Whether more changes (at most ``left``) can rebalance every equation."""
        if not imbalance:
            return True
        if left <= 0 or self.steps <= 0:
            return False
        state = frozenset(move.items())
        if self.seen.get(state, -1) >= left:
            return False
        self.seen[state] = left
        self.steps -= 1
        cells = self.equations if self.widen else self.hidden_in
        number = min(imbalance, key=lambda n: len(cells[n]))
        options = self._options(number, move, imbalance, fixed)
        for _, cell, change in options:
            self._change(move, imbalance, cell, change)
            if self._balance(move, imbalance, fixed, left - 1):
                return True
            self._change(move, imbalance, cell, -change)
        return False


def suppression_mask(
    values: Sequence[Sequence[int]], threshold: int, groups: Sequence[Sequence[tuple[int, int]]]
) -> list[list[str | None]]:
    """For a table of counts, which cells to hide and how: ``"<5"``, ``"*"`` or None (show).

    Each group is a set of cells that add up to a figure published elsewhere.
    """
    cells = {(r, c): v for r, row in enumerate(values) for c, v in enumerate(row)}
    hidden = protect(cells, [dict.fromkeys(group, 1) for group in groups], threshold)
    return [[hidden.get((r, c)) for c in range(len(row))] for r, row in enumerate(values)]


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
class LabelGroups:
    """Which labels of a report count as police, racially minoritised or LGBT+: worked out from
    the vocabularies' traits by the service, so the export and the reader use the same groups."""

    police: frozenset[str] = frozenset()
    minoritised: frozenset[str] = frozenset()
    lgbt: frozenset[str] = frozenset()


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
    groups: LabelGroups = LabelGroups()
    perpetrators: PerpetratorFigures = PerpetratorFigures()
    """The period's perpetrators, each counted once, and interventions by outcome."""


# ----- how the published return is broken down --------------------------------------------


class ReturnUnit(StrEnum):
    """What one line of the published return counts."""

    MEETING = "meeting"
    QUARTER = "quarter"


LONGEST_QUARTER_DAYS = 92
"""A period of at most this many days is published meeting by meeting, as the quarterly data
return is sent; a longer one is published by calendar quarter."""


def return_unit(period_from: date, period_to: date) -> ReturnUnit:
    """The one rule for how a published return is broken down.

    The data return is sent quarterly, meeting by meeting; national and yearly figures are read
    as sums of quarters. Over a longer period a line per meeting holds a handful of cases, so
    almost every figure would be hidden (and hiding it safely takes minutes): the lines are
    calendar quarters instead, each holding enough cases to be shown.
    """
    days = (period_to - period_from).days + 1
    return ReturnUnit.MEETING if days <= LONGEST_QUARTER_DAYS else ReturnUnit.QUARTER


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


SUMMED_FIELDS = (
    "cases",
    "repeats",
    "children",
    "police_referrals",
    "partner_referrals",
    "minoritised",
    "lgbt",
    "disabled",
    "male",
    "aged_16_17",
    "aged_65_plus",
    "perpetrators_under_18",
    "high_risk",
    "with_idva",
)
"""The return's figures that add up across meetings (the rest are worked out from these)."""


def quarter_rows(report: PerformanceReport) -> tuple[ReturnRow, ...]:
    """The return's meeting lines summed by calendar quarter: one line for each of
    ``report.by_quarter`` (in its order, empty quarters included)."""
    inside: dict[date, list[ReturnRow]] = defaultdict(list)
    for row in report.rows:
        if row.meeting_day is not None:
            inside[quarter_start(row.meeting_day)].append(row)
    made = []
    for point in report.by_quarter:
        rows = inside.get(point.start, [])
        sums = {name: sum(getattr(r, name) for r in rows) for name in SUMMED_FIELDS}
        by_agency = tuple(
            (agency, sum(r.by_agency[i][1] for r in rows))
            for i, agency in enumerate(report.agencies)
        )
        made.append(
            ReturnRow(
                label=quarter_label(point.start),
                meeting_day=None,
                meeting_id=None,
                by_agency=by_agency,
                **sums,
            )
        )
    return tuple(made)
