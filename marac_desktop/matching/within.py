"""Likely same-person pairs within one list (the rows of a tracking sheet), fast.

A pair can be proposed only when both have a date of birth that agrees (names alone never
reach the proposal threshold), so each person is filed under keys a proposable pair must
share, a name code being a word's consonant key or one of its variant groups:

- a name code with the date of birth (or with day and month swapped);
- a name code with the day and month (a year mistyped);
- both names' codes with the year of birth or a year either side (a day or month mistyped).

Only people sharing a key are scored, with the same scoring as any search.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from marac_desktop.matching.normalise import NameRole, normalise_part
from marac_desktop.matching.phonetic import blocking_code
from marac_desktop.matching.ranking import (
    PROPOSE_THRESHOLD,
    Candidate,
    NameCache,
    PersonRecord,
    profile_of,
    score_profiles,
)
from marac_desktop.matching.variants import variant_groups


def _codes(text: str, role: NameRole) -> frozenset[str]:
    """Each word's consonant key and variant groups (nicknames, other spellings), for the
    words and the whole name written as one."""
    part = normalise_part(text, role)
    words = {*part.tokens, *part.spellings}
    return frozenset(
        code
        for word in words
        for code in (blocking_code(word), *(f"v{g}" for g in variant_groups(word, role)))
    )


def _swapped(day: date) -> date | None:
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def _keys(person: PersonRecord, asking: bool) -> set[str]:
    day = person.date_of_birth
    if day is None:
        return set()
    family = _codes(person.family_name, NameRole.FAMILY)
    given = _codes(person.given_names, NameRole.GIVEN)
    days = [day, _swapped(day)] if asking else [day]
    keys = {f"d{d:%Y%m%d}{c}" for d in days if d is not None for c in family | given}
    keys.update(f"m{day:%m%d}{c}" for c in family | given)
    years = (day.year - 1, day.year, day.year + 1) if asking else (day.year,)
    for f in family:
        for g in given:
            keys.update(f"y{year}{f}|{g}" for year in years)
    return keys


def likely_pairs(
    people: Sequence[PersonRecord], threshold: int = PROPOSE_THRESHOLD
) -> Iterator[tuple[PersonRecord, PersonRecord, Candidate]]:
    """Each pair (earlier, later in ``people``) scoring at least ``threshold``, once."""
    filed: defaultdict[str, list[int]] = defaultdict(list)
    for position, person in enumerate(people):
        for key in _keys(person, asking=False):
            filed[key].append(position)
    profiles = [profile_of(p) for p in people]
    for position, person in enumerate(people):
        names_seen: NameCache = {}  # by the record's names, for this one query
        others = {
            other
            for key in _keys(person, asking=True)
            for other in filed.get(key, ())
            if other > position
        }
        for other in sorted(others):
            found = score_profiles(
                profiles[position], profiles[other], people[other].id, threshold, names_seen
            )
            if found is not None and found.score >= threshold:
                yield person, people[other], found
