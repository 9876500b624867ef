"""The keys kept in the database find whatever comparing with every record would propose."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest

from marac_desktop.matching import (
    PROPOSE_THRESHOLD,
    SHOW_THRESHOLD,
    PersonQuery,
    PersonRecord,
    rank_candidates,
    score_record,
)
from marac_desktop.matching.keys import query_keys, record_keys
from marac_desktop.matching.ranking import profile_of
from tests.unit.matching.labelled_pairs import load_pairs
from tests.unit.matching.synthetic_people import PeopleGenerator
from tests.unit.matching.test_matching_index import _slip


def _search(register: list[PersonRecord], query: PersonQuery, limit: int) -> list[object]:
    filed: defaultdict[str, set[int]] = defaultdict(set)
    for position, record in enumerate(register):
        for key in record_keys(profile_of(record)):
            filed[key].add(position)
    found = set().union(*(filed.get(key, set()) for key in query_keys(profile_of(query))))
    shortlist = [register[position] for position in sorted(found)]
    return list(rank_candidates(query, shortlist, limit=limit, threshold=PROPOSE_THRESHOLD))


def test_every_labelled_pair_that_would_be_shown_shares_a_key() -> None:
    for pair in load_pairs():
        if score_record(pair.query, pair.record).score >= SHOW_THRESHOLD:
            shared = query_keys(profile_of(pair.query)) & record_keys(profile_of(pair.record))
            assert shared, pair


@pytest.fixture(scope="module")
def register() -> list[PersonRecord]:
    return list(PeopleGenerator(seed=11).people(2500))


def test_keys_find_what_comparing_with_everyone_proposes(register: list[PersonRecord]) -> None:
    rng = random.Random(3)
    for record in rng.sample(register, 100):
        query = _slip(rng, record)
        slow = rank_candidates(query, register, limit=5, threshold=PROPOSE_THRESHOLD)
        assert _search(register, query, 5) == slow, query


@pytest.mark.parametrize(
    ("query", "record"),
    [
        (PersonQuery("Nowak", "Ewa", date(1975, 3, 12)), date(1985, 3, 12)),  # decade digit
        (PersonQuery("Nowak", "Ewa", date(1985, 3, 12)), date(1986, 3, 12)),  # a year apart
        (PersonQuery("Nowak", "Ewa", date(1980, 12, 3)), date(1981, 2, 3)),  # 1 and 2 swapped
        (PersonQuery("Nowak", "Ewa", date(1990, 1, 1)), date(1989, 12, 31)),  # a day, a year
        (PersonQuery("Nowak", "Ewa", date(1985, 12, 3)), date(1985, 3, 12)),  # day and month
    ],
)
def test_a_slip_in_the_date_still_shares_a_key(query: PersonQuery, record: date) -> None:
    filed = PersonRecord(1, "Nowak", "Ewa", record)
    assert query_keys(profile_of(query)) & record_keys(profile_of(filed))


def test_a_search_with_a_date_does_not_ask_for_every_namesake() -> None:
    """Dated records are found by name pairs only when the search has no date."""
    dated = record_keys(profile_of(PersonRecord(1, "Smith", "Sarah", date(1960, 6, 1))))
    assert not query_keys(profile_of(PersonQuery("Smith", "Sarah", date(1990, 2, 3)))) & dated
    assert query_keys(profile_of(PersonQuery("Smith", "Sarah"))) & dated
