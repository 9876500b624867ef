"""What an attacker holding an old key-slot file, or the database key, can try."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from marac_desktop.errors import UserFacingError
from marac_desktop.paths import backup_dir
from marac_desktop.storage import backup_file, keyslots
from marac_desktop.storage.atomic import empty_temp_beside
from marac_desktop.storage.engine import connect
from marac_desktop.storage.keyslots import KeySlotFile

CRASH_STEP = Path(__file__).with_name("crash_step.py")


def key_from(old_keys: bytes, name: str, password: str) -> bytearray:
    """The database key an old slot gives, whatever key id the file says."""
    slots = keyslots.decode_slot_file(old_keys)
    slot = slots.find(name)
    assert slot is not None
    return keyslots.open_slot(slot, password, slots.database_key_id)


def opens(database_file: Path, key: bytes | bytearray) -> bool:
    try:
        connection = connect(database_file, key)
    except UserFacingError:
        return False
    try:
        connection.execute("SELECT count(*) FROM audit_log").fetchone()
        return True
    finally:
        connection.close()


def backup_opens(backup: Path, key: bytes | bytearray, name: str, password: str) -> bool:
    """True if the key opens the backup's database, or the password opens a slot in it."""
    copy = empty_temp_beside(backup, ".db")
    try:
        with copy.open("wb") as handle:
            _manifest, key_bytes = backup_file.copy_database(backup, handle)
        if opens(copy, key):
            return True
    finally:
        copy.unlink(missing_ok=True)
    slots: KeySlotFile = keyslots.decode_slot_file(key_bytes)
    slot = slots.find(name)
    if slot is None:
        return False
    try:
        keyslots.open_slot(slot, password, slots.database_key_id)
    except UserFacingError:
        return False
    return True


def kept_files(database: Path) -> list[Path]:
    """Everything the application keeps beside the database and in its backups folder."""
    folders = [database.parent, backup_dir(database)]
    return sorted(
        p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.is_file()
    )


def run_killed(
    database: Path,
    user: str,
    operation: str,
    target: str,
    when: str,
    nth: int,
    lines: Sequence[str],
    extra: Sequence[str] = (),
) -> bool:
    """Run one step in a child killed at the given point; True if it was killed there."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    child = subprocess.run(
        [
            sys.executable,
            str(CRASH_STEP),
            str(database),
            user,
            operation,
            target,
            when,
            str(nth),
            *extra,
        ],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if child.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(child.stderr)
    return child.returncode == -signal.SIGKILL
