"""Recall and precision on the labelled pairs at the shipped threshold (target: both >= 0.95).

The pairs cover the variants a coordinator meets (spellings across communities,
transliterations, nicknames, dropped accents, swapped name order, hyphenated and married
surnames, typing slips, date-of-birth slips) and hard non-matches (different people sharing a
common name, sound-alike names, siblings and twins, parent and child). Run with ``-s`` to see
the figures and the pairs that go wrong.
"""

from __future__ import annotations

from collections import Counter

import pytest

from marac_desktop.matching import PROPOSE_THRESHOLD, PersonQuery, PersonRecord, score_record
from tests.unit.matching.labelled_pairs import LabelledPair, load_pairs


def _show(person: PersonQuery | PersonRecord) -> str:
    return f"{person.given_names} {person.family_name} {person.date_of_birth or ''}".strip()


@pytest.fixture(scope="module")
def pairs() -> list[LabelledPair]:
    return load_pairs()


def test_the_set_is_large_and_covers_both_labels(pairs: list[LabelledPair]) -> None:
    kinds = Counter(pair.kind for pair in pairs)
    assert len(pairs) >= 300
    assert sum(pair.same_person for pair in pairs) >= 200
    assert sum(not pair.same_person for pair in pairs) >= 100
    for kind in ("nickname", "transliteration", "typing_slip", "siblings", "twins_same_dob"):
        assert kinds[kind] >= 5, kind


def test_recall_and_precision_at_the_shipped_threshold(pairs: list[LabelledPair]) -> None:
    found = wrong = missed = 0
    errors_by_kind: Counter[str] = Counter()
    for pair in pairs:
        candidate = score_record(pair.query, pair.record)
        if candidate.proposed and pair.same_person:
            found += 1
        elif candidate.proposed:
            wrong += 1
        elif pair.same_person:
            missed += 1
        else:
            continue
        if candidate.proposed != pair.same_person:
            errors_by_kind[pair.kind] += 1
            print(
                f"{'missed' if pair.same_person else 'wrongly proposed'} ({candidate.score}): "
                f"{_show(pair.query)} / {_show(pair.record)}: {'; '.join(candidate.reasons)}"
            )
    recall = found / (found + missed)
    precision = found / (found + wrong)
    print(
        f"threshold {PROPOSE_THRESHOLD}: recall {recall:.3f}, precision {precision:.3f} "
        f"({found} found, {missed} missed, {wrong} wrongly proposed of {len(pairs)} pairs)"
    )
    print(f"errors by kind: {dict(errors_by_kind)}")
    assert recall >= 0.95
    assert precision >= 0.95
