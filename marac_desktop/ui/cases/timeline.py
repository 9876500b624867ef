"""One chronological list of everything in a case: incidents, referrals, meetings, assessments
and flags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.records import CaseRecord
from marac_desktop.domain.vocabulary import Vocabulary
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui.cases.words import (
    INCIDENT_WORDS,
    REFERRAL_STATUS_WORDS,
    criteria_text,
    flag_status_text,
    flag_words,
    level_words,
)

INCIDENT = "Incident"
REFERRAL = "MARAC referral"
MEETING = "Heard at MARAC"
ASSESSMENT = "Risk assessment"
FLAG = "Flag raised"
_ORDER = {INCIDENT: 0, ASSESSMENT: 1, REFERRAL: 2, MEETING: 3, FLAG: 4}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: date
    what: str
    detail: str


def build_timeline(
    record: CaseRecord, levels: Sequence[LevelPoint], agencies: Vocabulary
) -> list[TimelineEntry]:
    """Oldest first; on one day, what happened comes before what it led to."""
    entries = [
        TimelineEntry(
            i.day,
            INCIDENT,
            f"{INCIDENT_WORDS[i.kind]}, reported by "
            f"{agencies.shown(i.source_agency, i.source_agency_detail)}; "
            + ("reported to the police" if i.reported_to_police else "not reported to the police"),
        )
        for i in record.incidents
    ]
    for r in record.referrals:
        agency = agencies.shown(r.referring_agency, r.referring_agency_detail)
        entries.append(
            TimelineEntry(
                r.day,
                REFERRAL,
                f"From {agency}. Criteria: {criteria_text(r.criteria).lower()}. "
                f"{REFERRAL_STATUS_WORDS[r.status]}.",
            )
        )
        if r.meeting_day is not None:
            entries.append(TimelineEntry(r.meeting_day, MEETING, "Discussed at the meeting."))
    for point in levels:
        state = "completed" if point.status is AssessmentStatus.COMPLETED else "draft"
        entries.append(
            TimelineEntry(
                point.assessment_date,
                ASSESSMENT,
                f"{level_words(point.level)}, {point.yes_count} risk factors answered yes "
                f"({state}, by {point.assessor})"
                + ("; referral to MARAC indicated." if point.refer_to_marac else "."),
            )
        )
    for flag in record.flags:
        entries.append(
            TimelineEntry(
                flag.raised_on,
                FLAG,
                f"{flag_words(flag.kind)} ({flag_status_text(flag).lower()}): {flag.evidence}",
            )
        )
    return sorted(entries, key=lambda e: (e.day, _ORDER.get(e.what, 9)))
