"""People as the case records hold them: names, aliases, dates of birth, diversity, contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desktop.domain.cases import PersonId, form_name


class DobPrecision(StrEnum):
    DAY = "day"
    YEAR = "year"
    """Only the year of birth is known; the date holds 1 January of that year."""


@dataclass(frozen=True, slots=True)
class Alias:
    family_name: str
    given_names: str


@dataclass(frozen=True, slots=True)
class PersonDetails:
    family_name: str
    given_names: str
    aliases: tuple[Alias, ...] = ()
    date_of_birth: date | None = None
    dob_precision: DobPrecision = DobPrecision.DAY
    other_dobs: tuple[date, ...] = ()
    gender: str = ""
    """Gender, ethnicity and sexuality: what was chosen or typed going in; the vocabulary code
    coming out of storage, with the person's own words (when no term matched) in ``*_detail``."""
    ethnicity: str = ""
    sexuality: str = ""
    gender_detail: str = ""
    ethnicity_detail: str = ""
    sexuality_detail: str = ""
    disability: bool | None = None
    language: str = ""
    interpreter_needed: bool | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    safe_to_call: bool | None = None
    contact_notes: str = ""

    @property
    def display_name(self) -> str:
        return form_name(self.family_name, self.given_names)


@dataclass(frozen=True, slots=True)
class Person:
    id: PersonId
    details: PersonDetails
    version: int = 1
    """The version read; an edit of the details sends it back (``storage/versions.py``)."""
