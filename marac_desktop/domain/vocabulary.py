"""Controlled vocabularies: the codes a coded field may hold, with their labels.

A coded field (agency, ethnicity, gender, sexuality, relationship) stores a code. Anything a
person types that is not a known code, label or spelling of one is stored as the code
``other`` with the typed words kept beside it as free text, which no anonymised output reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

OTHER = "other"
"""Every vocabulary has this code: what was typed did not match a known term."""


class VocabularyId(StrEnum):
    AGENCY = "agency"
    ETHNICITY = "ethnicity"
    GENDER = "gender"
    SEXUALITY = "sexuality"
    RELATIONSHIP = "relationship"
    INTERVENTION = "intervention"


def fold(text: str) -> str:
    """Text as compared with labels and spellings: case folded, spaces squeezed."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Term:
    code: str
    label: str
    traits: frozenset[str] = frozenset()
    """Yes/no properties the rules read: ``police``, ``minoritised``, ``lgbt``, ``male`` ..."""
    aliases: tuple[str, ...] = ()
    local: bool = False
    """Added by this area's administrator, not shipped with the application."""

    def has(self, trait: str) -> bool:
        return trait in self.traits


@dataclass(frozen=True, slots=True)
class Coded:
    """A coded value as a person entered it: the code, and their own words when it is ``other``
    (or a description they added). Only ``code`` may reach an anonymised output."""

    code: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    id: VocabularyId
    version: int
    title: str
    terms: tuple[Term, ...]
    _by_code: Mapping[str, Term] = field(init=False, repr=False, compare=False)
    _by_text: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {t.code: t for t in self.terms}
        by_text: dict[str, str] = {}
        for term in self.terms:
            for text in (term.code, term.label, *term.aliases):
                by_text.setdefault(fold(text), term.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_text", by_text)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def label(self, code: str, empty: str = "Not recorded") -> str:
        """The label shown for a stored code ("" is not recorded; an unknown code is other)."""
        if not code:
            return empty
        term = self._by_code.get(code) or self._by_code[OTHER]
        return term.label

    def shown(self, code: str, detail: str = "", empty: str = "Not recorded") -> str:
        """For restricted screens only: the label, or the person's own words for ``other``."""
        if code == OTHER and detail:
            return detail
        return self.label(code, empty)

    def has(self, code: str, trait: str) -> bool:
        term = self._by_code.get(code)
        return term is not None and term.has(trait)

    def known(self, code: str) -> str:
        """A stored code as the rules count it: "" stays not recorded, an unknown code is other."""
        return code if not code or code in self._by_code else OTHER

    def codes_with(self, trait: str) -> frozenset[str]:
        return frozenset(t.code for t in self.terms if t.has(trait))

    def resolve(self, text: str) -> Coded:
        """The code for what a person typed or chose: a code, label or known spelling gives its
        code; anything else gives ``other`` with the words kept as the detail; blank gives ""."""
        cleaned = " ".join(text.split())
        if not cleaned:
            return Coded("")
        code = self._by_text.get(fold(cleaned))
        if code is None:
            return Coded(OTHER, cleaned)
        return Coded(code)


@dataclass(frozen=True, slots=True)
class Vocabularies:
    agency: Vocabulary
    ethnicity: Vocabulary
    gender: Vocabulary
    sexuality: Vocabulary
    relationship: Vocabulary
    intervention: Vocabulary

    def get(self, vocabulary: VocabularyId) -> Vocabulary:
        found: Vocabulary = getattr(self, vocabulary.value)
        return found

    def __iter__(self) -> Iterator[Vocabulary]:
        return iter(
            (
                self.agency,
                self.ethnicity,
                self.gender,
                self.sexuality,
                self.relationship,
                self.intervention,
            )
        )
