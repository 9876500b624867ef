"""An administrator renames an account and changes its role, on the file and on a server:
audited (who, which account, the old and new role), the last administrator kept, and the new
role in force from the account's next sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.users import Role, User
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import access, audit, meetings, users
from marac_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD, SignIn, add_user


def _latest(workspace: Workspace, action: AuditAction) -> list[tuple[str, str, str, str]]:
    return [
        (e.actor, e.target_type, e.target_id, e.detail)
        for e in audit.recent_entries(workspace, 20)
        if e.action == action.value
    ]


def _account(workspace: Workspace, username: str) -> User:
    (found,) = [u for u in users.list_users(workspace) if u.username == username]
    return found


@pytest.mark.both_engines
def test_a_rename_is_kept_and_audited_without_the_names(admin: Workspace) -> None:
    add_user(admin, "ivy", Role.IDVA)
    renamed = users.rename_user(admin, "ivy", "  Ivy   Testadviser ")
    assert renamed.display_name == "Ivy Testadviser"
    assert _account(admin, "ivy").display_name == "Ivy Testadviser"
    assert renamed.username == "ivy" and renamed.role is Role.IDVA
    assert _latest(admin, AuditAction.USER_RENAMED) == [
        (ADMIN, "user", str(renamed.id), "display name")
    ]


@pytest.mark.both_engines
def test_a_blank_or_overlong_name_is_refused_in_one_sentence(admin: Workspace) -> None:
    add_user(admin, "ivy", Role.IDVA)
    with pytest.raises(InvalidInputError, match=r"^Type the name to show for this account\.$"):
        users.rename_user(admin, "ivy", "   ")
    with pytest.raises(InvalidInputError, match="at most 100 characters"):
        users.rename_user(admin, "ivy", "A" * 101)
    with pytest.raises(InvalidInputError, match="no active account called nobody"):
        users.rename_user(admin, "nobody", "Someone")
    assert _account(admin, "ivy").display_name == "ivy"
    assert _latest(admin, AuditAction.USER_RENAMED) == []


@pytest.mark.both_engines
def test_an_administrator_renaming_themselves_signs_edits_with_the_new_name(
    admin: Workspace,
) -> None:
    users.rename_user(admin, ADMIN, "Alex Testadmin")
    assert admin.editor == "Alex Testadmin"


@pytest.mark.both_engines
def test_a_role_change_is_audited_with_the_old_and_new_role(
    admin: Workspace, sign_in: SignIn
) -> None:
    password = add_user(admin, "cora", Role.IDVA)
    changed = users.change_role(admin, "cora", Role.COORDINATOR)
    assert changed.role is Role.COORDINATOR
    assert _latest(admin, AuditAction.ROLE_CHANGED) == [
        (ADMIN, "user", str(changed.id), "idva -> coordinator")
    ]
    entries = audit.recent_entries(admin, 5)
    assert all(password not in e.detail for e in entries)
    cora = sign_in("cora", password)
    assert cora.user is not None and cora.user.role is Role.COORDINATOR


@pytest.mark.both_engines
def test_an_open_session_keeps_its_role_until_it_signs_in_again(
    admin: Workspace, sign_in: SignIn
) -> None:
    password = add_user(admin, "sam", Role.SAFEGUARDING_LEAD)
    sam = sign_in("sam", password)
    users.change_role(admin, "sam", Role.IDVA)
    assert sam.user is not None and sam.user.role is Role.SAFEGUARDING_LEAD  # until sign-in
    again = sign_in("sam", password)
    with pytest.raises(PermissionDeniedError):
        audit.recent_entries(again)


@pytest.mark.both_engines
def test_another_administrator_may_be_demoted_but_not_oneself(
    admin: Workspace, sign_in: SignIn
) -> None:
    add_user(admin, "second.admin", Role.ADMIN)
    with pytest.raises(InvalidInputError, match="own role"):
        users.change_role(admin, ADMIN, Role.IDVA)
    assert users.change_role(admin, "second.admin", Role.IDVA).role is Role.IDVA
    with pytest.raises(InvalidInputError, match="no active account"):
        users.change_role(admin, "nobody", Role.IDVA)


def test_the_last_active_administrator_keeps_the_role(tmp_path: Path) -> None:
    """Only the recovery code can reach the last administrator (an administrator may not
    change their own role); it is refused there too, in one sentence."""
    path = tmp_path / "marac.db"
    code = access.create_database(path, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
    ws = access.unlock(path, ADMIN, ADMIN_PASSWORD)
    add_user(ws, "former.admin", Role.ADMIN)
    users.revoke_user(ws, "former.admin")  # a revoked administrator does not count
    ws.close()
    recovery = access.unlock_with_recovery(path, code)
    try:
        with pytest.raises(InvalidInputError) as refused:
            users.change_role(recovery, ADMIN, Role.COORDINATOR)
        assert str(refused.value) == users.LAST_ADMIN
        assert _account(recovery, ADMIN).role is Role.ADMIN
    finally:
        recovery.close()


@pytest.mark.both_engines
def test_a_coordinator_changed_to_idva_can_no_longer_plan_meetings(
    admin: Workspace, sign_in: SignIn
) -> None:
    password = add_user(admin, "cora", Role.COORDINATOR)
    users.change_role(admin, "cora", Role.IDVA)
    cora = sign_in("cora", password)
    with pytest.raises(PermissionDeniedError):
        meetings.list_meetings(cora)
