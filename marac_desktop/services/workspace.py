"""An unlocked database with its signed-in user: permission checks and the audit mechanism.

Every public service function that takes a Workspace says who may call it with ``@requires``:
the decorator both enforces the rule (before the function runs) and records it in
``DECLARED``, which the role tests read, so what is declared and what is enforced are one thing.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.domain.permissions import Permission, allows
from marac_desktop.domain.users import User
from marac_desktop.errors import PermissionDeniedError, UserFacingError
from marac_desktop.services import audit_witness
from marac_desktop.services.audit_witness import RECOVERY_ACTOR
from marac_desktop.storage import audit_log
from marac_desktop.storage.audit_log import AuditSigner, ChainHead
from marac_desktop.storage.database import Database, EncryptedDatabase

__all__ = ["RECOVERY_ACTOR", "Workspace"]


class Anyone(StrEnum):
    """Declarations for work that needs no particular permission."""

    SESSION = "any session"  # any signed-in account, and the recovery code
    ACCOUNT = "any account"  # any signed-in account, not the recovery code


Rule = Permission | Anyone
DECLARED: dict[str, Rule] = {}
"""'module.function' -> who may call it, filled by ``@requires``."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


class FileOnlyError(UserFacingError):
    """Work that only an encrypted file has (its key, slots and backups), asked of a server."""


@dataclass
class Workspace:
    """What a signed-in session holds. ``user`` is None when opened with the recovery code.

    ``path`` is the encrypted file's, or None on a partnership server (``database.kind``).
    """

    path: Path | None
    database: Database
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
    """Working data kept while unlocked; emptied on close."""

    @property
    def on_server(self) -> bool:
        return self.database.kind == "server"

    @property
    def location(self) -> str:
        """Where the data is, as the window names it: the file's name, or the server's."""
        return self.database.label

    @property
    def file(self) -> EncryptedDatabase:
        """The encrypted file, for the work only a file has; on a server, one sentence."""
        if isinstance(self.database, EncryptedDatabase):
            return self.database
        raise FileOnlyError(
            "This is done by the server's operator on a partnership server (its key, copies "
            "and backups are the server's); see docs/server.md."
        )

    @property
    def file_path(self) -> Path:
        return self.file.path

    @property
    def actor(self) -> str:
        return self.user.username if self.user else RECOVERY_ACTOR

    @property
    def editor(self) -> str:
        """The account's name as a record's ``changed_by`` keeps it: never case data."""
        return self.user.display_name or self.user.username if self.user else RECOVERY_ACTOR

    @property
    def is_recovery(self) -> bool:
        return self.user is None

    def can(self, permission: Permission) -> bool:
        if self.user is None:
            return permission is Permission.MANAGE_USERS
        return allows(self.user.role, permission)

    def permits(self, rule: Rule) -> bool:
        if rule is Anyone.SESSION:
            return True
        if rule is Anyone.ACCOUNT:
            return self.user is not None
        return self.can(rule)

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
            audit_witness.save_witness(self.file, self.slot_name, self.signer, check.head)
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.cache.clear()
            self.database.close()
            self.closed = True


def requires(rule: Rule) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Refuse (and audit the refusal) before the function runs unless the session permits
    ``rule``; the function's first parameter must be the workspace."""

    def declare(function: Callable[_P, _R]) -> Callable[_P, _R]:
        first = next(iter(inspect.signature(function).parameters), "")
        if first != "workspace":
            raise TypeError(f"{function.__qualname__} must take the workspace first")

        @functools.wraps(function)
        def checked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            workspace = args[0] if args else kwargs["workspace"]
            assert isinstance(workspace, Workspace)
            if isinstance(rule, Permission):
                workspace.require(rule)
            elif not workspace.permits(rule):
                workspace.audit(
                    AuditAction.PERMISSION_DENIED, "permission", rule.value, outcome="denied"
                )
                raise PermissionDeniedError("Sign in as a user to do this.")
            return function(*args, **kwargs)

        DECLARED[f"{function.__module__}.{function.__qualname__}"] = rule
        return checked

    return declare
