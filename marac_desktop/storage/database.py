"""The one Database interface the services use, and its embedded implementation: an unlocked
encrypted file (engine, sessions, integrity checks, copies and rekey). The partnership
server's implementation is ``server_database.ServerDatabase``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Literal, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker
from sqlcipher3 import dbapi2 as sqlcipher

from marac_desktop.domain.progress import CancelledError, Progress
from marac_desktop.errors import CorruptDatabaseError, WrongPasswordError
from marac_desktop.storage import engine as engine_module
from marac_desktop.storage import integrity, migrate, text_limits
from marac_desktop.storage.atomic import OWNER_FILE_MODE, fsync_directory

SIDE_FILES = ("-wal", "-shm", "-journal")
STOP_CHECK_INSTRUCTIONS = 100_000
"""How often (in SQLite virtual-machine steps) a long statement asks whether to stop."""

ShouldStop = Callable[[], bool]


class Database(Protocol):
    """What the services may ask of a database, whichever engine holds it."""

    kind: Literal["file", "server"]

    @property
    def label(self) -> str:
        """How the window names it: the file's name, or the database and its server."""

    def guard(self) -> AbstractContextManager[None]:
        """Turn the engine's errors into one plain sentence each."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def write_lock(self) -> AbstractContextManager[None]: ...

    def schema_revision(self) -> str | None: ...

    def upgrade_schema(
        self, record: Callable[[Session], None] | None = None, progress: Progress | None = None
    ) -> None: ...

    def integrity_problems(
        self, pages: bool = True, should_stop: ShouldStop | None = None
    ) -> list[str]: ...

    def close(self) -> None: ...


@contextlib.contextmanager
def _stoppable(
    connection: sa.PoolProxiedConnection, should_stop: ShouldStop | None
) -> Iterator[None]:
    """Let ``should_stop`` interrupt a long statement (VACUUM INTO, an integrity check).

    SQLite calls the handler on this connection's own thread; an interrupted statement ends
    with ``CancelledError`` and writes nothing (its own transaction is rolled back).
    """
    if should_stop is None:
        yield
        return
    raw = connection.dbapi_connection
    assert raw is not None
    raw.set_progress_handler(lambda: 1 if should_stop() else 0, STOP_CHECK_INSTRUCTIONS)
    try:
        yield
    except sqlcipher.OperationalError:
        if should_stop():
            raise CancelledError from None
        raise
    finally:
        raw.set_progress_handler(None, 0)


def tighten_permissions(path: Path) -> None:
    """Make an existing database and its side files owner-only.

    SQLite creates the WAL and shared-memory files with the database file's own mode, so a
    0644 database would give out 0644 copies of its recent pages; tighten it before opening.
    """
    for file in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(OWNER_FILE_MODE)
        except FileNotFoundError:
            continue


class EncryptedDatabase:
    """Holds the key and the engine while unlocked; ``close()`` drops both.

    An empty file is refused before SQLite sees it (it would take it for a new database); a
    file that will not open is described by ``integrity`` (damaged pages, cut short, or a key
    from another database). ``new=True`` only for the file ``init`` has just created.
    """

    kind: Literal["file", "server"] = "file"

    def __init__(self, path: Path, key: bytearray, *, new: bool = False) -> None:
        self.path = path
        self._key = key
        if not new:
            integrity.refuse_unusable(path)
            tighten_permissions(path)
        self.engine = engine_module.make_engine(path, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        text_limits.watch(self._sessions)
        # Open one connection now so a wrong key or a damaged file fails here, not later.
        try:
            with self.engine.connect():
                pass
        except (WrongPasswordError, CorruptDatabaseError):
            self.engine.dispose()
            if new:
                raise
            raise integrity.explain_open_failure(path, key) from None

    @property
    def key(self) -> bytearray:
        return self._key

    @property
    def label(self) -> str:
        return self.path.name

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn driver errors caused by the file (damage, locks, full disk) into one sentence.

        The driver's own message can quote SQL parameters, so it is never passed on.
        """
        try:
            yield
        except sa.exc.DBAPIError as error:
            plain = engine_module.translate_driver_error(error.orig) if error.orig else None
            if plain is None:
                raise
            raise plain from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.guard(), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the database's write lock (for a key-slot file change made under it)."""
        with self.transaction() as session:
            session.connection()  # begins the connection: BEGIN IMMEDIATE takes the lock
            yield

    def schema_revision(self) -> str | None:
        with self.guard():
            return migrate.current_revision(self.engine)

    def upgrade_schema(
        self, record: Callable[[Session], None] | None = None, progress: Progress | None = None
    ) -> None:
        """Migrate to the newest schema; ``record`` adds the audit row in the same transaction."""
        with self.guard():
            migrate.upgrade(self.engine, record, progress)

    def close(self) -> None:
        self.engine.dispose()
        self._key[:] = bytes(len(self._key))

    def _raw(self) -> sa.PoolProxiedConnection:
        return self.engine.raw_connection()

    def integrity_problems(
        self, pages: bool = True, should_stop: ShouldStop | None = None
    ) -> list[str]:
        """SQLCipher page HMACs (unless ``pages`` is False: checked already), then SQLite's
        own structure check; one line per fault. A check a damaged page stops is a problem.
        """
        connection = self._raw()
        try:
            cursor = connection.cursor()
            found = integrity.page_problems(cursor) if pages else []
            if should_stop is not None and should_stop():
                raise CancelledError
            with _stoppable(connection, should_stop):
                return found + integrity.structure_problems(cursor)
        finally:
            connection.close()

    def copy_to(self, destination: Path, should_stop: ShouldStop | None = None) -> None:
        """Write a consistent encrypted copy (same key) with VACUUM INTO; never copies the WAL.

        ``destination`` is an empty owner-only file (``atomic.empty_temp_beside``), which
        SQLite fills keeping its mode. A database with damaged pages is refused, not copied.
        Stopped (``should_stop``), it raises ``CancelledError``; the caller removes the part-copy.
        """
        if destination.exists() and destination.stat().st_size:
            raise FileExistsError(destination)
        connection = self._raw()
        try:
            cursor = connection.cursor()
            problems = integrity.page_problems(cursor)
            if problems:
                raise integrity.damaged(problems, ", so no copy of it was made")
            if should_stop is not None and should_stop():
                raise CancelledError
            try:
                with _stoppable(connection, should_stop):
                    cursor.execute("VACUUM INTO ?", (str(destination),))
            except sqlcipher.Error as error:  # a raw connection: the driver's own errors
                plain = engine_module.translate_driver_error(error)
                if plain is None:
                    raise
                raise plain from None
        finally:
            connection.close()
        with destination.open("rb+") as handle:
            os.fsync(handle.fileno())

    def rekey(self, new_key: bytearray) -> None:
        """Re-encrypt every page under ``new_key`` in one SQLCipher transaction."""
        connection = self._raw()
        try:
            cursor = connection.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            cursor.execute(engine_module.key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey"))
            # Every page is now in the WAL. Copied back here, not by the close below, which
            # holds the interpreter lock while it checkpoints (the window would wait).
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            connection.close()
        self.engine.dispose()
        self._key[:] = new_key
        fsync_directory(self.path.parent)


def rekey_file(path: Path, old_key: bytes | bytearray, new_key: bytes | bytearray) -> None:
    """Re-encrypt a closed database file (a copy, never the live one) from one key to another."""
    connection = engine_module.connect(path, old_key)
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        cursor.execute(engine_module.key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey"))
        cursor.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        connection.close()
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
