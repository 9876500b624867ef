"""A coordinator's tracking sheet (synthetic people only), written the ways Excel saves one:
CSV in Windows-1252 or UTF-8 with BOM, Windows line endings, blank rows, one name column,
two-digit years, an impossible date, and an .xlsx workbook with real date cells.

Sheet rows (Excel's numbers; the header is row 1, rows 3, 6 and 7 are blank):
 2  NOWAK, Ewa          MARAC 10/01/2025  heard; the same victim and perpetrator as row 4
 4  Ewa Nowak           MARAC 05/06/2025  a repeat within 12 months of row 2
 5  Deborah Mc Donald   MARAC 14/07/24, born 01/01/60 (two-digit years)
 8  Amina Farah         born 31/02/1988: a day that does not exist (column C)
 9  Siobhan O' Brien    no perpetrator, no DASH score
10  one-word name       (Han characters, or an accented mononym in Windows-1252)
11  AL-SAYED Layla      DASH score "twenty" (column F)
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

TODAY = date(2026, 12, 2)
HEADERS = (
    "MARAC date",
    "Victim name",
    "DOB",
    "Perpetrator name",
    "Referring agency",
    "DASH score",
    "Repeat Y/N",
    "No. of children",
    "Ethnicity",
    "Notes",
    "Key worker",
)
BAD_ROWS = {8: ("C", "DOB"), 11: ("F", "DASH score")}
CLEAN_ROWS = (2, 4, 5, 9, 10)
REPEAT_JOINS = ("V2-4", "P2-4")


def rows(latin_only: bool = False) -> list[tuple[str, ...] | None]:
    """The sheet under its header; None is a blank row."""
    mononym = "Zoë" if latin_only else "王芳"
    partner = "José García" if latin_only else "李伟"
    return [
        ("10/01/2025", "NOWAK, Ewa", "03/04/90", "Piotr Nowak", "Police", "16", "N", "2",
         "White: Other White", "Lives with her sister", "AB"),
        None,
        ("05/06/2025", "Ewa Nowak", "03/04/1990", "Piotr Nowak", "IDVA service", "12", "Y", "2",
         "White: Other White", "Further incident in May", "AB"),
        ("14/07/24", "Deborah Mc Donald", "01/01/60", "Gary Mc Donald", "Police", "18", "N", "0",
         "", "", ""),
        None,
        None,
        ("12/03/2025", "Amina Farah", "31/02/1988", "Omar Farah", "Health", "15", "N", "3",
         "", "", ""),
        ("20/08/2025", "Siobhan O' Brien", "12/12/85", "", "Housing", "", "N", "", "", "", "CD"),
        ("02/09/2025", mononym, "", partner, "Police", "14", "N", "1", "", "", ""),
        ("15/10/2025", "AL-SAYED Layla", "07/07/1979", "Karim al- Sayed", "Police", "twenty",
         "N", "", "", "", ""),
    ]  # fmt: skip


def csv_bytes(encoding: str, bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(latin_only=encoding == "cp1252"):
        writer.writerow(row if row is not None else [""] * len(HEADERS))
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def write_csv(path: Path, encoding: str = "cp1252", bom: bool = False) -> Path:
    path.write_bytes(csv_bytes(encoding, bom))
    return path


def _cell(value: str, column: int) -> object:
    """Dates as Excel stores them (date cells), except the impossible one (text)."""
    if column in (0, 2) and value and value.count("/") == 2:
        day, month, year = value.split("/")
        if len(year) == 4:
            try:
                return datetime(int(year), int(month), int(day))
            except ValueError:
                return value
    return value


def write_xlsx(path: Path, extra_sheet: bool = True) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2025 cases"
    sheet.append(list(HEADERS))
    for number, row in enumerate(rows(), start=2):
        if row is not None:
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column, value=_cell(value, column - 1))
                if isinstance(cell.value, datetime):
                    cell.number_format = "DD/MM/YYYY"
    if extra_sheet:
        summary = book.create_sheet("Summary")
        summary.append(["Total", 7])
    book.save(path)
    return path


def big_sheet(path: Path, count: int, seed: int = 7) -> Path:
    """``count`` rows of synthetic history for the benchmark (UTF-8 with BOM, CRLF, a blank
    row every 50): names from the demo generator's communities, one row in six a further
    referral of an earlier victim and perpetrator."""
    from marac_desktop.services.demo_names import AGENCIES, COMMUNITIES

    rng = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    people: list[tuple[str, str, str, str]] = []
    for n in range(count):
        if people and rng.random() < 1 / 6:
            family, given, dob, perpetrator = rng.choice(people)
        else:
            ethnicity, women, men, families = rng.choice(COMMUNITIES)
            family, given = rng.choice(families), rng.choice(women)
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
            dob = born.strftime("%d/%m/%y" if rng.random() < 0.5 else "%d/%m/%Y")
            perpetrator = f"{rng.choice(men)} {rng.choice(families)}"
            people.append((family, given, dob, perpetrator))
        marac = date(2017, 1, 1) + timedelta(days=rng.randrange(365 * 9))
        writer.writerow([
            marac.strftime("%d/%m/%Y"),
            f"{given} {family}" if rng.random() < 0.6 else f"{family.upper()}, {given}",
            dob,
            perpetrator,
            rng.choice(AGENCIES),
            str(rng.randrange(25)),
            "Y" if rng.random() < 0.1 else "N",
            str(rng.randrange(4)),
            "",
            f"Note {n}" if n % 4 == 0 else "",
            "",
        ])  # fmt: skip
        if n % 50 == 0:
            writer.writerow([""] * len(HEADERS))
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path
