"""Copying an encrypted file's tables, exactly as they are, into an empty partnership database
(``move-to-server``), and the per-table checksums that prove both sides hold the same rows.

Everything on the server side runs in the caller's one transaction: the schema, the roles,
the rows and the counters commit together or not at all. The triggers are off while the rows
arrive, so the audit log keeps its own ids, hashes and signatures, and the report counts and
the cases' latest referral days are the file's own, not worked out again.

A checksum is sha256 over one canonical line per row (the column values as JSON, in column
name order), rows in primary-key order. Both engines hand the values to this module through
the same table definitions, and the line is built from them the same way, so a file and its
copy on the server give the same checksum exactly when they hold the same values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg import errors as pg_errors
from psycopg import sql
from sqlalchemy.orm import Session

from marac_desktop.errors import DatabaseExistsError, StorageWriteError
from marac_desktop.storage import migrate, server_roles
from marac_desktop.storage.orm import Base

_BATCH = 5_000
_NOT_COPIED = {"alembic_version"}
"""Tables the server's own migrations fill (the move refuses a file at another revision)."""
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
    server_roles.install(session.connection(), prefix)


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


def _for_server(value: object) -> object:
    # SQLite keeps no time zone: the application stores UTC there.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


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


def copy_table(source: Session, target: Session, table: sa.Table) -> int:
    """Copy every row of ``table`` from the file to the server as they are; the row count."""
    names = [column.name for column in table.columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    result = source.connection().execute(sa.select(table)).yield_per(_BATCH)
    copied = 0
    try:
        with _driver(target).cursor() as cursor, cursor.copy(statement) as copy:
            for row in result:
                copy.write_row([_for_server(value) for value in row])
                copied += 1
    except psycopg.Error as error:
        raise _refusal(table.name, error) from None
    return copied


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


def row_line(names: Sequence[str], row: Sequence[object]) -> bytes:
    values = dict(zip(names, row, strict=True))
    line = [canonical(values[name]) for name in sorted(names)]
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _key_order(session: Session, table: sa.Table) -> Iterable[sa.ColumnElement[Any]]:
    """Primary-key order by code point on both engines (PostgreSQL's own collation differs)."""
    on_server = session.connection().dialect.name == "postgresql"
    for column in table.primary_key.columns:
        text = isinstance(column.type, sa.String)
        yield column.collate("C") if on_server and text else column


def checksum(session: Session, table: sa.Table) -> TableSum:
    names = [column.name for column in table.columns]
    query = sa.select(table).order_by(*_key_order(session, table))
    digest = hashlib.sha256()
    rows = 0
    for row in session.connection().execute(query).yield_per(_BATCH):
        digest.update(row_line(names, tuple(row)))
        rows += 1
    return TableSum(rows, digest.hexdigest())


def checksums(session: Session) -> Iterator[tuple[str, TableSum]]:
    for table in copied_tables():
        yield table.name, checksum(session, table)


def read_only(session: Session) -> None:
    """Make the file's connection refuse any write until it is closed (the move closes it)."""
    session.connection().exec_driver_sql("PRAGMA query_only = ON")
