"""Research requests and returns: which agencies were asked to research each listed case, and
what each sent back, entered by the coordinator. Audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.meetings import Meeting, MeetingCase, MeetingId, MeetingStatus
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.research import CaseResearch, ResearchReturn, is_overdue
from marac_desktop.domain.words import counted
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import agenda_rules
from marac_desktop.services.meeting_settings import agency_code, load_meeting_settings
from marac_desktop.services.meetings import find_listed, find_meeting
from marac_desktop.services.research_import import read_returns
from marac_desktop.services.sheet_reader import read_sheet
from marac_desktop.services.validation import clean, long_text, not_future
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import meetings_repo, research_repo, versions, vocabulary_repo


@dataclass(frozen=True, slots=True)
class MeetingResearch:
    meeting_id: MeetingId
    due: date
    """Returns are due by the end of this day."""
    open: bool
    """Still waiting for returns: the meeting is planned (not held or cancelled)."""
    cases: tuple[CaseResearch, ...]
    """In the list's order."""

    def overdue(self, today: date) -> int:
        if not self.open:
            return 0
        return sum(
            is_overdue(r.status, self.due, today) for case in self.cases for r in case.returns
        )

    def asked(self) -> int:
        return sum(len(case.returns) for case in self.cases)

    def waiting(self) -> int:
        return sum(len(case.missing()) for case in self.cases)


def _due(meeting: Meeting, working_days: int) -> date:
    return agenda_rules.cutoff_date(meeting.day, working_days)


def meeting_research(
    session: Session,
    meeting: Meeting,
    working_days: int,
    listed: Sequence[MeetingCase] | None = None,
) -> MeetingResearch:
    """Each listed case's requests, read in the caller's transaction (``listed``: the
    meeting's cases, when the caller has read them already)."""
    stored = research_repo.returns(session, meeting.id)
    if listed is None:
        listed = meetings_repo.meeting_cases(session, meeting.id)
    references = meetings_repo.case_references(session, [c.case_id for c in listed])
    cases = tuple(
        CaseResearch(
            entry.case_id,
            entry.reference,
            references[entry.case_id],
            tuple(
                stored.get((entry.case_id, agency), ResearchReturn(agency))
                for agency in entry.research_agencies
            ),
        )
        for entry in listed
    )
    return MeetingResearch(
        meeting.id,
        _due(meeting, working_days),
        meeting.status is MeetingStatus.PLANNED,
        cases,
    )


@requires(Permission.MANAGE_MEETINGS)
def research_status(workspace: Workspace, meeting_id: MeetingId) -> MeetingResearch:
    working_days = load_meeting_settings(workspace).research_due_working_days
    with workspace.transaction() as session:
        meeting = find_meeting(session, meeting_id)
        found = meeting_research(session, meeting, working_days)
        workspace.record(session, AuditAction.VIEW, "meeting", str(meeting_id), detail="research")
    return found


def _checked(session: Session, answer: ResearchReturn, today: date) -> ResearchReturn:
    agency = agency_code(session, answer.agency)
    name = vocabulary_repo.vocabularies(session).agency.label(agency)
    if answer.status.returned and answer.returned_on is None:
        raise InvalidInputError(f"Enter the day {name} returned its research.")
    not_future(answer.returned_on, f"day {name} returned its research", today)
    return replace(
        answer,
        agency=agency,
        returned_on=answer.returned_on if answer.status.returned else None,
        summary=long_text(answer.summary, f"summary from {name}"),
        risks=long_text(answer.risks, f"risks from {name}"),
        contact=clean(answer.contact, f"contact at {name}", limit=200),
    )


def _blank(answer: ResearchReturn) -> bool:
    return answer == ResearchReturn(answer.agency)


def _merged(
    session: Session,
    meeting_id: MeetingId,
    case_id: CaseId,
    agencies: Sequence[str],
    new: Mapping[str, ResearchReturn],
) -> list[ResearchReturn]:
    """``agencies`` (codes) in order, each with its ``new`` answer or what it has returned,
    then any agency ``new`` answers for that was not asked."""
    stored = research_repo.case_returns(session, meeting_id, case_id)
    asked = [new.get(a) or stored.get(a) or ResearchReturn(a) for a in agencies]
    return asked + [answer for agency, answer in new.items() if agency not in agencies]


def _save(
    workspace: Workspace,
    session: Session,
    meeting_id: MeetingId,
    case_id: CaseId,
    answers: Sequence[ResearchReturn],
    version: int | None,
    today: date,
) -> int:
    meeting = find_meeting(session, meeting_id)
    if meeting.status is MeetingStatus.CANCELLED:
        raise InvalidInputError("That meeting was cancelled, so its research is closed.")
    find_listed(session, meeting_id, case_id)
    checked = [_checked(session, a, today) for a in answers]
    agencies = [a.agency for a in checked]
    if len(set(agencies)) != len(agencies):
        raise InvalidInputError("Each agency is asked once.")
    before = research_repo.case_returns(session, meeting_id, case_id)
    words = vocabulary_repo.vocabularies(session).agency
    for agency, answer in before.items():
        if answer.status.returned and agency not in agencies:
            raise InvalidInputError(
                f"{words.label(agency)} has returned its research for this case, so it stays "
                "on the request."
            )
    saved = versions.save_edit(
        session, Edited.MEETING_CASE, (meeting_id, case_id), version, workspace.editor
    )
    meetings_repo.update_meeting_case(session, meeting_id, case_id, research_agencies=agencies)
    kept = [a for a in checked if not _blank(a)]
    research_repo.drop_returns(session, meeting_id, case_id, keep=[a.agency for a in kept])
    for answer in kept:
        if before.get(answer.agency) != answer:
            research_repo.save_return(session, meeting_id, case_id, answer, workspace.editor)
    returned = sum(a.status.returned for a in checked)
    workspace.record(
        session,
        AuditAction.CHANGE,
        "meeting",
        str(meeting_id),
        detail=f"research for case {case_id}: {counted(len(checked), 'agency', 'agencies')} "
        f"asked, {returned} returned",
    )
    return saved


@requires(Permission.MANAGE_MEETINGS)
def save_case_research(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    answers: Sequence[ResearchReturn],
    version: int | None = None,
    today: date | None = None,
) -> int:
    """The agencies asked to research the case, in order, each with what it has returned.
    ``version`` is the case entry's version read (refused if saved since); returns the new one.
    An agency that has returned cannot be taken off the request."""
    with workspace.transaction() as session:
        return _save(
            workspace, session, meeting_id, case_id, answers, version, today or date.today()
        )


@requires(Permission.MANAGE_MEETINGS)
def set_research_agencies(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    agencies: Sequence[str],
    today: date | None = None,
) -> int:
    """Ask these agencies (each once, in this order) to research the case, keeping what any
    of them has returned; one that has returned cannot be left out."""
    with workspace.transaction() as session:
        codes = list(dict.fromkeys(agency_code(session, a) for a in agencies))
        answers = _merged(session, meeting_id, case_id, codes, {})
        return _save(workspace, session, meeting_id, case_id, answers, None, today or date.today())


@requires(Permission.MANAGE_MEETINGS)
def record_return(
    workspace: Workspace,
    meeting_id: MeetingId,
    case_id: CaseId,
    answer: ResearchReturn,
    today: date | None = None,
) -> int:
    """One agency's return for one case; the agency is added to the request if it was not
    asked."""
    with workspace.transaction() as session:
        entry = find_listed(session, meeting_id, case_id)
        agency = agency_code(session, answer.agency)
        new = {agency: replace(answer, agency=agency)}
        answers = _merged(session, meeting_id, case_id, entry.research_agencies, new)
        return _save(workspace, session, meeting_id, case_id, answers, None, today or date.today())


@dataclass(frozen=True, slots=True)
class ImportedReturns:
    returns: int
    cases: int


@requires(Permission.MANAGE_MEETINGS)
def import_returns(
    workspace: Workspace, meeting_id: MeetingId, path: Path, today: date | None = None
) -> ImportedReturns:
    """Every row of a return file (``research_import``) stored, or nothing."""
    day = today or date.today()
    sheet = read_sheet(path)
    with workspace.transaction() as session:
        find_meeting(session, meeting_id)
        listed = meetings_repo.meeting_cases(session, meeting_id)
        found = read_returns(session, sheet, listed, day)
        for entry in listed:
            if entry.case_id in found:
                new = found[entry.case_id]
                answers = _merged(session, meeting_id, entry.case_id, entry.research_agencies, new)
                _save(workspace, session, meeting_id, entry.case_id, answers, None, day)
    return ImportedReturns(sum(map(len, found.values())), len(found))
