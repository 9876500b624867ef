"""Phonetic keys for normalised name tokens (plain a-z)."""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish

_REPEATS = re.compile(r"(.)\1+")
_SOFT_LETTERS = re.compile(r"[aeiouyw]")
# Digraphs folded the same way on both sides before the vowels go.
_DIGRAPHS = (("ph", "f"), ("ch", "c"), ("ck", "k"), ("mg", "ng"), ("mk", "nk"))


@lru_cache(maxsize=100_000)
def sounds_like_key(token: str) -> str:
    """Metaphone code (English spelling rules): Smith / Smyth, Catherine / Kathryn."""
    return jellyfish.metaphone(token) if token else ""


@lru_cache(maxsize=100_000)
def nysiis_key(token: str) -> str:
    """NYSIIS code (made for names): Kristopher / Christopher, Jusuf / Yusuf."""
    return jellyfish.nysiis(token) if token else ""


@lru_cache(maxsize=100_000)
def consonant_skeleton(token: str) -> str:
    """The consonants in order, doubled letters once: what Arabic, Urdu and Indic scripts write.

    A leading vowel is dropped (alif and ain are often not transliterated), y and w count as
    vowels after the first letter, and a final h (Urdu and Arabic feminine endings) is dropped:
    Mohammed, Muhammad and محمد (mhmd) all give mhmd; Fatima and فاطمة (ftmh) give ftm.
    """
    for digraph, single in _DIGRAPHS:
        token = token.replace(digraph, single)
    if not token:
        return ""
    head = "" if token[0] in "aeiou" else token[0]
    skeleton = _REPEATS.sub(r"\1", head + _SOFT_LETTERS.sub("", token[1:]))
    if len(skeleton) > 1 and skeleton.endswith("h"):
        skeleton = skeleton[:-1]
    return skeleton


def blocking_code(token: str) -> str:
    """A coarse key for finding candidates: tolerant of vowels, doubled letters and scripts."""
    return consonant_skeleton(token) or token
