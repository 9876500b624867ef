"""Importing a coordinator's MARAC spreadsheet: mapping, preview, all-or-nothing import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marac_desktop.errors import InvalidInputError
from marac_desktop.services import csv_import, records
from marac_desktop.services.bundle import BundleError
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)
SHEET = """Case Ref,Victim Surname,Victim First Name,DOB,Postcode,Perp Surname,Perp First Name,\
Referral Date,Referring Agency,High Risk 14+,Prof Judgement,Escalation,Repeat,MARAC Date
M-101,Nowak,Ewa,03/04/1990,ls6 1aa,Nowak,Piotr,01/09/2026,Police,Y,N,N,N,15/09/2026
M-102,Okafor,Adaeze,1985-12-01,LS9 2BB,,,2026-10-02,IDVA service,N,Y,,N,
M-103,Chen,Mei,,LS2 3CC,Lee,Jun,12/10/2026,Housing,Y,N,N,Y,
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "marac.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_mapping_is_suggested_and_rows_import(admin: Workspace, tmp_path: Path) -> None:
    table = csv_import.read_csv(_write(tmp_path, SHEET))
    mapping = csv_import.suggest_mapping(table.headers)
    assert table.headers[mapping["victim_family_name"]] == "Victim Surname"
    assert table.headers[mapping["victim_dob"]] == "DOB"
    assert table.headers[mapping["perpetrator_given_names"]] == "Perp First Name"
    assert table.headers[mapping["meeting_date"]] == "MARAC Date"
    checked = csv_import.preview(table, mapping, TODAY)
    assert checked.ok and len(checked.rows) == 3
    summary = csv_import.import_rows(admin, table, mapping, today=TODAY)
    assert (summary.cases, summary.people, summary.referrals) == (3, 5, 3)
    # The spreadsheet's own references are not kept: ours are made here and hold no names.
    assert [r.reference for r in records.case_page(admin, "", 0, 10)] == [
        "C-000001",
        "C-000002",
        "C-000003",
    ]
    first = records.case_record(admin, records.case_page(admin, "Nowak", 0, 1)[0].id)
    assert first.victim.details.date_of_birth == date(1990, 4, 3)
    assert first.referrals[0].meeting_day == date(2026, 9, 15)


def test_problems_name_row_and_column_and_nothing_is_saved(
    admin: Workspace, tmp_path: Path
) -> None:
    bad = (
        SHEET.replace("03/04/1990", "31/02/1990")
        .replace("Adaeze,", ",")
        .replace("Housing,Y,N,N,Y", "Housing,N,N,N,N")
    )
    table = csv_import.read_csv(_write(tmp_path, bad))
    mapping = csv_import.suggest_mapping(table.headers)
    checked = csv_import.preview(table, mapping, TODAY)
    assert checked.problems == (
        "Row 2, column 'DOB': not a date (use DD/MM/YYYY or YYYY-MM-DD).",
        "Row 3, column 'Victim First Name': victim given names is empty.",
        "Row 4: no referral criterion is marked Y.",
    )
    with pytest.raises(BundleError):
        csv_import.import_rows(admin, table, mapping, today=TODAY)
    assert records.count_cases(admin) == 0


def test_required_columns_must_be_mapped(tmp_path: Path) -> None:
    table = csv_import.read_csv(_write(tmp_path, "Name,Date\nA,01/01/2020\n"))
    problems = csv_import.preview(table, {}, TODAY).problems
    assert "Choose the column that holds 'Victim family name'." in problems


def test_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        csv_import.read_csv(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="empty"):
        csv_import.read_csv(path)


def test_whole_words_only_when_guessing_columns() -> None:
    headers = ("Case no", "Referral date", "Surname", "First name", "Agency")
    mapping = csv_import.suggest_mapping(headers)
    assert "reference" not in mapping
    assert headers[mapping["referral_date"]] == "Referral date"
