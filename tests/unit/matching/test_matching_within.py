"""Same-person pairs within one list: the blocking keys lose none of the scorer's proposals."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from labelled_pairs import load_pairs

from marac_desktop.matching import PROPOSE_THRESHOLD, PersonRecord, score_record
from marac_desktop.matching.within import likely_pairs


def _as_record(pair_query: object, record_id: int) -> PersonRecord:
    q = pair_query
    return PersonRecord(
        record_id,
        q.family_name,  # type: ignore[attr-defined]
        q.given_names,  # type: ignore[attr-defined]
        q.date_of_birth,  # type: ignore[attr-defined]
        q.dob_precision,  # type: ignore[attr-defined]
        q.aliases,  # type: ignore[attr-defined]
        q.alternative_dobs,  # type: ignore[attr-defined]
    )


def test_every_labelled_pair_the_scorer_proposes_is_found_in_one_list() -> None:
    proposed = [
        p for p in load_pairs() if score_record(p.query, p.record).score >= PROPOSE_THRESHOLD
    ]
    assert len(proposed) > 300
    missed = [p for p in proposed if not list(likely_pairs([_as_record(p.query, -1), p.record]))]
    assert missed == []


_NAMES = st.sampled_from(
    [("Nowak", "Ewa"), ("Nowakowska", "Ewa"), ("Chen", "Mei"), ("Khan", "Aisha"),
     ("Mc Donald", "Deborah"), ("Okafor", "Adaeze"), ("Smith", "Sarah")]
)  # fmt: skip
_PEOPLE = st.lists(
    st.tuples(_NAMES, st.dates(min_value=date(1980, 1, 1), max_value=date(1981, 12, 31))),
    min_size=2,
    max_size=30,
)


@given(_PEOPLE)
def test_pairs_are_exactly_the_proposals_among_key_sharers(people: list[tuple]) -> None:  # type: ignore[type-arg]
    records = [PersonRecord(n, f, g, dob) for n, ((f, g), dob) in enumerate(people)]
    found = {(a.id, b.id): c.score for a, b, c in likely_pairs(records)}
    for (a, b), score in found.items():
        assert a < b and score == score_record(records[a], records[b]).score >= PROPOSE_THRESHOLD
    for a in range(len(records)):
        for b in range(a + 1, len(records)):
            same = records[a].date_of_birth == records[b].date_of_birth and (
                records[a].family_name == records[b].family_name
            )
            if same:
                assert (a, b) in found, "an exact duplicate was not paired"
