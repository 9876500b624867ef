"""The name tables kept as data files: variant groups, look-alike names that differ, common names.

The files live in ``data/`` next to this module; each entry is normalised like any name when
loaded, so the tables can be written in ordinary spelling (Ó Súilleabháin, D'Souza, Wójcik).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marac_desktop.matching.normalise import NameRole, normalise_part

# Given names that usually come first and are shared by many (Mohammed Imran goes by Imran;
# Vietnamese Thi Lan goes by Lan).
_LEADING_GIVEN_NAMES = frozenset(
    {"syed", "sayed", "syeda", "sheikh", "shaikh", "haji", "hajji", "hafiz", "mst", "most"}
    | {"mosammat", "mosammet", "mossammat", "sri", "shri", "smt", "thi", "van"}
)


@dataclass(frozen=True, slots=True)
class NameTables:
    groups: dict[NameRole, dict[str, frozenset[int]]]
    """Per field: normalised name -> ids of the variant groups it belongs to."""
    distinct: dict[str, frozenset[int]]
    """Normalised name -> ids of the look-alike sets that must not be matched by spelling."""
    common: dict[NameRole, frozenset[str]]
    leading_given: frozenset[str]


def _rows(filename: str) -> Iterator[list[str]]:
    text = resources.files("marac_desktop.matching").joinpath("data").joinpath(filename)
    for line in text.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield [cell.strip() for cell in line.split(",") if cell.strip()]


def _keys(name: str) -> set[str]:
    """A table entry as it may appear in either name field."""
    return {normalise_part(name, role).compound for role in NameRole} - {""}


def _index(
    filenames: tuple[str, ...], chaining: frozenset[str] = frozenset()
) -> tuple[dict[str, frozenset[int]], list[tuple[str, ...]]]:
    """Name -> ids of its groups, and the groups; the groups holding a ``chaining`` name count
    as one (every member of each belongs to all of them)."""
    found: defaultdict[str, set[int]] = defaultdict(set)
    sets: list[tuple[str, ...]] = []
    for filename in filenames:
        for row in _rows(filename):
            names = sorted({key for name in row for key in _keys(name)})
            for name in names:
                found[name].add(len(sets))
            sets.append(tuple(names))
    for link in sorted(chaining & found.keys()):
        joined = frozenset(found[link])
        for group in joined:
            for name in sets[group]:
                found[name] |= joined
    return {name: frozenset(ids) for name, ids in found.items()}, sets


def _with_abbreviations(groups: dict[str, frozenset[int]]) -> dict[str, frozenset[int]]:
    """Each written abbreviation (Wm) joins every group of the name it stands for (William)."""
    joined = dict(groups)
    for full, *short in _rows("given_abbreviations.csv"):
        ids = frozenset().union(*(groups.get(key, frozenset()) for key in _keys(full)))
        for name in short:
            for key in _keys(name):
                joined[key] = joined.get(key, frozenset()) | ids
    return joined


def _chaining_names() -> frozenset[str]:
    return frozenset(key for row in _rows("chaining_names.csv") for key in _keys(row[0]))


@cache
def tables() -> NameTables:
    """Load the tables once per process."""
    given, given_sets = _index(("nicknames.csv",), _chaining_names())
    given = _with_abbreviations(given)
    family, _ = _index(("surname_variants.csv",))
    distinct, _ = _index(("distinct_names.csv",))
    common: defaultdict[NameRole, set[str]] = defaultdict(set)
    for role_name, name in _rows("common_names.csv"):
        role = NameRole(role_name)
        common[role] |= _keys(name)
    mohammed = next(group for group in given_sets if {"muhammad", "mohammed"} <= set(group))
    return NameTables(
        groups={NameRole.GIVEN: given, NameRole.FAMILY: family},
        distinct=distinct,
        common={role: frozenset(common[role]) for role in NameRole},
        leading_given=_LEADING_GIVEN_NAMES | frozenset(mohammed),
    )


def variant_groups(name: str, role: NameRole) -> frozenset[int]:
    return tables().groups[role].get(name, frozenset())


@cache
def _members(role: NameRole) -> dict[int, frozenset[str]]:
    found: defaultdict[int, set[str]] = defaultdict(set)
    for name, ids in tables().groups[role].items():
        for group in ids:
            found[group].add(name)
    return {group: frozenset(names) for group, names in found.items()}


def variant_names(name: str, role: NameRole) -> frozenset[str]:
    """Every name the table for the field lists as a form of ``name`` (``name`` too)."""
    members = _members(role)
    return frozenset({name}).union(*(members[group] for group in variant_groups(name, role)))


def are_variants(a: str, b: str, role: NameRole) -> bool:
    """True when the table for the field lists the two normalised names as forms of one name."""
    groups = tables().groups[role]
    return bool(groups.get(a, frozenset()) & groups.get(b, frozenset()))


def listed_as_distinct(a: str, b: str) -> bool:
    distinct = tables().distinct
    return bool(distinct.get(a, frozenset()) & distinct.get(b, frozenset()))


def is_known_given_name(name: str) -> bool:
    """Listed in any of the given-name tables."""
    known = tables()
    return name in known.groups[NameRole.GIVEN] or name in known.distinct


def is_common(name: str, role: NameRole) -> bool:
    return name in tables().common[role]


def is_leading_given_name(name: str) -> bool:
    """Mohammed, Syed, Sheikh ...: often the first of several given names, not the one used."""
    return name in tables().leading_given
