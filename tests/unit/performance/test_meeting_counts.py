"""A discussion's share of a meeting's counts: added, and taken away again exactly."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.risk.report_counts import DiscussionFacts, add, empty_counts

DAY = date(2026, 3, 12)


def _fact(**changes: object) -> DiscussionFacts:
    base: dict[str, object] = {
        "day": DAY,
        "meeting_id": 4,
        "agency": "Police",
        "repeat": False,
        "wait": 9,
        "victim_age": 16,
        "children": 2,
        "young_perpetrators": 1,
        "high_risk": True,
        "with_idva": False,
        "ethnicity": "Pakistani",
        "gender": "female",
        "sexuality": "",
        "disability": None,
    }
    return DiscussionFacts(**(base | changes))  # type: ignore[arg-type]


def test_one_discussion_counts_in_every_sum_and_dimension() -> None:
    counts = empty_counts()
    add(counts, _fact())
    s = counts["sums"]
    assert (s["cases"], s["children"], s["aged_16_17"]) == (1, 2, 1)
    assert counts["values"]["ethnicity"] == {"Pakistani": 1}
    assert (s["high_risk"], s["with_idva"], s["waits"], s["wait_total"]) == (1, 0, 1, 9)
    assert counts["values"]["age_band"] == {"16-17": 1}
    assert counts["values"]["disability"] == {"": 1}
    assert counts["values"]["wait"] == {"9": 1}


def test_no_wait_is_left_out_of_the_waits() -> None:
    counts = empty_counts()
    add(counts, _fact(wait=None))
    assert counts["sums"]["waits"] == 0 and counts["values"]["wait"] == {}


facts = st.builds(
    _fact,
    agency=st.sampled_from(["Police", "Housing", ""]),
    repeat=st.booleans(),
    wait=st.none() | st.integers(0, 400),
    victim_age=st.none() | st.integers(10, 95),
    ethnicity=st.sampled_from(["", "White British", "Black African", "Irish"]),
    gender=st.sampled_from(["female", "male", ""]),
    sexuality=st.sampled_from(["", "heterosexual", "gay"]),
    disability=st.sampled_from([True, False, None]),
    with_idva=st.booleans(),
)


@given(st.lists(facts, max_size=12), st.lists(facts, max_size=12))
def test_taking_away_what_was_added_leaves_the_rest(
    kept: list[DiscussionFacts], gone: list[DiscussionFacts]
) -> None:
    expected = empty_counts()
    for f in kept:
        add(expected, f)
    counts = empty_counts()
    for f in gone + kept:
        add(counts, f)
    for f in gone:
        add(counts, f, -1)
    assert counts == expected


def test_facts_survive_the_json_round_trip() -> None:
    fact = _fact(disability=True, wait=None)
    assert DiscussionFacts.from_json(fact.to_json()) == fact


def _sums(**changes: object) -> dict[str, int]:
    counts = empty_counts()
    add(counts, _fact(**changes))
    return dict(counts["sums"])


def test_no_wait_adds_nothing_to_the_total_wait() -> None:
    assert _sums(wait=None)["wait_total"] == 0
    assert _sums(wait=0)["waits"] == 1


def test_only_a_recorded_disability_counts_as_disabled() -> None:
    assert [_sums(disability=d)["disabled"] for d in (True, False, None)] == [1, 0, 0]


@pytest.mark.parametrize(
    ("age", "aged_16_17", "aged_65_plus"),
    [(15, 0, 0), (16, 1, 0), (17, 1, 0), (18, 0, 0), (64, 0, 0), (65, 0, 1), (90, 0, 1)],
)
def test_the_age_groups_at_their_edges(age: int, aged_16_17: int, aged_65_plus: int) -> None:
    sums = _sums(victim_age=age)
    assert (sums["aged_16_17"], sums["aged_65_plus"]) == (aged_16_17, aged_65_plus)
