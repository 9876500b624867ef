"""What each role may do. Services check these; the UI only mirrors them."""

from __future__ import annotations

from enum import StrEnum

from marac_desktop.domain.users import Role


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    REKEY_DATABASE = "rekey_database"
    BACK_UP = "back_up"
    VERIFY_DATABASE = "verify_database"
    VIEW_AUDIT_LOG = "view_audit_log"
    EDIT_SETTINGS = "edit_settings"
    VIEW_SETTINGS = "view_settings"
    RECORD_ASSESSMENTS = "record_assessments"
    MANAGE_CASES = "manage_cases"
    MANAGE_MEETINGS = "manage_meetings"
    REVIEW_FLAGS = "review_flags"
    VIEW_REPORTS = "view_reports"
    IMPORT_RECORDS = "import_records"
    GENERATE_DEMO_DATA = "generate_demo_data"
    VIEW_PERPETRATORS = "view_perpetrators"
    """The perpetrator register, the ranked list and profiles."""
    MANAGE_PERPETRATORS = "manage_perpetrators"
    """Nominations, partner referrals, interventions and actions about perpetrators."""
    VIEW_OWN_PERPETRATORS = "view_own_perpetrators"
    """The people causing harm in the cases the user is the IDVA on, and what those cases
    (and only those) hold on them."""


_CASEWORK = {Permission.VIEW_SETTINGS, Permission.RECORD_ASSESSMENTS, Permission.MANAGE_CASES}
_PERPETRATORS = {Permission.VIEW_PERPETRATORS, Permission.MANAGE_PERPETRATORS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.IDVA: frozenset(_CASEWORK | {Permission.VIEW_OWN_PERPETRATORS}),
    Role.COORDINATOR: frozenset(
        _CASEWORK | _PERPETRATORS | {Permission.MANAGE_MEETINGS, Permission.VIEW_REPORTS}
    ),
    Role.SAFEGUARDING_LEAD: frozenset(
        {
            Permission.VIEW_SETTINGS,
            Permission.MANAGE_CASES,
            Permission.REVIEW_FLAGS,
            Permission.VIEW_REPORTS,
            Permission.VIEW_AUDIT_LOG,
            *_PERPETRATORS,
        }
    ),
    # An administrator sees the whole register; no case is ever an administrator's own.
    Role.ADMIN: frozenset(set(Permission) - {Permission.VIEW_OWN_PERPETRATORS}),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
