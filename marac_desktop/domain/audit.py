"""Audit events: who did what to which record, never what the record says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class AuditAction(StrEnum):
    CREATE_DATABASE = "create_database"
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
    RECOVERY_UNLOCK = "recovery_unlock"
    USER_ADDED = "user_added"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    USER_REVOKED = "user_revoked"
    ROLE_CHANGED = "role_changed"
    USER_RENAMED = "user_renamed"
    REKEY = "rekey"
    SIGNING_KEY = "signing_key"
    REPAIR = "repair"
    BACKUP = "backup"
    RESTORE = "restore"
    VERIFY = "verify"
    MIGRATE = "migrate"
    SETTING_CHANGED = "setting_changed"
    PERMISSION_DENIED = "permission_denied"
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    EXPORT = "export"
    PRINT = "print"


QUIET_ACTIONS = frozenset(
    {
        AuditAction.UNLOCK,
        AuditAction.FAILED_UNLOCK,
        AuditAction.LOCK,
        AuditAction.RECOVERY_UNLOCK,
        AuditAction.SIGNING_KEY,
        AuditAction.BACKUP,
        AuditAction.VERIFY,
        AuditAction.PERMISSION_DENIED,
        AuditAction.VIEW,
        AuditAction.EXPORT,
        AuditAction.PRINT,
    }
)
"""Audited events that change no record a page shows: signing in and out, reading, copying."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target_type: str
    target_id: str
    outcome: str
    detail: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries the audit log page shows; an empty field or no day does not narrow."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    first_day: date | None = None
    last_day: date | None = None
    """Inclusive, in local days."""


@dataclass(frozen=True, slots=True)
class ChangeCheck:
    head: int
    """The newest row's id: where the next check starts."""
    changed: bool
    """Whether a row after the one asked from records someone else's change."""
