"""Meeting documents: the anonymised agenda, research lists and action lists. All audited.

``save_*`` write files atomically and audit the export. ``*_bytes`` give the document for
printing; call ``record_print`` once the print has succeeded.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from marac_desktop.domain import date_style
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.date_style import DateStyle
from marac_desktop.domain.meetings import (
    ActionFilter,
    ActionStatus,
    Meeting,
    MeetingId,
    meeting_case_reference,
)
from marac_desktop.domain.people import DobPrecision, Person
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.reports import actions_export, agenda_pdf, research_list_pdf
from marac_desktop.reports.actions_export import ActionLine, ActionsDocument
from marac_desktop.reports.agenda_pdf import AgendaDocument, AgendaLine
from marac_desktop.reports.research_list_pdf import (
    ResearchCase,
    ResearchDocument,
    ResearchPerson,
)
from marac_desktop.services import actions, agenda_view, marking, meeting_settings
from marac_desktop.services.agenda_view import AgendaRow
from marac_desktop.services.meeting_settings import MeetingSettings
from marac_desktop.services.meetings import find_meeting
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, records_repo, vocabulary_repo
from marac_desktop.storage.atomic import atomic_writer

READING_ACTIONS = "Reading the actions"
PRINTED = ("agenda", "research_list", "actions", "minutes")
"""The documents whose printing ``record_print`` audits."""

_ROLES = {
    PartyRole.VICTIM: "Victim",
    PartyRole.PERPETRATOR: "Perpetrator",
    PartyRole.CHILD: "Child",
}


def short_day(day: date, style: DateStyle | None = None) -> str:
    """The day as the area writes days (or in ``style``)."""
    return _day_in(style or date_style.in_use(), day)


@functools.lru_cache(maxsize=4096)
def _day_in(style: DateStyle, day: date) -> str:
    """Kept, since an action list repeats a few hundred days many times."""
    return style.shown(day)


def meeting_heading(meeting: Meeting, ends_at: datetime | None = None) -> str:
    when = f"{meeting.starts_at:%A} {meeting.day.day} {meeting.starts_at:%B %Y, %H:%M}"
    if ends_at is not None:
        when += f" to {ends_at:%H:%M}"
    return f"{when}, {meeting.venue}"


def _slot(row: AgendaRow) -> str:
    return f"{row.slot_start:%H:%M}–{row.slot_end:%H:%M}"


def _risk(row: AgendaRow) -> str:
    if row.risk_level is None:
        return "not assessed"
    return f"{row.risk_level} ({row.yes_count} yes)"


def _repeat(row: AgendaRow) -> str:
    if not row.repeat:
        return "no"
    if row.months_since_last_marac is None:
        return "yes"
    return f"yes, {row.months_since_last_marac} months since last MARAC"


def _line(row: AgendaRow) -> AgendaLine:
    return AgendaLine(
        _slot(row),
        row.reference,
        row.section.label,
        row.age_band,
        row.gender or "not recorded",
        ", ".join(row.criteria) or "none recorded",
        _repeat(row),
        str(row.children),
        row.referring_agency or "not recorded",
        _risk(row),
        ", ".join(row.research_labels),
    )


@requires(Permission.MANAGE_MEETINGS)
def agenda_document(workspace: Workspace, meeting_id: MeetingId) -> AgendaDocument:
    """The agenda's content, worded: what the PDF shows, and nothing that names anyone."""
    settings = meeting_settings.load_meeting_settings(workspace)
    view = agenda_view.meeting_view(workspace, meeting_id)
    meeting = view.meeting
    details = (
        ("Chair", meeting.chair),
        ("Area", meeting.area),
        ("Where", "Online" if meeting.online else meeting.venue),
        ("Cases", str(len(view.rows))),
        ("Ends about", f"{view.ends_at:%H:%M}"),
    )
    return AgendaDocument(
        marking.protective_marking(workspace),
        meeting_heading(meeting),
        details,
        settings.confidentiality_statement,
        tuple(_line(r) for r in view.rows),
    )


def _pdf(build: Callable[[io.BytesIO], None]) -> bytes:
    buffer = io.BytesIO()
    build(buffer)
    return buffer.getvalue()


@requires(Permission.MANAGE_MEETINGS)
def agenda_bytes(workspace: Workspace, meeting_id: MeetingId) -> bytes:
    agenda = agenda_document(workspace, meeting_id)
    return _pdf(lambda out: agenda_pdf.build_agenda(agenda, out))


def _write(workspace: Workspace, path: Path, data: bytes, target: str, detail: str) -> Path:
    with atomic_writer(path) as handle:
        handle.write(data)
    workspace.audit(AuditAction.EXPORT, "document", target, detail=detail)
    return path


@requires(Permission.MANAGE_MEETINGS)
def save_agenda(workspace: Workspace, meeting_id: MeetingId, path: Path) -> Path:
    data = agenda_bytes(workspace, meeting_id)
    return _write(workspace, path, data, f"agenda/{meeting_id}", "anonymised agenda")


# ----- research lists ---------------------------------------------------------------------


def _dob(person: Person) -> str:
    details = person.details
    if details.date_of_birth is None:
        return ""
    if details.dob_precision is DobPrecision.YEAR:
        shown = f"{details.date_of_birth.year} (year only)"
    else:
        shown = short_day(details.date_of_birth)
    others = [short_day(d) for d in details.other_dobs]
    return "; ".join([shown, *others])


def identifying_details(person: Person, fields: tuple[str, ...]) -> dict[str, str]:
    """What a restricted document may print of the person: the identifying fields the area
    allows (``MeetingSettings.research_fields``), by field name in the list's order, and a
    phone number only for someone safe to call."""
    details = person.details
    aliases = "; ".join(f"{a.family_name.upper()}, {a.given_names}" for a in details.aliases)
    allowed = {
        "names": details.display_name,
        "aliases": aliases,
        "date_of_birth": _dob(person),
        "address": details.address,
        "postcode": details.postcode,
        "phone": details.phone if details.safe_to_call is True else "",
    }
    return {name: allowed[name] if name in fields else "" for name in allowed}


def _research_person(person: Person, role: PartyRole, fields: tuple[str, ...]) -> ResearchPerson:
    allowed = identifying_details(person, fields)
    return ResearchPerson(_ROLES[role], *allowed.values())


@requires(Permission.MANAGE_MEETINGS)
def research_agencies(workspace: Workspace, meeting_id: MeetingId) -> list[str]:
    """The labels of every agency asked to research a case on the list, in settings order.

    Read from the list's research column alone: the page asks for it on the window's thread,
    and building the whole meeting's view took 0.8 s for a list of 4,608 cases."""
    with workspace.transaction() as session:
        find_meeting(session, meeting_id)
        words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
        codes = {words.known(c) for c in meetings_repo.research_agencies(session, meeting_id)}
        asked = {code: words.label(code) for code in codes}
    ordered = [a for a in meeting_settings.load_meeting_settings(workspace).agencies if a in asked]
    rest = sorted(set(asked) - set(ordered), key=asked.__getitem__)
    return [asked[a] for a in ordered + rest]


@requires(Permission.MANAGE_MEETINGS)
def research_document(
    workspace: Workspace, meeting_id: MeetingId, agency: str, settings: MeetingSettings
) -> ResearchDocument:
    view = agenda_view.meeting_view(workspace, meeting_id)
    with workspace.transaction() as session:
        wanted = vocabulary_repo.code(session, VocabularyId.AGENCY, agency).code
        name = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY).label(wanted)
        rows = [r for r in view.rows if wanted and wanted in r.research_agencies]
        if not rows:
            raise InvalidInputError(
                "No case on this list is for that agency to research; check the agency name."
            )
        fields = tuple(f for f in research_list_pdf.FIELD_COLUMNS if f in settings.research_fields)
        parties = records_repo.case_parties(session, [r.case_id for r in rows])
        cases = [
            ResearchCase(
                row.reference,
                _slot(row),
                tuple(_research_person(p.person, p.role, fields) for p in parties[row.case_id]),
            )
            for row in rows
        ]
    return ResearchDocument(
        marking.protective_marking(workspace),
        name,
        meeting_heading(view.meeting),
        fields,
        tuple(cases),
    )


@requires(Permission.MANAGE_MEETINGS)
def research_list_bytes(
    workspace: Workspace, meeting_id: MeetingId, agency: str, password: str | None = None
) -> bytes:
    """One agency's research list; encrypted with AES-256 when a password is given."""
    settings = meeting_settings.load_meeting_settings(workspace)
    document = research_document(workspace, meeting_id, agency, settings)
    pdf = _pdf(lambda out: research_list_pdf.build_research_list(document, out))
    return research_list_pdf.encrypt(pdf, password) if password is not None else pdf


@requires(Permission.MANAGE_MEETINGS)
def save_research_list(
    workspace: Workspace,
    meeting_id: MeetingId,
    agency: str,
    path: Path,
    password: str | None = None,
) -> Path:
    data = research_list_bytes(workspace, meeting_id, agency, password)
    detail = "research list" + (", encrypted" if password else "")
    return _write(workspace, path, data, f"research_list/{meeting_id}", detail)


# ----- action lists -----------------------------------------------------------------------


def _last_update(at: datetime | None, note: str, style: DateStyle | None) -> str:
    if at is None:
        return ""
    return short_day(at.date(), style) + (f": {note}" if note else "")


def _filter_words(chosen: ActionFilter, agency_label: str, style: DateStyle | None) -> str:
    """Which actions a document lists, as its heading says: every filter that chose them."""
    parts = [agency_label if chosen.agency else "all agencies"]
    if chosen.meeting_id is not None:
        parts.append(f"meeting {chosen.meeting_id}")
    if chosen.status is not None:
        parts.append(chosen.status.label.lower())
    if chosen.overdue_only:
        parts.append(f"overdue on {short_day(chosen.day, style)}")
    if chosen.due_before is not None:
        parts.append(f"due before {short_day(chosen.due_before, style)}")
    return ", ".join(parts)


@requires(Permission.MANAGE_MEETINGS)
def actions_document(
    workspace: Workspace,
    chosen: ActionFilter | None = None,
    sort: str = "due",
    descending: bool = False,
    progress: Progress | None = None,
    days: DateStyle | None = None,
) -> ActionsDocument:
    """The actions the tracker shows for ``chosen`` (every filter), in its order, worded (days
    as the area writes them, or in ``days``); the reading is audited (a stop before it,
    nothing)."""
    chosen = chosen or ActionFilter()
    actions.check_sort(sort)
    progress = quiet(progress)
    now = chosen.day
    progress.step(0, 0, READING_ACTIONS)
    with workspace.transaction() as session:
        found = meetings_repo.action_export(session, chosen, sort, descending)
        words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
        progress.check()
        workspace.record(session, AuditAction.VIEW, "action_list")
    lines = [
        ActionLine(
            short_day(row.meeting_starts_at.date(), days),
            meeting_case_reference(row.meeting_id, row.number) if row.number else "",
            words.label(row.agency),
            row.what,
            row.who,
            short_day(row.due, days),
            row.status.label,
            row.status is ActionStatus.OPEN and row.due < now,
            _last_update(row.last_at, row.last_note, days),
        )
        for row in found
    ]
    agency_label = words.label(words.resolve(chosen.agency).code) if chosen.agency else ""
    heading = _filter_words(chosen, agency_label, days)
    return ActionsDocument(marking.protective_marking(workspace), heading, tuple(lines))


@requires(Permission.MANAGE_MEETINGS)
def actions_bytes(
    workspace: Workspace,
    chosen: ActionFilter | None = None,
    sort: str = "due",
    descending: bool = False,
    as_csv: bool = False,
    progress: Progress | None = None,
) -> bytes:
    """The action list as CSV or PDF, for printing; ``progress`` may stop it at each step."""
    days = date_style.IN_FILES if as_csv else None
    document = actions_document(workspace, chosen, sort, descending, progress, days)
    if as_csv:
        return actions_export.actions_csv(document)
    return _pdf(lambda out: actions_export.build_actions_pdf(document, out, progress))


@requires(Permission.MANAGE_MEETINGS)
def save_actions(
    workspace: Workspace,
    path: Path,
    chosen: ActionFilter | None = None,
    sort: str = "due",
    descending: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the action list as CSV or PDF, chosen by the file's extension, into a temporary
    file beside ``path`` that replaces it once whole; stopped, no file is left and nothing
    is audited."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise InvalidInputError("Save the action list as a .csv or a .pdf file.")
    days = date_style.IN_FILES if suffix == ".csv" else None
    document = actions_document(workspace, chosen, sort, descending, progress, days)
    with atomic_writer(path) as handle:
        if suffix == ".csv":
            handle.write(actions_export.actions_csv(document))
        else:
            actions_export.build_actions_pdf(document, handle, progress)
    agency = chosen is not None and chosen.agency
    detail = f"actions ({suffix[1:]})" + (" for one agency" if agency else " for all agencies")
    workspace.audit(AuditAction.EXPORT, "document", "actions", detail=detail)
    return path


@requires(Permission.MANAGE_MEETINGS)
def record_print(
    workspace: Workspace, document: str, target_id: str = "", detail: str = ""
) -> None:
    """Audit a print, once the print dialog reports that it succeeded.

    ``document`` is one of ``PRINTED``; ``target_id`` the meeting id.
    """
    if document not in PRINTED:
        raise InvalidInputError("Say which document was printed.")
    workspace.audit(AuditAction.PRINT, "document", f"{document}/{target_id}", detail=detail)
