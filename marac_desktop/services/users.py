"""Staff accounts: add, list, rename, change or reset a password, change a role, revoke; and
rekeying the database. On a partnership server an account is a login role, changed through the
server's administrator-only functions, with its signing key kept wrapped under its password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import CancelledError, Progress, quiet
from marac_desktop.domain.users import Role, User
from marac_desktop.errors import InvalidInputError, PermissionDeniedError, WrongPasswordError
from marac_desktop.paths import keyslot_path, pending_keyslot_path
from marac_desktop.services import backups
from marac_desktop.services.access import validate_new_password, validate_username
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import (
    account_keys,
    audit_log,
    keyslots,
    server_accounts,
    users_repo,
)
from marac_desktop.storage.audit_log import AuditSigner, ChainHead
from marac_desktop.storage.keyslots import KeySlot, KeySlotFile


def _slots(workspace: Workspace) -> KeySlotFile:
    return keyslots.read_slot_file(keyslot_path(workspace.file_path))


def _save_slots(workspace: Workspace, slots: KeySlotFile) -> None:
    keyslots.write_slot_file(keyslot_path(workspace.file_path), slots)


@requires(Permission.MANAGE_USERS)
def list_users(workspace: Workspace) -> list[User]:
    with workspace.transaction() as session:
        return users_repo.all_users(session)


@requires(Permission.MANAGE_USERS)
def add_user(
    workspace: Workspace, username: str, role: Role, password: str, display_name: str = ""
) -> User:
    """Create an account and its key slot.

    The slot file is written inside the transaction, just before it commits: a crash between
    the two leaves a slot with no account, which the next unlock removes (slot_repair).
    """
    validate_username(username)
    validate_new_password(password, username)
    if workspace.on_server:
        return _server_add_user(workspace, username, role, password, display_name or username)
    slot = keyslots.create_slot(username, password, workspace.file.key, workspace.kdf)
    with workspace.transaction() as session:
        existing = users_repo.find(session, username)  # takes the write lock
        slots = _slots(workspace)
        if existing is not None or slots.find(username):
            raise InvalidInputError(f"There is already an account called {username}.")
        user = users_repo.add(session, username, display_name or username, role)
        workspace.record(session, AuditAction.USER_ADDED, "user", str(user.id), detail=role.value)
        _register(workspace, session, username, slot)
        _save_slots(workspace, slots.with_slot(slot))
    return user


def _register(workspace: Workspace, session: Session, account: str, slot: KeySlot) -> ChainHead:
    return audit_log.register_key(
        session, workspace.signer, workspace.actor, account, slot.signing_public_key.hex()
    )


@requires(Anyone.ACCOUNT)
def change_own_password(workspace: Workspace, current: str, new: str) -> None:
    """Give the signed-in user a new slot (and signing key); no database page changes."""
    if workspace.user is None:
        raise PermissionDeniedError("Sign in as a user to change a password.")
    name = workspace.user.username
    if workspace.on_server:
        validate_new_password(new, name)
        _server_change_own_password(workspace, current, new)
        return
    slots = _slots(workspace)
    slot = slots.find(name)
    assert slot is not None
    keyslots.open_slot(slot, current, slots.database_key_id)
    validate_new_password(new, name)
    signing_key = Ed25519PrivateKey.generate()
    new_slot = keyslots.create_slot(
        name, new, workspace.file.key, workspace.kdf, signing_key=signing_key
    )
    with workspace.transaction() as session:
        workspace.record(session, AuditAction.PASSWORD_CHANGED, "user", str(workspace.user.id))
        head = _register(workspace, session, name, new_slot)
    new_signer = AuditSigner.of(signing_key)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    witnessed = keyslots.with_witness(new_slot, signing_key, head.row_id, head.row_hash, at)
    if workspace.seen is None and slot.witness is not None:  # problems stand: keep the old head
        old = slot.witness
        witnessed = keyslots.with_witness(new_slot, signing_key, old.row_id, old.row_hash, old.at)
    try:
        with workspace.database.write_lock():
            _save_slots(workspace, _slots(workspace).with_slot(witnessed))
    except BaseException:
        with workspace.transaction() as session:  # the old key signs on: register it again
            _register(workspace, session, name, slot)
        raise
    workspace.signer = new_signer
    workspace.seen = head if workspace.seen is not None else None


@requires(Permission.MANAGE_USERS)
def reset_password(workspace: Workspace, username: str, new_password: str) -> None:
    """An administrator (or the recovery code) sets a new password for an active account.

    The audit row and the new signing key's registration commit first; the slot is written
    after, under the write lock. A crash between leaves the old password working, and the
    owner's next unlock says the reset did not reach the slot (slot_repair.repair_own_key).
    """
    validate_new_password(new_password, username)
    if workspace.on_server:
        _server_reset_password(workspace, username, new_password)
        return
    signing_key = Ed25519PrivateKey.generate()
    slot = keyslots.create_slot(
        username, new_password, workspace.file.key, workspace.kdf, signing_key=signing_key
    )
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        workspace.record(session, AuditAction.PASSWORD_RESET, "user", str(user.id))
        _register(workspace, session, username, slot)
    with workspace.database.write_lock():
        _save_slots(workspace, _slots(workspace).with_slot(slot))
    if workspace.slot_name == username:  # an administrator reset their own password
        workspace.signer = AuditSigner.of(signing_key)
        workspace.seen = None


@requires(Permission.MANAGE_USERS)
def revoke_user(workspace: Workspace, username: str) -> None:
    """Delete the account's key slot and mark it revoked. Offer ``rekey`` afterwards.

    The slot goes inside the transaction, just before it commits: a crash between the two
    leaves an active account with no slot, which the next unlock marks revoked.
    """
    if workspace.user is not None and workspace.user.username == username:
        raise InvalidInputError("You cannot revoke your own account; ask another administrator.")
    if workspace.on_server:
        _server_revoke_user(workspace, username)
        return
    with workspace.transaction() as session:
        user = users_repo.find(session, username)  # takes the write lock
        slots = _slots(workspace)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        if user.role is Role.ADMIN and users_repo.count_active_admins(session) <= 1:
            raise InvalidInputError("The last administrator cannot be revoked.")
        users_repo.revoke(session, username)
        workspace.record(session, AuditAction.USER_REVOKED, "user", str(user.id))
        _save_slots(workspace, slots.without(username))


DISPLAY_NAME_LENGTH = 100
"""As long as ``users.display_name`` holds."""
ROLE_TAKES_EFFECT = (
    "If they are signed in now, the new role applies from their next sign-in at the latest."
)
LAST_ADMIN = (
    "This is the last active administrator, so it keeps that role; make another account an "
    "administrator first."
)


def _checked_display_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not name:
        raise InvalidInputError("Type the name to show for this account.")
    if len(name) > DISPLAY_NAME_LENGTH:
        raise InvalidInputError(
            f"A display name is at most {DISPLAY_NAME_LENGTH} characters; shorten it."
        )
    return name


@requires(Permission.MANAGE_USERS)
def rename_user(workspace: Workspace, username: str, display_name: str) -> User:
    """Give an active account another display name (the name its edits are signed with; the
    user name it signs in with stays)."""
    name = _checked_display_name(display_name)
    with workspace.transaction() as session:
        user = users_repo.find(session, username)  # takes the write lock
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        if user.display_name == name:
            return user
        if workspace.on_server:
            server_accounts.rename(session, username, name)
        else:
            users_repo.set_display_name(session, username, name)
        workspace.record(
            session, AuditAction.USER_RENAMED, "user", str(user.id), detail="display name"
        )
        changed = users_repo.find(session, username)
    assert changed is not None
    if workspace.user is not None and workspace.user.username == username:
        workspace.user = changed  # an administrator renamed themselves: sign edits so now
    return changed


@requires(Permission.MANAGE_USERS)
def change_role(workspace: Workspace, username: str, role: Role) -> User:
    """Give an active account another role: on a server its login moves to the new role's
    group in the same transaction, so the server refuses the old role's work from then on.
    A session already open keeps its role in the window until it signs in again."""
    if workspace.user is not None and workspace.user.username == username:
        raise InvalidInputError("You cannot change your own role; ask another administrator.")
    with workspace.transaction() as session:
        user = users_repo.find(session, username)  # takes the write lock
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        if user.role is role:
            return user
        if user.role is Role.ADMIN and users_repo.count_active_admins(session) <= 1:
            raise InvalidInputError(LAST_ADMIN)
        if workspace.on_server:
            server_accounts.change_role(session, username, role)
        else:
            users_repo.set_role(session, username, role)
        workspace.record(
            session,
            AuditAction.ROLE_CHANGED,
            "user",
            str(user.id),
            detail=f"{user.role.value} -> {role.value}",
        )
        changed = users_repo.find(session, username)
    assert changed is not None
    return changed


# ----- on a partnership server: accounts are login roles -------------------------------


def _give_server_key(
    workspace: Workspace, session: Session, username: str, password: str
) -> AuditSigner:
    """A new signing key for ``username``, wrapped under ``password`` and registered in the
    audit log by the signed-in account."""
    signer = AuditSigner.of(Ed25519PrivateKey.generate())
    wrapped = account_keys.wrap(username, password, workspace.kdf, signer.key)
    account_keys.store(session, username, wrapped)
    audit_log.register_key(session, workspace.signer, workspace.actor, username, signer.public_hex)
    return signer


def _server_add_user(
    workspace: Workspace, username: str, role: Role, password: str, display_name: str
) -> User:
    with workspace.transaction() as session:
        server_accounts.add(session, username, display_name, role, password)
        user = users_repo.find(session, username)
        assert user is not None
        workspace.record(session, AuditAction.USER_ADDED, "user", str(user.id), detail=role.value)
        _give_server_key(workspace, session, username, password)
    return user


def _server_change_own_password(workspace: Workspace, current: str, new: str) -> None:
    assert workspace.user is not None
    name = workspace.user.username
    with workspace.transaction() as session:
        wrapped = account_keys.read(session, name)
    if wrapped is None or account_keys.unwrap(name, current, wrapped) is None:
        raise WrongPasswordError("The current password is not correct; check it and try again.")
    with workspace.transaction() as session:
        server_accounts.change_own_password(session, name, new)
        workspace.record(session, AuditAction.PASSWORD_CHANGED, "user", str(workspace.user.id))
        signer = _give_server_key(workspace, session, name, new)
    workspace.signer = signer


def _server_reset_password(workspace: Workspace, username: str, new_password: str) -> None:
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        server_accounts.set_password(session, username, new_password)
        workspace.record(session, AuditAction.PASSWORD_RESET, "user", str(user.id))
        signer = _give_server_key(workspace, session, username, new_password)
    if workspace.actor == username:
        workspace.signer = signer


def _server_revoke_user(workspace: Workspace, username: str) -> None:
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        if user.role is Role.ADMIN and users_repo.count_active_admins(session) <= 1:
            raise InvalidInputError("The last administrator cannot be revoked.")
        server_accounts.revoke(session, username)
        workspace.record(session, AuditAction.USER_REVOKED, "user", str(user.id))


REVOKE_ADVICE = (
    "The account can no longer sign in. Until the database is re-encrypted ('rekey'), a copy "
    "of its old key slot, if anyone kept one, still opens this database and every backup in "
    "the backups folder; after the rekey it opens none of them."
)
REKEY_PROTECTS = (
    "The database, its key slots and every re-encrypted backup in the backups folder now open "
    "only with the current accounts' passwords and the recovery code."
)
REKEY_DOES_NOT_REACH = (
    "A copy someone took before the rekey (of the database, a backup or the key-slot file) is "
    "out of reach: it still opens with the passwords it held."
)


@dataclass(frozen=True, slots=True)
class RekeyResult:
    reencrypted: tuple[str, ...]
    """Backups in the backups folder now under the new key and the current slots."""
    left_as_they_were: tuple[str, ...]
    """Backups made under an older key (or unreadable): this rekey could not reach them."""

    def summary(self) -> str:
        """What is and is not protected now, in plain sentences."""
        done = f"The database and {len(self.reencrypted)} backup(s) were re-encrypted. "
        left = (
            f"{len(self.left_as_they_were)} backup(s) made under an older key were left as they "
            f"were ({', '.join(self.left_as_they_were)}); delete them if a revoked account "
            "could have kept that key. "
            if self.left_as_they_were
            else ""
        )
        return f"{done}{REKEY_PROTECTS} {left}{REKEY_DOES_NOT_REACH}"


@requires(Permission.REKEY_DATABASE)
def rekey(workspace: Workspace, progress: Progress | None = None) -> RekeyResult:
    """Re-encrypt the database and every kept backup under a new random key; reseal the slots.

    Crash-safe order: (1) the pre-rekey safety copy, already under the new key and slots;
    (2) each kept backup re-encrypted beside itself (``*.rekeyed``); (3) the new slots as a
    pending file; (4) the rekey itself (one SQLCipher transaction); (5) the pending file
    promoted; (6) the re-encrypted backups put in place and the safety copy deleted. Unlocking
    after a crash at any point finishes or rolls back the change (access._open_database and
    backups.finish_interrupted_rekey). A copy someone took before the rekey is out of reach.
    Stopped during (1) or (2), the copies made so far are removed the way an interrupted
    rekey's are, and nothing else has changed; from (3) on it cannot be stopped.
    """
    progress = quiet(progress)
    slots = _slots(workspace)
    old_key = bytearray(workspace.file.key)
    new_key = keyslots.new_database_key()
    try:
        pending = KeySlotFile(
            keyslots.database_key_id(new_key),
            tuple(keyslots.reseal_slot(slot, new_key) for slot in slots.slots),
        )
        try:
            progress.step(0, 0, "Re-encrypting: a safety copy under the new key")
            backups.write_safety_copy(workspace.file, new_key, pending)
            prepared, left = backups.reencrypt_kept_backups(
                workspace.file_path, old_key, new_key, pending, progress
            )
            progress.stopping_disabled("Re-encrypting the database")
        except CancelledError:
            backups.finish_interrupted_rekey(workspace.file_path, keyslots.database_key_id(old_key))
            raise
        keyslots.write_slot_file(pending_keyslot_path(workspace.file_path), pending)
        workspace.file.rekey(new_key)
        pending_keyslot_path(workspace.file_path).replace(keyslot_path(workspace.file_path))
        backups.finish_interrupted_rekey(workspace.file_path, pending.database_key_id)
    finally:
        new_key[:] = bytes(len(new_key))
        old_key[:] = bytes(len(old_key))
    workspace.audit(
        AuditAction.REKEY,
        "database",
        detail=(
            f"{len(slots.slots)} slot(s) resealed; {len(prepared)} backup(s) re-encrypted; "
            f"{len(left)} left under an older key"
        ),
    )
    return RekeyResult(tuple(p.name for p in prepared), tuple(p.name for p in left))
