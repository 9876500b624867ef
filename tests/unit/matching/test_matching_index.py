"""The blocking index finds what comparing with every record would find."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from marac_desktop.domain.people import DobPrecision
from marac_desktop.matching import PROPOSE_THRESHOLD, PersonQuery, PersonRecord, rank_candidates
from marac_desktop.matching.index import MatchIndex
from tests.unit.matching.labelled_pairs import load_pairs
from tests.unit.matching.synthetic_people import PeopleGenerator


def _slip(rng: random.Random, record: PersonRecord) -> PersonQuery:
    """The record as someone else might have written it down."""
    query = PersonQuery(
        record.family_name, record.given_names, record.date_of_birth, record.dob_precision
    )
    kind = rng.randrange(6)
    if kind == 0:
        return replace(query, family_name=record.given_names, given_names=record.family_name)
    if kind == 1 and len(record.family_name) > 3:
        name = record.family_name
        return replace(query, family_name=name[:2] + name[3] + name[2] + name[4:])
    if kind == 2 and record.date_of_birth and record.dob_precision is DobPrecision.DAY:
        born = record.date_of_birth
        if born.day <= 12:
            return replace(query, date_of_birth=born.replace(month=born.day, day=born.month))
    if kind == 3 and record.date_of_birth:
        return replace(
            query,
            date_of_birth=date(record.date_of_birth.year, 1, 1),
            dob_precision=DobPrecision.YEAR,
        )
    if kind == 4:
        return replace(query, given_names=record.given_names.split()[0].upper())
    return query


@pytest.fixture(scope="module")
def register() -> list[PersonRecord]:
    return list(PeopleGenerator(seed=11).people(2500))


def test_search_equals_comparing_with_everyone(register: list[PersonRecord]) -> None:
    index = MatchIndex(register)
    assert len(index) == len(register)
    rng = random.Random(3)
    sample = rng.sample(register, 100)
    found = 0
    for record in sample:
        query = _slip(rng, record)
        fast = index.search(query, limit=5, threshold=PROPOSE_THRESHOLD)
        slow = rank_candidates(query, register, limit=5, threshold=PROPOSE_THRESHOLD)
        assert fast == slow, query
        found += record.id in {candidate.record_id for candidate in fast}
    assert found >= 0.85 * len(sample)


def test_index_finds_every_proposal_among_the_labelled_pairs() -> None:
    pairs = load_pairs()
    records = [pair.record for pair in pairs]
    index = MatchIndex(records)
    for pair in pairs:
        slow = rank_candidates(pair.query, records, limit=50, threshold=PROPOSE_THRESHOLD)
        fast = index.search(pair.query, limit=50, threshold=PROPOSE_THRESHOLD)
        assert fast == slow, pair


def test_search_scores_only_a_few_records(register: list[PersonRecord]) -> None:
    index = MatchIndex(register)
    query = PersonQuery("Nowak", "Katarzyna", date(1987, 9, 3))
    assert index.candidate_count(query) < len(register) / 10


def test_records_can_be_added_later() -> None:
    index = MatchIndex()
    index.add(PersonRecord("p-1", "Wójcik", "Łukasz", date(1986, 7, 7)))
    found = index.search(PersonQuery("Wojcik", "Lukasz", date(1986, 7, 7)))
    assert [candidate.record_id for candidate in found] == ["p-1"]
