"""The area's meeting settings: protective marking, cut-off, slot length, what research lists
show, the agencies asked to research, the confidentiality statement and how the minutes
name a case."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.vocabulary import OTHER, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import settings_repo, vocabulary_repo

SETTINGS_KEY = "meeting_settings"
RESEARCH_FIELDS = ("names", "aliases", "date_of_birth", "address", "postcode", "phone")
DEFAULT_RESEARCH_FIELDS = ("names", "aliases", "date_of_birth", "address", "postcode")
DEFAULT_STATEMENT = (
    "Everything shared at this meeting is confidential. It is shared only to keep the people "
    "at risk safe and to manage the risk the perpetrator poses. Do not copy, forward or pass "
    "on this document or what is said here except as your agency's information sharing "
    "agreement allows. Each agency stays responsible for its own actions."
)


@dataclass(frozen=True, slots=True)
class MeetingSettings:
    protective_marking: str = "OFFICIAL-SENSITIVE"
    cutoff_working_days: int = 5
    slot_minutes: int = 10
    research_fields: tuple[str, ...] = DEFAULT_RESEARCH_FIELDS
    research_due_working_days: int = 2
    """Research returns are due this many working days before the meeting."""
    agencies: tuple[str, ...] = ()
    """Agency codes asked to research a case by default (when never set: the vocabulary's
    agencies marked ``research``, in its order)."""
    confidentiality_statement: str = DEFAULT_STATEMENT
    minutes_case_reference: bool = False
    """Whether the minutes name each case by its case reference as well as its meeting case
    reference (by default the meeting reference only)."""


@requires(Anyone.SESSION)
def load_meeting_settings(workspace: Workspace) -> MeetingSettings:
    with workspace.transaction() as session:
        stored: dict[str, Any] = settings_repo.load(session, SETTINGS_KEY) or {}
        agencies = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    known = {f.name for f in fields(MeetingSettings)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in stored.items() if k in known
    }
    if not values.get("agencies"):
        values["agencies"] = tuple(t.code for t in agencies if t.has("research"))
    return MeetingSettings(**values)


@requires(Permission.EDIT_SETTINGS)
def save_meeting_settings(workspace: Workspace, new: MeetingSettings) -> None:
    marking = clean(new.protective_marking, "protective marking", required=True, limit=60)
    if not 0 <= new.cutoff_working_days <= 30:
        raise InvalidInputError("The cut-off must be between 0 and 30 working days.")
    if not 1 <= new.slot_minutes <= 60:
        raise InvalidInputError("A case slot must be between 1 and 60 minutes.")
    if not 0 <= new.research_due_working_days <= 30:
        raise InvalidInputError("Research returns must be due 0 to 30 working days before.")
    unknown = set(new.research_fields) - set(RESEARCH_FIELDS)
    if unknown:
        raise InvalidInputError(f"Research lists cannot show {sorted(unknown)[0]}.")
    if not new.agencies:
        raise InvalidInputError("Name at least one agency.")
    with workspace.transaction() as session:
        agencies = tuple(agency_code(session, a) for a in new.agencies)
    statement = clean(new.confidentiality_statement, "confidentiality statement", True, 2000)
    cleaned = replace(
        new, protective_marking=marking, agencies=agencies, confidentiality_statement=statement
    )
    value = {f.name: getattr(cleaned, f.name) for f in fields(MeetingSettings)}
    with workspace.transaction() as session:
        settings_repo.store(session, SETTINGS_KEY, value)
        workspace.record(session, AuditAction.SETTING_CHANGED, "setting", SETTINGS_KEY)


def agency_code(session: Session, agency: str) -> str:
    """A known agency's code; an agency that is not in the list is refused, not coded other."""
    coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
    if not coded.code:
        raise InvalidInputError("Choose an agency.")
    if coded.code == OTHER and coded.detail:
        raise InvalidInputError(
            f"{coded.detail} is not in the agency list; an administrator can add it in Settings."
        )
    return coded.code


def default_agencies(
    session: Session, settings: MeetingSettings, has_children: bool
) -> tuple[str, ...]:
    """The settings' research agencies, less those asked only about cases with children."""
    words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    return tuple(a for a in settings.agencies if has_children or not words.has(a, "children_only"))
