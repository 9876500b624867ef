"""An unlocked encrypted database: engine, sessions, integrity checks, copies and rekey."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker
from sqlcipher3 import dbapi2 as sqlcipher

from marac_desktop.storage import engine as engine_module
from marac_desktop.storage import migrate
from marac_desktop.storage.atomic import fsync_directory


class EncryptedDatabase:
    """Holds the key and the engine while unlocked; ``close()`` drops both."""

    def __init__(self, path: Path, key: bytearray) -> None:
        self.path = path
        self._key = key
        self.engine = engine_module.make_engine(path, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Open one connection now so a wrong key or a damaged file fails here, not later.
        with self.engine.connect():
            pass

    @property
    def key(self) -> bytearray:
        return self._key

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

    def schema_revision(self) -> str | None:
        with self.guard():
            return migrate.current_revision(self.engine)

    def upgrade_schema(self) -> None:
        with self.guard():
            migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()
        self._key[:] = bytes(len(self._key))

    def _raw(self) -> sa.PoolProxiedConnection:
        return self.engine.raw_connection()

    def integrity_problems(self) -> list[str]:
        """SQLCipher page HMACs, then SQLite's own structure check."""
        connection = self._raw()
        try:
            cursor = connection.cursor()
            problems = [
                f"encrypted page check: {row[0]}"
                for row in cursor.execute("PRAGMA cipher_integrity_check").fetchall()
            ]
            result = [row[0] for row in cursor.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                problems.extend(f"database structure: {line}" for line in result)
            return problems
        finally:
            connection.close()

    def copy_to(self, destination: Path) -> None:
        """Write a consistent encrypted copy (same key) with VACUUM INTO; never copies the WAL."""
        if destination.exists():
            raise FileExistsError(destination)
        connection = self._raw()
        try:
            connection.cursor().execute("VACUUM INTO ?", (str(destination),))
        except sqlcipher.Error as error:  # a full disk, most often: one sentence, no copy left
            destination.unlink(missing_ok=True)
            raise engine_module.translate_open_error(error) from None
        finally:
            connection.close()
        destination.chmod(0o600)
        with destination.open("rb+") as handle:
            os.fsync(handle.fileno())

    def rekey(self, new_key: bytearray) -> None:
        """Re-encrypt every page under ``new_key`` in one SQLCipher transaction."""
        connection = self._raw()
        try:
            cursor = connection.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            cursor.execute(engine_module.key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey"))
        finally:
            connection.close()
        self.engine.dispose()
        self._key[:] = new_key
        fsync_directory(self.path.parent)
