"""Backups, restore and verification."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from marac_desktop import __version__
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission, allows
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    PermissionDeniedError,
    StorageWriteError,
    UserFacingError,
    WrongPasswordError,
)
from marac_desktop.paths import backup_dir, keyslot_path
from marac_desktop.services import audit_witness
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import audit_log, backup_file, keyslots, users_repo
from marac_desktop.storage.atomic import (
    atomic_writer,
    empty_temp_beside,
    fsync_directory,
    make_private_folders,
)
from marac_desktop.storage.backup_file import BackupManifest
from marac_desktop.storage.database import EncryptedDatabase, rekey_file
from marac_desktop.storage.keyslots import KeySlotFile

BACKUP_SUFFIX = ".maracbak"
REKEYED_SUFFIX = ".rekeyed"
"""A kept backup re-encrypted under the new key, waiting for the rekey to be promoted."""
SAFETY_SUFFIX = ".rekey-safety"
"""The copy taken before a rekey, under the new key; it never outlives the rekey."""
BACKUP_WARNING_DAYS = 7
"""A database whose last backup is older than this many days (or that has none) is warned of."""


def backup_is_old(last_backup_day: date | None, today: date) -> bool:
    return last_backup_day is None or (today - last_backup_day).days > BACKUP_WARNING_DAYS


@dataclass(frozen=True, slots=True)
class VerifyReport:
    problems: tuple[str, ...]
    audit_rows: int
    audit_head_row: int = 0
    """The last audit row and its hash: print or file them, and they witness the log too."""
    audit_head_hash: str = ""
    unsigned_rows: int = 0
    """Rows written before signatures were introduced (not a problem)."""

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


def write_backup_set(
    database: EncryptedDatabase, destination: Path, progress: Progress | None = None
) -> BackupManifest:
    """Copy the database consistently (never its live WAL) and pack it with the key slots.

    Stopped, it raises ``CancelledError``: the part-copy is removed and ``destination`` never made.
    """
    progress = quiet(progress)
    progress.step(0, 2, "Backing up: copying the database")
    if destination.exists():
        raise DatabaseExistsError(f"{destination.name} already exists; choose another name.")
    try:
        make_private_folders(destination.parent)
        copy = empty_temp_beside(destination, ".db")
    except OSError as error:
        raise StorageWriteError(
            f"The backup could not be written to {destination.parent} ({error.strerror})."
        ) from None
    # The slots first: every last-seen head in them is then a row the copy holds.
    slot_bytes = keyslot_path(database.path).read_bytes()
    try:
        try:
            database.copy_to(copy, lambda: progress.cancel_requested)
        except OSError as error:
            raise StorageWriteError(
                f"The backup could not be written to {destination.parent} ({error.strerror})."
            ) from None
        progress.step(1, 2, "Backing up: packing the copy with the key slots")
        with database.transaction() as session:
            head = audit_log.head(session)
        return backup_file.write_backup(
            destination,
            copy,
            slot_bytes,
            app_version=__version__,
            schema_revision=database.schema_revision() or "",
            database_key_id=keyslots.database_key_id(database.key),
            audit_head=(head.row_id, head.row_hash) if head else (0, ""),
        )
    finally:
        copy.unlink(missing_ok=True)


# ----- rekey: the kept backups follow the database to the new key ------------------------------


def kept_backups(database: Path) -> list[Path]:
    folder = backup_dir(database)
    return sorted(folder.glob(f"*{BACKUP_SUFFIX}")) if folder.is_dir() else []


def _slots_for_backup(current: KeySlotFile, backup_keys: bytes) -> bytes:
    """The current slots (so a revoked account's old slot is gone), each keeping the audit head
    its account had seen when the backup was taken."""
    try:
        then = keyslots.decode_slot_file(backup_keys)
    except CorruptDatabaseError:
        then = KeySlotFile("", ())
    slots = []
    for slot in current.slots:
        old = then.find(slot.name)
        same_key = old is not None and old.signing_public_key == slot.signing_public_key
        slots.append(replace(slot, witness=old.witness if same_key and old else None))
    return keyslots.encode_slot_file(KeySlotFile(current.database_key_id, tuple(slots)))


def _rekeyed_backup(
    source: Path, target: Path, old_key: bytearray, new_key: bytearray, new_slots: KeySlotFile
) -> None:
    copy = empty_temp_beside(target, ".db")
    try:
        with atomic_writer(copy) as handle:
            manifest, backup_keys = backup_file.copy_database(source, handle)
        rekey_file(copy, old_key, new_key)
        backup_file.write_backup(
            target,
            copy,
            _slots_for_backup(new_slots, backup_keys),
            app_version=manifest.app_version,
            schema_revision=manifest.schema_revision,
            database_key_id=new_slots.database_key_id,
            audit_head=(manifest.audit_head_row, manifest.audit_head_hash),
            created_at=manifest.created_at,
        )
    finally:
        copy.unlink(missing_ok=True)


def write_safety_copy(
    database: EncryptedDatabase, new_key: bytearray, new_slots: KeySlotFile
) -> Path:
    """The pre-rekey copy, already under the new key and slots: the revoked slot cannot open it."""
    folder = backup_dir(database.path)
    make_private_folders(folder)
    target = folder / f"{database.path.stem}-before-rekey{BACKUP_SUFFIX}{SAFETY_SUFFIX}"
    copy = empty_temp_beside(target, ".db")
    try:
        database.copy_to(copy)
        rekey_file(copy, database.key, new_key)
        with database.transaction() as session:
            head = audit_log.head(session)
        backup_file.write_backup(
            target,
            copy,
            keyslots.encode_slot_file(new_slots),
            app_version=__version__,
            schema_revision=database.schema_revision() or "",
            database_key_id=new_slots.database_key_id,
            audit_head=(head.row_id, head.row_hash) if head else (0, ""),
        )
    finally:
        copy.unlink(missing_ok=True)
    return target


def reencrypt_kept_backups(
    database: Path,
    old_key: bytearray,
    new_key: bytearray,
    new_slots: KeySlotFile,
    progress: Progress | None = None,
) -> tuple[list[Path], list[Path]]:
    """Write each kept backup again, under the new key and the current slots, beside itself.

    Returns the backups prepared and those left as they are (made under an older key, which
    this rekey does not hold). Nothing replaces an original until the rekey is promoted.
    """
    progress = quiet(progress)
    old_id = keyslots.database_key_id(old_key)
    prepared, left = [], []
    sources = kept_backups(database)
    for number, source in enumerate(sources):
        progress.step(number, len(sources), "Re-encrypting: the kept backups")
        try:
            manifest, _keys = backup_file.check_backup(source)
        except CorruptDatabaseError:
            left.append(source)
            continue
        if manifest.database_key_id != old_id:
            left.append(source)
            continue
        target = source.with_name(source.name + REKEYED_SUFFIX)
        target.unlink(missing_ok=True)
        _rekeyed_backup(source, target, old_key, new_key, new_slots)
        prepared.append(source)
    return prepared, left


def finish_interrupted_rekey(database: Path, key_id: str) -> str:
    """Put re-encrypted backups in place if their rekey was promoted, else drop them; drop the
    pre-rekey safety copy either way. Run at every unlock; a note when it did anything."""
    folder = backup_dir(database)
    if not folder.is_dir():
        return ""
    promoted = dropped = 0
    for rekeyed in sorted(folder.glob(f"*{BACKUP_SUFFIX}{REKEYED_SUFFIX}")):
        try:
            manifest, _keys = backup_file.check_backup(rekeyed)
        except CorruptDatabaseError:
            manifest = None
        if manifest is not None and manifest.database_key_id == key_id:
            rekeyed.replace(rekeyed.with_name(rekeyed.name.removesuffix(REKEYED_SUFFIX)))
            promoted += 1
        else:
            rekeyed.unlink()
            dropped += 1
    safety = list(folder.glob(f"*{SAFETY_SUFFIX}"))
    for leftover in safety:
        leftover.unlink()
    if promoted or dropped or safety:
        for temp in folder.glob(".tmp-*"):  # copies a killed rekey left under the old key
            temp.unlink(missing_ok=True)
        fsync_directory(folder)
    if promoted:
        return f"finished re-encrypting {promoted} backup(s) after an interrupted rekey"
    if dropped:
        return f"dropped {dropped} half-made re-encrypted backup(s) of an interrupted rekey"
    return ""


@requires(Permission.BACK_UP)
def back_up(
    workspace: Workspace, destination: Path | None = None, progress: Progress | None = None
) -> Path:
    target = destination or default_backup_path(workspace.file_path)
    write_backup_set(workspace.file, target, progress)
    workspace.audit(AuditAction.BACKUP, "backup", target.name)
    return target


def check_may_restore(backup: Path, username: str, password: str) -> None:
    """Refuse, before anything is written where the backup would go, an account that may not
    restore: the password must open its slot in the backup, and its role there must allow it.

    The backup's database is opened from an owner-only temporary copy of its (still encrypted)
    bytes in the system's temporary folder, removed before this returns.
    """
    _manifest, key_bytes = backup_file.check_backup(backup)
    slots = keyslots.decode_slot_file(key_bytes, "key-slot file in the backup")
    slot = slots.find(username)
    if slot is None or slot.kind != "user":
        raise PermissionDeniedError(f"{username} has no account in this backup.")
    key = keyslots.open_slot(slot, password, slots.database_key_id)
    folder = Path(tempfile.mkdtemp(prefix=".tmp-marac-"))
    try:
        copy = folder / "check.db"
        with atomic_writer(copy) as handle:
            backup_file.copy_database(backup, handle)
        database = EncryptedDatabase(copy, key)
        try:
            with database.transaction() as session:
                user = users_repo.find(session, username)
        finally:
            database.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if user is None or not user.active:
        raise PermissionDeniedError(f"{username} has no active account in this backup.")
    if not allows(user.role, Permission.BACK_UP):
        raise PermissionDeniedError(
            f"{user.role.label} accounts may not restore backups ({Permission.BACK_UP.value})."
        )


def restore(
    backup: Path,
    new_database: Path,
    workspace: Workspace | None = None,
    progress: Progress | None = None,
) -> BackupManifest:
    """Unpack a backup into a new location. Unlock it and run ``verify`` to check it.

    From a signed-in session (``workspace``), its role is checked before anything is written;
    the command line checks the role in the backup first (``check_may_restore``). It can be
    stopped until the unpacking starts (nothing written yet), not during it.
    """
    progress = quiet(progress)
    if workspace is not None:
        workspace.require(Permission.BACK_UP)
    progress.step(0, 2, "Restoring: reading the backup")
    _manifest, key_bytes = backup_file.check_backup(backup)
    backup_file.check_restore_target(new_database, keyslot_path(new_database), key_bytes)
    progress.stopping_disabled("Restoring: writing the new database file")
    make_private_folders(new_database.parent)
    return backup_file.unpack_backup(backup, new_database, keyslot_path(new_database))


@requires(Permission.BACK_UP)
def record_restore(workspace: Workspace, backup: Path) -> None:
    workspace.audit(AuditAction.RESTORE, "backup", backup.name)


def _keyslot_problems(workspace: Workspace) -> list[str]:
    """The key-slot file must read, carry this database's key, and match the active accounts."""
    try:
        slots = keyslots.read_slot_file(keyslot_path(workspace.file_path))
    except UserFacingError:
        return ["key slots: the key-slot file is damaged or unreadable"]
    problems = []
    if slots.database_key_id != keyslots.database_key_id(workspace.file.key):
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


@requires(Permission.VERIFY_DATABASE)
def verify(
    workspace: Workspace, pages_checked: bool = False, progress: Progress | None = None
) -> VerifyReport:
    """Check encrypted pages, the SQLite structure, the key slots, the audit chain and its
    signatures, and every account's last-seen head; each fault is one line. On a partnership
    server: the server's protections (``ServerDatabase.integrity_problems``) and the chain.

    Tables behind damaged pages are reported as unreadable, and a damaged file gets no audit
    row: writing into damaged pages can spread the damage. ``pages_checked``: the page HMACs
    were checked at this unlock, before it wrote anything. Stopped, it writes no audit row.
    """
    progress = quiet(progress)
    progress.step(0, 0, "Verifying: encrypted pages and structure")
    problems = workspace.database.integrity_problems(
        pages=not pages_checked, should_stop=lambda: progress.cancel_requested
    )
    damaged = bool(problems)
    rows = 0
    check = None
    progress.step(0, 0, "Verifying: the key slots and the audit log")
    try:
        if not workspace.on_server:  # a server has no key slots: it checks the passwords
            problems.extend(_keyslot_problems(workspace))
    except (CorruptDatabaseError, WrongPasswordError):
        problems.append("key slots: the accounts could not be read past the damaged pages")
    try:
        slots = None if workspace.on_server else audit_witness.slot_file(workspace.file_path)
        with workspace.transaction() as session:
            total = audit_log.count(session)
            check = audit_log.verify_chain(
                session,
                registrars=audit_witness.registrars(session),
                checked=lambda n: progress.step(n, total, "Verifying: the audit log"),
            )
            problems.extend(check.problems)
            if slots is not None:
                problems.extend(audit_witness.chain_problems(session, slots, None))
            rows = total
    except (CorruptDatabaseError, WrongPasswordError):
        problems.append("audit log: it could not be read past the damaged pages")
    if not damaged:
        workspace.audit(
            AuditAction.VERIFY,
            "database",
            outcome="ok" if not problems else "failed",
            detail=f"{len(problems)} problem(s)",
        )
    head = check.head if check else None
    return VerifyReport(
        tuple(problems),
        rows,
        audit_head_row=head.row_id if head else 0,
        audit_head_hash=head.row_hash if head else "",
        unsigned_rows=check.unsigned_rows if check else 0,
    )
