"""Checking every row of a tracking sheet under a mapping, before anything is saved.

Each row becomes a ``SheetEntry`` (victim, perpetrator, referral, what the sheet recorded
beside it) or problems that name the sheet's own row, the column letter and its header. The
preview also says which two-digit years it resolved, which rows took the MARAC date as their
referral date, which columns are not imported, and which rows may hold the same person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from marac_desktop.domain import date_style
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.name_split import SplitName, SplitRules, split_full_name
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.sheet_dates import SheetDateError, read_sheet_date
from marac_desktop.domain.yes_no import NO, YES
from marac_desktop.matching import PersonRecord, score_record
from marac_desktop.matching.ranking import PersonQuery
from marac_desktop.matching.within import likely_pairs as pairs_within
from marac_desktop.services.sheet_mapping import SheetMapping, Target, mapping_problems
from marac_desktop.services.sheet_reader import Cell, Sheet, SheetRow, column_letter

MAX_DASH = 24
MAX_CHILDREN = 30
CHECKING = "Checking the rows"
PAIRING = "Looking for the same person on more than one row"
STEP_ROWS = 1000
_NONE = frozenset({"", "-", "none", "n/a", "na", "unknown", "not known"})
FALLBACK_NOTE = "Referral date"
FALLBACK_TEXT = "The sheet gave no referral date; the MARAC date was used."


@dataclass(frozen=True, slots=True)
class SheetProblem:
    row: int | None
    """The sheet's row number, or None for a problem with the mapping itself."""
    column: str
    header: str
    message: str

    @property
    def text(self) -> str:
        """The problem in one sentence, without the cell's value (it may be case data)."""
        if self.row is None:
            return self.message
        where = f"Row {self.row}"
        if self.column:
            where += f", column {self.column}" + (f" ({self.header})" if self.header else "")
        return f"{where}: {self.message}."


@dataclass(frozen=True, slots=True)
class DateNote:
    row: int
    column: str
    header: str
    typed: str
    day: date

    @property
    def text(self) -> str:
        where = f"Row {self.row}, column {self.column} ({self.header})"
        return f"{where}: {self.typed} read as {self.day:%d %B %Y}."


@dataclass(frozen=True, slots=True)
class SheetEntry:
    row: int
    victim: PersonDetails
    victim_split: SplitName | None
    perpetrator: PersonDetails | None
    perpetrator_split: SplitName | None
    referral_day: date
    referral_from_marac: bool
    marac_day: date | None
    agency: str
    criteria: ReferralCriteria
    dash_score: int | None
    children: int | None
    notes: tuple[tuple[str, str], ...]
    """(heading, text): the sheet's notes and columns kept as notes, in column order."""


@dataclass(frozen=True, slots=True)
class PersonPair:
    role: str
    """"victim" or "perpetrator"."""
    first_row: int
    second_row: int
    first_name: str
    second_name: str
    score: int
    reasons: tuple[str, ...]
    same_case: bool = False
    """Victims only: the two rows' perpetrators agree too, so joining makes the rows one case."""

    @property
    def key(self) -> str:
        """How the command line names the pair: V12-40 (victims), P12-40 (perpetrators)."""
        return f"{self.role[0].upper()}{self.first_row}-{self.second_row}"


@dataclass(frozen=True, slots=True)
class SheetCheck:
    entries: tuple[SheetEntry, ...]
    """The rows with no problem."""
    problems: tuple[SheetProblem, ...]
    refused_rows: tuple[int, ...]
    resolved_dates: tuple[DateNote, ...]
    fallback_rows: tuple[int, ...]
    not_imported: tuple[str, ...]
    kept_as_notes: tuple[str, ...]
    pairs: tuple[PersonPair, ...]
    no_criterion_rows: tuple[int, ...]
    waiting_rows: tuple[int, ...]
    """Rows with no MARAC date: they come in as referrals waiting for a meeting."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def mapping_ok(self) -> bool:
        return all(p.row is not None for p in self.problems)


class _Row:
    """One row being read: its cells and the problems and notes found so far."""

    def __init__(self, row: SheetRow, headers: Sequence[str]) -> None:
        self.row = row
        self.headers = headers
        self.problems: list[SheetProblem] = []
        self.dates: list[DateNote] = []

    def cell(self, index: int | None) -> Cell:
        if index is None:
            return ""
        value = self.row.cells[index]
        return value.strip() if isinstance(value, str) else value

    def text(self, index: int | None) -> str:
        value = self.cell(index)
        return value.isoformat() if isinstance(value, date) else value

    def problem(self, index: int | None, message: str) -> None:
        column = column_letter(index) if index is not None else ""
        header = self.headers[index] if index is not None else ""
        self.problems.append(SheetProblem(self.row.number, column, header, message))


class _Reader:
    def __init__(self, sheet: Sheet, mapping: SheetMapping, today: date, high: int) -> None:
        self.sheet, self.mapping, self.today, self.high = sheet, mapping, today, high
        self.rules = SplitRules(mapping.name_order, mapping.particles)
        self.at = {t: mapping.column_of(t) for t in Target if t.once_only}
        self.note_columns = [
            i for i, t in enumerate(mapping.columns) if t in (Target.NOTES, Target.KEEP_AS_NOTE)
        ]

    def date(self, row: _Row, target: Target, what: str) -> date | None:
        index = self.at[target]
        value = row.cell(index)
        if value == "":
            return None
        try:
            found = read_sheet_date(value, self.mapping.date_order, self.today)
        except SheetDateError as error:
            row.problem(index, f"the {what} {error}")
            return None
        if found.century_chosen and index is not None:
            row.dates.append(
                DateNote(
                    row.row.number, column_letter(index), row.headers[index], str(value), found.day
                )
            )
        return found.day

    def name(
        self, row: _Row, whole: Target, family: Target, given: Target
    ) -> tuple[str, str, SplitName | None] | None:
        if self.at[whole] is not None:
            split = split_full_name(row.text(self.at[whole]), self.rules)
            return (split.family_name, split.given_names, split) if split else None
        family_name = " ".join(row.text(self.at[family]).split())
        given_names = " ".join(row.text(self.at[given]).split())
        if not family_name and not given_names:
            return None
        return (family_name or given_names, given_names if family_name else "", None)

    def yes_no(self, row: _Row, target: Target) -> bool:
        index = self.at[target]
        value = row.text(index).lower()
        if value in YES:
            return True
        if value not in NO:
            row.problem(index, "use Y or N")
        return False

    def number(self, row: _Row, target: Target, highest: int, what: str) -> int | None:
        index = self.at[target]
        value = row.text(index).lower()
        if value in _NONE:
            return None
        if value.isdigit() and int(value) <= highest:
            return int(value)
        row.problem(index, f"{what} must be a whole number from 0 to {highest}")
        return None

    def entry(self, sheet_row: SheetRow) -> tuple[SheetEntry | None, _Row]:
        row = _Row(sheet_row, self.sheet.headers)
        at = self.at
        victim_name = self.name(row, Target.VICTIM_NAME, Target.VICTIM_FAMILY, Target.VICTIM_GIVEN)
        if victim_name is None:
            row.problem(
                at[Target.VICTIM_NAME]
                if at[Target.VICTIM_NAME] is not None
                else at[Target.VICTIM_FAMILY],
                "the victim's name is empty",
            )
        victim_dob = self.date(row, Target.VICTIM_DOB, "date of birth")
        perpetrator_name = self.name(
            row, Target.PERPETRATOR_NAME, Target.PERPETRATOR_FAMILY, Target.PERPETRATOR_GIVEN
        )
        perpetrator_dob = self.date(row, Target.PERPETRATOR_DOB, "date of birth")
        marac = self.date(row, Target.MARAC_DATE, "MARAC date")
        referral = self.date(row, Target.REFERRAL_DATE, "referral date")
        fallback = False
        if referral is None and row.cell(at[Target.REFERRAL_DATE]) == "":
            where = (
                at[Target.REFERRAL_DATE]
                if at[Target.REFERRAL_DATE] is not None
                else at[Target.MARAC_DATE]
            )
            if marac is not None and self.mapping.referral_from_marac:
                referral, fallback = marac, True
            elif marac is not None:
                row.problem(where, "there is no referral date")
            elif row.cell(at[Target.MARAC_DATE]) == "":
                row.problem(where, "there is no referral date (nor a MARAC date to use instead)")
        if referral is not None and marac is not None and marac < referral:
            row.problem(at[Target.MARAC_DATE], "the MARAC date is before the referral date")
        agency = " ".join(row.text(at[Target.REFERRING_AGENCY]).split())
        if not agency:
            row.problem(at[Target.REFERRING_AGENCY], "the referring agency is empty")
        dash = self.number(row, Target.DASH_SCORE, MAX_DASH, "a DASH score")
        children = self.number(row, Target.CHILDREN, MAX_CHILDREN, "the number of children")
        criteria = ReferralCriteria(
            visible_high_risk=self.yes_no(row, Target.VISIBLE_HIGH_RISK)
            or (dash is not None and dash >= self.high),
            professional_judgement=self.yes_no(row, Target.PROFESSIONAL_JUDGEMENT),
            potential_escalation=self.yes_no(row, Target.POTENTIAL_ESCALATION),
            repeat=self.yes_no(row, Target.REPEAT),
        )
        notes = tuple(
            (self.sheet.headers[i] or f"Column {column_letter(i)}", row.text(i))
            for i in self.note_columns
            if row.text(i)
        )
        if row.problems or victim_name is None or referral is None:
            return None, row
        postcode = row.text(at[Target.VICTIM_POSTCODE]).upper()
        victim = PersonDetails(
            victim_name[0],
            victim_name[1],
            date_of_birth=victim_dob,
            gender=row.text(at[Target.VICTIM_GENDER]),
            ethnicity=row.text(at[Target.VICTIM_ETHNICITY]),
            postcode=" ".join(postcode.split()),
        )
        perpetrator = (
            PersonDetails(perpetrator_name[0], perpetrator_name[1], date_of_birth=perpetrator_dob)
            if perpetrator_name is not None
            else None
        )
        return (
            SheetEntry(
                sheet_row.number,
                victim,
                victim_name[2],
                perpetrator,
                perpetrator_name[2] if perpetrator_name else None,
                referral,
                fallback,
                marac,
                agency,
                criteria,
                dash,
                children,
                notes,
            ),
            row,
        )


SAME_PERPETRATOR_SCORE = 10
"""Names alone (perpetrators seldom have a date of birth on a sheet) that agree this well,
on two rows whose victims the person joined, make the rows one case."""


def perpetrators_agree(first: SheetEntry, second: SheetEntry) -> bool:
    a, b = first.perpetrator, second.perpetrator
    if a is None or b is None:
        return a is None and b is None
    query = PersonQuery(a.family_name, a.given_names, a.date_of_birth)
    record = PersonRecord(0, b.family_name, b.given_names, b.date_of_birth)
    return score_record(query, record).score >= SAME_PERPETRATOR_SCORE


def _display(details: PersonDetails) -> str:
    born = f" (born {date_style.shown(details.date_of_birth)})" if details.date_of_birth else ""
    return f"{details.family_name.upper()}, {details.given_names}{born}"


def _pairs_in(
    role: str, people: Sequence[tuple[int, PersonDetails | None]], progress: Progress
) -> list[PersonPair]:
    progress.step(0, 0, PAIRING)
    records = [
        PersonRecord(row, d.family_name, d.given_names, d.date_of_birth)
        for row, d in people
        if d is not None
    ]
    by_row = {row: d for row, d in people if d is not None}
    found = []
    for number, (first, second, candidate) in enumerate(pairs_within(records)):
        if number % STEP_ROWS == 0:
            progress.check()
        a, b = int(first.id), int(second.id)
        found.append(
            PersonPair(
                role,
                a,
                b,
                _display(by_row[a]),
                _display(by_row[b]),
                candidate.score,
                candidate.reasons,
            )
        )
    return found


def likely_pairs(
    entries: Sequence[SheetEntry], progress: Progress | None = None
) -> list[PersonPair]:
    """Rows whose victims (or whose perpetrators) may be the same person, best first. Only
    proposed: nothing is joined unless the person says so."""
    progress = quiet(progress)
    victims = [(e.row, e.victim) for e in entries]
    perpetrators = [(e.row, e.perpetrator) for e in entries if e.perpetrator is not None]
    by_row = {e.row: e for e in entries}
    found = [
        replace(pair, same_case=perpetrators_agree(by_row[pair.first_row], by_row[pair.second_row]))
        for pair in _pairs_in("victim", victims, progress)
    ]
    found += _pairs_in("perpetrator", perpetrators, progress)
    return sorted(found, key=lambda p: (-p.score, p.first_row, p.second_row, p.role))


def check_sheet(
    sheet: Sheet,
    mapping: SheetMapping,
    today: date,
    high_threshold: int,
    find_pairs: bool = True,
    progress: Progress | None = None,
) -> SheetCheck:
    """Every row under ``mapping``; all problems at once."""
    progress = quiet(progress)
    headers = sheet.headers
    if len(mapping.columns) != len(headers):
        raise ValueError("the mapping is for a sheet with other columns")
    unmapped = tuple(problem for problem in mapping_problems(mapping, headers))
    not_imported = tuple(
        _column(i, headers) for i, t in enumerate(mapping.columns) if t is Target.NOT_IMPORTED
    )
    kept = tuple(
        _column(i, headers) for i, t in enumerate(mapping.columns) if t is Target.KEEP_AS_NOTE
    )
    if unmapped:
        problems = tuple(SheetProblem(None, "", "", p) for p in unmapped)
        return SheetCheck((), problems, (), (), (), not_imported, kept, (), (), ())
    reader = _Reader(sheet, mapping, today, high_threshold)
    entries: list[SheetEntry] = []
    problems_found: list[SheetProblem] = []
    dates: list[DateNote] = []
    refused: list[int] = []
    for number, sheet_row in enumerate(sheet.rows):
        if number % STEP_ROWS == 0:
            progress.step(number, len(sheet.rows), CHECKING)
        entry, row = reader.entry(sheet_row)
        dates += row.dates
        if entry is None:
            if not row.problems:  # never refuse a row without saying why
                row.problem(None, "the row cannot be read under these columns")
            problems_found += row.problems
            refused.append(sheet_row.number)
        else:
            entries.append(entry)
    pairs = tuple(likely_pairs(entries, progress)) if find_pairs else ()
    return SheetCheck(
        tuple(entries),
        tuple(problems_found),
        tuple(refused),
        tuple(dates),
        tuple(e.row for e in entries if e.referral_from_marac),
        not_imported,
        kept,
        pairs,
        tuple(e.row for e in entries if not e.criteria.any()),
        tuple(e.row for e in entries if e.marac_day is None),
    )


def _column(index: int, headers: Sequence[str]) -> str:
    header = headers[index]
    return f"{column_letter(index)} ({header})" if header else column_letter(index)
