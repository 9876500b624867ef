"""Exceptions. A UserFacingError carries one plain sentence that is safe to show and to log.

Messages never contain case data, keys or passwords: they say what went wrong and what to do.
"""

from __future__ import annotations


class MaracError(Exception):
    """Base class for every error this application raises on purpose."""


class UserFacingError(MaracError):
    """A problem the user can act on; ``str(error)`` is the sentence to show."""


class InvalidInputError(UserFacingError):
    """Input (a file, a field, a command-line argument) is malformed or out of range."""


class WrongPasswordError(UserFacingError):
    """The user name or password (or recovery code) did not unlock the database."""


class DatabaseNotFoundError(UserFacingError):
    """There is no database (or no key-slot file) at the given path."""


class DatabaseExistsError(UserFacingError):
    """Refused to create or restore over an existing file."""


class DatabaseLockedError(UserFacingError):
    """Another program holds a lock on the database file."""


class CorruptDatabaseError(UserFacingError):
    """The database or its key-slot file is damaged or does not belong together."""


class PermissionDeniedError(UserFacingError):
    """The signed-in user's role does not allow the action."""


class StorageWriteError(UserFacingError):
    """A file could not be written (disk full, no permission); nothing was lost."""


class ModelDefinitionError(MaracError):
    """A form or risk-model data file is invalid; the message names the file and key."""


class PlatformError(MaracError):
    """The runtime is unsafe to use (for example SQLite without SQLCipher)."""


class DamagedDatabaseError(CorruptDatabaseError):
    """The database file is damaged; ``problems`` names each fault, one line each."""

    def __init__(self, sentence: str, problems: tuple[str, ...]) -> None:
        super().__init__(sentence)
        self.problems = problems


class EmptyDatabaseError(CorruptDatabaseError):
    """The database file is empty: it is never opened, so nothing is created in it."""


class StaleEditError(UserFacingError):
    """A save made from an older reading of a record someone else has changed since.

    ``current`` is the record's version now: a form that shows the sentence keeps what the
    person typed and saves over that version if they save again."""

    def __init__(self, sentence: str, current: int) -> None:
        super().__init__(sentence)
        self.current = current


class NewCandidateError(UserFacingError):
    """A new person not saved: someone who may be them was put on record (at another desk)
    after the search the person was shown; the form offers the search's candidates again."""
