"""Which field each column of a tracking sheet feeds: the choices, a suggestion worked out from
each column's header and values, and the mapping as a JSON file for the command line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from marac_desktop.domain.name_split import DEFAULT_PARTICLES, NameOrder
from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError, read_sheet_date
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.sheet_reader import Sheet, column_letter

SAMPLE_ROWS = 200
"""Rows looked at when a column's values help suggest its field."""


class Target(StrEnum):
    """What a column feeds. Each may be chosen for one column only, except the notes and
    "not imported"."""

    VICTIM_NAME = "victim_name"
    VICTIM_FAMILY = "victim_family_name"
    VICTIM_GIVEN = "victim_given_names"
    VICTIM_DOB = "victim_dob"
    VICTIM_GENDER = "victim_gender"
    VICTIM_ETHNICITY = "victim_ethnicity"
    VICTIM_POSTCODE = "victim_postcode"
    PERPETRATOR_NAME = "perpetrator_name"
    PERPETRATOR_FAMILY = "perpetrator_family_name"
    PERPETRATOR_GIVEN = "perpetrator_given_names"
    PERPETRATOR_DOB = "perpetrator_dob"
    REFERRAL_DATE = "referral_date"
    MARAC_DATE = "marac_date"
    REFERRING_AGENCY = "referring_agency"
    DASH_SCORE = "dash_score"
    REPEAT = "repeat"
    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    CHILDREN = "children_count"
    NOTES = "notes"
    KEEP_AS_NOTE = "keep_as_note"
    NOT_IMPORTED = "not_imported"

    @property
    def label(self) -> str:
        return TARGET_LABELS[self]

    @property
    def once_only(self) -> bool:
        return self not in (Target.NOTES, Target.KEEP_AS_NOTE, Target.NOT_IMPORTED)

    @property
    def is_date(self) -> bool:
        return self in (
            Target.VICTIM_DOB,
            Target.PERPETRATOR_DOB,
            Target.REFERRAL_DATE,
            Target.MARAC_DATE,
        )


TARGET_LABELS = {
    Target.VICTIM_NAME: "Victim's full name (split into family and given names)",
    Target.VICTIM_FAMILY: "Victim's family name",
    Target.VICTIM_GIVEN: "Victim's given names",
    Target.VICTIM_DOB: "Victim's date of birth",
    Target.VICTIM_GENDER: "Victim's gender",
    Target.VICTIM_ETHNICITY: "Victim's ethnicity",
    Target.VICTIM_POSTCODE: "Victim's postcode",
    Target.PERPETRATOR_NAME: "Perpetrator's full name (split)",
    Target.PERPETRATOR_FAMILY: "Perpetrator's family name",
    Target.PERPETRATOR_GIVEN: "Perpetrator's given names",
    Target.PERPETRATOR_DOB: "Perpetrator's date of birth",
    Target.REFERRAL_DATE: "Referral date",
    Target.MARAC_DATE: "MARAC date (the meeting that heard the case)",
    Target.REFERRING_AGENCY: "Referring agency",
    Target.DASH_SCORE: "DASH score (recorded as imported, not as a checklist)",
    Target.REPEAT: "Repeat (Y/N)",
    Target.VISIBLE_HIGH_RISK: "Visible high risk (Y/N)",
    Target.PROFESSIONAL_JUDGEMENT: "Professional judgement (Y/N)",
    Target.POTENTIAL_ESCALATION: "Potential escalation (Y/N)",
    Target.CHILDREN: "Number of children",
    Target.NOTES: "Notes",
    Target.KEEP_AS_NOTE: "Keep as an imported note on the case",
    Target.NOT_IMPORTED: "Not imported",
}

_PERPETRATOR_WORDS = ("perpetrator", "perp", "abuser", "alleged", "harm", "offender", "suspect")
_HEADER_RULES: tuple[tuple[Target, tuple[str, ...]], ...] = (
    (Target.MARAC_DATE, ("marac date", "date of marac", "meeting date", "marac", "heard")),
    (Target.REFERRAL_DATE, ("referral date", "date referred", "date of referral", "referred on")),
    (Target.REFERRING_AGENCY, ("referring agency", "agency", "referrer", "referred by")),
    (Target.DASH_SCORE, ("dash", "risk score", "score", "ric")),
    (Target.REPEAT, ("repeat",)),
    (Target.CHILDREN, ("children", "number of children", "no of children", "kids", "child")),
    (Target.VISIBLE_HIGH_RISK, ("high risk", "visible")),
    (Target.PROFESSIONAL_JUDGEMENT, ("judgement", "judgment")),
    (Target.POTENTIAL_ESCALATION, ("escalation",)),
    (Target.VICTIM_ETHNICITY, ("ethnicity", "ethnic")),
    (Target.VICTIM_GENDER, ("gender", "sex")),
    (Target.VICTIM_POSTCODE, ("postcode", "post code")),
    (Target.NOTES, ("notes", "note", "comments", "comment")),
)
_PERSON_RULES: tuple[tuple[tuple[Target, Target], tuple[str, ...]], ...] = (
    ((Target.VICTIM_DOB, Target.PERPETRATOR_DOB), ("dob", "date of birth", "d o b", "born")),
    (
        (Target.VICTIM_FAMILY, Target.PERPETRATOR_FAMILY),
        ("surname", "family name", "last name"),
    ),
    (
        (Target.VICTIM_GIVEN, Target.PERPETRATOR_GIVEN),
        ("forename", "forenames", "first name", "given", "first names"),
    ),
    ((Target.VICTIM_NAME, Target.PERPETRATOR_NAME), ("name", "victim", "client", "perpetrator")),
)


@dataclass(frozen=True, slots=True)
class SheetMapping:
    """One target per column (in column order), and the rules for names and dates."""

    columns: tuple[Target, ...]
    name_order: NameOrder = NameOrder.AUTO
    particles: tuple[str, ...] = DEFAULT_PARTICLES
    date_order: DateOrder = DateOrder.DAY_FIRST
    referral_from_marac: bool = True
    """A row with no referral date takes its MARAC date, with a note on the case."""
    suggested: bool = field(default=False, compare=False)
    """True when this is the suggestion, not a mapping the person chose or gave."""

    def column_of(self, target: Target) -> int | None:
        return next((i for i, t in enumerate(self.columns) if t is target), None)

    def columns_for(self, target: Target) -> tuple[int, ...]:
        return tuple(i for i, t in enumerate(self.columns) if t is target)

    def with_column(self, index: int, target: Target) -> SheetMapping:
        columns = list(self.columns)
        columns[index] = target
        return replace(self, columns=tuple(columns), suggested=False)


def _words(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower()).split())


def _has(header: str, word: str) -> bool:
    return re.search(rf"(^| ){re.escape(word)}( |$)", header) is not None


def _from_header(header: str) -> Target | None:
    words = _words(header)
    if not words:
        return None
    perpetrator = any(_has(words, w) for w in _PERPETRATOR_WORDS)
    for (victim_target, perpetrator_target), keys in _PERSON_RULES:
        if any(_has(words, k) for k in keys) and (
            victim_target is not Target.VICTIM_NAME or not _is_other_field(words)
        ):
            return perpetrator_target if perpetrator else victim_target
    for target, keys in _HEADER_RULES:
        if any(_has(words, k) for k in keys):
            return target
    return None


def _is_other_field(words: str) -> bool:
    return any(_has(words, k) for _, keys in _HEADER_RULES for k in keys)


def _dates(values: Sequence[object]) -> list[date] | None:
    """The values as dates, if every one is a date (a cell or text written as one)."""
    found = []
    for value in values:
        try:
            found.append(read_sheet_date(value, DateOrder.DAY_FIRST, date.today(), True).day)  # type: ignore[arg-type]
        except SheetDateError:
            return None
    return found


def _looks_like(values: Sequence[object]) -> Target | None:
    """A guess from the values alone, for a column whose header says nothing: dates mostly
    more than 16 years ago are dates of birth, other dates MARAC dates."""
    texts = [v for v in values if v != ""]
    if not texts:
        return None
    days = _dates(texts)
    if days:
        cutoff = date.today().replace(month=1, day=1).year - 16
        born = sum(1 for d in days if d.year < cutoff)
        return Target.VICTIM_DOB if born * 2 > len(days) else Target.MARAC_DATE
    strings = [str(v).strip().lower() for v in texts]
    if all(s in ("y", "n", "yes", "no") for s in strings):
        return Target.REPEAT
    if all(s.isdigit() and int(s) <= 24 for s in strings):
        return Target.DASH_SCORE
    return None


def suggest_mapping(sheet: Sheet) -> SheetMapping:
    """A first guess for every column (the person confirms or changes it). A column no rule
    recognises is kept as a note on the case, so nothing is lost unless someone says so."""
    chosen: list[Target] = []
    for index, header in enumerate(sheet.headers):
        guess = _from_header(header)
        if guess is None:
            sample = [row.cells[index] for row in sheet.rows[:SAMPLE_ROWS]]
            guess = _looks_like(sample)
        if guess is None or (guess.once_only and guess in chosen):
            guess = Target.KEEP_AS_NOTE
        chosen.append(guess)
    return SheetMapping(tuple(chosen), suggested=True)


def mapping_problems(mapping: SheetMapping, headers: Sequence[str]) -> list[str]:
    """What the mapping lacks or chooses twice, one sentence each."""
    problems = []
    for target in Target:
        used = mapping.columns_for(target)
        if target.once_only and len(used) > 1:
            named = " and ".join(describe_column(i, headers) for i in used)
            problems.append(f"'{target.label}' is chosen for {named}; choose one column.")
    has_name = Target.VICTIM_NAME in mapping.columns or Target.VICTIM_FAMILY in mapping.columns
    if not has_name:
        problems.append("Choose the column that holds the victim's name.")
    if Target.VICTIM_NAME in mapping.columns and Target.VICTIM_FAMILY in mapping.columns:
        problems.append("Choose either the victim's full name or the family name, not both.")
    if Target.PERPETRATOR_NAME in mapping.columns and Target.PERPETRATOR_FAMILY in mapping.columns:
        problems.append("Choose either the perpetrator's full name or the family name, not both.")
    dated = Target.REFERRAL_DATE in mapping.columns or (
        mapping.referral_from_marac and Target.MARAC_DATE in mapping.columns
    )
    if not dated:
        problems.append("Choose the column that holds the referral date (or the MARAC date).")
    if Target.REFERRING_AGENCY not in mapping.columns:
        problems.append("Choose the column that holds the referring agency.")
    return problems


def describe_column(index: int, headers: Sequence[str]) -> str:
    header = headers[index] if index < len(headers) else ""
    return (
        f"column {column_letter(index)} ({header})" if header else f"column {column_letter(index)}"
    )


# ----- as a file ----------------------------------------------------------------------------


def mapping_json(mapping: SheetMapping, headers: Sequence[str]) -> dict[str, Any]:
    return {
        "columns": {
            column_letter(i): {"header": headers[i], "field": t.value}
            for i, t in enumerate(mapping.columns)
        },
        "name_order": mapping.name_order.value,
        "particles": list(mapping.particles),
        "date_order": mapping.date_order.value,
        "referral_date_from_marac_date": mapping.referral_from_marac,
    }


def _choice(value: object, kind: type[StrEnum], name: str) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise InvalidInputError(f"In the mapping, '{name}' must be one of: {allowed}.") from None


def _target(value: object, where: str) -> Target:
    field_name = value.get("field") if isinstance(value, Mapping) else value
    try:
        return Target(str(field_name))
    except ValueError:
        raise InvalidInputError(
            f"In the mapping, {where} names '{str(field_name)[:40]}', which is not a field; "
            f"use one of: {', '.join(t.value for t in Target)}."
        ) from None


def mapping_from_json(raw: object, headers: Sequence[str]) -> SheetMapping:
    """A mapping file: ``columns`` by letter ("A") or header, each a field name (or
    ``{"field": ...}``); columns it leaves out are not imported (and listed as such)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("columns"), Mapping):
        raise InvalidInputError('The mapping must be a JSON object with a "columns" object.')
    letters = {column_letter(i): i for i in range(len(headers))}
    by_header = {h.strip().lower(): i for i, h in enumerate(headers) if h.strip()}
    columns = [Target.NOT_IMPORTED] * len(headers)
    for key, value in raw["columns"].items():
        index = letters.get(str(key).strip().upper())
        if index is None:
            index = by_header.get(str(key).strip().lower())
        if index is None:
            raise InvalidInputError(
                f"The mapping names a column '{str(key)[:40]}' that the sheet does not have."
            )
        columns[index] = _target(value, f"column {column_letter(index)}")
    particles = raw.get("particles", list(DEFAULT_PARTICLES))
    if not isinstance(particles, list) or not all(isinstance(p, str) for p in particles):
        raise InvalidInputError("In the mapping, 'particles' must be a list of words.")
    return SheetMapping(
        tuple(columns),
        name_order=_choice(raw.get("name_order", "auto"), NameOrder, "name_order"),
        particles=tuple(p.strip() for p in particles if p.strip()),
        date_order=_choice(raw.get("date_order", "day_first"), DateOrder, "date_order"),
        referral_from_marac=bool(raw.get("referral_date_from_marac_date", True)),
    )


def read_mapping_file(path: Path, headers: Sequence[str]) -> SheetMapping:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError(f"There is no mapping file at {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInputError(f"{path.name} is not a JSON mapping file.") from None
    return mapping_from_json(raw, headers)
