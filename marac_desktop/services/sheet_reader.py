"""Reading a coordinator's tracking sheet as Excel saved it: CSV or an .xlsx workbook.

CSV may be UTF-8 (with or without the byte-order mark Excel's "CSV UTF-8" writes),
Windows-1252 (Excel's plain "CSV (Comma delimited)") or UTF-16 ("Unicode Text"); the encoding
found is said. Workbooks are read with openpyxl in read-only mode, the first sheet or the one
named, with Excel's dates as dates. Every row keeps the sheet's own row number, blank rows
counted, so a problem names the row the coordinator sees in Excel.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marac_desktop.errors import InvalidInputError

MAX_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

Cell = str | date
"""A cell as read: text, or a date when the workbook stored one."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int
    """The sheet's own row number (the first row of the file is 1; blank rows are counted)."""
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    file_name: str
    encoding: str
    """How the file was read, in words: "UTF-8", "UTF-8 with BOM", "Windows-1252", "Excel"."""
    sheet_name: str
    """The workbook sheet read ("" for CSV)."""
    sheet_names: tuple[str, ...]
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    """The rows under the headers that hold anything."""
    blank_rows: int
    """Blank rows between the headers and the last row that holds anything."""


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    number = index + 1
    while number:
        number, left = divmod(number - 1, 26)
        letters = chr(ord("A") + left) + letters
    return letters


def _text(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value).strip()


def _blank(cells: Iterable[Cell]) -> bool:
    return all(isinstance(c, str) and not c.strip() for c in cells)


def _decoded(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise InvalidInputError(
            f"{name} is neither UTF-8 nor Windows-1252 text; save it from Excel as "
            "'CSV UTF-8' and try again."
        ) from None


HEADER_LOOKAHEAD = 10
"""Rows looked at for the header: a title above it ("MARAC tracker 2025") is passed over."""


def _filled(cells: tuple[Cell, ...]) -> int:
    return sum(1 for c in cells if not isinstance(c, str) or c.strip())


def _width(cells: tuple[Cell, ...]) -> int:
    """Up to the last cell that holds anything (workbooks often report empty columns)."""
    for index in range(len(cells) - 1, -1, -1):
        value = cells[index]
        if not isinstance(value, str) or value.strip():
            return index + 1
    return 0


def _header_index(first: list[tuple[int, tuple[Cell, ...]]]) -> int:
    widest = max(_filled(cells) for _, cells in first)
    wanted = max(min(2, widest), (widest + 1) // 2)
    return next(i for i, (_, cells) in enumerate(first) if _filled(cells) >= wanted)


def _sheet(
    file_name: str,
    encoding: str,
    sheet_name: str,
    sheet_names: tuple[str, ...],
    lines: Iterator[tuple[int, tuple[Cell, ...]]],
) -> Sheet:
    filled: list[tuple[int, tuple[Cell, ...]]] = []
    for number, cells in lines:
        if _blank(cells):
            continue
        if len(filled) > MAX_ROWS:
            raise InvalidInputError(f"{file_name} has more than {MAX_ROWS} rows; split it.")
        filled.append((number, cells))
    if not filled:
        raise InvalidInputError(f"{file_name} is empty.")
    start = _header_index(filled[:HEADER_LOOKAHEAD])
    header_row, header = filled[start]
    body = filled[start + 1 :]
    blank = body[-1][0] - header_row - len(body) if body else 0
    width = max([_width(header), *(_width(cells) for _, cells in body)])
    if width > MAX_COLUMNS:
        raise InvalidInputError(f"{file_name} has more than {MAX_COLUMNS} columns.")
    headers = tuple(str(h).strip() for h in header[:width]) + ("",) * (width - len(header))
    rows = tuple(
        SheetRow(number, cells[:width] + ("",) * (width - len(cells))) for number, cells in body
    )
    return Sheet(file_name, encoding, sheet_name, sheet_names, header_row, headers, rows, blank)


DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator the first lines hold most of in one line (the headers, usually): Excel
    writes ";" where the decimal mark is a comma, and tabs for "Unicode Text"."""
    lines = [line for line in text[:65536].splitlines() if line.strip()][:HEADER_LOOKAHEAD]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(data: bytes, name: str) -> Sheet:
    text, encoding = _decoded(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=_delimiter(text))

    def lines() -> Iterator[tuple[int, tuple[Cell, ...]]]:
        try:
            for number, line in enumerate(reader, start=1):
                yield number, tuple(cell.strip() for cell in line)
        except csv.Error as error:
            raise InvalidInputError(
                f"{name} is not a readable CSV file (near row {reader.line_num}: {error})."
            ) from None

    return _sheet(name, encoding, "", (), lines())


def _workbook(path: Path, wanted: str | None) -> Sheet:
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    with path.open("rb") as handle:  # a file, not a name: openpyxl judges names by suffix
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise InvalidInputError(
                f"{path.name} is not an Excel workbook that can be read."
            ) from None
        return _read_book(book, path.name, wanted)


def _read_book(book: Any, file_name: str, wanted: str | None) -> Sheet:
    try:
        names = tuple(book.sheetnames)
        if wanted is not None and wanted not in names:
            listed = ", ".join(f"'{n}'" for n in names)
            raise InvalidInputError(f"{file_name} has no sheet '{wanted}'; its sheets: {listed}.")
        chosen = wanted if wanted is not None else names[0]
        worksheet = book[chosen]

        def lines() -> Iterator[tuple[int, tuple[Cell, ...]]]:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                yield number, tuple(_text(v) for v in values)

        return _sheet(file_name, "Excel workbook", chosen, names, lines())
    finally:
        book.close()


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The sheet in ``path``; one sentence if it cannot be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"{path.name} is too large to import.")
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            return _workbook(path, sheet_name)
        if path.suffix.lower() == ".xls":
            raise InvalidInputError(
                f"{path.name} is in Excel's old .xls format; save it as .xlsx or CSV and try again."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path.name} is a folder, not a sheet.") from None
    except PermissionError:
        raise InvalidInputError(f"{path.name} cannot be read (no permission).") from None
    if data.startswith(b"PK\x03\x04"):
        return _workbook(path, sheet_name)
    return _csv(data, path.name)
