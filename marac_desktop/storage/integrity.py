"""What is wrong with a database file: damaged pages, SQLite structure, a cut-short file.

SQLCipher 4 keeps each 4096-byte page encrypted with its own IV and HMAC-SHA512 (80 bytes of
reserve at the end of each page); page 1 starts with the 16-byte salt instead of SQLite's
"SQLite format 3" text. These checks open the file read-only, so a damaged file is described
without being written to, and they tell a damaged page 1 from a key that belongs elsewhere:
the key from our slot file still decrypts page 1's header, or still passes other pages' HMACs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlcipher3 import dbapi2 as sqlcipher

from marac_desktop.errors import (
    CorruptDatabaseError,
    DamagedDatabaseError,
    EmptyDatabaseError,
    UserFacingError,
    WrongPasswordError,
)
from marac_desktop.storage import engine as engine_module

PAGE_SIZE = 4096
SALT_BYTES = 16
IV_BYTES = 16
RESERVE_BYTES = 80
_HEADER_BLOCKS = slice(SALT_BYTES, 96)  # SQLite header bytes 16..95, five AES blocks
_HMAC_FAILED = re.compile(r"HMAC verification failed for page (\d+)")
_PAGE_SIZE_WRONG = re.compile(r"page (\d+) has an invalid size of (\d+) bytes")
_STRUCTURE_FAILURES = {
    "malformed": "the structure check stopped at a damaged page",
    "not a database": "the structure check could not read the first page",
    "i/o": "the structure check could not read the file",
}
WRONG_SLOT_FILE = (
    "The database could not be opened with this key; the key-slot file belongs to another database."
)


def _pages(size: int) -> int:
    return -(-size // PAGE_SIZE)


def refuse_unusable(path: Path) -> None:
    """Refuse an empty file before anything opens it: SQLite would treat it as a new database."""
    if path.stat().st_size == 0:
        raise EmptyDatabaseError(
            f"{path.name} is empty (0 bytes), so it holds no database and was left untouched; "
            "restore it from the most recent backup."
        )


def damaged(problems: list[str], doing: str = "") -> DamagedDatabaseError:
    pages = sum(1 for p in problems if p.startswith("page "))
    count = f" ({pages} damaged page{'s' if pages > 1 else ''})" if pages else ""
    return DamagedDatabaseError(
        f"The database file is damaged{count}{doing}; run 'verify' to list the damage, and "
        "restore the most recent backup.",
        tuple(problems),
    )


def _read_only(path: Path, key: bytes | bytearray) -> Any:
    connection = sqlcipher.connect(
        f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(engine_module.key_pragma(key))
    return connection


def page_problems(connection: Any) -> list[str]:
    """One line per page that fails SQLCipher's HMAC (or is cut short), from a keyed connection."""
    problems: list[str] = []
    try:
        rows = connection.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher.Error:
        return ["encrypted pages: the page check could not read the file"]
    for (line,) in rows:
        failed = _HMAC_FAILED.search(str(line))
        short = _PAGE_SIZE_WRONG.search(str(line))
        if failed:
            problems.append(f"page {failed.group(1)} fails its encryption check (HMAC)")
        elif short:
            problems.append(
                f"page {short.group(1)} is cut short: {short.group(2)} of {PAGE_SIZE} bytes"
            )
        else:
            problems.append("encrypted pages: the page check reported an unknown fault")
    return problems


def structure_problems(connection: Any) -> list[str]:
    """SQLite's own ``integrity_check``; a check that cannot finish is a problem, not a crash."""
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check").fetchall()]
    except sqlcipher.Error as error:
        text = str(error).lower()
        reason = next(
            (plain for cue, plain in _STRUCTURE_FAILURES.items() if cue in text),
            "the structure check could not finish",
        )
        return [f"database structure: {reason}"]
    if rows == ["ok"]:
        return []
    # One problem a line: SQLite may put several in one row, a line each.
    lines = (line.strip() for row in rows for line in row.splitlines())
    return [f"database structure: {line}" for line in lines if line]


def _header(path: Path, key: bytes | bytearray) -> bytes | None:
    """SQLite header bytes 16..95 of page 1, decrypted with ``key`` (no HMAC needed)."""
    with path.open("rb") as handle:
        page = handle.read(PAGE_SIZE)
    if len(page) < PAGE_SIZE:
        return None
    iv_at = PAGE_SIZE - RESERVE_BYTES
    decryptor = Cipher(algorithms.AES(bytes(key)), modes.CBC(page[iv_at : iv_at + IV_BYTES]))
    return decryptor.decryptor().update(page[_HEADER_BLOCKS])


def _header_fits(header: bytes | None) -> bool:
    """The fixed fields of a SQLite header: page size, versions, reserve, payload fractions."""
    if header is None:
        return False
    page_size = int.from_bytes(header[0:2], "big")
    return (
        page_size == PAGE_SIZE
        and header[2] in (1, 2)
        and header[3] in (1, 2)
        and header[4] == RESERVE_BYTES
        and header[5:8] == bytes((64, 32, 32))
    )


def _declared_pages(header: bytes) -> int | None:
    """The page count page 1 declares, when SQLite itself would trust it."""
    change_counter, pages, valid_for = header[8:12], header[12:16], header[76:80]
    count = int.from_bytes(pages, "big")
    return count if count and change_counter == valid_for else None


def file_problems(path: Path, key: bytes | bytearray) -> tuple[bool, list[str]]:
    """Whether ``key`` belongs to the file, and every fault found, without writing to it."""
    size = path.stat().st_size
    header = _header(path, key)
    problems: list[str] = []
    if size % PAGE_SIZE:
        problems.append(
            f"the file ends part-way through page {_pages(size)} "
            f"({size} bytes is not a whole number of {PAGE_SIZE}-byte pages)"
        )
    declared = _declared_pages(header) if header and _header_fits(header) else None
    if declared is not None and declared > size // PAGE_SIZE:
        problems.append(
            f"the file is cut short: it holds {size // PAGE_SIZE} of its {declared} pages"
        )
    try:
        connection = _read_only(path, key)
    except sqlcipher.Error:
        return _header_fits(header), [*problems, "the file could not be opened to check it"]
    try:
        pages = page_problems(connection)
        failed = sum(1 for line in pages if line.endswith("(HMAC)"))
        fits = _header_fits(header) or failed < _pages(size)
        if not fits:
            return False, []
        if failed == _pages(size) > 1:  # the salt: with it gone no page's HMAC can match
            pages = ["page 1 has a damaged salt (its first 16 bytes), so no page can be checked"]
        if pages and pages[0].startswith("page 1 "):
            pages[0] += "; the key-slot file is not at fault (its key fits this database)"
        return True, [*problems, *pages, *structure_problems(connection)]
    finally:
        connection.close()


def explain_open_failure(path: Path, key: bytes | bytearray) -> UserFacingError:
    """Why a file with this key would not open: another database's key, or named damage."""
    fits, problems = file_problems(path, key)
    if not fits:
        return WrongPasswordError(WRONG_SLOT_FILE)
    if problems:
        return damaged(problems)
    return CorruptDatabaseError(
        "The database could not be opened; check the file and restore it from a backup if needed."
    )
