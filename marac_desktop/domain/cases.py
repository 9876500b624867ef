"""People and cases, as far as the risk checklist needs them (issue 4 extends these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NewType

CaseId = NewType("CaseId", int)
PersonId = NewType("PersonId", int)


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day`` (a birthday counts on its day)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def form_name(family_name: str, given_names: str) -> str:
    """FAMILY NAME, given names: the MARAC form's way, right for every naming order."""
    return f"{family_name.upper()}, {given_names}"


@dataclass(frozen=True, slots=True)
class Victim:
    id: PersonId
    family_name: str
    given_names: str
    date_of_birth: date | None

    @property
    def display_name(self) -> str:
        return form_name(self.family_name, self.given_names)

    def age_on(self, day: date) -> int | None:
        return None if self.date_of_birth is None else age_on(self.date_of_birth, day)


@dataclass(frozen=True, slots=True)
class CaseSummary:
    id: CaseId
    reference: str
    victim: Victim
