"""Crash-safe file writes: temp file in the same folder, owner-only, fsynced, then renamed."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from marac_desktop.errors import StorageWriteError


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


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces ``path`` in one step.

    If anything fails the old file is left as it was and the temp file is removed.
    """
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    except OSError as error:
        raise StorageWriteError(_describe(error, path)) from None
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
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


def temp_path_beside(path: Path, suffix: str) -> Path:
    """A fresh, unused name in the same folder (for files another library must create)."""
    fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=path.parent)
    os.close(fd)
    Path(name).unlink()
    return Path(name)
