"""How two normalised name words, and two name fields, agree."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from marac_desktop.matching.normalise import NamePart, NameRole
from marac_desktop.matching.phonetic import consonant_skeleton, nysiis_key, sounds_like_key
from marac_desktop.matching.variants import (
    are_variants,
    is_known_given_name,
    is_leading_given_name,
    listed_as_distinct,
)


class Agreement(IntEnum):
    """How well two name words agree, weakest first."""

    NONE = 0
    CLOSE = 1
    """Spelt nearly the same, but not a usual slip: perhaps another name (Minh / Linh)."""
    INITIAL = 2
    SHORT_FORM = 3
    TYPING_SLIP = 4
    SOUNDS_ALIKE = 5
    VARIANT = 6
    SAME = 7


_VOWELS = frozenset("aeiouy")
_FEMININE_SUFFIXES = ("a", "e", "le", "ine", "ette", "na")
_MASCULINE_ENDINGS = frozenset("bdlmnrst")
# Feminine surname endings and the masculine endings they stand for (Slavic, Baltic).
_FEMININE_SURNAME_ENDINGS = (
    ("skaya", ("sky", "skiy", "ski")),
    ("uviene", ("us",)),
    ("iene", ("as", "is", "ys", "us")),
    ("aite", ("as",)),
    ("dzka", ("dzki",)),
    ("ska", ("ski", "sky")),
    ("cka", ("cki", "cky")),
    ("yte", ("is", "ys")),
    ("ute", ("us",)),
    ("ova", ("ov", "")),
    ("eva", ("ev",)),
    ("ina", ("in",)),
)
_YORUBA_PREFIXES = ("oluwa", "olu")


def _gendered_given_pair(a: str, b: str) -> bool:
    """Amir / Amira, Paul / Pauline, Mario / Maria: related names, different people."""
    short, long = sorted((a, b), key=len)
    if not (is_known_given_name(a) and is_known_given_name(b)):
        return False  # Jessic / Jessica is a slip
    if (
        len(short) >= 3
        and short[-1] in _MASCULINE_ENDINGS
        and any(long == short + suffix for suffix in _FEMININE_SUFFIXES)
    ):
        return True
    return len(a) == len(b) >= 4 and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}


def _one_ends_feminine(a: str, b: str) -> bool:
    """One name ends in -a, the other as a man's name often does (Farhan / Farhana)."""
    if a[-1] == "a":
        a, b = b, a
    return b[-1] == "a" and (a[-1] in _MASCULINE_ENDINGS or a[-1] == "e")


def _surname_forms(name: str) -> set[str]:
    """The name and, for a feminine form (Kowalska, Ivanova, Kazlauskiene), its masculine ones."""
    forms = {name}
    for ending, masculine in _FEMININE_SURNAME_ENDINGS:
        stem = name[: -len(ending)]
        if name.endswith(ending) and len(stem) >= 3:
            forms.update(stem + other for other in masculine)
            break
    return forms


def _yoruba_stem(name: str) -> str:
    """Oluwaseun, Oluseun and Seun share the stem seun."""
    for prefix in _YORUBA_PREFIXES:
        if name.startswith(prefix) and len(name) - len(prefix) >= 3:
            return name[len(prefix) :]
    return name


@lru_cache(maxsize=500_000)
def compare_words(a: str, b: str, role: NameRole, vowelless: bool = False) -> Agreement:
    """Compare two normalised words; ``vowelless`` when one came from Arabic or Indic script."""
    if a == b:
        return Agreement.SAME if a else Agreement.NONE
    if not a or not b:
        return Agreement.NONE
    if are_variants(a, b, role):
        return Agreement.VARIANT
    if role is NameRole.FAMILY and _surname_forms(a) & _surname_forms(b):
        return Agreement.VARIANT
    if role is NameRole.GIVEN and _yoruba_stem(a) == _yoruba_stem(b):
        return Agreement.VARIANT
    if listed_as_distinct(a, b) or (role is NameRole.GIVEN and _gendered_given_pair(a, b)):
        return Agreement.NONE
    short, long = sorted((a, b), key=len)
    if role is NameRole.GIVEN and not vowelless and _one_ends_feminine(a, b):
        return Agreement.CLOSE  # Farhan / Farhana, Shane / Shauna: perhaps a brother and sister
    if len(short) == 1:
        return Agreement.INITIAL if long[0] == short else Agreement.NONE
    if vowelless:
        skeleton_a, skeleton_b = consonant_skeleton(a), consonant_skeleton(b)
        if skeleton_a == skeleton_b:
            return Agreement.SOUNDS_ALIKE
        if (
            min(len(skeleton_a), len(skeleton_b)) >= 2
            and skeleton_a[0] == skeleton_b[0]
            and OSA.distance(skeleton_a, skeleton_b) <= 1
        ):
            return Agreement.TYPING_SLIP
    similarity = JaroWinkler.similarity(a, b)
    if len(short) >= 3 and similarity >= 0.8 and _sound_alike(a, b):
        return Agreement.SOUNDS_ALIKE
    if _typing_slip(a, b):
        return Agreement.TYPING_SLIP
    if len(short) >= 3 and len(long) >= len(short) + 2 and long.startswith(short):
        return Agreement.SHORT_FORM
    distance = OSA.distance(a, b)
    if distance == 1 or (distance == 2 and len(short) >= 5 and similarity >= 0.88):
        return Agreement.CLOSE
    return Agreement.NONE


def _sound_alike(a: str, b: str) -> bool:
    """Same phonetic key, but not short names that differ in one vowel (Jade / Jude)."""
    if len(a) == len(b) <= 5:
        changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        if len(changed) == 1 and set(changed[0]) <= _VOWELS:
            return False
    return any(key(a) == key(b) for key in (sounds_like_key, nysiis_key))


def _typing_slip(a: str, b: str) -> bool:
    """A slip of the keyboard: two letters swapped, one letter missing or extra, a neighbouring
    key hit, or (in long words) two such slips.

    A different letter in a short word or at the start more often means another name (Minh /
    Linh, Jade / Jude) than a slip, unless the two keys are neighbours.
    """
    short, long = sorted((a, b), key=len)
    distance = OSA.distance(a, b)
    if distance == 2:
        return len(short) >= 7 and a[0] == b[0] and JaroWinkler.similarity(a, b) >= 0.9
    if distance != 1 or len(short) < 3:
        return False
    if len(short) != len(long):  # a letter missing or extra: not at the end of a short word
        return len(short) >= 4 or long[:-1] != short
    position = next(i for i in range(len(a)) if a[i] != b[i])
    if a[position + 1 :] != b[position + 1 :]:  # two letters swapped
        return True
    neighbours = b[position] in _KEY_NEIGHBOURS.get(a[position], "")
    return neighbours if position == 0 or len(short) < 5 else True


def _keyboard_neighbours() -> dict[str, str]:
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    found: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            near = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(rows):
                    near += [rows[other][i] for i in (c - 1, c, c + 1) if 0 <= i < len(rows[other])]
            found[key] = "".join(near)
    return found


_KEY_NEIGHBOURS = _keyboard_neighbours()


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """How one name field (family or given) of a query agrees with a record's."""

    agreement: Agreement
    query_word: str = ""
    record_word: str = ""
    partial: bool = False
    """Only one of several words agrees (Smith-Jones / Jones)."""
    other_position: bool = False
    """The agreeing word is a middle name, or the surname is found among the given names."""
    missing: bool = False
    """One side has nothing in this field."""
    middle: Agreement | None = None
    """For given names: how the further given names agree, when both have them."""
    respelt: bool = False
    """The same name written another way (Al-Hassan / Hassan, D'Souza / Dsouza)."""


_MISSING = FieldMatch(Agreement.NONE, missing=True)


def _best_pair(
    query: tuple[str, ...], record: tuple[str, ...], role: NameRole, vowelless: bool
) -> tuple[Agreement, str, str]:
    best = (Agreement.NONE, "", "")
    for q in query:
        for r in record:
            agreement = compare_words(q, r, role, vowelless)
            if agreement > best[0]:
                best = (agreement, q, r)
    return best


def _spellings_agree(query: NamePart, record: NamePart, role: NameRole) -> FieldMatch | None:
    if query.compound == record.compound:
        return FieldMatch(Agreement.SAME, query.compound, record.compound)
    if query.spellings & record.spellings:
        return FieldMatch(Agreement.VARIANT, query.compound, record.compound, respelt=True)
    if len(query.tokens) != len(record.tokens):  # Mary Ann / Maryann, Xiao Ming / Xiaoming
        agreement = compare_words(query.compound, record.compound, role, False)
        if agreement >= Agreement.TYPING_SLIP:
            return FieldMatch(agreement, query.compound, record.compound)
    return None


def compare_family(
    query: NamePart, record: NamePart, query_given: NamePart, record_given: NamePart
) -> FieldMatch:
    """Family names: every word, one of several (hyphenated, married), or found elsewhere."""
    if not query.tokens or not record.tokens:
        return _MISSING
    role = NameRole.FAMILY
    vowelless = query.vowelless or record.vowelless
    whole = _spellings_agree(query, record, role)
    if whole is not None:
        return whole
    shorter, longer = sorted((query.tokens, record.tokens), key=len)
    matched: list[Agreement] = []
    remaining = list(longer)
    for word in shorter:
        scores = [compare_words(word, other, role, vowelless) for other in remaining]
        best = max(range(len(scores)), key=scores.__getitem__)
        matched.append(scores[best])
        del remaining[best]
    agreement, q, r = _best_pair(query.tokens, record.tokens, role, vowelless)
    if agreement >= Agreement.TYPING_SLIP:
        whole_field = not remaining and min(matched) >= Agreement.TYPING_SLIP
        level = min(matched) if whole_field else agreement
        return FieldMatch(level, q, r, partial=not whole_field)
    elsewhere = max(
        _best_pair(query_given.tokens[1:], record.tokens, role, vowelless),
        _best_pair(query.tokens, record_given.tokens[1:], role, vowelless),
        key=lambda found: found[0],
    )
    if elsewhere[0] >= Agreement.VARIANT:
        return FieldMatch(elsewhere[0], elsewhere[1], elsewhere[2], other_position=True)
    return FieldMatch(agreement, q, r)


def _principal_agreement(
    query: tuple[str, ...], record: tuple[str, ...], vowelless: bool
) -> tuple[Agreement, str, str, int, int]:
    """Agreement of the names a person goes by: the first, or the second after Mohammed, Syed."""
    role = NameRole.GIVEN
    query_leads = len(query) > 1 and is_leading_given_name(query[0])
    record_leads = len(record) > 1 and is_leading_given_name(record[0])
    if query_leads and record_leads:
        pairs = [(1, 1)]
    elif query_leads:
        pairs = [(1, 0), (0, 0)]
    elif record_leads:
        pairs = [(0, 1), (0, 0)]
    else:
        pairs = [(0, 0)]
    scored = [(compare_words(query[i], record[j], role, vowelless), i, j) for i, j in pairs]
    agreement, i, j = max(scored, key=lambda item: item[0])
    return agreement, query[i], record[j], i, j


def compare_given(query: NamePart, record: NamePart) -> FieldMatch:
    """Given names: the name used, a middle name used instead, and whether middle names agree."""
    if not query.tokens or not record.tokens:
        return _MISSING
    role = NameRole.GIVEN
    vowelless = query.vowelless or record.vowelless
    whole = _spellings_agree(query, record, role)
    if whole is not None:
        return whole
    agreement, q, r, qi, ri = _principal_agreement(query.tokens, record.tokens, vowelless)
    rest_q = query.tokens[:qi] + query.tokens[qi + 1 :]
    rest_r = record.tokens[:ri] + record.tokens[ri + 1 :]
    if agreement >= Agreement.INITIAL:
        middle = None
        if rest_q and rest_r:
            middle = _best_pair(rest_q, rest_r, role, vowelless)[0]
        return FieldMatch(agreement, q, r, middle=middle)
    # A shared Mohammed or Syed among several given names says little about who is who.
    own_q = tuple(word for word in query.tokens if not is_leading_given_name(word))
    own_r = tuple(word for word in record.tokens if not is_leading_given_name(word))
    pairs = [
        (own_q, tuple(w for w in rest_r if w in own_r)),
        (tuple(w for w in rest_q if w in own_q), own_r),
    ]
    crossed = max((_best_pair(a, b, role, vowelless) for a, b in pairs), key=lambda item: item[0])
    if crossed[0] >= Agreement.TYPING_SLIP:
        return FieldMatch(crossed[0], crossed[1], crossed[2], other_position=True)
    return FieldMatch(max(agreement, crossed[0]), q, r)


def variant_kind(a: str, b: str, role: NameRole) -> str:
    """Why two words count as variants, in plain words."""
    if not are_variants(a, b, role):
        if role is NameRole.FAMILY and _surname_forms(a) & _surname_forms(b):
            return "the same surname in its feminine or masculine form"
        if role is NameRole.GIVEN and _yoruba_stem(a) == _yoruba_stem(b):
            return "a known short form"
    return "a known variant"
