"""The area's meeting settings: protective marking, cut-off, slot length, what research lists
show, the agencies asked to research, the confidentiality statement and how the minutes
name a case."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.vocabulary import OTHER, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.reports.research_list_pdf import FIELD_COLUMNS
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import settings_repo, vocabulary_repo
from marac_desktop.storage.server_roles import SETTING_WRITERS

SETTINGS_KEY = "meeting_settings"
WRITER = SETTING_WRITERS[SETTINGS_KEY]
"""Who may change the meeting settings: the coordinators who run the meetings (and
administrators), here and in the server's row-level security alike."""
RESEARCH_FIELDS = tuple(FIELD_COLUMNS)
RESEARCH_FIELD_LABELS = {name: label for name, (label, _width) in FIELD_COLUMNS.items()}
"""Each field a research list can show, as its column is headed on the list."""
DEFAULT_RESEARCH_FIELDS = ("names", "aliases", "date_of_birth", "address", "postcode")
DEFAULT_STATEMENT = (
    "Everything shared at this meeting is confidential. It is shared only to keep the people "
    "at risk safe and to manage the risk the perpetrator poses. Do not copy, forward or pass "
    "on this document or what is said here except as your agency's information sharing "
    "agreement allows. Each agency stays responsible for its own actions."
)
RANGES: dict[str, tuple[int, int]] = {
    "cutoff_working_days": (0, 30),
    "slot_minutes": (1, 60),
    "research_due_working_days": (0, 30),
}
"""Each whole-number setting's lowest and highest allowed value."""
_OUT_OF_RANGE = {
    "cutoff_working_days": "The cut-off must be between {low} and {high} working days.",
    "slot_minutes": "A case slot must be between {low} and {high} minutes.",
    "research_due_working_days": "Research returns must be due {low} to {high} working days "
    "before.",
}
MARKING_LIMIT = 60
STATEMENT_LIMIT = 2000


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
        research = _research_agencies(session)
    known = {f.name for f in fields(MeetingSettings)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in stored.items() if k in known
    }
    if not values.get("agencies"):
        values["agencies"] = research
    return MeetingSettings(**values)


def check_range(name: str, value: int) -> None:
    """Refuse a whole-number setting outside its range, in the setting's own sentence."""
    low, high = RANGES[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInputError(_OUT_OF_RANGE[name].format(low=low, high=high))


@requires(Anyone.SESSION)
def default_meeting_settings(workspace: Workspace) -> MeetingSettings:
    """What the settings are before anyone changes them, with this area's research agencies."""
    with workspace.transaction() as session:
        return MeetingSettings(agencies=_research_agencies(session))


def _research_agencies(session: Session) -> tuple[str, ...]:
    """The agencies the vocabulary marks as researching every new case, in its order."""
    words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    return tuple(t.code for t in words if t.has("research"))


@requires(WRITER)
def save_meeting_settings(workspace: Workspace, new: MeetingSettings) -> None:
    marking = clean(new.protective_marking, "protective marking", True, MARKING_LIMIT)
    for name in RANGES:
        check_range(name, getattr(new, name))
    unknown = set(new.research_fields) - set(RESEARCH_FIELDS)
    if unknown:
        raise InvalidInputError(f"Research lists cannot show {sorted(unknown)[0]}.")
    if not new.agencies:
        raise InvalidInputError("Choose at least one agency to ask to research.")
    with workspace.transaction() as session:
        agencies = tuple(agency_code(session, a) for a in new.agencies)
    statement = clean(
        new.confidentiality_statement, "confidentiality statement", True, STATEMENT_LIMIT
    )
    cleaned = replace(
        new,
        protective_marking=marking,
        research_fields=tuple(f for f in RESEARCH_FIELDS if f in new.research_fields),
        agencies=tuple(dict.fromkeys(agencies)),
        confidentiality_statement=statement,
    )
    before = load_meeting_settings(workspace)
    value = {f.name: getattr(cleaned, f.name) for f in fields(MeetingSettings)}
    with workspace.transaction() as session:
        settings_repo.store(session, SETTINGS_KEY, value)
        workspace.record(
            session,
            AuditAction.SETTING_CHANGED,
            "setting",
            SETTINGS_KEY,
            detail=_changes(before, cleaned),
        )


def _changes(before: MeetingSettings, after: MeetingSettings) -> str:
    """What a save changed, for the audit log: numbers with their old and new values, the
    other settings by name."""
    changed = []
    for name in (f.name for f in fields(MeetingSettings)):
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        shown = isinstance(new, int) and not isinstance(new, bool)
        changed.append(f"{name} {old}->{new}" if shown else name)
    return ", ".join(changed)


def agency_code(session: Session, agency: str) -> str:
    """A known agency's code; an agency that is not in the list is refused, not coded other."""
    coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
    if not coded.code:
        raise InvalidInputError("Choose an agency.")
    if coded.code == OTHER and coded.detail:
        raise InvalidInputError(
            # not repeated: a name or a number typed in the wrong place is case data
            "That agency is not in the agency list; an administrator can add it in Settings."
        )
    return coded.code


def default_agencies(
    session: Session, settings: MeetingSettings, has_children: bool
) -> tuple[str, ...]:
    """The settings' research agencies, less those asked only about cases with children."""
    words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    return tuple(a for a in settings.agencies if has_children or not words.has(a, "children_only"))
