"""Creating a database and unlocking it (with a password or the recovery code)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.domain.passwords import password_problem
from marac_desktop.domain.users import USERNAME_PATTERN, Role
from marac_desktop.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    DatabaseNotFoundError,
    InvalidInputError,
    PermissionDeniedError,
    WrongPasswordError,
)
from marac_desktop.paths import (
    backup_dir,
    default_document_folders,
    keyslot_path,
    pending_keyslot_path,
)
from marac_desktop.services import backups, unlock_failures
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import audit_log, keyslots, migrate, users_repo
from marac_desktop.storage.atomic import create_owner_only, make_private_folders, sweep_temporaries
from marac_desktop.storage.database import EncryptedDatabase
from marac_desktop.storage.keyslots import KeySlotFile

_WRONG = "The user name or password is not correct; check them and try again."


def validate_username(username: str) -> None:
    if not USERNAME_PATTERN.match(username):
        raise InvalidInputError(
            "User names are 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter."
        )


def validate_new_password(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem:
        raise InvalidInputError(problem)


def create_database(
    path: Path,
    admin_username: str,
    password: str,
    display_name: str = "",
    kdf: KdfParams | None = None,
) -> str:
    """Create an encrypted database with its first administrator; return the recovery code."""
    validate_username(admin_username)
    validate_new_password(password, admin_username)
    slots_path = keyslot_path(path)
    if path.exists() or slots_path.exists():
        raise DatabaseExistsError(f"{path.name} already exists; choose a new file name.")
    make_private_folders(path.parent)
    kdf = kdf or keyslots.calibrate_kdf()
    key = keyslots.new_database_key()
    recovery_code = keyslots.new_recovery_code()
    slots = KeySlotFile(
        keyslots.database_key_id(key),
        (
            keyslots.create_slot(admin_username, password, key, kdf),
            keyslots.create_slot(
                keyslots.RECOVERY_SLOT,
                keyslots.normalise_recovery_code(recovery_code),
                key,
                kdf,
                kind="recovery",
            ),
        ),
    )
    os.close(create_owner_only(path))  # SQLite gives its WAL and SHM files this mode too
    try:
        database = EncryptedDatabase(path, key, new=True)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    try:
        database.upgrade_schema()
        with database.transaction() as session:
            admin = users_repo.add(
                session, admin_username, display_name or admin_username, Role.ADMIN
            )
            audit_log.append(session, admin_username, AuditAction.CREATE_DATABASE, "database")
            audit_log.append(
                session,
                admin_username,
                AuditAction.USER_ADDED,
                "user",
                str(admin.id),
                detail=Role.ADMIN.value,
            )
        keyslots.write_slot_file(slots_path, slots)
    except BaseException:
        database.close()
        for leftover in (
            path,
            slots_path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    database.close()
    return recovery_code


def _require_files(path: Path) -> None:
    if not path.exists():
        raise DatabaseNotFoundError(
            f"There is no database at {path}; check the path or create one with 'init'."
        )


def _throttle(path: Path, slots: KeySlotFile, name: str) -> None:
    """Wrong guesses delay only the account they were made at (the recovery code is its own)."""
    account = unlock_failures.account_for(slots, name)
    wait = unlock_failures.seconds_to_wait(path, account)
    if wait:
        raise WrongPasswordError(unlock_failures.wait_sentence(account, wait))


def _fail(path: Path, slots: KeySlotFile, name: str) -> WrongPasswordError:
    unlock_failures.record(path, unlock_failures.account_for(slots, name))
    return WrongPasswordError(_WRONG)


def _open_key(path: Path, slots: KeySlotFile, name: str, secret: str) -> bytearray:
    slot = slots.find(name)
    if slot is None:
        if slots.slots:  # spend the same effort, so a missing name looks like a wrong password
            keyslots.derive_wrapping_key(secret, slots.slots[0].salt, slots.slots[0].kdf)
        raise _fail(path, slots, name)
    try:
        return keyslots.open_slot(slot, secret, slots.database_key_id)
    except WrongPasswordError:
        raise _fail(path, slots, name) from None


def _open_database(path: Path, name: str, secret: str) -> tuple[EncryptedDatabase, KdfParams, str]:
    """Unwrap the key, finish or roll back an interrupted rekey, and open the database.

    Returns the database, the slot's KDF parameters, and a note for the audit log.
    """
    _require_files(path)
    sweep_temporaries((path.parent, backup_dir(path)), default_document_folders())
    slots = keyslots.read_slot_file(keyslot_path(path))
    _throttle(path, slots, name)
    pending_path = pending_keyslot_path(path)
    key = _open_key(path, slots, name, secret)
    slot = slots.find(name)
    assert slot is not None
    try:
        database = EncryptedDatabase(path, key)
    except WrongPasswordError:
        if not pending_path.exists():
            raise CorruptDatabaseError(
                "The key-slot file does not belong to this database; restore both from a backup."
            ) from None
    else:
        if not pending_path.exists():
            return database, slot.kdf, ""
        pending_path.unlink()
        return database, slot.kdf, "rolled back an interrupted rekey"
    pending = keyslots.read_slot_file(pending_path)
    new_key = _open_key(path, pending, name, secret)
    database = EncryptedDatabase(path, new_key)
    pending_path.replace(keyslot_path(path))
    return database, slot.kdf, "completed an interrupted rekey"


def _migrate(database: EncryptedDatabase) -> str:
    current = database.schema_revision()
    head = migrate.head_revision()
    if current == head:
        return ""
    if current is None:  # only 'init' creates tables; an existing file without them is damaged
        raise CorruptDatabaseError(
            f"{database.path.name} holds no MARAC tables, so it was left untouched; restore it "
            "from the most recent backup."
        )
    backups.write_backup_set(database, backups.pre_migration_path(database.path, current))
    database.upgrade_schema()
    return f"schema {current} -> {head}"


def _start(database: EncryptedDatabase, kdf: KdfParams, name: str, notes: list[str]) -> Workspace:
    """Migrate, load the user, and write the unlock and earlier failures to the audit log."""
    path = database.path
    try:
        migration = _migrate(database)
        with database.transaction() as session:
            user = users_repo.find(session, name) if name != keyslots.RECOVERY_SLOT else None
            if name != keyslots.RECOVERY_SLOT and (user is None or not user.active):
                raise PermissionDeniedError("This account has been revoked; ask an administrator.")
            actor = user.username if user else "recovery-code"
            for attempt in unlock_failures.to_audit(path):
                audit_log.append(
                    session,
                    attempt.account,
                    AuditAction.FAILED_UNLOCK,
                    "account",
                    attempt.account,
                    outcome="failed",
                    at=attempt.at,
                )
            if migration:
                audit_log.append(session, actor, AuditAction.MIGRATE, "database", detail=migration)
            action = AuditAction.UNLOCK if user else AuditAction.RECOVERY_UNLOCK
            detail = "; ".join(note for note in notes if note)
            audit_log.append(session, actor, action, "database", detail=detail)
    except BaseException:
        database.close()
        raise
    unlock_failures.signed_in(path, name)
    return Workspace(path=path, database=database, user=user, kdf=kdf)


def unlock(
    path: Path,
    username: str,
    password: str,
    before_writes: Callable[[EncryptedDatabase], None] | None = None,
) -> Workspace:
    """Open the database as ``username``; ``before_writes`` may refuse before anything is written.

    (``verify`` passes a check so that a damaged file is described, not written to.)
    """
    database, kdf, note = _open_database(path, username, password)
    if before_writes is not None:
        try:
            before_writes(database)
        except BaseException:
            database.close()
            raise
    return _start(database, kdf, username, [note])


def unlock_with_recovery(path: Path, recovery_code: str) -> Workspace:
    """Open with the recovery code: the session may only reset passwords."""
    code = keyslots.normalise_recovery_code(recovery_code)
    database, kdf, note = _open_database(path, keyslots.RECOVERY_SLOT, code)
    return _start(database, kdf, keyslots.RECOVERY_SLOT, [note])
