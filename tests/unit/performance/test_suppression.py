"""Small-number suppression and the rate rules, on any table of counts."""

from __future__ import annotations

import random
from collections.abc import Hashable
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desktop.risk import performance as rules
from tests.unit.performance.disclosure_attack import pinned

Cell = Hashable

tables = st.integers(1, 4).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 12), min_size=width, max_size=width), min_size=1, max_size=4
    )
)


def _with_margins(values: list[list[int]]) -> tuple[dict[Cell, int], list[dict[Cell, int]]]:
    """A table with its row, column and grand totals, all published, and how they add up."""
    cells: dict[Cell, int] = {(r, c): v for r, row in enumerate(values) for c, v in enumerate(row)}
    rows, columns = range(len(values)), range(len(values[0]))
    for r in rows:
        cells[(r, "total")] = sum(values[r])
    for c in columns:
        cells[("total", c)] = sum(values[r][c] for r in rows)
    cells[("total", "total")] = sum(map(sum, values))
    equations: list[dict[Cell, int]] = []
    for r in [*rows, "total"]:
        equations.append({**{(r, c): 1 for c in columns}, (r, "total"): -1})
    for c in [*columns, "total"]:
        equations.append({**{(r, c): 1 for r in rows}, ("total", c): -1})
    return cells, equations


@settings(max_examples=60, deadline=None)
@given(tables, st.integers(2, 7))
def test_no_hidden_cell_is_pinned_unless_every_table_would_pin_it(
    values: list[list[int]], threshold: int
) -> None:
    cells, equations = _with_margins(values)
    hidden = rules.protect(cells, equations, threshold)
    published = {k: hidden.get(k, str(v)) for k, v in cells.items()}
    assert all(rules.is_safe_cell(text, threshold) for text in published.values())
    assert all(
        hidden[k] == rules.SECONDARY for k, v in cells.items() if v >= threshold and k in hidden
    )
    disclosed = set(pinned(cells, published, equations, threshold))
    # Hiding every cell is the most any suppression could do: what that still pins (such as
    # 1 + 1 = 2 under "<2") cannot be protected, and is the only thing allowed to be pinned.
    everything = {
        k: rules.suppressed_label(threshold) if v < threshold else rules.SECONDARY
        for k, v in cells.items()
    }
    assert disclosed <= set(pinned(cells, everything, equations, threshold))


@settings(max_examples=40, deadline=None)
@given(tables, st.integers(2, 7))
def test_out_of_time_for_long_searches_nothing_more_is_pinned(
    values: list[list[int]], threshold: int
) -> None:
    """With no budget for long searches (what a report with many small counts reaches), quick
    searches and hiding neighbours protect as well: only what hiding everything pins."""
    cells, equations = _with_margins(values)
    protector = rules._Protector(cells, equations, threshold)
    protector.long_steps_left = 0
    hidden = protector.run()
    published = {k: hidden.get(k, str(v)) for k, v in cells.items()}
    assert all(rules.is_safe_cell(text, threshold) for text in published.values())
    everything = {
        k: rules.suppressed_label(threshold) if v < threshold else rules.SECONDARY
        for k, v in cells.items()
    }
    disclosed = set(pinned(cells, published, equations, threshold))
    assert disclosed <= set(pinned(cells, everything, equations, threshold))


def test_secondary_suppression_in_one_breakdown() -> None:
    # 3 alone under a published total of 32 would be 32 - 20 - 9: the zero is hidden with it.
    assert rules.suppress_column([20, 3, 9, 0], 5) == ["20", "<5", "9", "<5"]
    # Two 4s under a total of 28 are both at the top of "<5": 20 is hidden too.
    assert rules.suppress_column([20, 4, 4], 5) == ["*", "<5", "<5"]
    assert rules.suppress_column([20, 3, 2], 5) == ["20", "<5", "<5"]
    assert rules.suppress_column([4], 1) == ["4"]


def test_categories_and_rates() -> None:
    assert rules.age_band(17) == "16-17" and rules.age_band(65) == "65 and over"
    assert rules.age_band(None) == rules.NOT_RECORDED
    assert rules.percent(1, 3) == 33.3 and rules.percent(1, 0) is None
    assert rules.per_10k_a_year(100, 365, 25_000) == 40.0
    assert rules.median_from_histogram({8: 1, 10: 2, 13: 2, 23: 1}) == 11.5
    assert rules.median_from_histogram({5: 3}) == 5.0
    assert rules.median_from_histogram({}) is None


def test_long_equations_rank_options_as_ranking_every_cell_would() -> None:
    """Options in a long equation are ranked without reading every cell: at every step of the
    search the shortcut offers the same options, in the same order, as ranking every cell.
    Pairs of rows are also grouped in the first column, so cells differ in how many equations
    they are in, and one long equation runs across two columns."""
    rank = rules._Protector._options
    compared: list[bool] = []

    def both(self, number, move, imbalance, fixed):  # type: ignore[no-untyped-def]
        rules.SHORT = 10**9
        every = rank(self, number, move, imbalance, fixed)
        rules.SHORT = 0
        compared.append(rank(self, number, move, imbalance, fixed) == every)
        return every

    original = rules.SHORT
    rules._Protector._options = both  # type: ignore[method-assign]
    try:
        rng = random.Random(3)
        for _ in range(200):
            width = rng.randint(2, 4)
            values = [
                [rng.choice((0, 1, 2, 3, 5, 8, 9)) for _ in range(width)]
                for _ in range(rng.randint(2, 30))
            ]
            cells, equations = _with_margins(values)
            for r in range(0, len(values) - 1, 2):
                cells[("pair", r)] = values[r][0] + values[r + 1][0]
                equations.append({(r, 0): 1, (r + 1, 0): 1, ("pair", r): -1})
            # A long equation across two columns: shares cells with both.
            across = [(r, r % 2) for r in range(len(values))]
            cells["across"] = sum(values[r][c] for r, c in across)
            equations.append({**dict.fromkeys(across, 1), "across": -1})
            rules.protect(cells, equations, rng.randint(2, 7))
    finally:
        rules._Protector._options = rank  # type: ignore[method-assign]
        rules.SHORT = original
    assert len(compared) > 10_000 and all(compared)


def test_only_a_bare_count_below_the_threshold_is_unsafe_to_publish() -> None:
    """The check every export test leans on: were it to pass a 1 or a 4, a leak would too."""
    for text in ("1", "2", "4", " 3"):
        assert not rules.is_safe_cell(text, 5), text
    for text in ("0", "5", "12", "<5", "*", "", "Not recorded", "40.0"):
        assert rules.is_safe_cell(text, 5), text
    assert not rules.is_safe_cell("1", 2) and rules.is_safe_cell("2", 2)
    assert rules.is_safe_cell("1", 1)  # a threshold of 1 turns suppression off


def test_counts_from_one_to_below_the_threshold_are_hidden_and_nothing_else_on_its_own() -> None:
    values = {"one": 1, "four": 4, "five": 5, "nine": 9, "zero": 0}
    assert rules.protect(values, [], 5) == {"one": "<5", "four": "<5"}
    assert rules.protect(values, [], 2) == {"one": "<2"}
    assert rules.protect(values, [], 1) == {}


def test_a_count_at_the_threshold_hidden_to_protect_others_is_shown_as_a_star() -> None:
    # 13 - 5 = 8 would pin two "<5" cells at 4 each: the 5 is hidden too, as "*" (5 or more).
    assert rules.suppress_column([5, 4, 4], 5) == ["*", "<5", "<5"]
    assert rules.suppress_column([6, 4, 4], 7) == ["<7", "<7", "<7"]


def test_with_no_second_table_the_nearest_published_cell_is_hidden_a_zero_first() -> None:
    """Cell names sort against their values, so only the rule picks the order."""
    values = {"a": 2, "w": 9, "x": 7, "y": 0, "v": 18}
    protector = rules._Protector(values, [{"a": 1, "w": 1, "x": 1, "y": 1, "v": -1}], 5)
    assert protector.hidden == {"a": "<5"}
    chosen = [protector._hide_near("a") for _ in range(5)]
    assert chosen == ["y", "x", "w", "v", None]  # the zero, then the smallest counts first
    assert protector.hidden == {"a": "<5", "y": "<5", "x": "*", "w": "*", "v": "*"}


def test_the_nearest_published_cell_is_found_through_equations_already_all_hidden() -> None:
    # a's own equations hold hidden cells only; b leads on to one with a count still shown.
    values = {"a": 2, "b": 3, "d": 1, "c": 8, "t": 11}
    equations = [{"a": 1, "b": 1}, {"a": 1, "d": 1}, {"b": 1, "c": 1, "t": -1}]
    protector = rules._Protector(values, equations, 5)
    assert protector._hide_near("a") == "c"
    assert protector.hidden["c"] == rules.SECONDARY
    assert protector._hide_near("a") == "t"
    assert protector._hide_near("a") is None


def test_every_age_band_starts_and_ends_where_its_label_says() -> None:
    edges = {
        0: "Under 16", 15: "Under 16", 16: "16-17", 17: "16-17", 18: "18-24", 24: "18-24",
        25: "25-34", 34: "25-34", 35: "35-44", 44: "35-44", 45: "45-54", 54: "45-54",
        55: "55-64", 64: "55-64", 65: "65 and over", 200: "65 and over",
    }  # fmt: skip
    assert {age: rules.age_band(age) for age in edges} == edges
    assert rules.age_band(-1) == rules.age_band(201) == rules.NOT_RECORDED


def test_rates_are_rounded_to_one_place_and_none_without_a_base() -> None:
    assert rules.percent(1, 1) == 100.0 and rules.percent(0, 5) == 0.0
    assert rules.percent(2, 3) == 66.7 and rules.percent(1, 8) == 12.5
    assert rules.percent(3, -1) is None
    assert rules.per_10k_a_year(1, 1, 10_000) == 365.0  # one day scaled to a year
    assert rules.per_10k_a_year(1_000, 365, 1_000) == 10_000.0
    assert rules.per_10k_a_year(1, 365, 1) == 10_000.0
    assert rules.per_10k_a_year(1, 3, 100_000) == 12.2
    assert rules.per_10k_a_year(5, 0, 100) is None
    assert rules.per_10k_a_year(5, 30, 0) is None


def test_the_median_is_the_middle_value_or_the_mean_of_the_middle_two() -> None:
    assert rules.median_from_histogram({7: 1}) == 7.0
    assert rules.median_from_histogram({1: 1, 2: 1, 3: 1}) == 2.0
    assert rules.median_from_histogram({1: 1, 2: 1, 3: 1, 4: 1}) == 2.5
    assert rules.median_from_histogram({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}) == 3.0
    assert rules.median_from_histogram({2: 1, 9: 1}) == 5.5
    assert rules.median_from_histogram({3: 0, 4: 2}) == 4.0


def test_each_month_falls_in_its_calendar_quarter() -> None:
    for month in range(1, 13):
        start = rules.quarter_start(date(2026, month, 17))
        assert start == date(2026, 3 * ((month - 1) // 3) + 1, 1)
        assert rules.quarter_label(start) == f"2026 Q{(month + 2) // 3}"
    assert rules.quarter_label(date(2025, 10, 1)) == "2025 Q4"
