"""Blocking keys kept in the database: what a person is filed under, and what a search asks for.

A person with a date of birth is filed under the consonant key of each word of their names with
the birth year (``y``) and with the day and month (``m``), under the full date (``d``), and under
each pair of its words' consonant keys (``n``). Someone without a date is filed under the pairs
only, as ``u``.

A search asks for its own words' keys and, in pairs, for the keys of every form the name tables
list for its words too (Bill asks for William's), so the tables cost a search a few more lookups
instead of costing the register a row per group. A search with a date asks for the year, the day
and month, and the few dates one slip away that change both (day and month swapped, two digits
swapped across year and month, a day apart across a new year), and for the undated records by
name pairs; a search without a date asks for name pairs only. Everything a search can propose
shares at least one key with it; ``tests/unit/matching/test_matching_keys.py`` holds that to
comparing with every record.

Every word of every name (as written, transliterated, and as matching normalises it) is also a
``t`` key, so the case list finds a person by any of their words in any order, by prefix.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from marac_desktop.domain.people import DobPrecision
from marac_desktop.matching.dob import BirthDate
from marac_desktop.matching.normalise import NamePart, NameRole, normalise_part, transliterate
from marac_desktop.matching.phonetic import blocking_code
from marac_desktop.matching.ranking import Profile
from marac_desktop.matching.variants import variant_names

KEY_LENGTH = 48
"""Longest key kept (a consonant key is cut so that a key fits)."""
_CODE_LENGTH = 20


def word_code(word: str) -> str:
    return blocking_code(word)[:_CODE_LENGTH]


@lru_cache(maxsize=100_000)
def variant_codes(word: str) -> frozenset[str]:
    """The consonant keys of the word and of every form of it in the name tables."""
    forms = variant_names(word, NameRole.FAMILY) | variant_names(word, NameRole.GIVEN)
    return frozenset(word_code(form) for form in forms)


@lru_cache(maxsize=100_000)
def name_keys(
    family: NamePart, given: NamePart, with_variants: bool = False
) -> tuple[frozenset[str], frozenset[str]]:
    """For one name: pairs of its words' consonant keys (``a|b``; with ``with_variants``, of
    their forms' keys too), and its words' keys."""
    spellings = sorted(family.spellings - {family.compound})
    words = list(dict.fromkeys([*family.tokens, *given.tokens, *spellings]))
    per_word = [
        variant_codes(word) if with_variants else frozenset({word_code(word)}) for word in words
    ]
    pairs = {
        f"{a}|{b}" if a < b else f"{b}|{a}"
        for first, second in combinations(per_word, 2)
        for a in first
        for b in second
    }
    return frozenset(pairs), frozenset(word_code(word) for word in words)


def pairs_and_codes(profile: Profile, with_variants: bool = False) -> tuple[set[str], set[str]]:
    """Every name's key pairs, and the consonant keys of all its words."""
    pairs: set[str] = set()
    codes: set[str] = set()
    for name in profile.names:
        name_pairs, name_codes = name_keys(name.family, name.given, with_variants)
        pairs |= name_pairs
        codes |= name_codes
    return pairs, codes


DATE_PREFIX = "d"


def date_key(day: date) -> str:
    return f"{DATE_PREFIX}{day:%Y%m%d}"


def swapped_day_month(day: date) -> date | None:
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def _only_year(dob: BirthDate) -> bool:
    """Compared as a year: only the year known, or 1 January (often written for that)."""
    return dob.precision is DobPrecision.YEAR or (dob.value.month, dob.value.day) == (1, 1)


def _years(dob: BirthDate) -> range:
    year = dob.value.year
    return range(year - 1, year + 2) if _only_year(dob) else range(year, year + 1)


TOKEN_PREFIX = "t"
POSTCODE_PREFIX = "p"


def postcode_text(text: str) -> str:
    """A postcode (or the start of one) as its key holds it: letters and digits, lower case."""
    return "".join(char for char in text.casefold() if char.isascii() and char.isalnum())


def postcode_key(postcode: str) -> str | None:
    compact = postcode_text(postcode)[: KEY_LENGTH - 1]
    return f"{POSTCODE_PREFIX}{compact}" if compact else None


@lru_cache(maxsize=100_000)
def _field_words(text: str, role: NameRole) -> frozenset[str]:
    """A name field's words as written (transliterated) and as matching normalises them."""
    part = normalise_part(text, role)
    words = {*transliterate(text).split(), *part.tokens}
    if role is NameRole.FAMILY:
        words |= part.spellings
    return frozenset(word[: KEY_LENGTH - 1] for word in words if word)


def search_words(text: str) -> list[str]:
    """The words of a search as the ``t`` keys hold them (plain a-z), longest kept whole."""
    return [word[: KEY_LENGTH - 1] for word in dict.fromkeys(transliterate(text).split())]


def token_keys(names: Iterable[tuple[str, str]]) -> set[str]:
    """The ``t`` keys of a person's names: (family name, given names) of the name and aliases."""
    words: set[str] = set()
    for family, given in names:
        words |= _field_words(family, NameRole.FAMILY) | _field_words(given, NameRole.GIVEN)
    return {f"{TOKEN_PREFIX}{word}" for word in words}


def record_keys(profile: Profile) -> set[str]:
    """Every matching key a person is filed under (``person_keys`` adds the ``t`` keys)."""
    pairs, codes = pairs_and_codes(profile)
    if not profile.dobs:
        return {f"u{pair}" for pair in pairs}
    keys = {f"n{pair}" for pair in pairs}
    for dob in profile.dobs:
        keys.update(f"y{year}{code}" for year in _years(dob) for code in codes)
        if dob.precision is DobPrecision.DAY:
            keys.add(date_key(dob.value))
            keys.update(f"m{dob.value:%m%d}{code}" for code in codes)
    return keys


def _slipped_dates(day: date) -> set[date]:
    """Dates one slip away that share neither the year nor the day and month with ``day``."""
    found = {day}
    if (swapped := swapped_day_month(day)) is not None:
        found.add(swapped)
    digits = f"{day:%Y%m%d}"
    across = digits[:3] + digits[4] + digits[3] + digits[5:]  # last year digit, first month digit
    with contextlib.suppress(ValueError):
        found.add(date(int(across[:4]), int(across[4:6]), int(across[6:])))
    for step in (-1, 1):
        near = day + timedelta(days=step)
        if near.year != day.year:
            found.add(near)
    return found


def query_keys(profile: Profile) -> set[str]:
    """The keys a search for ``profile`` asks for."""
    pairs, codes = pairs_and_codes(profile, with_variants=True)
    keys = {f"u{pair}" for pair in pairs}
    if not profile.dobs:
        return keys | {f"n{pair}" for pair in pairs}
    for dob in profile.dobs:
        keys.update(f"y{year}{code}" for year in _years(dob) for code in codes)
        if dob.precision is DobPrecision.DAY:
            keys.update(date_key(day) for day in _slipped_dates(dob.value))
            keys.update(f"m{dob.value:%m%d}{code}" for code in codes)
    return keys
