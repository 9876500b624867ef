"""A partnership's PostgreSQL database, signed in to as one person's own login role.

The same sessions, queries and audit log as the encrypted file; what differs is here: the
connection (TLS or the local socket, ``server_address``), the server's refusals turned into
sentences, and the checks a server allows in place of SQLCipher's page check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import psycopg
import sqlalchemy as sa
from psycopg import errors as pg_errors
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from marac_desktop.domain.progress import Progress
from marac_desktop.errors import (
    DatabaseLockedError,
    PermissionDeniedError,
    StorageWriteError,
    UserFacingError,
)
from marac_desktop.storage import migrate, server_connect, server_roles, text_limits
from marac_desktop.storage.server_address import ServerAddress, connection_options
from marac_desktop.storage.server_connect import ServerConnectionError


def translate_server_error(error: BaseException) -> UserFacingError | None:
    """One sentence for what the server refused; its own message (which may quote values) is
    never passed on."""
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return PermissionDeniedError("The server refused this: your account's role may not do it.")
    if isinstance(error, pg_errors.SerializationFailure | pg_errors.DeadlockDetected):
        return DatabaseLockedError(
            "Someone else was saving at the same moment, so nothing was saved; try again."
        )
    if isinstance(error, pg_errors.LockNotAvailable | pg_errors.QueryCanceled):
        return DatabaseLockedError("The server is busy; try again in a moment.")
    if isinstance(error, pg_errors.DiskFull | pg_errors.ReadOnlySqlTransaction):
        return StorageWriteError(
            "The server could not save the change (it is full or read-only); ask its operator."
        )
    if isinstance(error, psycopg.OperationalError):
        return ServerConnectionError(
            "The connection to the server was lost, so the change was not saved; try again."
        )
    return None


class ServerDatabase:
    """One person's connections to a partnership database; ``close()`` drops them all."""

    kind: Literal["file", "server"] = "server"

    def __init__(
        self, address: ServerAddress, user: str, password: str, ca_file: Path | None = None
    ) -> None:
        self.address = address
        self.user = user
        options = connection_options(address, user, password, ca_file)

        def creator() -> Any:
            try:
                return psycopg.connect(**options)
            except psycopg.Error as error:
                raise server_connect.failure(error, address) from None

        self.engine = sa.create_engine(
            "postgresql+psycopg://",
            creator=creator,
            poolclass=QueuePool,
            pool_size=2,
            max_overflow=4,
            pool_pre_ping=True,
        )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        text_limits.watch(self._sessions)
        try:
            with self.engine.connect():
                pass
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def label(self) -> str:
        return self.address.label

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as error:
            plain = translate_server_error(error.orig) if error.orig else None
            if plain is None:
                raise
            raise plain from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.guard(), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        with self.transaction():
            yield

    def schema_revision(self) -> str | None:
        with self.guard():
            return migrate.current_revision(self.engine)

    def upgrade_schema(
        self, record: Callable[[Session], None] | None = None, progress: Progress | None = None
    ) -> None:
        """Migrate and grant the new tables: only the database owner may (``server init``)."""
        with self.guard():
            migrate.upgrade(self.engine, record, progress)
            with self.engine.begin() as connection:
                prefix = server_roles.stored_prefix(connection) or self.address.database
                server_roles.install(connection, prefix)

    def integrity_problems(
        self, pages: bool = True, should_stop: Callable[[], bool] | None = None
    ) -> list[str]:
        """What the server can check in place of SQLCipher's pages: that the protections the
        audit log relies on are still in place."""
        with self.guard(), self.engine.connect() as connection:
            prefix = server_roles.stored_prefix(connection)
            if prefix is None:
                return ["the server's roles and audit protections were never installed"]
            return server_roles.protection_problems(connection, prefix)

    def close(self) -> None:
        self.engine.dispose()
