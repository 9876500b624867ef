"""Reading sheets as Excel and coordinators save them, and mapping files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sheet_samples import HEADERS, write_xlsx

from marac_desktop.errors import InvalidInputError
from marac_desktop.services.sheet_mapping import (
    Target,
    mapping_from_json,
    mapping_json,
    read_mapping_file,
    suggest_mapping,
)
from marac_desktop.services.sheet_reader import Sheet, SheetRow, column_letter, read_sheet


def test_column_letters_go_past_z() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_semicolons_quoted_line_breaks_and_leading_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(
        b"\r\n;;\r\nName;Agency;Notes\r\n"
        b'Ewa Nowak;Police;"two\r\nlines"\r\n\r\nMei Chen;Health;\r\n'
    )
    sheet = read_sheet(path)
    assert sheet.header_row == 3 and sheet.headers == ("Name", "Agency", "Notes")
    assert [r.number for r in sheet.rows] == [4, 6]
    assert sheet.rows[0].cells[2] == "two\r\nlines"


def test_utf16_text_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes("Name\tAgency\r\nZoë Lefèvre\tPolice\r\n".encode("utf-16"))
    sheet = read_sheet(path)
    assert sheet.encoding == "UTF-16" and sheet.rows[0].cells == ("Zoë Lefèvre", "Police")


def test_a_chosen_workbook_sheet_and_excel_dates(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx")
    first = read_sheet(path)
    assert first.sheet_name == "2025 cases" and first.sheet_names == ("2025 cases", "Summary")
    assert first.rows[0].cells[0] == date(2025, 1, 10)
    assert first.rows[3].cells[2] == "31/02/1988"  # typed text stays text
    summary = read_sheet(path, "Summary")
    assert summary.headers == ("Total", "7")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "old .xls format"),
        ("empty.csv", b"\r\n,,\r\n", "is empty"),
        ("broken.xlsx", b"PK\x03\x04 not really", "not an Excel workbook"),
    ],
)
def test_what_cannot_be_read_says_so(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InvalidInputError, match=words):
        read_sheet(path)


def test_a_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="There is no file"):
        read_sheet(tmp_path / "nothing.csv")


def test_a_mapping_file_round_trips_and_names_columns_by_letter_or_header(
    tmp_path: Path,
) -> None:
    sheet = read_sheet(write_xlsx(tmp_path / "t.xlsx"))
    suggested = suggest_mapping(sheet)
    again = mapping_from_json(json.loads(json.dumps(mapping_json(suggested, HEADERS))), HEADERS)
    assert again == suggested and not again.suggested
    by_header = mapping_from_json(
        {"columns": {"victim name": "victim_name", "A": {"field": "marac_date"}}}, HEADERS
    )
    assert by_header.columns[:2] == (Target.MARAC_DATE, Target.VICTIM_NAME)
    assert by_header.columns[2:] == (Target.NOT_IMPORTED,) * (len(HEADERS) - 2)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([], '"columns" object'),
        ({"columns": {"ZZ": "notes"}}, "does not have"),
        ({"columns": {"A": "shoe_size"}}, "not a field"),
        ({"columns": {}, "date_order": "sideways"}, "date_order"),
        ({"columns": {}, "particles": "van"}, "particles"),
    ],
)
def test_a_wrong_mapping_is_one_sentence(raw: object, words: str) -> None:
    with pytest.raises(InvalidInputError, match=words):
        mapping_from_json(raw, HEADERS)


def test_a_mapping_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not a JSON mapping"):
        read_mapping_file(path, HEADERS)


def test_a_title_above_the_headers_is_passed_over_and_empty_columns_dropped(
    tmp_path: Path,
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "MARAC tracker 2025"
    sheet.append([])
    sheet.append(["Victim name", "Referring agency", None, None])
    sheet.append(["Ewa Nowak", "Police"])
    sheet.append([])
    sheet.append(["Mei Chen", "Health"])
    sheet["H40"] = None  # a touched but empty cell far off: Excel reports such columns too
    path = tmp_path / "titled.xlsx"
    book.save(path)
    read = read_sheet(path)
    assert read.header_row == 3 and read.headers == ("Victim name", "Referring agency")
    assert [r.number for r in read.rows] == [4, 6] and read.blank_rows == 1
    csv_path = tmp_path / "titled.csv"
    csv_path.write_bytes(b"MARAC tracker 2025\r\n\r\nName;Agency\r\nEwa Nowak;Police\r\n")
    assert read_sheet(csv_path).headers == ("Name", "Agency")


def test_columns_whose_headers_say_nothing_are_guessed_from_their_values() -> None:
    headers = ("Who", "Born", "Seen", "Risk", "Again", "Worker")
    rows = tuple(
        SheetRow(n, (f"Person {n}", f"0{n}/04/7{n}", f"1{n}/03/2025", str(10 + n), "N", "AB"))
        for n in range(2, 6)
    )
    sheet = Sheet("t.csv", "UTF-8", "", (), 1, headers, rows, 0)
    assert suggest_mapping(sheet).columns == (
        Target.KEEP_AS_NOTE,  # names are not guessed from values: kept, never lost
        Target.VICTIM_DOB,
        Target.MARAC_DATE,
        Target.DASH_SCORE,
        Target.REPEAT,
        Target.KEEP_AS_NOTE,
    )


def test_workbook_numbers_and_true_false_cells_read_as_typed(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "DASH", "Repeat", "Ratio", "Seen"])
    sheet.append(["Ewa Nowak", 16.0, True, 0.5, date(2025, 1, 10)])
    sheet.append(["Mei Chen", 12, False, None, None])
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    rows = read_sheet(path).rows
    assert rows[0].cells == ("Ewa Nowak", "16", "Y", "0.5", date(2025, 1, 10))
    assert rows[1].cells == ("Mei Chen", "12", "N", "", "")


def test_a_workbook_saved_with_a_csv_name_is_still_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx")
    renamed = path.rename(tmp_path / "t.csv")
    assert read_sheet(renamed).encoding == "Excel workbook"


def test_bytes_that_are_no_text_and_folders_are_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"Name,Agency\r\n\x81\x8d\x8f\x90\x9d,Police\r\n")
    with pytest.raises(InvalidInputError, match="neither UTF-8 nor Windows-1252"):
        read_sheet(path)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(InvalidInputError, match="is a folder"):
        read_sheet(folder)


def test_too_many_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{n}" for n in range(201)) + "\r\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="more than 200 columns"):
        read_sheet(path)
