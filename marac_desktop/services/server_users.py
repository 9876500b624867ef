"""Account management on a partnership server: ``users`` hands its work here when the
workspace is a server's. Accounts are login roles, changed through the server's own
administrator-only functions; each account's signing key is kept wrapped under its password."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.users import Role, User
from marac_desktop.errors import InvalidInputError, WrongPasswordError
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import account_keys, audit_log, server_accounts, users_repo
from marac_desktop.storage.audit_log import AuditSigner


def _give_key(workspace: Workspace, session: Session, username: str, password: str) -> AuditSigner:
    """A new signing key for ``username``, wrapped under ``password`` and registered in the
    audit log by the signed-in account."""
    signer = AuditSigner.of(Ed25519PrivateKey.generate())
    wrapped = account_keys.wrap(username, password, workspace.kdf, signer.key)
    account_keys.store(session, username, wrapped)
    audit_log.register_key(session, workspace.signer, workspace.actor, username, signer.public_hex)
    return signer


def add_user(
    workspace: Workspace, username: str, role: Role, password: str, display_name: str
) -> User:
    with workspace.transaction() as session:
        server_accounts.add(session, username, display_name, role, password)
        user = users_repo.find(session, username)
        assert user is not None
        workspace.record(session, AuditAction.USER_ADDED, "user", str(user.id), detail=role.value)
        _give_key(workspace, session, username, password)
    return user


def change_own_password(workspace: Workspace, current: str, new: str) -> None:
    assert workspace.user is not None
    name = workspace.user.username
    with workspace.transaction() as session:
        wrapped = account_keys.read(session, name)
    if wrapped is None or account_keys.unwrap(name, current, wrapped) is None:
        raise WrongPasswordError("The current password is not correct; check it and try again.")
    with workspace.transaction() as session:
        server_accounts.change_own_password(session, name, new)
        workspace.record(session, AuditAction.PASSWORD_CHANGED, "user", str(workspace.user.id))
        signer = _give_key(workspace, session, name, new)
    workspace.signer = signer


def reset_password(workspace: Workspace, username: str, new_password: str) -> None:
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        server_accounts.set_password(session, username, new_password)
        workspace.record(session, AuditAction.PASSWORD_RESET, "user", str(user.id))
        signer = _give_key(workspace, session, username, new_password)
    if workspace.actor == username:
        workspace.signer = signer


def revoke_user(workspace: Workspace, username: str) -> None:
    with workspace.transaction() as session:
        user = users_repo.find(session, username)
        if user is None or not user.active:
            raise InvalidInputError(f"There is no active account called {username}.")
        if user.role is Role.ADMIN and users_repo.count_active_admins(session) <= 1:
            raise InvalidInputError("The last administrator cannot be revoked.")
        server_accounts.revoke(session, username)
        workspace.record(session, AuditAction.USER_REVOKED, "user", str(user.id))
