"""What a tracking sheet brought onto a case: its hearings, the figures the sheet recorded
beside each referral (kept as imported, never as a checklist), and the notes kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class HeardCase:
    case_id: int
    day: date
    children: bool


@dataclass(frozen=True, slots=True)
class ImportedFacts:
    case_id: int
    sheet_row: int
    referral_day: date
    dash_score: int | None
    children_count: int | None


@dataclass(frozen=True, slots=True)
class CaseNote:
    case_id: int
    heading: str
    body: str
