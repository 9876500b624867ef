from __future__ import annotations

from marac_desktop.domain.permissions import ROLE_PERMISSIONS, Permission, allows
from marac_desktop.domain.users import Role


def test_admin_may_do_everything() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)


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
