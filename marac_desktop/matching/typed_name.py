"""A whole name typed in one box, split into family and given names as a person would mean it.

"FAMILY, Given" splits at the comma. Otherwise the family name is the last word with the
particles before it (Deborah Mc Donald, Anna van der Berg, Ahmed bin Rashid) and any suffix
after it (Smith Jr). A name in Chinese or Korean script is family name first; written without
spaces (王小明) its first character is the family name. One word on its own (a mononym) is
taken as the family name. Matching also tries the names the other way round, so a name typed
in the other order is still found.
"""

from __future__ import annotations

from marac_desktop.matching.normalise import (
    FAMILY_NAME_LEADS,
    NAME_SUFFIXES,
    family_name_first_script,
    transliterate,
)


def _lead(word: str) -> bool:
    return transliterate(word) in FAMILY_NAME_LEADS


def split_full_name(text: str) -> tuple[str, str]:
    """(family name, given names) of a whole name typed in one box."""
    text = " ".join(text.split())
    if "," in text:
        family, given = text.split(",", 1)
        return family.strip(), given.strip()
    words = text.split(" ")
    if family_name_first_script(words[0]):
        if len(words) == 1 and len(text) > 1:
            return text[0], text[1:]
        return words[0], " ".join(words[1:])
    if len(words) == 1:
        return text, ""
    end = len(words)
    while end > 1 and transliterate(words[end - 1]) in NAME_SUFFIXES:
        end -= 1
    start = max(end - 1, 1)
    while start > 1 and _lead(words[start - 1]):
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])
