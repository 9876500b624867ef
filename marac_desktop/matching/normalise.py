"""Turn a name as typed into comparable tokens.

Every script is transliterated to plain a-z (Arabic, Cyrillic, Greek, Chinese, Indic ...), case,
accents, apostrophes and punctuation are dropped, hyphenated and spaced parts are split and also
kept joined, and particles (al-, bin, van, de, Mac ...) are handled so that the usual ways of
writing one name come out the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from anyascii import anyascii


class NameRole(Enum):
    FAMILY = "family"
    GIVEN = "given"


@dataclass(frozen=True, slots=True)
class NamePart:
    """One name field (family or given names) made comparable."""

    tokens: tuple[str, ...]
    """The words of the name in order, without titles, suffixes and particles."""
    spellings: frozenset[str]
    """Whole-field spellings that count as the same: joined words, with particles (van der Berg:
    berg, vanderberg), without the article (Alhassan: hassan) or the Irish O' (O'Brien: brien)."""
    vowelless: bool
    """Written in a script that leaves short vowels out (Arabic, Urdu, Hebrew, Indic scripts)."""
    other_script: bool
    """Transliterated from a script other than Latin."""

    @property
    def compound(self) -> str:
        return "".join(self.tokens)


# Scripts whose transliteration lacks most vowels, so comparison falls back to consonants.
_VOWELLESS_RANGES = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, Arabic supplements
    (0x0900, 0x0DFF),  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil ... Sinhala
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),
)
# Han ideographs and Hangul syllables: one syllable per character, so each becomes its own word.
_SYLLABIC_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))

_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb`\u00b4\u2032\u02b9"
_ELIDED_PARTICLE = re.compile(rf"\b([DdLlOo])[{_APOSTROPHES}](?=\w)")
_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_NOT_LETTER = re.compile(r"[^a-z]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _words("mr mrs ms miss mx dr prof sir dame lady lord rev master mister madam")
_SUFFIXES = _words("jr jnr junior sr snr senior ii iii iv")
# Glued to the following word: O Brien -> obrien, Mac Donald -> mcdonald.
_GLUED_PREFIXES = frozenset({"o", "mc", "mac"})
# Connectors that are never a name on their own; dropped in any name field when a word follows.
_CONNECTORS = frozenset({"ul", "ud", "bin", "ibn", "bint", "binti"})
# Articles and particles of family names; dropped when a word follows (Al-Hassan, van der Berg).
_FAMILY_PARTICLES = _words(
    "al el van von der den de del della dela di da do dos das du la le ter ten y e ap d l"
)
# Abd / Abdul / Abdel / Abdur ... + name: written joined or apart, with many linking vowels.
_ABD_WORDS = frozenset({"abd", "abdul", "abdel", "abdal", "abdur", "abdus", "abdu", "abdil"})
_ABD_JOINED = re.compile(r"^abd(?:ul|el|al|ur|us|ir|ar|i|u|e|a|o)?([b-df-hj-np-tv-z][a-z]{3,})$")
_ARTICLE_JOINED = re.compile(r"^(?:al|el)([a-z]{4,})$")

FAMILY_NAME_LEADS = (_GLUED_PREFIXES | _CONNECTORS | _FAMILY_PARTICLES) - _words("y e d l")
"""Words that begin a family name written in several words (Mc Donald, van der Berg, bin
Rashid); single letters that may be initials are left out."""
NAME_SUFFIXES = _SUFFIXES


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def family_name_first_script(word: str) -> bool:
    """Written in Chinese or Korean script, where the family name comes first."""
    return bool(word) and _in_ranges(ord(word[0]), _SYLLABIC_RANGES)


def transliterate(text: str) -> str:
    """Plain lower-case a-z words separated by spaces; symbols and digits are dropped."""
    text = _ELIDED_PARTICLE.sub(r"\1 ", unicodedata.normalize("NFKC", text))
    text = _APOSTROPHE.sub("", text)
    pieces: list[str] = []
    for char in text:
        if char.isascii():
            pieces.append(char if char.isalpha() else " ")
            continue
        category = unicodedata.category(char)
        if category[0] not in "LM":
            pieces.append(" ")
        elif _in_ranges(ord(char), _SYLLABIC_RANGES):
            pieces.append(f" {anyascii(char)} ")
        else:
            pieces.append(anyascii(char))
    return _NOT_LETTER.sub(" ", "".join(pieces).casefold()).strip()


def _canonical_word(word: str, role: NameRole) -> str:
    if role is NameRole.FAMILY and word.startswith("mac") and len(word) >= 6:
        word = "mc" + word[3:]
    rest = _abd_rest(word)
    return word if rest is None else "abd" + rest


def _abd_rest(word: str) -> str | None:
    """The name after Abd/Abdul/Abdel/Abdi... when joined to it (not Abdullah/Abdallah)."""
    if word.startswith(("abdull", "abdall")):
        return None
    joined = _ABD_JOINED.match(word)
    return joined.group(1) if joined else None


def _tidy(words: list[str], role: NameRole) -> tuple[list[str], set[str]]:
    """One pass of the title, suffix, prefix and particle rules: the words and extra spellings."""
    spellings: set[str] = set()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    particles = _CONNECTORS | (_FAMILY_PARTICLES if role is NameRole.FAMILY else frozenset())
    out: list[str] = []
    with_particles: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        has_next = index + 1 < len(words)
        if has_next and (word in _GLUED_PREFIXES or word in _ABD_WORDS):
            following = words[index + 1]
            if word == "o" and role is NameRole.FAMILY:
                spellings.add(following)  # O'Brien is also written Brien
            glued = ("abd" if word in _ABD_WORDS else word) + following
            out.append(_canonical_word(glued, role))
            with_particles.append(glued)
            index += 2
            continue
        with_particles.append(word)
        if not (has_next and word in particles):
            out.append(_canonical_word(word, role))
        index += 1
    if len(with_particles) != len(out):
        spellings.add("".join(with_particles))
    return out, spellings


@lru_cache(maxsize=200_000)
def normalise_part(text: str, role: NameRole = NameRole.FAMILY) -> NamePart:
    """Normalise one name field; the result is cached, as names repeat."""
    words = transliterate(text).split()
    spellings: set[str] = set()
    while True:
        tidied, more = _tidy(words, role)
        spellings |= more
        if tidied == words:
            break
        words = tidied
    tokens = tuple(words)
    if tokens:
        spellings.add("".join(tokens))
    spellings = {_canonical_word(spelling, role) for spelling in spellings}
    if role is NameRole.FAMILY:
        spellings |= {m.group(1) for m in map(_ARTICLE_JOINED.match, list(spellings)) if m}
    codes = [ord(char) for char in text if not char.isascii()]
    return NamePart(
        tokens=tokens,
        spellings=frozenset(spellings),
        vowelless=any(_in_ranges(code, _VOWELLESS_RANGES) for code in codes),
        other_script=any(not _is_latin(chr(code)) for code in codes),
    )


def _is_latin(char: str) -> bool:
    if not char.isalpha():
        return True
    return unicodedata.name(char, "").startswith("LATIN")


def name_tokens(text: str, role: NameRole = NameRole.FAMILY) -> tuple[str, ...]:
    return normalise_part(text, role).tokens


def normalise_name(text: str, role: NameRole = NameRole.FAMILY) -> str:
    """The name as one comparable string: tokens in order, separated by single spaces."""
    return " ".join(name_tokens(text, role))
