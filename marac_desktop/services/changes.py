"""Whether anyone else has changed anything since a page last read: what keeps pages current
when several desktops share one database."""

from __future__ import annotations

from marac_desktop.domain.audit import ChangeCheck
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import audit_log


@requires(Anyone.SESSION)
def changes_since(workspace: Workspace, since: int | None = None) -> ChangeCheck:
    """Whether another account has saved a change after ``since`` (a ``head`` from an earlier
    check; None for the first); it says that something changed, never what."""
    with workspace.transaction() as session:
        return audit_log.changes_since(session, since, workspace.actor)
