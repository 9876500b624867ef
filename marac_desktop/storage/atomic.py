"""Crash-safe, owner-only file writes: temp file in the same folder, fsynced, then renamed.

Every file and folder we create is owner-only from the moment it exists: files are opened with
mode 0600 in the ``os.open`` call itself (never widened first and narrowed later), folders are
made 0700 at every level we create. A temp file left by a crash keeps a name starting with
``TEMP_PREFIX`` and is removed by ``sweep_temporaries`` at the next start.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marac_desktop.errors import StorageWriteError

log = logging.getLogger(__name__)

OWNER_FILE_MODE = 0o600
OWNER_FOLDER_MODE = 0o700
TEMP_PREFIX = ".tmp-marac-"
"""How our temp files are named, in any folder."""
EARLIER_TEMP_NAME = re.compile(r"\.tmp-[a-z0-9_]{8}(\.db)?")
"""How earlier versions named them (``tempfile.mkstemp``): swept in our own folders only."""
PROCESS_STARTED = time.time()
"""Temp files older than this were left by an earlier process, which cannot still use them."""

_CREATE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _describe(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"The disk is full, so {path.name} was not written; free some space and try again."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"This account may not write to {path.parent}; choose another folder."
    return f"{path.name} could not be written ({error.strerror}); nothing was changed."


def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each owner-only (0700).

    ``Path.mkdir(parents=True, mode=...)`` applies the mode to the last folder only; the
    parents it creates are as open as the umask allows.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            level.mkdir(mode=OWNER_FOLDER_MODE)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))


def create_owner_only(path: Path) -> int:
    """Create a new, empty file readable by its owner only; return a descriptor open to write."""
    return os.open(path, _CREATE_FLAGS, OWNER_FILE_MODE)


def _new_temp(directory: Path, suffix: str) -> tuple[int, Path]:
    while True:
        candidate = directory / f"{TEMP_PREFIX}{secrets.token_hex(6)}{suffix}"
        try:
            return create_owner_only(candidate), candidate
        except FileExistsError:
            continue


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces ``path`` in one step.

    If anything fails the old file is left as it was and the temp file is removed.
    """
    directory = path.parent
    sweep_temporaries((), (directory,))  # a document folder we learn of only now
    try:
        fd, tmp = _new_temp(directory, "")
    except OSError as error:
        raise StorageWriteError(_describe(error, path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
        fsync_directory(directory)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StorageWriteError(_describe(error, path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_writer(path) as handle:
        handle.write(data)


def empty_temp_beside(path: Path, suffix: str) -> Path:
    """A new, empty, owner-only file in ``path``'s folder, for another library to fill.

    SQLite's ``VACUUM INTO`` accepts an empty file and keeps its mode, so the copy it writes
    is never readable by others, not even for its first page.
    """
    fd, tmp = _new_temp(path.parent, suffix)
    os.close(fd)
    return tmp


def _is_stale_temp(entry: os.DirEntry[str], own_folder: bool, started: float) -> bool:
    ours = entry.name.startswith(TEMP_PREFIX) or (
        own_folder and EARLIER_TEMP_NAME.fullmatch(entry.name) is not None
    )
    if not ours:
        return False
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < started


def sweep_temporaries(
    own_folders: Iterable[Path], other_folders: Iterable[Path] = (), started: float | None = None
) -> int:
    """Delete temp files left by an earlier, interrupted write; return how many.

    Only regular files of this account named as ours count: ``TEMP_PREFIX`` anywhere, and
    also the names earlier versions used in our own folders (the database's, its backups).
    Files from this process, or changed since it started, are left alone. The log line names
    no file or folder.
    """
    before = PROCESS_STARTED if started is None else started
    removed = 0
    plan = {folder: False for folder in other_folders}
    plan.update({folder: True for folder in own_folders})  # the wider rule wins
    for folder, own in plan.items():
        try:
            with os.scandir(folder) as entries:
                stale = [Path(e.path) for e in entries if _is_stale_temp(e, own, before)]
        except OSError:
            continue
        for file in stale:
            with contextlib.suppress(OSError):
                file.unlink()
                removed += 1
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted write", removed)
    return removed
