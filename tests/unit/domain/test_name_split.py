"""Splitting one full-name cell into family and given names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.domain.name_split import (
    NameOrder,
    SplitHow,
    SplitRules,
    split_full_name,
)


@pytest.mark.parametrize(
    ("text", "family", "given_names", "how"),
    [
        ("NOWAK, Ewa", "Nowak", "Ewa", SplitHow.COMMA),
        ("Nowak,  Ewa Maria", "Nowak", "Ewa Maria", SplitHow.COMMA),
        ("NOWAK Ewa", "Nowak", "Ewa", SplitHow.CAPITALS),
        ("AL-SAYED Layla", "Al-Sayed", "Layla", SplitHow.CAPITALS),
        ("Ewa Nowak", "Nowak", "Ewa", SplitHow.LAST_WORD),
        ("EWA NOWAK", "NOWAK", "EWA", SplitHow.LAST_WORD),
        ("Deborah Mc Donald", "Mc Donald", "Deborah", SplitHow.LAST_WORD),
        ("Aileen Mac Leod", "Mac Leod", "Aileen", SplitHow.LAST_WORD),
        ("Siobhan O' Brien", "O' Brien", "Siobhan", SplitHow.LAST_WORD),
        ("Siobhan O'Brien", "O'Brien", "Siobhan", SplitHow.LAST_WORD),
        ("Anna van der Berg", "van der Berg", "Anna", SplitHow.LAST_WORD),
        ("Maria de Souza", "de Souza", "Maria", SplitHow.LAST_WORD),
        ("Karim al- Sayed", "al- Sayed", "Karim", SplitHow.LAST_WORD),
        ("Ahmed bin Ali", "bin Ali", "Ahmed", SplitHow.LAST_WORD),
        ("王芳", "王芳", "", SplitHow.ONE_WORD),
        ("  Zoë  ", "Zoë", "", SplitHow.ONE_WORD),
    ],
)
def test_the_usual_ways_a_sheet_writes_a_name(
    text: str, family: str, given_names: str, how: SplitHow
) -> None:
    split = split_full_name(text)
    assert split is not None
    assert (split.family_name, split.given_names, split.how) == (family, given_names, how)


def test_a_fixed_order_and_the_coordinators_own_particles() -> None:
    first = SplitRules(NameOrder.FAMILY_FIRST)
    fixed, comma = (
        split_full_name("van der Berg Anna", first),
        split_full_name("VAN DER BERG, Anna"),
    )
    assert fixed is not None and comma is not None
    assert (fixed.family_name, fixed.given_names) == (comma.family_name, comma.given_names)
    assert split_full_name("Nowak Ewa", first).family_name == "Nowak"  # type: ignore[union-attr]
    given_first = SplitRules(NameOrder.GIVEN_FIRST)
    assert split_full_name("NOWAK Ewa", given_first).family_name == "Ewa"  # type: ignore[union-attr]
    no_particles = SplitRules(particles=())
    assert split_full_name("Deborah Mc Donald", no_particles).family_name == "Donald"  # type: ignore[union-attr]


def test_an_empty_cell_has_no_name() -> None:
    assert split_full_name("   ") is None
    assert split_full_name("") is None


_word = st.text(st.characters(categories=("L",), exclude_characters=","), min_size=1, max_size=8)


@given(st.lists(_word, min_size=1, max_size=5), st.sampled_from(list(NameOrder)))
def test_no_word_is_lost_or_invented(words: list[str], order: NameOrder) -> None:
    split = split_full_name(" ".join(words), SplitRules(order))
    assert split is not None and split.family_name
    kept = f"{split.family_name} {split.given_names}".split()
    assert sorted(w.casefold() for w in kept) == sorted(w.casefold() for w in words)


@given(st.lists(_word, min_size=1, max_size=3), st.lists(_word, min_size=1, max_size=3))
def test_family_comma_given_is_always_read_that_way(
    family: list[str], given_names: list[str]
) -> None:
    split = split_full_name(f"{' '.join(family)}, {' '.join(given_names)}")
    assert split is not None
    assert split.family_name.casefold() == " ".join(family).casefold()
    assert split.given_names == " ".join(given_names)
