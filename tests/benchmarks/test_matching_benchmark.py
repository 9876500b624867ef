"""Matching over a register of 250,000 synthetic people (target: a search well under 100 ms).

Run with ``pytest tests/benchmarks/test_matching_benchmark.py --benchmark-only``
(``MARAC_BENCH_PEOPLE`` sets the register's size).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from marac_desktop.matching import PersonQuery, PersonRecord
from marac_desktop.matching.index import MatchIndex
from tests.benchmarks import scale
from tests.unit.matching.synthetic_people import PeopleGenerator

REGISTER_SIZE = scale.size(250_000, "MARAC_BENCH_PEOPLE")


@pytest.fixture(scope="module")
def register() -> list[PersonRecord]:
    return list(PeopleGenerator(seed=2026).people(REGISTER_SIZE))


@pytest.fixture(scope="module")
def index(register: list[PersonRecord]) -> MatchIndex:
    return MatchIndex(register)


def _queries(register: list[PersonRecord]) -> list[PersonQuery]:
    """People already on record, some written differently, and people who are not."""
    rng = random.Random(5)
    queries = []
    for record in rng.sample(register, min(300, len(register))):
        query = PersonQuery(
            record.family_name, record.given_names, record.date_of_birth, record.dob_precision
        )
        if rng.random() < 0.3:
            query = replace(query, family_name=record.given_names, given_names=record.family_name)
        queries.append(query)
    return queries


def test_build_index(benchmark: BenchmarkFixture, register: list[PersonRecord]) -> None:
    built = benchmark.pedantic(MatchIndex, args=(register,), rounds=1, iterations=1)
    assert len(built) == REGISTER_SIZE


def test_search(
    benchmark: BenchmarkFixture, index: MatchIndex, register: list[PersonRecord]
) -> None:
    queries = itertools.cycle(_queries(register))

    def search_next() -> int:
        return len(index.search(next(queries)))

    benchmark.pedantic(search_next, rounds=300, iterations=1, warmup_rounds=5)
    if benchmark.stats is not None:  # None under --benchmark-disable
        assert benchmark.stats.stats.mean < 0.1
