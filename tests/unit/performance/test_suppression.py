"""Small-number suppression and the rate rules, on any table of counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.risk import performance as rules

tables = st.integers(1, 6).flatmap(
    lambda width: st.lists(st.lists(st.integers(0, 40), min_size=width, max_size=width), max_size=8)
)


@given(tables, st.integers(1, 10))
def test_no_small_count_is_shown_and_no_group_hides_just_one(
    values: list[list[int]], threshold: int
) -> None:
    width = len(values[0]) if values else 0
    groups = [[(r, c) for r in range(len(values))] for c in range(width)]
    groups += [[(r, c) for c in range(width)] for r in range(len(values))]
    mask = rules.suppression_mask(values, threshold, groups)
    for row, hidden in zip(values, mask, strict=True):
        for value, how in zip(row, hidden, strict=True):
            shown = str(value) if how is None else how
            assert rules.is_safe_cell(shown, threshold)
    for group in groups:
        hidden = [cell for cell in group if mask[cell[0]][cell[1]] is not None]
        nonzero_shown = [c for c in group if mask[c[0]][c[1]] is None and values[c[0]][c[1]] > 0]
        assert len(hidden) != 1 or not nonzero_shown


def test_secondary_suppression_in_one_breakdown() -> None:
    assert rules.suppress_column([20, 3, 9, 0], 5) == ["20", "<5", "*", "0"]
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
