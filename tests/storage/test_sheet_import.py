"""Importing a tracking sheet as Excel saved it: through the service the dialog and the command
share. Right rows, problems by Excel row and column, nothing half imported, history repeats."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sheet_samples import BAD_ROWS, CLEAN_ROWS, REPEAT_JOINS, TODAY, write_csv, write_xlsx
from sqlalchemy import func, select

from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.progress import CancelledError, Progress, Step
from marac_desktop.domain.records import PartyRole, ReferralStatus
from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import meetings, performance, records, sheet_import
from marac_desktop.services.sheet_import import SheetProblemsError
from marac_desktop.services.sheet_mapping import Target
from marac_desktop.services.sheet_reader import Sheet, SheetRow, read_sheet
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.orm import CaseRow, PersonRow


def _count(ws: Workspace, table: type[CaseRow] | type[PersonRow]) -> int:
    with ws.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


@pytest.fixture(params=["cp1252", "utf-8-bom", "xlsx"])
def sheet(request: pytest.FixtureRequest, tmp_path: Path) -> Sheet:
    if request.param == "xlsx":
        return read_sheet(write_xlsx(tmp_path / "tracking.xlsx"))
    if request.param == "cp1252":
        return read_sheet(write_csv(tmp_path / "tracking.csv", "cp1252"))
    return read_sheet(write_csv(tmp_path / "tracking.csv", "utf-8", bom=True))


def test_the_sheet_is_read_as_saved_with_excel_row_numbers(sheet: Sheet) -> None:
    assert sheet.encoding in ("Windows-1252", "UTF-8 with BOM", "Excel workbook")
    assert [r.number for r in sheet.rows] == [2, 4, 5, 8, 9, 10, 11]
    assert sheet.blank_rows == 3


@pytest.mark.both_engines
def test_problems_name_the_excel_row_column_and_header_all_at_once(
    admin: Workspace, sheet: Sheet
) -> None:
    mapping = sheet_import.suggested_mapping(admin, sheet)
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert {(p.row, p.column, p.header) for p in checked.problems} == {
        (row, column, header) for row, (column, header) in BAD_ROWS.items()
    }
    assert checked.problems[0].text == (
        "Row 8, column C (DOB): the date of birth is not a day that exists."
    )
    assert [e.row for e in checked.entries] == list(CLEAN_ROWS)
    assert "K (Key worker)" in checked.kept_as_notes
    resolved = {(d.row, d.column): d.day for d in checked.resolved_dates}
    assert resolved[(5, "C")] == date(1960, 1, 1)
    assert resolved[(5, "A")] == date(2024, 7, 14)
    assert [p.key for p in checked.pairs] == ["V2-4"] and checked.pairs[0].same_case
    with pytest.raises(SheetProblemsError) as raised:
        sheet_import.import_sheet(admin, sheet, mapping, today=TODAY)
    assert len(raised.value.problems) == 2
    assert "Nowak" not in str(raised.value)
    assert _count(admin, CaseRow) == 0 and _count(admin, PersonRow) == 0


@pytest.mark.both_engines
def test_a_column_set_to_not_imported_is_listed(admin: Workspace, sheet: Sheet) -> None:
    mapping = sheet_import.suggested_mapping(admin, sheet).with_column(10, Target.NOT_IMPORTED)
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert checked.not_imported == ("K (Key worker)",)


def test_clean_rows_import_with_history_repeat_and_refused_rows_file(
    admin: Workspace, sheet: Sheet, tmp_path: Path
) -> None:
    mapping = sheet_import.suggested_mapping(admin, sheet)
    refused = tmp_path / "refused.csv"
    summary = sheet_import.import_sheet(
        admin, sheet, mapping, REPEAT_JOINS, clean_rows_only=True, refused_file=refused, today=TODAY
    )
    assert (summary.rows_imported, summary.rows_refused) == (5, 2)
    assert summary.cases == 4  # rows 2 and 4 are one case
    assert "holds case data" in summary.warning
    assert stat.S_IMODE(refused.stat().st_mode) == 0o600
    text = refused.read_bytes().decode("utf-8-sig")
    assert "Amina Farah" in text and "Row 11, column F (DASH score)" in text
    assert "Ewa" not in text

    found = records.case_page(admin, "Nowak", 0, 5)
    assert len(found) == 1
    record = records.case_record(admin, found[0].id)
    assert record.victim.details.family_name == "Nowak"
    assert record.victim.details.date_of_birth == date(1990, 4, 3)
    assert [r.status for r in record.referrals] == [ReferralStatus.HEARD] * 2
    assert [r.meeting_day for r in record.referrals] == [date(2025, 1, 10), date(2025, 6, 5)]
    assert record.referrals[1].criteria.has(Criterion.REPEAT)
    assert record.referrals[0].criteria.has(Criterion.VISIBLE_HIGH_RISK)  # DASH 16
    assert FlagKind.REPEAT.value in {f.kind for f in record.flags}
    details = sheet_import.imported_details(admin, record.id)
    assert [f.dash_score for f in details.facts] == [16, 12]
    assert {n.heading for n in details.notes} >= {"Notes", "Key worker", "Referral date"}

    held = meetings.list_meetings(admin)
    assert {m.day for m in held} == {
        date(2025, 1, 10), date(2025, 6, 5), date(2024, 7, 14), date(2025, 8, 20),
        date(2025, 9, 2),
    }  # fmt: skip
    assert {m.status for m in held} == {MeetingStatus.HELD}

    mc = records.case_record(admin, records.case_page(admin, "Mc Donald", 0, 1)[0].id)
    assert mc.victim.details.family_name == "Mc Donald"
    assert mc.victim.details.date_of_birth == date(1960, 1, 1)
    assert mc.people(PartyRole.PERPETRATOR)[0].details.given_names == "Gary"


def test_without_the_join_each_row_is_its_own_case(
    admin: Workspace, sheet: Sheet, tmp_path: Path
) -> None:
    mapping = sheet_import.suggested_mapping(admin, sheet)
    summary = sheet_import.import_sheet(
        admin,
        sheet,
        mapping,
        (),
        clean_rows_only=True,
        refused_file=tmp_path / "r.csv",
        today=TODAY,
    )
    assert summary.cases == 5 and summary.flags == 0


def test_stopping_the_import_saves_nothing(admin: Workspace, sheet: Sheet, tmp_path: Path) -> None:
    """Stopped after the people, cases and referrals are written: all rolled back."""
    mapping = sheet_import.suggested_mapping(admin, sheet)

    def stop_late(step: Step) -> None:
        if step.text == sheet_import.SAVING and step.done == 5:
            progress.cancel()

    progress = Progress(stop_late)
    with pytest.raises(CancelledError):
        sheet_import.import_sheet(
            admin, sheet, mapping, REPEAT_JOINS, True, tmp_path / "r.csv", TODAY, progress
        )
    assert _count(admin, CaseRow) == 0 and _count(admin, PersonRow) == 0
    assert meetings.list_meetings(admin) == []
    assert not (tmp_path / "r.csv").exists()


def test_the_performance_report_counts_the_history_at_once(
    admin: Workspace, sheet: Sheet, tmp_path: Path
) -> None:
    """Heard at held meetings, the history's cases, repeats and children are in the report."""
    mapping = sheet_import.suggested_mapping(admin, sheet)
    sheet_import.import_sheet(admin, sheet, mapping, REPEAT_JOINS, True, tmp_path / "r.csv", TODAY)
    report = performance.performance_report(admin, date(2024, 1, 1), date(2025, 12, 31), TODAY)
    totals = report.totals
    assert totals.cases == 5  # five hearings of four cases
    assert totals.repeats >= 1
    assert totals.children == 2 + 2 + 0 + 1  # the sheet's counts (no child is named)


@pytest.mark.both_engines
def test_the_area_can_write_dates_month_first(admin: Workspace, sheet: Sheet) -> None:
    assert sheet_import.suggested_mapping(admin, sheet).date_order is DateOrder.DAY_FIRST
    sheet_import.set_date_order(admin, DateOrder.MONTH_FIRST)
    mapping = sheet_import.suggested_mapping(admin, sheet)
    assert mapping.date_order is DateOrder.MONTH_FIRST
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert {p.row for p in checked.problems} > set(BAD_ROWS)  # 14/07/24 has no month 14


@pytest.mark.both_engines
def test_a_joined_person_keeps_what_only_a_later_row_gives(admin: Workspace) -> None:
    headers = ("MARAC date", "Victim name", "DOB", "Referring agency", "Ethnicity")
    rows = (
        SheetRow(2, ("10/01/2025", "Ewa Nowak", "", "Police", "")),
        SheetRow(3, ("05/06/2025", "NOWAK, Ewa", "03/04/1990", "Police", "Polish")),
    )
    sheet = Sheet("t.csv", "UTF-8", "", (), 1, headers, rows, 0)
    mapping = sheet_import.suggested_mapping(admin, sheet)
    summary = sheet_import.import_sheet(admin, sheet, mapping, ("V2-3",), today=TODAY)
    assert (summary.people, summary.cases) == (1, 1)
    victim = records.case_record(admin, records.case_page(admin, "", 0, 1)[0].id).victim
    assert victim.details.date_of_birth == date(1990, 4, 3)
    assert victim.details.ethnicity_detail == "Polish" or victim.details.ethnicity


@pytest.mark.both_engines
@pytest.mark.parametrize("fallback", [True, False])
def test_a_missing_referral_date_is_the_marac_date_or_a_problem(
    admin: Workspace, fallback: bool
) -> None:
    headers = ("Referral date", "MARAC date", "Victim name", "Referring agency")
    rows = (
        SheetRow(2, ("", "10/01/2025", "Ewa Nowak", "Police")),
        SheetRow(3, ("", "", "Mei Chen", "Police")),
    )
    sheet = Sheet("t.csv", "UTF-8", "", (), 1, headers, rows, 0)
    mapping = replace(sheet_import.suggested_mapping(admin, sheet), referral_from_marac=fallback)
    checked = sheet_import.check(admin, sheet, mapping, TODAY)
    assert checked.refused_rows == ((3,) if fallback else (2, 3))
    assert len(checked.problems) == len(checked.refused_rows)  # every refused row says why
    assert checked.fallback_rows == ((2,) if fallback else ())
    assert checked.problems[-1].text == (
        "Row 3, column A (Referral date): there is no referral date (nor a MARAC date to use "
        "instead)."
    )
