from __future__ import annotations

from marac_desktop.domain.permissions import ROLE_PERMISSIONS, Permission, allows
from marac_desktop.domain.users import Role


def test_admin_may_do_everything() -> None:
    """Everything but the IDVA's view of their own cases' perpetrators: an administrator sees
    the whole register instead."""
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission) - {
        Permission.VIEW_OWN_PERPETRATORS
    }
    assert allows(Role.ADMIN, Permission.VIEW_PERPETRATORS)


def test_only_an_idva_sees_perpetrators_through_their_own_cases() -> None:
    for role in Role:
        assert allows(role, Permission.VIEW_OWN_PERPETRATORS) is (role is Role.IDVA), role
        assert allows(role, Permission.VIEW_PERPETRATORS) is (role is not Role.IDVA), role


def test_only_admin_manages_accounts_keys_backups_and_settings() -> None:
    admin_only = {
        Permission.MANAGE_USERS,
        Permission.REKEY_DATABASE,
        Permission.BACK_UP,
        Permission.VERIFY_DATABASE,
        Permission.EDIT_SETTINGS,
    }
    for role in (Role.IDVA, Role.COORDINATOR, Role.SAFEGUARDING_LEAD):
        assert not any(allows(role, p) for p in admin_only), role


def test_casework_split() -> None:
    assert allows(Role.IDVA, Permission.RECORD_ASSESSMENTS)
    assert not allows(Role.IDVA, Permission.MANAGE_MEETINGS)
    assert allows(Role.COORDINATOR, Permission.MANAGE_MEETINGS)
    assert allows(Role.SAFEGUARDING_LEAD, Permission.REVIEW_FLAGS)
    assert not allows(Role.COORDINATOR, Permission.REVIEW_FLAGS)
