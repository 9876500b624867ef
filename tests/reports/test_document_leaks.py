"""Plant a distinct canary in every text column of the schema, make every document, find them.

The columns come from the ORM metadata, so a column added next year is covered the day it is
added: the test fails until ``PLANTED`` or ``NOT_PLANTED`` says what it holds and where it may
be printed. Each document's text and metadata are searched with all whitespace removed, so a
value wrapped across lines is still found. A canary found where its column may not appear fails
the test naming the canary's column and the document.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import String, Text, text

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.meetings import (
    ActionFilter,
    ActionStatus,
    AgendaSection,
    Attendance,
    MeetingId,
)
from marac_desktop.domain.people import Alias
from marac_desktop.domain.perpetrators import InterventionStatus
from marac_desktop.domain.records import IncidentKind, PartyRole
from marac_desktop.domain.research import ResearchReturn, ResearchStatus
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.risk import Answer, AnswerNote, AssessmentInput, ProfessionalJudgement
from marac_desktop.risk.criteria import CriterionSource, ShownCriterion
from marac_desktop.services import (
    actions,
    agenda_view,
    assessment_reports,
    assessments,
    backups,
    demo,
    meeting_attendance,
    meeting_documents,
    meeting_list,
    meeting_minutes,
    meeting_mode,
    meeting_settings,
    meetings,
    people_matching,
    performance,
    perpetrator_profile,
    perpetrator_ranking,
    perpetrator_work,
    records,
    research_returns,
    sheet_import,
    vocabularies,
)
from marac_desktop.services.performance import ReportFormat
from marac_desktop.services.sheet_reader import Sheet, SheetRow
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.anonymised import COLUMN_KINDS, Kind
from marac_desktop.storage.orm import Base

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)
PASSWORD = "leak test list phrase 9"
WHOLE = (date(2016, 1, 1), date(2026, 12, 31))


class Doc(StrEnum):
    AGENDA = "agenda PDF"
    MEETING_VIEW = "meeting mode's anonymised rows"
    RESEARCH = "research list PDF"
    RESEARCH_ENCRYPTED = "encrypted research list (bytes)"
    ACTIONS_CSV = "action list CSV"
    ACTIONS_PDF = "action list PDF"
    REPORT_CSV = "report CSV"
    REPORT_XLSX = "report XLSX"
    REPORT_PDF = "report PDF"
    SUMMARY = "assessment summary PDF"
    MINUTES = "minutes PDF"
    MINUTES_ENCRYPTED = "encrypted minutes (bytes)"
    PROFILE = "perpetrator profile PDF"
    PROFILE_ENCRYPTED = "encrypted perpetrator profile (bytes)"
    BACKUP = "backup file (bytes)"


ANONYMISED = frozenset(
    {Doc.AGENDA, Doc.MEETING_VIEW, Doc.REPORT_CSV, Doc.REPORT_XLSX, Doc.REPORT_PDF}
)
ACTION_LISTS = frozenset({Doc.ACTIONS_CSV, Doc.ACTIONS_PDF})
MEETING_PAPERS = frozenset({Doc.AGENDA, Doc.MEETING_VIEW})
NOWHERE: frozenset[Doc] = frozenset()
MINUTES = frozenset({Doc.MINUTES})
PROFILE = frozenset({Doc.PROFILE})

PLANTED: dict[str, frozenset[Doc]] = {
    # Typed by a person. Restricted documents may carry some; anonymised ones carry none.
    "people.family_name": frozenset({Doc.RESEARCH, Doc.SUMMARY}) | PROFILE,
    "people.given_names": frozenset({Doc.RESEARCH, Doc.SUMMARY}) | PROFILE,
    "people.address": frozenset({Doc.RESEARCH}) | PROFILE,
    "people.postcode": frozenset({Doc.RESEARCH}) | PROFILE,
    "people.phone": frozenset({Doc.RESEARCH}) | PROFILE,
    "person_aliases.family_name": frozenset({Doc.RESEARCH}) | PROFILE,
    "person_aliases.given_names": frozenset({Doc.RESEARCH}) | PROFILE,
    "people.language": NOWHERE,
    "people.contact_notes": NOWHERE,
    "people.gender_detail": NOWHERE,
    "people.ethnicity_detail": NOWHERE,
    "people.sexuality_detail": NOWHERE,
    "case_people.relationship_detail": NOWHERE,
    "incidents.source_agency_detail": NOWHERE,
    "referrals.referring_agency_detail": NOWHERE,
    "case_idvas.name": NOWHERE,
    "users.display_name": NOWHERE,
    "meetings.venue": frozenset({Doc.AGENDA, Doc.RESEARCH, Doc.MINUTES}),
    "meetings.chair": frozenset({Doc.AGENDA, Doc.MINUTES}),
    "meetings.area": frozenset({Doc.AGENDA, Doc.MINUTES}),
    "meeting_cases.reason": NOWHERE,
    "meeting_cases.agency_summary": MINUTES,
    "meeting_cases.risks": MINUTES,
    "research_returns.summary": NOWHERE,
    "research_returns.risks": NOWHERE,
    "research_returns.contact": NOWHERE,
    "meeting_attendance.agency": MINUTES,
    "meeting_attendance.attendee": MINUTES,
    "actions.what": ACTION_LISTS | MINUTES,
    "actions.who": ACTION_LISTS | MINUTES,
    "actions.agency_detail": NOWHERE,
    "action_changes.note": ACTION_LISTS | MINUTES,
    "action_edits.old": NOWHERE,
    "action_edits.new": NOWHERE,
    "assessment_answers.text": frozenset({Doc.SUMMARY}),
    "assessment_answers.comment": frozenset({Doc.SUMMARY}),
    "assessment_answers.source": frozenset({Doc.SUMMARY}),
    "assessments.judgement_reason": frozenset({Doc.SUMMARY}),
    "flags.review_reason": NOWHERE,
    "case_notes.heading": NOWHERE,
    "case_notes.body": NOWHERE,
    "perpetrator_referrals.agency_detail": NOWHERE,
    "perpetrator_referrals.reason": NOWHERE,
    "perpetrator_interventions.kind_detail": NOWHERE,
    "perpetrator_interventions.notes": NOWHERE,
    "perpetrator_actions.what": PROFILE,
    "perpetrator_actions.who": PROFILE,
    "perpetrator_nominations.reason": NOWHERE,
    # Made by the application but pointing at one person, case or account.
    "cases.reference": frozenset({Doc.SUMMARY}) | PROFILE,
    "assessments.assessor": frozenset({Doc.SUMMARY}),
    "flags.reviewed_by": NOWHERE,
    "flags.evidence": NOWHERE,
    "person_links.confirmed_by": NOWHERE,
    "person_links.undone_by": NOWHERE,
    "action_changes.by": NOWHERE,
    "action_edits.by": NOWHERE,
    "case_idvas.account": NOWHERE,
    "people.changed_by": NOWHERE,
    "cases.changed_by": NOWHERE,
    "assessments.changed_by": NOWHERE,
    "actions.changed_by": NOWHERE,
    "meetings.changed_by": NOWHERE,
    "meeting_cases.changed_by": NOWHERE,
    "research_returns.changed_by": NOWHERE,
    "flags.changed_by": NOWHERE,
    "perpetrator_referrals.by": NOWHERE,
    "perpetrator_interventions.changed_by": NOWHERE,
    "perpetrator_actions.changed_by": NOWHERE,
    "perpetrator_nominations.by": NOWHERE,
    "perpetrator_rankings.by": NOWHERE,
    # Vocabulary codes: a value that is not a code (damage, or a future bug writing typed
    # words) must print as the vocabulary's "other" label, never as itself.
    "people.gender": NOWHERE,
    "people.ethnicity": NOWHERE,
    "people.sexuality": NOWHERE,
    "case_people.relationship": NOWHERE,
    "incidents.source_agency": NOWHERE,
    "referrals.referring_agency": NOWHERE,
    "actions.agency": NOWHERE,
    "meeting_cases.research_agencies": NOWHERE,
    "research_returns.agency": NOWHERE,
    "perpetrator_referrals.agency": NOWHERE,
    "perpetrator_interventions.kind": NOWHERE,
    "perpetrator_interventions.agency": NOWHERE,
    "perpetrator_actions.agency": NOWHERE,
}

NOT_PLANTED: dict[str, str] = {
    "users.username": "the sign-in name; a changed one could not sign in",
    "users.role": "an enum, read back as one",
    "settings.key": "setting names are the application's own",
    "settings.value": "area settings (marking, statement, lists) set by an administrator, "
    "printed by design",
    "people.dob_precision": "an enum",
    "case_people.role": "an enum",
    "incidents.kind": "an enum",
    "referrals.status": "an enum",
    "assessments.status": "an enum",
    "assessments.form_id": "the id of a form file",
    "assessments.model_id": "the id of a model file",
    "assessments.level": "an enum",
    "assessments.actuarial_level": "an enum",
    "assessments.incident_dates": "JSON of dates",
    "assessments.concerns": "JSON of concern ids",
    "assessments.result_json": "JSON of the result, written by the engine",
    "assessments.policy_json": "JSON of the area policy",
    "assessment_answers.form_id": "the id of a form file",
    "assessment_answers.question_id": "the id of a question",
    "assessment_answers.answer": "an enum",
    "assessment_answers.options": "JSON of option ids",
    "flags.key": "the application's key for one flag",
    "person_match_keys.key": "name codes and dates for finding candidates, read only by matching",
    "flags.kind": "an enum",
    "flags.status": "an enum",
    "meetings.status": "an enum",
    "meeting_cases.section": "an enum",
    "research_returns.status": "an enum",
    "actions.status": "an enum",
    "action_changes.status": "an enum",
    "action_edits.field": "an enum",
    "report_discussions.agency": "a code copied from the referral",
    "report_discussions.ethnicity": "a code copied from the victim",
    "report_discussions.gender": "a code copied from the victim",
    "report_discussions.sexuality": "a code copied from the victim",
    "report_days.counts": "JSON of counts",
    "perpetrator_interventions.status": "an enum",
    "perpetrator_actions.status": "an enum",
    "perpetrator_nominations.model_id": "the id of a priority model file",
    "perpetrator_rankings.model_id": "the id of a priority model file",
}
AUDIT = "audit_log"
"""Append-only and hash-chained; read by no document (the audit page is for administrators)."""


def text_columns() -> set[str]:
    return {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name != AUDIT
        for column in table.columns
        if isinstance(column.type, String | Text)
    }


def test_every_text_column_has_a_rule() -> None:
    columns = text_columns()
    missing = sorted(columns - PLANTED.keys() - NOT_PLANTED.keys())
    assert not missing, f"decide where these may appear: {missing}"
    assert not (PLANTED.keys() | NOT_PLANTED.keys()) - columns
    for name in PLANTED:
        table, column = name.split(".")
        if PLANTED[name] & ANONYMISED:
            assert COLUMN_KINDS[table][column] not in (Kind.FREE_TEXT, Kind.IDENTIFIER), name


# ----- the data ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Canary:
    column: str
    row: tuple[object, ...]
    """The row's primary key."""
    value: str


def _build(ws: Workspace) -> MeetingId:
    demo.generate(ws, 40, seed=5, today=TODAY)
    headers = ("MARAC date", "Victim name", "Referring agency", "Notes")
    row = SheetRow(2, ("10/01/2026", "Test Sheetperson", "Police", "Note words"))
    sheet = Sheet("history.csv", "UTF-8", "", (), 1, headers, (row,), 0)
    sheet_import.import_sheet(ws, sheet, sheet_import.suggested_mapping(ws, sheet), today=TODAY)
    meeting = meetings.create_meeting(ws, STARTS, "Civic Centre", False, "DI Chair", "Leeds", TODAY)
    for case_id in range(1, 9):
        meeting_list.add_case(ws, meeting.id, CaseId(case_id), "Added by hand")
    first, second = CaseId(1), CaseId(2)
    for case_id in (first, 20):
        victim = records.case_record(ws, CaseId(case_id)).victim
        aliases = (Alias("Other", "Name"),)
        records.update_person(ws, victim.id, replace(victim.details, aliases=aliases), TODAY)
    link = people_matching.confirm_same_person(ws, PersonId(1), PersonId(2))
    people_matching.undo_link(ws, link)
    meeting_attendance.set_attendance(
        ws, meeting.id, [Attendance("Police", "DS One", present=True), Attendance("Housing")]
    )
    meeting_mode.record_discussion(ws, meeting.id, first, "Shared", "Risks", 9)
    found = ResearchReturn(
        "police", ResearchStatus.RETURNED_INFORMATION, TODAY, "Known", "Risks", "PC Contact"
    )
    research_returns.save_case_research(ws, meeting.id, first, [found], today=TODAY)
    done = actions.add_action(ws, meeting.id, first, "Police", "Visit", "PC B", date(2026, 4, 1))
    actions.set_status(ws, done.id, ActionStatus.NOT_DONE, "No officer free")
    actions.edit_action(ws, done.id, "Visit twice", due=date(2026, 4, 8))
    actions.add_action(ws, meeting.id, second, "Fire and rescue", "Check", "Crew", date(2026, 4, 2))
    records.record_incident(ws, first, date(2026, 2, 1), IncidentKind.THREATS, "Gym", True, TODAY)
    record = assessments.start(ws, first, TODAY, today=TODAY)
    answers = {f"q{n}": (Answer.YES if n <= 15 else Answer.NO) for n in range(1, 25)}
    main = AssessmentInput(
        "dash",
        TODAY,
        answers,
        victim_age=40,
        professional_judgement=ProfessionalJudgement(True, "Judgement words"),
        notes={"q1": AnswerNote("Comment words", "Source words")},
        texts={"own_safety_priorities": "Own words"},
    )
    assessments.complete(ws, record.id, main, {}, today=TODAY)
    _perpetrator_work(ws, first)
    settings = meeting_settings.load_meeting_settings(ws)
    fields = ("names", "aliases", "date_of_birth", "address", "postcode", "phone")
    meeting_settings.save_meeting_settings(ws, replace(settings, research_fields=fields))
    return meeting.id


def _perpetrator_work(ws: Workspace, case_id: CaseId) -> None:
    """A partner's referral, an intervention moved on, an action, a nomination and a kept
    ranking about the case's perpetrator, so each of their columns holds a canary."""
    harmer = next(
        p.person.id
        for p in records.case_record(ws, case_id).parties
        if p.role is PartyRole.PERPETRATOR
    )
    perpetrator_work.record_partner_referral(ws, harmer, TODAY, "Gym", "Reason words", TODAY)
    step = perpetrator_work.add_intervention(
        ws, harmer, "Mentoring", "Police", TODAY, "Notes", TODAY
    )
    perpetrator_work.set_intervention_status(
        ws, step.id, InterventionStatus.ENGAGED, TODAY, "Engaged words", today=TODAY
    )
    perpetrator_work.add_action(ws, harmer, "Police", "Arrest", "DC Who", date(2026, 4, 1), TODAY)
    perpetrator_ranking.nominate(ws, harmer, "Tasking words", TODAY)
    perpetrator_ranking.keep_ranking(ws, TODAY)


def _plant(ws: Workspace) -> list[Canary]:
    planted: list[Canary] = []
    engine = ws.database.engine
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            keys = [c.name for c in table.primary_key.columns]
            for column in table.columns:
                name = f"{table.name}.{column.name}"
                if name not in PLANTED:
                    continue
                for row in connection.execute(text(f"SELECT {', '.join(keys)} FROM {table.name}")):
                    value = f"Zq{len(planted):05d}Q"
                    stored = (
                        json.dumps(["police", value.lower()])
                        if column.name == "research_agencies"
                        else value.lower()
                        if COLUMN_KINDS[table.name][column.name] is Kind.CODE
                        else value
                    )
                    where = " AND ".join(f"{k} = :k{n}" for n, k in enumerate(keys))
                    connection.execute(
                        text(f"UPDATE {table.name} SET {column.name} = :v WHERE {where}"),
                        {"v": stored, **{f"k{n}": v for n, v in enumerate(row)}},
                    )
                    planted.append(Canary(name, tuple(row), value))
        connection.execute(text("DELETE FROM settings WHERE key = 'report_rules'"))  # recount
    return planted


# ----- reading what a document shows --------------------------------------------------------


def _squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


def _pdf_text(data: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    pages = "".join(page.extract_text() for page in reader.pages)
    return pages + "".join(str(v) for v in (reader.metadata or {}).values())


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = "".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )
    props = book.properties
    return cells + "".join(str(getattr(props, a) or "") for a in ("title", "subject", "creator"))


def _report(ws: Workspace, fmt: ReportFormat, tmp: Path) -> bytes:
    out = tmp / f"report.{fmt.value}"
    performance.save_report(ws, *WHOLE, out, fmt, today=TODAY)
    return out.read_bytes()


@dataclass(frozen=True, slots=True)
class Made:
    doc: Doc
    shown: str
    """What the document shows, whitespace squeezed out and case folded."""
    allowed: Callable[[Canary], bool]


def _documents(ws: Workspace, meeting_id: MeetingId, tmp: Path) -> Iterator[Made]:
    view = agenda_view.meeting_view(ws, meeting_id)
    anyone: Callable[[Canary], bool] = lambda c: True  # noqa: E731
    yield Made(
        Doc.AGENDA, _squeeze(_pdf_text(meeting_documents.agenda_bytes(ws, meeting_id))), anyone
    )
    rows = json.dumps([asdict(r) for r in view.rows], default=str)
    yield Made(Doc.MEETING_VIEW, _squeeze(rows), anyone)
    for label in meeting_documents.research_agencies(ws, meeting_id):
        plain = meeting_documents.research_list_bytes(ws, meeting_id, label)
        allowed = _research_allowed(ws, meeting_id, label)
        yield Made(Doc.RESEARCH, _squeeze(_pdf_text(plain)), allowed)
        locked = meeting_documents.research_list_bytes(ws, meeting_id, label, PASSWORD)
        yield Made(Doc.RESEARCH, _squeeze(_pdf_text(locked, PASSWORD)), allowed)
        yield Made(Doc.RESEARCH_ENCRYPTED, _squeeze(locked.decode("latin-1")), anyone)
    minutes = meeting_minutes.minutes_bytes(ws, meeting_id)
    yield Made(Doc.MINUTES, _squeeze(_pdf_text(minutes)), _minutes_allowed(ws, meeting_id))
    locked = meeting_minutes.minutes_bytes(ws, meeting_id, PASSWORD)
    yield Made(Doc.MINUTES, _squeeze(_pdf_text(locked, PASSWORD)), _minutes_allowed(ws, meeting_id))
    yield Made(Doc.MINUTES_ENCRYPTED, _squeeze(locked.decode("latin-1")), anyone)
    csv_path = meeting_documents.save_actions(ws, tmp / "actions.csv", ActionFilter(today=TODAY))
    yield Made(Doc.ACTIONS_CSV, _squeeze(csv_path.read_text(encoding="utf-8-sig")), anyone)
    pdf_bytes = meeting_documents.actions_bytes(ws, ActionFilter(today=TODAY))
    yield Made(Doc.ACTIONS_PDF, _squeeze(_pdf_text(pdf_bytes)), anyone)
    yield Made(
        Doc.REPORT_CSV, _squeeze(_report(ws, ReportFormat.CSV, tmp).decode("utf-8-sig")), anyone
    )
    yield Made(Doc.REPORT_XLSX, _squeeze(_xlsx_text(_report(ws, ReportFormat.XLSX, tmp))), anyone)
    yield Made(Doc.REPORT_PDF, _squeeze(_pdf_text(_report(ws, ReportFormat.PDF, tmp))), anyone)
    for assessment_id, case_id in _raw(ws, "SELECT id, case_id FROM assessments"):
        summary = assessment_reports.summary_pdf_bytes(ws, int(assessment_id))
        allowed = _summary_allowed(ws, int(assessment_id), int(case_id))
        yield Made(Doc.SUMMARY, _squeeze(_pdf_text(summary)), allowed)
    for subject in _profiled(ws):
        allowed = _profile_allowed(ws, subject)
        plain = perpetrator_profile.profile_bytes(ws, PersonId(subject), today=TODAY)
        yield Made(Doc.PROFILE, _squeeze(_pdf_text(plain)), allowed)
        locked = perpetrator_profile.profile_bytes(ws, PersonId(subject), PASSWORD, TODAY)
        yield Made(Doc.PROFILE, _squeeze(_pdf_text(locked, PASSWORD)), allowed)
        yield Made(Doc.PROFILE_ENCRYPTED, _squeeze(locked.decode("latin-1")), anyone)
    (tmp / "leak.maracbak").unlink(missing_ok=True)
    backup = backups.back_up(ws, tmp / "leak.maracbak")
    yield Made(Doc.BACKUP, _squeeze(backup.read_bytes().decode("latin-1")), anyone)


def _raw(ws: Workspace, query: str, **params: object) -> list[tuple[object, ...]]:
    with ws.transaction() as session:
        return [tuple(r) for r in session.execute(text(query), params)]


_RESEARCH_FIELD = {
    "people.family_name": "names",
    "people.given_names": "names",
    "person_aliases.family_name": "aliases",
    "person_aliases.given_names": "aliases",
    "people.address": "address",
    "people.postcode": "postcode",
    "people.phone": "phone",
}


def _research_allowed(ws: Workspace, meeting_id: MeetingId, label: str) -> Callable[[Canary], bool]:
    """Only the fields the settings allow, only for this meeting's people on cases the agency
    is asked to research, and a phone only for someone safe to call."""
    code = vocabularies.current(ws).agency.resolve(label).code
    view = agenda_view.meeting_view(ws, meeting_id)
    cases = [r.case_id for r in view.rows if code in r.research_agencies]
    parties = "SELECT person_id FROM case_people WHERE case_id = :c"
    people = {int(p) for c in cases for (p,) in _raw(ws, parties, c=c)}
    other_names = "SELECT id FROM person_aliases WHERE person_id = :p"
    aliases = {int(a) for p in people for (a,) in _raw(ws, other_names, p=p)}
    safe = {int(p) for (p,) in _raw(ws, "SELECT id FROM people WHERE safe_to_call")}
    fields = set(meeting_settings.load_meeting_settings(ws).research_fields)

    def allowed(canary: Canary) -> bool:
        if canary.column.startswith("meetings."):
            return canary.row == (meeting_id,)
        field = _RESEARCH_FIELD.get(canary.column)
        if field is None or field not in fields:
            return False
        (row,) = canary.row
        if canary.column.startswith("person_aliases."):
            return row in aliases
        return row in people and (field != "phone" or row in safe)

    return allowed


def _minutes_allowed(ws: Workspace, meeting_id: MeetingId) -> Callable[[Canary], bool]:
    """This meeting's own record only: its details, attendance and list entries, and the
    actions on the cases on its list (with their status notes)."""
    query = "SELECT id FROM meeting_attendance WHERE meeting_id = :m"
    attendance = {(int(a),) for (a,) in _raw(ws, query, m=meeting_id)}
    query = "SELECT case_id FROM meeting_cases WHERE meeting_id = :m"
    listed = {int(c) for (c,) in _raw(ws, query, m=meeting_id)}
    query = "SELECT id, case_id FROM actions"
    on_list = {int(a) for a, c in _raw(ws, query) if int(c) in listed}
    query = "SELECT id, action_id FROM action_changes"
    changes = {(int(c),) for c, a in _raw(ws, query) if int(a) in on_list}

    def allowed(canary: Canary) -> bool:
        table = canary.column.split(".")[0]
        if table == "meetings":
            return canary.row == (meeting_id,)
        if table == "meeting_cases":
            return canary.row[0] == meeting_id
        if table == "meeting_attendance":
            return canary.row in attendance
        if table == "actions":
            return canary.row[0] in on_list
        return table == "action_changes" and canary.row in changes

    return allowed


def _profiled(ws: Workspace) -> list[int]:
    """The perpetrators of the first cases: the one with work recorded and others beside."""
    query = "SELECT person_id FROM case_people WHERE role = 'perpetrator' AND case_id <= 3"
    return sorted({int(p) for (p,) in _raw(ws, query)})


def _profile_allowed(ws: Workspace, subject: int) -> Callable[[Canary], bool]:
    """The subject's own identifying fields as the settings allow (as a research list), the
    references of their cases and their actions; nothing of a victim."""
    cases = "SELECT case_id FROM case_people WHERE person_id = :p AND role = 'perpetrator'"
    references = {(int(c),) for (c,) in _raw(ws, cases, p=subject)}
    aliases = {
        (int(a),)
        for (a,) in _raw(ws, "SELECT id FROM person_aliases WHERE person_id = :p", p=subject)
    }
    safe = bool(_raw(ws, "SELECT safe_to_call FROM people WHERE id = :p", p=subject)[0][0])
    fields = set(meeting_settings.load_meeting_settings(ws).research_fields)
    actions = "SELECT id FROM perpetrator_actions WHERE person_id = :p"
    own_actions = {(int(a),) for (a,) in _raw(ws, actions, p=subject)}

    def allowed(canary: Canary) -> bool:
        if canary.column == "cases.reference":
            return canary.row in references
        if canary.column.startswith("perpetrator_actions."):
            return canary.row in own_actions
        field = _RESEARCH_FIELD.get(canary.column)
        if field is None or field not in fields:
            return False
        if canary.column.startswith("person_aliases."):
            return canary.row in aliases
        return canary.row == (subject,) and (field != "phone" or safe)

    return allowed


def _summary_allowed(ws: Workspace, assessment_id: int, case_id: int) -> Callable[[Canary], bool]:
    (victim,) = _raw(ws, "SELECT victim_id FROM cases WHERE id = :c", c=case_id)[0]

    def allowed(canary: Canary) -> bool:
        if canary.column.startswith("people."):
            return canary.row == (victim,)
        if canary.column.startswith("assessment_answers."):
            return canary.row[0] == assessment_id
        if canary.column.startswith("assessments."):
            return canary.row == (assessment_id,)
        return canary.column == "cases.reference" and canary.row == (case_id,)

    return allowed


@pytest.fixture(scope="module")
def planted(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, MeetingId, list[Canary], Path]]:
    from marac_desktop.domain.key_derivation import TEST_KDF
    from marac_desktop.services import access

    folder = tmp_path_factory.mktemp("leak")
    path = folder / "leak.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    ws = access.unlock(path, "admin", "quiet lantern test phrase")
    meeting_id = _build(ws)
    canaries = _plant(ws)
    yield ws, meeting_id, canaries, folder
    ws.close()


def test_no_document_shows_a_value_where_its_column_may_not_appear(
    planted: tuple[Workspace, MeetingId, list[Canary], Path],
) -> None:
    ws, meeting_id, canaries, folder = planted
    assert {c.column for c in canaries} == set(PLANTED)  # every column really was planted
    leaks: list[str] = []
    seen: set[Doc] = set()
    for made in _documents(ws, meeting_id, folder):
        seen.add(made.doc)
        for canary in canaries:
            if canary.value.casefold() not in made.shown:
                continue
            if made.doc in PLANTED[canary.column] and made.allowed(canary):
                continue
            leaks.append(f"{canary.column} (row {canary.row}) in the {made.doc.value}")
    assert seen == set(Doc), f"documents not made: {set(Doc) - seen}"
    assert not leaks, "\n".join(leaks)


def test_restricted_documents_do_show_what_they_are_for(
    planted: tuple[Workspace, MeetingId, list[Canary], Path],
) -> None:
    """The search above can fail: the same extraction finds the values these must carry."""
    ws, meeting_id, canaries, folder = planted
    made = list(_documents(ws, meeting_id, folder))
    research = " ".join(m.shown for m in made if m.doc is Doc.RESEARCH)
    summary = " ".join(m.shown for m in made if m.doc is Doc.SUMMARY)
    action_list = next(m.shown for m in made if m.doc is Doc.ACTIONS_CSV)
    found = {c.column for c in canaries if c.value.casefold() in research}
    assert {"people.family_name", "people.address", "people.phone", "meetings.venue"} <= found
    found = {c.column for c in canaries if c.value.casefold() in summary}
    assert {"people.family_name", "assessments.judgement_reason", "cases.reference"} <= found
    found = {c.column for c in canaries if c.value.casefold() in action_list}
    assert {"actions.what", "actions.who"} <= found
    minutes = " ".join(m.shown for m in made if m.doc is Doc.MINUTES)
    found = {c.column for c in canaries if c.value.casefold() in minutes}
    assert {
        "meeting_cases.agency_summary",
        "meeting_cases.risks",
        "meeting_attendance.attendee",
        "actions.what",
        "action_changes.note",
    } <= found
    profile = " ".join(m.shown for m in made if m.doc is Doc.PROFILE)
    found = {c.column for c in canaries if c.value.casefold() in profile}
    assert {"people.family_name", "cases.reference", "perpetrator_actions.what"} <= found
    agenda = next(m.shown for m in made if m.doc is Doc.AGENDA)
    assert _squeeze(vocabularies.current(ws).get(VocabularyId.AGENCY).label("other")) in agenda


def test_unknown_codes_print_as_the_vocabularys_other(
    planted: tuple[Workspace, MeetingId, list[Canary], Path],
) -> None:
    ws, meeting_id, _, _ = planted
    rows = agenda_view.meeting_view(ws, meeting_id).rows
    words = vocabularies.current(ws)
    assert {r.referring_agency for r in rows} <= {words.agency.label("other"), ""}
    assert {r.gender for r in rows} <= {words.gender.label("other"), ""}
    assert all(r.research_labels[-1] == words.agency.label("other") for r in rows)


# ----- each agenda field holds a value of its kind, checked before it is drawn ---------------

CRITERIA_WORDS = {ShownCriterion(c, source).text for c in Criterion for source in CriterionSource}
AGE_BANDS = {"unknown", "under 16", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"}


def _listed_labels(value: str, allowed: set[str]) -> bool:
    return not value or all(part in allowed for part in value.split(", "))


def test_every_agenda_field_holds_only_its_kind_of_value(
    planted: tuple[Workspace, MeetingId, list[Canary], Path],
) -> None:
    ws, meeting_id, _, _ = planted
    words = vocabularies.current(ws)
    agencies = {t.label for t in words.agency}
    checks: dict[str, Callable[[str], bool]] = {
        "slot": lambda v: re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", v) is not None,
        "reference": lambda v: re.fullmatch(r"M\d+-\d{2,}", v) is not None,
        "section": lambda v: v in {s.label for s in AgendaSection},
        "age_band": lambda v: v in AGE_BANDS,
        "gender": lambda v: v in {t.label for t in words.gender} | {"not recorded"},
        "criteria": lambda v: v == "none recorded" or _listed_labels(v, CRITERIA_WORDS),
        "repeat": lambda v: re.fullmatch(r"no|yes|yes, \d+ months since last MARAC", v) is not None,
        "children": str.isdigit,
        "referring_agency": lambda v: v in agencies | {"not recorded"},
        "risk": lambda v: re.fullmatch(r"not assessed|\w+ \(\d+ yes\)", v) is not None,
        "research_agencies": lambda v: _listed_labels(v, agencies),
    }
    lines = meeting_documents.agenda_document(ws, meeting_id).lines
    assert lines
    assert set(checks) == {f.name for f in fields(lines[0])}, "a new agenda field needs a check"
    wrong = [
        f"{line.reference}: {name} = {getattr(line, name)!r}"
        for line in lines
        for name, check in checks.items()
        if not check(getattr(line, name))
    ]
    assert not wrong, wrong


def test_no_date_of_birth_reaches_an_anonymised_document(
    planted: tuple[Workspace, MeetingId, list[Canary], Path],
) -> None:
    """Dates are not text columns, so they are searched for in every written form.

    A report prints the days and months of its period, so there a birth date inside the period
    (a child's) could match by chance: the reports are searched for births before it."""
    ws, meeting_id, _, folder = planted
    made = [m for m in _documents(ws, meeting_id, folder) if m.doc in ANONYMISED]
    births = [
        d
        for (value,) in _raw(ws, "SELECT date_of_birth FROM people WHERE date_of_birth IS NOT NULL")
        for d in [date.fromisoformat(str(value))]
    ]
    assert len(births) > 50
    found = [
        f"{form} in the {m.doc.value}"
        for born in births
        for form in _date_forms(born)
        for m in made
        if _squeeze(form) in m.shown and (m.doc in MEETING_PAPERS or born < WHOLE[0])
    ]
    assert not found, found


def _date_forms(day: date) -> set[str]:
    months = (day.strftime("%B"), day.strftime("%b"))
    return {
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d.%m.%Y"),
        day.strftime("%d-%m-%Y"),
        *(f"{day.day} {m} {day.year}" for m in months),
    }
