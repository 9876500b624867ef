"""Creating a database and unlocking it (with a password or the recovery code)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.domain.passwords import password_problem
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.users import USERNAME_PATTERN, Role, User
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
from marac_desktop.services import audit_witness, backups, slot_repair, unlock_failures
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import audit_log, keyslots, migrate, users_repo
from marac_desktop.storage.atomic import create_owner_only, make_private_folders, sweep_temporaries
from marac_desktop.storage.audit_log import AuditSigner
from marac_desktop.storage.database import EncryptedDatabase
from marac_desktop.storage.keyslots import KeySlot, KeySlotFile, OpenedSlot

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
    admin_signer = AuditSigner.of(Ed25519PrivateKey.generate())
    admin_slot = keyslots.create_slot(
        admin_username, password, key, kdf, signing_key=admin_signer.key
    )
    recovery_slot = keyslots.create_slot(
        keyslots.RECOVERY_SLOT,
        keyslots.normalise_recovery_code(recovery_code),
        key,
        kdf,
        kind="recovery",
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
            for slot in (admin_slot, recovery_slot):
                audit_log.register_key(
                    session,
                    admin_signer,
                    admin_username,
                    audit_witness.actor_of(slot.name),
                    slot.signing_public_key.hex(),
                )
            audit_log.append(
                session,
                admin_username,
                AuditAction.CREATE_DATABASE,
                "database",
                signer=admin_signer,
            )
            head = audit_log.append(
                session,
                admin_username,
                AuditAction.USER_ADDED,
                "user",
                str(admin.id),
                detail=Role.ADMIN.value,
                signer=admin_signer,
            )
        at = datetime.now(UTC).isoformat(timespec="seconds")
        admin_slot = keyslots.with_witness(
            admin_slot, admin_signer.key, head.row_id, head.row_hash, at
        )
        slots = KeySlotFile(keyslots.database_key_id(key), (admin_slot, recovery_slot))
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


def _open_key(path: Path, slots: KeySlotFile, name: str, secret: str) -> OpenedSlot:
    slot = slots.find(name)
    if slot is None:
        if slots.slots:  # spend the same effort, so a missing name looks like a wrong password
            keyslots.derive_wrapping_key(secret, slots.slots[0].salt, slots.slots[0].kdf)
        raise _fail(path, slots, name)
    try:
        return keyslots.open_slot_fully(slot, secret, slots.database_key_id)
    except WrongPasswordError:
        raise _fail(path, slots, name) from None


@dataclass(frozen=True, slots=True)
class _Opened:
    database: EncryptedDatabase
    slot: KeySlot
    opened: OpenedSlot
    note: str


def _open_database(path: Path, name: str, secret: str) -> _Opened:
    """Unwrap the key, finish or roll back an interrupted rekey, and open the database."""
    _require_files(path)
    sweep_temporaries((path.parent, backup_dir(path)), default_document_folders())
    slots = keyslots.read_slot_file(keyslot_path(path))
    _throttle(path, slots, name)
    pending_path = pending_keyslot_path(path)
    opened = _open_key(path, slots, name, secret)
    slot = slots.find(name)
    assert slot is not None
    try:
        database = EncryptedDatabase(path, opened.database_key)
    except WrongPasswordError:
        if not pending_path.exists():
            raise CorruptDatabaseError(
                "The key-slot file does not belong to this database; restore both from a backup."
            ) from None
    else:
        if not pending_path.exists():
            note = backups.finish_interrupted_rekey(path, slots.database_key_id)
            return _Opened(database, slot, opened, note)
        pending_path.unlink()
        backups.finish_interrupted_rekey(path, slots.database_key_id)
        return _Opened(database, slot, opened, "rolled back an interrupted rekey")
    pending = keyslots.read_slot_file(pending_path)
    opened = _open_key(path, pending, name, secret)
    database = EncryptedDatabase(path, opened.database_key)
    pending_path.replace(keyslot_path(path))
    backups.finish_interrupted_rekey(path, pending.database_key_id)
    pending_slot = pending.find(name)
    assert pending_slot is not None
    return _Opened(database, pending_slot, opened, "completed an interrupted rekey")


def _signer_for(database: EncryptedDatabase, slot: KeySlot, opened: OpenedSlot) -> AuditSigner:
    """The slot's signing key; a slot written before signatures gets one now."""
    if opened.signing_key is not None:
        return AuditSigner.of(opened.signing_key)
    path = keyslot_path(database.path)
    with database.write_lock():
        slots = keyslots.read_slot_file(path)
        current = slots.find(slot.name) or slot
        updated, signing_key = keyslots.add_signing_key(current, opened.wrapping_key)
        keyslots.write_slot_file(path, slots.with_slot(updated))
    return AuditSigner.of(signing_key)


def _schema_or_refuse(database: EncryptedDatabase) -> str:
    """The schema revision; a file without one is damaged (only 'init' creates the tables)."""
    current = database.schema_revision()
    if current is None:
        raise CorruptDatabaseError(
            f"{database.path.name} holds no MARAC tables, so it was left untouched; restore it "
            "from the most recent backup."
        )
    return current


UPGRADING = "Upgrading the database (this cannot be stopped)"


def _migrate(
    database: EncryptedDatabase, actor: str, signer: AuditSigner, progress: Progress | None
) -> str:
    """Migrate with a backup first; the audit row commits with the migration itself.

    Once the backup begins the upgrade runs to its end: a stop is not honoured (the window
    offers none), so an unlock never ends between a backup and its upgrade.
    """
    current = _schema_or_refuse(database)
    head = migrate.head_revision()
    if current == head:
        return ""
    progress = quiet(progress)
    progress.stopping_disabled(UPGRADING)
    progress.step(0, 0, "Saving a backup first")
    backups.write_backup_set(database, backups.pre_migration_path(database.path, current))
    detail = f"schema {current} -> {head}"

    def record(session: Session) -> None:
        slot_repair.repair_own_key(session, actor, signer)
        audit_log.append(
            session, actor, AuditAction.MIGRATE, "database", detail=detail, signer=signer
        )

    database.upgrade_schema(record, progress)
    return detail


def _start(opened: _Opened, name: str, progress: Progress | None = None) -> Workspace:
    """Migrate, repair, check the audit log against the witnesses, load the user, audit."""
    database = opened.database
    path = database.path
    actor = audit_witness.actor_of(name)
    try:
        signer = _signer_for(database, opened.slot, opened.opened)
        _schema_or_refuse(database)  # before reading the audit log, which it may not hold
        with database.transaction() as session:
            before = audit_log.head(session)
        _migrate(database, actor, signer, progress)
        repairs = slot_repair.repair_accounts(database, actor, signer)
        with database.transaction() as session:
            user = users_repo.find(session, name) if name != keyslots.RECOVERY_SLOT else None
            if name != keyslots.RECOVERY_SLOT and (user is None or not user.active):
                raise PermissionDeniedError("This account has been revoked; ask an administrator.")
            key_problem = slot_repair.repair_own_key(session, actor, signer)
            slots = keyslots.read_slot_file(keyslot_path(path))
            problems = audit_witness.chain_problems(
                session, slots, name, before.row_id if before else 0
            )
            if key_problem:
                problems.append(key_problem)
            for attempt in unlock_failures.to_audit(path):
                audit_log.append(
                    session,
                    attempt.account,
                    AuditAction.FAILED_UNLOCK,
                    "account",
                    attempt.account,
                    outcome="failed",
                    at=attempt.at,
                    signer=signer,
                )
            action = AuditAction.UNLOCK if user else AuditAction.RECOVERY_UNLOCK
            notes = [opened.note, *repairs]
            if problems:
                notes.append(f"{len(problems)} audit log problem(s) found at unlock")
            detail = "; ".join(note for note in notes if note)
            head = audit_log.append(
                session, actor, action, "database", detail=detail, signer=signer
            )
        if not problems:
            audit_witness.save_witness(database, name, signer, head)
    except BaseException:
        database.close()
        raise
    unlock_failures.signed_in(path, name)
    return Workspace(
        path=path,
        database=database,
        user=user,
        kdf=opened.slot.kdf,
        signer=signer,
        slot_name=name,
        seen=head if not problems else None,
        warnings=tuple(problems),
    )


def unlock(
    path: Path,
    username: str,
    password: str,
    before_writes: Callable[[EncryptedDatabase], None] | None = None,
    progress: Progress | None = None,
) -> Workspace:
    """Open the database as ``username``; ``before_writes`` may refuse before anything is written.

    (``verify`` passes a check so that a damaged file is described, not written to.)
    ``progress`` hears the schema upgrade's steps, if the database needs one.
    """
    opened = _open_database(path, username, password)
    if before_writes is not None:
        try:
            before_writes(opened.database)
        except BaseException:
            opened.database.close()
            raise
    return _start(opened, username, progress)


def unlock_with_recovery(
    path: Path, recovery_code: str, progress: Progress | None = None
) -> Workspace:
    """Open with the recovery code: the session may only reset passwords."""
    code = keyslots.normalise_recovery_code(recovery_code)
    opened = _open_database(path, keyslots.RECOVERY_SLOT, code)
    return _start(opened, keyslots.RECOVERY_SLOT, progress)


@dataclass(frozen=True, slots=True)
class OpenedToRead:
    """A file opened to be read only, with the account that opened it."""

    database: EncryptedDatabase
    user: User
    kdf: KdfParams
    signing_key: Ed25519PrivateKey | None


def open_to_read(path: Path, username: str, password: str) -> OpenedToRead:
    """Open the file as ``username`` to read it only (``move-to-server``).

    The password must open the account's key slot, as for ``unlock``; but nothing is written to
    the file or its key slots: no unlock row, no witness, no migration, no repair. So a file
    whose schema is not this version's, or that an interrupted rekey left, is refused: opening
    it once in the application upgrades or finishes it.
    """
    _require_files(path)
    slots = keyslots.read_slot_file(keyslot_path(path))
    _throttle(path, slots, username)
    opened = _open_key(path, slots, username, password)
    if pending_keyslot_path(path).exists():
        raise CorruptDatabaseError(
            f"{path.name} was left in the middle of a re-encryption; open it once in the "
            "application, which finishes it, then try again."
        )
    slot = slots.find(username)
    assert slot is not None
    database = EncryptedDatabase(path, opened.database_key)
    try:
        if _schema_or_refuse(database) != migrate.head_revision():
            raise CorruptDatabaseError(
                f"{path.name} was last opened by another version of MARAC Desktop; open it "
                "once with this version (which upgrades an older file), then try again."
            )
        with database.transaction() as session:
            user = users_repo.find(session, username)
        if user is None or not user.active:
            raise PermissionDeniedError("This account has been revoked; ask an administrator.")
    except BaseException:
        database.close()
        raise
    return OpenedToRead(database, user, slot.kdf, opened.signing_key)
