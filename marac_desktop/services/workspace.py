"""An unlocked database with its signed-in user: permission checks and the audit mechanism."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.domain.permissions import Permission, allows
from marac_desktop.domain.users import User
from marac_desktop.errors import PermissionDeniedError
from marac_desktop.storage import audit_log
from marac_desktop.storage.database import EncryptedDatabase

RECOVERY_ACTOR = "recovery-code"


@dataclass
class Workspace:
    """What a signed-in session holds. ``user`` is None when opened with the recovery code."""

    path: Path
    database: EncryptedDatabase
    user: User | None
    kdf: KdfParams
    closed: bool = field(default=False)
    cache: dict[str, object] = field(default_factory=dict)
    """Working data kept while unlocked (such as the match index); emptied on close."""

    @property
    def actor(self) -> str:
        return self.user.username if self.user else RECOVERY_ACTOR

    @property
    def is_recovery(self) -> bool:
        return self.user is None

    def can(self, permission: Permission) -> bool:
        if self.user is None:
            return permission is Permission.MANAGE_USERS
        return allows(self.user.role, permission)

    def require(self, permission: Permission) -> None:
        """Refuse (and audit the refusal) unless the user's role grants ``permission``."""
        if self.can(permission):
            return
        self.audit(AuditAction.PERMISSION_DENIED, "permission", permission.value, outcome="denied")
        role = self.user.role.label if self.user else "The recovery code"
        raise PermissionDeniedError(f"{role} accounts may not do this ({permission.value}).")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work; call ``record()`` inside it so the audit row commits with it."""
        with self.database.transaction() as session:
            yield session

    def record(
        self,
        session: Session,
        action: AuditAction,
        target_type: str = "",
        target_id: str = "",
        outcome: str = "ok",
        detail: str = "",
    ) -> None:
        audit_log.append(session, self.actor, action, target_type, target_id, outcome, detail)

    def audit(
        self,
        action: AuditAction,
        target_type: str = "",
        target_id: str = "",
        outcome: str = "ok",
        detail: str = "",
    ) -> None:
        with self.transaction() as session:
            self.record(session, action, target_type, target_id, outcome, detail)

    def lock(self) -> None:
        """Audit the lock, then drop the engine and zero the key."""
        if self.closed:
            return
        self.audit(AuditAction.LOCK)
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.cache.clear()
            self.database.close()
            self.closed = True
