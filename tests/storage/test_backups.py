"""Backup, restore, verify and tamper detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop.domain.users import Role
from marac_desktop.errors import CorruptDatabaseError, DatabaseExistsError
from marac_desktop.services import access, backups, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.engine import connect
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user


def _user_names(ws: Workspace) -> list[str]:
    return [u.username for u in users.list_users(ws)]


def test_backup_restore_verify_same_rows(admin: Workspace, tmp_path: Path) -> None:
    add_user(admin, "ivy", Role.IDVA)
    add_user(admin, "cora", Role.COORDINATOR)
    backup = backups.back_up(admin, tmp_path / "b" / "copy.maracbak")
    assert backup.stat().st_mode & 0o077 == 0
    raw = backup.read_bytes()
    assert b"SQLite format 3" not in raw
    restored = tmp_path / "restored" / "marac.db"
    backups.restore(backup, restored)
    ws = access.unlock(restored, ADMIN, ADMIN_PASSWORD)
    try:
        assert backups.verify(ws).ok
        assert _user_names(ws) == _user_names(admin)
    finally:
        ws.close()


def test_restore_never_overwrites(admin: Workspace, db_path: Path) -> None:
    backup = backups.back_up(admin)
    with pytest.raises(DatabaseExistsError):
        backups.restore(backup, db_path)


def test_damaged_backup_is_refused(admin: Workspace, tmp_path: Path) -> None:
    backup = backups.back_up(admin)
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.maracbak"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError):
        backups.restore(damaged, tmp_path / "x" / "marac.db")
    (tmp_path / "junk.maracbak").write_bytes(b"not a backup")
    with pytest.raises(CorruptDatabaseError):
        backups.restore(tmp_path / "junk.maracbak", tmp_path / "y" / "marac.db")
    assert not (tmp_path / "x" / "marac.db").exists()


def test_changed_audit_row_is_named_by_verify(admin: Workspace, db_path: Path) -> None:
    add_user(admin, "ivy", Role.IDVA)
    key = bytes(admin.database.key)
    admin.close()
    conn = connect(db_path, key)
    try:
        with pytest.raises(Exception, match="append-only"):
            conn.execute("UPDATE audit_log SET detail = 'x' WHERE id = 2")
        conn.execute("DROP TRIGGER audit_log_no_update")  # what a tamperer would do
        conn.execute("UPDATE audit_log SET detail = 'admiN' WHERE id = 2")
    finally:
        conn.close()
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        report = backups.verify(ws)
        assert not report.ok
        assert report.problems == ("audit row 2 was changed after it was written",)
    finally:
        ws.close()


def test_deleted_audit_row_is_named_by_verify(admin: Workspace, db_path: Path) -> None:
    key = bytes(admin.database.key)
    admin.close()
    conn = connect(db_path, key)
    try:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = 2")
    finally:
        conn.close()
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        problems = backups.verify(ws).problems
        assert "audit row 2 is missing (next row found is 3)" in problems
        assert "audit row 3 does not follow the row before it" in problems
    finally:
        ws.close()


def test_flipped_page_byte_is_detected(admin: Workspace, db_path: Path) -> None:
    admin.close()
    data = bytearray(db_path.read_bytes())
    data[4096 + 100] ^= 0x01  # inside page 2
    db_path.write_bytes(bytes(data))
    try:
        ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    except CorruptDatabaseError:
        return  # refused at unlock with a plain sentence: also acceptable
    try:
        report = backups.verify(ws)
        assert any("encrypted page check" in p for p in report.problems)
    finally:
        ws.close()
