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
from marac_desktop.services import audit_witness
from marac_desktop.services.audit_witness import RECOVERY_ACTOR
from marac_desktop.storage import audit_log
from marac_desktop.storage.audit_log import AuditSigner, ChainHead
from marac_desktop.storage.database import EncryptedDatabase

__all__ = ["RECOVERY_ACTOR", "Workspace"]


@dataclass
class Workspace:
    """What a signed-in session holds. ``user`` is None when opened with the recovery code."""

    path: Path
    database: EncryptedDatabase
    user: User | None
    kdf: KdfParams
    signer: AuditSigner
    """Signs every audit row this session writes (the slot's own signing key)."""
    slot_name: str
    seen: ChainHead | None = None
    """The audit head this session last wrote into its slot; None while problems stand."""
    warnings: tuple[str, ...] = ()
    """Audit-log problems found at unlock, one sentence each."""
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
        audit_log.append(
            session,
            self.actor,
            action,
            target_type,
            target_id,
            outcome,
            detail,
            signer=self.signer,
        )

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
        """Audit the lock, move this account's last-seen head to it, then drop the key."""
        if self.closed:
            return
        with self.transaction() as session:
            self.record(session, AuditAction.LOCK)
            check = audit_log.verify_chain(session, self.seen) if self.seen is not None else None
        if check is not None and not check.problems and check.head is not None:
            audit_witness.save_witness(self.database, self.slot_name, self.signer, check.head)
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.cache.clear()
            self.database.close()
            self.closed = True
