"""Logging to a rotating file in the log folder. Case data, keys and passwords are never logged.

Unexpected errors are logged as the exception type and the code locations only: exception
messages can quote data (an SQL parameter, a name in a file), so they are left out.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path

from marac_desktop.paths import log_dir
from marac_desktop.storage.atomic import OWNER_FILE_MODE, make_private_folders

LOG_FILENAME = "marac-desktop.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


class OwnerOnlyRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, including each one made at rotation, is 0600.

    The standard handler opens a new file with the process umask (often 0644) each time it
    rotates; this one creates it with mode 0600 in the ``os.open`` call itself.
    """

    def _open(self):  # type: ignore[no-untyped-def]  # the base class leaves it untyped
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, OWNER_FILE_MODE)
        os.fchmod(fd, OWNER_FILE_MODE)  # an existing file made wider by someone else
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)


def configure(directory: Path | None = None) -> Path:
    """Send log records to a rotating, owner-only file; return its path."""
    folder = directory or log_dir()
    make_private_folders(folder)
    path = folder / LOG_FILENAME
    handler = OwnerOnlyRotatingHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def redacted_traceback(error: BaseException) -> str:
    """The exception type and where it happened, without its message or any values."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"{type(error).__module__}.{type(error).__qualname__}"]
    lines.extend(f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames)
    return "\n".join(lines)
