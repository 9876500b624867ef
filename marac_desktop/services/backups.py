"""Backups, restore and verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from marac_desktop import __version__
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    StorageWriteError,
    UserFacingError,
    WrongPasswordError,
)
from marac_desktop.paths import backup_dir, keyslot_path
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import audit_log, backup_file, keyslots, users_repo
from marac_desktop.storage.atomic import empty_temp_beside, make_private_folders
from marac_desktop.storage.backup_file import BackupManifest
from marac_desktop.storage.database import EncryptedDatabase

BACKUP_SUFFIX = ".maracbak"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    problems: tuple[str, ...]
    audit_rows: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _unused(folder: Path, stem: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}{BACKUP_SUFFIX}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{stamp}-{number}{BACKUP_SUFFIX}"
    return candidate


def default_backup_path(database: Path) -> Path:
    return _unused(backup_dir(database), database.stem)


def pre_migration_path(database: Path, revision: str) -> Path:
    return _unused(backup_dir(database), f"{database.stem}-before-upgrade-from-{revision}")


def write_backup_set(database: EncryptedDatabase, destination: Path) -> BackupManifest:
    """Copy the database consistently (never its live WAL) and pack it with the key slots."""
    if destination.exists():
        raise DatabaseExistsError(f"{destination.name} already exists; choose another name.")
    try:
        make_private_folders(destination.parent)
        copy = empty_temp_beside(destination, ".db")
    except OSError as error:
        raise StorageWriteError(
            f"The backup could not be written to {destination.parent} ({error.strerror})."
        ) from None
    try:
        try:
            database.copy_to(copy)
        except OSError as error:
            raise StorageWriteError(
                f"The backup could not be written to {destination.parent} ({error.strerror})."
            ) from None
        slot_bytes = keyslot_path(database.path).read_bytes()
        return backup_file.write_backup(
            destination,
            copy,
            slot_bytes,
            app_version=__version__,
            schema_revision=database.schema_revision() or "",
            database_key_id=keyslots.database_key_id(database.key),
        )
    finally:
        copy.unlink(missing_ok=True)


def back_up(workspace: Workspace, destination: Path | None = None) -> Path:
    workspace.require(Permission.BACK_UP)
    target = destination or default_backup_path(workspace.path)
    write_backup_set(workspace.database, target)
    workspace.audit(AuditAction.BACKUP, "backup", target.name)
    return target


def restore(backup: Path, new_database: Path) -> BackupManifest:
    """Unpack a backup into a new location. Unlock it and run ``verify`` to check it."""
    make_private_folders(new_database.parent)
    return backup_file.unpack_backup(backup, new_database, keyslot_path(new_database))


def record_restore(workspace: Workspace, backup: Path) -> None:
    workspace.require(Permission.BACK_UP)
    workspace.audit(AuditAction.RESTORE, "backup", backup.name)


def keyslot_problems(workspace: Workspace) -> list[str]:
    """The key-slot file must read, carry this database's key, and match the active accounts."""
    try:
        slots = keyslots.read_slot_file(keyslot_path(workspace.path))
    except UserFacingError:
        return ["key slots: the key-slot file is damaged or unreadable"]
    problems = []
    if slots.database_key_id != keyslots.database_key_id(workspace.database.key):
        problems.append("key slots: the key-slot file was made for another key of this database")
    with workspace.transaction() as session:
        active = {u.username for u in users_repo.all_users(session) if u.active}
    named = {slot.name for slot in slots.slots if slot.kind == "user"}
    problems.extend(
        f"key slots: {name} has a key slot but no active account" for name in sorted(named - active)
    )
    problems.extend(
        f"key slots: the active account {name} has no key slot" for name in sorted(active - named)
    )
    if not any(slot.kind == "recovery" for slot in slots.slots):
        problems.append("key slots: there is no recovery-code slot")
    return problems


def _audit_problems(workspace: Workspace) -> tuple[list[str], int]:
    with workspace.transaction() as session:
        return audit_log.verify_chain(session), audit_log.count(session)


def verify(workspace: Workspace, pages_checked: bool = False) -> VerifyReport:
    """Check encrypted pages, the SQLite structure, the key slots and the audit chain.

    Each fault is one line. Tables behind damaged pages are reported as unreadable, and a
    damaged file gets no audit row: writing into damaged pages can spread the damage.
    ``pages_checked``: the page HMACs were checked at this unlock, before it wrote anything.
    """
    workspace.require(Permission.VERIFY_DATABASE)
    problems = workspace.database.integrity_problems(pages=not pages_checked)
    damaged = bool(problems)
    rows = 0
    try:
        problems.extend(keyslot_problems(workspace))
    except (CorruptDatabaseError, WrongPasswordError):
        problems.append("key slots: the accounts could not be read past the damaged pages")
    try:
        chain, rows = _audit_problems(workspace)
        problems.extend(chain)
    except (CorruptDatabaseError, WrongPasswordError):
        problems.append("audit log: it could not be read past the damaged pages")
    if not damaged:
        workspace.audit(
            AuditAction.VERIFY,
            "database",
            outcome="ok" if not problems else "failed",
            detail=f"{len(problems)} problem(s)",
        )
    return VerifyReport(tuple(problems), rows)
