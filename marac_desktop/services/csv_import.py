"""Import a coordinator's existing MARAC spreadsheet (CSV): map columns, preview, then import.

Each row is one case: victim, optional perpetrator, and the referral. The preview checks every
row and names problems by row and column; nothing is saved until the import, which goes through
the bundle import (one transaction, all or nothing).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress
from marac_desktop.domain.yes_no import NO, YES
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import bundle
from marac_desktop.services.bundle import ImportSummary
from marac_desktop.services.bundle_reader import FORMAT, VERSION
from marac_desktop.services.workspace import Workspace, requires

MAX_ROWS = 100_000
MAX_BYTES = 64 * 1024 * 1024

_CRITERION_HEADERS = {
    Criterion.VISIBLE_HIGH_RISK: ("high risk", "visible", "14+"),
    Criterion.PROFESSIONAL_JUDGEMENT: ("judgement", "judgment"),
    Criterion.POTENTIAL_ESCALATION: ("escalation",),
    Criterion.REPEAT: ("repeat",),
}
"""Words in a spreadsheet's column headers that suggest each criterion's column."""

# field -> (label, required, words that suggest the column)
FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "victim_family_name": (
        "Victim family name",
        True,
        ("victim surname", "victim family", "surname", "family name", "last name"),
    ),
    "victim_given_names": (
        "Victim given names",
        True,
        ("victim first", "victim forename", "forename", "first name", "given"),
    ),
    "victim_dob": ("Victim date of birth", False, ("victim dob", "dob", "date of birth")),
    "victim_gender": ("Victim gender", False, ("gender", "sex")),
    "victim_ethnicity": ("Victim ethnicity", False, ("ethnicity", "ethnic")),
    "victim_postcode": ("Victim postcode", False, ("postcode", "post code")),
    "perpetrator_family_name": (
        "Perpetrator family name",
        False,
        ("perpetrator surname", "perp surname", "perpetrator family"),
    ),
    "perpetrator_given_names": (
        "Perpetrator given names",
        False,
        ("perpetrator first", "perp first", "perpetrator forename"),
    ),
    "perpetrator_dob": ("Perpetrator date of birth", False, ("perpetrator dob", "perp dob")),
    "referral_date": ("Referral date", True, ("referral date", "date referred", "referred")),
    "referring_agency": ("Referring agency", True, ("referring agency", "agency", "referrer")),
    **{c.value: (f"{c.heading} (Y/N)", False, _CRITERION_HEADERS[c]) for c in Criterion},
    "meeting_date": ("MARAC meeting date", False, ("meeting date", "marac date", "heard")),
}
_CRITERIA = tuple(c.value for c in Criterion)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


@dataclass(frozen=True, slots=True)
class CsvTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class PreviewRow:
    row: int
    """The spreadsheet row number (the header is row 1)."""
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Preview:
    rows: tuple[PreviewRow, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_csv(path: Path) -> CsvTable:
    """The header row and data rows; one sentence if the file cannot be read as CSV."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"{path.name} is too large to import.")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InvalidInputError(f"There is no file at {path}.") from None
    except UnicodeDecodeError:
        raise InvalidInputError(
            f"{path.name} is not UTF-8 text; save the spreadsheet as 'CSV UTF-8' and try again."
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        lines = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise InvalidInputError(f"{path.name} is not a readable CSV file ({error}).") from None
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise InvalidInputError(f"{path.name} is empty.")
    if len(lines) - 1 > MAX_ROWS:
        raise InvalidInputError(f"{path.name} has more than {MAX_ROWS} rows; split it.")
    width = len(lines[0])
    rows = tuple(tuple((line + [""] * width)[:width]) for line in lines[1:])
    return CsvTable(tuple(h.strip() for h in lines[0]), rows)


def suggest_mapping(headers: Sequence[str]) -> dict[str, int]:
    """A first guess at which column holds which field (the user confirms or changes it)."""
    mapping: dict[str, int] = {}
    used: set[int] = set()
    normalised = [re.sub(r"[^a-z0-9+ ]", " ", h.lower()).strip() for h in headers]
    for field, (_, _, words) in FIELDS.items():
        for word in words:
            whole = re.compile(rf"(^| ){re.escape(word)}( |$)")
            found = next(
                (i for i, h in enumerate(normalised) if i not in used and whole.search(h)), None
            )
            if found is not None:
                mapping[field] = found
                used.add(found)
                break
    return mapping


def _date(value: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def preview(table: CsvTable, mapping: Mapping[str, int], today: date) -> Preview:
    """Check every row under ``mapping``; problems say row, column and what is wrong."""
    problems: list[str] = []
    for field, (label, required, _) in FIELDS.items():
        if required and field not in mapping:
            problems.append(f"Choose the column that holds '{label}'.")
    if problems:
        return Preview((), tuple(problems))
    rows = []
    for offset, raw in enumerate(table.rows):
        number = offset + 2
        values = {f: raw[i].strip() for f, i in mapping.items() if i < len(raw)}
        rows.append(PreviewRow(number, values))
        for field, value in values.items():
            label, required, _ = FIELDS[field]
            where = f"Row {number}, column '{table.headers[mapping[field]]}'"
            if required and not value:
                problems.append(f"{where}: {label.lower()} is empty.")
            elif field.endswith(("dob", "date")) and value:
                parsed = _date(value)
                if parsed is None:
                    problems.append(f"{where}: not a date (use DD/MM/YYYY or YYYY-MM-DD).")
                elif parsed > today:
                    problems.append(f"{where}: the date is in the future.")
            elif field in _CRITERIA and value.lower() not in YES | NO:
                problems.append(f"{where}: use Y or N.")
        if not any(values.get(c, "").lower() in YES for c in _CRITERIA):
            problems.append(f"Row {number}: no referral criterion is marked Y.")
    return Preview(tuple(rows), tuple(problems))


def _bundle_from(rows: Sequence[PreviewRow]) -> dict[str, Any]:
    people: list[dict[str, Any]] = []
    cases, referrals = [], []

    def iso(value: str) -> str | None:
        parsed = _date(value) if value else None
        return parsed.isoformat() if parsed else None

    for item in rows:
        v = item.values
        key = f"r{item.row}"
        people.append(
            {
                "id": f"{key}v",
                "family_name": v["victim_family_name"],
                "given_names": v["victim_given_names"],
                "date_of_birth": iso(v.get("victim_dob", "")),
                "gender": v.get("victim_gender", ""),
                "ethnicity": v.get("victim_ethnicity", ""),
                "postcode": v.get("victim_postcode", "").upper(),
            }
        )
        perpetrators = []
        if v.get("perpetrator_family_name") or v.get("perpetrator_given_names"):
            people.append(
                {
                    "id": f"{key}p",
                    "family_name": v.get("perpetrator_family_name") or "(unknown)",
                    "given_names": v.get("perpetrator_given_names") or "(unknown)",
                    "date_of_birth": iso(v.get("perpetrator_dob", "")),
                }
            )
            perpetrators.append({"person": f"{key}p", "relationship": ""})
        cases.append(
            {
                "id": key,
                "victim": f"{key}v",
                "perpetrators": perpetrators,
                "children": [],
            }
        )
        meeting = iso(v.get("meeting_date", ""))
        referrals.append(
            {
                "case": key,
                "date": iso(v["referral_date"]),
                "referring_agency": v["referring_agency"],
                "criteria": {c: v.get(c, "").lower() in YES for c in _CRITERIA},
                "status": "heard" if meeting else "received",
                "meeting_date": meeting,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "people": people,
        "cases": cases,
        "incidents": [],
        "referrals": referrals,
        "assessments": [],
    }


@requires(Permission.IMPORT_RECORDS)
def import_rows(
    workspace: Workspace,
    table: CsvTable,
    mapping: Mapping[str, int],
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the previewed rows; refuses (saving nothing) while any row has a problem."""
    now = today or date.today()
    checked = preview(table, mapping, now)
    if not checked.ok:
        raise bundle.BundleError(list(checked.problems))
    return bundle.import_bundle(workspace, _bundle_from(checked.rows), today=now, progress=progress)
