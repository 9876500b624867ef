"""A blocking index: find the few records worth scoring without comparing with everyone.

Each record is filed under keys that a true match is very likely to share with it: a pair of
its name codes (a consonant key or a variant group for each word), one name code with the birth
year, and the full date of birth. A query looks up its own keys, allowing for a year out, a
wrong last digit of the year and day and month swapped, and only the records found are scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import combinations

from marac_desktop.domain.people import DobPrecision
from marac_desktop.matching.normalise import NamePart, NameRole
from marac_desktop.matching.phonetic import blocking_code
from marac_desktop.matching.ranking import (
    SHOW_THRESHOLD,
    Candidate,
    NameCache,
    PersonQuery,
    PersonRecord,
    Profile,
    RecordId,
    best_candidates,
    profile_of,
    score_profiles,
)
from marac_desktop.matching.variants import variant_groups

_ROLE_TAG = {NameRole.FAMILY: "f", NameRole.GIVEN: "g"}


@lru_cache(maxsize=100_000)
def _word_codes(word: str) -> frozenset[str]:
    codes = {blocking_code(word)}
    for role, tag in _ROLE_TAG.items():
        codes.update(f"{tag}{group}" for group in variant_groups(word, role))
    return frozenset(codes)


def _name_keys(family: NamePart, given: NamePart) -> tuple[frozenset[str], frozenset[str]]:
    """For one name: keys for each pair of its words' codes, and all its codes."""
    words = [*family.tokens, *given.tokens, *sorted(family.spellings - {family.compound})]
    per_word = [_word_codes(word) for word in dict.fromkeys(words)]
    pairs = {
        f"n{a}|{b}" if a < b else f"n{b}|{a}"
        for first, second in combinations(per_word, 2)
        for a in first
        for b in second
    }
    return frozenset(pairs), frozenset().union(*per_word)


def _keys_and_codes(profile: Profile) -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    codes: set[str] = set()
    for name in profile.names:
        name_keys, name_codes = _name_keys(name.family, name.given)
        keys |= name_keys
        codes |= name_codes
    return keys, codes


def _date_key(day: date) -> str:
    return f"d{day:%Y%m%d}"


def _record_keys(profile: Profile) -> set[str]:
    keys, codes = _keys_and_codes(profile)
    for dob in profile.dobs:
        keys.update(f"y{dob.value.year}{code}" for code in codes)
        if dob.precision is DobPrecision.DAY:
            keys.add(_date_key(dob.value))
    return keys


def _swapped(day: date) -> date | None:
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def _query_keys(profile: Profile) -> set[str]:
    keys, codes = _keys_and_codes(profile)
    for dob in profile.dobs:
        year = dob.value.year
        decade = year - year % 10
        for near in {year - 1, year + 1, *range(decade, decade + 10)}:  # a year out, a digit wrong
            keys.update(f"y{near}{code}" for code in codes)
        if dob.precision is DobPrecision.DAY:
            swapped = _swapped(dob.value)
            keys.update(_date_key(day) for day in (dob.value, swapped) if day is not None)
    return keys


class MatchIndex:
    """Records prepared once for fast searching; build it when the register is loaded."""

    def __init__(self, records: Iterable[PersonRecord] = ()) -> None:
        self._ids: list[RecordId] = []
        self._profiles: list[Profile] = []
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, record: PersonRecord) -> None:
        position = len(self._ids)
        profile = profile_of(record)
        self._ids.append(record.id)
        self._profiles.append(profile)
        for key in _record_keys(profile):
            self._postings[key].append(position)

    def _positions(self, profile: Profile) -> set[int]:
        found: set[int] = set()
        for key in _query_keys(profile):
            found.update(self._postings.get(key, ()))
        return found

    def search(
        self, query: PersonQuery, limit: int = 10, threshold: int = SHOW_THRESHOLD
    ) -> list[Candidate]:
        """The best candidates for ``query``, as ``rank_candidates`` would give over all records."""
        wanted = profile_of(query)
        names_seen: NameCache = {}
        scored = (
            score_profiles(
                wanted, self._profiles[position], self._ids[position], threshold, names_seen
            )
            for position in sorted(self._positions(wanted))
        )
        return best_candidates(scored, limit)

    def candidate_count(self, query: PersonQuery) -> int:
        """How many records a search for ``query`` scores (for tuning and benchmarks)."""
        return len(self._positions(profile_of(query)))
