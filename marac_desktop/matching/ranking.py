"""Score how likely a record is the person asked about, and say why in plain words.

Each piece of evidence (surname, given name, date of birth) adds or takes away weight, roughly its
log-odds: agreement on a rare thing counts for more than on a common one, and disagreement counts
against. The total becomes a score from 0 to 100. Matching only proposes; it never merges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from marac_desktop.domain.people import Alias, DobPrecision, Person, PersonDetails
from marac_desktop.matching.dob import BirthDate, DobAgreement, best_dob_agreement
from marac_desktop.matching.normalise import NamePart, NameRole, normalise_part
from marac_desktop.matching.similarity import (
    Agreement,
    FieldMatch,
    compare_family,
    compare_given,
    variant_kind,
)
from marac_desktop.matching.variants import is_common

RecordId = int | str

PROPOSE_THRESHOLD = 50
"""At or above this score a record is proposed as a possible match of the same person."""
SHOW_THRESHOLD = 20
"""Default floor for listing weaker candidates (with their reasons) below the proposals."""
NO_DOB_CAP = PROPOSE_THRESHOLD - 10
"""Without dates of birth to compare, names alone never make a proposal."""


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """The person being looked for."""

    family_name: str
    given_names: str
    date_of_birth: date | None = None
    dob_precision: DobPrecision = DobPrecision.DAY
    aliases: tuple[Alias, ...] = ()
    alternative_dobs: tuple[date, ...] = ()

    @classmethod
    def from_details(cls, details: PersonDetails) -> PersonQuery:
        return cls(
            details.family_name,
            details.given_names,
            details.date_of_birth,
            details.dob_precision,
            details.aliases,
            details.other_dobs,
        )


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person already on record, as matching needs them."""

    id: RecordId
    family_name: str
    given_names: str
    date_of_birth: date | None = None
    dob_precision: DobPrecision = DobPrecision.DAY
    aliases: tuple[Alias, ...] = ()
    alternative_dobs: tuple[date, ...] = ()

    @classmethod
    def from_person(cls, person: Person) -> PersonRecord:
        return cls.from_details(person.id, person.details)

    @classmethod
    def from_details(cls, record_id: RecordId, details: PersonDetails) -> PersonRecord:
        return cls(
            record_id,
            details.family_name,
            details.given_names,
            details.date_of_birth,
            details.dob_precision,
            details.aliases,
            details.other_dobs,
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    record_id: RecordId
    score: int
    """0 to 100: how strongly the evidence says this is the same person."""
    reasons: tuple[str, ...]

    @property
    def proposed(self) -> bool:
        """Strong enough to put to the user as a possible match (never merged automatically)."""
        return self.score >= PROPOSE_THRESHOLD


@dataclass(frozen=True, slots=True)
class ProfileName:
    """One name of a person (their main name or an alias), normalised."""

    family: NamePart
    given: NamePart
    alias_of: str | None = None
    """For an alias: how to show it in a reason."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A person made ready to compare: normalised names (main name first) and dates of birth."""

    names: tuple[ProfileName, ...]
    dobs: tuple[BirthDate, ...]


def _profile(
    family: str,
    given: str,
    aliases: tuple[Alias, ...],
    dob: date | None,
    precision: DobPrecision,
    other_dobs: tuple[date, ...],
) -> Profile:
    names = [
        ProfileName(normalise_part(family, NameRole.FAMILY), normalise_part(given, NameRole.GIVEN))
    ]
    names += [
        ProfileName(
            normalise_part(alias.family_name, NameRole.FAMILY),
            normalise_part(alias.given_names, NameRole.GIVEN),
            f"{alias.given_names} {alias.family_name}".strip(),
        )
        for alias in aliases
    ]
    dobs = [] if dob is None else [BirthDate(dob, precision)]
    dobs += [BirthDate(other) for other in other_dobs]
    return Profile(tuple(names), tuple(dobs))


def profile_of(person: PersonQuery | PersonRecord) -> Profile:
    return _profile(
        person.family_name,
        person.given_names,
        person.aliases,
        person.date_of_birth,
        person.dob_precision,
        person.alternative_dobs,
    )


# Evidence weights, roughly log2 of (chance of the observation for the same person / for two
# different people). Calibrated against tests/unit/matching/data/pairs.csv.
_FAMILY_WEIGHT = {
    Agreement.SAME: 7.0,
    Agreement.VARIANT: 6.0,
    Agreement.SOUNDS_ALIKE: 5.0,
    Agreement.TYPING_SLIP: 4.5,
    Agreement.SHORT_FORM: 0.5,
    Agreement.INITIAL: 1.0,
    Agreement.CLOSE: 1.0,
    Agreement.NONE: -2.5,
}
_GIVEN_WEIGHT = {
    Agreement.SAME: 6.0,
    Agreement.VARIANT: 5.5,
    Agreement.SOUNDS_ALIKE: 4.5,
    Agreement.TYPING_SLIP: 4.0,
    Agreement.SHORT_FORM: 3.5,
    Agreement.INITIAL: 2.0,
    Agreement.CLOSE: -4.0,
    Agreement.NONE: -6.0,
}
_PARTIAL_PENALTY = 2.0
_ELSEWHERE_PENALTY = 3.0
_MIDDLE_NAME_PENALTY = 2.0
_COMMON_DISCOUNT = {NameRole.FAMILY: 1.5, NameRole.GIVEN: 1.0}
_MIDDLE_AGREES = 1.0
_MIDDLE_DIFFERS = -1.5
_ORDER_PENALTY = 0.5
_DOB_WEIGHT = {
    DobAgreement.SAME: 12.0,
    DobAgreement.DAY_MONTH_SWAPPED: 9.0,
    DobAgreement.YEAR_APART: 6.0,
    DobAgreement.ONE_DIGIT: 6.0,
    DobAgreement.DECADE_DIGIT: 3.0,
    DobAgreement.DIGITS_SWAPPED: 6.0,
    DobAgreement.DAY_APART: 5.0,
    DobAgreement.SAME_YEAR_ONLY: 5.0,
    DobAgreement.NEAR_YEAR_ONLY: 1.0,
    DobAgreement.DIFFERENT: -8.0,
    DobAgreement.UNKNOWN: 0.0,
}
_MIDPOINT = 15.0
_SPREAD = 2.5

_FIELD_LABEL = {NameRole.FAMILY: "surname", NameRole.GIVEN: "given name"}


def _show(word: str) -> str:
    return word.title()


def _common_word(match: FieldMatch, role: NameRole) -> str | None:
    """The agreeing word, if it (as the record or the query has it) is a common name."""
    for word in (match.record_word, match.query_word):
        if is_common(word, role):
            return word
    return None


def _field_weight(match: FieldMatch, role: NameRole) -> float:
    if match.missing:
        return 0.0
    weight = (_FAMILY_WEIGHT if role is NameRole.FAMILY else _GIVEN_WEIGHT)[match.agreement]
    if match.agreement >= Agreement.VARIANT and _common_word(match, role):
        weight -= _COMMON_DISCOUNT[role]
    if weight > 0 and match.partial:
        weight -= _PARTIAL_PENALTY
    if weight > 0 and match.other_position:
        weight -= _ELSEWHERE_PENALTY if role is NameRole.FAMILY else _MIDDLE_NAME_PENALTY
    if match.middle is not None:
        weight += _MIDDLE_AGREES if match.middle >= Agreement.VARIANT else 0.0
        weight += _MIDDLE_DIFFERS if match.middle == Agreement.NONE else 0.0
    return weight


def _field_reasons(match: FieldMatch, role: NameRole, query: str, record: str) -> list[str]:
    label = _FIELD_LABEL[role]
    pair = f"({_show(match.query_word)} / {_show(match.record_word)})"
    agreement = match.agreement
    if match.missing:
        return []
    if match.partial:
        return [f"shares one {label} ({query} / {record})"]
    if match.other_position:
        where = "among the given names" if role is NameRole.FAMILY else "as a middle name"
        return [f"{label} found {where} ({_show(match.record_word)})"]
    if agreement == Agreement.SAME:
        reasons = [f"same {label}"]
    elif agreement == Agreement.VARIANT and match.respelt:
        reasons = [f"{label} written differently ({query} / {record})"]
    elif agreement == Agreement.VARIANT:
        kind = variant_kind(match.query_word, match.record_word, role)
        reasons = [f"{label} is {kind} {pair}"]
    elif agreement == Agreement.SOUNDS_ALIKE:
        reasons = [f"{label} sounds alike {pair}"]
    elif agreement == Agreement.TYPING_SLIP:
        reasons = [f"{label} differs by a typing slip {pair}"]
    elif agreement == Agreement.SHORT_FORM:
        reasons = [f"{label} is a shortened form {pair}"]
    elif agreement == Agreement.INITIAL:
        reasons = [f"{label} given only as an initial {pair}"]
    elif agreement == Agreement.CLOSE:
        reasons = [f"{label} spelt nearly the same but may be another name {pair}"]
    else:
        return [f"{label}s differ"]
    if agreement >= Agreement.VARIANT and (common := _common_word(match, role)):
        reasons.append(f"{_show(common)} is a common {label}")
    if match.middle is not None and match.middle >= Agreement.VARIANT:
        reasons.append("middle name matches too")
    elif match.middle == Agreement.NONE:
        reasons.append("middle names differ")
    return reasons


@dataclass(frozen=True, slots=True)
class _NameEvidence:
    weight: float
    family: FieldMatch
    given: FieldMatch
    swapped: bool


def _orientations(query: ProfileName, record: ProfileName) -> list[_NameEvidence]:
    found = []
    for swapped in (False, True):
        family, given = (query.given, query.family) if swapped else (query.family, query.given)
        family_match = compare_family(family, record.family, given, record.given)
        given_match = compare_given(given, record.given)
        weight = _field_weight(family_match, NameRole.FAMILY)
        weight += _field_weight(given_match, NameRole.GIVEN)
        found.append(
            _NameEvidence(weight - _ORDER_PENALTY * swapped, family_match, given_match, swapped)
        )
    return found


def _name_evidence(
    query: Profile, record: Profile
) -> tuple[_NameEvidence, ProfileName, ProfileName]:
    best: tuple[_NameEvidence, ProfileName, ProfileName] | None = None
    for query_name in query.names:
        for record_name in record.names:
            for evidence in _orientations(query_name, record_name):
                if best is None or evidence.weight > best[0].weight:
                    best = (evidence, query_name, record_name)
    assert best is not None  # every profile has its main name
    return best


def _to_score(weight: float) -> int:
    return round(100 / (1 + math.exp(-(weight - _MIDPOINT) / _SPREAD)))


NameCache = dict[tuple[int, ...], tuple[_NameEvidence, ProfileName, ProfileName]]
_BEST_NAME_WEIGHT = _FAMILY_WEIGHT[Agreement.SAME] + _GIVEN_WEIGHT[Agreement.SAME] + _MIDDLE_AGREES


def birth_dates(person: PersonQuery | PersonRecord) -> tuple[BirthDate, ...]:
    """The person's recorded dates of birth, as a profile holds them."""
    main = (
        ()
        if person.date_of_birth is None
        else (BirthDate(person.date_of_birth, person.dob_precision),)
    )
    return main + tuple(BirthDate(other) for other in person.alternative_dobs)


def dates_can_reach(query: Profile, dobs: tuple[BirthDate, ...], threshold: int) -> bool:
    """Whether a record with these dates of birth could score ``threshold`` with the best names:
    checked before its names are read, as most records sharing a key differ in their dates."""
    return (
        _to_score(_BEST_NAME_WEIGHT + _DOB_WEIGHT[best_dob_agreement(query.dobs, dobs)])
        >= threshold
    )


def score_profiles(
    query: Profile,
    record: Profile,
    record_id: RecordId,
    threshold: int = 0,
    names_seen: NameCache | None = None,
) -> Candidate | None:
    """Score one record; None when it cannot reach ``threshold`` whatever its names say.

    ``names_seen`` caches name evidence by the record's names, for scoring many records that
    share them against one query.
    """
    dob = best_dob_agreement(query.dobs, record.dobs)
    if _to_score(_BEST_NAME_WEIGHT + _DOB_WEIGHT[dob]) < threshold:
        return None
    if names_seen is None:
        evidence, query_name, record_name = _name_evidence(query, record)
    else:
        key = tuple(id(part) for name in record.names for part in (name.family, name.given))
        found = names_seen.get(key)
        if found is None:
            found = names_seen[key] = _name_evidence(query, record)
        evidence, query_name, record_name = found
    weight = evidence.weight + _DOB_WEIGHT[dob]
    score = _to_score(weight)
    if dob is DobAgreement.UNKNOWN:
        score = min(score, NO_DOB_CAP)
    if score < threshold:
        return None
    return Candidate(record_id, score, _reasons(evidence, query_name, record_name, dob, weight))


def _reasons(
    evidence: _NameEvidence,
    query_name: ProfileName,
    record_name: ProfileName,
    dob: DobAgreement,
    weight: float,
) -> tuple[str, ...]:
    reasons = [dob.reason]
    family_q, given_q = (
        (query_name.given, query_name.family)
        if evidence.swapped
        else (query_name.family, query_name.given)
    )
    reasons += _field_reasons(
        evidence.family, NameRole.FAMILY, _part_text(family_q), _part_text(record_name.family)
    )
    reasons += _field_reasons(
        evidence.given, NameRole.GIVEN, _part_text(given_q), _part_text(record_name.given)
    )
    if evidence.swapped:
        reasons.append("names in a different order")
    if record_name.alias_of is not None:
        reasons.append(f"matches an alias ({record_name.alias_of})")
    if query_name.alias_of is not None:
        reasons.append(f"an alias given matches ({query_name.alias_of})")
    parts = (query_name.family, query_name.given, record_name.family, record_name.given)
    if weight > 0 and any(part.other_script for part in parts):
        reasons.append("name transliterated from another script")
    return tuple(reasons)


def _part_text(part: NamePart) -> str:
    return "-".join(_show(token) for token in part.tokens)


def score_record(query: PersonQuery, record: PersonRecord) -> Candidate:
    """Compare one query with one record."""
    candidate = score_profiles(profile_of(query), profile_of(record), record.id)
    assert candidate is not None  # no threshold, so always scored
    return candidate


def rank_candidates(
    query: PersonQuery,
    records: Iterable[PersonRecord],
    limit: int = 10,
    threshold: int = SHOW_THRESHOLD,
) -> list[Candidate]:
    """The best-scoring records at or above ``threshold``, best first, with their reasons.

    This compares the query with every record; for a large register build a ``MatchIndex``.
    """
    wanted = profile_of(query)
    names_seen: NameCache = {}
    scored = (
        score_profiles(wanted, profile_of(record), record.id, threshold, names_seen)
        for record in records
    )
    return best_candidates(scored, limit)


def best_candidates(candidates: Iterable[Candidate | None], limit: int) -> list[Candidate]:
    kept = [candidate for candidate in candidates if candidate is not None]
    kept.sort(key=lambda candidate: -candidate.score)
    return kept[:limit]
