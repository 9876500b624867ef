"""The sheet import's rules row by row: mappings that cannot work, separate name columns,
yes/no and date order problems, serial perpetrators, joins, and meetings already on record."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sheet_samples import TODAY

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import meetings, records, sheet_import
from marac_desktop.services.sheet_import import SheetProblemsError
from marac_desktop.services.sheet_mapping import SheetMapping, Target, mapping_problems
from marac_desktop.services.sheet_reader import Sheet, SheetRow
from marac_desktop.services.workspace import Workspace

T = Target


def _sheet(headers: tuple[str, ...], *rows: tuple[str, ...]) -> Sheet:
    body = tuple(SheetRow(n, cells) for n, cells in enumerate(rows, start=2))
    return Sheet("t.csv", "UTF-8", "", (), 1, headers, body, 0)


@pytest.mark.both_engines
def test_a_mapping_that_cannot_work_says_each_thing_at_once(admin: Workspace) -> None:
    headers = ("A", "B", "C", "D")
    mapping = SheetMapping((T.VICTIM_NAME, T.VICTIM_FAMILY, T.DASH_SCORE, T.DASH_SCORE))
    problems = mapping_problems(mapping, headers)
    assert problems == [
        "'DASH score (recorded as imported, not as a checklist)' is chosen for column C (C) "
        "and column D (D); choose one column.",
        "Choose either the victim's full name or the family name, not both.",
        "Choose the column that holds the referral date (or the MARAC date).",
        "Choose the column that holds the referring agency.",
    ]
    perpetrator = SheetMapping((T.VICTIM_NAME, T.PERPETRATOR_NAME, T.PERPETRATOR_FAMILY, T.NOTES))
    assert "perpetrator's full name" in " ".join(mapping_problems(perpetrator, headers))
    assert mapping_problems(SheetMapping((T.NOTES,) * 4), headers)[0].startswith(
        "Choose the column that holds the victim's name"
    )
    sheet = _sheet(headers, ("a", "b", "1", "2"))
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert not checked.mapping_ok and not checked.ok
    assert checked.problems[0].text == problems[0] and checked.problems[0].row is None
    with pytest.raises(SheetProblemsError):
        sheet_import.import_sheet(admin, sheet, mapping, clean_rows_only=True, today=TODAY)
    with pytest.raises(ValueError, match="other columns"):
        sheet_import.check(admin, sheet, SheetMapping((T.NOTES,)), TODAY)


@pytest.mark.both_engines
def test_separate_name_columns_yes_no_and_dates_in_order(admin: Workspace) -> None:
    headers = ("Surname", "Forename", "Referral date", "MARAC date", "Agency", "Visible", "PJ")
    sheet = _sheet(
        headers,
        ("Nowak", "Ewa", "01/02/2025", "10/02/2025", "Police", "Y", "N"),
        ("", "Mei", "01/02/2025", "10/02/2025", "Police", "maybe", "N"),
        ("", "", "01/02/2025", "10/02/2025", "Police", "N", "N"),
        ("Chen", "Li", "20/02/2025", "10/02/2025", "", "N", "yes"),
    )
    mapping = sheet_import.suggested_mapping(admin, sheet)
    assert mapping.columns == (
        T.VICTIM_FAMILY, T.VICTIM_GIVEN, T.REFERRAL_DATE, T.MARAC_DATE, T.REFERRING_AGENCY,
        T.VISIBLE_HIGH_RISK, T.REPEAT,  # Y/N values with a header that says nothing
    )  # fmt: skip
    mapping = mapping.with_column(6, T.PROFESSIONAL_JUDGEMENT)
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert [p.text for p in checked.problems] == [
        "Row 3, column F (Visible): use Y or N.",
        "Row 4, column A (Surname): the victim's name is empty.",
        "Row 5, column D (MARAC date): the MARAC date is before the referral date.",
        "Row 5, column E (Agency): the referring agency is empty.",
    ]
    first = checked.entries[0]
    assert (first.victim.family_name, first.victim.given_names) == ("Nowak", "Ewa")
    assert first.victim_split is None and first.criteria.visible_high_risk


def test_a_joined_perpetrator_of_two_victims_is_a_serial_perpetrator(
    admin: Workspace, tmp_path: Path
) -> None:
    headers = ("MARAC date", "Victim name", "Perpetrator name", "Perp DOB", "Agency")
    sheet = _sheet(
        headers,
        ("10/01/2025", "Ewa Nowak", "Piotr Nowak", "01/01/1980", "Police"),
        ("12/03/2026", "Anna Kowalska", "Piotr Nowak", "01/01/1980", "Police"),
    )
    mapping = sheet_import.suggested_mapping(admin, sheet)
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert [p.key for p in checked.pairs] == ["P2-3"]
    summary = sheet_import.import_sheet(admin, sheet, mapping, ("P2-3",), today=TODAY)
    assert (summary.people, summary.cases) == (3, 2)
    case = records.case_page(admin, "Kowalska", 0, 1)[0].id
    assert FlagKind.SERIAL_PERPETRATOR.value in {
        f.kind for f in records.case_record(admin, case).flags
    }


@pytest.mark.both_engines
def test_pair_keys_that_name_nothing_are_refused_and_empty_sheets_too(admin: Workspace) -> None:
    headers = ("MARAC date", "Victim name", "Agency")
    sheet = _sheet(headers, ("10/01/2025", "Ewa Nowak", "Police"), ("11/01/2025", "Mei", ""))
    mapping = sheet_import.suggested_mapping(admin, sheet)
    for key in ("X2-3", "V2", "Vtwo-3"):
        with pytest.raises(InvalidInputError, match="does not name a pair"):
            sheet_import.import_sheet(admin, sheet, mapping, (key,), clean_rows_only=True,
                                      refused_file=Path("unused.csv"), today=TODAY)  # fmt: skip
    with pytest.raises(InvalidInputError, match="Choose a file for the refused rows"):
        sheet_import.import_sheet(admin, sheet, mapping, clean_rows_only=True, today=TODAY)
    nothing = _sheet(headers, ("11/01/2025", "Mei", ""))
    with pytest.raises(InvalidInputError, match="No row"):
        sheet_import.import_sheet(
            admin, nothing, mapping, clean_rows_only=True, refused_file=Path("x.csv"), today=TODAY
        )
    assert records.count_cases(admin) == 0


@pytest.mark.both_engines
def test_a_meeting_already_on_record_that_day_hears_the_history(admin: Workspace) -> None:
    held = meetings.create_meeting(
        admin, datetime(2026, 12, 9, 10, 0), "Hall", False, "Chair", "Leeds", TODAY
    )
    headers = ("MARAC date", "Victim name", "Agency")
    sheet = _sheet(headers, ("09/12/2026", "Ewa Nowak", "Police"))
    summary = sheet_import.import_sheet(
        admin, sheet, sheet_import.suggested_mapping(admin, sheet), today=date(2026, 12, 10)
    )
    assert summary.meetings_made == 0
    assert [m.id for m in meetings.list_meetings(admin)] == [held.id]
