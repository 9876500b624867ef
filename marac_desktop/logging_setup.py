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

LOG_FILENAME = "marac-desktop.log"


def configure(directory: Path | None = None) -> Path:
    """Send log records to a rotating, owner-only file; return its path."""
    folder = directory or log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILENAME
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    previous = os.umask(0o077)  # rotated files are created owner-only too
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    finally:
        os.umask(previous)
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
