"""A saved risk assessment: its answers against (form, version, question) and its result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NewType

from marac_desktop.domain.cases import CaseId

AssessmentId = NewType("AssessmentId", int)

REASSESSMENT_DAYS = 90
"""A victim's risk is assessed again this many days after the last completed assessment, or
sooner when a new incident is recorded (circumstances have changed)."""


def reassessment_due_on(last_assessed: date) -> date:
    return last_assessed + timedelta(days=REASSESSMENT_DAYS)


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    form_id: str
    form_version: int
    question_id: str
    answer: str | None
    """yes / no / dont_know / not_asked for risk factors; None for free-text questions."""
    text: str = ""
    comment: str = ""
    source: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    id: AssessmentId
    case_id: CaseId
    status: AssessmentStatus
    form_id: str
    form_version: int
    model_id: str
    model_version: int
    assessment_date: date
    assessor: str
    victim_age: int | None
    incident_dates: tuple[date, ...]
    last_marac_referral: date | None
    concerns: tuple[str, ...]
    judgement_raised: bool
    judgement_reason: str
    level: str
    actuarial_level: str
    yes_count: int
    refer_to_marac: bool
    result_json: str
    policy_json: str
    """The area settings the result was worked out with, so it reads the same later."""
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    answers: tuple[StoredAnswer, ...]
    version: int = 1
    """Raised by every saved edit (``storage/versions.py``); a save names the one it read."""
