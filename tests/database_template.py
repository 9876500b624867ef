"""New encrypted databases for the tests, copied from one made once per test process.

Making a database runs every migration (about 0.15 s of a test's time); copying the two files it
leaves takes a millisecond. Each copy holds the same key, administrator, audit rows and recovery
code as every other copy made with the same arguments, which no single test can tell from a
database of its own. A test about making databases, or one that needs two with different keys,
calls ``access.create_database`` itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access
from marac_desktop.storage.atomic import create_owner_only, make_private_folders

_Arguments = tuple[str, str, str]
_made: dict[_Arguments, tuple[Path, str]] = {}
_folders: list[Path] = []


def _original(arguments: _Arguments) -> tuple[Path, str]:
    if arguments not in _made:
        folder = Path(tempfile.mkdtemp(prefix="marac-template-"))
        _folders.append(folder)
        path = folder / "marac.db"
        code = access.create_database(path, *arguments, kdf=TEST_KDF)
        _made[arguments] = (path, code)
    return _made[arguments]


def _copy(source: Path, target: Path) -> None:
    descriptor = create_owner_only(target)  # refuses a file that is already there
    with source.open("rb") as reading, os.fdopen(descriptor, "wb") as writing:
        shutil.copyfileobj(reading, writing)


def create_database(path: Path, admin: str, password: str, display_name: str) -> str:
    """What ``access.create_database(path, admin, password, display_name)`` leaves, made with
    the tests' cheap key derivation; returns the recovery code."""
    original, code = _original((admin, password, display_name))
    make_private_folders(path.parent)
    _copy(original, path)
    _copy(keyslot_path(original), keyslot_path(path))
    return code


def remove_templates() -> None:
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)
    _folders.clear()
    _made.clear()
