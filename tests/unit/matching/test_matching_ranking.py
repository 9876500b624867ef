"""Ranked candidates with reasons in plain words; proposals, never merges."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.people import Alias, DobPrecision, Person, PersonDetails
from marac_desktop.matching import (
    NO_DOB_CAP,
    PROPOSE_THRESHOLD,
    Candidate,
    PersonQuery,
    PersonRecord,
    rank_candidates,
    score_record,
)

BORN = date(1985, 3, 12)


def _score(query: PersonQuery, record: PersonRecord) -> Candidate:
    return score_record(query, record)


@pytest.mark.parametrize(
    ("query", "record", "reason"),
    [
        (("Smith", "Elizabeth", BORN), ("Smith", "Liz", BORN), "same date of birth"),
        (
            ("Smith", "Elizabeth", BORN),
            ("Smith", "Liz", BORN),
            "given name is a known variant (Elizabeth / Liz)",
        ),
        (("Smith", "Sarah", BORN), ("Smyth", "Sarah", BORN), "surname is a known variant"),
        (("Kahn", "Imran", BORN), ("Khan", "Imran", BORN), "surname is a known variant"),
        (("Thompsen", "Amy", BORN), ("Thompson", "Amy", BORN), "surname sounds alike"),
        (
            ("Foster", "Karen", BORN),
            ("Foster", "Karen", date(1985, 12, 3)),
            "date of birth with day and month swapped",
        ),
        (
            ("Foster", "Karen", BORN),
            ("Foster", "Karen", date(1985, 3, 13)),
            "one digit different in the date of birth",
        ),
        (("Khan", "Imran", BORN), ("Imran", "Khan", BORN), "names in a different order"),
        (("Smith-Jones", "Sarah", BORN), ("Jones", "Sarah", BORN), "shares one surname"),
        (("Morgan", "J", BORN), ("Morgan", "James", BORN), "given name given only as an initial"),
        (("Khan", "Mohammed", None), ("Khan", "Mohammed", BORN), "no date of birth to compare"),
        (("Khan", "Mohammed", BORN), ("Khan", "Mohammed", BORN), "Khan is a common surname"),
        (("خان", "محمد", BORN), ("Khan", "Mohammed", BORN), "transliterated from another script"),
    ],
)
def test_reasons(
    query: tuple[str, str, date | None], record: tuple[str, str, date | None], reason: str
) -> None:
    candidate = _score(PersonQuery(*query), PersonRecord(7, *record))
    assert any(reason in given for given in candidate.reasons), candidate.reasons
    assert candidate.record_id == 7


def test_reasons_start_with_the_date_of_birth() -> None:
    candidate = _score(PersonQuery("Smyth", "Sarah", BORN), PersonRecord(1, "Smith", "Sarah", BORN))
    assert candidate.reasons[0] == "same date of birth"
    assert candidate.proposed


def test_only_the_year_known() -> None:
    record = PersonRecord(1, "Okoye", "Ifeoma", date(1985, 1, 1), DobPrecision.YEAR)
    candidate = _score(PersonQuery("Okoye", "Ifeoma", BORN), record)
    assert candidate.reasons[0] == "only the birth year matches"
    assert candidate.proposed


def test_alias_matches() -> None:
    record = PersonRecord(1, "Marriott", "Kelly", BORN, aliases=(Alias("Dawson", "Kelly"),))
    candidate = _score(PersonQuery("Dawson", "Kelly", BORN), record)
    assert "matches an alias (Kelly Dawson)" in candidate.reasons
    assert candidate.proposed


def test_alternative_date_of_birth_counts() -> None:
    record = PersonRecord(1, "Ali", "Hamza", date(1990, 1, 1), alternative_dobs=(BORN,))
    assert _score(PersonQuery("Ali", "Hamza", BORN), record).reasons[0] == "same date of birth"


def test_same_common_name_with_different_dates_is_not_proposed() -> None:
    first = PersonRecord(1, "Khan", "Mohammed", BORN)
    other = PersonQuery("Khan", "Mohammed", date(1991, 8, 30))
    candidate = _score(other, first)
    assert not candidate.proposed
    assert candidate.reasons[0] == "dates of birth differ"


def test_same_name_without_a_date_is_a_weak_candidate_only() -> None:
    candidate = _score(
        PersonQuery("Okonkwo", "Chinedu Samuel"), PersonRecord(1, "Okonkwo", "Chinedu Samuel", BORN)
    )
    assert 0 < candidate.score <= NO_DOB_CAP < PROPOSE_THRESHOLD
    assert not candidate.proposed
    assert candidate.reasons[0] == "no date of birth to compare"


def test_twins_with_different_names_are_not_proposed() -> None:
    candidate = _score(
        PersonQuery("Harris", "Emily", BORN), PersonRecord(1, "Harris", "Sophie", BORN)
    )
    assert not candidate.proposed
    assert "given names differ" in candidate.reasons


def test_rank_candidates_orders_limits_and_filters() -> None:
    records = [
        PersonRecord(1, "Smith", "Sarah", date(1990, 1, 1)),
        PersonRecord(2, "Smith", "Sarah", BORN),
        PersonRecord(3, "Smyth", "Sara", BORN),
        PersonRecord(4, "Nowak", "Piotr", BORN),
        PersonRecord(5, "Smith", "Sarah", None),
    ]
    query = PersonQuery("Smith", "Sarah", BORN)
    ranked = rank_candidates(query, records)
    assert [c.record_id for c in ranked[:2]] == [2, 3]
    assert 4 not in {c.record_id for c in ranked}
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert rank_candidates(query, records, limit=1)[0].record_id == 2
    proposed = rank_candidates(query, records, threshold=PROPOSE_THRESHOLD)
    assert {c.record_id for c in proposed} == {2, 3}
    assert all(c.proposed for c in proposed)
    assert rank_candidates(query, []) == []


def test_records_and_queries_from_domain_people() -> None:
    details = PersonDetails(
        "Hussain",
        "Aisha",
        aliases=(Alias("Begum", "Aisha"),),
        date_of_birth=BORN,
        other_dobs=(date(1985, 12, 3),),
    )
    record = PersonRecord.from_person(Person(PersonId(42), details))
    assert record.id == 42 and record.aliases == details.aliases
    assert record.alternative_dobs == (date(1985, 12, 3),)
    query = PersonQuery.from_details(details)
    assert _score(query, record).score >= 95


def test_scores_stay_in_range_for_odd_input() -> None:
    for family, given in [("", ""), ("?", "!"), ("Smith", ""), ("", "Sarah"), ("a" * 300, "b")]:
        candidate = _score(PersonQuery(family, given, BORN), PersonRecord(1, family, given, BORN))
        assert 0 <= candidate.score <= 100
        assert candidate.reasons
