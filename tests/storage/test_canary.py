"""A distinctive string stored in the database must not appear in any file we leave behind."""

from __future__ import annotations

import io
import os
import secrets
import tempfile
from pathlib import Path

import pytest

from marac_desktop import cli
from marac_desktop.domain.users import Role
from marac_desktop.paths import log_dir
from marac_desktop.services import access, backups, users
from marac_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _files_under(*folders: Path) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            found.extend(Path(root) / name for name in names)
    return found


def _temp_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("*"))


def test_canary_is_nowhere_in_plain_bytes(
    admin: Workspace,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    canary = "Zq" + secrets.token_hex(8) + " Ŵïłłø Ñame"
    temp_before = _temp_files()
    users.add_user(admin, "ivy", Role.IDVA, "lantern grove phrase seven", display_name=canary)
    wal = db_path.with_name(db_path.name + "-wal")
    open_files = [p for p in (db_path, wal) if p.exists()]  # scanned while the engine is live
    live_bytes = [p.read_bytes() for p in open_files]
    backups.back_up(admin)
    admin.lock()
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    assert cli.main(["backup", "--db", str(db_path), "--user", ADMIN, "--password-stdin"]) == 0
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    assert canary in [u.display_name for u in users.list_users(ws)]  # it really is stored
    ws.close()

    needles = {canary.encode("utf-8"), canary.encode("utf-16-le"), canary[:18].encode()}
    files = _files_under(tmp_path, log_dir()) + sorted(_temp_files() - temp_before)
    assert any(p.suffix == ".maracbak" for p in files)
    assert any(p.name.endswith(".keys") for p in files)
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path.name
    for data in live_bytes:
        assert not any(n in data for n in needles)
    out = capsys.readouterr()
    assert canary not in out.out + out.err


def test_log_file_is_owner_only() -> None:
    import logging

    from marac_desktop import logging_setup

    root = logging.getLogger()
    before = list(root.handlers)
    path = logging_setup.configure()
    try:
        assert path.stat().st_mode & 0o077 == 0
    finally:
        for handler in root.handlers[len(before) :]:
            root.removeHandler(handler)
            handler.close()
