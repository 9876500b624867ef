"""Damaged, empty and cut-short database files, attacked the way a failing disk or a bad copy would.

Every case must end in exit 3 with each fault named, or one sentence (exit 1), never exit 70,
and the damaged file must not be written to.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marac_desktop import cli
from marac_desktop.domain.users import Role
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access, backups, demo, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import integrity, keyslots
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user

FLIPS = 50
SEED = 20261201


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: list[str],
) -> tuple[int, object, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in stdin)))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def as_admin(db: Path) -> list[str]:
    return ["--db", str(db), "--user", ADMIN, "--password-stdin"]


@pytest.fixture
def filled(db_path: Path) -> Path:
    """A database with synthetic cases across many pages, closed cleanly (no WAL left)."""
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        demo.generate(ws, 30, seed=7)
    finally:
        ws.close()
    assert not db_path.with_name(db_path.name + "-wal").exists()
    return db_path


def damaged_copy(source: Path, folder: Path, offset: int) -> tuple[Path, bytes]:
    folder.mkdir()
    target = folder / source.name
    data = bytearray(source.read_bytes())
    data[offset] ^= 0xA5
    target.write_bytes(data)
    shutil.copy(keyslot_path(source), keyslot_path(target))
    return target, bytes(data)


def test_fifty_random_byte_flips_are_each_named_never_a_crash(
    filled: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    size = filled.stat().st_size
    rng = random.Random(SEED)
    outcomes = []
    for trial in range(FLIPS):
        offset = rng.randrange(size)
        db, damaged_bytes = damaged_copy(filled, tmp_path / f"flip{trial}", offset)
        code, out, err = run(monkeypatch, capsys, ["verify", *as_admin(db)], [ADMIN_PASSWORD])
        outcomes.append(code)
        page = offset // integrity.PAGE_SIZE + 1
        assert code in (1, 3), (offset, code, err)
        if code == 3:
            assert isinstance(out, dict) and out["ok"] is False
            lines = err.splitlines()
            assert lines == out["problems"] and all(lines)
            assert any(line.startswith(f"page {page} ") for line in lines), (offset, lines)
        else:
            assert err.count("\n") == 1, err
        assert "key-slot file belongs" not in err and "does not belong" not in err
        assert db.read_bytes() == damaged_bytes  # the damaged file was not written to
    assert outcomes.count(3) == FLIPS  # every flip is caught by a page HMAC and named


@pytest.mark.parametrize("offset", [3, 20, 100, 2000, 4020, 4090])
def test_damage_in_page_one_does_not_blame_the_key_slots(
    filled: Path,
    tmp_path: Path,
    offset: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, _ = damaged_copy(filled, tmp_path / "p1 #?%20 odd name", offset)
    code, out, err = run(monkeypatch, capsys, ["verify", *as_admin(db)], [ADMIN_PASSWORD])
    assert code == 3 and err.startswith("page 1 ")
    assert "key-slot file is not at fault" in err.splitlines()[0]
    code, _, err = run(monkeypatch, capsys, ["user", "list", *as_admin(db)], [ADMIN_PASSWORD])
    assert code == 1 and err.count("\n") == 1
    assert "damaged page" in err and "key-slot" not in err


def test_a_key_slot_file_from_another_database_is_still_named(
    filled: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = tmp_path / "other" / "marac.db"
    access.create_database(other, ADMIN, ADMIN_PASSWORD)
    shutil.copy(keyslot_path(other), keyslot_path(filled))
    code, _, err = run(monkeypatch, capsys, ["verify", *as_admin(filled)], [ADMIN_PASSWORD])
    assert code == 1 and err.count("\n") == 1 and "key-slot file" in err


def test_backup_of_a_damaged_database_refuses_in_one_sentence(
    filled: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    size = filled.stat().st_size
    # a page no unlock reads: the unlock succeeds, the copy must then refuse
    db, damaged_bytes = damaged_copy(filled, tmp_path / "bk", size - 3000)
    out_dir = tmp_path / "out"
    target = out_dir / "b.maracbak"
    code, out, err = run(
        monkeypatch, capsys, ["backup", *as_admin(db), "--out", str(target)], [ADMIN_PASSWORD]
    )
    assert (code, out) == (1, None)
    assert err.count("\n") == 1 and "no copy of it was made" in err
    assert not target.exists() and list(out_dir.iterdir()) == []  # no temp file left
    code, _, err = run(monkeypatch, capsys, ["backup", *as_admin(db)], [ADMIN_PASSWORD])
    assert code == 1 and err.count("\n") == 1


COMMANDS = [
    ["verify"],
    ["user", "list"],
    ["demo", "--cases", "2"],
    ["backup"],
    ["meeting", "list"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_an_empty_database_file_is_refused_and_never_written(
    db_path: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_path.write_bytes(b"")
    code, out, err = run(
        monkeypatch, capsys, [command[0], *command[1:], *as_admin(db_path)], [ADMIN_PASSWORD]
    )
    assert (code, out) == (1, None)
    assert err.count("\n") == 1 and "is empty (0 bytes)" in err
    assert db_path.stat().st_size == 0
    assert not db_path.with_name(db_path.name + "-wal").exists()


@pytest.mark.parametrize("keep", ["whole pages", "mid page"])
def test_a_cut_short_database_is_named_by_verify_and_refused_by_unlock(
    filled: Path,
    keep: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = filled.read_bytes()
    length = integrity.PAGE_SIZE * 20 + (0 if keep == "whole pages" else 1234)
    filled.write_bytes(data[:length])
    code, out, err = run(monkeypatch, capsys, ["verify", *as_admin(filled)], [ADMIN_PASSWORD])
    assert code == 3 and isinstance(out, dict)
    assert any("cut short" in line for line in out["problems"])
    code, _, err = run(monkeypatch, capsys, ["user", "list", *as_admin(filled)], [ADMIN_PASSWORD])
    assert code == 1 and err.count("\n") == 1
    assert filled.read_bytes() == data[:length]


def test_verify_names_a_revoked_accounts_key_slot_put_back(admin: Workspace, db_path: Path) -> None:
    add_user(admin, "ivy", Role.IDVA)
    kept = keyslot_path(db_path).read_bytes()  # the slot file before the revocation
    users.revoke_user(admin, "ivy")
    keyslot_path(db_path).write_bytes(kept)
    report = backups.verify(admin)
    assert report.problems == ("key slots: ivy has a key slot but no active account",)


def test_verify_names_an_active_account_without_a_slot(admin: Workspace, db_path: Path) -> None:
    add_user(admin, "ivy", Role.IDVA)
    slots = keyslots.read_slot_file(keyslot_path(db_path))
    keyslots.write_slot_file(keyslot_path(db_path), slots.without("ivy"))
    report = backups.verify(admin)
    assert report.problems == ("key slots: the active account ivy has no key slot",)


def test_a_damaged_file_in_a_real_process_is_named_without_driver_noise(
    filled: Path, tmp_path: Path
) -> None:
    db, _ = damaged_copy(filled, tmp_path / "real", 30)  # page 1: SQLCipher would log to stderr
    result = subprocess.run(
        [sys.executable, "-m", "marac_desktop", "verify", *as_admin(db)],
        input=f"{ADMIN_PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert result.returncode == 3
    assert result.stderr.splitlines() == json.loads(result.stdout)["problems"]
    assert result.stderr.startswith("page 1 fails its encryption check")
    assert "ERROR" not in result.stderr and "Traceback" not in result.stderr
