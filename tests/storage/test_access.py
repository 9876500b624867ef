"""Creating, unlocking, accounts, roles and rekey, on real SQLCipher files."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.progress import Progress, Step
from marac_desktop.domain.users import Role
from marac_desktop.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    DatabaseNotFoundError,
    InvalidInputError,
    PermissionDeniedError,
    WrongPasswordError,
)
from marac_desktop.paths import backup_dir, keyslot_path, pending_keyslot_path
from marac_desktop.services import access, audit, backups, settings, unlock_failures, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import keyslots, migrate
from marac_desktop.storage.database import EncryptedDatabase
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user


def _actions(ws: Workspace) -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.outcome) for e in reversed(audit.recent_entries(ws))]


def test_create_refuses_weak_password_and_existing_file(tmp_path: Path, db_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        access.create_database(tmp_path / "new.db", "admin", "short", kdf=TEST_KDF)
    with pytest.raises(DatabaseExistsError):
        access.create_database(db_path, "admin", ADMIN_PASSWORD, kdf=TEST_KDF)
    assert not (tmp_path / "new.db").exists()


def test_files_are_owner_only(db_path: Path) -> None:
    assert db_path.stat().st_mode & 0o077 == 0
    assert keyslot_path(db_path).stat().st_mode & 0o077 == 0


def test_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(DatabaseNotFoundError) as raised:
        access.unlock(missing, ADMIN, ADMIN_PASSWORD)
    assert str(raised.value) == (
        f"There is no database at {missing}; check the path or create one with 'init'."
    )


def test_wrong_password_is_audited_at_next_unlock(db_path: Path) -> None:
    with pytest.raises(WrongPasswordError) as caught:
        access.unlock(db_path, ADMIN, "not the password")
    assert (
        str(caught.value) == "The user name or password is not correct; check them and try again."
    )
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, "nobody", ADMIN_PASSWORD)
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        failed = [a for a in _actions(ws) if a[1] == AuditAction.FAILED_UNLOCK]
        assert failed == [
            ("admin", "failed_unlock", "failed"),
            ("unknown", "failed_unlock", "failed"),
        ]
        assert unlock_failures.to_audit(db_path) == []  # each failure is audited once
        assert [a.account for a in unlock_failures.load(db_path)] == ["unknown"]
    finally:
        ws.close()


def test_repeated_failures_add_a_growing_delay(db_path: Path) -> None:
    assert [unlock_failures.delay_after(n) for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 32, 60]
    for _ in range(3):
        with pytest.raises(WrongPasswordError):
            access.unlock(db_path, ADMIN, "not the password")
    assert unlock_failures.seconds_to_wait(db_path, ADMIN) > 0
    with pytest.raises(WrongPasswordError, match="for the account admin: wait"):
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD)  # even the right password waits
    later = datetime.now(UTC) + timedelta(seconds=3)
    assert unlock_failures.seconds_to_wait(db_path, ADMIN, now=later) == 0


def test_revoked_user_cannot_unlock(admin: Workspace, db_path: Path) -> None:
    password = add_user(admin, "ivy", Role.IDVA)
    access.unlock(db_path, "ivy", password).close()
    users.revoke_user(admin, "ivy")
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, "ivy", password)
    assert keyslots.read_slot_file(keyslot_path(db_path)).find("ivy") is None


def test_password_change_affects_only_that_user(admin: Workspace, db_path: Path) -> None:
    ivy_password = add_user(admin, "ivy", Role.IDVA)
    users.change_own_password(admin, ADMIN_PASSWORD, "a brand new lantern phrase")
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    access.unlock(db_path, ADMIN, "a brand new lantern phrase").close()
    access.unlock(db_path, "ivy", ivy_password).close()
    with pytest.raises(WrongPasswordError):
        users.change_own_password(admin, "wrong current password", "another new phrase x")


def test_recovery_code_unlocks_and_resets_admin(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    code = access.create_database(path, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
    recovery = access.unlock_with_recovery(path, code.lower())
    assert recovery.is_recovery
    with pytest.raises(PermissionDeniedError):
        backups.back_up(recovery)
    users.reset_password(recovery, ADMIN, "forgotten and now replaced")
    recovery.lock()
    ws = access.unlock(path, ADMIN, "forgotten and now replaced")
    try:
        assert ("recovery-code", "recovery_unlock", "ok") in _actions(ws)
        assert ("recovery-code", "password_reset", "ok") in _actions(ws)
    finally:
        ws.close()
    with pytest.raises(WrongPasswordError):
        access.unlock_with_recovery(path, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")


def test_lock_zeroes_key_and_drops_engine(admin: Workspace) -> None:
    key = admin.database.key
    admin.lock()
    assert admin.closed
    assert key == bytearray(32)


def test_admin_cannot_revoke_self_or_duplicate(admin: Workspace) -> None:
    with pytest.raises(InvalidInputError):
        users.revoke_user(admin, ADMIN)
    add_user(admin, "ivy", Role.IDVA)
    with pytest.raises(InvalidInputError):
        add_user(admin, "ivy", Role.IDVA)


@pytest.mark.parametrize("role", [Role.IDVA, Role.COORDINATOR, Role.SAFEGUARDING_LEAD])
def test_each_role_is_refused_admin_work(admin: Workspace, db_path: Path, role: Role) -> None:
    password = add_user(admin, "someone", role)
    add_user(admin, "other", Role.IDVA)
    ws = access.unlock(db_path, "someone", password)
    refused = [
        lambda: users.list_users(ws),
        lambda: users.add_user(ws, "third", Role.ADMIN, "a long enough phrase"),
        lambda: users.reset_password(ws, "other", "a long enough phrase"),
        lambda: users.revoke_user(ws, "other"),
        lambda: users.rekey(ws),
        lambda: backups.back_up(ws),
        lambda: backups.verify(ws),
        lambda: settings.set_idle_lock_minutes(ws, 10),
    ]
    if role is not Role.SAFEGUARDING_LEAD:
        refused.append(lambda: audit.recent_entries(ws))
    for attempt in refused:
        with pytest.raises(PermissionDeniedError):
            attempt()
    ws.close()
    denied = [a for a in _actions(admin) if a[1] == "permission_denied"]
    assert len(denied) == len(refused)
    assert all(actor == "someone" for actor, _, _ in denied)


def test_settings_persist_and_are_validated(admin: Workspace, db_path: Path) -> None:
    assert settings.load(admin).idle_lock_minutes == 5
    settings.set_idle_lock_minutes(admin, 12)
    with pytest.raises(InvalidInputError):
        settings.set_idle_lock_minutes(admin, 0)
    admin.close()
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    assert settings.load(ws).idle_lock_minutes == 12
    ws.close()


def test_rekey_keeps_every_remaining_user(admin: Workspace, db_path: Path) -> None:
    ivy = add_user(admin, "ivy", Role.IDVA)
    old_id = keyslots.read_slot_file(keyslot_path(db_path)).database_key_id
    users.rekey(admin)
    assert keyslots.read_slot_file(keyslot_path(db_path)).database_key_id != old_id
    assert backups.verify(admin).ok
    admin.close()
    access.unlock(db_path, "ivy", ivy).close()
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()


def test_a_rekey_empties_the_wal_before_it_closes_its_connections(
    admin: Workspace, db_path: Path
) -> None:
    """The rekey writes every page into the WAL. Closing a connection copies the WAL back while
    holding the interpreter lock, so the window would wait: the rekey copies it back first."""
    wal = db_path.with_name(db_path.name + "-wal")
    wal_at_close: list[int] = []

    def closing(*_: object) -> None:
        wal_at_close.append(wal.stat().st_size if wal.exists() else 0)

    pool = admin.file.engine.pool  # the one the rekey disposes of
    event.listen(pool, "close", closing)
    users.rekey(admin)
    event.remove(pool, "close", closing)
    assert wal_at_close, "the rekey closed no connection"
    assert max(wal_at_close) == 0


def _start_rekey(admin: Workspace, db_path: Path, crash_before_promote: bool) -> None:
    """Run a rekey that 'crashes' before the rekey itself, or before promoting the slots."""
    slots = keyslots.read_slot_file(keyslot_path(db_path))
    new_key = keyslots.new_database_key()
    pending = keyslots.KeySlotFile(
        keyslots.database_key_id(new_key),
        tuple(keyslots.reseal_slot(s, new_key) for s in slots.slots if s.name != "gone"),
    )
    keyslots.write_slot_file(pending_keyslot_path(db_path), pending)
    if crash_before_promote:
        admin.database.rekey(new_key)
    admin.close()


@pytest.mark.parametrize("rekeyed", [False, True])
def test_interrupted_rekey_is_resolved_at_next_unlock(
    admin: Workspace, db_path: Path, rekeyed: bool
) -> None:
    ivy = add_user(admin, "ivy", Role.IDVA)
    _start_rekey(admin, db_path, crash_before_promote=rekeyed)
    ws = access.unlock(db_path, "ivy", ivy)
    ws.close()
    assert not pending_keyslot_path(db_path).exists()
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert backups.verify(ws).ok
        details = [e.detail for e in audit.recent_entries(ws) if e.action == "unlock"]
        expected = (
            "completed an interrupted rekey" if rekeyed else "rolled back an interrupted rekey"
        )
        assert expected in details
    finally:
        ws.close()


def test_slot_file_from_another_database_is_refused(tmp_path: Path, db_path: Path) -> None:
    other = tmp_path / "other.db"
    access.create_database(other, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
    keyslot_path(db_path).write_bytes(keyslot_path(other).read_bytes())
    with pytest.raises(CorruptDatabaseError) as raised:
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    assert str(raised.value) == (
        "The key-slot file does not belong to this database; restore both from a backup."
    )


def test_a_user_name_is_refused_with_what_a_name_may_hold() -> None:
    for name in ("X", "a", "9lives", "ivy khan"):
        with pytest.raises(InvalidInputError) as raised:
            access.validate_username(name)
        assert str(raised.value) == (
            "User names are 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter."
        )
    access.validate_username("ivy.khan")


def test_a_new_password_may_not_hold_the_user_name() -> None:
    with pytest.raises(InvalidInputError) as raised:
        access.validate_new_password("quiet Ivy.Khan lantern phrase", "ivy.khan")
    assert str(raised.value) == "The password must not contain the user name."
    access.validate_new_password("quiet lantern test phrase", "ivy.khan")


def test_an_upgrade_at_unlock_audits_the_schema_it_came_from_and_went_to(tmp_path: Path) -> None:
    copy = tmp_path / "schema_0005"
    shutil.copytree(Path(__file__).with_name("fixtures") / "schema_0005", copy)
    ws = access.unlock(copy / "marac.db", "admin", "fixture lantern phrase")
    try:
        details = [e.detail for e in audit.recent_entries(ws) if e.action == AuditAction.MIGRATE]
    finally:
        ws.close()
    came_from, went_to = details[0].removeprefix("schema ").split(" -> ")  # the newest
    assert went_to == migrate.head_revision() and came_from not in ("", went_to, "None")


def test_a_database_with_no_marac_tables_is_left_untouched(db_path: Path) -> None:
    slots = keyslots.read_slot_file(keyslot_path(db_path))
    slot = slots.find(ADMIN)
    assert slot is not None
    opened = keyslots.open_slot_fully(slot, ADMIN_PASSWORD, slots.database_key_id)
    database = EncryptedDatabase(db_path, opened.database_key)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).scalars()
        for name in list(names):
            connection.exec_driver_sql(f'DROP TABLE "{name}"')
    database.close()
    with pytest.raises(CorruptDatabaseError) as raised:
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    assert str(raised.value) == (
        "marac.db holds no MARAC tables, so it was left untouched; restore it from the most "
        "recent backup."
    )


def test_create_refuses_a_password_holding_the_name_and_either_half_of_a_database(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "fresh.db"
    with pytest.raises(InvalidInputError) as raised:
        access.create_database(fresh, "ivy.khan", "quiet Ivy.Khan lantern phrase", kdf=TEST_KDF)
    assert str(raised.value) == "The password must not contain the user name."
    assert not fresh.exists() and not keyslot_path(fresh).exists()

    only_database = tmp_path / "only.db"
    only_database.write_bytes(b"earlier work")
    only_slots = tmp_path / "slots.db"
    keyslot_path(only_slots).write_bytes(b"earlier keys")
    for path in (only_database, only_slots):
        with pytest.raises(DatabaseExistsError) as exists:
            access.create_database(path, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
        assert str(exists.value) == f"{path.name} already exists; choose a new file name."
    assert only_database.read_bytes() == b"earlier work"
    assert not keyslot_path(only_database).exists()
    assert keyslot_path(only_slots).read_bytes() == b"earlier keys"
    assert not only_slots.exists()


@pytest.mark.parametrize(("given", "shown"), [(None, ADMIN), ("Ada Admin", "Ada Admin")])
def test_a_new_database_audits_its_creation_and_its_first_administrator(
    tmp_path: Path, given: str | None, shown: str
) -> None:
    path = tmp_path / "plain.db"
    if given is None:
        access.create_database(path, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
    else:
        access.create_database(path, ADMIN, ADMIN_PASSWORD, display_name=given, kdf=TEST_KDF)
    slot = keyslots.read_slot_file(keyslot_path(path)).find(ADMIN)
    assert slot is not None and slot.witness is not None
    seen = datetime.fromisoformat(slot.witness.at)  # the head it saw, stamped in UTC
    assert seen.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - seen) < timedelta(minutes=5)
    workspace = access.unlock(path, ADMIN, ADMIN_PASSWORD)
    try:
        assert [(u.username, u.display_name) for u in users.list_users(workspace)] == [
            (ADMIN, shown)
        ]
        rows = [
            (e.actor, e.action, e.target_type, e.target_id, e.detail)
            for e in reversed(audit.recent_entries(workspace))
            if e.action != AuditAction.SIGNING_KEY
        ]
        assert rows == [
            (ADMIN, AuditAction.CREATE_DATABASE, "database", "", ""),
            (ADMIN, AuditAction.USER_ADDED, "user", "1", "admin"),
            (ADMIN, AuditAction.UNLOCK, "database", "", ""),
        ]
    finally:
        workspace.close()


def test_a_creation_that_fails_at_its_last_step_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, slots: object) -> None:
        raise OSError("no space left on the device")

    monkeypatch.setattr(keyslots, "write_slot_file", disk_full)
    path = tmp_path / "half.db"
    with pytest.raises(OSError, match="no space"):
        access.create_database(path, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
    assert sorted(tmp_path.iterdir()) == []


def test_a_guess_at_a_name_with_no_key_slot_counts_against_the_unknown_account(
    db_path: Path,
) -> None:
    with pytest.raises(WrongPasswordError) as raised:
        access.unlock(db_path, "nobody", ADMIN_PASSWORD)
    assert str(raised.value) == (
        "The user name or password is not correct; check them and try again."
    )
    assert [a.account for a in unlock_failures.load(db_path)] == [unlock_failures.UNKNOWN_ACCOUNT]


def test_an_upgrade_at_unlock_saves_a_backup_first_and_runs_to_its_end(tmp_path: Path) -> None:
    copy = tmp_path / "schema_0005"
    shutil.copytree(Path(__file__).with_name("fixtures") / "schema_0005", copy)
    path = copy / "marac.db"
    steps: list[Step] = []

    def hear(step: Step) -> None:
        steps.append(step)
        progress.cancel()  # asked to stop once the upgrade has begun: not honoured

    progress = Progress(hear)
    ws = access.unlock(path, "admin", "fixture lantern phrase", progress=progress)
    try:
        rows = [
            (e.actor, e.action, e.target_type, e.detail, e.outcome)
            for e in audit.recent_entries(ws)
            if e.action == AuditAction.MIGRATE
        ]
        assert backups.verify(ws).ok  # the upgrade's row is signed like every other
    finally:
        ws.close()
    assert steps[:2] == [
        Step(0, 0, access.UPGRADING, stoppable=False),
        Step(0, 0, "Saving a backup first", stoppable=False),
    ]
    assert len(steps) > 2  # the upgrade's own steps are heard too
    head = migrate.head_revision()
    assert rows[0] == ("admin", AuditAction.MIGRATE, "database", f"schema 0005 -> {head}", "ok")
    saved = [p.name for p in backup_dir(path).iterdir()]
    assert len(saved) == 1 and saved[0].startswith("marac-before-upgrade-from-0005-")


def test_a_check_before_writes_is_given_the_database_and_may_refuse_it(db_path: Path) -> None:
    handed: list[EncryptedDatabase] = []

    def refuse(database: EncryptedDatabase) -> None:
        handed.append(database)
        raise CorruptDatabaseError("refused by the check")

    with pytest.raises(CorruptDatabaseError, match="refused by the check"):
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD, before_writes=refuse)
    assert [d.path for d in handed] == [db_path]
    assert handed[0].key == bytearray(32)  # closed again
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD, before_writes=handed.append)
    try:
        assert handed[1].path == db_path and handed[1] is ws.database
        unlocks = [a for a in _actions(ws) if a[1] == AuditAction.UNLOCK]
        assert unlocks == [(ADMIN, AuditAction.UNLOCK, "ok")]  # the refused one wrote nothing
    finally:
        ws.close()


def test_a_failed_unlock_is_audited_against_its_account_at_the_time_it_was_made(
    db_path: Path,
) -> None:
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, ADMIN, "not the password")
    guessed = datetime.now(UTC)
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        entries = list(reversed(audit.recent_entries(ws)))
    finally:
        ws.close()
    failed = [e for e in entries if e.action == AuditAction.FAILED_UNLOCK]
    assert [(e.actor, e.target_type, e.target_id, e.outcome) for e in failed] == [
        (ADMIN, "account", ADMIN, "failed")
    ]
    at = datetime.fromisoformat(failed[0].at)
    assert guessed - timedelta(minutes=1) < at <= guessed + timedelta(seconds=1)


def test_each_unlock_leaves_its_own_row_as_the_head_its_account_has_seen(db_path: Path) -> None:
    for _ in range(2):
        ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
        try:
            last = audit.recent_entries(ws)[0]
            assert ws.seen is not None and ws.seen.row_id == last.id and not ws.warnings
        finally:
            ws.close()
        slot = keyslots.read_slot_file(keyslot_path(db_path)).find(ADMIN)
        assert slot is not None and slot.witness is not None
        assert (last.action, slot.witness.row_id) == (AuditAction.UNLOCK, last.id)


def test_an_upgrade_at_a_recovery_unlock_reports_its_steps_too(tmp_path: Path) -> None:
    copy = tmp_path / "schema_0005"
    shutil.copytree(Path(__file__).with_name("fixtures") / "schema_0005", copy)
    path = copy / "marac.db"
    slots = keyslots.read_slot_file(keyslot_path(path))
    admin_slot = slots.find("admin")
    assert admin_slot is not None
    key = keyslots.open_slot_fully(
        admin_slot, "fixture lantern phrase", slots.database_key_id
    ).database_key
    code = keyslots.new_recovery_code()  # the fixture's own code is not kept: give it one
    recovery = keyslots.create_slot(
        keyslots.RECOVERY_SLOT,
        keyslots.normalise_recovery_code(code),
        key,
        admin_slot.kdf,
        kind="recovery",
    )
    keyslots.write_slot_file(keyslot_path(path), slots.with_slot(recovery))
    steps: list[Step] = []
    ws = access.unlock_with_recovery(path, code, progress=Progress(steps.append))
    try:
        assert ws.is_recovery
    finally:
        ws.close()
    assert [s.text for s in steps[:2]] == [access.UPGRADING, "Saving a backup first"]
