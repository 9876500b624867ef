"""Damage around the database, not in it: each gives one sentence and exit 1, never exit 70."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from marac_desktop import cli
from marac_desktop.errors import (
    CorruptDatabaseError,
    StorageWriteError,
    UserFacingError,
)
from marac_desktop.paths import keyslot_path, unlock_failures_path
from marac_desktop.services import access, backups
from marac_desktop.storage.database import EncryptedDatabase
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _cli(db_path: Path, command: str, *extra: str) -> tuple[int, str]:
    stdin, stderr = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(ADMIN_PASSWORD + "\n"), io.StringIO()
    try:
        args = [command, "--db", str(db_path), "--user", ADMIN, "--password-stdin", *extra]
        return cli.main(args), sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stderr = stdin, stderr


def _one_sentence_refusal(db_path: Path, command: str = "verify", *extra: str) -> str:
    code, err = _cli(db_path, command, *extra)
    assert code == cli.EXIT_USER_ERROR, err
    assert err.count("\n") == 1 and "unexpected" not in err
    return err


def _damage_slot(db_path: Path, field: str, value: Any) -> None:
    path = keyslot_path(db_path)
    document = json.loads(path.read_bytes())
    for slot in document["slots"]:
        slot[field] = value
    path.write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(
    ("field", "value"),
    [("t", 0), ("p", -1), ("p", 0), ("m", 0), ("m", 2**40), ("t", 10**9), ("t", "x")],
)
def test_damaged_kdf_parameters_are_refused(db_path: Path, field: str, value: Any) -> None:
    _damage_slot(db_path, field, value)
    with pytest.raises(CorruptDatabaseError, match="key-slot file is damaged"):
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    assert "key-slot file is damaged" in _one_sentence_refusal(db_path)


def test_a_failures_record_that_is_a_folder_locks_nobody_out(db_path: Path) -> None:
    """The record of failed sign-ins only slows guessing: when it cannot be read, the right
    password still opens the database and a wrong one is refused in one sentence, not exit 70."""
    unlock_failures_path(db_path).mkdir()
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()
    with pytest.raises(UserFacingError) as refused:
        access.unlock(db_path, ADMIN, "not the password")
    assert "\n" not in str(refused.value) and str(refused.value).endswith(".")
    code, err = _cli(db_path, "verify")
    assert code in (0, cli.EXIT_USER_ERROR) and "unexpected" not in err


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """Make ``path`` impossible to change: immutable as root, read-only otherwise."""
    immutable = os.geteuid() == 0
    if immutable:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("cannot mark files immutable here")
    else:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
        else:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_an_unchangeable_database_file_is_refused(db_path: Path) -> None:
    with _unwritable(db_path):
        with pytest.raises(StorageWriteError, match="read-only or marked unchangeable"):
            access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
        for command in ("verify", "backup"):
            assert "read-only" in _one_sentence_refusal(db_path, command)


def test_a_read_only_folder_is_not_told_to_restore_a_backup(db_path: Path) -> None:
    with _unwritable(db_path.parent):
        with pytest.raises(UserFacingError) as refused:
            access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
        message = str(refused.value)
        assert "backup" not in message and "folder" in message
        assert "backup" not in _one_sentence_refusal(db_path)


def test_a_full_disk_during_backup_is_one_sentence(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = EncryptedDatabase._raw

    class FullDisk:
        def __init__(self, connection: Any) -> None:
            self._connection = connection
            self.dbapi_connection = connection.dbapi_connection  # a stop is still watched

        def cursor(self) -> Any:
            return self

        def execute(self, sql: str, *args: Any) -> Any:
            if sql.startswith("VACUUM INTO"):
                Path(args[0][0]).write_bytes(b"partial")
                raise sqlcipher.OperationalError("database or disk is full")
            return self._connection.cursor().execute(sql, *args)

        def close(self) -> None:
            self._connection.close()

    monkeypatch.setattr(EncryptedDatabase, "_raw", lambda self: FullDisk(raw(self)))
    out = tmp_path / "elsewhere"
    out.mkdir()
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        with pytest.raises(StorageWriteError, match="disk is full"):
            backups.back_up(ws, out / "b.maracbak")
    finally:
        ws.close()
    assert list(out.iterdir()) == [], "a failed backup left a file behind"
    assert "disk is full" in _one_sentence_refusal(db_path, "backup", "--out", str(out / "c"))
