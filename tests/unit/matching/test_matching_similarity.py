"""How name words and name fields agree."""

from __future__ import annotations

import pytest

from marac_desktop.matching import NameRole, normalise_part
from marac_desktop.matching.similarity import (
    Agreement,
    compare_family,
    compare_given,
    compare_words,
)
from marac_desktop.matching.variants import are_variants, is_common, listed_as_distinct

FAMILY, GIVEN = NameRole.FAMILY, NameRole.GIVEN


def _word(text: str, role: NameRole) -> str:
    return normalise_part(text, role).compound


@pytest.mark.parametrize(
    ("a", "b", "role", "agreement"),
    [
        ("Liz", "Elizabeth", GIVEN, Agreement.VARIANT),
        ("Bill", "William", GIVEN, Agreement.VARIANT),
        ("Mehmet", "Mohammed", GIVEN, Agreement.VARIANT),
        ("Seun", "Oluwaseun", GIVEN, Agreement.VARIANT),
        ("Oluseun", "Oluwaseun", GIVEN, Agreement.VARIANT),
        ("Chaudhry", "Chowdhury", FAMILY, Agreement.VARIANT),
        ("Wójcik", "Voitsik", FAMILY, Agreement.VARIANT),
        ("Ó Súilleabháin", "O'Sullivan", FAMILY, Agreement.VARIANT),
        ("Kowalska", "Kowalski", FAMILY, Agreement.VARIANT),
        ("Ivanova", "Ivanov", FAMILY, Agreement.VARIANT),
        ("Kazlauskiene", "Kazlauskas", FAMILY, Agreement.VARIANT),
        ("Smyth", "Smith", FAMILY, Agreement.VARIANT),
        ("Kristopher", "Christopher", GIVEN, Agreement.SOUNDS_ALIKE),
        ("Chris", "Christopher", GIVEN, Agreement.VARIANT),
        ("Christo", "Christopher", GIVEN, Agreement.SHORT_FORM),
        ("J", "John", GIVEN, Agreement.INITIAL),
        ("Minh", "Linh", GIVEN, Agreement.CLOSE),
        ("Farhan", "Farhana", GIVEN, Agreement.CLOSE),
        ("Shane", "Shauna", GIVEN, Agreement.CLOSE),
        ("Gemm", "Gemma", GIVEN, Agreement.CLOSE),
        ("Min", "Ming", GIVEN, Agreement.CLOSE),
        ("Jade", "Jude", GIVEN, Agreement.CLOSE),
        ("Begum", "Bibi", FAMILY, Agreement.NONE),
        ("Hassan", "Hussain", GIVEN, Agreement.NONE),
        ("Ferreira", "Pereira", FAMILY, Agreement.NONE),
        ("John", "Joan", GIVEN, Agreement.NONE),
        ("Francis", "Frances", GIVEN, Agreement.NONE),
        ("Amir", "Amira", GIVEN, Agreement.NONE),
        ("Daniel", "Danielle", GIVEN, Agreement.NONE),
        ("Mario", "Maria", GIVEN, Agreement.NONE),
        ("Paul", "Pauline", GIVEN, Agreement.NONE),
        ("Sarah", "Susan", GIVEN, Agreement.NONE),
    ],
)
def test_words(a: str, b: str, role: NameRole, agreement: Agreement) -> None:
    first, second = _word(a, role), _word(b, role)
    assert compare_words(first, second, role) is agreement
    assert compare_words(second, first, role) is agreement


@pytest.mark.parametrize(
    ("a", "b", "role"),
    [
        ("Smiht", "Smith", FAMILY),
        ("Robinsno", "Robinson", FAMILY),
        ("Thomspon", "Thompson", FAMILY),
        ("Kowalcyzk", "Kowalczyk", FAMILY),
        ("Fitzgerlad", "Fitzgerald", FAMILY),
        ("Jessic", "Jessica", GIVEN),
        ("Rys", "Rhys", GIVEN),
        ("Fatimaa", "Fatima", GIVEN),
        ("Natlaie", "Natalie", GIVEN),
    ],
)
def test_typing_slips(a: str, b: str, role: NameRole) -> None:
    assert compare_words(_word(a, role), _word(b, role), role) >= Agreement.TYPING_SLIP


def test_consonants_decide_for_scripts_without_vowels() -> None:
    arabic = normalise_part("محمد", GIVEN).compound
    assert compare_words(arabic, "mohammed", GIVEN, vowelless=True) >= Agreement.TYPING_SLIP
    assert compare_words(arabic, "mohammed", GIVEN) is Agreement.NONE


def test_tables_are_kept_per_field() -> None:
    assert are_variants("francis", "frances", FAMILY)
    assert not are_variants("francis", "frances", GIVEN)
    assert listed_as_distinct("begum", "bibi")
    assert is_common("smith", FAMILY) and not is_common("smith", GIVEN)


def _parts(family: str, given: str) -> tuple[object, object]:
    return normalise_part(family, FAMILY), normalise_part(given, GIVEN)


def test_one_of_two_surnames_is_a_partial_match() -> None:
    match = compare_family(
        normalise_part("Smith-Jones"),
        normalise_part("Jones"),
        normalise_part("Sarah", GIVEN),
        normalise_part("Sarah", GIVEN),
    )
    assert match.agreement is Agreement.SAME and match.partial


def test_surname_found_among_the_given_names() -> None:
    match = compare_family(
        normalise_part("Hassan"),
        normalise_part("Abdi"),
        normalise_part("Mohamed Abdi", GIVEN),
        normalise_part("Mohamed", GIVEN),
    )
    assert match.other_position and match.agreement is Agreement.SAME


def test_given_name_that_goes_after_mohammed() -> None:
    used = compare_given(normalise_part("Mohammed Imran", GIVEN), normalise_part("Imran", GIVEN))
    assert used.agreement is Agreement.SAME and not used.other_position
    brothers = compare_given(
        normalise_part("Mohammed Imran", GIVEN), normalise_part("Muhammad Adnan", GIVEN)
    )
    assert brothers.agreement is Agreement.NONE


def test_middle_name_used_instead() -> None:
    match = compare_given(normalise_part("Emily Jane", GIVEN), normalise_part("Jane", GIVEN))
    assert match.agreement is Agreement.SAME and match.other_position


def test_middle_names_compared_when_both_have_them() -> None:
    agree = compare_given(
        normalise_part("Sarah Elizabeth", GIVEN), normalise_part("Sarah Liz", GIVEN)
    )
    differ = compare_given(normalise_part("Mary Ann", GIVEN), normalise_part("Mary Louise", GIVEN))
    assert agree.middle is not None and agree.middle >= Agreement.VARIANT
    assert differ.middle is Agreement.NONE


def test_joined_given_names() -> None:
    match = compare_given(normalise_part("Xiao Ming", GIVEN), normalise_part("Xiaoming", GIVEN))
    assert match.agreement is Agreement.SAME
