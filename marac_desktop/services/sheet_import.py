"""Import a coordinator's tracking sheet: the one service the dialog and ``import-sheet`` share.

Read the sheet (``sheet_reader``), suggest or load a mapping (``sheet_mapping``), check every
row (``sheet_check``), then import in one transaction: all the clean rows or nothing (a stop
rolls it back). Rows the person confirms as the same victim and perpetrator become one case,
so its earlier MARAC counts for the repeat rule at once; rows with a MARAC date are heard
cases at a held meeting on that day (an existing meeting that day is used).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from marac_desktop.domain import date_style
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.imported import CaseNote, HeardCase, ImportedFacts
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.records import IncidentKind, PartyRole, ReferralStatus
from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import agenda_rules
from marac_desktop.risk.flags import FlagRules
from marac_desktop.services import flags, meeting_settings, settings
from marac_desktop.services.sheet_check import (
    FALLBACK_NOTE,
    FALLBACK_TEXT,
    SheetCheck,
    SheetEntry,
    SheetProblem,
    check_sheet,
    perpetrators_agree,
)
from marac_desktop.services.sheet_mapping import SheetMapping, suggest_mapping
from marac_desktop.services.sheet_reader import Sheet
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import bulk, settings_repo, sheet_repo
from marac_desktop.storage.atomic import atomic_writer
from marac_desktop.storage.bulk import NewFlag, NewIncident, NewReferral

DATE_ORDER_SETTING = "sheet_date_order"
SAVING = "Importing: saving the cases"
REFUSED_WARNING = (
    "The refused rows are written to {name}. It holds case data: keep it as safe as the "
    "database, and delete it once the rows are fixed and imported."
)
PROBLEM_COLUMN = "Import problems"


class SheetProblemsError(InvalidInputError):
    """The sheet has problems, so nothing was imported; ``problems`` lists every one."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            f"The sheet has {len(problems)} problem(s), so nothing was imported; the first is "
            f"{problems[0].text}"
        )


@dataclass(frozen=True, slots=True)
class SheetImportSummary:
    rows_imported: int
    rows_refused: int
    people: int
    cases: int
    referrals: int
    heard: int
    meetings_made: int
    flags: int
    notes: int
    refused_file: str
    """Where the refused rows were written ("" when none were)."""
    warning: str


@requires(Anyone.SESSION)
def date_order(workspace: Workspace) -> DateOrder:
    """How this area writes dates in its sheets (day first unless set otherwise)."""
    with workspace.transaction() as session:
        stored = settings_repo.load(session, DATE_ORDER_SETTING)
    return DateOrder(stored) if stored in tuple(DateOrder) else DateOrder.DAY_FIRST


@requires(Permission.EDIT_SETTINGS)
def set_date_order(workspace: Workspace, order: DateOrder) -> None:
    with workspace.transaction() as session:
        settings_repo.store(session, DATE_ORDER_SETTING, order.value)
        workspace.record(
            session, AuditAction.SETTING_CHANGED, "setting", DATE_ORDER_SETTING, detail=order.value
        )


@requires(Permission.IMPORT_RECORDS)
def suggested_mapping(workspace: Workspace, sheet: Sheet) -> SheetMapping:
    """The suggestion for ``sheet``, with the area's date order."""
    return replace(suggest_mapping(sheet), date_order=date_order(workspace))


@requires(Permission.IMPORT_RECORDS)
def check(
    workspace: Workspace,
    sheet: Sheet,
    mapping: SheetMapping,
    today: date | None = None,
    find_pairs: bool = True,
    progress: Progress | None = None,
) -> SheetCheck:
    """Every row checked, with likely same-person pairs; nothing is saved."""
    policy = settings.load_policy(workspace)
    return check_sheet(
        sheet, mapping, today or date.today(), policy.high_threshold, find_pairs, progress
    )


class _Groups:
    """Rows joined as the same person (union-find over confirmed pairs)."""

    def __init__(self, rows: Iterable[int]) -> None:
        self.parent = {row: row for row in rows}

    def find(self, row: int) -> int:
        while self.parent[row] != row:
            self.parent[row] = self.parent[self.parent[row]]
            row = self.parent[row]
        return row

    def join(self, a: int, b: int) -> None:
        if a in self.parent and b in self.parent:
            first, second = sorted((self.find(a), self.find(b)))
            self.parent[second] = first


@dataclass
class _Plan:
    people: list[tuple[int, PersonDetails]]
    cases: list[tuple[int, int]]
    parties: list[tuple[int, int, PartyRole, str]]
    referrals: list[NewReferral]
    incidents: list[NewIncident]
    heard: list[HeardCase]
    facts: list[ImportedFacts]
    notes: list[CaseNote]
    perpetrator_cases: dict[int, set[int]]


def _plan(
    entries: Sequence[SheetEntry], joins: Collection[str], first_person: int, first_case: int
) -> _Plan:
    rows = [e.row for e in entries]
    victims, perpetrators = _Groups(rows), _Groups(e.row for e in entries if e.perpetrator)
    by_row = {e.row: e for e in entries}
    for key in joins:
        role, first, second = _pair_key(key)
        if first not in by_row or second not in by_row:
            continue
        (victims if role == "V" else perpetrators).join(first, second)
        if role == "V" and perpetrators_agree(by_row[first], by_row[second]):
            perpetrators.join(first, second)
    plan = _Plan([], [], [], [], [], [], [], [], defaultdict(set))
    person_of: dict[tuple[str, int], int] = {}

    def person(role: str, group: int, details: PersonDetails) -> int:
        found = person_of.get((role, group))
        if found is None:
            found = person_of[(role, group)] = first_person + len(plan.people)
            plan.people.append((found, details))
        else:
            position = found - first_person
            plan.people[position] = (found, _filled_in(plan.people[position][1], details))
        return found

    case_of: dict[tuple[int, int | None], int] = {}
    seen_heard: set[tuple[int, date]] = set()
    ordered = sorted(entries, key=lambda e: (e.referral_day, e.row))
    for entry in ordered:
        victim = person("V", victims.find(entry.row), entry.victim)
        perpetrator = (
            person("P", perpetrators.find(entry.row), entry.perpetrator)
            if entry.perpetrator
            else None
        )
        parties = (victim, perpetrator)
        case_id = case_of.get(parties)
        if case_id is None:
            case_id = case_of[parties] = first_case + len(plan.cases)
            plan.cases.append((case_id, victim))
            if perpetrator is not None:
                plan.parties.append((case_id, perpetrator, PartyRole.PERPETRATOR, ""))
                plan.perpetrator_cases[perpetrator].add(case_id)
        else:
            plan.incidents.append(
                NewIncident(case_id, entry.referral_day, IncidentKind.OTHER, entry.agency, False)
            )
        status = ReferralStatus.HEARD if entry.marac_day else ReferralStatus.RECEIVED
        plan.referrals.append(
            NewReferral(
                case_id,
                entry.referral_day,
                entry.agency,
                entry.criteria,
                status,
                entry.marac_day,
            )
        )
        if entry.marac_day is not None and (case_id, entry.marac_day) not in seen_heard:
            seen_heard.add((case_id, entry.marac_day))
            plan.heard.append(HeardCase(case_id, entry.marac_day, bool(entry.children)))
        plan.facts.append(
            ImportedFacts(case_id, entry.row, entry.referral_day, entry.dash_score, entry.children)
        )
        if entry.referral_from_marac:
            plan.notes.append(CaseNote(case_id, FALLBACK_NOTE, FALLBACK_TEXT))
        plan.notes += [CaseNote(case_id, h, t) for h, t in entry.notes]
    return plan


_FILLABLE = ("date_of_birth", "gender", "ethnicity", "postcode")


def _filled_in(kept: PersonDetails, later: PersonDetails) -> PersonDetails:
    """A joined person as the earliest row has them, with what only a later row gives."""
    missing = {name: getattr(later, name) for name in _FILLABLE if not getattr(kept, name)}
    return replace(kept, **{k: v for k, v in missing.items() if v})


def _pair_key(key: str) -> tuple[str, int, int]:
    text = key.strip().upper()
    try:
        role, rows = text[0], text[1:].split("-")
        first, second = int(rows[0]), int(rows[1])
    except (IndexError, ValueError):
        raise InvalidInputError(
            f"'{key[:20]}' does not name a pair; use the keys the check lists, such as V12-40."
        ) from None
    if role not in ("V", "P") or len(rows) != 2:
        raise InvalidInputError(
            f"'{key[:20]}' does not name a pair; use the keys the check lists, such as V12-40."
        )
    return role, first, second


def _flags(
    plan: _Plan, references: Mapping[int, str], rules: FlagRules, today: date
) -> list[NewFlag]:
    return flags.new_case_flags(
        plan.cases, references, plan.incidents, plan.referrals, plan.perpetrator_cases, rules, today
    )


def _meeting_defaults(session: Session, days: Iterable[date]) -> tuple[int, dict[date, date]]:
    """The area's slot length and each day's cut-off, for the meetings the import makes."""
    stored = settings_repo.load(session, meeting_settings.SETTINGS_KEY) or {}
    defaults = meeting_settings.MeetingSettings()
    slot = stored.get("slot_minutes", defaults.slot_minutes)
    working_days = stored.get("cutoff_working_days", defaults.cutoff_working_days)
    return int(slot), {day: agenda_rules.cutoff_date(day, int(working_days)) for day in days}


def _save(
    session: Session, plan: _Plan, rules: FlagRules, today: date, progress: Progress
) -> tuple[int, int]:
    """Write the plan; how many meetings were made and flags raised."""
    steps = 8
    progress.step(1, steps, SAVING)
    bulk.insert_people(session, plan.people)
    progress.step(2, steps, SAVING)
    given = bulk.insert_cases(session, plan.cases)
    bulk.insert_parties(session, plan.parties)
    progress.step(3, steps, SAVING)
    bulk.insert_referrals(session, plan.referrals)
    bulk.insert_incidents(session, plan.incidents)
    progress.step(4, steps, SAVING)
    slot, cutoffs = _meeting_defaults(session, {h.day for h in plan.heard})
    made = sheet_repo.add_heard_cases(session, plan.heard, slot, cutoffs)
    progress.step(5, steps, SAVING)
    sheet_repo.add_imported_facts(session, plan.facts)
    sheet_repo.add_notes(session, plan.notes)
    progress.step(6, steps, SAVING)
    found = _flags(plan, given, rules, today)
    bulk.insert_flags(session, found)
    progress.step(7, steps, SAVING)
    return made, len(found)


def _refused_csv(sheet: Sheet, checked: SheetCheck) -> bytes:
    """The refused rows as they were, with their problems, as CSV Excel opens (UTF-8, BOM)."""
    by_row: dict[int, list[str]] = defaultdict(list)
    for problem in checked.problems:
        if problem.row is not None:
            by_row[problem.row].append(problem.text)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*sheet.headers, PROBLEM_COLUMN])
    refused = set(checked.refused_rows)
    for row in sheet.rows:
        if row.number in refused:
            cells = [date_style.in_file(c) if isinstance(c, date) else c for c in row.cells]
            writer.writerow([*cells, " ".join(by_row[row.number])])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


@requires(Permission.IMPORT_RECORDS)
def import_sheet(
    workspace: Workspace,
    sheet: Sheet,
    mapping: SheetMapping,
    joins: Collection[str] = (),
    clean_rows_only: bool = False,
    refused_file: Path | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> SheetImportSummary:
    """Import every row, or (``clean_rows_only``) the rows with no problem, writing the
    refused ones to ``refused_file``. ``joins`` are the pair keys the person confirmed.
    Refused with every problem listed (saving nothing) while any row has one and the person
    has not chosen the clean rows only."""
    progress = quiet(progress)
    now = today or date.today()
    checked = check(workspace, sheet, mapping, now, find_pairs=False, progress=progress)
    if not checked.mapping_ok or (checked.problems and not clean_rows_only):
        raise SheetProblemsError(checked.problems)
    if checked.refused_rows and refused_file is None:
        raise InvalidInputError("Choose a file for the refused rows, so they can be fixed.")
    if not checked.entries:
        raise InvalidInputError("No row of the sheet can be imported.")
    progress.step(0, 8, SAVING)
    with workspace.transaction() as session:
        rules = FlagRules(settings.area_policy(session))
        plan = _plan(
            checked.entries, joins, bulk.next_person_id(session), bulk.next_case_id(session)
        )
        made, raised = _save(session, plan, rules, now, progress)
        workspace.record(
            session,
            AuditAction.CREATE,
            "sheet_import",
            detail=f"{len(checked.entries)} row(s), {len(plan.cases)} case(s)",
        )
        progress.step(8, 8, SAVING)  # the last chance to stop: the transaction rolls back
    written, warning = "", ""
    if checked.refused_rows and refused_file is not None:
        with atomic_writer(refused_file) as handle:
            handle.write(_refused_csv(sheet, checked))
        written = str(refused_file)
        warning = REFUSED_WARNING.format(name=refused_file.name)
    return SheetImportSummary(
        rows_imported=len(checked.entries),
        rows_refused=len(checked.refused_rows),
        people=len(plan.people),
        cases=len(plan.cases),
        referrals=len(plan.referrals),
        heard=len(plan.heard),
        meetings_made=made,
        flags=raised,
        notes=len(plan.notes),
        refused_file=written,
        warning=warning,
    )


@dataclass(frozen=True, slots=True)
class ImportedDetails:
    """What a tracking sheet recorded on a case: per row, the score (as imported, never a
    checklist) and children; and the notes kept."""

    facts: tuple[ImportedFacts, ...]
    notes: tuple[CaseNote, ...]


@requires(Permission.MANAGE_CASES)
def imported_details(workspace: Workspace, case_id: int) -> ImportedDetails:
    with workspace.transaction() as session:
        return ImportedDetails(
            tuple(sheet_repo.imported_facts(session, case_id)),
            tuple(sheet_repo.case_notes(session, case_id)),
        )
