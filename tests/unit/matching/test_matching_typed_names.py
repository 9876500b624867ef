"""Names as a person types them: one box in any order, nicknames and written abbreviations."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.matching import PersonQuery, PersonRecord, score_record
from marac_desktop.matching.normalise import NameRole
from marac_desktop.matching.typed_name import split_full_name
from marac_desktop.matching.variants import are_variants


@pytest.mark.parametrize(
    ("typed", "family", "given"),
    [
        ("Amina Farah", "Farah", "Amina"),
        ("FARAH, Amina", "FARAH", "Amina"),
        ("Deborah Mc Donald", "Mc Donald", "Deborah"),
        ("Anna van der Berg", "van der Berg", "Anna"),
        ("Ahmed bin Rashid", "bin Rashid", "Ahmed"),
        ("Juan  de la Cruz", "de la Cruz", "Juan"),
        ("John Smith Jr", "Smith Jr", "John"),
        ("John D Smith", "Smith", "John D"),
        ("Madonna", "Madonna", ""),
        ("王小明", "王", "小明"),
        ("王 小明", "王", "小明"),
        ("김민준", "김", "민준"),
    ],
)
def test_a_whole_name_splits_as_meant(typed: str, family: str, given: str) -> None:
    assert split_full_name(typed) == (family, given)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("john", "jonathan"),
        ("johnny", "jonathan"),
        ("jon", "john"),
        ("william", "wm"),
        ("bill", "wm"),
        ("thomas", "thos"),
        ("mohammed", "md"),
    ],
)
def test_groups_chain_and_abbreviations_join(a: str, b: str) -> None:
    assert are_variants(a, b, NameRole.GIVEN)


@pytest.mark.parametrize(("a", "b"), [("alexander", "alexandra"), ("samuel", "samantha")])
def test_names_shared_by_distinct_names_do_not_chain(a: str, b: str) -> None:
    assert not are_variants(a, b, NameRole.GIVEN)


def test_john_is_proposed_for_jonathan_with_the_same_date() -> None:
    record = PersonRecord(1, "Okafor", "Jonathan", date(1980, 5, 6))
    assert score_record(PersonQuery("Okafor", "John", date(1980, 5, 6)), record).proposed
    wm = PersonRecord(2, "Hughes", "William", date(1971, 2, 3))
    assert score_record(PersonQuery("Hughes", "Wm", date(1971, 2, 3)), wm).proposed


def test_a_mononym_and_a_name_in_han_characters_are_found() -> None:
    single = PersonRecord(1, "Madonna", "", date(1990, 1, 2))
    family, given = split_full_name("Madonna")
    assert score_record(PersonQuery(family, given, date(1990, 1, 2)), single).proposed
    han = PersonRecord(2, "王", "小明", date(1988, 8, 8))
    family, given = split_full_name("王小明")
    assert score_record(PersonQuery(family, given, date(1988, 8, 8)), han).proposed
