"""The SQLCipher engine: raw-key connections, checked before any other statement runs."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlcipher3 import dbapi2 as sqlcipher

from marac_desktop.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    PlatformError,
    StorageWriteError,
    UserFacingError,
    WrongPasswordError,
)

_CONNECT_PRAGMAS = (
    # Off (SQLCipher's default since 4.5.0), set so a build with another default cannot turn it
    # on: it makes every SQL string and date function 20 to 60 times slower, for the process.
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA cache_size = -65536",  # KiB: 64 MiB of decrypted pages kept by the connection
)


def key_pragma(key: bytes | bytearray) -> str:
    """``PRAGMA key`` with a raw key in hex: nothing user-controlled reaches the SQL."""
    if len(key) != 32:
        raise ValueError("database keys are 32 bytes")
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def cipher_version(connection: Any) -> str:
    row = connection.execute("PRAGMA cipher_version").fetchone()
    return str(row[0]) if row and row[0] else ""


def translate_driver_error(error: BaseException) -> UserFacingError | None:
    """One plain sentence for a driver error caused by the file, not by our code."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            "The database is in use by another program; close it and try again."
        )
    if "not a database" in text:
        return WrongPasswordError(
            "The database could not be opened with this key; it is damaged or the key-slot "
            "file belongs to another database."
        )
    if "malformed" in text or "corrupt" in text:
        return CorruptDatabaseError(
            "The database file is damaged; restore it from the most recent backup."
        )
    if "readonly database" in text or "read-only" in text:
        return StorageWriteError(
            "The database file is read-only or marked unchangeable, so nothing can be saved; "
            "allow this account to write to it and try again."
        )
    if "unable to open database file" in text:
        return StorageWriteError(
            "The database could not be opened: this account must be able to read and write both "
            "the file and its folder (SQLite keeps working files beside it)."
        )
    if "disk is full" in text or "disk i/o" in text:
        return StorageWriteError(
            "The disk is full or failing, so the change was not saved; free space and try again."
        )
    return None


def translate_open_error(error: BaseException) -> UserFacingError:
    return translate_driver_error(error) or CorruptDatabaseError(
        "The database could not be opened; check the file and restore it from a backup if needed."
    )


def apply_settings(connection: Any) -> None:
    """The connection settings every keyed connection gets (the encryption benchmark gives its
    plaintext copy the same ones, so the two differ only in the encryption)."""
    for pragma in _CONNECT_PRAGMAS:
        connection.execute(pragma).fetchall()


def connect(path: Path, key: bytes | bytearray) -> Any:
    """Open one raw DB-API connection with the key applied and verified."""
    connection = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        if not cipher_version(connection):
            raise PlatformError("SQLite without SQLCipher is loaded; refusing to store data.")
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(key_pragma(key))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        apply_settings(connection)
    except sqlcipher.Error as error:
        connection.close()
        raise translate_open_error(error) from None
    except BaseException:
        connection.close()
        raise
    return connection


def make_engine(path: Path, key: bytes | bytearray) -> sa.Engine:
    """An engine whose every connection is keyed; the key never enters a URL or a log.

    The engine reads ``key`` at each connect, so zeroing the bytearray disables it.
    """

    def creator() -> Any:
        return connect(path, key)

    return engine_from(creator)


def engine_from(creator: Callable[[], Any]) -> sa.Engine:
    """The engine's own settings around a function that opens one DB-API connection.

    One connection is kept between transactions (others are opened while it is in use and
    closed after), so the pages it has decrypted stay in its cache: a fresh connection per
    transaction decrypted every page again, which made the case list's first page 1.7 times
    its plaintext cost. A connection serves one transaction at a time and only the thread that
    opened it: handed to another thread (the background worker), it is dropped and a new one
    opened there. ``dispose`` (on lock and close) closes it.
    """
    engine = sa.create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=creator,
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=-1,
    )

    @event.listens_for(engine, "connect")
    def _note_thread(_dbapi: Any, record: ConnectionPoolEntry) -> None:
        record.info["thread"] = threading.get_ident()

    @event.listens_for(engine, "checkout")
    def _same_thread(_dbapi: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        if record.info.get("thread") != threading.get_ident():
            raise sa.exc.DisconnectionError("opened on another thread")  # the pool opens anew

    @event.listens_for(engine, "close")
    def _copy_back_first(dbapi: Any, _record: ConnectionPoolEntry) -> None:
        # Closing the last connection copies the WAL into the file while holding the
        # interpreter lock (the window waited 226 ms at 250,000 cases when the worker's first
        # checkout dropped the window's connection); as a statement it runs without the lock.
        with contextlib.suppress(sqlcipher.Error):
            dbapi.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
