"""The protective marking every document prints: the area's marking and, on a demonstration
database, a notice that the people in it are not real."""

from __future__ import annotations

from marac_desktop.services import demo, meeting_settings
from marac_desktop.services.workspace import Anyone, Workspace, requires


@requires(Anyone.SESSION)
def protective_marking(workspace: Workspace) -> str:
    area_marking = meeting_settings.load_meeting_settings(workspace).protective_marking
    if demo.is_demo_database(workspace):
        return f"{area_marking} · {demo.DEMO_NOTICE}"
    return area_marking
