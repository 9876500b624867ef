"""The backup file: one uncompressed tar holding the encrypted database and its key slots.

Both parts are already encrypted (the database by SQLCipher, the slots by their passwords), so
the tar adds no secret; its manifest holds checksums and versions, never case data.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

from marac_desktop.errors import CorruptDatabaseError, DatabaseExistsError
from marac_desktop.storage.atomic import atomic_writer, fsync_directory

FORMAT = "marac-backup"
VERSION = 1
_DATABASE = "database.db"
_KEYS = "database.keys"
_MANIFEST = "manifest.json"
_PIECE = 1 << 20


@dataclass(frozen=True, slots=True)
class BackupManifest:
    created_at: str
    app_version: str
    schema_revision: str
    database_key_id: str
    database_sha256: str
    keys_sha256: str
    audit_head_row: int = 0
    """The last audit row at backup time (0: none, or a backup from before heads were kept)."""
    audit_head_hash: str = ""


def _add(archive: tarfile.TarFile, name: str, size: int, source: IO[bytes]) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    archive.addfile(info, source)


def write_backup(
    destination: Path,
    database_copy: Path,
    keys: bytes,
    app_version: str,
    schema_revision: str,
    database_key_id: str,
    audit_head: tuple[int, str] = (0, ""),
    created_at: str | None = None,
) -> BackupManifest:
    """Pack an encrypted database copy and the key-slot bytes into ``destination`` atomically.

    ``audit_head`` (row id and hash) goes into the manifest, so every backup is a witness of
    the audit log too; ``created_at`` is kept when a backup is re-encrypted.
    """
    with database_copy.open("rb") as copy:
        database_sha256 = hashlib.file_digest(copy, "sha256").hexdigest()
    manifest = BackupManifest(
        created_at=created_at or datetime.now(UTC).isoformat(timespec="seconds"),
        app_version=app_version,
        schema_revision=schema_revision,
        database_key_id=database_key_id,
        database_sha256=database_sha256,
        keys_sha256=hashlib.sha256(keys).hexdigest(),
        audit_head_row=audit_head[0],
        audit_head_hash=audit_head[1],
    )
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, **asdict(manifest)}
    with atomic_writer(destination) as handle, tarfile.open(fileobj=handle, mode="w") as archive:
        written = json.dumps(document, indent=1).encode("utf-8")
        _add(archive, _MANIFEST, len(written), io.BytesIO(written))
        with database_copy.open("rb") as copy:  # in pieces: never the whole file in memory
            _add(archive, _DATABASE, os.fstat(copy.fileno()).st_size, copy)
        _add(archive, _KEYS, len(keys), io.BytesIO(keys))
    return manifest


def _damaged(path: Path) -> CorruptDatabaseError:
    return CorruptDatabaseError(f"The backup {path.name} is damaged or is not a MARAC backup.")


def copy_database(path: Path, destination: BinaryIO) -> tuple[BackupManifest, bytes]:
    """Write the backup's database into ``destination`` as it is read and checked; the manifest
    and key-slot bytes. Damaged, it raises after writing some: give it a temporary file."""
    return _read_checked(path, destination.write)


def check_backup(path: Path) -> tuple[BackupManifest, bytes]:
    """The manifest and key-slot bytes, every checksum checked; the database is read through
    in pieces, never held whole (at 250,000 cases it is 600 MB)."""
    return _read_checked(path, None)


def _read_checked(
    path: Path, database_to: Callable[[bytes], object] | None
) -> tuple[BackupManifest, bytes]:
    """Read the backup, handing the database on in pieces; the manifest and key-slot bytes."""
    try:
        with tarfile.open(path, mode="r:") as archive:
            listed = archive.getmembers()
            members = {member.name: member for member in listed}
            expected = {_MANIFEST, _DATABASE, _KEYS}
            if len(listed) != len(expected) or set(members) != expected:
                raise _damaged(path)  # a part missing, added or given twice
            if not all(member.isfile() for member in listed):
                raise _damaged(path)
            document = json.loads(_part(archive, members[_MANIFEST], path).read())
            keys = _part(archive, members[_KEYS], path).read()
            database_hash = hashlib.sha256()
            database = _part(archive, members[_DATABASE], path)
            while piece := database.read(_PIECE):
                database_hash.update(piece)
                if database_to is not None:
                    try:
                        database_to(piece)
                    except OSError as error:
                        raise _WriteFailedError(error) from None
        if document.pop("format") != FORMAT or document.pop("version") != VERSION:
            raise _damaged(path)
        manifest = BackupManifest(**document)
    except _WriteFailedError as failed:
        raise failed.error from None  # the destination's fault, worded by whoever writes it
    except FileNotFoundError:
        raise CorruptDatabaseError(f"There is no backup file at {path}.") from None
    except (tarfile.TarError, ValueError, TypeError, KeyError, OSError):
        raise _damaged(path) from None
    if database_hash.hexdigest() != manifest.database_sha256:
        raise _damaged(path)
    if hashlib.sha256(keys).hexdigest() != manifest.keys_sha256:
        raise _damaged(path)
    return manifest, keys


class _WriteFailedError(Exception):
    """Writing a piece of the database failed: not a fault of the backup."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error


def _part(archive: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> IO[bytes]:
    extracted = archive.extractfile(member)
    if extracted is None:
        raise _damaged(path)
    return extracted


def unpack_backup(path: Path, database: Path, keys_path: Path) -> BackupManifest:
    """Write the backed-up database and key slots to new paths; never overwrite anything.

    The key slots go first and the database last, so a crash leaves at most a key-slot file
    with no database; a second restore of the same backup then carries on over it. The
    database is written as it is read and checked; a damaged one is never put in place.
    """
    _manifest, key_bytes = check_backup(path)
    check_restore_target(database, keys_path, key_bytes)
    with atomic_writer(keys_path) as handle:
        handle.write(key_bytes)
    with atomic_writer(database) as handle:
        manifest, keys_again = _read_checked(path, handle.write)
        if keys_again != key_bytes:
            raise _damaged(path)  # the file changed between the two readings
    fsync_directory(database.parent)
    return manifest


def check_restore_target(database: Path, keys_path: Path, key_bytes: bytes) -> None:
    """Refuse a target that holds anything but the leftover of an interrupted restore."""
    leftover = not database.exists() and keys_path.exists() and keys_path.read_bytes() == key_bytes
    for target in (database, keys_path):
        if target.exists() and not leftover:
            raise DatabaseExistsError(
                f"{target.name} already exists; restore into a new, empty location."
            )
