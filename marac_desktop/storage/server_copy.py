"""Copying an encrypted file's tables, exactly as they are, into an empty partnership database
(``move-to-server``), and the per-table checksums that prove both sides hold the same rows.

Everything on the server side runs in the caller's one transaction: the schema, the roles,
the rows and the counters commit together or not at all. The triggers are off while the rows
arrive, so the audit log keeps its own ids, hashes and signatures, and the report counts and
the cases' latest referral days are the file's own, not worked out again.

A checksum is sha256 over a canonical text of the rows (JSON: each row an array of its values
in column name order, times in UTC), rows in primary-key order by code point. Both engines hand the
values to this module through the same table definitions, and the line is built from them the
same way, so a file and its copy on the server give the same checksum exactly when they hold
the same values. The file's side is worked out from the rows as they are read for the copy;
the server's by reading the copy back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg import errors as pg_errors
from psycopg import sql
from sqlalchemy.orm import Session

from marac_desktop.errors import DatabaseExistsError, PermissionDeniedError, StorageWriteError
from marac_desktop.storage import migrate, references, server_accounts, server_roles
from marac_desktop.storage.orm import Base

_BATCH = 5_000
_NOT_COPIED = {"alembic_version", references.FILE_COUNTERS}
"""Tables the server's own migrations fill (the move refuses a file at another revision), and
the file's counters, which the server keeps as sequences (``references.continue_case_numbers``).
"""
_SERVER_ONLY = {"account_keys"}
"""Tables only a server has (the signing keys it keeps for each login)."""


class CopyRefusedError(StorageWriteError):
    """The server refused a row of the copy; the transaction is rolled back."""


@dataclass(frozen=True, slots=True)
class TableSum:
    rows: int
    digest: str


def copied_tables() -> list[sa.Table]:
    """Every table the move copies, each after the tables its rows refer to."""
    return [t for t in Base.metadata.sorted_tables if t.name not in _NOT_COPIED | _SERVER_ONLY]


def unknown_tables(session: Session) -> list[str]:
    """Tables the file holds that the move would not copy (none at a known schema revision)."""
    present = set(sa.inspect(session.connection()).get_table_names())
    known = {t.name for t in copied_tables()} | _NOT_COPIED
    return sorted(present - known)


def refuse_unless_empty(session: Session, database: str) -> None:
    connection = session.connection()
    if sa.inspect(connection).get_table_names():
        raise DatabaseExistsError(
            f"The database {database} already holds tables, so nothing was copied; move a file "
            "only into a new, empty database (docs/server.md, 'Moving in')."
        )


def create_schema(session: Session, prefix: str) -> None:
    """What ``server init`` creates (the schema, the group roles, the grants and functions),
    in the move's transaction."""
    migrate.upgrade_in(session.connection())
    try:
        server_roles.install(session.connection(), prefix)
    except pg_errors.InsufficientPrivilege:
        raise PermissionDeniedError(server_accounts.MAY_NOT_CREATE_ROLES) from None


def protection_problems(session: Session, prefix: str) -> list[str]:
    return server_roles.protection_problems(session.connection(), prefix)


def _driver(session: Session) -> psycopg.Connection[Any]:
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    return raw  # type: ignore[return-value]


def set_triggers(session: Session, enabled: bool) -> None:
    """Turn every table's own triggers off for the copy, or back on (in the transaction)."""
    driver = _driver(session)
    word = sql.SQL("ENABLE" if enabled else "DISABLE")
    for table in copied_tables():
        driver.execute(
            sql.SQL("ALTER TABLE {} {} TRIGGER USER").format(sql.Identifier(table.name), word)
        )


_PLAIN = (sa.Integer, sa.String, sa.Boolean)
"""Types whose values both engines give as the same Python value, needing no conversion."""


def _for_server(value: object) -> object:
    # SQLite keeps no time zone: the application stores UTC there.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _server_row(row: Sequence[object], timed: Sequence[int]) -> list[object]:
    values = list(row)
    for index in timed:
        values[index] = _for_server(values[index])
    return values


_REFUSALS: tuple[tuple[type[psycopg.Error], str], ...] = (
    (pg_errors.StringDataRightTruncation, "a value is longer than the server's column allows"),
    (pg_errors.ForeignKeyViolation, "a row refers to a row the file does not hold"),
    (pg_errors.UniqueViolation, "two rows share a value that must be unique"),
    (pg_errors.NotNullViolation, "a row leaves out a value the server requires"),
    (pg_errors.DataError, "a value is not of the kind its column holds"),
)


def _refusal(table: str, error: psycopg.Error) -> CopyRefusedError:
    """One sentence naming the table only: the server's own message can quote the row."""
    why = next(
        (reason for kind, reason in _REFUSALS if isinstance(error, kind)), "it refused a row"
    )
    return CopyRefusedError(
        f"The server refused the rows of the table {table} ({why}), so nothing was copied."
    )


def copy_table(source: Session, target: Session, table: sa.Table) -> TableSum:
    """Copy every row of ``table`` from the file to the server as they are; the file's
    checksum of the table, from the rows as they were read."""
    names = [column.name for column in table.columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    timed = [i for i, column in enumerate(table.columns) if not isinstance(column.type, _PLAIN)]
    lines = _Lines(table)
    query = sa.select(table).order_by(*_key_order(source, table))
    try:
        with _driver(target).cursor() as cursor, cursor.copy(statement) as copy:
            for row in source.connection().execute(query).yield_per(_BATCH):
                lines.add(row)
                copy.write_row(_server_row(row, timed))
    except psycopg.Error as error:
        raise _refusal(table.name, error) from None
    return lines.total()


def advance_sequences(session: Session) -> None:
    """Move each column's sequence past the ids copied, so the next insert takes a new one."""
    driver = _driver(session)
    owned = driver.execute(
        "SELECT s.oid::regclass::text, t.relname, a.attname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
        "AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S' AND t.relnamespace = 'public'::regnamespace"
    ).fetchall()
    for sequence, table, column in owned:
        driver.execute(
            sql.SQL("SELECT setval({}, coalesce(max({}), 0) + 1, false) FROM {}").format(
                sql.Literal(sequence), sql.Identifier(column), sql.Identifier(table)
            )
        )


def canonical(value: object) -> object:
    """A value as both engines' rows give it, in one form: times in UTC, no time zone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class _Lines:
    """The checksum of one table, from its rows in the order added: sha256 over the JSON text
    of each run of ``_BATCH`` rows (one JSON array of rows, each an array of its values)."""

    def __init__(self, table: sa.Table) -> None:
        columns = list(table.columns)
        self._order = sorted(range(len(columns)), key=lambda i: columns[i].name)
        self._plain = [isinstance(columns[i].type, _PLAIN) for i in self._order]
        self._digest = hashlib.sha256()
        self._batch: list[list[object]] = []
        self._rows = 0

    def add(self, row: Sequence[object]) -> None:
        self._batch.append(
            [
                row[i] if plain else canonical(row[i])
                for i, plain in zip(self._order, self._plain, strict=True)
            ]
        )
        if len(self._batch) == _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._digest.update(_ENCODE(self._batch).encode("utf-8"))
            self._rows += len(self._batch)
            self._batch.clear()

    def total(self) -> TableSum:
        self._flush()
        return TableSum(self._rows, self._digest.hexdigest())


def _key_order(session: Session, table: sa.Table) -> Iterable[sa.ColumnElement[Any]]:
    """Primary-key order by code point on both engines (PostgreSQL's own collation differs)."""
    on_server = session.connection().dialect.name == "postgresql"
    for column in table.primary_key.columns:
        text = isinstance(column.type, sa.String)
        yield column.collate("C") if on_server and text else column


def checksum(session: Session, table: sa.Table) -> TableSum:
    """The table's checksum from the rows as ``session``'s database holds them."""
    lines = _Lines(table)
    query = sa.select(table).order_by(*_key_order(session, table))
    for row in session.connection().execute(query).yield_per(_BATCH):
        lines.add(row)
    return lines.total()


def read_only(session: Session) -> None:
    """Make the file's connection refuse any write until it is closed (the move closes it)."""
    session.connection().exec_driver_sql("PRAGMA query_only = ON")
