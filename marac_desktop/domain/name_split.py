"""Splitting one full-name cell into family and given names, as a tracking sheet writes them.

Pure rules, shown to the coordinator row by row before anything is saved:

- "NOWAK, Ewa": the part before the comma is the family name;
- "NOWAK Ewa": leading words in capitals (with lower-case words after) are the family name;
- "Ewa Nowak": otherwise the last word is the family name, together with the particles before
  it ("Deborah Mc Donald", "Anna van der Berg", "Ahmed bin Ali", "Sara al- Amin");
- one word (a mononym, or a name in a script written without spaces) is kept whole as the
  family name, with no given names.

The order can be fixed instead of worked out ("family first" or "given first"), and the
particles are the coordinator's to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PARTICLES = (
    "mc",
    "mac",
    "o'",
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "da",
    "di",
    "du",
    "le",
    "la",
    "al",
    "al-",
    "el",
    "el-",
    "bin",
    "bint",
    "ibn",
    "ben",
    "ap",
)
"""Words that belong to the family name that follows them."""


class NameOrder(StrEnum):
    AUTO = "auto"
    """A comma or capitals say where the family name is; otherwise it comes last."""
    FAMILY_FIRST = "family_first"
    GIVEN_FIRST = "given_first"

    @property
    def label(self) -> str:
        return _ORDER_LABELS[self]


_ORDER_LABELS = {
    NameOrder.AUTO: "Work it out (FAMILY, Given / FAMILY Given / Given Family)",
    NameOrder.FAMILY_FIRST: "Family name first",
    NameOrder.GIVEN_FIRST: "Given names first",
}


class SplitHow(StrEnum):
    COMMA = "comma"
    CAPITALS = "capitals"
    FAMILY_FIRST = "family first"
    LAST_WORD = "last word"
    ONE_WORD = "one word"


@dataclass(frozen=True, slots=True)
class SplitRules:
    order: NameOrder = NameOrder.AUTO
    particles: tuple[str, ...] = DEFAULT_PARTICLES


@dataclass(frozen=True, slots=True)
class SplitName:
    family_name: str
    given_names: str
    how: SplitHow


def _is_particle(word: str, particles: frozenset[str]) -> bool:
    return word.casefold() in particles


def _all_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1


def _has_case(word: str) -> bool:
    return any(c.isupper() or c.islower() for c in word)


def _family_at_end(words: list[str], particles: frozenset[str]) -> int:
    """Where the family name starts when it comes last: the last word and its particles."""
    start = len(words) - 1
    while start > 1 and _is_particle(words[start - 1], particles):
        start -= 1
    return start


def _family_at_start(words: list[str], particles: frozenset[str]) -> int:
    """Where the given names start when the family name comes first (particles lead it)."""
    end = 0
    while end < len(words) - 2 and _is_particle(words[end], particles):
        end += 1
    return end + 1


def _calm(family: str, particles: frozenset[str]) -> str:
    """A family name written in capitals to mark it, in the case it would be written in
    (particles in lower case: "VAN DER BERG" is "van der Berg")."""
    if not _all_capitals(family.replace(" ", "")):
        return family
    words = family.split(" ")
    return " ".join(w.lower() if _is_particle(w, particles) else w.title() for w in words)


def split_full_name(text: str, rules: SplitRules = SplitRules()) -> SplitName | None:
    """The family and given names in ``text``; None for an empty cell."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    particles = frozenset(p.casefold() for p in rules.particles)
    if "," in cleaned and rules.order is not NameOrder.GIVEN_FIRST:
        family, given = (" ".join(part.split()) for part in cleaned.split(",", 1))
        if family:
            rest = given.replace(",", " ").strip()
            return SplitName(_calm(family, particles), rest, SplitHow.COMMA)
        cleaned = given
    words = cleaned.replace(",", " ").split()
    if len(words) == 1:
        return SplitName(words[0], "", SplitHow.ONE_WORD)
    if rules.order is NameOrder.FAMILY_FIRST:
        start = _family_at_start(words, particles)
        return SplitName(" ".join(words[:start]), " ".join(words[start:]), SplitHow.FAMILY_FIRST)
    if rules.order is NameOrder.AUTO:
        capitals = 0
        while capitals < len(words) and _all_capitals(words[capitals]):
            capitals += 1
        after = words[capitals:]
        if 0 < capitals < len(words) and any(_has_case(w) for w in after):
            family = _calm(" ".join(words[:capitals]), particles)
            return SplitName(family, " ".join(after), SplitHow.CAPITALS)
    start = _family_at_end(words, particles)
    return SplitName(" ".join(words[start:]), " ".join(words[:start]), SplitHow.LAST_WORD)
