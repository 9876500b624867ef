"""Research returns brought in from a return file (CSV or .xlsx), all or nothing.

One row per case and agency, under headers named as ``COLUMNS`` says (any case, any order):
the meeting case reference (M3-07), the agency, whether the agency knows the people (Y or N),
and optionally a summary, the risks, a contact and the day it came back (default: today).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import MeetingCase
from marac_desktop.domain.research import ResearchReturn, ResearchStatus
from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError, read_sheet_date
from marac_desktop.domain.yes_no import NO, YES
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.meeting_settings import agency_code
from marac_desktop.services.sheet_reader import Cell, Sheet

COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("meeting ref", "meeting reference", "meeting case reference", "meeting case"),
    "agency": ("agency",),
    "known": ("known", "known to agency", "known to the agency"),
    "summary": ("summary", "information"),
    "risks": ("risks", "risks identified"),
    "contact": ("contact", "contact at the agency"),
    "returned_on": ("returned on", "date returned", "returned"),
}
REQUIRED = ("reference", "agency", "known")


def _columns(sheet: Sheet) -> dict[str, int]:
    headers = [" ".join(h.lower().replace(".", " ").split()) for h in sheet.headers]
    found = {
        name: next((n for n, h in enumerate(headers) if h in names), -1)
        for name, names in COLUMNS.items()
    }
    missing = [name for name in REQUIRED if found[name] < 0]
    if missing:
        heading = COLUMNS[missing[0]][0]
        raise InvalidInputError(
            f"{sheet.file_name} has no '{heading}' column; a return file needs meeting ref, "
            "agency and known."
        )
    return found


def read_returns(
    session: Session, sheet: Sheet, listed: Sequence[MeetingCase], today: date
) -> dict[CaseId, dict[str, ResearchReturn]]:
    """Each listed case's returns in the file, by agency code; at the first row that cannot
    be read, one sentence naming the row."""
    at = _columns(sheet)
    by_reference = {c.reference.lower(): c for c in listed}
    by_case: dict[CaseId, dict[str, ResearchReturn]] = defaultdict(dict)
    for row in sheet.rows:

        def cell(name: str, cells: tuple[Cell, ...] = row.cells) -> Cell:
            index = at[name]
            return cells[index] if 0 <= index < len(cells) else ""

        def text(name: str) -> str:
            value = cell(name)
            return value.strip() if isinstance(value, str) else value.isoformat()

        where = f"Row {row.number}"
        entry = by_reference.get(text("reference").lower())
        if entry is None:
            raise InvalidInputError(f"{where}: no case on this meeting's list has that ref.")
        try:
            agency = agency_code(session, text("agency"))
        except InvalidInputError as error:
            raise InvalidInputError(f"{where}: {error}") from None
        known = text("known").lower()
        if not known or known not in YES | NO:
            raise InvalidInputError(f"{where}: say whether the agency knows them, Y or N.")
        returned_on = today
        if text("returned_on"):
            try:
                returned_on = read_sheet_date(cell("returned_on"), DateOrder.DAY_FIRST, today).day
            except SheetDateError as error:
                raise InvalidInputError(f"{where}: the day it came back {error}.") from None
        status = (
            ResearchStatus.RETURNED_INFORMATION if known in YES else ResearchStatus.RETURNED_NOTHING
        )
        by_case[entry.case_id][agency] = ResearchReturn(
            agency, status, returned_on, text("summary"), text("risks"), text("contact")
        )
    if not by_case:
        raise InvalidInputError(f"{sheet.file_name} holds no returns.")
    return by_case
