"""Staff accounts: add, list, change or reset a password, revoke; and rekeying the database."""

from __future__ import annotations

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.users import Role, User
from marac_desktop.errors import InvalidInputError
from marac_desktop.paths import keyslot_path, pending_keyslot_path
from marac_desktop.services import backups
from marac_desktop.services.access import validate_new_password, validate_username
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import keyslots, users_repo
from marac_desktop.storage.keyslots import KeySlotFile


def _slots(workspace: Workspace) -> KeySlotFile:
    return keyslots.read_slot_file(keyslot_path(workspace.path))


def _save_slots(workspace: Workspace, slots: KeySlotFile) -> None:
    keyslots.write_slot_file(keyslot_path(workspace.path), slots)


@requires(Permission.MANAGE_USERS)
def list_users(workspace: Workspace) -> list[User]:
    with workspace.transaction() as session:
        return users_repo.all_users(session)


@requires(Permission.MANAGE_USERS)
def add_user(
    workspace: Workspace, username: str, role: Role, password: str, display_name: str = ""
) -> User:
    """Create an account and its key slot. The slot is written only once the row commits."""
    validate_username(username)
    validate_new_password(password, username)
    slots = _slots(workspace)
    with workspace.transaction() as session:
        if users_repo.find(session, username) is not None or slots.find(username):
            raise InvalidInputError(f"There is already an account called {username}.")
        user = users_repo.add(session, username, display_name or username, role)
        workspace.record(session, AuditAction.USER_ADDED, "user", str(user.id), detail=role.value)
        slot = keyslots.create_slot(username, password, workspace.database.key, workspace.kdf)
        _save_slots(workspace, slots.with_slot(slot))
    return user


@requires(Anyone.ACCOUNT)
def change_own_password(workspace: Workspace, current: str, new: str) -> None:
    """Rewrap the signed-in user's slot; no other slot and no database page changes."""
    assert workspace.user is not None
    name = workspace.user.username
    slots = _slots(workspace)
    slot = slots.find(name)
    assert slot is not None
    keyslots.open_slot(slot, current, slots.database_key_id)
    validate_new_password(new, name)
    new_slot = keyslots.create_slot(name, new, workspace.database.key, workspace.kdf)
    with workspace.transaction() as session:
        workspace.record(session, AuditAction.PASSWORD_CHANGED, "user", str(workspace.user.id))
        _save_slots(workspace, slots.with_slot(new_slot))


@requires(Permission.MANAGE_USERS)
def reset_password(workspace: Workspace, username: str, new_password: str) -> None:
    """An administrator (or the recovery code) sets a new password for an active account."""
    validate_new_password(new_password, username)
    slots = _slots(workspace)
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        workspace.record(session, AuditAction.PASSWORD_RESET, "user", str(user.id))
        slot = keyslots.create_slot(username, new_password, workspace.database.key, workspace.kdf)
        _save_slots(workspace, slots.with_slot(slot))


@requires(Permission.MANAGE_USERS)
def revoke_user(workspace: Workspace, username: str) -> None:
    """Delete the account's key slot and mark it revoked. Offer ``rekey`` afterwards."""
    if workspace.user is not None and workspace.user.username == username:
        raise InvalidInputError("You cannot revoke your own account; ask another administrator.")
    slots = _slots(workspace)
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        if user.role is Role.ADMIN and users_repo.count_active_admins(session) <= 1:
            raise InvalidInputError("The last administrator cannot be revoked.")
        users_repo.revoke(session, username)
        workspace.record(session, AuditAction.USER_REVOKED, "user", str(user.id))
        _save_slots(workspace, slots.without(username))


@requires(Permission.REKEY_DATABASE)
def rekey(workspace: Workspace) -> None:
    """Re-encrypt the database under a new random key and reseal every remaining slot.

    Crash-safe order: back up; write the new slots as a pending file; rekey (one SQLCipher
    transaction); promote the pending file. Unlocking after a crash at any point finishes or
    rolls back the change (see access._open_database).
    """
    backups.write_backup_set(workspace.database, backups.default_backup_path(workspace.path))
    slots = _slots(workspace)
    new_key = keyslots.new_database_key()
    try:
        pending = KeySlotFile(
            keyslots.database_key_id(new_key),
            tuple(keyslots.reseal_slot(slot, new_key) for slot in slots.slots),
        )
        keyslots.write_slot_file(pending_keyslot_path(workspace.path), pending)
        workspace.database.rekey(new_key)
        pending_keyslot_path(workspace.path).replace(keyslot_path(workspace.path))
    finally:
        new_key[:] = bytes(len(new_key))
    workspace.audit(AuditAction.REKEY, "database", detail=f"{len(slots.slots)} slot(s) resealed")
