"""Finding people who may already be on record: pure name and date-of-birth matching.

Matching proposes ranked candidates with reasons; it never merges records on its own.
"""

from marac_desktop.matching.dob import BirthDate, DobAgreement, compare_dobs, parse_birth_date
from marac_desktop.matching.normalise import NamePart, NameRole, normalise_name, normalise_part
from marac_desktop.matching.ranking import (
    NO_DOB_CAP,
    PROPOSE_THRESHOLD,
    SHOW_THRESHOLD,
    Candidate,
    PersonQuery,
    PersonRecord,
    rank_candidates,
    score_record,
)

__all__ = [
    "NO_DOB_CAP",
    "PROPOSE_THRESHOLD",
    "SHOW_THRESHOLD",
    "BirthDate",
    "Candidate",
    "DobAgreement",
    "NamePart",
    "NameRole",
    "PersonQuery",
    "PersonRecord",
    "compare_dobs",
    "normalise_name",
    "normalise_part",
    "parse_birth_date",
    "rank_candidates",
    "score_record",
]
