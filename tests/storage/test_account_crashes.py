"""SIGKILL at each step of the two-file account changes and of restore, then unlock: repaired.

Each child (crash_step.py) signs in, then kills itself just before or after one call, so the
database and the key-slot file are left exactly as a crash there would leave them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop.domain.users import Role
from marac_desktop.errors import PermissionDeniedError, WrongPasswordError
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access, audit, backups, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import keyslots
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user
from tests.storage.attack_helpers import run_killed

_SLOT_WRITE = "marac_desktop.storage.keyslots:write_slot_file"
NEW_PASSWORD = "a fresh river lantern phrase"


def _entries(db_path: Path) -> list[tuple[str, str, str]]:
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert ws.warnings == ()
        assert backups.verify(ws).ok, backups.verify(ws).problems
        return [(e.actor, e.action, e.detail) for e in audit.recent_entries(ws, 500)]
    finally:
        ws.close()


def _slot_names(db_path: Path) -> set[str]:
    return {s.name for s in keyslots.read_slot_file(keyslot_path(db_path)).slots}


@pytest.mark.parametrize("when", ["before", "after"])
def test_user_add_killed_around_the_slot_write(admin: Workspace, db_path: Path, when: str) -> None:
    admin.close()
    lines = [ADMIN_PASSWORD, "lantern grove phrase for a new idva"]
    assert run_killed(db_path, ADMIN, "add", _SLOT_WRITE, when, 1, lines, ["nia", "idva"])
    if when == "after":
        assert "nia" in _slot_names(db_path)  # the half-done state: a slot with no account
    entries = _entries(db_path)
    assert "nia" not in _slot_names(db_path)
    if when == "after":
        assert (ADMIN, "repair", "removed the key slot of nia, which has no active account") in (
            entries
        )
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)  # the name can be used again
    try:
        users.add_user(ws, "nia", Role.IDVA, "lantern grove phrase for a new idva")
    finally:
        ws.close()
    access.unlock(db_path, "nia", "lantern grove phrase for a new idva").close()


@pytest.mark.parametrize("when", ["before", "after"])
def test_user_revoke_killed_around_the_slot_write(
    admin: Workspace, db_path: Path, when: str
) -> None:
    ivy_password = add_user(admin, "ivy", Role.IDVA)
    admin.close()
    assert run_killed(db_path, ADMIN, "revoke", _SLOT_WRITE, when, 1, [ADMIN_PASSWORD], ["ivy"])
    entries = _entries(db_path)
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        active = {u.username for u in users.list_users(ws) if u.active}
    finally:
        ws.close()
    if when == "before":  # nothing happened: ivy is still a working account
        assert "ivy" in active
        access.unlock(db_path, "ivy", ivy_password).close()
        return
    assert "ivy" not in active and "ivy" not in _slot_names(db_path)
    assert (ADMIN, "repair", "marked ivy revoked: the account's key slot is gone") in entries
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, "ivy", ivy_password)


@pytest.mark.parametrize("when", ["before", "after"])
def test_user_passwd_killed_around_the_slot_write(
    admin: Workspace, db_path: Path, when: str
) -> None:
    admin.close()
    lines = [ADMIN_PASSWORD, NEW_PASSWORD]
    assert run_killed(db_path, ADMIN, "passwd", _SLOT_WRITE, when, 1, lines)
    works = NEW_PASSWORD if when == "after" else ADMIN_PASSWORD
    stale = ADMIN_PASSWORD if when == "after" else NEW_PASSWORD
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, ADMIN, stale)
    ws = access.unlock(db_path, ADMIN, works)
    try:
        assert ws.warnings == ()
        assert backups.verify(ws).ok, backups.verify(ws).problems
        entries = [(e.actor, e.action, e.detail) for e in audit.recent_entries(ws, 500)]
    finally:
        ws.close()
    assert any(action == "password_changed" for _, action, _ in entries)  # its audit row
    repaired = [d for _, action, d in entries if action == "repair"]
    if when == "before":  # the row committed, the slot never changed: said so at sign-in
        assert repaired and repaired[0].startswith("a password change by admin on ")
    else:
        assert repaired == []


def _backup_with_roles(admin: Workspace) -> tuple[Path, str]:
    idva_password = add_user(admin, "ivy", Role.IDVA)
    return backups.back_up(admin), idva_password


def test_restore_refuses_a_non_administrator_before_writing_anything(
    admin: Workspace, tmp_path: Path
) -> None:
    backup, idva_password = _backup_with_roles(admin)
    target = tmp_path / "restored" / "marac.db"
    with pytest.raises(PermissionDeniedError):
        backups.check_may_restore(backup, "ivy", idva_password)
    with pytest.raises(WrongPasswordError):
        backups.check_may_restore(backup, ADMIN, "not the password at all")
    assert not target.parent.exists()
    backups.check_may_restore(backup, ADMIN, ADMIN_PASSWORD)
    assert not target.parent.exists()


def test_restore_cli_refuses_an_idva_and_writes_nothing(admin: Workspace, tmp_path: Path) -> None:
    from marac_desktop import cli

    backup, idva_password = _backup_with_roles(admin)
    target = tmp_path / "restored" / "marac.db"
    import io
    import sys

    stdin = sys.stdin
    sys.stdin = io.StringIO(idva_password + "\n")
    try:
        status = cli.main(
            ["restore", str(backup), "--db", str(target), "--user", "ivy", "--password-stdin"]
        )
    finally:
        sys.stdin = stdin
    assert status == cli.EXIT_USER_ERROR
    assert not target.parent.exists()


_RESTORE_STEPS = [
    (
        "pathlib:Path.replace",
        "after",
        2,
    ),  # (1 is the role check's copy) the key slots are in place, the database not yet
    ("pathlib:Path.replace", "after", 3),  # both in place, not yet unlocked or audited
]


@pytest.mark.parametrize(("target", "when", "nth"), _RESTORE_STEPS)
def test_restore_killed_midway_can_be_run_again(
    admin: Workspace, tmp_path: Path, target: str, when: str, nth: int
) -> None:
    backup, _ = _backup_with_roles(admin)
    restored = tmp_path / "restored" / "marac.db"
    assert run_killed(
        restored, ADMIN, "restore", target, when, nth, [ADMIN_PASSWORD], [str(backup)]
    )
    assert keyslot_path(restored).exists()
    if not restored.exists():  # killed between the two files: restoring again carries on
        backups.restore(backup, restored)
    ws = access.unlock(restored, ADMIN, ADMIN_PASSWORD)
    try:
        assert ws.warnings == ()
        assert backups.verify(ws).ok
        assert {u.username for u in users.list_users(ws)} == {ADMIN, "ivy"}
    finally:
        ws.close()


def test_restore_from_a_session_checks_the_role_first(
    admin: Workspace, db_path: Path, tmp_path: Path
) -> None:
    backup, idva_password = _backup_with_roles(admin)
    ivy = access.unlock(db_path, "ivy", idva_password)
    target = tmp_path / "restored" / "marac.db"
    try:
        with pytest.raises(PermissionDeniedError):
            backups.restore(backup, target, ivy)
    finally:
        ivy.close()
    assert not target.parent.exists()
    backups.restore(backup, target, admin)
    assert target.exists()
