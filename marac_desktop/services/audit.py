"""Reading the audit log."""

from __future__ import annotations

from marac_desktop.domain.audit import AuditEntry
from marac_desktop.domain.permissions import Permission
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import audit_log


@requires(Permission.VIEW_AUDIT_LOG)
def recent_entries(workspace: Workspace, limit: int = 200) -> list[AuditEntry]:
    with workspace.transaction() as session:
        return audit_log.recent(session, limit)
