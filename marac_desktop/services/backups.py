"""Backups, restore and verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from marac_desktop import __version__
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import DatabaseExistsError, StorageWriteError
from marac_desktop.paths import backup_dir, keyslot_path
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import audit_log, backup_file, keyslots
from marac_desktop.storage.atomic import temp_path_beside
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
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy = temp_path_beside(destination, ".db")
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


@requires(Permission.BACK_UP)
def back_up(workspace: Workspace, destination: Path | None = None) -> Path:
    target = destination or default_backup_path(workspace.path)
    write_backup_set(workspace.database, target)
    workspace.audit(AuditAction.BACKUP, "backup", target.name)
    return target


def restore(backup: Path, new_database: Path) -> BackupManifest:
    """Unpack a backup into a new location. Unlock it and run ``verify`` to check it."""
    new_database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return backup_file.unpack_backup(backup, new_database, keyslot_path(new_database))


@requires(Permission.BACK_UP)
def record_restore(workspace: Workspace, backup: Path) -> None:
    workspace.audit(AuditAction.RESTORE, "backup", backup.name)


@requires(Permission.VERIFY_DATABASE)
def verify(workspace: Workspace) -> VerifyReport:
    """Check encrypted pages, the SQLite structure and the audit chain; name what is wrong."""
    problems = workspace.database.integrity_problems()
    rows = 0
    if not problems:
        with workspace.transaction() as session:
            problems.extend(audit_log.verify_chain(session))
            rows = audit_log.count(session)
    workspace.audit(
        AuditAction.VERIFY,
        "database",
        outcome="ok" if not problems else "failed",
        detail=f"{len(problems)} problem(s)",
    )
    return VerifyReport(tuple(problems), rows)
