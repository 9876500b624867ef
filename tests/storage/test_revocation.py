"""Revocation and rekey mean what they say: the attack is an old copy of the key-slot file.

Ivy keeps a copy of ``marac.db.keys`` while her account is active. After ``user revoke`` and
``rekey`` her old slot and password must open no file the application keeps: the database, every
backup in ``backups/`` (including one taken while she was active, whose key part held her slot),
and any pending or leftover file, whether the rekey finished or was killed at any step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop.domain.users import Role
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access, backups, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import backup_file, keyslots
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user
from tests.storage.attack_helpers import backup_opens, kept_files, key_from, opens, run_killed

_LEFTOVER_MARKS = (".pending", ".rekeyed", ".rekey-safety", ".tmp-")


def _revoked_ivy(admin: Workspace, db_path: Path) -> tuple[bytes, bytearray, str]:
    """Ivy is active, a backup holds her slot, she copies the key slots; then she is revoked
    and one more backup is taken. Returns her copy, the key it gives, and her password."""
    ivy_password = add_user(admin, "ivy", Role.IDVA)
    backups.back_up(admin)
    old_keys = keyslot_path(db_path).read_bytes()
    old_key = key_from(old_keys, "ivy", ivy_password)
    users.revoke_user(admin, "ivy")
    backups.back_up(admin)
    return old_keys, old_key, ivy_password


def _assert_ivy_opens_nothing(db_path: Path, old_key: bytearray, ivy_password: str) -> None:
    files = kept_files(db_path)
    assert not [f.name for f in files if any(mark in f.name for mark in _LEFTOVER_MARKS)]
    assert len([f for f in files if f.suffix == backups.BACKUP_SUFFIX]) >= 2
    for kept in files:
        if kept.suffix == backups.BACKUP_SUFFIX:
            assert not backup_opens(kept, old_key, "ivy", ivy_password), kept.name
        elif kept.name.endswith(".keys"):
            assert keyslots.read_slot_file(kept).find("ivy") is None
        else:
            assert not opens(kept, old_key), kept.name


def _assert_everyone_else_opens_everything(db_path: Path, tmp_path: Path) -> None:
    current = keyslots.read_slot_file(keyslot_path(db_path)).database_key_id
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert ws.warnings == ()
        assert backups.verify(ws).ok
    finally:
        ws.close()
    for number, kept in enumerate(backups.kept_backups(db_path)):
        manifest, _keys = backup_file.check_backup(kept)
        assert manifest.database_key_id == current, kept.name
        restored = tmp_path / f"restored-{number}" / "marac.db"
        backups.restore(kept, restored)
        ws = access.unlock(restored, ADMIN, ADMIN_PASSWORD)
        try:
            assert backups.verify(ws).ok, (kept.name, backups.verify(ws).problems)
            assert "ivy" not in {u.username for u in users.list_users(ws) if u.active}
        finally:
            ws.close()


def test_before_rekey_the_old_slot_still_opens_everything(admin: Workspace, db_path: Path) -> None:
    """The threat is real: this is what 'user revoke' alone leaves, and why rekey exists."""
    _, old_key, ivy_password = _revoked_ivy(admin, db_path)
    assert opens(db_path, old_key)
    assert all(backup_opens(b, old_key, "ivy", ivy_password) for b in backups.kept_backups(db_path))


def test_after_rekey_the_old_slot_opens_no_kept_file(
    admin: Workspace, db_path: Path, tmp_path: Path
) -> None:
    _, old_key, ivy_password = _revoked_ivy(admin, db_path)
    result = users.rekey(admin)
    assert len(result.reencrypted) == 2 and result.left_as_they_were == ()
    admin.close()
    _assert_ivy_opens_nothing(db_path, old_key, ivy_password)
    _assert_everyone_else_opens_everything(db_path, tmp_path)


def test_a_backup_under_an_older_key_is_named_not_hidden(admin: Workspace, db_path: Path) -> None:
    """A backup this rekey cannot reach (made under an earlier key) is listed as such."""
    backups.back_up(admin)
    stray = backups.kept_backups(db_path)[0]
    copy = stray.with_name("old.db")
    with copy.open("wb") as handle:
        manifest, key_bytes = backup_file.copy_database(stray, handle)
    older = backups.backup_dir(db_path) / f"older{backups.BACKUP_SUFFIX}"
    backup_file.write_backup(older, copy, key_bytes, "0", manifest.schema_revision, "another-key")
    copy.unlink()
    result = users.rekey(admin)
    assert result.left_as_they_were == (older.name,)
    assert stray.name in result.reencrypted


_REKEY_STEPS = [
    ("marac_desktop.services.backups:write_safety_copy", "after", 1),
    ("marac_desktop.services.backups:_rekeyed_backup", "after", 1),
    ("marac_desktop.storage.keyslots:write_slot_file", "after", 1),
    ("marac_desktop.storage.database:EncryptedDatabase.rekey", "after", 1),
    ("marac_desktop.services.backups:finish_interrupted_rekey", "before", 1),
    ("marac_desktop.storage.backup_file:check_backup", "before", 4),
    ("marac_desktop.services.workspace:Workspace.audit", "before", 1),
]


@pytest.mark.parametrize(("target", "when", "nth"), _REKEY_STEPS)
def test_a_rekey_killed_at_any_step_leaves_nothing_the_old_slot_opens(
    admin: Workspace, db_path: Path, tmp_path: Path, target: str, when: str, nth: int
) -> None:
    _, old_key, ivy_password = _revoked_ivy(admin, db_path)
    admin.close()
    assert run_killed(db_path, ADMIN, "rekey", target, when, nth, [ADMIN_PASSWORD])
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)  # finishes or rolls back
    try:
        assert ws.warnings == ()
        rekeyed = keyslots.database_key_id(ws.database.key) != keyslots.database_key_id(old_key)
        if not rekeyed:  # rolled back: nothing was promised yet; the admin runs it again
            users.rekey(ws)
    finally:
        ws.close()
    _assert_ivy_opens_nothing(db_path, old_key, ivy_password)
    _assert_everyone_else_opens_everything(db_path, tmp_path)
